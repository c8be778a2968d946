package address

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

// sepKind is what stands between two tokens of the text.
type sepKind uint8

const (
	sepNone  sepKind = iota // nothing: a cut inside a written word (case change, letters and digits, glued names)
	sepSpace                // white space, or a dot or hyphen between words
	sepStray                // punctuation inside a word with no space around it ("Ph,ú", "B.Định", "P.14")
	sepDash                 // " - ": a boundary between parts, or inside a name ("Bà Rịa - Vũng Tàu")
	sepHard                 // a comma, semicolon or the like: a boundary between parts
)

// token is one word of the text as the unit reader sees it.
type token struct {
	start, end int // bytes of the input
	key        string
	lower      string
	sep        sepKind // before the token
	digits     bool    // all digits
	repaired   RepairKind
	lists      wordLists // the lists lower is in, once asked (see in)
}

// wordLists are lists of words as written that the unit reader asks
// about many times for the same token, as a set.
type wordLists uint8

const (
	listsKnown       wordLists = 1 << iota // the other bits are set
	inTypeSpellings                        // typeSpellings
	inFamilyNames                          // familyNames
	inStreetInFull                         // streetInFull
	inUnitTypeInFull                       // unitTypeInFull
)

// listsOf holds, for every word of those lists, the lists it is in.
var listsOf = func() map[string]wordLists {
	m := map[string]wordLists{}
	for l, words := range map[wordLists]map[string]bool{
		inTypeSpellings: typeSpellings, inFamilyNames: familyNames, inStreetInFull: streetInFull, inUnitTypeInFull: unitTypeInFull,
	} {
		for w, ok := range words {
			if ok {
				m[w] |= l
			}
		}
	}
	return m
}()

// in reports whether the token's written letters are in the list l: the
// lists it is in are looked up once, when first asked.
func (t *token) in(l wordLists) bool {
	if t.lists == 0 {
		t.lists = listsKnown | listsOf[t.lower]
	}
	return t.lists&l != 0
}

// tokenize cuts s into words for the unit reader. Each word is folded
// (lower case, no diacritics); words are also cut where a lower-case
// letter is followed by an upper-case one ("ĐàNẵng"), between letters and
// digits ("P14", "Q.10") and, for long words that are no name, into the
// names they are glued from ("caugiayhanoi"). Scanning errors that cannot
// be Vietnamese are mended in the key only ("rn" for "m", a digit inside
// letters): each such change is reported as a repair.
//
// The tokens are appended to dst.
func tokenize(dst []token, s string, reps *[]Repair) []token {
	toks := dst
	var sc pieceScratch
	sc.typ = scanTyping(s)
	// Keys and written letters take about twice the text.
	sc.strs.Grow(2 * len(s))
	sep := sepHard // the start of the text is a boundary
	stray := false
	i := 0
	for i < len(s) {
		if s[i] == ' ' {
			// The separator between most words, and nothing to ask of it.
			if sep == sepNone {
				sep = sepSpace
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			k := sepSpace
			switch r {
			case ',', ';', '|', '\n', '\r', '\t', '(', ')', '[', ']':
				k = sepHard
				// A comma between letters with no space is a scanning
				// stray ("Ph,ú T,h,ọ").
				if r == ',' && i > 0 && i+n < len(s) && strayComma(s, i) {
					k = sepStray
					stray = true
				}
			case '.':
				switch {
				case i > 0 && i+n < len(s) && wordRuneBefore(s, i) && wordRuneAt(s, i+n):
					k = sepStray
				case len(toks) > 0 && toks[len(toks)-1].end == i && len(toks[len(toks)-1].key) > 2 && !abbrevDot[toks[len(toks)-1].key]:
					// A dot after a whole word ends a part ("Trần Phú. Phường 5");
					// after an abbreviation ("TP. HCM") it does not.
					k = sepHard
				}
			case '-', '–', '—', '/':
				switch {
				case i > 0 && i+n < len(s) && s[i-1] == ' ' && s[i+n] == ' ':
					k = sepDash
				case r != '/' && i > 0 && i+n < len(s) && letterBefore(s, i) && letterAt(s, i+n):
					// "Đào-gần chợ", "Bà Rịa-Vũng Tàu": a dash between words
					// (between digits it is part of a number: "20-1", "B3-1205").
					k = sepDash
				}
			}
			if k > sep || sep == sepNone {
				sep = k
			}
			i += n
			continue
		}
		j, plain := wordEnd(s, i)
		n0 := len(toks)
		if plain && !sc.typ.any {
			toks = appendPiece(toks, s, i, j, sep, reps, &sc) // as appendWord would (most words)
		} else {
			toks = appendWord(toks, s, i, j, sep, reps, &sc, plain)
		}
		if stray && len(toks) > n0 && toks[n0].repaired == 0 {
			toks[n0].repaired = RepairStray
		}
		sep, stray = sepNone, false
		i = j
	}
	return toks
}

// wordEnd returns where the word that begins at i ends: letters, digits,
// combining marks, inner apostrophes. plain says it has no digit and no
// capital after a small letter, so that appendWord has no cut to look
// for (most words). (A loop of its own, with ASCII read byte by byte:
// every letter of the text passes here.)
func wordEnd(s string, i int) (j int, plain bool) {
	plain, lower := true, false
	for j = i; ; {
		// A run of ASCII letters and digits, with nothing else to do.
		for ; j < len(s) && s[j] < utf8.RuneSelf; j++ {
			c := s[j]
			cls := runeClasses[c]
			if cls&classWord == 0 {
				break
			}
			if c-'0' <= 9 || lower && cls&classUpper != 0 {
				plain = false
			}
			lower = lower || cls&classLower != 0
		}
		if j >= len(s) {
			return j, plain
		}
		if c := s[j]; c < utf8.RuneSelf {
			if c == '\'' && j > i && j+1 < len(s) && letterAt(s, j+1) {
				j++ // an apostrophe inside a name ("M'gar")
				continue
			}
			return j, plain
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		cls := runeClass(r)
		if cls&classWord == 0 {
			return j, plain
		}
		if lower && cls&classUpper != 0 {
			plain = false
		}
		lower = lower || cls&classLower != 0
		j += n
	}
}

// abbrevDot are the abbreviations written with a dot, folded: those of
// the type words and these.
var abbrevDot = func() map[string]bool {
	m := map[string]bool{"ng": true, "kp": true, "tdp": true, "sn": true, "t": true,
		"th": true, "tr": true, "ph": true, "kdt": true, "cc": true, "p1": true, "so": true}
	for w := range fold.TypeWords() {
		if w.Short {
			m[w.Key] = true
		}
	}
	return m
}()

// strayComma reports whether the comma at i is a scanning stray inside a
// word ("Ph,ú T,h,ọ"): letters on both sides, no space, and a fragment of
// at most two letters on one side. "Phú,Phường" is two words.
func strayComma(s string, i int) bool {
	if !letterBefore(s, i) || !letterAt(s, i+1) {
		return false
	}
	before, after := 0, 0
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsLetter(r) && !(r >= 0x300 && r <= 0x36F) {
			if r != ' ' && r != ',' && r != '.' {
				return false // "1A,thôn": a house number, then a part
			}
			break
		}
		if unicode.IsLetter(r) {
			before++
		}
		j -= n
	}
	for k := i + 1; k < len(s); {
		r, n := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsLetter(r) && !(r >= 0x300 && r <= 0x36F) {
			if r != ' ' && r != ',' && r != '.' {
				return false // "Phú,Q1"
			}
			break
		}
		if unicode.IsLetter(r) {
			after++
		}
		k += n
	}
	return before <= 2 || after <= 2
}

func isWordRune(r rune) bool {
	return runeClass(r)&classWord != 0
}

func letterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return runeClass(r)&classLetter != 0
}

func letterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return runeClass(r)&classLetter != 0 || (r >= 0x300 && r <= 0x36F)
}

func wordRuneAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func wordRuneBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

// appendWord appends the tokens of the written word s[i:j]. plain says
// the word has no digit and no capital after a small letter: it is one
// piece, neither a misread number nor cut.
func appendWord(toks []token, s string, i, j int, sep sepKind, reps *[]Repair, sc *pieceScratch, plain bool) []token {
	if sc.typ.any {
		if w, ok := untype(s[i:j], sc.typ); ok {
			// Typed with the keys left in: read as they make it.
			*reps = append(*reps, Repair{Kind: RepairTyping, Span: Span{i, j}, Text: s[i:j], To: w})
			key, lw := fold.AppendForms(sc.kb[:0], sc.lb[:0], w)
			k, l := sc.keep(key, lw)
			return append(toks, token{start: i, end: j, sep: sep, key: k, lower: l, repaired: RepairTyping})
		}
	}
	if plain {
		return appendPiece(toks, s, i, j, sep, reps, sc)
	}
	if key, ok := scannedNumber(s[i:j]); ok {
		// "1O", "l2": a number with a letter misread for a digit.
		*reps = append(*reps, Repair{Kind: RepairScan, Span: Span{i, j}, Text: s[i:j]})
		return append(toks, token{start: i, end: j, sep: sep, key: key, lower: key, digits: true, repaired: RepairScan})
	}
	// Cut at lower->upper changes and letter<->digit changes.
	start := i
	prevLower, prevDigit, prevLetter := false, false, false
	caseCut := false // the piece being read starts at a lower->upper change: words glued ("HàTĩnh")
	first := true
	for k := i; k < j; {
		r, n := rune(s[k]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[k:])
		}
		isDigit := r >= '0' && r <= '9'
		cls := runeClass(r)
		isLetter := cls&classLetter != 0
		cut := false
		if !first {
			switch {
			case prevLower && cls&classUpper != 0:
				cut = true
			case isDigit && prevLetter && !digitInsideLetters(s, k, j),
				isLetter && prevDigit && !isDigitLetterInside(s, start, k) && !leadingOne(s, i, k, j):
				cut = true
			}
		}
		if cut {
			n0 := len(toks)
			toks = appendPiece(toks, s, start, k, sep, reps, sc)
			if caseCut && len(toks) > n0 && toks[n0].repaired == 0 {
				toks[n0].repaired = RepairGlued
			}
			sep = sepNone
			start = k
			caseCut = prevLower && cls&classUpper != 0
		}
		first = false
		if !(r >= 0x300 && r <= 0x36F) {
			prevLower = cls&classLower != 0
			prevDigit = isDigit
			prevLetter = isLetter
		}
		k += n
	}
	n0 := len(toks)
	toks = appendPiece(toks, s, start, j, sep, reps, sc)
	if caseCut && len(toks) > n0 && toks[n0].repaired == 0 {
		toks[n0].repaired = RepairGlued
	}
	return toks
}

// digitInsideLetters reports whether the digits starting at k sit between
// letters of one word ("H0à", "Nộ1"): a scanning error for a letter.
func digitInsideLetters(s string, k, j int) bool {
	e := k
	for e < j && s[e] >= '0' && s[e] <= '9' {
		e++
	}
	return e-k == 1 && e < j && letterAt(s, e) && k > 0 && letterBefore(s, k) && (s[k] == '0' || s[k] == '1')
}

// leadingOne reports whether the word s[i:j] is a 1 misread for an l
// before the letters from k on ("1ạc", "1ong", "1iên"): a vowel next,
// three letters or two with a diacritic, and no other digit ("1A", "1AB"
// are house numbers).
func leadingOne(s string, i, k, j int) bool {
	if k != i+1 || s[i] != '1' {
		return false
	}
	n, marked := 0, false
	for _, r := range s[k:j] {
		if !unicode.IsLetter(r) && !(r >= 0x300 && r <= 0x36F) {
			return false
		}
		n++
		marked = marked || r >= utf8.RuneSelf
	}
	var b [8]byte
	first := fold.AppendWord(b[:0], s[k:min(j, k+utf8.UTFMax)])
	// Three letters, or two with a diacritic: "1AB" stays a house number.
	return (n >= 3 || n == 2 && marked) && len(first) > 0 && strings.IndexByte("aeiouy", first[0]) >= 0
}

// isDigitLetterInside reports whether the letter at k follows a single 0
// or 1 that itself follows a letter of the word.
func isDigitLetterInside(s string, start, k int) bool {
	if k-start < 2 {
		return false
	}
	c := s[k-1]
	return (c == '0' || c == '1') && letterBefore(s, k-1)
}

// pieceScratch holds the buffers a word's forms are made in, zeroed once
// for the whole text rather than for every word.
type pieceScratch struct {
	kb  [128]byte
	lb  [256]byte
	typ typedText // the input method's keys the text shows
	// strs holds the tokens' keys and written letters, one after the
	// other: one allocation for the whole text rather than one a word.
	// (A Builder never changes what it has written: growing, it copies,
	// and the strings already made keep the bytes they were made from.)
	strs strings.Builder
}

// keep returns key and lower as strings of sc.strs; one string serves
// both when they are the same (plain ASCII).
func (sc *pieceScratch) keep(key, lower []byte) (string, string) {
	start := sc.strs.Len()
	sc.strs.Write(key)
	if string(lower) == string(key) {
		k := sc.strs.String()[start:]
		return k, k
	}
	sc.strs.Write(lower)
	all := sc.strs.String()[start:]
	return all[:len(key)], all[len(key):]
}

// appendPiece appends the token of s[i:j], cutting glued names apart.
func appendPiece(toks []token, s string, i, j int, sep sepKind, reps *[]Repair, sc *pieceScratch) []token {
	key, lw := fold.AppendForms(sc.kb[:0], sc.lb[:0], s[i:j])
	if len(key) == 0 {
		// Digits of other scripts, a lone mark: no name holds it, but the
		// word stays in the text read (street, remainder), never dropped.
		return append(toks, token{start: i, end: j, sep: sep, key: "_", lower: "_"})
	}
	var rk RepairKind
	// Scanning errors: Vietnamese has no "rn" and no digit inside a word.
	if fixed, ok := mendScan(key); ok {
		key = fixed
		rk = RepairScan
	}
	t := token{start: i, end: j, sep: sep, repaired: rk}
	t.digits = allDigits(key)
	if t.digits {
		for len(key) > 1 && key[0] == '0' {
			key = key[1:]
		}
	}
	t.key, t.lower = sc.keep(key, lw)
	if rk != 0 {
		*reps = append(*reps, Repair{Kind: RepairScan, Span: Span{i, j}, Text: s[i:j]})
	}
	if !t.digits && len(key) >= 5 && vowelGroups(key) >= 2 && t.key != "vietnam" {
		if cuts := admin.SplitGlued(t.key); len(cuts) > 0 && j-i == len(t.key) && rk == 0 {
			// ASCII letters and digits only (the word written is as long as
			// its key): key and input align byte for byte, so the pieces'
			// spans in the input are exact.
			prev := 0
			for c, cut := range append(cuts, len(t.key)) {
				p := token{start: i + prev, end: i + cut, key: t.key[prev:cut], lower: t.lower[prev:cut], sep: sepNone, repaired: RepairGlued}
				if c == 0 {
					p.sep = sep
				}
				toks = append(toks, p)
				prev = cut
			}
			return toks
		} else if len(cuts) > 0 && rk == 0 {
			return appendGluedWritten(toks, s, i, j, t, cuts, sep)
		}
	}
	return append(toks, t)
}

// appendGluedWritten cuts a glued word that carries diacritics: the cut
// positions in the key are mapped back to the written letters.
func appendGluedWritten(toks []token, s string, i, j int, t token, cuts []int, sep sepKind) []token {
	// Walk the written word, counting key letters.
	bounds := []int{i}
	ci := 0
	count := 0
	var b [8]byte
	for k := i; k < j && ci < len(cuts); {
		_, n := utf8.DecodeRuneInString(s[k:])
		count += len(fold.AppendWord(b[:0], s[k:k+n]))
		k += n
		// skip following combining marks
		for k < j {
			r2, n2 := utf8.DecodeRuneInString(s[k:])
			if r2 < 0x300 || r2 > 0x36F {
				break
			}
			k += n2
		}
		if count == cuts[ci] {
			bounds = append(bounds, k)
			ci++
		}
	}
	if ci != len(cuts) {
		return append(toks, t)
	}
	bounds = append(bounds, j)
	prev := 0
	for c := 0; c+1 < len(bounds); c++ {
		cut := len(t.key)
		if c < len(cuts) {
			cut = cuts[c]
		}
		var lb [128]byte
		p := token{start: bounds[c], end: bounds[c+1], key: t.key[prev:cut], sep: sepNone, repaired: RepairGlued}
		p.lower = string(fold.AppendLower(lb[:0], s[bounds[c]:bounds[c+1]]))
		if c == 0 {
			p.sep = sep
		}
		toks = append(toks, p)
		prev = cut
	}
	return toks
}

// mendScan replaces the letter groups no Vietnamese word has: "rn"
// (scanned "m") and a 0 or 1 between letters (o, l).
func mendScan(key []byte) ([]byte, bool) {
	if !needsMend(key) {
		return key, false
	}
	changed := false
	out := key[:0:0]
	for k := 0; k < len(key); k++ {
		c := key[k]
		switch {
		case c == 'r' && k+1 < len(key) && key[k+1] == 'n':
			out = append(out, 'm')
			k++
			changed = true
			continue
		case c == '1' && k == 0 && len(key) >= 3 && isLower(key[1]) && strings.IndexByte("aeiouy", key[1]) >= 0 && allLower(key[1:]):
			out = append(out, 'l') // "1ạc": l misread at the start of a word
			changed = true
			continue
		case (c == '0' || c == '1') && k > 0 && k+1 < len(key) && isLower(key[k-1]) && isLower(key[k+1]):
			if c == '0' {
				out = append(out, 'o')
			} else {
				out = append(out, 'l')
			}
			changed = true
			continue
		}
		out = append(out, c)
	}
	if !changed {
		return key, false
	}
	return out, true
}

// needsMend reports whether key has a letter group mendScan replaces:
// "rn", a 0 or 1 after a letter, or a 1 before one opening the word.
// (Most keys have none: the second letter of each pair rules out nearly
// all of them.)
func needsMend(key []byte) bool {
	if len(key) < 2 {
		return false
	}
	if key[0] == '1' && isLower(key[1]) {
		return true
	}
	for k := 1; k < len(key); k++ {
		switch c := key[k]; {
		case c > 'n', c > '1' && c < 'n':
		case c == 'n':
			if key[k-1] == 'r' {
				return true
			}
		case c >= '0':
			if isLower(key[k-1]) {
				return true
			}
		}
	}
	return false
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

func allLower(b []byte) bool {
	for _, c := range b {
		if !isLower(c) {
			return false
		}
	}
	return true
}

// allDigits reports whether b is one or more ASCII digits.
func allDigits[T string | []byte](b T) bool {
	if len(b) == 0 {
		return false
	}
	for i := 0; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' {
			return false
		}
	}
	return true
}

// vowelGroups counts the runs of vowels in a folded word: a Vietnamese
// syllable has one ("nguyen", "truong"), so a word with two or more is
// several written together ("hanoi", "caugiay").
func vowelGroups(key []byte) int {
	n := 0
	in := false
	for _, c := range key {
		v := c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
		if v && !in {
			n++
		}
		in = v
	}
	return n
}

// Rune classes of U+0000-U+1EFF (Latin and Latin Extended Additional,
// where the Vietnamese letters with tone marks are, and the combining marks
// between them), made once from the Unicode tables when the package loads
// (8 KB, well under a millisecond): the tokenizer asks for every rune, and
// the tables' searches would dominate otherwise.
const (
	classLetter = 1 << iota
	classUpper
	classLower
	classWord // a letter, a digit or a combining mark: a word's rune
)

var runeClasses = func() (t [0x1F00]uint8) {
	for r := range rune(len(t)) {
		t[r] = otherClass(r)
	}
	return t
}()

// runeClass returns the class of r.
func runeClass(r rune) uint8 {
	if uint32(r) < uint32(len(runeClasses)) {
		return runeClasses[r]
	}
	return otherClass(r)
}

// otherClass is runeClass outside the table, kept apart so that the table
// look-up inlines.
func otherClass(r rune) uint8 {
	var c uint8
	if unicode.IsLetter(r) {
		c |= classLetter | classWord
	}
	if r >= 0x300 && r <= 0x36F || unicode.IsDigit(r) {
		c |= classWord
	}
	if unicode.IsUpper(r) {
		c |= classUpper
	}
	if unicode.IsLower(r) {
		c |= classLower
	}
	return c
}

// scannedNumber reads a word of digits in which scanning read a zero as
// the letter O and a one as l or I ("1O", "l2"): its digits, without
// leading zeros, when the word has a digit and nothing but digits and
// those letters.
func scannedNumber(w string) (string, bool) {
	digit, letter := false, false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c == 'O' || c == 'o' || c == 'l' || c == 'I':
			letter = true
		default:
			return "", false
		}
	}
	if !digit || !letter || len(w) > 6 {
		return "", false
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch c {
		case 'O', 'o':
			c = '0'
		case 'l', 'I':
			c = '1'
		}
		if c == '0' && len(b) == 0 && i+1 < len(w) {
			continue
		}
		b = append(b, c)
	}
	return string(b), true
}
