package fold_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/diachi-vn/diachi/address/fold"
)

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Thành phố Hồ Chí Minh", "thanh pho ho chi minh"},
		{"  Phố   Trần Duy Hưng ", "pho tran duy hung"},
		{"Hoà", "hoa"}, {"Hòa", "hoa"}, {"Ho\u0300a", "hoa"}, // precomposed or not
		{"Đắk", "dak"}, {"Đăk", "dak"}, {"\u00d0ak", "dak"}, // Ð, a look-alike of Đ
		{"Cư M'gar", "cu mgar"}, {"Ea M’Droh", "ea mdroh"},
		{"P.14,Q.10", "p 14 q 10"}, {"130/20/2", "130 20 2"},
		{"", ""}, {" - ", ""},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, fold.Key(tc.in), "%q", tc.in)
	}
	assert.Equal(t, "ha noi", string(fold.AppendKey([]byte("ha"), "Nội")), "a space before what follows a word")
	assert.Equal(t, "ngo", string(fold.AppendWord(nil, "Ngõ")))
	assert.Equal(t, "hanoi", string(fold.AppendWord(nil, "Hà Nội")))
	assert.Equal(t, "phường14", string(fold.AppendLower(nil, "Phường 14")))
	assert.Equal(t, "đàlạt", string(fold.AppendLower(nil, "\u00d0à La\u0323t")))
}

func TestPlain(t *testing.T) {
	assert.Equal(t, "Phuong Dong Da, Ha Noi", fold.Plain("Phường Đống Đa, Hà Nội"))
	assert.Equal(t, "So 12/3 ngo 4, P. Trung Hoa", fold.Plain("Số 12/3 ngõ 4, P. Trung Hòa"))
	assert.Equal(t, "Ea M'Droh", fold.Plain("Ea M'Droh"))
}

// FuzzForms: the one-pass forms of a word are the two forms made apart;
// a key is lower-case ASCII letters, digits and single spaces, and the
// key of a key is itself.
func FuzzForms(f *testing.F) {
	for _, s := range []string{"Hà", "Nội", "ĐắkLắk", "Cư M'gar", "HOÀ", "Ðà", "P14", "hoa\u0300", "Ｑ１", "ÆØ", "x\u00ff", "Phường 14, Q.10",
		norm.NFD.String("Nguyễn Thị Ánh, Đặng Hưởng"), "a\u0301\u0323", "á\u0323", "ạ\u0301", "\u0301a", "A\u030a", "Ô\u0301 ê\u0300", norm.NFD.String("Phường Ấp Ặng Ợ Ựa")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		require.Equal(t, lowerByNorm(s), string(fold.AppendLower(nil, s)), "letters of %q", s)
		k, l := fold.AppendForms(nil, nil, s)
		require.Equal(t, string(fold.AppendWord(nil, s)), string(k), "key of %q", s)
		require.Equal(t, string(fold.AppendLower(nil, s)), string(l), "letters of %q", s)
		key := fold.Key(s)
		for i := 0; i < len(key); i++ {
			c := key[i]
			ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ' && i > 0 && i < len(key)-1 && key[i-1] != ' '
			require.True(t, ok, "key %q of %q", key, s)
		}
		require.Equal(t, key, fold.Key(key), "key of a key")
		require.Equal(t, strings.ReplaceAll(key, " ", ""), string(fold.AppendWord(nil, s)))
		if utf8.ValidString(s) {
			require.True(t, norm.NFC.IsNormal(l), "lower form of %q in NFC", s)
		}
		if latin(s) {
			p := fold.Plain(s)
			require.Equal(t, key, fold.Key(p), "plain text keeps its key: %q", s)
		}
	})
}

// lowerByNorm is AppendLower made the long way: the whole text composed
// by package norm, then its letters and digits in lower case.
func lowerByNorm(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == 0xD0 || r == 0xF0 || r == 0x189:
			b.WriteString("đ")
		case r >= 0x80 && unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// latin reports whether s is written in ASCII, the precomposed Latin
// blocks and the combining diacritics: the text of Vietnamese addresses.
func latin(s string) bool {
	for _, r := range s {
		if !(r < 0x250 || r >= 0x300 && r <= 0x36F || r >= 0x1E00 && r < 0x1F00) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// The Append functions allocate nothing for text in NFC when dst has the
// room, as the package doc says.
func TestAppendAllocs(t *testing.T) {
	key, lower := make([]byte, 0, 256), make([]byte, 0, 256)
	s := "Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội"
	for name, fn := range map[string]func(){
		"AppendKey":   func() { fold.AppendKey(key[:0], s) },
		"AppendWord":  func() { fold.AppendWord(key[:0], s) },
		"AppendLower": func() { fold.AppendLower(lower[:0], s) },
		"AppendForms": func() { fold.AppendForms(key[:0], lower[:0], s) },
	} {
		assert.Zero(t, testing.AllocsPerRun(100, fn), name)
	}
}

// Toneless drops the tones only: where the tone sits does not matter, the
// letters' own marks do.
func TestToneless(t *testing.T) {
	assert.Equal(t, "hoa", fold.Toneless("Hoá"))
	assert.Equal(t, fold.Toneless("Hoá"), fold.Toneless("Hóa"))
	assert.Equal(t, "thanh", fold.Toneless("Thạnh"))
	assert.Equal(t, "đôâ", fold.Toneless("Đỗầ"))
	assert.NotEqual(t, fold.Toneless("Đoa"), fold.Toneless("Đỗầ"))
	assert.Equal(t, fold.Toneless("Hoá"), fold.Toneless(norm.NFD.String("Hoá")), "decomposed input")
}

// tonelessSqueezed is what TonelessEqual compares: Toneless of the text
// without spaces, dots and hyphens.
func tonelessSqueezed(s string) string {
	return fold.Toneless(strings.Map(func(r rune) rune {
		if tonelessSkip(r) {
			return -1
		}
		return r
	}, s))
}

func tonelessSkip(r rune) bool { return r == ' ' || r == '.' || r == '-' }

// TestTonelessEqual: TonelessEqual answers as comparing the Toneless
// forms does, precomposed or not, with the skipped runes anywhere.
func TestTonelessEqual(t *testing.T) {
	pairs := [][2]string{
		{"Hoá", "Hóa"}, {"T.Hoá", "T Hóa"}, {"Thạnh", "thanh"}, {"Đỗầ", "Đoa"}, {"Đỗầ", "đôâ"},
		{"Bình-Thạnh", "Bình Thạnh"}, {norm.NFD.String("Hoá"), "Hóa"}, {"Hoá", norm.NFD.String("HÓA")},
		{"", ""}, {"...", ""}, {"a", ""}, {"İstanbul", "istanbul"}, {"Ωmega", "ωmega"}, {"Ä", "a"},
		{"Hoà", "Hòa"}, {"Ngô", "Ngõ"}, {"Nga", "Ngà"}, {"x", "y"},
	}
	for _, p := range pairs {
		want := tonelessSqueezed(p[0]) == tonelessSqueezed(p[1])
		assert.Equal(t, want, fold.TonelessEqual(p[0], p[1], tonelessSkip), "%q %q", p[0], p[1])
		assert.Equal(t, want, fold.TonelessEqual(p[1], p[0], tonelessSkip), "%q %q", p[1], p[0])
	}
	assert.True(t, fold.TonelessEqual("T.Hoá", "Hóa", func(r rune) bool { return r == 'T' || r == '.' }))
	assert.False(t, fold.TonelessEqual("Đỗầ", "Đoa", tonelessSkip))
	// Every precomposed letter against its decomposed form and the bare
	// letter.
	for r := rune(0xC0); r < 0x1F00; r++ {
		if r == 0x250 {
			r = 0x1E00
		}
		s := string(r)
		for _, o := range []string{norm.NFD.String(s), strings.ToUpper(s), fold.Key(s), s + "a"} {
			assert.Equal(t, tonelessSqueezed(s) == tonelessSqueezed(o), fold.TonelessEqual(s, o, tonelessSkip), "%q %q", s, o)
		}
	}
}

func FuzzTonelessEqual(f *testing.F) {
	f.Add("T.Hoá", "Hóa")
	f.Add("Đỗầ", "Đoa")
	f.Add(norm.NFD.String("Thạnh"), "thanh")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		if got, want := fold.TonelessEqual(a, b, tonelessSkip), tonelessSqueezed(a) == tonelessSqueezed(b); got != want {
			t.Fatalf("TonelessEqual(%q, %q) = %v, Toneless forms compare %v", a, b, got, want)
		}
	})
}

// Every letter with one Vietnamese mark after it, or more, between
// letters, is composed as package norm composes it.
func TestAppendLowerComposes(t *testing.T) {
	for _, block := range [][2]rune{{0x20, 0x80}, {0xC0, 0x250}, {0x1E00, 0x1F00}} {
		for r := block[0]; r < block[1]; r++ {
			if s := norm.NFD.String(string(r)) + "n" + norm.NFD.String(string(r)); string(fold.AppendLower(nil, s)) != lowerByNorm(s) {
				t.Fatalf("AppendLower(%q) = %q, norm makes %q", s, fold.AppendLower(nil, s), lowerByNorm(s))
			}
			for _, mk := range "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b" {
				for _, s := range []string{string(r) + string(mk), "x" + string(r) + string(mk) + "Ư", "ơ" + string(r) + string(mk) + string(r) + string(mk),
					string(r) + string(mk) + "\u0301", string(r) + string(mk) + "\u0323", string(r) + string(mk) + "\u0302\u0300", string(r) + "\u031b" + string(mk)} {
					if got, want := string(fold.AppendLower(nil, s)), lowerByNorm(s); got != want {
						t.Fatalf("AppendLower(%q) = %q, norm makes %q", s, got, want)
					}
				}
			}
		}
	}
}
