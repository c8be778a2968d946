package vnenc

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Tones in the order the TCVN3 code chart lists each vowel's row, so the
// TCVN3 rows below can be read against the chart column by column.
const (
	toneNone = iota
	toneGrave
	toneHook
	toneTilde
	toneAcute
	toneDot
	numTones
)

var toneMark = [numTones]rune{0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323}

// vowels are the twelve Vietnamese vowel letters that carry tones.
var vowels = []rune("aăâeêioôơuưy")

// tcvn3Rows holds, per vowel, the TCVN 5712:1993 (VN3) byte of the letter
// without tone, then with grave, hook, tilde, acute and dot below.
var tcvn3Rows = [...]struct {
	vowel rune
	b     [numTones]byte
}{
	{'a', [numTones]byte{'a', 0xB5, 0xB6, 0xB7, 0xB8, 0xB9}},
	{'ă', [numTones]byte{0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6}},
	{'â', [numTones]byte{0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB}},
	{'e', [numTones]byte{'e', 0xCC, 0xCE, 0xCF, 0xD0, 0xD1}},
	{'ê', [numTones]byte{0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6}},
	{'i', [numTones]byte{'i', 0xD7, 0xD8, 0xDC, 0xDD, 0xDE}},
	{'o', [numTones]byte{'o', 0xDF, 0xE1, 0xE2, 0xE3, 0xE4}},
	{'ô', [numTones]byte{0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9}},
	{'ơ', [numTones]byte{0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE}},
	{'u', [numTones]byte{'u', 0xEF, 0xF1, 0xF2, 0xF3, 0xF4}},
	{'ư', [numTones]byte{0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9}},
	{'y', [numTones]byte{'y', 0xFA, 0xFB, 0xFC, 0xFD, 0xFE}},
}

// tcvn3Other are the only capitals VN3 has, plus đ. Toned capitals lived in
// separate "H" fonts at the lower-case byte values, so they cannot be told
// apart from lower case once the font is gone.
var tcvn3Other = map[byte]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xAE: 'đ',
}

// VNI-Windows writes a toned vowel as its base letter followed by a mark
// byte; these are the lower-case mark bytes per tone. Upper-case letters
// use the same bytes less 0x20.
var (
	vniPlain      = [numTones]string{"", "\xF8", "\xFB", "\xF5", "\xF9", "\xEF"}
	vniCircumflex = [numTones]string{"\xE2", "\xE0", "\xE5", "\xE3", "\xE1", "\xE4"}
	vniBreve      = [numTones]string{"\xEA", "\xE8", "\xFA", "\xFC", "\xE9", "\xEB"}
	// i is a narrow letter, so VNI gave each toned i its own byte.
	vniI = [numTones]string{"i", "\xEC", "\xE6", "\xF3", "\xED", "\xF2"}
)

const (
	vniHornO   = 0xF4 // ơ
	vniHornU   = 0xF6 // ư
	vniDBar    = 0xF1 // đ
	vniYDot    = 0xEE // ỵ: the dot under y needs its own glyph
	vniCaseGap = 0x20
)

// vniLower returns the lower-case VNI bytes of vowel v with tone t.
func vniLower(v rune, t int) string {
	switch v {
	case 'a', 'e', 'o', 'u':
		return string(v) + vniPlain[t]
	case 'y':
		if t == toneDot {
			return "\xEE"
		}
		return "y" + vniPlain[t]
	case 'i':
		return vniI[t]
	case 'â':
		return "a" + vniCircumflex[t]
	case 'ê':
		return "e" + vniCircumflex[t]
	case 'ô':
		return "o" + vniCircumflex[t]
	case 'ă':
		return "a" + vniBreve[t]
	case 'ơ':
		return "\xF4" + vniPlain[t]
	case 'ư':
		return "\xF6" + vniPlain[t]
	}
	panic("vnenc: not a vowel")
}

// vniUpper turns lower-case VNI bytes into the upper-case form.
func vniUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		case c >= 0xE0:
			b[i] = c - vniCaseGap
		}
	}
	return string(b)
}

// letter describes a Vietnamese letter for the syllable check in Detect.
type letter struct {
	base rune // lower case, without tone
	tone uint8
}

// table is one single-byte encoding in both directions.
type table struct {
	dec  [256]string // "" when the byte is not mapped
	mark [256]bool   // the decoding holds combining marks, so NFC is needed
	// enc maps an NFC rune to its bytes.
	enc map[rune]string
	// sepMark maps a combining mark that may be written after its base to
	// its lower-case byte; upper-case letters take upperMark instead.
	sepMark   map[rune]byte
	upperMark map[rune]byte
	// decRune is the character of a byte that decodes to one.
	decRune [256]rune
	// compose maps a letter and a following mark byte to the single
	// character NFC makes of them.
	compose map[uint64]rune
}

func composeKey(r rune, c byte) uint64 { return uint64(r)<<8 | uint64(c) }

// finish fills the fields derived from dec and enc.
func (t *table) finish() {
	t.compose = map[uint64]rune{}
	for c, s := range t.dec {
		if r, n := utf8.DecodeRuneInString(s); n == len(s) && n > 0 {
			t.decRune[c] = r
		}
	}
	// Only a toneless vowel takes a tone, and only a dot below leaves room
	// for a later circumflex or breve; anything else is rare enough to go
	// through the normalization pass.
	for base, l := range letters {
		if _, ok := t.enc[base]; !ok {
			continue
		}
		for c, s := range t.dec {
			if !t.mark[c] || l.tone != toneNone && (l.tone != toneDot || s != "\u0302" && s != "\u0306") {
				continue
			}
			res := norm.NFC.String(string(base) + s)
			if r, n := utf8.DecodeRuneInString(res); n == len(res) {
				t.compose[composeKey(base, byte(c))] = r
			}
		}
	}
}

var (
	tabW1258, tabTCVN3, tabVNI table
	letters                    = map[rune]letter{}
	// vietLetters lists every letter (toned vowels and đ, both cases).
	vietLetters []string
)

// loadTables builds the tables on first use rather than at program start,
// so that importing the package costs nothing.
var loadTables = sync.OnceFunc(buildTables)

func buildTables() {
	for _, v := range vowels {
		for t := range numTones {
			lo := composeTone(v, t)
			letters[lo] = letter{base: v, tone: uint8(t)}
			letters[unicode.ToUpper(lo)] = letter{base: v, tone: uint8(t)}
			vietLetters = append(vietLetters, string(lo), string(unicode.ToUpper(lo)))
		}
	}
	letters['đ'] = letter{base: 'đ'}
	letters['Đ'] = letter{base: 'đ'}
	vietLetters = append(vietLetters, "đ", "Đ")

	initW1258()
	initTCVN3()
	initVNI()
}

func composeTone(v rune, t int) rune {
	if t == toneNone {
		return v
	}
	r, _ := utf8.DecodeRuneInString(norm.NFC.String(string(v) + string(toneMark[t])))
	return r
}

func newTable() table {
	t := table{enc: map[rune]string{}}
	for c := range 0x80 {
		t.dec[c] = string(rune(c))
		t.enc[rune(c)] = string(rune(c))
	}
	return t
}

func (t *table) set(b byte, r rune) {
	if t.dec[b] != "" {
		panic("vnenc: byte mapped twice")
	}
	t.dec[b] = string(r)
	t.enc[r] = string([]byte{b})
}

func isMark(r rune) bool { return unicode.Is(unicode.Mn, r) }

func initW1258() {
	t := newTable()
	t.sepMark = map[rune]byte{}
	for c := 0x80; c < 0x100; c++ {
		r := charmap.Windows1258.DecodeByte(byte(c))
		if r == utf8.RuneError {
			continue
		}
		t.dec[c] = string(r)
		if isMark(r) {
			t.mark[c] = true
			t.sepMark[r] = byte(c)
			continue
		}
		t.enc[r] = string([]byte{byte(c)})
	}
	t.upperMark = t.sepMark
	tabW1258 = t
	// Letters cp1258 lacks precomposed go through the generic path once.
	for _, s := range vietLetters {
		r, _ := utf8.DecodeRuneInString(s)
		if _, ok := t.enc[r]; ok {
			continue
		}
		b, ok := tabW1258.encodeCluster(s)
		if !ok {
			panic("vnenc: cp1258 cannot write " + s)
		}
		tabW1258.enc[r] = string(b)
	}
	tabW1258.finish()
}

// cp1252Range maps bytes 0x80 to hi as Windows code page 1252: the font
// encodings only redefined letter positions, so punctuation typed on
// Windows (curly quotes, dashes) kept its code page 1252 bytes. TCVN3 uses
// bytes from 0xA1 for letters, VNI from 0xC0.
func cp1252Range(t *table, hi int) {
	for c := 0x80; c <= hi; c++ {
		r := charmap.Windows1252.DecodeByte(byte(c))
		if r == utf8.RuneError {
			continue
		}
		t.set(byte(c), r)
	}
}

func initTCVN3() {
	t := newTable()
	cp1252Range(&t, 0xA0)
	for _, row := range tcvn3Rows {
		for tone, b := range row.b {
			if b < 0x80 {
				continue
			}
			t.set(b, composeTone(row.vowel, tone))
		}
	}
	for b, r := range tcvn3Other {
		t.set(b, r)
	}
	tabTCVN3 = t
	tabTCVN3.finish()
}

func initVNI() {
	t := newTable()
	cp1252Range(&t, 0xBF)
	t.sepMark = map[rune]byte{}
	t.upperMark = map[rune]byte{}
	setMark := func(b byte, marks ...rune) {
		for _, bb := range []byte{b, b - vniCaseGap} {
			if t.dec[bb] != "" {
				panic("vnenc: byte mapped twice")
			}
			t.dec[bb] = string(marks)
			t.mark[bb] = true
		}
		if len(marks) == 1 {
			t.sepMark[marks[0]] = b
			t.upperMark[marks[0]] = b - vniCaseGap
		}
	}
	setLetter := func(b byte, lo rune) {
		t.set(b, lo)
		t.set(b-vniCaseGap, unicode.ToUpper(lo))
	}
	for tone := range numTones {
		if tone != toneNone {
			setMark(vniPlain[tone][0], toneMark[tone])
			setMark(vniCircumflex[tone][0], 0x0302, toneMark[tone])
			setMark(vniBreve[tone][0], 0x0306, toneMark[tone])
			setLetter(vniI[tone][0], composeTone('i', tone))
		}
	}
	setMark(vniCircumflex[toneNone][0], 0x0302)
	setMark(vniBreve[toneNone][0], 0x0306)
	setLetter(vniYDot, 'ỵ')
	setLetter(vniHornO, 'ơ')
	setLetter(vniHornU, 'ư')
	setLetter(vniDBar, 'đ')
	for _, v := range vowels {
		for tone := range numTones {
			lo := composeTone(v, tone)
			s := vniLower(v, tone)
			t.enc[lo] = s
			t.enc[unicode.ToUpper(lo)] = vniUpper(s)
		}
	}
	tabVNI = t
	tabVNI.finish()
}
