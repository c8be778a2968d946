package address

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

//go:embed data/streets.txt
var streetsTxt string

// streetIndex holds the street names the parser knows (made by
// testdata/gen/streets) for reading a known street's name written without
// its diacritics, with one letter wrong, or abbreviated.
type streetIndex struct {
	// byKey: a name by its key (fold.Key), or "" where names that differ
	// only in their marks share the key ("Yên Phụ", "Yên Phú").
	byKey map[string]string
	names []string
	words [][]string // each name's words, folded
	// byDeletion: the names (their index) by their key without spaces,
	// and by that key less each one of its letters: two keys one edit
	// apart share an entry.
	byDeletion map[string][]int32
	// byInitials: the names by the first letter of each of their words.
	byInitials map[string][]int32
}

var streets = sync.OnceValue(func() *streetIndex {
	ix := &streetIndex{byKey: map[string]string{}, byDeletion: map[string][]int32{}, byInitials: map[string][]int32{}}
	for line := range strings.Lines(streetsTxt) {
		name := strings.TrimSpace(line)
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		k := fold.Key(name)
		if old, ok := ix.byKey[k]; ok {
			if old != name {
				ix.byKey[k] = ""
			}
			continue
		}
		ix.byKey[k] = name
		i := int32(len(ix.names))
		ix.names = append(ix.names, name)
		ws := strings.Fields(k)
		ix.words = append(ix.words, ws)
		var ini []byte
		for _, w := range ws {
			ini = append(ini, w[0])
		}
		ix.byInitials[string(ini)] = append(ix.byInitials[string(ini)], i)
		flat := strings.Join(ws, "")
		if len(ws) < 2 || len(flat) < minTypoLetters-1 {
			continue // never mended by letter (see oneLetterOff)
		}
		ix.byDeletion[flat] = append(ix.byDeletion[flat], i)
		for j := range len(flat) {
			d := flat[:j] + flat[j+1:]
			if l := ix.byDeletion[d]; len(l) == 0 || l[len(l)-1] != i {
				ix.byDeletion[d] = append(l, i)
			}
		}
	}
	return ix
})

// A street's name is read as a known one with one letter wrong only
// with three words or more and seven letters or more, or with two words
// one of which can be no syllable ("Quang Trungg"): names of two words
// one letter apart are too often two streets ("Phú Khương", "Phú
// Thượng"; "Thành Nhất", "Thanh Nhàn"), and the known names are a few
// cities' only. None of the 6,551 commune and district names of two
// words or more that are not known streets is read so
// (TestUnknownNamesKeptAsWritten); of the street names of the
// development set the parser does not know, six are, each a typo there
// ("Quyết Thagn", "Hồng Qunag").
const (
	minTypoWords   = 3
	minTypoLetters = 7
)

// mendStreet reads a street's name (written: as written in the input;
// name: as read so far, abbreviations of "Nguyễn" and "Văn" expanded) as a
// known street's when it is one written without any diacritic ("tran duy
// hung") or with some words' marks left out ("Hai Bà Trung"), with an m
// scanned as "rn",
// abbreviated ("N.T.M.Khai", "Lý T. Kiệt", "NKKN") or, long enough, with
// one letter wrong ("Nguyễn Thị Minh Khia"). ok is false when no single
// known street is meant, or when
// the name is already written as the known one (case aside).
func mendStreet(written, name string) (to string, kind RepairKind, ok bool) {
	ix := streets()
	k := fold.Key(name)
	if known, found := ix.byKey[k]; found {
		// A name written without any mark is read with the known name's;
		// and one written with some words' marks left out ("Hai Bà Trung",
		// "Nguyễn Thi Minh Khai"), unless it is written as a unit's name
		// ("Vinh Lộc", "Phù Cát" are other places than "Vĩnh Lộc", "Phú
		// Cát"). A word written with other marks is kept, right or wrong.
		// No name of one word is read so ("Đ" is no "D").
		if known == "" || known == name || strings.IndexByte(k, ' ') < 0 {
			return "", 0, false
		}
		if !isASCII(written) && (!marksLeftOut(name, known) || unitShortNames()[writtenLower(name)]) {
			return "", 0, false
		}
		return known, RepairDiacritics, true
	}
	if strings.Contains(k, "rn") { // scanning reads an m as "rn": "Phạrn Văn Đồng"
		if known := ix.byKey[strings.ReplaceAll(k, "rn", "m")]; known != "" {
			return known, RepairScan, true
		}
	}
	if to, ok := ix.abbreviated(written); ok {
		return to, RepairAbbreviation, true
	}
	if to, ok := ix.oneLetterOff(k, notASyllable(name)); ok {
		return to, RepairTypo, true
	}
	if to, ok := ix.nguyenMisspelt(k); ok {
		return to, RepairTypo, true
	}
	return "", 0, false
}

// marksLeftOut reports whether name is the known name with the marks of
// some of its words left out: each word as the known one's, or written
// without any mark ("Hai Bà Trung" for "Hai Bà Trưng"), case aside, and
// one word at least so.
func marksLeftOut(name, known string) bool {
	nw, kw := strings.Fields(name), strings.Fields(known)
	if len(nw) != len(kw) {
		return false
	}
	left := false // a word's marks left out, not only its case
	for i, w := range nw {
		switch {
		case writtenLower(w) == strings.ToLower(kw[i]):
		case isASCII(w) && strings.EqualFold(w, fold.Key(kw[i])):
			left = true
		default:
			return false
		}
	}
	return left
}

// unitShortNames are the names of the units of both systems, every level,
// without their types, in lower case ("vinh lộc").
var unitShortNames = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, v := range []admin.Version{admin.Legacy, admin.V2025} {
		d := admin.Load(v)
		for _, l := range []admin.Level{admin.Province, admin.District, admin.Commune} {
			for _, u := range d.Units(l) {
				m[strings.ToLower(u.Short)] = true
			}
		}
	}
	return m
})

// nguyenMisspelt reads a name whose first word is "Nguyễn" with a slip of
// typing ("Ngyễn Du", "Nguyeen Trãi" aside, which the typing reader
// reads) as the known street's: the family name of most streets, and no
// other name one slip away from it.
func (ix *streetIndex) nguyenMisspelt(key string) (string, bool) {
	first, rest, ok := strings.Cut(key, " ")
	if !ok || first == "nguyen" || !oneEditApart(first, "nguyen") {
		return "", false
	}
	known := ix.byKey["nguyen "+rest]
	return known, known != ""
}

// abbreviated finds the one known name written with some of its words
// cut to their first letters ("N.T.M.Khai", "Ph. Văn Đồng", "Lý T
// Kiệt") or as its initials alone ("NKKN", "XVNT").
func (ix *streetIndex) abbreviated(written string) (string, bool) {
	if !mayBeAbbreviated(written) {
		return "", false
	}
	type piece struct {
		key   string
		short bool
	}
	var ps []piece
	cut := false
	for _, w := range strings.Fields(written) {
		if n := utf8.RuneCountInString(w); n >= 3 && n <= 6 && isASCII(w) && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsUpper(r) }) < 0 &&
			!strings.ContainsAny(w, "AEIOUY") { // ("LOT", "PHI" are words)
			for _, r := range strings.ToLower(w) { // initials: "NKKN"
				ps = append(ps, piece{string(r), true})
			}
			cut = true
			continue
		}
		for w != "" {
			p, rest, dot := strings.Cut(w, ".")
			w = rest
			if k := fold.Key(p); k != "" {
				short := dot || utf8.RuneCountInString(p) == 1
				ps = append(ps, piece{k, short})
				cut = cut || short
			}
		}
	}
	if !cut || len(ps) < 2 {
		return "", false
	}
	ini := make([]byte, 0, len(ps))
	for _, p := range ps {
		ini = append(ini, p.key[0])
	}
	found := -1
	for _, i := range ix.byInitials[string(ini)] {
		match := true
		for j, p := range ps {
			w := ix.words[i][j]
			if p.short && !strings.HasPrefix(w, p.key) || !p.short && w != p.key {
				match = false
				break
			}
		}
		if match {
			if found >= 0 {
				return "", false // two known names fit
			}
			found = int(i)
		}
	}
	if found < 0 {
		return "", false
	}
	return ix.names[found], true
}

// isKnownStreet reports whether words (folded) are a known street's name
// ("Lê Lợi" before a phone number is the street, not the receiver).
func isKnownStreet(keys []string) bool {
	if len(keys) < 2 {
		return false
	}
	var buf [96]byte
	key := buf[:0]
	for i, k := range keys {
		if i > 0 {
			key = append(key, ' ')
		}
		key = append(key, k...)
	}
	return knownStreetKey(key)
}

// knownStreetKey reports whether a key (folded words joined by spaces) is
// a known street's.
func knownStreetKey(key []byte) bool {
	_, ok := streets().byKey[string(key)]
	return ok
}

// notASyllable reports whether a word of a name can be no Vietnamese
// syllable: "Trungg", "Thág", "Trọg"; not "Khia", "Phùn", which are
// syllables.
func notASyllable(name string) bool {
	for w := range strings.FieldsSeq(name) {
		l := letters(w)
		rs := []rune(l)
		if len(rs) == 0 || !unicode.IsLetter(rs[0]) {
			continue
		}
		if isASCII(l) {
			// Written without marks ("lien" for "liên"), only its final
			// consonants can tell: "trungg", "thag".
			i := strings.LastIndexAny(l, "aeiouy") + 1
			if i > 0 && !finals[l[i:]] {
				return true
			}
			continue
		}
		if _, ok := syllable(l, rs, toneNone); !ok {
			return true
		}
	}
	return false
}

// mayBeAbbreviated reports, cheaply, whether a name may hold a word cut
// short: a dot, a word of one letter, or a word of capitals without a
// vowel.
func mayBeAbbreviated(w string) bool {
	if strings.IndexByte(w, '.') >= 0 {
		return true
	}
	for f := range strings.FieldsSeq(w) {
		if len(f) == 1 || len(f) >= 3 && len(f) <= 6 && strings.IndexFunc(f, func(r rune) bool { return !unicode.IsUpper(r) }) < 0 && !strings.ContainsAny(f, "AEIOUY") {
			return true
		}
	}
	return false
}

// oneLetterOff finds the one known name whose key is one letter off key
// (a letter wrong, missing or extra, or two swapped), with as many words
// and the same first word: family names one letter apart are many
// (Phạm and Phan, Vũ and Võ, Lý and Lê), each with its streets. odd says
// a word of the name as written can be no Vietnamese syllable ("Quang
// Trungg"): then a name of two words is mended too, no other street
// being named so.
func (ix *streetIndex) oneLetterOff(key string, odd bool) (string, bool) {
	minWords := minTypoWords
	if odd {
		minWords = 2
	}
	if strings.Count(key, " ") < minWords-1 || strings.ContainsAny(key, "0123456789") {
		return "", false
	}
	ws := strings.Fields(key)
	flat := strings.Join(ws, "")
	if len(ws) < minWords || len(flat) < minTypoLetters {
		return "", false
	}
	found := int32(-1)
	try := func(is []int32) bool {
		for _, i := range is {
			if i == found || len(ix.words[i]) != len(ws) || ix.words[i][0] != ws[0] || !oneEditApart(flat, strings.Join(ix.words[i], "")) {
				continue
			}
			if found >= 0 {
				return false
			}
			found = i
		}
		return true
	}
	if !try(ix.byDeletion[flat]) {
		return "", false
	}
	var bb [64]byte
	buf := bb[:0]
	for j := range len(flat) {
		buf = append(append(buf[:0], flat[:j]...), flat[j+1:]...)
		if !try(ix.byDeletion[string(buf)]) {
			return "", false
		}
	}
	if found < 0 {
		return "", false
	}
	return ix.names[found], true
}

// oneEditApart reports whether a and b (ASCII, lower case) differ as a
// slip of typing makes them: one letter added or dropped, two neighbours
// swapped, or one letter changed for a key next to it ("vam" for "van").
// A letter changed for one far from it on the keyboard is not: names
// differ so ("Luông", "Hưởng").
func oneEditApart(a, b string) bool {
	if a == b {
		return false
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	switch len(a) - len(b) {
	case 0:
		if a[i+1:] == b[i+1:] {
			return keysAdjacent(a[i], b[i])
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return a[i+1:] == b[i:]
	}
	return false
}

// letters is a word's letters, lower case, with the marks of their shape
// (â, ă, ê, ô, ơ, ư, đ) and without its tone.
func letters(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		switch r {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323': // the tones
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// keyRows are the letter rows of a QWERTY keyboard, the layout Vietnamese
// is typed on.
var keyRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keysAdjacent reports whether two letters are keys side by side, or one
// above the other, on the keyboard.
func keysAdjacent(x, y byte) bool {
	rx, cx := keyAt(x)
	ry, cy := keyAt(y)
	if rx < 0 || ry < 0 {
		return false
	}
	switch rx - ry {
	case 0:
		return cx-cy == 1 || cy-cx == 1
	case 1, -1:
		// A row is set off half a key to the right of the one above it:
		// a key touches the two above it and the two below it.
		if rx > ry {
			return cy == cx || cy == cx+1
		}
		return cx == cy || cx == cy+1
	}
	return false
}

func keyAt(c byte) (row, col int) {
	for r, keys := range keyRows {
		if i := strings.IndexByte(keys, c); i >= 0 {
			return r, i
		}
	}
	return -1, -1
}
