package address

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
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
	// CompLabel is a form's field name before the address ("Địa chỉ:",
	// "Nơi thường trú:"): set aside, no part of the address.
	CompLabel
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
	StreetType  string // the street's type word, in full: "Phố", "Đường", "Quốc lộ"; "" when none is written
	StreetName  string // the street's name without its type word: "Trần Duy Hưng", "14" (Quốc lộ 14), "số 6"
	Place       string // thôn, xóm, ấp, bản, tổ dân phố, khu phố: "Thôn 3"
	Commune     admin.Unit
	District    admin.Unit // legacy addresses only
	Province    admin.Unit
	Version     admin.Version // of the units; 0 if none was read
	// ImpliedDistrict and ImpliedProvince: the level was not written; it is
	// the one the unit read below it lies in.
	ImpliedDistrict, ImpliedProvince bool
	Postcode                         postal.Code
	Remainder                        string // what could not be read, as written
	// Spans of the components found, in the input given to Parse, indexed
	// by Component; a component not found has the zero Span.
	Spans [numComponents]Span
	// Confidence in [0, 1] of the reading as a whole.
	Confidence float64
	// Alternatives: every reading of the administrative units when the
	// text is ambiguous (the Address itself then carries only what they
	// share, see [Address.Status]); and, for a complete reading, the
	// reading in the other system of units when it is as complete.
	Alternatives []admin.Reading
	// Repairs lists the noise read through: stray punctuation, glued
	// words, scanning errors, typos, abbreviations.
	Repairs []Repair

	ambiguous          bool
	tailConf, headConf float64
}

// ErrParse is wrapped by Parse's errors.
var ErrParse = errors.New("address: cannot parse")

// MaxAddressLength bounds the input of Parse.
const MaxAddressLength = 1024

// segment is a part of the input (between separators) with its byte
// range.
type segment struct {
	text       string // trimmed, as written
	start, end int
	leftover   bool // words left in front of units written without a separator
}

// opensPart reports whether a part begins as an address's street part
// does (opensAddress), or is a known street's name ("Hà Nội; Cầu Giấy;
// Dịch Vọng Hậu; Trần Thái Tông").
func opensPart(sg segment) bool {
	return opensAsAddress(sg) || knownStreetPart(sg)
}

// opensAsAddress reports whether a part begins as an address's street
// part does (opensAddress).
func opensAsAddress(sg segment) bool {
	var wb [3]segment
	ws := wordsOf(wb[:0], sg)
	return opensAddress(nil, ws[:min(3, len(ws))])
}

// markStreetNamed marks the parts after the units as leftover (a street
// only when something says so), but for a known street's name followed by
// a part holding its house number alone ("…, Dịch Vọng Hậu, Trần Thái
// Tông, số 72"): a name alone after the units is as often a receiver's
// ("…, TP HCM, Kim Anh"), people and streets being named alike.
func (a *Address) markStreetNamed(tail []segment) {
	var wb [24]segment
	for i := range tail {
		tail[i].leftover = !(i+1 < len(tail) && houseNumberAlone(wordsOf(wb[:0], tail[i+1])) && a.streetNamedPart(tail[i]))
	}
}

// streetNamedPart reports whether a part after the units is a known
// street's name, whole, and not the name of a unit read ("Hòa Bình, TP
// Hòa Bình, Phương Lâm, Hòa Bình": a street is named so too).
func (a *Address) streetNamedPart(sg segment) bool {
	if !knownStreetPart(sg) {
		return false
	}
	k := " " + fold.Key(sg.text)
	for _, n := range []string{a.Commune.Name, a.District.Name, a.Province.Name} {
		if n != "" && strings.HasSuffix(fold.Key(n), k) {
			return false
		}
	}
	return true
}

// knownStreetPart reports whether a part is a known street's name, whole.
func knownStreetPart(sg segment) bool {
	var wb [6]segment
	ws := wordsOf(wb[:0], sg)
	if len(ws) < 2 || len(ws) > 6 {
		return false
	}
	var kb [6]string
	return isKnownStreet(wordKeys(kb[:0], ws))
}

// Parse reads an address as people write it, with the default options:
// see [ParseWith].
func Parse(s string) (Address, error) { return ParseWith(s, ParseOptions{}) }

// ParseWith reads an address as people write it: the northern form ("Số
// 12 ngõ 34 ngách 56 phố X, …"), the southern slash form ("130/20/2 Đường
// X, …"), rural places (thôn, xóm, ấp, bản, tổ, khu phố), legacy units
// with their district or 2025 units without, in any order, with or
// without separators, diacritics, spaces or type words, abbreviated, with
// scanning errors and typos, a postcode and "Việt Nam" anywhere.
//
// The text is read as a whole: every run of words that may name a unit,
// in both systems and at every level, is a candidate, and the reading
// chosen is the one that explains the most of the text with a consistent
// hierarchy (a commune inside the district inside the province written),
// exact names before tolerant ones and those before typos. Levels the
// chosen units imply are filled in and marked (ImpliedDistrict,
// ImpliedProvince); nothing else is invented. What comes before the units
// is read as house number, alleys, street and place; what is not
// understood is kept in Remainder. Every place where the text was read
// other than letter for letter is listed in Repairs, and every component
// found has its span in the input.
//
// An error means the input is empty, longer than [MaxAddressLength], not
// valid UTF-8 or holds a NUL or other control character (a tab or a line
// break separates parts like a comma: an address written on two lines of
// a form or of a spreadsheet cell); anything else
// parses, with a low confidence when little was understood.
func ParseWith(s string, opts ParseOptions) (Address, error) {
	if len(s) > MaxAddressLength {
		return Address{}, fmt.Errorf("%w: %d bytes, at most %d", ErrParse, len(s), MaxAddressLength)
	}
	if err := checkText(s); err != nil {
		return Address{}, err
	}
	if strings.TrimSpace(s) == "" {
		return Address{}, fmt.Errorf("%w: empty", ErrParse)
	}
	// A second address, labelled, after the first ("Giao hàng: …; Hóa
	// đơn: …", "ĐC cũ: … - ĐC mới: …"): the first is read, the second set
	// aside, when the first has its units.
	// (The address is read where it is returned from, not copied there.)
	var a Address
	if cut, rest := secondAddress(s); cut > 0 {
		if parseText(&a, s[:cut], opts); a.Version != 0 {
			a.Remainder = strings.Join(slices.DeleteFunc([]string{a.Remainder, rest}, func(r string) bool { return r == "" }), ", ")
			return a, nil
		}
		a = Address{}
	}
	parseText(&a, s, opts)
	return a, nil
}

// secondAddress finds in s a part opening with a label of its own, closed
// by a colon, after a separator between addresses (";", "|", " - ",
// "//"): where the first address ends (cut) and the rest; cut is -1 when
// there is none. The field names of one address ("Phường/Xã:", "Địa chỉ
// cụ thể:", "ĐC:") and a unit's type word ("Phường:") are no such label.
func secondAddress(s string) (cut int, rest string) {
	if strings.IndexByte(s, ':') < 0 {
		return -1, ""
	}
	for i := 1; i < len(s); i++ {
		n := 0 // the separator's bytes
		switch {
		case s[i] == ';' || s[i] == '|':
			n = 1
		case strings.HasPrefix(s[i:], " - ") || strings.HasPrefix(s[i:], " – "):
			n = len(" - ")
			if s[i+1] != '-' {
				n = len(" – ")
			}
		case strings.HasPrefix(s[i:], "//"):
			n = 2
		}
		if n == 0 {
			continue
		}
		after := s[i+n:]
		colon := strings.IndexByte(after, ':')
		if colon <= 0 || colon > 40 || strings.ContainsAny(after[:colon], "0123456789;|,()") || strings.TrimSpace(after[colon+1:]) == "" {
			continue
		}
		label := strings.Fields(fold.Key(after[:colon]))
		if len(label) == 0 || len(label) > 4 || isFieldName(label) {
			continue
		}
		if _, typ := fold.Lookup(label[0]); typ {
			continue
		}
		return i, strings.TrimSpace(after)
	}
	return -1, ""
}

// isFieldName reports whether words (folded) are a field name of one
// address (fieldNames).
func isFieldName(words []string) bool {
	for _, l := range fieldNames {
		if len(l) == len(words) && equalWords(l, words) {
			return true
		}
	}
	return false
}

// parseText is ParseWith on a text already checked, read into a, which
// is the zero Address.
func parseText(a *Address, s string, opts ParseOptions) {
	tb := tokPool.Get().(*[]token)
	defer func() {
		if cap(*tb) <= maxPooledTokens {
			tokPool.Put(tb)
		}
	}()
	toks := tokenize((*tb)[:0], s, &a.Repairs)
	*tb = toks
	toks = unitNumbersInWords(s, toks, &a.Repairs)
	n := a.label(s, toks)
	if n == 0 {
		n = a.anyLabel(s, toks)
	}
	if n > 0 {
		// The text is read from the word after the label, as if it began
		// there.
		toks = toks[n:]
		toks[0].sep = sepHard
	}
	skip := make([]bool, len(toks)+1)
	a.postcodeAndCountry(s, toks, skip)
	former, noted := formerUnits(s, toks, skip)
	fields := fieldLabels(s, toks, skip)
	from, to := a.readUnits(s, toks, skip, opts, &a.Repairs)
	if from < 0 && noted != nil {
		// The notes of former or current units hold the only units: they
		// are the address's ("Số 5 Trần Phú (nay là phường Nha Trang,
		// tỉnh Khánh Hòa)").
		for k, n := range noted {
			skip[k] = skip[k] && !n
		}
		former = nil
		from, to = a.readUnits(s, toks, skip, opts, &a.Repairs)
	}
	if from < 0 {
		from, to = len(toks), len(toks)
	} else {
		to = max(to, a.typesAfter(toks))
	}
	// The head: the parts before the units; or, when the units come
	// first ("Hà Nội, Cầu Giấy, 12 Trần Duy Hưng"), the parts after them.
	after := len(toks)
	var hb [8]segment
	head := headSegments(hb[:0], s, toks, skip, 0, from)
	if len(head) == 0 && to < len(toks) {
		head, after = headSegments(hb[:0], s, toks, skip, to, len(toks)), to
		// After the units, a part is a street only when something says so
		// (a house number, an alley, a street word, a known street's
		// name): "…, TP HCM, gọi trước khi giao" has none.
		a.markStreetNamed(head)
	}
	if len(head) > 0 && after == len(toks) && to < len(toks) && !slices.ContainsFunc(head, opensPart) {
		// The street part after the units, something else before them
		// ("Nguyễn Văn A, Phường 5, Quận 3, TP HCM, 45 Võ Văn Tần"): both
		// are read as the head, the later part outdoing the earlier.
		var tb [8]segment
		if tail := headSegments(tb[:0], s, toks, skip, to, len(toks)); slices.ContainsFunc(tail, opensPart) {
			a.markStreetNamed(tail)
			head, after = append(head[:len(head):len(head)], tail...), to
		}
	}
	a.readHead(s, toks, head)
	if after == len(toks) && to < len(toks) && a.Street == "" && !a.HouseNumber.IsValid() && len(a.Alleys) == 0 && a.Place == "" {
		// Nothing of the address before the units (a receiver and a
		// phone number): the parts after them are read as the head.
		tail := headSegments(hb[len(head):len(head)], s, toks, skip, to, len(toks))
		if len(tail) > 0 {
			a.markStreetNamed(tail)
			after = to
			a.readMoreHead(s, toks, tail)
		}
	}
	if a.Street == "" && !a.HouseNumber.IsValid() && len(a.Alleys) == 0 {
		a.streetAmongUnits(s, toks, skip, from, after)
	}
	// Words inside and after the units that no unit explains.
	var rest []string
	if a.Remainder != "" {
		rest = append(rest, a.Remainder)
	}
	for k, j := range a.unexplained(toks, skip, from, after) {
		rest = append(rest, s[toks[k].start:toks[j-1].end])
	}
	rest = append(rest, former...)
	rest = append(rest, fields...)
	a.Remainder = strings.Join(rest, ", ")
	for i := range a.Repairs {
		if r := &a.Repairs[i]; r.Text == "" {
			r.Text = s[r.Span.Start:r.Span.End]
		}
	}
	a.Confidence = a.confidence()
}

// tokPool holds the token buffers between parses: a text's tokens live
// only while it is parsed (what the address keeps is copied out of them).
var tokPool = sync.Pool{New: func() any {
	ts := make([]token, 0, 32)
	return &ts
}}

// maxPooledTokens bounds a buffer kept in tokPool.
const maxPooledTokens = 512

// checkText refuses text that is not valid UTF-8 or holds control
// characters: spans count the bytes given, so nothing may be replaced.
func checkText(s string) error {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return &ParseError{Input: s, Pos: i, Msg: fmt.Sprintf("control character %U", rune(c))}
			}
			i++
		// Every control character is ASCII, so a longer character need
		// only be valid. The two- and three-byte ones of Vietnamese text
		// (Latin-1 and Latin Extended letters, U+1EA0–U+1EF9) are checked
		// here, lead and continuation bytes alike; the lead bytes left
		// out (E0, ED) allow a narrower second byte, and go with the rest
		// to the decoder.
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		case c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 {
				return &ParseError{Input: s, Pos: i, Msg: "invalid UTF-8"}
			}
			i += n
		}
	}
	return nil
}

// typesAfter takes into a unit's span the English type word written after
// its name ("Ben Nghe Ward", "Dong Anh District", "Ho Chi Minh City"),
// returning the token after the last one taken (0 for none).
func (a *Address) typesAfter(toks []token) int {
	to := 0
	for _, c := range []Component{CompCommune, CompDistrict, CompProvince} {
		sp := a.Spans[c]
		if sp.End <= sp.Start {
			continue
		}
		for k := range toks {
			if toks[k].start < sp.End {
				continue
			}
			if toks[k].sep < sepDash && typeAfterName[toks[k].key] {
				a.Spans[c].End = toks[k].end
				to = max(to, k+1)
			}
			break
		}
	}
	return to
}

// typeAfterName are the type words English writes after a unit's name.
var typeAfterName = map[string]bool{"ward": true, "district": true, "dist": true, "commune": true, "province": true, "city": true}

// streetAmongUnits reads, when nothing of a street was read, the first
// part among the units [from, to) that no unit explains and that opens as
// a street part does ("phường Bến Nghé, quận 1, 24 Tôn Đức Thắng,
// TP.HCM"), and sets its words aside from the remainder (skip).
func (a *Address) streetAmongUnits(s string, toks []token, skip []bool, from, to int) {
	for k, j := range a.unexplained(toks, skip, from, to) {
		if k > from && toks[k].sep >= sepDash && (j == len(toks) || toks[j].sep >= sepDash) {
			if sg := (segment{text: s[toks[k].start:toks[j-1].end], start: toks[k].start, end: toks[j-1].end}); opensAsAddress(sg) {
				a.readMoreHead(s, toks, []segment{sg})
				for i := k; i < j; i++ {
					skip[i] = true
				}
				return
			}
		}
	}
}

// unexplained yields the runs of words [k, j) among tokens [from, to)
// that are neither set aside (skip) nor part of a unit read, each within
// a part.
func (a *Address) unexplained(toks []token, skip []bool, from, to int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for k := from; k < to; {
			if skip[k] || a.inUnits(toks, k) {
				k++
				continue
			}
			j := k + 1
			for j < to && !skip[j] && !a.inUnits(toks, j) && toks[j].sep < sepDash {
				j++
			}
			if !yield(k, j) {
				return
			}
			k = j
		}
	}
}

// readMoreHead reads parts as the head after a first reading, keeping
// what that reading left in the remainder.
func (a *Address) readMoreHead(s string, toks []token, segs []segment) {
	before := a.Remainder
	a.readHead(s, toks, segs)
	a.Remainder = strings.Join(slices.DeleteFunc([]string{before, a.Remainder}, func(r string) bool { return r == "" }), ", ")
}

// inUnits reports whether token k is part of a unit read.
func (a *Address) inUnits(toks []token, k int) bool {
	t := &toks[k]
	// (The spans of the commune, the district and the province, in the
	// order of the components.)
	for _, sp := range a.Spans[CompCommune : CompProvince+1] {
		if sp.End > sp.Start && t.start >= sp.Start && t.end <= sp.End {
			return true
		}
	}
	return false
}

// formLabels are the field names forms and registers write before an
// address, folded, the longer of two that begin alike first.
var formLabels = func() [][]string {
	var out [][]string
	for _, l := range []string{
		"dia chi thuong tru", "dia chi tam tru", "dia chi lien he", "dia chi giao hang", "dia chi nha", "dia chi", "dc",
		"noi thuong tru", "thuong tru tai", "thuong tru", "ho khau thuong tru", "hktt",
		"noi o hien tai", "noi o hien nay", "cho o hien nay", "cho o hien tai", "noi o",
		"noi tam tru", "tam tru", "que quan", "nguyen quan", "noi sinh", "address",
		"noi dang ky ho khau thuong tru", "noi dang ky thuong tru", "noi dkhk thuong tru", "noi dkhktt", "noi cu tru",
		"tru quan", "tam tru tai", "tru tai", "o tai",
		"d c", "dc moi", "dia chi moi", "ho khau", "que", "lh", "lien he", "giao hang toi", "giao hang", "giao toi",
		"quyen su dung dat tai", "tai",
		// said rather than written, or typed in a chat: "Ship tới 56 Phan
		// Xích Long", "địa chỉ của tôi là …", "em ở số 8 …"
		"ship toi", "ship den", "giao den", "gui toi", "gui den", "chuyen toi", "chuyen den",
		"dia chi cua toi la", "dia chi cua em la", "dia chi cua minh la", "dia chi giao hang la", "dia chi la",
		"giao ve", "gui ve", "ship ve", "chuyen ve", "giao cho em ve", "gui cho em ve", "giao giup em ve", "gui giup em ve",
		"chi gui ve", "anh gui ve", "em gui ve",
		"nha em o", "nha toi o", "nha minh o", "em o", "toi o", "minh o", "kh",
	} {
		out = append(out, strings.Fields(l))
	}
	return out
}()

// saidLabelEnd are the last words of labels that need no colon.
var saidLabelEnd = map[string]bool{"tai": true, "toi": true, "den": true, "la": true, "o": true, "ve": true}

// formLabelFirst are the first words of formLabels: a text opening with
// none of them has no label.
var formLabelFirst = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range formLabels {
		m[l[0]] = true
	}
	return m
}()

// label sets aside a form's field name opening the text and closed by a
// colon ("Nơi thường trú: Thôn 3, …"), returning how many words it took.
func (a *Address) label(s string, toks []token) int {
	if len(toks) == 0 || !formLabelFirst[toks[0].key] {
		return 0
	}
	for _, l := range formLabels {
		n := len(l)
		if n >= len(toks) {
			continue
		}
		match := true
		for i, w := range l {
			if toks[i].key != w {
				match = false
				break
			}
		}
		// Closed by a colon or a dash between spaces ("HKTT - Xóm 9");
		// "… tại" (at), "… tới", "… về" (to), "… là" (is), "… ở" (lives
		// at) need none ("Trú tại thôn 3"), but "Tại" alone does.
		gap := s[toks[n-1].end:toks[n].start]
		if match && (strings.Contains(gap, ":") || toks[n].sep == sepDash && strings.Contains(gap, " ") || n > 1 && saidLabelEnd[l[n-1]]) {
			a.Spans[CompLabel] = Span{toks[0].start, toks[n-1].end}
			return n
		}
	}
	return 0
}

// anyLabel is a form's field name not in formLabels: up to eight words
// without a digit, not opening with a unit's type word, with a word
// forms use, then a colon, opening the text ("Nơi cư trú hiện tại:", "Vị
// trí xây dựng:", "Địa chỉ thường trú (theo CCCD):"; "Hà Nội:" is no
// label). It returns how many tokens it takes.
func (a *Address) anyLabel(s string, toks []token) int {
	if len(toks) == 0 || strings.IndexByte(s, ':') < 0 {
		return 0 // (most texts have no colon at all)
	}
	if _, typ := fold.Lookup(toks[0].key); typ {
		return 0
	}
	formy := false
	for n := 1; n <= 8 && n < len(toks); n++ {
		t := toks[n-1]
		if t.digits || strings.ContainsAny(s[t.start:t.end], "0123456789") {
			return 0
		}
		formy = formy || labelWords[t.key]
		if gap := s[t.end:toks[n].start]; strings.Contains(gap, ":") {
			if !formy {
				return 0
			}
			// The name as written up to its colon ("(theo CCCD)").
			end := t.end + len(strings.TrimRight(gap[:strings.IndexByte(gap, ':')], " "))
			a.Spans[CompLabel] = Span{toks[0].start, end}
			return n
		}
	}
	return 0
}

// labelWords are words of forms' field names, folded (not "noi": "Nội"
// folds alike).
var labelWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("dia chi cu tru tam thuong vi tri diem cong trinh xay dung hien nay que khau lien he giao nhan thua dat o lam viec tro thue kinh doanh san xuat nguoi gui ten rieng kho") {
		m[w] = true
	}
	return m
}()

// fieldNames are the names of a form's or a shop's address fields that
// stand before their values, closed by a colon ("Tỉnh/Thành phố: Hà Nội;
// Phường/Xã: …; Địa chỉ cụ thể: 40 Lò Đúc"), folded. A type word alone
// ("Phường: Bến Thành") is read as the value's type and is not here.
var fieldNames = func() [][]string {
	var out [][]string
	for _, l := range []string{
		"tinh thanh pho", "tinh thanh", "tinh tp", "thanh pho tinh", "tp tinh",
		"quan huyen thi xa", "quan huyen tx", "quan huyen", "huyen quan",
		"phuong xa thi tran", "phuong xa tt", "phuong xa", "xa phuong thi tran", "xa phuong",
		"dia chi cu the", "dia chi chi tiet", "dia chi nha", "dia chi thua dat", "dia chi cong trinh", "dia chi", "dia diem", "vi tri", "chi tiet",
		"tru so chinh", "tru so", "nha may", "van phong", "chi nhanh", "dc", "d c",
		// the other fields of an order or a form, whose values are then
		// parts of their own: "KH: Trần Thị B; ĐC: 9 Ngô Quyền"
		"kh", "khach hang", "nguoi nhan", "ho ten", "ho va ten", "sdt", "so dien thoai", "dien thoai",
		"so nha ten duong pho", "so nha ten duong", "so nha duong pho", "so nha duong", "ten duong pho", "ten duong", "duong pho",
	} {
		out = append(out, strings.Fields(l))
	}
	return out
}()

// fieldLabels sets aside the field names closed by a colon anywhere in
// the text (skip), the value after each read as a part of its own, and
// returns their text for the Remainder.
func fieldLabels(s string, toks []token, skip []bool) []string {
	if strings.IndexByte(s, ':') < 0 {
		return nil // (most texts have no colon at all)
	}
	var out []string
	for k := 0; k+1 < len(toks); k++ {
		if skip[k] || !strings.Contains(s[toks[k].end:toks[k+1].start], ":") {
			continue
		}
		for _, l := range fieldNames {
			n := len(l)
			from := k - n + 1
			if from < 0 || from > 0 && toks[from].sep < sepDash {
				continue
			}
			match := true
			for i, w := range l {
				if toks[from+i].key != w || skip[from+i] {
					match = false
					break
				}
			}
			if match {
				for i := from; i <= k; i++ {
					skip[i] = true
				}
				toks[k+1].sep = sepHard
				out = append(out, s[toks[from].start:toks[k].end])
				break
			}
		}
	}
	return out
}

// postcodeAndCountry sets aside a postcode (five digits, or the six of
// before 2018) standing as a part of its own or closing the text, and
// "Việt Nam" (also "Vietnam", "VN") closing the text or standing alone.
func (a *Address) postcodeAndCountry(s string, toks []token, skip []bool) {
	n := len(toks)
	alone := func(k, l int) bool { // tokens [k, l) form a part of their own
		return toks[k].sep >= sepDash && (l == n || toks[l].sep >= sepDash)
	}
	// Country: the last words (a postcode may follow them), or a part of
	// its own.
	closes := func(l int) bool {
		return l == n || l+1 == n && toks[l].digits && (toks[l].end-toks[l].start == 5 || toks[l].end-toks[l].start == 6)
	}
	for k := 0; k < n; k++ {
		switch {
		case k+1 < n && toks[k].key == "viet" && toks[k+1].key == "nam" && (closes(k+2) || alone(k, k+2) || skip[k+2]):
			skip[k], skip[k+1] = true, true
			a.Spans[CompCountry] = Span{toks[k].start, toks[k+1].end}
		case (toks[k].key == "vietnam" || toks[k].key == "vn") && (closes(k+1) || alone(k, k+1)) && k > 0:
			skip[k] = true
			a.Spans[CompCountry] = Span{toks[k].start, toks[k].end}
		}
	}
	for k := 0; k < n; k++ {
		t := &toks[k]
		if !t.digits || (t.end-t.start != 5 && t.end-t.start != 6) || a.Postcode.IsValid() {
			continue
		}
		text := s[t.start:t.end]
		if !isPostcodeText(text) {
			continue
		}
		last := k+1 == n || (k+1 < n && skip[k+1] && toks[k+1].key == "viet")
		label := postcodeLabel(toks, k)
		if !(alone(k, k+1) || (last && k > 0) || label > 0 && alone(k-label, k+1)) {
			continue
		}
		if pc, err := postal.Parse(text); err == nil {
			a.Postcode = pc
			a.Spans[CompPostcode] = Span{t.start, t.end}
			for i := k - label; i <= k; i++ {
				skip[i] = true
			}
		}
	}
}

// postcodeLabel is how many words before token k name it a postcode
// ("Mã bưu chính 30000", "Postcode 700000"), 0 when none do.
func postcodeLabel(toks []token, k int) int {
	for _, l := range postcodeLabels {
		if n := len(l); k >= n && toks[k].sep < sepDash {
			ok := true
			for i, w := range l {
				ok = ok && toks[k-n+i].key == w && (i == 0 || toks[k-n+i].sep < sepDash)
			}
			if ok {
				return n
			}
		}
	}
	return 0
}

// postcodeLabels are the names of a postcode, folded.
var postcodeLabels = [][]string{{"ma", "buu", "chinh"}, {"ma", "buu", "dien"}, {"postal", "code"}, {"postcode"}, {"zip", "code"}, {"zip"}}

// formerUnits sets aside the units written in brackets as former ones
// ("phường Diên Hồng (phường 14, quận 10 cũ)", "(cũ: huyện Quốc Oai)",
// "(trước là phường 10)") or as what the units written are now ("(nay là
// phường Bắc Nha Trang)", "(mới)"), a part that is a unit closed by "cũ"
// ("phường Cầu Kiệu, quận Phú Nhuận cũ"), and the text after "trước
// đây là" (formerly) to its end ("Phường Sài Gòn, TP.HCM — trước đây là
// phường Bến Nghé, quận 1"):
// the address is read without them, and their text, as written, is
// returned for the remainder.
func formerUnits(s string, toks []token, skip []bool) (out []string, noted []bool) {
	// mark sets token k aside, noting it in noted (made on the first).
	mark := func(k int) {
		if noted == nil {
			noted = make([]bool, len(skip))
		}
		skip[k], noted[k] = true, true
	}
	for i := 0; i < len(s); i++ {
		k := strings.IndexByte(s[i:], '(')
		if k < 0 {
			break
		}
		i += k
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			break
		}
		j += i
		old := false
		first := true
		for k := range toks {
			t := toks[k]
			if t.start <= i || t.end > j {
				continue
			}
			if t.lower == "cũ" || t.lower == "trước" ||
				(t.lower == "cu" || t.lower == "truoc") && (k+1 == len(toks) || toks[k+1].start > j || toks[k+1].lower == "la" || toks[k+1].lower == "day") {
				old = true
			}
			// What the unit is now, or that it is new: "(nay là phường
			// Bắc Nha Trang)", "(nay: phường Bạc Liêu, tỉnh Cà Mau)",
			// "(mới)": a note on the address written, not the address.
			if first && (t.lower == "nay" || t.lower == "hiện" && k+1 < len(toks) && toks[k+1].lower == "nay" || t.lower == "mới" ||
				t.key == "moi" && (k+1 == len(toks) || toks[k+1].start > j)) {
				old = true
			}
			first = false
		}
		if old {
			for k := range toks {
				if toks[k].start > i && toks[k].end <= j {
					mark(k)
				}
			}
			if in := strings.TrimSpace(s[i+1 : j]); in != "" {
				out = append(out, in)
			}
		}
		i = j
	}
	// "trước đây là", "trước đây thuộc", "trước là" after a part of the
	// address, without brackets: what follows is what it was, to the end
	// or to a part saying what it is now ("…, nay là phường Sài Gòn").
	for k := 1; k+2 < len(toks); k++ {
		if toks[k].key != "truoc" || skip[k] || toks[k].sep < sepDash {
			continue
		}
		n := 1
		if toks[k+n].key == "day" {
			n++
		}
		if toks[k+n].key != "la" && toks[k+n].key != "thuoc" || k+n+1 >= len(toks) {
			continue
		}
		end := k + n + 1
		for end < len(toks) && !(toks[end].sep >= sepDash && (toks[end].lower == "nay" || toks[end].lower == "hiện")) {
			end++
		}
		for i := k; i < end; i++ {
			mark(i)
		}
		out = append(out, s[toks[k].start:toks[end-1].end])
		if end < len(toks) {
			// "nay là": the words that say so, set aside too.
			e := end + 1
			for e < len(toks) && e <= end+2 && (toks[e].lower == "nay" || toks[e].lower == "là" || toks[e].lower == "thuộc") {
				e++
			}
			for i := end; i < e; i++ {
				mark(i)
			}
			out = append(out, s[toks[end].start:toks[e-1].end])
		}
		break
	}
	// A part of its own, a unit's type word first and "cũ" last, without
	// brackets ("phường Cầu Kiệu, quận Phú Nhuận cũ, TP HCM").
	for a := 0; a < len(toks); {
		b := a + 1
		for b < len(toks) && toks[b].sep != sepHard {
			b++
		}
		if b-a > 2 && toks[b-1].lower == "cũ" && !skip[a] {
			var kb [3]string
			keys := kb[:0]
			for _, t := range toks[a:min(a+3, b)] {
				keys = append(keys, t.key)
			}
			if startsWith(keys, unitWords) > 0 {
				for k := a; k < b; k++ {
					mark(k)
				}
				out = append(out, s[toks[a].start:toks[b-1].end])
			}
		}
		a = b
	}
	return out, noted
}

// partStarts reports whether the words after a dash begin a part of
// their own (a place, a landmark, a house number or a unit's type word)
// rather than going on with a name ("Đường Xuân Trường - Đà Lạt").
func partStarts(toks []token) bool {
	var kb [3]string
	keys := kb[:0]
	for _, t := range toks[:min(3, len(toks))] {
		keys = append(keys, t.key)
	}
	return toks[0].digits || startsWith(keys, placeWords) > 0 || startsWith(keys, landmarkWords) > 0 ||
		startsWith(keys, unitWords) > 0 || startsWith(keys, houseWords) > 0
}

// headSegments cuts the text of tokens [k, from) into its parts, as
// written, and appends them to dst.
func headSegments(dst []segment, s string, toks []token, skip []bool, k, from int) []segment {
	out := dst
	for k < from {
		if skip[k] {
			k++
			continue
		}
		j := k + 1
		for j < from && !skip[j] && (toks[j].sep < sepDash || toks[j].sep == sepDash && !partStarts(toks[j:from])) {
			j++
		}
		out = append(out, segment{text: s[toks[k].start:toks[j-1].end], start: toks[k].start, end: toks[j-1].end})
		k = j
	}
	// Words in front of units with no separator between them are a street
	// only when something says so.
	if n := len(out); n > 0 && from < len(toks) && toks[from].sep < sepDash {
		out[n-1].leftover = true
	}
	return out
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

// wordsOf appends the words of a segment, with their byte ranges, to out.
func wordsOf(out []segment, sg segment) []segment {
	i := 0
	for i < len(sg.text) {
		for i < len(sg.text) && sg.text[i] == ' ' {
			i++
		}
		j := i
		for j < len(sg.text) && sg.text[j] != ' ' {
			if sg.text[j] == '.' && j+1 < len(sg.text) && shortLetters(sg.text[i:j]) {
				if r, _ := utf8.DecodeRuneInString(sg.text[j+1:]); unicode.IsLetter(r) {
					j++ // "KP.Tân Phú", "Đ.Lê Lợi": an abbreviation and its word
					break
				}
			}
			j++
		}
		if j > i && hasAlnum(sg.text[i:j]) {
			// (A dash or a dot standing alone, "Số 12 - Nguyễn Trãi", is
			// no word.)
			if k := gluedNumber(sg.text[i:j]); k > 0 {
				// "ngõ12", "hẻm45", "số12": the word and its number.
				out = append(out, segment{text: sg.text[i : i+k], start: sg.start + i, end: sg.start + i + k})
				i += k
			}
			out = append(out, segment{text: sg.text[i:j], start: sg.start + i, end: sg.start + j})
		}
		i = j
	}
	return out
}

// gluedNumber returns where the number begins in a word that is an
// alley's or a house's word with its number glued to it ("ngõ12",
// "ngách2/41", "hẻm45", "kiệt7", "số12"), or 0.
func gluedNumber(w string) int {
	k := 0
	for k < len(w) && (w[k] < '0' || w[k] > '9') {
		k++
	}
	if k < 2 || k == len(w) {
		return 0
	}
	var b [16]byte
	key := fold.AppendWord(b[:0], w[:k])
	if len(key) == 0 || len(key) > 6 || !isLetters(w[:k]) {
		return 0
	}
	if _, ok := alleyKinds[string(key)]; ok || houseWord[string(key)] {
		return k
	}
	return 0
}

// houseWord: the words of one word in houseWords.
var houseWord = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range houseWords.list {
		if len(p) == 1 {
			m[p[0]] = true
		}
	}
	return m
}()

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// hasAlnum reports whether w holds a letter or a digit.
func hasAlnum(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// shortLetters reports whether w is one to three letters: an
// abbreviation before its dot.
func shortLetters(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 3
}

// ParseError says why a text cannot be parsed at all; it wraps [ErrParse].
type ParseError struct {
	Input string
	Pos   int // byte offset of the problem, -1 for the whole
	Msg   string
}

func (e *ParseError) Error() string {
	in := e.Input
	if len(in) > 80 {
		in = in[:80] + "…"
	}
	if e.Pos >= 0 {
		return fmt.Sprintf("%v: %q at byte %d: %s", ErrParse, in, e.Pos, e.Msg)
	}
	return fmt.Sprintf("%v: %q: %s", ErrParse, in, e.Msg)
}

func (e *ParseError) Unwrap() error { return ErrParse }
