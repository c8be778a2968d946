package numbering

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/geo"
)

// Numbered is a house with the number it has, to audit.
type Numbered struct {
	ID     string    // names the house in explanations and reports
	Street StreetRef // the street it is numbered on; zero when unknown
	Point  orb.Point // its door, or a point inside its footprint
	// Text is the number as written: "12A", "130/20/2". A text naming an
	// alley ("ngõ 201") marks that alley's entrance.
	Text string
}

// AuditOptions tune an audit.
type AuditOptions struct {
	// MaxGap: neighbours on one side skipping more numbers than this are
	// reported (default 20).
	MaxGap int
}

// Finding is the verdict on one house.
type Finding struct {
	House  int    // the house's position in the slice given to Audit
	ID     string // the house's ID
	Street StreetRef
	Text   string
	Number address.HouseNumber // zero when unreadable
	// Alley is set when the text names an alley entrance ("ngõ 201").
	Alley bool
	// Side is in the direction the street is audited in; SideOn when
	// the point has no side: on the centreline, or between the
	// carriageways of a dual carriageway (then Offset still says which
	// half of the median it is in).
	Side     geo.Side
	Along    geo.Meters
	Offset   geo.Meters
	Distance geo.Meters
	// ExpectedOdd: the parity the side calls for (left odd).
	ExpectedOdd bool
	Verdict     finding.Reason
	// Suggested is a number that would fit the rules at this place, for
	// parity, order and duplicate findings.
	Suggested   address.HouseNumber
	Explanation string
}

// Agrees reports whether the number's parity agrees with its side.
//
// A housing-group number (A10, BL.C-2) is numbered inside its group, so
// its side is given by the group letter (A, C, E… on the left, B, D, F…
// on the right), not by the parity of its number.
func (f *Finding) Agrees() bool {
	if !f.Number.IsValid() || f.Side == geo.SideOn {
		return false
	}
	if g, _ := f.Number.Group(); g != "" {
		return letterOdd(g) == f.ExpectedOdd
	}
	return f.Number.Odd() == f.ExpectedOdd
}

// letterOdd tells whether a group letter is the 1st, 3rd, 5th… (A, C,
// E…, AA, AC…) in the order letterAt gives them.
func letterOdd(g string) bool {
	v := 0
	for i := 0; i < len(g); i++ {
		v = v*26 + int(g[i]-'A'+1)
	}
	return v%2 == 1
}

func grouped(h address.HouseNumber) bool {
	g, _ := h.Group()
	return g != ""
}

// StreetFinding is a finding about a whole street.
type StreetFinding struct {
	Reason      finding.Reason
	Explanation string
}

// StreetAudit sums up a street.
type StreetAudit struct {
	Street   StreetRef
	ID, Name string
	// Direction is the direction audited in, in words ("towards the
	// west"); Reversed is set when that is against the Circular's.
	Direction string
	Reversed  bool
	Numbers   int // readable numbers located on the street
	Agree     int // of which the parity agrees with the side
	Findings  []StreetFinding
}

// AlleyAudit is the verdict on an alley's number.
type AlleyAudit struct {
	Street      StreetRef // the alley
	ID          string    // the alley's ID
	Parent      StreetRef // the street it opens on
	Number      address.HouseNumber
	Side        geo.Side
	Along       geo.Meters
	Verdict     finding.Reason
	Suggested   address.HouseNumber
	Explanation string
}

// Report is the outcome of an audit. Houses are in the order given.
type Report struct {
	Houses  []Finding
	Streets []StreetAudit // streets with at least one house, in the order given to New
	Alleys  []AlleyAudit
	// Numbers and Agree sum StreetAudit's.
	Numbers, Agree int
}

// Agreement is the share of located readable numbers whose parity agrees
// with their side (1 when there are none).
func (r *Report) Agreement() float64 {
	if r.Numbers == 0 {
		return 1
	}
	return float64(r.Agree) / float64(r.Numbers)
}

// alleyMark reads "ngõ 201", "ngách 9/12", "hẻm 41" as an alley number.
func alleyMark(text string) (address.HouseNumber, bool) {
	if _, rest, ok := fold.CutType(fold.Key(text), fold.Alley); ok {
		h, err := address.ParseHouseNumber(rest)
		return h, err == nil
	}
	return address.HouseNumber{}, false
}

type auditItem struct {
	i   int
	loc geo.Location
}

// Audit checks existing numbers against the rules: parity against side,
// order along each side, duplicates, gaps, alley numbers against their
// entrance, and streets whose numbers run against the Circular's direction
// (audited in their own direction then, as the Circular lets them keep
// it). It never changes a number; each finding says why and suggests one.
func (n *Numberer) Audit(hs []Numbered, opts AuditOptions) *Report {
	if opts.MaxGap <= 0 {
		opts.MaxGap = 20
	}
	rep := &Report{Houses: make([]Finding, len(hs))}
	per := make([][]auditItem, len(n.streets))
	for i, h := range hs {
		f := &rep.Houses[i]
		*f = Finding{House: i, ID: h.ID, Street: h.Street, Text: h.Text, Verdict: finding.OK}
		num, err := address.ParseHouseNumber(h.Text)
		if err != nil {
			if a, ok := alleyMark(h.Text); ok {
				num, f.Alley = a, true
			} else {
				f.Verdict = finding.UnreadableNumber
				f.Explanation = fmt.Sprintf("%q is not a house number", h.Text)
			}
		}
		f.Number = num
		p, ok := n.street(h.Street)
		if !ok {
			if f.Verdict == finding.OK {
				f.Verdict = finding.UnknownStreet
				f.Explanation = n.unknown(h.Street)
			}
			continue
		}
		loc, err := p.line.Locate(h.Point)
		if err != nil {
			f.Verdict = finding.UnreadableNumber
			f.Explanation = err.Error()
			continue
		}
		per[p.idx] = append(per[p.idx], auditItem{i, loc})
	}
	states := make([]streetState, len(n.streets))
	for _, p := range n.streets {
		if len(per[p.idx]) == 0 && !n.hasNumberedAlleys(p) {
			continue
		}
		n.auditStreet(p, hs, per[p.idx], rep, &states[p.idx], opts)
	}
	for _, p := range n.all {
		if p.parent != nil && p.s.Number.IsValid() {
			rep.Alleys = append(rep.Alleys, n.auditAlley(p, &states[p.parent.idx]))
		}
	}
	return rep
}

func (n *Numberer) auditStreet(p *prepared, hs []Numbered, items []auditItem, rep *Report, st *streetState, opts AuditOptions) {
	length := float64(p.line.Length())
	// Which way do the numbers run? Count rises and falls between
	// neighbours on each side.
	// Alleys are evidence too: each carries the number of the house before
	// its entrance.
	type mark struct {
		along float64
		num   address.HouseNumber
	}
	var rises, falls int
	for _, side := range []geo.Side{geo.SideLeft, geo.SideRight} {
		var seq []mark
		for _, it := range items {
			if f := &rep.Houses[it.i]; f.Number.IsValid() && it.loc.Side == side && !grouped(f.Number) {
				seq = append(seq, mark{float64(it.loc.Along), f.Number.Local().Base()})
			}
		}
		for _, c := range p.children {
			if c.s.Number.IsValid() && c.side == side {
				seq = append(seq, mark{float64(c.entrance.Along), c.s.Number.Local().Base()})
			}
		}
		slices.SortStableFunc(seq, func(a, b mark) int { return cmp.Compare(a.along, b.along) })
		for k := 1; k < len(seq); k++ {
			switch c := seq[k].num.Compare(seq[k-1].num); {
			case c > 0:
				rises++
			case c < 0:
				falls++
			}
		}
	}
	reversed := falls > rises
	sa := StreetAudit{Street: StreetAt(p.idx), ID: p.s.ID, Name: p.s.Name, Reversed: reversed}
	h := p.info.Heading
	if reversed {
		h = math.Mod(h+180, 360)
		for k := range items {
			l := &items[k].loc
			l.Along = geo.Meters(length) - l.Along
			l.Offset, l.Side = -l.Offset, -l.Side
		}
	}
	switch {
	case p.info.Rule == RuleLoop:
		sa.Direction = "round the loop"
	case p.info.Rule == RuleRadial && !reversed:
		sa.Direction = "from the centre outwards"
	default:
		sa.Direction = "towards the " + headingName(h)
	}
	if reversed {
		sa.Findings = append(sa.Findings, StreetFinding{finding.LegacyDirection, fmt.Sprintf(
			"numbers rise %s (%d rises against %d falls between neighbours), against the direction the rules give (towards the %s): a street numbered before 15 October 2024 keeps its direction, so it is audited %s",
			sa.Direction, falls, rises, headingName(p.info.Heading), sa.Direction)})
	}
	name := p.s.Name
	if name == "" {
		name = p.s.ID
	}
	// Located findings: side, parity, distance.
	for _, it := range items {
		f := &rep.Houses[it.i]
		f.Side, f.Along, f.Offset, f.Distance = it.loc.Side, it.loc.Along, it.loc.Offset, it.loc.Distance
		if it.loc.Distance < p.s.Median {
			f.Side = geo.SideOn // between the carriageways: no side
		}
		f.ExpectedOdd = f.Side == geo.SideLeft
		if f.Verdict != finding.OK {
			continue
		}
		switch {
		case it.loc.Side == geo.SideOn:
			f.Verdict = finding.OnCentreline
			f.Explanation = fmt.Sprintf("the point is on the centreline of %s at %.1f m: it has no side", name, float64(f.Along))
			continue
		case it.loc.Distance < p.s.Median:
			f.Verdict = finding.OnCentreline
			f.Explanation = fmt.Sprintf("the point is between the carriageways of %s (%.1f m from the axis, the carriageways %.1f m apart) at %.1f m: it has no side", name, float64(it.loc.Distance), 2*float64(p.s.Median), float64(f.Along))
			continue
		}
		sa.Numbers++
		switch {
		case f.Agrees():
			sa.Agree++
			if it.loc.Distance > n.opts.MaxDistance {
				f.Verdict = finding.Far
				f.Explanation = fmt.Sprintf("%.0f m from %s (more than %.0f m)", float64(f.Distance), name, float64(n.opts.MaxDistance))
			}
		case grouped(f.Number):
			f.Verdict = finding.Parity
			g, _ := f.Number.Group()
			want := "A, C, E…"
			if !f.ExpectedOdd {
				want = "B, D, F…"
			}
			f.Explanation = fmt.Sprintf("group number %s on the %v of %s, numbered %s, at %.1f m along: groups lettered %s belong on this side, not %s",
				f.Number, f.Side, name, sa.Direction, float64(f.Along), want, g)
		default:
			f.Verdict = finding.Parity
			want, got := "odd", "even"
			if !f.ExpectedOdd {
				want, got = got, want
			}
			f.Explanation = fmt.Sprintf("%s number %s on the %v of %s, numbered %s, %.1f m from the centreline at %.1f m along: %s numbers belong on this side",
				got, f.Number, f.Side, name, sa.Direction, math.Abs(float64(f.Offset)), float64(f.Along), want)
			if p.s.Median > 0 {
				f.Explanation += fmt.Sprintf(" (%.1f m beyond the carriageway on that side)", float64(it.loc.Distance-p.s.Median))
			}
			if math.Abs(float64(f.Offset)) < 5 {
				f.Explanation += "; the point is within 5 m of the centreline, so its side is uncertain"
			}
			if it.loc.Past != geo.PastNone {
				f.Explanation += "; the point lies beyond the end of the mapped street"
			}
		}
	}
	// Order and duplicates on each side, among houses of the right parity.
	used := map[address.HouseNumber]bool{}
	for _, it := range items {
		if f := &rep.Houses[it.i]; f.Number.IsValid() && !f.Alley {
			used[f.Number.Local()] = true
		}
	}
	for s, side := range []geo.Side{geo.SideLeft, geo.SideRight} {
		var seq []auditItem
		for _, it := range items {
			if f := &rep.Houses[it.i]; it.loc.Side == side && !f.Alley && (f.Verdict == finding.OK || f.Verdict == finding.Far) {
				seq = append(seq, it)
			}
		}
		slices.SortStableFunc(seq, func(a, b auditItem) int { return cmp.Compare(a.loc.Along, b.loc.Along) })
		first := map[address.HouseNumber]int{}
		var kept []auditItem
		for _, it := range seq {
			f := &rep.Houses[it.i]
			if j, dup := first[f.Number]; dup {
				f.Verdict = finding.Duplicate
				f.Explanation = fmt.Sprintf("%s is also the number of %s, %.1f m away along %s", f.Number, hs[j].ID, math.Abs(float64(it.loc.Along-rep.Houses[j].Along)), name)
				continue
			}
			first[f.Number] = it.i
			if !grouped(f.Number) { // group numbers run inside their group
				kept = append(kept, it)
			}
		}
		inOrder := lis(kept, func(a, b auditItem) bool {
			return rep.Houses[a.i].Number.Local().Compare(rep.Houses[b.i].Number.Local()) < 0
		})
		var good []slot
		for k, it := range kept {
			f := &rep.Houses[it.i]
			if inOrder[k] {
				good = append(good, slot{float64(it.loc.Along), f.Number.Local()})
				continue
			}
			f.Verdict = finding.Order
			prev, next := neighbours(kept, inOrder, k)
			f.Explanation = fmt.Sprintf("%s at %.1f m along %s breaks the order of the %v side", f.Number, float64(f.Along), name, side)
			if prev >= 0 {
				f.Explanation += fmt.Sprintf(": it comes after %s at %.1f m", rep.Houses[kept[prev].i].Number, float64(kept[prev].loc.Along))
			}
			if next >= 0 {
				f.Explanation += fmt.Sprintf(" and before %s at %.1f m", rep.Houses[kept[next].i].Number, float64(kept[next].loc.Along))
			}
		}
		// Gaps between in-order neighbours.
		for k := 1; k < len(good); k++ {
			if miss := (good[k].num.Number()-good[k-1].num.Number())/2 - 1; miss > opts.MaxGap {
				sa.Findings = append(sa.Findings, StreetFinding{finding.Gap, fmt.Sprintf(
					"%d numbers missing on the %v side between %s at %.1f m and %s at %.1f m", miss, side,
					good[k-1].num, good[k-1].along, good[k].num, good[k].along)})
			}
		}
		if s == 0 {
			st.left = good
		} else {
			st.right = good
		}
	}
	// Suggestions: what a new house at that place would get.
	for _, it := range items {
		f := &rep.Houses[it.i]
		if f.Verdict != finding.Parity && f.Verdict != finding.Order && f.Verdict != finding.Duplicate || it.loc.Side == geo.SideOn {
			continue
		}
		parity, slots := 0, st.right
		if it.loc.Side == geo.SideLeft {
			parity, slots = 1, st.left
		}
		if len(slots) == 0 {
			if num, err := address.NewHouseNumber(2 - parity); err == nil && !used[num] {
				f.Suggested = num
			}
			continue
		}
		ai := item{along: float64(it.loc.Along), side: it.loc.Side, id: f.ID}
		if num, _, _, err := n.newNumber(&ai, slots, parity, func(h address.HouseNumber) bool { return used[h] }); err == nil {
			f.Suggested = num
			if chain := f.Number.AlleyChain(); chain.IsValid() {
				if full, err := num.InAlley(chain); err == nil {
					f.Suggested = full
				}
			}
		}
	}
	// Alley marks ("ngõ 201"): parity and order like an alley.
	for _, it := range items {
		f := &rep.Houses[it.i]
		if !f.Alley || f.Verdict != finding.OK {
			continue
		}
		verdict, expl, sug := checkAlleyNumber(f.Number, it.loc.Side, float64(it.loc.Along), st, name)
		f.Verdict, f.Explanation, f.Suggested = verdict, expl, sug
	}
	rep.Numbers += sa.Numbers
	rep.Agree += sa.Agree
	if len(items) > 0 {
		rep.Streets = append(rep.Streets, sa)
	}
	st.reversed = reversed
}

// auditAlley checks an alley's number against its parent's audited houses.
func (n *Numberer) auditAlley(p *prepared, par *streetState) AlleyAudit {
	side, along := p.side, float64(p.entrance.Along)
	if par.reversed {
		side, along = -side, float64(p.parent.line.Length())-along
	}
	a := AlleyAudit{Street: StreetAt(p.idx), ID: p.s.ID, Parent: StreetAt(p.parent.idx), Number: p.s.Number, Side: side, Along: geo.Meters(along)}
	name := p.parent.s.Name
	if name == "" {
		name = p.parent.s.ID
	}
	local := p.s.Number.Local()
	a.Verdict, a.Explanation, a.Suggested = checkAlleyNumber(local, side, along, par, name)
	return a
}

// checkAlleyNumber: an alley takes the number of the house just before
// its entrance, so its number has its side's parity and fits the order of
// the side's houses at the entrance.
func checkAlleyNumber(num address.HouseNumber, side geo.Side, along float64, st *streetState, name string) (finding.Reason, string, address.HouseNumber) {
	slots := st.slots(side)
	k := upTo(slots, along)
	var sug address.HouseNumber
	if k > 0 {
		sug = slots[k-1].num.Base()
	}
	num = num.Local()
	if num.Odd() != (side == geo.SideLeft) {
		return finding.AlleyMismatch, fmt.Sprintf("alley %s opens on the %v of %s at %.1f m, where numbers are %s", num, side, name, along, map[bool]string{true: "odd", false: "even"}[side == geo.SideLeft]), sug
	}
	if k > 0 && slots[k-1].num.Base().Compare(num.Base()) > 0 {
		return finding.AlleyMismatch, fmt.Sprintf("alley %s opens at %.1f m along %s, after house %s at %.1f m: an alley takes the number of the house just before it", num, along, name, slots[k-1].num, slots[k-1].along), sug
	}
	if k < len(slots) && slots[k].num.Base().Compare(num.Base()) < 0 {
		return finding.AlleyMismatch, fmt.Sprintf("alley %s opens at %.1f m along %s, before house %s at %.1f m: an alley takes the number of the house just before it", num, along, name, slots[k].num, slots[k].along), sug
	}
	return finding.OK, "", address.HouseNumber{}
}

// lis marks a longest strictly increasing subsequence of xs under less;
// among equally long ones, the one with the smallest values (patience
// sorting), so the result is deterministic.
func lis[T any](xs []T, less func(a, b T) bool) []bool {
	tails := []int{} // index of the smallest tail of each length
	prev := make([]int, len(xs))
	for i := range xs {
		lo, hi := 0, len(tails)
		for lo < hi {
			m := (lo + hi) / 2
			if less(xs[tails[m]], xs[i]) {
				lo = m + 1
			} else {
				hi = m
			}
		}
		prev[i] = -1
		if lo > 0 {
			prev[i] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, i)
		} else {
			tails[lo] = i
		}
	}
	in := make([]bool, len(xs))
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			in[i] = true
		}
	}
	return in
}

// neighbours returns the in-order houses before and after position k.
func neighbours(xs []auditItem, in []bool, k int) (prev, next int) {
	prev, next = -1, -1
	for j := k - 1; j >= 0; j-- {
		if in[j] {
			prev = j
			break
		}
	}
	for j := k + 1; j < len(xs); j++ {
		if in[j] {
			next = j
			break
		}
	}
	return prev, next
}

func (n *Numberer) hasNumberedAlleys(p *prepared) bool {
	for _, c := range p.children {
		if c.s.Number.IsValid() {
			return true
		}
	}
	return false
}
