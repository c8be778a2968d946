package admin

import (
	"strings"

	"github.com/diachi-vn/diachi/address/fold"
)

// typeWords are the type words of units (package fold's table), split
// into words, with the Type each announces, longer phrases first.
var typeWords = func() (out []struct {
	words []string
	t     Type
}) {
	for w := range fold.TypeWords() {
		if w.Kind.Class() == fold.Unit {
			out = append(out, struct {
				words []string
				t     Type
			}{strings.Fields(w.Key), typeOf(w.Kind)})
		}
	}
	return out
}()

// gluedTypes are the type words of units written against a number
// ("P14", "Q1", "F7", "phuong14"), with the Type each announces.
var gluedTypes = func() (out []struct {
	pre string
	t   Type
}) {
	for w := range fold.TypeWords() {
		if w.Kind.Class() == fold.Unit && w.Glued {
			out = append(out, struct {
				pre string
				t   Type
			}{w.Key, typeOf(w.Kind)})
		}
	}
	return out
}()

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
	f := fold.AppendKey(fb[:0], s)
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
		for _, g := range gluedTypes {
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
	short := string(fold.AppendWord(nil, u.Short))
	if allDigits(short) {
		short = trimZeros(short)
	}
	full := string(fold.AppendWord(nil, u.Name))
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
