package fold

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/diachi-vn/diachi/internal/nfc"
)

// Key returns the matching key of s: lower-case ASCII letters and digits,
// every other run of characters (spaces, punctuation, hyphens) as one
// space, diacritics and combining marks dropped, đ and its look-alikes
// (Ð, ð) as d, apostrophes inside names (Cư M'gar) joining the parts.
// "Thành phố Hồ Chí Minh" and "thanh pho ho chi minh" fold alike, so do
// "Hoà" and "Hòa", "Đắk", "Đăk" and "Đak". The key is for comparing and
// indexing only; never show it in place of the text the user gave.
func Key(s string) string { return string(AppendKey(nil, s)) }

// AppendKey appends the [Key] of s to dst, with one space between it and
// what dst ends with when that is not a space.
func AppendKey(dst []byte, s string) []byte {
	t := tables
	space := len(dst) > 0 && dst[len(dst)-1] != ' '
	emit := func(c byte) {
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			emit(byte(r))
		case r >= 'A' && r <= 'Z':
			emit(byte(r) + 'a' - 'A')
		case r >= 0x300 && r <= 0x36F: // combining marks
		case r >= 0xC0 && r < 0x250 && t.base[0][r-0xC0] != 0:
			emit(t.base[0][r-0xC0])
		case r >= 0x1E00 && r < 0x1F00 && t.base[1][r-0x1E00] != 0:
			emit(t.base[1][r-0x1E00])
		case r == '\'' || r == '’' || r == 'ʼ':
			// Apostrophes inside names (Cư M'gar) join the parts.
		default:
			if len(dst) > 0 {
				space = true
			}
		}
	}
	return dst
}

// AppendWord appends the [Key] of s without its spaces to dst: the key of
// one word ("Ngõ" -> "ngo") or of a name written glued or apart ("Hà
// Nội", "HàNội" -> "hanoi").
func AppendWord(dst []byte, s string) []byte {
	// Key's letters alone: what Key writes as a space (or joins, or
	// drops) is nothing here, so there is no space to write and take out.
	t := tables
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			dst = append(dst, c)
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n - 1
			switch {
			case r >= 0xC0 && r < 0x250 && t.base[0][r-0xC0] != 0:
				dst = append(dst, t.base[0][r-0xC0])
			case r >= 0x1E00 && r < 0x1F00 && t.base[1][r-0x1E00] != 0:
				dst = append(dst, t.base[1][r-0x1E00])
			}
		}
	}
	return dst
}

// AppendLower appends the letters and digits of s to dst in lower case,
// NFC, without spaces or punctuation, diacritics kept ("Phường 14" ->
// "phường14"); Ð, ð and Ɖ, look-alikes of Đ, are written đ.
func AppendLower(dst []byte, s string) []byte {
	if !isASCII(s) {
		var b [128]byte
		if len(s) <= len(b)/2 {
			if c, ok := appendNFC(b[:0], s); ok {
				for len(c) > 0 {
					r, n := utf8.DecodeRune(c)
					dst, c = appendLowerRune(dst, r), c[n:]
				}
				return dst
			}
		}
		s = nfc.String(s)
	}
	for _, r := range s {
		dst = appendLowerRune(dst, r)
	}
	return dst
}

// appendLowerRune is AppendLower of the one rune r.
func appendLowerRune(dst []byte, r rune) []byte {
	switch {
	case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		dst = append(dst, byte(r))
	case r >= 'A' && r <= 'Z':
		dst = append(dst, byte(r)+'a'-'A')
	case r == 0xD0 || r == 0xF0 || r == 0x189: // look-alikes of Đ
		dst = append(dst, "đ"...)
	case r >= 0x80 && unicode.IsLetter(r):
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// Text written with its diacritics as combining marks (decomposed, as
// some systems and keyboards make it) is composed by package norm at a
// cost of thousands of instructions a word. Vietnamese so written puts
// at most two marks on a letter, one of its own (â ă ơ…) and a tone:
// NFC composes the letter with the first mark, and that letter with the
// second, which a table made once from package norm holds. (NFC makes
// text that is canonically equivalent the same: a letter and a mark
// composed, then the next mark, is what it makes of the three.)

// marks are the combining marks of Vietnamese: the five tones, then the
// circumflex, the breve and the horn.
const marks = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031B"

func isMark(r rune) bool {
	switch r {
	case 0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x306, 0x31B:
		return true
	}
	return false
}

// composed holds what NFC makes of a letter marks are put on (ASCII; a
// vowel with its own mark, â ê ô ă ơ ư; a vowel with the dot below,
// which sorts before the others, ạ ẹ ọ) followed by one of marks: made
// when first asked.
var composed = sync.OnceValue(func() map[[2]rune]string {
	m := map[[2]rune]string{}
	for _, r := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÂÊÔĂƠƯâêôăơưẠẸỌạẹọ" {
		for _, mk := range marks {
			m[[2]rune{r, mk}] = norm.NFC.String(string(r) + string(mk))
		}
	}
	return m
})

// appendNFC appends s in NFC to dst, as norm.NFC does, when every rune
// of s is ASCII or of the precomposed Latin blocks (stable starters,
// internal/nfc) but for marks after a letter composed holds, each
// composed with it into a letter composed holds but the last; ok is
// false for any other text.
func appendNFC(dst []byte, s string) (out []byte, ok bool) {
	var m map[[2]rune]string
	from := 0 // s[from:i] is to be copied as it is
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
			if !(r >= 0xC0 && r < 0x250 || r >= 0x1E00 && r < 0x1F00) {
				return dst, false // a mark first, or another block
			}
		}
		j := i + n
		mk, n2 := utf8.DecodeRuneInString(s[j:])
		if !isMark(mk) {
			i = j
			continue
		}
		if m == nil {
			m = composed()
		}
		dst = append(dst, s[from:i]...)
		for {
			c, ok := m[[2]rune{r, mk}]
			if !ok {
				return dst, false
			}
			j += n2
			mk, n2 = utf8.DecodeRuneInString(s[j:])
			if !isMark(mk) {
				dst = append(dst, c...)
				break
			}
			// Another mark: on the letter made, which must be one.
			if r, n = utf8.DecodeRuneInString(c); n != len(c) {
				return dst, false
			}
		}
		i, from = j, j
	}
	return append(dst, s[from:]...), true
}

// AppendForms appends to key the folded form of the word s (as
// [AppendWord]) and to lower its letters and digits (as [AppendLower]), in
// one pass: the two forms a reader needs of every word.
func AppendForms(key, lower []byte, s string) ([]byte, []byte) {
	t := tables
	k0, l0 := len(key), len(lower)
	// Text in ASCII and the precomposed Latin blocks is in NFC whatever
	// its letters (internal/nfc); anything else is checked once, at its
	// first rune, and a word not composed is composed first.
	checked := false
	if isASCII(s) {
		// Most words: the key and the written letters are the same.
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				key = append(key, c)
			case c >= 'A' && c <= 'Z':
				key = append(key, c+'a'-'A')
			}
		}
		return key, append(lower, key[k0:]...)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				key, lower = append(key, c), append(lower, c)
			case c >= 'A' && c <= 'Z':
				key, lower = append(key, c+'a'-'A'), append(lower, c+'a'-'A')
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= 0x300 && r <= 0x36F {
			// Combining marks: the written form needs composing.
			return AppendWord(key[:k0], s), AppendLower(lower[:l0], s)
		}
		var f byte
		var lr rune
		switch {
		case r >= 0xC0 && r < 0x250:
			f, lr = t.base[0][r-0xC0], rune(t.lower[r-0xC0])
		case r >= 0x1E00 && r < 0x1F00:
			f, lr = t.base[1][r-0x1E00], rune(t.lower[0x190+r-0x1E00])
		default:
			if !checked {
				checked = true
				if !nfc.IsNormal(s) {
					return AppendWord(key[:k0], s), AppendLower(lower[:l0], s)
				}
			}
		}
		switch {
		case f != 0:
			key = append(key, f)
			if r == 0xD0 || r == 0xF0 || r == 0x189 { // look-alikes of Đ
				lower = append(lower, "đ"...)
			} else {
				lower = utf8.AppendRune(lower, lr)
			}
		case r == '’':
		case r == 0x189: // Ɖ, a look-alike of Đ in the written form only
			lower = append(lower, "đ"...)
		case unicode.IsLetter(r):
			// Letters of other scripts: no key, kept in the written form.
			lower = utf8.AppendRune(lower, unicode.ToLower(r))
		}
		i += n
	}
	return key, lower
}

// Plain returns s without its Vietnamese diacritics, Đ written D, case,
// spaces and punctuation kept: "Phường Đống Đa" becomes "Phuong Dong Da".
// It is text to show where only ASCII letters can be (a postal label, an
// old system), not a key.
func Plain(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'Đ' || r == 'Ð':
			b.WriteByte('D')
		case r == 'đ' || r == 'ð':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Toneless returns s in lower case without its tone marks (huyền, sắc,
// hỏi, ngã, nặng), the letters' own marks kept (â ă ê ô ơ ư đ), in NFC:
// "Hoá" and "Hóa" are both "hoa", "Đỗầ" is "đôâ". Two spellings of a word
// that differ only where the tone is placed compare equal.
func Toneless(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch r {
		case 0x300, 0x301, 0x303, 0x309, 0x323:
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// TonelessEqual reports whether a and b are the same letters in
// [Toneless] form once the runes skip names are taken out of each:
// Toneless(a without them) == Toneless(b without them), without making
// either string for text in precomposed (NFC) Latin letters.
func TonelessEqual(a, b string, skip func(rune) bool) bool {
	if tonelessByTable(a) && tonelessByTable(b) {
		i, j := 0, 0
		for {
			ra, na := nextToneless(a, i, skip)
			rb, nb := nextToneless(b, j, skip)
			if ra != rb {
				return false
			}
			if ra < 0 {
				return true // both at their end
			}
			i, j = na, nb
		}
	}
	// A combining mark, or a letter outside the table: the long way.
	strip := func(t string) string {
		return strings.Map(func(r rune) rune {
			if skip(r) {
				return -1
			}
			return r
		}, t)
	}
	return Toneless(strip(a)) == Toneless(strip(b))
}

// tonelessByTable reports whether every rune of s is ASCII or a
// precomposed letter whose Toneless form the table holds: then Toneless
// works rune by rune (no mark composes across letters).
func tonelessByTable(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x80:
		case r >= 0xC0 && r < 0x250 && tables.toneless[r-0xC0] != 0:
		case r >= 0x1E00 && r < 0x1F00 && tables.toneless[0x190+r-0x1E00] != 0:
		default:
			return false
		}
	}
	return true
}

// nextToneless returns the Toneless form of the first rune of s[i:] that
// skip does not name, or -1 at the end, and where to go on from. s is
// tonelessByTable.
func nextToneless(s string, i int, skip func(rune) bool) (rune, int) {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case skip(r):
		case r < 0x80:
			return unicode.ToLower(r), i
		case r < 0x250:
			return rune(tables.toneless[r-0xC0]), i
		default:
			return rune(tables.toneless[0x190+r-0x1E00]), i
		}
	}
	return -1, i
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tables hold, for the precomposed Latin letters (U+00C0-U+024F and
// U+1E00-U+1EFF, every Vietnamese letter among them), their lower-case
// ASCII base letter (base) and their lower case (lower, U+1E00 on at
// 0x190), computed once from the Unicode decompositions and case tables
// so that folding never searches those tables letter by letter.
var tables = func() *struct {
	base     [2][]byte
	lower    [0x190 + 0x100]uint16
	toneless [0x190 + 0x100]uint16 // Toneless of the letter when one rune, else 0
} {
	t := new(struct {
		base     [2][]byte
		lower    [0x190 + 0x100]uint16
		toneless [0x190 + 0x100]uint16
	})
	for k, r0 := range []rune{0x00C0, 0x1E00} {
		n := 0x250 - 0xC0
		if k == 1 {
			n = 0x100
		}
		t.base[k] = make([]byte, n)
		for i := range n {
			r := r0 + rune(i)
			for _, d := range norm.NFD.String(string(r)) {
				if d < 0x80 && unicode.IsLetter(d) {
					t.base[k][i] = byte(unicode.ToLower(d))
					break
				}
			}
		}
	}
	t.base[0][0xD0-0xC0] = 'd' // Ð (look-alike of Đ)
	t.base[0][0xF0-0xC0] = 'd' // ð
	t.base[0][0x110-0xC0] = 'd'
	t.base[0][0x111-0xC0] = 'd'
	for i := range 0x190 {
		t.lower[i] = uint16(unicode.ToLower(rune(0xC0 + i)))
	}
	for i := range 0x100 {
		t.lower[0x190+i] = uint16(unicode.ToLower(rune(0x1E00 + i)))
	}
	for i := range t.toneless {
		r := rune(0xC0 + i)
		if i >= 0x190 {
			r = rune(0x1E00 + i - 0x190)
		}
		if tl := []rune(Toneless(string(r))); len(tl) == 1 && tl[0] < 0x10000 {
			t.toneless[i] = uint16(tl[0])
		}
	}
	return t
}()
