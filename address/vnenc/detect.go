package vnenc

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// minHead is the length from which a sample is taken to be the head of a
// longer file (its last character may be cut); minWords, the words with
// non-ASCII letters below which no legacy encoding is named.
const (
	minHead  = 4096
	minWords = 3
)

// candidates are scored in this order, which also breaks ties: TCVN3 and
// VNI files are far more common in Vietnamese administrative data than
// Windows-1258 ones.
var candidates = [...]Encoding{TCVN3, VNI, Windows1258}

// Detect guesses the encoding of sample, a whole file or its first ~64 KB.
//
// Empty and pure ASCII samples give Unknown with confidence 0: ASCII reads
// the same in every encoding here, and callers should treat it as UTF-8.
// Valid UTF-8 (a truncated last character is allowed in a sample of 4 KiB
// or more, the head of a file) or a UTF-8 byte order mark gives UTF8 with
// confidence 1, since legacy Vietnamese text is
// practically never valid UTF-8 by accident. Otherwise each legacy encoding
// decodes the sample and scores the share of its words holding non-ASCII
// letters that are well-formed Vietnamese syllables (known onset, vowel
// group and final consonant, at most one tone, and only sắc or nặng before
// a stop), counting every unmapped byte as a bad word. The confidence
// falls when the runner-up scores close to the best and when there are few
// words; Unknown with 0 means no encoding produced a single syllable, or
// the sample has fewer than three words with non-ASCII letters.
func Detect(sample []byte) (Encoding, float64) {
	if len(sample) == 0 {
		return Unknown, 0
	}
	if bytes.HasPrefix(sample, bom) {
		return UTF8, 1
	}
	if isASCII(sample) {
		return Unknown, 0
	}
	// A multi-byte character cut off at the end is excused only in a sample
	// long enough to be the head of a file: a short text ending in a high
	// byte ("Huế" in TCVN3 ends in one) is a whole text.
	if utf8.Valid(sample) || len(sample) >= minHead && utf8.Valid(trimPartialRune(sample)) {
		return UTF8, 1
	}
	var (
		best          = Unknown
		s1, s2, words float64
	)
	for _, e := range candidates {
		s, n := score(tableFor(e), sample)
		switch {
		case s > s1:
			best, s1, s2, words = e, s, s1, n
		case s > s2:
			s2 = s
		}
	}
	if s1 == 0 || words < minWords {
		return Unknown, 0 // too little text to tell the encodings apart
	}
	conf := s1 * s1 / (s1 + s2) * words / (words + 1)
	return best, min(max(conf, 0), 1)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// trimPartialRune drops a multi-byte character cut off by the end of the
// sample, as happens when only the head of a file is read.
func trimPartialRune(b []byte) []byte {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < utf8.RuneSelf {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return b[:len(b)-k]
			}
			return b
		}
	}
	return b
}

// score decodes b with t and returns the share of plausible words among
// the words with non-ASCII letters plus unmapped bytes, and that count.
func score(t *table, b []byte) (float64, float64) {
	raw := make([]byte, 0, len(b)+len(b)/2)
	bad := 0
	for _, c := range b {
		switch s := t.dec[c]; {
		case c < utf8.RuneSelf:
			raw = append(raw, c)
		case s == "":
			bad++
			raw = utf8.AppendRune(raw, utf8.RuneError)
		default:
			raw = append(raw, s...)
		}
	}
	text := norm.NFC.Bytes(raw)
	var (
		tok         []rune
		words, good int
	)
	flush := func() {
		if len(tok) > 0 && !isASCIIRunes(tok) {
			words++
			if plausibleSyllable(tok) {
				good++
			}
		}
		tok = tok[:0]
	}
	for len(text) > 0 {
		r, n := utf8.DecodeRune(text)
		text = text[n:]
		if isSeparator(r) {
			flush()
			continue
		}
		tok = append(tok, r)
	}
	flush()
	if words+bad == 0 {
		return 0, 0
	}
	return float64(good) / float64(words+bad), float64(words)
}

func isASCIIRunes(rs []rune) bool {
	for _, r := range rs {
		if r >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isSeparator splits words at ASCII non-letters, spaces and general
// punctuation. Other non-ASCII symbols stay inside the word: a misread
// letter often decodes to one (TCVN3 "á" is "¸" in Windows-1258), and it
// must spoil the word rather than split it into innocent ASCII halves.
func isSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		return !isASCIILetter(r)
	}
	return unicode.IsSpace(r) || (r >= 0x2000 && r <= 0x206F)
}

func isASCIILetter(r rune) bool { return r|0x20 >= 'a' && r|0x20 <= 'z' }

var (
	onsets = set("", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m",
		"n", "ng", "ngh", "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x")
	nuclei = set("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
		"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa",
		"oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ",
		"uy", "ưa", "ươ", "ưi", "ưu", "yê",
		"iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya",
		"uyê", "uyu", "yêu")
	// k ends Central Highlands names such as Đắk Lắk.
	codas = set("", "c", "ch", "m", "n", "ng", "nh", "p", "t", "k")
	stops = set("c", "ch", "p", "t", "k")
)

func set(ss ...string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y':
		return true
	}
	return false
}

// plausibleSyllable reports whether word, in any letter case, is a
// well-formed Vietnamese syllable.
func plausibleSyllable(word []rune) bool {
	const maxLen = 8 // "nghiêng" is the longest syllable
	if len(word) > maxLen {
		return false
	}
	var (
		base  [maxLen]rune
		tones int
		tone  uint8
	)
	for i, r := range word {
		switch l, ok := letters[r]; {
		case r < utf8.RuneSelf && isASCIILetter(r):
			base[i] = r | 0x20
		case ok:
			base[i] = l.base
			if l.tone != toneNone {
				tones++
				tone = l.tone
			}
		default:
			return false
		}
	}
	if tones > 1 {
		return false
	}
	b := base[:len(word)]
	i := 0
	for i < len(b) && !isVowel(b[i]) {
		i++
	}
	j := i
	for j < len(b) && isVowel(b[j]) {
		j++
	}
	onset, nucleus, coda := string(b[:i]), b[i:j], string(b[j:])
	for _, r := range b[j:] {
		if isVowel(r) {
			return false
		}
	}
	switch {
	case onset == "g" && len(nucleus) > 1 && nucleus[0] == 'i':
		nucleus = nucleus[1:]
	case onset == "q":
		if len(nucleus) < 2 || nucleus[0] != 'u' {
			return false
		}
		nucleus = nucleus[1:]
	}
	if len(nucleus) == 0 || !onsets[onset] || !nuclei[string(nucleus)] || !codas[coda] {
		return false
	}
	return !stops[coda] || tone == toneAcute || tone == toneDot
}
