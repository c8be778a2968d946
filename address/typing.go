package address

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text typed without an input method's conversion keeps its keys: Telex
// writes "Nguyeenx Trasi" for "Nguyễn Trãi" (doubled vowels and w for
// the marks, s f r x j for the tones), VNI "Ngu6ye64n Tra4i" (digits 1 to
// 9). A word is read as typed only when what its keys make is one
// Vietnamese syllable and the word as written is none: "Times", "QL1A"
// or "P12" stay as they are. Telex words are read so only in a text with
// two words that are surely Telex (a doubled vowel or d, or a w: names
// such as "Mường Toong" or "La Ee" have one); a word whose only key is a
// VNI tone digit at its end ("Ha2") only in a text with a word that is
// surely VNI (a digit inside its letters: "No65i"), as "Thon4" or "To5"
// are more often a place and its number glued.

// typedText says which keys the words of a text show surely.
type typedText struct{ vni, telex, any bool }

// scanTyping looks for words that are surely VNI or Telex in s. It reads
// the bytes once, and the words only where a key may be.
func scanTyping(s string) typedText {
	var t typedText
	telex := 0 // words surely Telex
	for i := 0; i < len(s); {
		for i < len(s) && asciiAlnum[s[i]] != asciiLetter {
			i++
		}
		if i == len(s) {
			break
		}
		j := i + 1
		for j < len(s) && asciiAlnum[s[j]] != 0 {
			j++
		}
		if j < len(s) && s[j] >= utf8.RuneSelf || i > 0 && s[i-1] >= utf8.RuneSelf {
			i = j // a word with diacritics is no typed one
			continue
		}
		if w := s[i:j]; mayBeTyped(w) {
			t.any = true
			if _, strong, ok := untypeTelex(w); ok && strong {
				telex++
			}
		}
		i = j
	}
	t.telex = telex >= 2
	if !t.any {
		return t
	}
	for i := 0; i+2 < len(s); i++ {
		c := s[i+1]
		if c >= '1' && c <= '9' && isASCIILetter(s[i]) && isASCIILetter(s[i+2]) {
			// A digit between letters: "No65i" has "o6" then "5i".
			j := i
			for j > 0 && isASCIILetter(s[j-1]) {
				j--
			}
			k := i + 2
			for k < len(s) && (isASCIILetter(s[k]) || s[k] >= '1' && s[k] <= '9') {
				k++
			}
			if _, ok := untypeVNI(s[j:k]); ok {
				t.vni = true
				return t
			}
		}
	}
	return t
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// asciiAlnum tells ASCII letters (asciiLetter) and digits (asciiDigit)
// from every other byte (0), for scanTyping's loops over every byte.
var asciiAlnum = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case isASCIILetter(byte(c)):
			t[c] = asciiLetter
		case c >= '0' && c <= '9':
			t[c] = asciiDigit
		}
	}
	return t
}()

const (
	asciiLetter = 1 + iota
	asciiDigit
)

// mayBeTyped reports whether an ASCII word shows a key: a digit after a
// letter, a doubled "aa", "ee", "oo" or "dd", a w, or a tone key after a
// vowel.
func mayBeTyped(w string) bool {
	for i := 1; i < len(w); i++ {
		c, p := w[i]|0x20, w[i-1]|0x20
		switch {
		case w[i] >= '1' && w[i] <= '9' && isASCIILetter(w[i-1]):
			return true
		case c == p && (c == 'a' || c == 'e' || c == 'o' || c == 'd'), c == 'w':
			return true
		case (c == 's' || c == 'f' || c == 'r' || c == 'x' || c == 'j') && strings.IndexByte("aeiouy", p) >= 0:
			return true
		}
	}
	return false
}

// untype is the word w as its keys make it, Telex or VNI; ok is false
// when w is not so typed.
func untype(w string, t typedText) (string, bool) {
	hasDigit, inside := false, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			hasDigit = true
			if i+1 < len(w) && isASCIILetter(w[i+1]) {
				inside = true
			}
		case !isASCIILetter(c):
			return "", false
		}
	}
	if hasDigit {
		if !inside && !t.vni {
			return "", false
		}
		return untypeVNI(w)
	}
	if !t.telex {
		return "", false
	}
	out, _, ok := untypeTelex(w)
	return out, ok
}

// A syllable's parts as the decoders make them: its letters (lower case,
// vowels with their marks but no tone) and the tone.
type tone uint8

const (
	toneNone tone = iota
	toneAcute
	toneGrave
	toneHook
	toneTilde
	toneDot
)

// untypeTelex reads a Telex word: "dd" đ, "aa" â, "ee" ê, "oo" ô, "aw"
// ă, "ow" ơ, "uw" ư (and "uow" ươ), a w after the final consonant for
// the vowels before it, a tone key after its vowel or at the end. strong
// is false for a word whose only key is a tone ("Hoaf", "Bus"): read so
// only in a text with a strong word.
func untypeTelex(w string) (out string, strong, ok bool) {
	lw := strings.ToLower(w)
	tn := toneNone
	switch lw[len(lw)-1] {
	case 's':
		tn = toneAcute
	case 'f':
		tn = toneGrave
	case 'r':
		tn = toneHook
	case 'x':
		tn = toneTilde
	case 'j':
		tn = toneDot
	}
	core := lw
	if tn != toneNone {
		core = lw[:len(lw)-1]
	}
	var b []rune
	keys := tn != toneNone
	for i := 0; i < len(core); i++ {
		c := core[i]
		if i+1 < len(core) {
			switch n := core[i+1]; {
			case c == 'd' && n == 'd':
				b, i, keys, strong = append(b, 'đ'), i+1, true, true
				continue
			case c == n && (c == 'a' || c == 'e' || c == 'o'):
				b, i, keys, strong = append(b, circumflex(rune(c))), i+1, true, true
				continue
			case n == 'w' && (c == 'a' || c == 'o' || c == 'u'):
				b, i, keys, strong = append(b, hornOrBreve(rune(c))), i+1, true, true
				continue
			}
		}
		if (c == 's' || c == 'f' || c == 'r' || c == 'x' || c == 'j') && tn == toneNone && len(b) > 0 && isVowel(b[len(b)-1]) && i+1 < len(core) {
			// A tone key after its vowel, inside the word ("Trasi",
			// "Quaajn"): no consonant of a syllable follows a vowel so.
			tn, keys = toneKeys[c], true
			continue
		}
		if c == 'w' {
			// A w after the consonants: the marks of the vowels before.
			k := len(b) - 1
			for k >= 0 && !isVowel(b[k]) {
				k--
			}
			if k < 0 {
				return "", false, false
			}
			for k >= 0 && isVowel(b[k]) {
				if m := hornOrBreve(b[k]); m != b[k] {
					b[k] = m
					keys, strong = true, true
				}
				k--
			}
			continue
		}
		b = append(b, rune(c))
	}
	if !keys {
		return "", false, false
	}
	// "uow" makes "ươ" before a final or a vowel ("trương", "người").
	for k := 0; k+2 < len(b); k++ {
		if b[k] == 'u' && b[k+1] == 'ơ' {
			b[k] = 'ư'
		}
	}
	out, ok = syllable(w, b, tn)
	return out, strong, ok
}

var toneKeys = map[byte]tone{'s': toneAcute, 'f': toneGrave, 'r': toneHook, 'x': toneTilde, 'j': toneDot}

// untypeVNI reads a VNI word: after a letter, 1 to 5 the tones (sắc,
// huyền, hỏi, ngã, nặng), 6 the circumflex, 7 the horn, 8 the breve, 9
// đ.
func untypeVNI(w string) (string, bool) {
	lw := strings.ToLower(w)
	tn := toneNone
	var b []rune
	for i := 0; i < len(lw); i++ {
		c := lw[i]
		if c < '0' || c > '9' {
			b = append(b, rune(c))
			continue
		}
		if len(b) == 0 || c == '0' {
			return "", false
		}
		switch c {
		case '1', '2', '3', '4', '5':
			if tn != toneNone {
				return "", false // two tones
			}
			tn = tone(c - '0')
		case '6', '7', '8':
			// The nearest vowel before that takes the mark; a horn takes
			// both of "uo" ("u7o7" or "uo7": ươ).
			k := len(b) - 1
			for k >= 0 && !takesMark(b[k], c) {
				k--
			}
			if k < 0 {
				return "", false
			}
			b[k] = markOf(b[k], c)
			if c == '7' && b[k] == 'ơ' && k > 0 && b[k-1] == 'u' {
				b[k-1] = 'ư'
			}
		case '9':
			k := len(b) - 1
			for k >= 0 && b[k] != 'd' {
				k--
			}
			if k < 0 {
				return "", false
			}
			b[k] = 'đ'
		}
	}
	return syllable(w, b, tn)
}

func takesMark(r rune, key byte) bool {
	switch key {
	case '6':
		return r == 'a' || r == 'e' || r == 'o'
	case '7':
		return r == 'o' || r == 'u'
	default: // '8'
		return r == 'a'
	}
}

func markOf(r rune, key byte) rune {
	switch key {
	case '6':
		return circumflex(r)
	case '7':
		return hornOrBreve(r)
	default:
		return 'ă'
	}
}

func circumflex(r rune) rune {
	switch r {
	case 'a':
		return 'â'
	case 'e':
		return 'ê'
	case 'o':
		return 'ô'
	}
	return r
}

func hornOrBreve(r rune) rune {
	switch r {
	case 'a':
		return 'ă'
	case 'o':
		return 'ơ'
	case 'u':
		return 'ư'
	}
	return r
}

func isVowel(r rune) bool { return strings.ContainsRune("aăâeêioôơuưy", r) }

// The consonants that open and close a Vietnamese syllable.
var (
	initials = map[string]bool{"": true, "b": true, "c": true, "ch": true, "d": true, "đ": true, "g": true, "gh": true,
		"gi": true, "h": true, "k": true, "kh": true, "l": true, "m": true, "n": true, "ng": true, "ngh": true,
		"nh": true, "p": true, "ph": true, "qu": true, "r": true, "s": true, "t": true, "th": true, "tr": true,
		"v": true, "x": true}
	finals = map[string]bool{"": true, "c": true, "ch": true, "m": true, "n": true, "ng": true, "nh": true, "p": true, "t": true}
)

// nuclei are the vowels a syllable may hold, without tones.
var nuclei = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range strings.Fields("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu") {
		m[v] = true
	}
	return m
}()

// syllable checks that letters b make one syllable (consonants, one to
// three vowels, consonants) and writes it with tone tn, in the case of
// w's first letter (the rest lower case, as typed words are).
func syllable(w string, b []rune, tn tone) (string, bool) {
	i := 0
	for i < len(b) && !isVowel(b[i]) {
		i++
	}
	init := string(b[:i])
	// "gi" and "qu" take their vowel: "giữa", "quận".
	if (init == "g" || init == "q") && i < len(b) && (b[i] == 'i' && init == "g" || b[i] == 'u' && init == "q") && i+1 < len(b) && isVowel(b[i+1]) {
		i++
		init = string(b[:i])
	}
	j := i
	for j < len(b) && isVowel(b[j]) {
		j++
	}
	nucleus, final := b[i:j], string(b[j:])
	if !initials[init] || !finals[final] || !nuclei[string(nucleus)] {
		return "", false
	}
	// The vowel that takes the tone: one with a mark (of "ươ", the ơ);
	// else the last before a final consonant; else the one before the
	// last of two or three ("hòa", "ngoài"), but "ia", "ua" on the first.
	k := -1
	for x, r := range nucleus {
		if strings.ContainsRune("ăâêôơư", r) {
			k = x
		}
	}
	switch {
	case k >= 0:
	case final != "" || len(nucleus) == 1:
		k = len(nucleus) - 1
	default:
		k = len(nucleus) - 2
	}
	if tn != toneNone {
		nucleus[k] = withTone(nucleus[k], tn)
	}
	out := norm.NFC.String(string(b[:i]) + string(nucleus) + final)
	if first, _ := utf8.DecodeRuneInString(w); first >= 'A' && first <= 'Z' {
		r, n := utf8.DecodeRuneInString(out)
		out = strings.ToUpper(string(r)) + out[n:]
	}
	return out, true
}

// withTone is vowel v with tone tn (combining marks, composed by the
// caller).
func withTone(v rune, tn tone) rune {
	marks := [...]string{"", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}
	r, _ := utf8.DecodeRuneInString(norm.NFC.String(string(v) + marks[tn]))
	return r
}
