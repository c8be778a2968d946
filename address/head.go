package address

import (
	"strings"

	"github.com/diachi-vn/diachi/address/admin"
)

// keywords of the head, folded.
var (
	houseWords  = [][]string{{"so", "nha"}, {"so"}, {"sn"}}
	alleyKinds  = map[string]AlleyKind{"ngo": Ngo, "ngach": Ngach, "hem": Hem, "kiet": Kiet}
	streetWords = [][]string{{"dai", "lo"}, {"quoc", "lo"}, {"tinh", "lo"}, {"pho"}, {"duong"}, {"ql"}, {"tl"}}
	unitWords   = [][]string{{"thanh", "pho"}, {"thi", "xa"}, {"thi", "tran"}, {"dac", "khu"}, {"tinh"}, {"tp"}, {"quan"}, {"q"}, {"huyen"}, {"h"}, {"tx"}, {"phuong"}, {"p"}, {"xa"}, {"x"}, {"tt"}}
	placeWords  = [][]string{{"to", "dan", "pho"}, {"khu", "pho"}, {"thon"}, {"xom"}, {"ap"}, {"ban"}, {"tdp"}, {"kp"}, {"to"}, {"khu"}, {"doi"}}
)

// startsWith reports whether the folded words ws begin with one of the
// phrases, and how many words it took.
func startsWith(ws []string, phrases [][]string) int {
	for _, p := range phrases {
		if len(ws) >= len(p) && equalFold(ws[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

func equalFold(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// glued place forms: KP3, TDP5, "Tổ 7".
func gluedPlace(w string) bool {
	for _, p := range []string{"kp", "tdp"} {
		if strings.HasPrefix(w, p) && len(w) > len(p) && w[len(p)] >= '0' && w[len(p)] <= '9' {
			return true
		}
	}
	return false
}

// readHead reads house number, alleys, street and place from the parts
// before the administrative units.
func (a *Address) readHead(segs []segment) {
	var rest []string
	read, total := 0, 0
	var wb [24]segment
	var kb [24]string
	for _, sg := range segs {
		ws := wordsOf(wb[:0], sg)
		keys := foldWords(kb[:0], ws)
		total += len(ws)
		if a.Place == "" && (startsWith(keys, placeWords) > 0 || (len(keys) > 0 && gluedPlace(keys[0]))) {
			a.Place = Normalize(sg.text)
			a.Spans[CompPlace] = segSpan(sg)
			read += len(ws)
			continue
		}
		// A part that begins like an administrative unit but was not
		// resolved as one stays unread: it is not a street.
		if k := startsWith(keys, unitWords); k > 0 && k < len(keys) {
			rest = append(rest, sg.text)
			continue
		}
		used := a.readWords(sg, ws, keys)
		read += used
		if used < len(ws) {
			rest = append(rest, sg.text)
		}
	}
	a.Remainder = strings.Join(rest, ", ")
	if total > 0 {
		a.headConf = float64(read) / float64(total)
	} else {
		a.headConf = 1
	}
}

// foldWords appends to keys each word folded (lower case, no
// diacritics, no inner punctuation).
func foldWords(keys []string, ws []segment) []string {
	// All words folded into one string, then sliced: one allocation in
	// all instead of one a word.
	var b [256]byte
	var eb [25]int
	buf, ends := b[:0], eb[:1]
	for _, w := range ws {
		buf = admin.AppendFoldWord(buf, w.text)
		ends = append(ends, len(buf))
	}
	all := string(buf)
	for i := range ws {
		keys = append(keys, all[ends[i]:ends[i+1]])
	}
	return keys
}

// readWords reads a run of words: a house number, alley levels and a
// street. It returns how many words it used.
func (a *Address) readWords(sg segment, ws []segment, keys []string) int {
	leftover := sg.leftover
	// text of words from..to-1 as written (Normalize collapses the spaces)
	text := func(from, to int) string {
		if to <= from {
			return ""
		}
		return sg.text[ws[from].start-sg.start : ws[to-1].end-sg.start]
	}
	used := 0
	i := 0
	spanOf := func(from, to int) Span { return Span{ws[from].start, ws[to-1].end} }
	for i < len(ws) {
		switch {
		case !a.HouseNumber.IsValid() && len(a.Alleys) == 0 && a.Street == "":
			// "Số 12", "số nhà 12", "SN 12", or the number alone.
			k := startsWith(keys[i:], houseWords)
			if i+k < len(ws) {
				if h, err := ParseHouseNumber(ws[i+k].text); err == nil {
					a.HouseNumber = h
					a.Spans[CompHouseNumber] = spanOf(i, i+k+1)
					// The alleys of a number are kept canonical: their text is
					// each alley's number.
					for rest := h.alleys(); rest != ""; {
						var num string
						num, rest, _ = strings.Cut(rest, "/")
						a.Alleys = append(a.Alleys, Alley{Kind: Slash, Number: num})
					}
					used += k + 1
					i += k + 1
					continue
				}
			}
			if k > 0 {
				return used // "số" without a number: leave it
			}
			fallthrough
		default:
			if kind, ok := alleyKinds[keys[i]]; ok && i+1 < len(ws) {
				start := i
				i++
				al := Alley{Kind: kind}
				if ws[i].text[0] >= '0' && ws[i].text[0] <= '9' {
					al.Number = ws[i].text
					if h, err := ParseHouseNumber(ws[i].text); err == nil {
						al.Number = h.String()
					}
					i++
				} else {
					j := i
					for j < len(ws) && !isHeadKeyword(keys[j:]) {
						j++
					}
					al.Name = Normalize(text(i, j))
					i = j
				}
				a.Alleys = append(a.Alleys, al)
				sp := spanOf(start, i)
				if prev := a.Spans[CompAlleys]; prev.End > 0 {
					sp.Start = prev.Start
				}
				a.Spans[CompAlleys] = sp
				used += i - start
				continue
			}
			if a.Street == "" {
				// The street: from a street word, or whatever follows a
				// house number or an alley, to the end.
				// Words left in front of a comma-less tail are a street only
				// when something says so.
				if startsWith(keys[i:], streetWords) > 0 || a.HouseNumber.IsValid() || len(a.Alleys) > 0 || (i == 0 && !leftover) {
					a.Street = Normalize(text(i, len(ws)))
					a.Spans[CompStreet] = spanOf(i, len(ws))
					return used + len(ws) - i
				}
			}
			return used
		}
	}
	return used
}

func isHeadKeyword(keys []string) bool {
	if _, ok := alleyKinds[keys[0]]; ok {
		return true
	}
	return startsWith(keys, streetWords) > 0
}

// confidence of the whole reading: how sure the units are, times how much
// of the rest was read.
func (a *Address) confidence() float64 {
	tail := a.tailConf
	if a.Version == 0 {
		tail = 0.3 // no unit read at all
	}
	return tail * (0.5 + 0.5*a.headConf)
}
