package address

import (
	"slices"
	"strings"
	"sync"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

// Style chooses how [Format] writes an address.
type Style uint8

const (
	// Official is the form since 1 July 2025: street address, commune,
	// province, no district, alleys in words (ngõ 34 ngách 56), each unit
	// with its type ("Phường Hồng Hà, Thành phố Hà Nội"), then the
	// postcode. Legacy units are converted to their 2025 successor; a
	// legacy commune split among several cannot be converted without a
	// location (admin.ConvertAt), so it is written in the legacy form with
	// its district rather than guessed; [Unconverted] tells when, and
	// lists the candidates.
	Official Style = iota + 1
	// Legacy is the pre-2025 form with the district, as on older
	// documents.
	Legacy
	// Southern writes alley chains as slash numbers, alley first
	// ("130/20/2 Đường X"); named alleys stay in words.
	Southern
	// ASCII is Official without diacritics (Đ as D), for systems that
	// cannot store Vietnamese letters.
	ASCII
)

// Format writes a on one line in the given style. Units are written with
// their official names; the house number, alleys, street and place as they
// were read. Only components are written: text the parser could not read
// (Address.Remainder) is not a component and is left to the caller, who
// still has it.
func Format(a Address, style Style) string {
	var buf [192]byte
	s := string(appendFormat(buf[:0], &a, style))
	if style == ASCII {
		s = fold.Plain(s)
	}
	return s
}

// AppendFormat appends Format(a, style) to b: a caller writing many
// addresses into one buffer makes no string for each.
func AppendFormat(b []byte, a Address, style Style) []byte {
	if style == ASCII {
		return append(b, Format(a, style)...)
	}
	return appendFormat(b, &a, style)
}

// appendFormat is AppendFormat but for the ASCII folding.
func appendFormat(b []byte, a *Address, style Style) []byte {
	legacy := style == Legacy
	commune, province := a.Commune, a.Province
	if !legacy && a.Version == admin.Legacy {
		var ok bool
		if commune, province, _, ok = modernize(a); !ok {
			legacy = true
		}
	}
	n := len(b)
	b = appendStreetParts(b, a, style == Southern)
	part := func(s string) {
		if len(b) > n {
			b = append(b, ", "...)
		}
		b = append(b, s...)
	}
	if commune.IsValid() {
		part(commune.Name)
	}
	if legacy && a.District.IsValid() {
		part(a.District.Name)
	}
	if province.IsValid() {
		part(province.Name)
	}
	if a.Postcode.IsValid() {
		if len(b) > n {
			b = append(b, ", "...)
		}
		b, _ = a.Postcode.AppendText(b)
	}
	return b
}

// Label writes a as postal label lines, in the order of the Vietnamese
// layout of Google's address metadata and UPU S42: the recipient (if
// given), the street address, the commune, then the province with the
// postcode.
func Label(a Address, recipient string) []string {
	var lines []string
	if r := strings.TrimSpace(recipient); r != "" {
		lines = append(lines, r)
	}
	if sp := streetParts(a, false); len(sp) > 0 {
		lines = append(lines, strings.Join(sp, ", "))
	}
	if a.Commune.IsValid() {
		lines = append(lines, a.Commune.Name)
	}
	if a.District.IsValid() {
		lines = append(lines, a.District.Name)
	}
	last := a.Province.Name
	if a.Postcode.IsValid() {
		last = strings.TrimSpace(last + " " + a.Postcode.String())
	}
	if last != "" {
		lines = append(lines, last)
	}
	return lines
}

// streetParts writes the house number, alleys, street and place.
func streetParts(a Address, southern bool) []string {
	var parts []string
	if b := appendStreetWords(nil, &a, southern); len(b) > 0 {
		parts = append(parts, string(b))
	}
	if a.Place != "" {
		parts = append(parts, a.Place)
	}
	return parts
}

// appendStreetParts appends streetParts joined by ", ".
func appendStreetParts(b []byte, a *Address, southern bool) []byte {
	n := len(b)
	b = appendStreetWords(b, a, southern)
	if a.Place != "" {
		if len(b) > n {
			b = append(b, ", "...)
		}
		b = append(b, a.Place...)
	}
	return b
}

// appendStreetWords appends the house number, alleys and street, joined
// by spaces: the first of streetParts.
func appendStreetWords(b []byte, a *Address, southern bool) []byte {
	n := len(b)
	word := func() {
		if len(b) > n {
			b = append(b, ' ')
		}
	}
	house := a.HouseNumber
	var ab [4]Alley
	alleys := ab[:0]
	for _, al := range a.Alleys {
		if al.Kind != Slash { // slash levels are part of the house number
			alleys = append(alleys, al)
		}
	}
	if southern && house.IsValid() && len(alleys) > 0 && allNumbered(alleys) {
		chain := make([]string, 0, len(alleys)+1)
		for _, al := range alleys {
			chain = append(chain, al.Number)
		}
		if h, err := ParseHouseNumber(strings.Join(chain, "/") + "/" + house.String()); err == nil {
			house, alleys = h, nil
		}
	}
	if house.IsValid() {
		word()
		if len(alleys) > 0 || house.Alleys() == nil {
			b = append(b, "Số "...)
		}
		b, _ = house.AppendText(b)
	}
	for _, al := range alleys {
		word()
		b = append(b, al.Kind.String()...)
		b = append(b, ' ')
		if al.Number != "" {
			b = append(b, al.Number...)
		} else {
			b = append(b, al.Name...)
		}
	}
	if a.StreetName == "" {
		if a.Street != "" {
			word()
			b = append(b, a.Street...)
		}
	} else {
		word()
		if a.StreetType != "" {
			b = append(b, a.StreetType...)
			b = append(b, ' ')
		}
		b = append(b, a.StreetName...)
	}
	return b
}

// Unconverted reports whether Format writes a in its legacy units although
// style asks for the 2025 ones (every style but Legacy), and the 2025
// candidates that kept it from converting: every commune a split commune
// became (choosing among them needs a location: admin.ConvertAt), or every
// province the communes of a province written alone went to; none when
// the conversion tables know no successor.
func Unconverted(a Address, style Style) (bool, []admin.Unit) {
	if style == Legacy || a.Version != admin.Legacy {
		return false, nil
	}
	_, _, cands, ok := modernize(&a)
	return !ok, cands
}

// modernize returns the 2025 commune and province of an address of legacy
// units when its commune (or, with no commune, its province) has a single
// successor; otherwise the candidates. An address with neither keeps its
// units.
func modernize(a *Address) (commune, province admin.Unit, cands []admin.Unit, ok bool) {
	switch {
	case a.Commune.IsValid():
		u, ok := admin.SoleSuccessor(a.Commune.Code)
		if !ok {
			// Split among several communes, the candidates; or unknown.
			c, err := admin.Convert(a.Commune.Code)
			if err != nil {
				return a.Commune, a.Province, nil, false
			}
			cands := make([]admin.Unit, len(c.To))
			for i, s := range c.To {
				cands[i] = s.Unit
			}
			return a.Commune, a.Province, cands, false
		}
		p, _ := admin.Load(admin.V2025).Province(u.Code)
		return u, p, nil, true
	case a.Province.IsValid():
		// A province alone: its successor is the 2025 province of its
		// communes, when they all went to one.
		to := provinceSuccessors()[a.Province.Code]
		if len(to) != 1 {
			return a.Commune, a.Province, slices.Clone(to), false
		}
		return a.Commune, to[0], nil, true
	}
	return a.Commune, a.Province, nil, true
}

// provinceSuccessors maps each legacy province to the 2025 provinces its
// communes went to, in the order of its districts and communes; made once,
// as formatting an address that names only a province asks it each time.
var provinceSuccessors = sync.OnceValue(func() map[admin.Code][]admin.Unit {
	old, n := admin.Load(admin.Legacy), admin.Load(admin.V2025)
	m := map[admin.Code][]admin.Unit{}
	for _, p := range old.Units(admin.Province) {
		var to []admin.Unit
		for _, d := range old.Children(p.Code) {
			for _, c := range old.Children(d.Code) {
				conv, err := admin.Convert(c.Code)
				if err != nil {
					continue
				}
				for _, s := range conv.To {
					p, _ := n.Province(s.Unit.Code)
					if !slices.ContainsFunc(to, func(u admin.Unit) bool { return u.Code == p.Code }) {
						to = append(to, p)
					}
				}
			}
		}
		m[p.Code] = to
	}
	return m
})

func allNumbered(as []Alley) bool {
	for _, a := range as {
		if a.Number == "" {
			return false
		}
	}
	return true
}

func unitParts(a Address, legacy bool) []string {
	var parts []string
	if a.Commune.IsValid() {
		parts = append(parts, a.Commune.Name)
	}
	if legacy && a.District.IsValid() {
		parts = append(parts, a.District.Name)
	}
	if a.Province.IsValid() {
		parts = append(parts, a.Province.Name)
	}
	return parts
}

// NativeStyle is the style that writes back everything a holds: Legacy
// for an address of legacy units, Official otherwise.
func NativeStyle(a Address) Style {
	if a.District.IsValid() || a.Version == admin.Legacy {
		return Legacy
	}
	return Official
}

// streetText is the street as Format writes it: its type word in full and
// its name as read (abbreviated person names expanded), or the street as
// written when it was not split.
func (a Address) streetText() string {
	if a.StreetName == "" {
		return a.Street
	}
	if a.StreetType == "" {
		return a.StreetName
	}
	return a.StreetType + " " + a.StreetName
}
