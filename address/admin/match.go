package admin

import (
	"bufio"
	"bytes"
	"cmp"
	"math/bits"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/internal/nfc"
)

// MatchKind says how a written name was matched to a unit.
type MatchKind uint8

const (
	// Exact: the official name or short name, letter for letter (any case,
	// any Unicode composition).
	Exact MatchKind = iota + 1
	// Tolerant: the same after folding: diacritics missing or placed
	// differently, Đ/D and look-alikes, abbreviated or missing type words
	// (P., Q., TP., TX., TT., H., X.), numbers with or without zeros.
	Tolerant
	// Alias: an alias from the reference tables (HCM, HN, old names of
	// renamed or merged units).
	Alias
	// Fuzzy: one letter wrong, missing or extra (a typo), among the units
	// of a known parent only. A typo correction is a suggestion: [Resolve]
	// never resolves a reading that needs one on its own.
	Fuzzy
)

func (k MatchKind) String() string {
	return [...]string{"", "exact", "tolerant", "alias", "fuzzy"}[min(int(k), 4)]
}

// confidence of each kind of match.
var confidence = [...]float64{0, 1, 0.95, 0.9, 0.7}

// Candidate is a unit a written name may mean.
type Candidate struct {
	Unit       Unit
	Kind       MatchKind
	Confidence float64

	idx int32 // the unit's index in its dataset
}

// builtinAliases name Hồ Chí Minh City and Hà Nội the ways people do,
// beyond the reference tables (keys folded, no spaces).
var builtinAliases = map[string][]string{
	"tphcm": {"hochiminh"}, "hcm": {"hochiminh"}, "saigon": {"hochiminh"}, "sg": {"hochiminh"}, "hcmc": {"hochiminh"},
	"hn": {"hanoi"}, "hp": {"haiphong"}, "ct": {"cantho"}, "bd": {"binhduong"},
	"tphn": {"hanoi"}, "tphp": {"haiphong"}, "tpct": {"cantho"}, "tpdn": {"danang"},
	// "QN" is written for Quảng Ninh, Quảng Nam and Quảng Ngãi: all are
	// read, and the rest of the address chooses, as for "ĐN".
	"qn": {"quangninh", "quangnam", "quangngai"},
	// "ĐN" is written for Đà Nẵng and for Đồng Nai: both are read, the rest
	// of the address (or "TP.") chooses.
	"dn": {"danang", "dongnai"},
	// Thừa Thiên Huế became the city of Huế on 1 January 2025; people and
	// documents still use the old name.
	"thuathienhue": {"hue"}, "tthue": {"hue", "thuathienhue"}, "tth": {"hue", "thuathienhue"},
}

//go:generate go run ../../testdata/gen/admin

func (d *Dataset) loadAliases() {
	sc := bufio.NewScanner(bytes.NewReader(aliasData))
	find := func(l Level, key string, parent int32) int32 {
		for _, i := range d.names[levelKey(l, key)] {
			if parent < 0 || d.byCode.at(d.units[i].Parent) == parent {
				return i
			}
		}
		return -1
	}
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			continue
		}
		p := find(Province, f[1], -1)
		if p < 0 {
			continue
		}
		switch f[0] {
		case "P":
			d.addAlias(Province, -1, f[4], p)
		case "D":
			if dd := find(District, f[2], p); dd >= 0 {
				d.addAlias(District, p, f[4], dd)
			}
		case "C":
			parent := p
			if d.version == Legacy {
				parent = find(District, f[2], p)
			}
			if parent < 0 {
				continue
			}
			if c := find(Commune, f[3], parent); c >= 0 {
				d.addAlias(Commune, parent, f[4], c)
			}
		}
	}
	for alias, targets := range builtinAliases {
		for _, target := range targets {
			for _, i := range d.names[levelKey(Province, target)] {
				d.addAlias(Province, -1, alias, i)
			}
		}
	}
}

func (d *Dataset) addAlias(l Level, parent int32, alias string, i int32) {
	k := string(appendAliasKey(nil, l, parent, []byte(alias)))
	if !containsIdx(d.aliases[k], i) {
		d.aliases[k] = append(d.aliases[k], i)
	}
	nk := levelKey(l, alias)
	d.filter.add(l, alias)
	if !containsIdx(d.aliasAny[nk], i) {
		d.aliasAny[nk] = append(d.aliasAny[nk], i)
	}
}

// within reports whether unit i lies in the unit with index parent (any
// level above), or anywhere when parent is -1.
func (d *Dataset) within(i, parent int32) bool {
	if parent < 0 {
		return true
	}
	for p := d.parent[i]; p >= 0; p = d.parent[p] {
		if p == parent {
			return true
		}
	}
	return false
}

// Match returns the units of level l that name may mean, best first:
// exact matches, else tolerant ones, else aliases, else (only within a
// known parent) one-typo matches. within restricts the search to the units
// below a province or district; the zero Code searches everywhere. An
// ambiguous name returns every candidate, never just the first.
func (d *Dataset) Match(l Level, name string, within Code) []Candidate {
	parent := int32(-1)
	if within.IsValid() {
		p, ok := d.byCode.get(within)
		if !ok {
			return nil
		}
		parent = p
	}
	return d.match(l, name, parent, true)
}

// match is Match within the unit of index parent (-1: anywhere); typos
// allows one-typo matches (within a parent only).
func (d *Dataset) match(l Level, name string, parent int32, typos bool) []Candidate {
	var nb [192]byte
	pn := parseName(nb[:0], name)
	if len(pn.key) == 0 {
		return nil
	}
	var idxBuf [8]int32
	idx := idxBuf[:0]
	idx = d.addWithin(idx, d.lookup(d.names, l, pn.key), parent)
	if len(pn.full) != len(pn.key) {
		idx = d.addWithin(idx, d.lookup(d.names, l, pn.full), parent)
	}
	kind := Tolerant
	var kb [200]byte
	if len(idx) == 0 {
		// Spelling variants (i/y, c/k) are the same name.
		idx = d.addWithin(idx, d.lookup(d.variants, l, appendVariant(kb[:0], pn.key)), parent)
		if len(pn.full) != len(pn.key) {
			idx = d.addWithin(idx, d.lookup(d.variants, l, appendVariant(kb[:0], pn.full)), parent)
		}
	}
	if len(idx) == 0 {
		kind = Alias
		var tb [192]byte
		typed := append(append(tb[:0], typePrefix[min(int(pn.t), len(typePrefix)-1)]...), pn.key...)
		for _, k := range [...][]byte{pn.full, pn.key, typed} {
			switch {
			case !d.filter.has(l, k): // an alias of no unit at this level
			case l == Province:
				idx = d.addWithin(idx, d.aliases[string(appendAliasKey(kb[:0], l, -1, k))], parent)
			case parent >= 0:
				idx = d.addWithin(idx, d.aliases[string(appendAliasKey(kb[:0], l, parent, k))], parent)
			default:
				idx = d.addWithin(idx, d.lookup(d.aliasAny, l, k), parent)
			}
		}
	}
	if len(idx) == 0 && typos && parent >= 0 && len(pn.key) >= 5 {
		kind = Fuzzy
		key := string(pn.key)
		mask := letterMask(key)
		for _, i := range d.descendants(parent, l) {
			// One edit changes at most two letters of the set of letters
			// used: most names fail this before oneEdit looks at them.
			if bits.OnesCount32(mask^d.keyMask[i]) > 2 {
				continue
			}
			if oneEdit(key, d.shortKey[i]) && !containsIdx(idx, i) {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		return nil
	}
	// A type written before the name narrows same-name units of a level.
	if pn.t != 0 && len(idx) > 1 {
		var same []int32
		for _, i := range idx {
			if sameType(d.units[i].Type, pn.t) {
				same = append(same, i)
			}
		}
		if len(same) > 0 {
			idx = same
		}
	}
	nfc := exactForm(name)
	out := make([]Candidate, 0, len(idx))
	exact := 0
	for _, i := range idx {
		u := d.units[i]
		k := kind
		if k == Tolerant && (strings.EqualFold(nfc, u.Name) || strings.EqualFold(nfc, u.Short)) {
			k = Exact
			exact++
		}
		c := confidence[k]
		if pn.t != 0 && !sameType(u.Type, pn.t) {
			c *= 0.8 // written as another type
		}
		out = append(out, Candidate{Unit: u, Kind: k, Confidence: c, idx: i})
	}
	// A name written letter for letter (diacritics included) is not also a
	// near namesake: "Hoằng Thành" is not "Hoằng Thanh".
	if exact > 0 && exact < len(out) {
		out = slices.DeleteFunc(out, func(c Candidate) bool { return c.Kind != Exact })
	}
	slices.SortStableFunc(out, func(a, b Candidate) int { return cmp.Compare(b.Confidence, a.Confidence) })
	return out
}

// addWithin appends to idx the units of is that lie within parent and are
// not in idx yet.
func (d *Dataset) addWithin(idx, is []int32, parent int32) []int32 {
	for _, i := range is {
		if d.within(i, parent) && !containsIdx(idx, i) {
			idx = append(idx, i)
		}
	}
	return idx
}

// typePrefix is each type's name folded without spaces, the start of
// the alias-table form of a typed name ("phuong" of "phuong10"); empty
// for no type.
var typePrefix = func() []string {
	out := make([]string, len(typeKinds))
	for t := 1; t < len(typeKinds); t++ {
		out[t] = string(fold.AppendWord(nil, Type(t).String()))
	}
	return out
}()

// exactForm is name as compared letter for letter with official names:
// trimmed, single-spaced, NFC. Tidy input is returned as it is.
func exactForm(name string) string {
	tidy := len(name) > 0 && name[0] != ' ' && name[len(name)-1] != ' ' && !strings.Contains(name, "  ") &&
		!strings.ContainsAny(name, "\t\n\r") && nfc.IsNormal(name)
	if tidy {
		return name
	}
	return norm.NFC.String(strings.Join(strings.Fields(name), " "))
}

func sameType(a, b Type) bool {
	if a == b {
		return true
	}
	city := func(t Type) bool { return t == ThanhPhoTW || t == ThanhPhoThuocTinh }
	return city(a) && city(b)
}

// descendants returns the units of level l below unit parent, computed
// once per dataset.
func (d *Dataset) descendants(parent int32, l Level) []int32 {
	return d.below()[parent][l]
}

// below lists, for every unit, the units of each level below it.
func (d *Dataset) below() [][4][]int32 {
	d.belowOnce.Do(func() {
		d.belowIdx = make([][4][]int32, len(d.units))
		for i, u := range d.units {
			for p := u.Parent; p.IsValid(); {
				pi := d.byCode.at(p)
				d.belowIdx[pi][u.Code.l] = append(d.belowIdx[pi][u.Code.l], int32(i))
				p = d.units[pi].Parent
			}
		}
	})
	return d.belowIdx
}

// letterMask is the set of bytes of a folded key, as 32 bits (digits
// share bits with letters: a coarser set only lets more names through
// to oneEdit).
func letterMask(k string) uint32 {
	var m uint32
	for i := 0; i < len(k); i++ {
		m |= 1 << (k[i] % 32)
	}
	return m
}

// oneEdit reports whether a and b differ by one substitution, insertion or
// deletion (or an adjacent swap).
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// Status is the outcome of resolving a written address tail.
type Status uint8

const (
	Unknown   Status = iota // nothing matched, or the levels do not fit together
	Resolved                // one commune, every level matched exactly
	Tolerated               // one commune, some level matched tolerantly or by alias
	Ambiguous               // several readings fit as written: see Alternatives
	// Suggested: a reading needs a one-letter correction (a typo) of a
	// name; every reading found, one or several, is in Alternatives, to
	// confirm. None is taken for the answer.
	Suggested
)

func (s Status) String() string {
	return [...]string{"unknown", "exact", "tolerant", "ambiguous", "suggested"}[min(int(s), 4)]
}

// Reading is one way of understanding a written tail: a unit per level
// (zero where the level was not written or not found).
type Reading struct {
	Province, District, Commune Unit
	Confidence                  float64
}

// Resolution is the answer of [Dataset.Resolve].
type Resolution struct {
	Status       Status
	Reading                // the reading, when Status is Resolved or Tolerated; else what is certain
	Alternatives []Reading // every reading when Ambiguous
}

// Resolve reads the tail of an address, commune, district and province
// as written (any may be empty; the district only in the legacy dataset),
// and returns the unit each means. A unique commune is Resolved (all exact)
// or Tolerated; several fitting communes are Ambiguous with every reading
// listed (always more than one); when a reading needs a typo correction
// the answer is Suggested, every reading found (one or more) listed for
// confirmation; none is Unknown, with the province and district kept when
// they alone were certain. It never picks one of several answers, and
// never takes a typo correction for an answer.
func (d *Dataset) Resolve(commune, district, province string) Resolution {
	return d.ResolveMemo(nil, commune, district, province)
}

// Memo remembers the name matches of one reader of one address, so that
// trying several readings of the same text (as an address parser does)
// matches each name once. It is not safe for concurrent use: give each
// goroutine, or each address, its own. The zero Memo is ready to use.
type Memo struct {
	// Sure, when set, says that the reader already holds a sure reading
	// (Resolved or Tolerated) and only looks for a better one: readings
	// that only a typo correction finds, which are never sure, are then
	// not searched for. The answer is the same whenever it is sure.
	Sure bool

	entries []memoEntry // a few per address: a linear search beats a map
}

type memoEntry struct {
	k  memoKey
	cs []Candidate
}

type memoKey struct {
	d      *Dataset
	l      Level
	parent int32
	typos  bool
	name   string
}

func (d *Dataset) matchMemo(m *Memo, l Level, name string, parent int32, typos bool) []Candidate {
	if m == nil {
		return d.match(l, name, parent, typos)
	}
	k := memoKey{d, l, parent, typos, name}
	for _, e := range m.entries {
		if e.k == k {
			return e.cs
		}
	}
	cs := d.match(l, name, parent, typos)
	if m.entries == nil {
		m.entries = make([]memoEntry, 0, 6) // a tail written with commas tries about five names
	}
	m.entries = append(m.entries, memoEntry{k, cs})
	return cs
}

// ResolveMemo is [Dataset.Resolve] remembering matches in m (nil: none).
func (d *Dataset) ResolveMemo(m *Memo, commune, district, province string) Resolution {
	if m == nil || !m.Sure {
		return d.resolve(m, commune, district, province, true)
	}
	// Typo matching of the commune is what costs: try without it. A sure
	// answer found so may still be one that a near namesake of the
	// commune makes ambiguous: confirm it the full way. A sure answer of
	// the full way never needs a typo match, so it is found either way.
	if res := d.resolve(m, commune, district, province, false); res.Status != Resolved && res.Status != Tolerated {
		return res
	}
	return d.resolve(m, commune, district, province, true)
}

// resolve is ResolveMemo; communeTypos allows typo matches of the commune
// (districts are always matched with them: there are few).
func (d *Dataset) resolve(m *Memo, commune, district, province string, communeTypos bool) Resolution {
	type cand struct {
		i    int32
		conf float64
		kind MatchKind
	}
	conv := func(cs []Candidate) []cand {
		out := make([]cand, len(cs))
		for k, c := range cs {
			out[k] = cand{c.idx, c.Confidence, c.Kind}
		}
		return out
	}
	if strings.TrimSpace(commune) == "" && strings.TrimSpace(district) == "" && strings.TrimSpace(province) == "" {
		return Resolution{Status: Unknown}
	}
	provs := []cand{{-1, 1, Exact}}
	if strings.TrimSpace(province) != "" {
		provs = conv(d.matchMemo(m, Province, province, -1, true))
		if len(provs) == 0 {
			return Resolution{Status: Unknown}
		}
	}
	dists := []cand{{-1, 1, Exact}}
	if d.version == Legacy && strings.TrimSpace(district) != "" {
		dists = nil
		for _, p := range provs {
			for _, c := range conv(d.matchMemo(m, District, district, p.i, true)) {
				c.conf *= p.conf
				c.kind = max(c.kind, p.kind)
				dists = append(dists, c)
			}
		}
	}
	var readings []Reading
	worst := Exact
	addReading := func(c, dd, p cand, conf float64) {
		r := Reading{Confidence: conf}
		if c.i >= 0 {
			r.Commune = d.units[c.i]
		}
		if dd.i >= 0 {
			r.District = d.units[dd.i]
		} else if c.i >= 0 && d.version == Legacy {
			r.District, _ = d.Unit(d.units[c.i].Parent)
		}
		if p.i >= 0 {
			r.Province = d.units[p.i]
		} else if c.i >= 0 || dd.i >= 0 {
			from := c.i
			if from < 0 {
				from = dd.i
			}
			r.Province, _ = d.Province(d.units[from].Code)
		}
		readings = append(readings, r)
	}
	if strings.TrimSpace(commune) == "" {
		for _, dd := range dists {
			for _, p := range provs {
				if dd.i < 0 && p.i < 0 {
					continue // nothing was written at either level
				}
				if dd.i < 0 || p.i < 0 || d.within(dd.i, p.i) {
					addReading(cand{i: -1}, dd, p, dd.conf*p.conf)
					worst = max(worst, dd.kind, p.kind)
				}
			}
		}
	} else {
		search := func(dists []cand, penalty float64) {
			for _, dd := range dists {
				parent := dd.i
				for _, p := range provs {
					if dd.i >= 0 && p.i >= 0 && !d.within(dd.i, p.i) {
						continue
					}
					if parent < 0 {
						parent = p.i
					}
					for _, c := range conv(d.matchMemo(m, Commune, commune, parent, communeTypos)) {
						if p.i >= 0 && !d.within(c.i, p.i) {
							continue
						}
						addReading(c, dd, p, c.conf*dd.conf*p.conf*penalty)
						worst = max(worst, c.kind, dd.kind, p.kind)
					}
					if dd.i >= 0 {
						break // the district fixed the parent
					}
				}
			}
		}
		search(dists, 1)
		if len(readings) == 0 && len(dists) > 0 && dists[0].i >= 0 {
			// The district did not hold the commune: try the province.
			search([]cand{{-1, 1, Exact}}, 0.8)
			worst = max(worst, Tolerant)
		}
	}
	readings = dedupe(readings)
	// A reading that needs a typo correction is a suggestion to confirm,
	// never an answer: Xã Thạch Hải is not Thị trấn Thạch Hà. Nor is it an
	// ambiguity, even when there is a single one.
	if worst == Fuzzy && len(readings) > 0 {
		return Resolution{Status: Suggested, Alternatives: readings}
	}
	switch {
	case len(readings) == 0:
		res := Resolution{Status: Unknown}
		if len(provs) == 1 && provs[0].i >= 0 {
			res.Province = d.units[provs[0].i]
		}
		if len(dists) == 1 && dists[0].i >= 0 {
			res.District = d.units[dists[0].i]
		}
		return res
	case len(readings) == 1:
		st := Tolerated
		if worst == Exact {
			st = Resolved
		}
		return Resolution{Status: st, Reading: readings[0]}
	}
	// Several readings: keep the best-ranked ones only when they clearly
	// outrank the rest (an exact match beside a typo match).
	slices.SortStableFunc(readings, func(a, b Reading) int { return cmp.Compare(b.Confidence, a.Confidence) })
	if readings[0].Confidence >= readings[1].Confidence*1.25 {
		st := Tolerated
		if worst == Exact {
			st = Resolved
		}
		return Resolution{Status: st, Reading: readings[0]}
	}
	res := Resolution{Status: Ambiguous, Alternatives: readings}
	if p := readings[0].Province; p.IsValid() {
		same := true
		for _, r := range readings[1:] {
			same = same && r.Province.Code == p.Code
		}
		if same {
			res.Province = p
		}
	}
	return res
}

func dedupe(rs []Reading) []Reading {
	var out []Reading
	for _, r := range rs {
		dup := false
		for k, o := range out {
			if o.Commune.Code == r.Commune.Code && o.District.Code == r.District.Code && o.Province.Code == r.Province.Code {
				if r.Confidence > o.Confidence {
					out[k] = r
				}
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}
