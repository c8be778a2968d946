package nfc

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Every rune IsNormal decides alone must be NFC on its own and a starter
// that nothing before it composes with; otherwise the shortcut is wrong.
func TestFastRunesAreStableStarters(t *testing.T) {
	for r := rune(0); r < 0x2000; r++ {
		if !fast(r) {
			continue
		}
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
			t.Errorf("U+%04X is not a stable NFC starter", r)
		}
		// Nor does any letter before it compose with it.
		for _, prev := range []string{"a", "A", "e", "o", "u", "ư", "ơ", "â"} {
			if !norm.NFC.IsNormalString(prev + s) {
				t.Errorf("%q + U+%04X is not NFC", prev, r)
			}
		}
	}
}

func TestIsNormal(t *testing.T) {
	for _, s := range []string{
		"", "Hà Nội", "Phường Trung Hòa", "Thành phố Hồ Chí Minh", "Ha Noi",
		norm.NFD.String("Hà Nội"), "Hoa\u0300", "A\u030a", "\u212b", "\uac00\u11a8", "Đắk Lắk", "ﬁ",
		"Ho\u0300a", string([]byte{0xff, 'a'}), "Việt Nam \u0301",
	} {
		if got, want := IsNormal(s), norm.NFC.IsNormalString(s); got != want {
			t.Errorf("IsNormal(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestString(t *testing.T) {
	for _, s := range []string{
		"", "Hà Nội", "Phường Trung Hòa", "Ha Noi", norm.NFD.String("Hà Nội"), "Hoa\u0300", "A\u030a", "\u212b",
		"\uac00\u11a8", "Đắk Lắk", "ﬁ", "Ho\u0300a", string([]byte{0xff, 'a'}), "Việt Nam \u0301", "a\u0323\u0302",
	} {
		if got, want := String(s), norm.NFC.String(s); got != want {
			t.Errorf("String(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzIsNormal(f *testing.F) {
	for _, s := range []string{"Hà Nội", norm.NFD.String("Hồ Chí Minh"), "\u212b", "a\u0300\u0323"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsNormal(s), norm.NFC.IsNormalString(s); got != want {
			t.Fatalf("IsNormal(%q) = %v, norm says %v (valid UTF-8: %v)", s, got, want, utf8.ValidString(s))
		}
		if got, want := String(s), norm.NFC.String(s); got != want {
			t.Fatalf("String(%q) = %q, norm makes %q", s, got, want)
		}
	})
}

func BenchmarkIsNormal(b *testing.B) {
	s := "Số 12 ngõ 34 ngách 56 phố Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Hà Nội"
	b.Run("diachi", func(b *testing.B) {
		for b.Loop() {
			IsNormal(s)
		}
	})
	b.Run("norm", func(b *testing.B) {
		for b.Loop() {
			norm.NFC.IsNormalString(s)
		}
	})
}
