package admin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/diachi-vn/diachi/internal/nfc"
)

// foldTables map the precomposed Latin letters (U+00C0-U+024F and
// U+1E00-U+1EFF, every Vietnamese letter among them) to their lower-case
// ASCII base letter, computed once from their Unicode decompositions.
var foldTables = func() *[2][]byte {
	var t [2][]byte
	for k, r0 := range []rune{0x00C0, 0x1E00} {
		n := 0x250 - 0xC0
		if k == 1 {
			n = 0x100
		}
		t[k] = make([]byte, n)
		for i := range n {
			r := r0 + rune(i)
			for _, d := range norm.NFD.String(string(r)) {
				if d < 0x80 && unicode.IsLetter(d) {
					t[k][i] = byte(unicode.ToLower(d))
					break
				}
			}
		}
	}
	t[0][0xD0-0xC0] = 'd' // Ð (look-alike of Đ)
	t[0][0xF0-0xC0] = 'd' // ð
	t[0][0x110-0xC0] = 'd'
	t[0][0x111-0xC0] = 'd'
	return &t
}()

// latinLower holds unicode.ToLower of U+00C0-U+024F, then of U+1E00-U+1EFF
// at 0x190: the lower-case letters of the written form without a search of
// the case tables for every letter.
var latinLower = func() *[0x190 + 0x100]uint16 {
	var t [0x190 + 0x100]uint16
	for i := range 0x190 {
		t[i] = uint16(unicode.ToLower(rune(0xC0 + i)))
	}
	for i := range 0x100 {
		t[0x190+i] = uint16(unicode.ToLower(rune(0x1E00 + i)))
	}
	return &t
}()

// appendFold appends the matching form of s to dst: lower-case ASCII
// letters and digits, every other run of characters (spaces, punctuation,
// hyphens) as one space, diacritics and combining marks dropped, đ and its
// look-alikes as d. The text the user gave is never changed; this form is
// only a key.
func appendFold(dst []byte, s string) []byte {
	t := foldTables
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
		case r >= 0xC0 && r < 0x250 && t[0][r-0xC0] != 0:
			emit(t[0][r-0xC0])
		case r >= 0x1E00 && r < 0x1F00 && t[1][r-0x1E00] != 0:
			emit(t[1][r-0x1E00])
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

// Fold returns the matching key of a name: lower case, no diacritics,
// words separated by single spaces. "Thành phố Hồ Chí Minh" and
// "thanh pho ho chi minh" fold alike, so do "Hoà" and "Hòa", "Đắk", "Đăk"
// and "Đak".
func Fold(s string) string { return string(appendFold(nil, s)) }

// typeWords are the words written before a unit's name, folded, with the
// type they announce. Longer phrases come first.
var typeWords = []struct {
	words []string
	t     Type
	l     Level // 0: any
}{
	{[]string{"thanh", "pho"}, ThanhPhoTW, 0},
	{[]string{"thi", "xa"}, ThiXa, District},
	{[]string{"thi", "tran"}, ThiTran, Commune},
	{[]string{"dac", "khu"}, DacKhu, Commune},
	{[]string{"tinh"}, Tinh, Province},
	{[]string{"tp"}, ThanhPhoTW, 0},
	{[]string{"quan"}, Quan, District},
	{[]string{"q"}, Quan, District},
	{[]string{"huyen"}, Huyen, District},
	{[]string{"h"}, Huyen, District},
	{[]string{"tx"}, ThiXa, District},
	{[]string{"phuong"}, Phuong, Commune},
	{[]string{"p"}, Phuong, Commune},
	{[]string{"f"}, Phuong, Commune},
	{[]string{"xa"}, Xa, Commune},
	{[]string{"x"}, Xa, Commune},
	{[]string{"tt"}, ThiTran, Commune},
}

// parsedName is a name as written: its type words, if any, and the key of
// the rest. full and key are views into the buffer given to parseName.
type parsedName struct {
	t    Type
	full []byte // every word, no spaces (the form alias tables use)
	key  []byte // the name without type words, no spaces
}

// parseName reads "P.14", "Phường 14", "Q1", "TX. Sơn Tây", "Huyện Củ
// Chi": type words are recognised only at the start and only when a name
// follows them. The keys are written into buf (from its start); nothing is
// allocated for names of up to 160 bytes when buf has the room.
func parseName(buf []byte, s string) (p parsedName) {
	var fb [192]byte
	f := appendFold(fb[:0], s)
	var starts, ends [32]int
	nw := 0
	for i := 0; i < len(f) && nw < len(starts); {
		for i < len(f) && f[i] == ' ' {
			i++
		}
		j := i
		for j < len(f) && f[j] != ' ' {
			j++
		}
		if j > i {
			starts[nw], ends[nw] = i, j
			nw++
		}
		i = j
	}
	out := buf[:0]
	wordEnd := [33]int{} // wordEnd[k]: length of out after k words
	for k := range nw {
		out = append(out, f[starts[k]:ends[k]]...)
		wordEnd[k+1] = len(out)
	}
	p.full, p.t = out, 0
	p.key = out
	// Glued forms: p14, q1, f7, phuong14, quan1.
	if nw == 1 {
		for _, g := range []struct {
			pre string
			t   Type
		}{{"phuong", Phuong}, {"quan", Quan}, {"p", Phuong}, {"q", Quan}, {"f", Phuong}} {
			if len(out) > len(g.pre) && string(out[:len(g.pre)]) == g.pre && allDigitsB(out[len(g.pre):]) {
				p.t, p.key = g.t, trimZerosB(out[len(g.pre):])
				return p
			}
		}
	}
	for _, tw := range typeWords {
		if nw <= len(tw.words) {
			continue
		}
		match := true
		for k, w := range tw.words {
			if string(f[starts[k]:ends[k]]) != w {
				match = false
				break
			}
		}
		if match {
			p.t, p.key = tw.t, out[wordEnd[len(tw.words)]:]
			break
		}
	}
	if allDigitsB(p.key) {
		p.key = trimZerosB(p.key)
	}
	return p
}

func allDigitsB(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func trimZerosB(b []byte) []byte {
	for len(b) > 1 && b[0] == '0' {
		b = b[1:]
	}
	return b
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func trimZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}

// unitKeys are the keys a unit is found by: its short name and its full
// name, folded without spaces (numbers without leading zeros).
func unitKeys(u Unit) []string {
	short := strings.ReplaceAll(Fold(u.Short), " ", "")
	if allDigits(short) {
		short = trimZeros(short)
	}
	full := strings.ReplaceAll(Fold(u.Name), " ", "")
	return []string{short, full}
}

// Key returns the folded name of s without a leading type word and
// without spaces: the form two spellings of one name share ("P. 01" and
// "Phường 1": "1"). A name that itself begins with a type word ("Phương
// Sài", "Quán Bàu") loses that word here; matching also tries the whole
// name, so such names are still found.
func Key(s string) string {
	var b [192]byte
	return string(parseName(b[:0], s).key)
}

// variantKey maps the spelling variants of Vietnamese names to one form:
// i and y (Quí/Quý, Sĩ/Sỹ, Vĩ/Vỹ) and c and k outside "kh" (Ngọc/Ngọk,
// Đắc/Đắk). These are the same name, not typos.
func variantKey(k string) string { return string(appendVariant(nil, []byte(k))) }

// appendVariant appends the variant form of the folded key k to dst.
func appendVariant(dst, k []byte) []byte {
	start := len(dst)
	dst = append(dst, k...)
	b := dst[start:]
	for i, c := range b {
		switch {
		case c == 'y':
			b[i] = 'i'
		case c == 'k' && (i+1 == len(b) || b[i+1] != 'h'):
			b[i] = 'c'
		}
	}
	return dst
}

// AppendFoldWord appends the folded form of s to dst without spaces: the
// key of one word ("Ngõ" -> "ngo").
func AppendFoldWord(dst []byte, s string) []byte {
	start := len(dst)
	dst = appendFold(dst, s)
	out := dst[:start]
	for _, c := range dst[start:] {
		if c != ' ' {
			out = append(out, c)
		}
	}
	return out
}

// AppendWordForms appends to key the folded form of the word s (as
// [AppendFoldWord]) and to lower its letters and digits in lower case, NFC
// (as [LowerLetters]), in one pass: the two forms a reader needs of every
// word.
func AppendWordForms(key, lower []byte, s string) ([]byte, []byte) {
	t := foldTables
	k0, l0 := len(key), len(lower)
	// Text in ASCII and the precomposed Latin blocks is in NFC whatever
	// its letters (internal/nfc); anything else is checked once, at its
	// first rune, and a word not composed is composed first.
	checked := false
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
			return AppendFoldWord(key[:k0], s), LowerLetters(lower[:l0], s)
		}
		var f byte
		var lr rune
		switch {
		case r >= 0xC0 && r < 0x250:
			f, lr = t[0][r-0xC0], rune(latinLower[r-0xC0])
		case r >= 0x1E00 && r < 0x1F00:
			f, lr = t[1][r-0x1E00], rune(latinLower[0x190+r-0x1E00])
		default:
			if !checked {
				checked = true
				if !nfc.IsNormal(s) {
					return AppendFoldWord(key[:k0], s), LowerLetters(lower[:l0], s)
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
