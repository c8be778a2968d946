// Package nfc answers whether text is in Unicode Normalization Form C
// quickly for the text addresses are made of.
//
// Vietnamese written in precomposed letters is already NFC, and checking
// that through the general normalisation tables costs more than the rest
// of reading a unit's name. IsNormal scans ASCII and the precomposed Latin
// blocks (U+00C0-U+024F, U+1E00-U+1EFF: every Vietnamese letter) itself,
// every one of which is a starter that neither decomposes nor composes
// with what precedes it, and leaves any other text to
// golang.org/x/text/unicode/norm. The tests hold both answers equal.
package nfc

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// IsNormal reports whether s is in NFC, exactly as norm.NFC.IsNormalString.
func IsNormal(s string) bool {
	return allFast(s) || norm.NFC.IsNormalString(s)
}

// String returns s in NFC, exactly as norm.NFC.String: s itself when
// IsNormal tells so by its own scan, else what norm makes of it (norm
// checks again, so s is not checked twice through its tables).
func String(s string) string {
	if allFast(s) {
		return s
	}
	return norm.NFC.String(s)
}

// allFast reports whether every rune of s is in a block IsNormal decides
// alone (and so s is in NFC).
func allFast(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !fast(r) {
			return false
		}
		i += n
	}
	return true
}

// fast reports whether r is in a block IsNormal decides alone.
func fast(r rune) bool {
	return r >= 0xC0 && r < 0x250 || r >= 0x1E00 && r < 0x1F00
}
