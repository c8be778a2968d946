package address

import "strconv"

// Numbers written in words, as they are said: "mười tám" (18), "sáu mươi
// tám" (68), "ba mươi tư" (34), "một trăm linh năm" (105), "hai mươi mốt"
// (21). Words are matched as written (lower case, NFC, with their marks):
// without them "ba", "nam", "sau" are too many other words.
var (
	digitWords = map[string]int{"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
	// the forms a unit digit takes after mươi or mười
	afterTens = map[string]int{"mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5}
)

// wordsNumber reads a number written in words from words ws (as written),
// up to 999: its value and how many words it takes; n is 0 when ws does
// not begin with one.
func wordsNumber(ws []segment) (v, n int) {
	w := func(i int) string {
		if i < len(ws) {
			return writtenLower(ws[i].text)
		}
		return ""
	}
	unitAfterTens := func(i int) (int, int) {
		if d, ok := digitWords[w(i)]; ok {
			return d, 1
		}
		if d, ok := afterTens[w(i)]; ok {
			return d, 1
		}
		return 0, 0
	}
	// tens reads "mười [u]" or "d mươi [u]" from i.
	tens := func(i int) (int, int) {
		if w(i) == "mười" {
			u, k := unitAfterTens(i + 1)
			if k > 0 && u == 1 && w(i+1) == "mốt" {
				return 0, 0 // "mười mốt" is no number
			}
			return 10 + u, 1 + k
		}
		if d, ok := digitWords[w(i)]; ok && d >= 2 && w(i+1) == "mươi" {
			u, k := unitAfterTens(i + 2)
			return 10*d + u, 2 + k
		}
		return 0, 0
	}
	if d, ok := digitWords[w(0)]; ok && w(1) == "trăm" {
		v, n = 100*d, 2
		if t, k := tens(n); k > 0 {
			return v + t, n + k
		}
		if w(n) == "linh" || w(n) == "lẻ" {
			if u, ok := digitWords[w(n+1)]; ok {
				return v + u, n + 2
			}
		}
		return v, n
	}
	if t, k := tens(0); k > 0 {
		return t, k
	}
	if d, ok := digitWords[w(0)]; ok {
		return d, 1
	}
	return 0, 0
}

// numberInWords reads, at word i of ws, a number written in words as a
// house's or an alley's: several words ("mười tám", "ba mươi tư"), or
// one when one says it is a number ("số tám"), and records the repair.
// ok is false, and nothing is recorded, when there is none.
func (a *Address) numberInWords(ws []segment, i int, one bool) (digits string, n int, ok bool) {
	v, n := wordsNumber(ws[i:])
	if n == 0 || n == 1 && !one {
		return "", 0, false
	}
	if n == 1 && i+1 < len(ws) {
		// One word only before a street's or an alley's word: "số tám
		// đường Lê Lợi", not "Số Hai Bà Trưng".
		var kb [4]string
		if !isHeadKeyword(wordKeys(kb[:0], ws[i+1:min(len(ws), i+4)])) {
			return "", 0, false
		}
	}
	digits = strconv.Itoa(v)
	a.Repairs = append(a.Repairs, Repair{Kind: RepairNumber, Span: Span{ws[i].start, ws[i+n-1].end}, To: digits})
	return digits, n, true
}

// unitNumbersInWords reads a ward's or a district's number said in words
// of two or more ("phường mười lăm, quận mười một"), right after its type
// word and closing its part, as one token of its digits, and records the
// repair. (One word, "phường tám", is read where units are: see
// numberWordOfUnit.)
func unitNumbersInWords(s string, toks []token, reps *[]Repair) []token {
	for k := 1; k+1 < len(toks); k++ {
		if toks[k].sep == sepNone || toks[k].sep >= sepDash || !startsNumber(toks[k].lower) || !wardOrDistrictWords[toks[k-1].lower] {
			continue
		}
		var wb [6]segment
		ws := wb[:0]
		for j := k; j < len(toks) && j < k+6 && (j == k || toks[j].sep < sepDash); j++ {
			ws = append(ws, segment{text: s[toks[j].start:toks[j].end], start: toks[j].start, end: toks[j].end})
		}
		v, n := wordsNumber(ws)
		if n < 2 || !closesNumber(toks, k+n) {
			continue
		}
		d := strconv.Itoa(v)
		*reps = append(*reps, Repair{Kind: RepairNumber, Span: Span{toks[k].start, toks[k+n-1].end}, To: d})
		toks[k] = token{start: toks[k].start, end: toks[k+n-1].end, key: d, lower: d, sep: toks[k].sep, digits: true}
		toks = append(toks[:k+1], toks[k+n:]...)
	}
	return toks
}

// startsNumber reports whether a word (as written) may begin a number
// said in words.
func startsNumber(w string) bool {
	switch w {
	case "mười", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín":
		return true
	}
	return false
}
