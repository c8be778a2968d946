package clean

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/diachi-vn/diachi/address/admin"
)

// confidenceText writes what FormatFloat writes: every hundredth, the
// halves between them (exact ties at an eighth) and the doubles on either
// side of each, numbers out of [0, 1] and random ones.
func TestConfidenceText(t *testing.T) {
	check := func(c float64) {
		t.Helper()
		if got, want := confidenceText(c), strconv.FormatFloat(c, 'f', 2, 64); got != want {
			t.Fatalf("confidenceText(%v) = %q, want %q", c, got, want)
		}
	}
	for _, c := range []float64{0, math.Copysign(0, -1), 1, -0.001, 1.001, 2, math.NaN(), math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64, 0.125, 0.375, 0.625, 0.875, 0.005, 0.015, 0.995} {
		check(c)
	}
	for k := 0; k <= 200; k++ {
		c := float64(k) / 200
		for _, d := range []float64{c, math.Nextafter(c, -1), math.Nextafter(c, 2)} {
			check(d)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		check(r.Float64())
	}
}

func FuzzConfidenceText(f *testing.F) {
	f.Add(0.5)
	f.Fuzz(func(t *testing.T, c float64) {
		if got, want := confidenceText(c), strconv.FormatFloat(c, 'f', 2, 64); got != want {
			t.Fatalf("confidenceText(%v) = %q, want %q", c, got, want)
		}
	})
}

// printableLetter holds only characters strconv prints as they are.
func TestPrintableLetter(t *testing.T) {
	for r := rune(0); r <= 0x2000; r++ {
		if printableLetter(r) && !strconv.IsPrint(r) {
			t.Errorf("printableLetter(%U), which strconv escapes", r)
		}
	}
}

// appendQuote writes what strconv.AppendQuote writes.
func TestAppendQuote(t *testing.T) {
	for _, s := range []string{"", "Hà Nội", "Q.1", `a"b`, `a\b`, "a\tb", "\x7f", "\xff", "Thạnh\xe1\xbb", "ǅ", "\u00ad", "\u0301", "Ho\u0300a", "\u2028", "😀", "\ufffd"} {
		checkQuote(t, s)
	}
}

func FuzzAppendQuote(f *testing.F) {
	f.Add("Số 12 ngõ 34")
	f.Fuzz(checkQuote)
}

func checkQuote(t *testing.T, s string) {
	if got, want := string(appendQuote([]byte("x"), s)), "x"+strconv.Quote(s); got != want {
		t.Fatalf("appendQuote(%q) = %s, want %s", s, got, want)
	}
}

// appendCode appends what Code.String returns, for codes of every level
// in both versions.
func TestAppendCode(t *testing.T) {
	n := 0
	for _, v := range []admin.Version{admin.Legacy, admin.V2025} {
		d := admin.Load(v)
		for _, l := range []admin.Level{admin.Province, admin.District, admin.Commune} {
			for _, u := range d.Units(l) {
				if got, want := string(appendCode([]byte("x"), u.Code)), "x"+u.Code.String(); got != want {
					t.Fatalf("appendCode(%v) = %q, want %q", u.Code, got, want)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no codes")
	}
	if got := string(appendCode([]byte("x"), admin.Code{})); got != "x" {
		t.Errorf("appendCode of the zero Code = %q", got)
	}
}
