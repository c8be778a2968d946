package address

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

// checkTextByRunes is checkText as the decoder of a range loop reads it.
func checkTextByRunes(s string) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				return &ParseError{Input: s, Pos: i, Msg: "invalid UTF-8"}
			}
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f:
			return &ParseError{Input: s, Pos: i, Msg: fmt.Sprintf("control character %U", r)}
		}
	}
	return nil
}

func sameCheck(t testing.TB, s string) {
	got, want := checkText(s), checkTextByRunes(s)
	if (got == nil) != (want == nil) || got != nil && got.Error() != want.Error() {
		t.Fatalf("checkText(%q) = %v, want %v", s, got, want)
	}
}

// checkText's inline reading of two- and three-byte characters agrees
// with the decoder on every pair of bytes that starts with a lead byte,
// alone, cut short and between letters, and on three-byte sequences with
// every second byte and third bytes at the edges of the ranges.
func TestCheckTextAsDecoder(t *testing.T) {
	for _, s := range []string{"", "Hà Nội", "a\tb\nc\r", "a\x00", "\x7f", "\x1f", "Thạnh\ufffd", "\xed\xa0\x80", "\xe0\x80\x80", "\xf0\x9f\x98\x80"} {
		sameCheck(t, s)
	}
	for c0 := 0xC0; c0 <= 0xFF; c0++ {
		for c1 := 0; c1 <= 0xFF; c1++ {
			b := []byte{byte(c0), byte(c1)}
			sameCheck(t, string(b))
			sameCheck(t, "x"+string(b[:1])+"y")
			if c0 < 0xE0 || c0 > 0xEF {
				continue
			}
			for _, c2 := range []byte{0, 'A', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff} {
				b := []byte{'a', byte(c0), byte(c1), c2, 'b'}
				sameCheck(t, string(b))
				sameCheck(t, string(b[1:4]))
			}
		}
	}
}

func FuzzCheckTextAsDecoder(f *testing.F) {
	f.Add("Số 12 ngõ 34, Hà Nội")
	f.Add("a\xe1\xbb")
	f.Fuzz(func(t *testing.T, s string) { sameCheck(t, s) })
}
