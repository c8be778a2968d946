package address

import (
	"errors"
	"fmt"
	"strings"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/postal"
)

// AlleyKind is the kind of an alley level.
type AlleyKind uint8

const (
	Ngo   AlleyKind = iota + 1 // ngõ (North)
	Ngach                      // ngách (North, an alley of an alley)
	Hem                        // hẻm (South; a hẻm of a hẻm too)
	Kiet                       // kiệt (Centre)
	Slash                      // a level of a southern slash chain (130/20/2)
)

var alleyWords = [...]string{"", "ngõ", "ngách", "hẻm", "kiệt", ""}

// String returns the word written before the alley's number ("ngõ"), ""
// for a slash level.
func (k AlleyKind) String() string {
	if int(k) < len(alleyWords) {
		return alleyWords[k]
	}
	return ""
}

// Alley is one level of an alley chain, with its number or name.
type Alley struct {
	Kind   AlleyKind
	Number string // "34", "20A"; empty for a named alley
	Name   string // "Trại Cá"; empty for a numbered one
}

// Component names a part of an address, for spans.
type Component uint8

const (
	CompHouseNumber Component = iota + 1
	CompAlleys
	CompStreet
	CompPlace
	CompCommune
	CompDistrict
	CompProvince
	CompPostcode
	CompCountry
	numComponents
)

// Span is a byte range [Start, End) of the input.
type Span struct{ Start, End int }

// Address is an address as written, read into its parts. Units are
// resolved in one dataset version ([Address.Version]); a component that is
// not in the text is zero. Nothing is invented: a commune's province is
// filled in from the gazetteer (it is implied), a street never is.
type Address struct {
	HouseNumber HouseNumber
	Alleys      []Alley
	Street      string // as written (normalized), with its type word: "Phố Trần Duy Hưng"
	Place       string // thôn, xóm, ấp, bản, tổ dân phố, khu phố: "Thôn 3"
	Commune     admin.Unit
	District    admin.Unit // legacy addresses only
	Province    admin.Unit
	Version     admin.Version // of the units; 0 if none was read
	Postcode    postal.Code
	Remainder   string // what could not be read, as written
	// Spans of the components found, in the input given to Parse, indexed
	// by Component; a component not found has the zero Span.
	Spans [numComponents]Span
	// Confidence in [0, 1] of the reading as a whole.
	Confidence float64
	// Alternatives: other readings of the administrative units when the
	// text is ambiguous (the Address itself carries none of them then).
	Alternatives []admin.Reading

	tailConf, headConf float64
}

// ErrParse is wrapped by Parse's errors.
var ErrParse = errors.New("address: cannot parse")

// MaxAddressLength bounds the input of Parse.
const MaxAddressLength = 1024

// segment is a comma-separated part of the input with its byte range.
type segment struct {
	text       string // trimmed, as written
	start, end int
	leftover   bool // words left in front of units written without commas
}

func splitSegments(s string) []segment {
	out := make([]segment, 0, strings.Count(s, ",")+1)
	for pos := 0; pos <= len(s); {
		end := strings.IndexByte(s[pos:], ',')
		if end < 0 {
			end = len(s)
		} else {
			end += pos
		}
		part := s[pos:end]
		if t := strings.TrimSpace(part); t != "" {
			lead := strings.Index(part, t)
			out = append(out, segment{text: t, start: pos + lead, end: pos + lead + len(t)})
		}
		pos = end + 1
	}
	return out
}

// foldedIs reports whether the words of s, folded and joined without
// spaces, are one of keys ("Việt Nam", "viet nam", "VN"), without
// allocating.
func foldedIs(s string, keys ...string) bool {
	if len(s) > 32 {
		return false
	}
	var b [64]byte
	k := admin.AppendFoldWord(b[:0], s)
	for _, key := range keys {
		if string(k) == key {
			return true
		}
	}
	return false
}

// Parse reads an address as people write it: the northern form ("Số 12
// ngõ 34 ngách 56 phố X, …"), the southern slash form ("130/20/2 Đường X,
// …"), rural places (thôn, xóm, ấp, bản, tổ, khu phố), legacy units with
// their district or 2025 units without, with or without commas, a postcode
// and "Việt Nam" anywhere. It returns every part it found with its span
// and a confidence, and the rest as Remainder. An error means the input
// is empty or longer than [MaxAddressLength]; anything else parses, with
// a low confidence when little was understood.
func Parse(s string) (Address, error) {
	if len(s) > MaxAddressLength {
		return Address{}, fmt.Errorf("%w: %d bytes, at most %d", ErrParse, len(s), MaxAddressLength)
	}
	if strings.TrimSpace(s) == "" {
		return Address{}, fmt.Errorf("%w: empty", ErrParse)
	}
	var a Address
	segs := splitSegments(s)
	// Country and postcode anywhere.
	var rest []segment
	for _, sg := range segs {
		switch {
		case len(sg.text) <= 12 && foldedIs(sg.text, "vietnam", "vn"): // "Việt Nam" and its spellings are short
			a.Spans[CompCountry] = Span{sg.start, sg.end}
		case isPostcodeText(sg.text):
			if pc, err := postal.Parse(sg.text); err == nil {
				a.Postcode = pc
				a.Spans[CompPostcode] = Span{sg.start, sg.end}
			} else {
				rest = append(rest, sg)
			}
		default:
			rest = append(rest, sg)
		}
	}
	// A postcode or country at the end of the last part ("Hà Nội 10000").
	if n := len(rest); n > 0 {
		rest[n-1] = a.trailing(rest[n-1])
		if rest[n-1].text == "" {
			rest = rest[:n-1]
		}
	}
	head := a.units(rest)
	a.readHead(head)
	a.Confidence = a.confidence()
	return a, nil
}

func isPostcodeText(t string) bool {
	if len(t) != 5 && len(t) != 6 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// trailing strips a final postcode and/or "Việt Nam" from a segment.
func (a *Address) trailing(sg segment) segment {
	var wb [16]segment
	for {
		words := wordsOf(wb[:0], sg)
		if len(words) < 2 {
			return sg
		}
		last := words[len(words)-1]
		switch {
		case !a.Postcode.IsValid() && len(last.text) == 5 && isPostcodeText(last.text):
			a.Postcode, _ = postal.Parse(last.text)
			a.Spans[CompPostcode] = Span{last.start, last.end}
		case len(words) >= 2 && foldedIs(words[len(words)-2].text, "viet") && foldedIs(last.text, "nam"):
			a.Spans[CompCountry] = Span{words[len(words)-2].start, last.end}
			last = words[len(words)-2]
		case foldedIs(last.text, "vietnam"):
			a.Spans[CompCountry] = Span{last.start, last.end}
		default:
			return sg
		}
		sg = segment{text: strings.TrimSpace(sg.text[:last.start-sg.start]), start: sg.start}
		sg.end = sg.start + len(sg.text)
	}
}

// wordsOf appends the words of a segment, with their byte ranges, to out.
func wordsOf(out []segment, sg segment) []segment {
	i := 0
	for i < len(sg.text) {
		for i < len(sg.text) && sg.text[i] == ' ' {
			i++
		}
		j := i
		for j < len(sg.text) && sg.text[j] != ' ' {
			j++
		}
		if j > i {
			out = append(out, segment{text: sg.text[i:j], start: sg.start + i, end: sg.start + j})
		}
		i = j
	}
	return out
}

// tailChoice is one reading of the administrative tail.
type tailChoice struct {
	res      admin.Resolution
	version  admin.Version
	units    int      // units read: province, commune, district
	segments int      // whole segments consumed
	headRest *segment // words of the last segment left for the head
	spans    [3]Span  // commune, district, province
	district bool
}

func statusRank(s admin.Status) int {
	switch s {
	case admin.Resolved:
		return 4
	case admin.Tolerated:
		return 3
	case admin.Ambiguous:
		return 2
	}
	return 0
}

// better prefers a sure reading (resolved or tolerated) to an ambiguous
// one, then the reading of more units (an exact province alone must not
// beat a tolerantly matched commune and province), then the surer status,
// then 2025 over legacy when no district was written, then confidence.
func better(x, y tailChoice) bool {
	sure := func(c tailChoice) int { return min(statusRank(c.res.Status), 3) }
	if sure(x) != sure(y) {
		return sure(x) > sure(y)
	}
	if x.units != y.units {
		return x.units > y.units
	}
	if statusRank(x.res.Status) != statusRank(y.res.Status) {
		return statusRank(x.res.Status) > statusRank(y.res.Status)
	}
	if x.version != y.version && !x.district && !y.district {
		return x.version == admin.V2025
	}
	return x.res.Confidence > y.res.Confidence
}

func segSpan(sg segment) Span { return Span{sg.start, sg.end} }

// units reads the administrative units from the end of the segments and
// returns what comes before them.
func (a *Address) units(segs []segment) []segment {
	var best tailChoice
	have := false
	var memo admin.Memo // each name is matched once across the readings
	// Richest readings first: a sure reading of more units always wins
	// (see better), so once one is found the poorer ones need no trying.
	sure := func() bool { return have && statusRank(best.res.Status) >= 3 }
	try := func(c tailChoice) {
		if statusRank(c.res.Status) > 0 && (!have || better(c, best)) {
			best, have = c, true
		}
		memo.Sure = sure() // once sure, only a sure reading can beat it
	}
	n := len(segs)
	l, v := admin.Load(admin.Legacy), admin.Load(admin.V2025)
	// A reading resolved exactly with full confidence is beaten by no
	// reading of as many units or fewer (see better): stop trying.
	unbeaten := func() bool {
		return have && best.res.Status == admin.Resolved && best.res.Confidence >= 1
	}
	if n >= 3 {
		c, d, p := segs[n-3], segs[n-2], segs[n-1]
		try(tailChoice{res: l.ResolveMemo(&memo, c.text, d.text, p.text), version: admin.Legacy, units: 3, segments: 3, spans: [3]Span{segSpan(c), segSpan(d), segSpan(p)}, district: true})
	}
	if n >= 2 && !sure() {
		c, p := segs[n-2], segs[n-1]
		sp := [3]Span{segSpan(c), {}, segSpan(p)}
		try(tailChoice{res: v.ResolveMemo(&memo, c.text, "", p.text), version: admin.V2025, units: 2, segments: 2, spans: sp})
		if !unbeaten() {
			try(tailChoice{res: l.ResolveMemo(&memo, c.text, "", p.text), version: admin.Legacy, units: 2, segments: 2, spans: sp})
		}
		if !unbeaten() {
			try(tailChoice{res: l.ResolveMemo(&memo, "", c.text, p.text), version: admin.Legacy, units: 2, segments: 2, spans: [3]Span{{}, segSpan(c), segSpan(p)}, district: true})
		}
	}
	if n >= 1 && !sure() {
		p := segs[n-1]
		try(tailChoice{res: v.ResolveMemo(&memo, "", "", p.text), version: admin.V2025, units: 1, segments: 1, spans: [3]Span{2: segSpan(p)}})
		if !unbeaten() {
			try(tailChoice{res: l.ResolveMemo(&memo, "", "", p.text), version: admin.Legacy, units: 1, segments: 1, spans: [3]Span{2: segSpan(p)}})
		}
		if !have {
			// Not a province: a commune written without its province.
			sp := [3]Span{segSpan(p), {}, {}}
			try(tailChoice{res: v.ResolveMemo(&memo, p.text, "", ""), version: admin.V2025, units: 1, segments: 1, spans: sp})
			try(tailChoice{res: l.ResolveMemo(&memo, p.text, "", ""), version: admin.Legacy, units: 1, segments: 1, spans: sp})
		}
	}
	// Without commas: split the words of the last segment.
	if n >= 1 && (!have || best.units < 2) {
		if c, ok := splitWords(segs[n-1], l, v, &memo); ok && (!have || better(c, best)) {
			best, have = c, true
		}
	}
	if !have {
		return segs
	}
	a.Version = best.version
	r := best.res
	if r.Status == admin.Ambiguous {
		a.Alternatives = r.Alternatives
		a.Province = r.Province
		a.tailConf = 0.3
	} else {
		a.Commune, a.Province = r.Commune, r.Province
		if best.district {
			a.District = r.District // a district only when written
		}
		a.tailConf = r.Confidence
	}
	for i, comp := range []Component{CompCommune, CompDistrict, CompProvince} {
		if sp := best.spans[i]; sp.End > sp.Start {
			a.Spans[comp] = sp
		}
	}
	head := segs[:n-best.segments]
	if best.headRest != nil {
		head = append(head, *best.headRest)
	}
	return head
}

// splitWords reads units from the words of one segment written without
// commas ("Cẩm Sơn Cẩm Xuyên Hà Tĩnh"), trying every split of its last
// words into commune, district and province of 1-5 words each; the words
// before them go back to the head.
func splitWords(sg segment, l, v *admin.Dataset, memo *admin.Memo) (tailChoice, bool) {
	var wb [16]segment
	ws := wordsOf(wb[:0], sg)
	n := len(ws)
	text := func(ws []segment) string {
		if len(ws) == 0 {
			return ""
		}
		return sg.text[ws[0].start-sg.start : ws[len(ws)-1].end-sg.start]
	}
	span := func(ws []segment) Span {
		if len(ws) == 0 {
			return Span{}
		}
		return Span{ws[0].start, ws[len(ws)-1].end}
	}
	var best tailChoice
	found := false
	memo.Sure = true // only sure readings split a phrase: no typo search
	consider := func(c tailChoice, first int) {
		if statusRank(c.res.Status) < 3 {
			return // only sure readings split a phrase
		}
		if first > 0 {
			rest := segment{text: text(ws[:first]), start: ws[0].start, end: ws[first-1].end, leftover: true}
			c.headRest = &rest
		}
		c.segments = 1
		if !found || better(c, best) {
			best, found = c, true
		}
	}
	for pl := 1; pl <= min(5, n); pl++ {
		prov := ws[n-pl:]
		pt := text(prov)
		if len(v.Match(admin.Province, pt, admin.Code{}))+len(l.Match(admin.Province, pt, admin.Code{})) == 0 {
			continue
		}
		consider(tailChoice{res: v.ResolveMemo(memo, "", "", pt), version: admin.V2025, units: 1, spans: [3]Span{2: span(prov)}}, n-pl)
		for cl := 1; cl <= min(5, n-pl); cl++ {
			com := ws[n-pl-cl : n-pl]
			sp := [3]Span{span(com), {}, span(prov)}
			consider(tailChoice{res: v.ResolveMemo(memo, text(com), "", pt), version: admin.V2025, units: 2, spans: sp}, n-pl-cl)
			consider(tailChoice{res: l.ResolveMemo(memo, text(com), "", pt), version: admin.Legacy, units: 2, spans: sp}, n-pl-cl)
			for dl := 1; dl <= min(5, n-pl-cl); dl++ {
				c2 := ws[n-pl-cl-dl : n-pl-cl]
				consider(tailChoice{res: l.ResolveMemo(memo, text(c2), text(com), pt), version: admin.Legacy, units: 3,
					spans: [3]Span{span(c2), span(com), span(prov)}, district: true}, n-pl-cl-dl)
			}
		}
	}
	return best, found
}
