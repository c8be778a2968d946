package registry

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/index"
)

// A house added without a rebuild. Add makes the next registry by
// numbering the new house on its street alone (numbering.OnStreet: the
// street's numbered houses, resumed once per build and street from what
// the build placed, then carried from one add to the next), as a build
// would number it there, and linking it as a build would; the next
// registry shares every record, table and index of the one it is made
// from (never changed once built) and holds the houses added since the
// last build in segments of its own (added, below). A change costs a
// search and a copy of one side of its street, not the registry.
// Whenever the house could change what a build gives any other record,
// Add rebuilds instead (addFast says when).
//
// The houses added since the last build are held in segments, oldest
// first, each made once and never changed: an Add makes a segment of its
// one house and merges the newest segments while the last two are as
// large (a binary counter), so the sizes halve from the oldest on, there
// are at most log2(n)+1 of them, and an add copies O(log n) houses on
// average: the 2^k-th add merges 2^k houses into one segment (about a
// millisecond for every thousand houses) and the other adds cost a
// lookup in each segment. Nothing here ever rebuilds.

// added is the houses added to a built registry without a rebuild, and
// what finds them: positions len(Registry.houses) and on. Never changed
// once made: the next Add makes a new one, sharing all but the newest
// segments.
type added struct {
	segs []*segment // oldest first; each smaller than the one before
	n    int
}

// segment is a run of added houses from position base on.
type segment struct {
	base      int
	houses    []House
	buildings []Feature
	bySource  map[string]int32
	byID      map[address.ID]int32
	byText    map[houseKey][]int32
	parcel    map[int32][]int32 // parcel -> the segment's houses in it
	points    *index.PointIndex[int32]
	// street are the numbering states of the streets added to, as left
	// by the segment's last add to each (the others' are older segments'
	// or the build's, streetStates).
	street map[int32]*numbering.OnStreet
	// findings are the segment's houses' findings, in their order; about
	// are the findings its adds made about other houses (an address a
	// house added shares with one of them).
	findings, about []Finding
}

func (m *added) count() int {
	if m == nil {
		return 0
	}
	return m.n
}

func (m *added) byIDOf(id address.ID) (int, bool) {
	if m != nil {
		for _, s := range m.segs {
			if i, ok := s.byID[id]; ok {
				return int(i), true
			}
		}
	}
	return -1, false
}

func (m *added) bySourceOf(id string) (int, bool) {
	if m != nil {
		for _, s := range m.segs {
			if i, ok := s.bySource[id]; ok {
				return int(i), true
			}
		}
	}
	return -1, false
}

// house is the added house at position i (which must be one).
func (m *added) house(i int) *House {
	k := len(m.segs) - 1
	for m.segs[k].base > i {
		k--
	}
	s := m.segs[k]
	return &s.houses[i-s.base]
}

// byText appends the added houses of a key to dst, in source order.
func (m *added) byText(dst []int32, k houseKey) []int32 {
	if m != nil {
		for _, s := range m.segs {
			dst = append(dst, s.byText[k]...)
		}
	}
	return dst
}

// inParcel appends the added houses of parcel p to dst, in source order.
func (m *added) inParcel(dst []int32, p int32) []int32 {
	if m != nil {
		for _, s := range m.segs {
			dst = append(dst, s.parcel[p]...)
		}
	}
	return dst
}

// nearest is the added house nearest to p within radius (of two as near,
// the first in source order, as one index answers).
func (m *added) nearest(p orb.Point, radius geo.Meters) (index.PointMatch[int32], bool) {
	var best index.PointMatch[int32]
	found := false
	if m != nil {
		for _, s := range m.segs {
			if a, ok := s.points.Nearest(p, radius); ok && (!found || a.Distance < best.Distance) {
				best, found = a, true
			}
		}
	}
	return best, found
}

// street is street k's numbering state as the last add to it left it;
// ok is false when no house was added to it.
func (m *added) street(k int32) (*numbering.OnStreet, bool) {
	if m != nil {
		for i := len(m.segs) - 1; i >= 0; i-- {
			if o, ok := m.segs[i].street[k]; ok {
				return o, true
			}
		}
	}
	return nil, false
}

// findings are the added houses' findings, in their order.
func (m *added) findings() []Finding {
	if m == nil {
		return nil
	}
	var out []Finding
	for _, s := range m.segs {
		out = append(out, s.findings...)
	}
	return out
}

// about are the findings the adds made about other houses.
func (m *added) about() []Finding {
	if m == nil {
		return nil
	}
	var out []Finding
	for _, s := range m.segs {
		out = append(out, s.about...)
	}
	return out
}

// buildings appends the added houses' buildings to dst, in their order.
func (m *added) buildings(dst []Feature) []Feature {
	if m != nil {
		for _, s := range m.segs {
			dst = append(dst, s.buildings...)
		}
	}
	return dst
}

// with is m with house h (at position i) of building f added, with its
// findings and its street's next numbering state.
func (m *added) with(i int, h House, f Feature, key houseKey, fs, about []Finding, st *numbering.OnStreet) *added {
	one := &segment{base: i, houses: []House{h}, buildings: []Feature{f},
		bySource: map[string]int32{h.Source: int32(i)}, byID: map[address.ID]int32{h.ID: int32(i)},
		byText: map[houseKey][]int32{key: {int32(i)}}, parcel: map[int32][]int32{},
		street: map[int32]*numbering.OnStreet{}, findings: slices.Clip(fs), about: slices.Clip(about)}
	if p, ok := h.parcel.Index(); ok {
		one.parcel[int32(p)] = []int32{int32(i)}
	}
	s, _ := h.street.Index()
	one.street[int32(s)] = st
	one.index()
	out := &added{n: m.count() + 1}
	if m != nil {
		out.segs = make([]*segment, len(m.segs), len(m.segs)+1)
		copy(out.segs, m.segs)
	}
	out.segs = append(out.segs, one)
	for k := len(out.segs); k >= 2 && len(out.segs[k-1].houses) >= len(out.segs[k-2].houses); k-- {
		out.segs[k-2] = merged(out.segs[k-2], out.segs[k-1])
		out.segs = out.segs[:k-1]
	}
	return out
}

// merged is one segment of a's houses followed by b's.
func merged(a, b *segment) *segment {
	n := len(a.houses) + len(b.houses)
	out := &segment{base: a.base, houses: make([]House, 0, n), buildings: make([]Feature, 0, n),
		bySource: make(map[string]int32, n), byID: make(map[address.ID]int32, n),
		byText: make(map[houseKey][]int32, n), parcel: make(map[int32][]int32),
		street:   make(map[int32]*numbering.OnStreet, len(a.street)+len(b.street)),
		findings: make([]Finding, 0, len(a.findings)+len(b.findings))}
	for _, s := range []*segment{a, b} {
		out.houses = append(out.houses, s.houses...)
		out.buildings = append(out.buildings, s.buildings...)
		out.findings = append(out.findings, s.findings...)
		out.about = append(out.about, s.about...)
		maps.Copy(out.bySource, s.bySource)
		maps.Copy(out.byID, s.byID)
		maps.Copy(out.street, s.street) // b's, the later states, last
		for k, v := range s.byText {
			out.byText[k] = append(out.byText[k], v...)
		}
		for k, v := range s.parcel {
			out.parcel[k] = append(out.parcel[k], v...)
		}
	}
	out.index()
	return out
}

// index makes the segment's point index.
func (s *segment) index() {
	s.points = &index.PointIndex[int32]{}
	for k := range s.houses {
		// Valid points: a house without one is never added so.
		_ = s.points.Insert(s.houses[k].Point, int32(s.base+k))
	}
	s.points.Prepare()
}

// house is house i: of the build, or added since.
func (r *Registry) house(i int) *House {
	if i < len(r.houses) {
		return &r.houses[i]
	}
	return r.more.house(i)
}

// allFindings are the registry's findings in order (sortFindings'): the
// build's, and those of the houses added since after the buildings',
// with those the adds made about other houses in their place.
func (r *Registry) allFindings() []Finding {
	more, about := r.more.findings(), r.more.about()
	if len(more) == 0 && len(about) == 0 {
		return r.findings
	}
	slices.SortFunc(about, func(x, y Finding) int { return x.Index - y.Index })
	rank := layerRank[LayerBuildings]
	cut, _ := slices.BinarySearchFunc(r.findings, rank+1, func(f Finding, rank int) int {
		return layerRank[f.Layer] - rank
	})
	out := make([]Finding, 0, len(r.findings)+len(more)+len(about))
	k, a := 0, 0
	for ; a < len(about) && about[a].Index < len(r.houses); a++ {
		p := r.findingAbout(about[a].Index)
		out = append(out, r.findings[k:p]...)
		out = append(out, about[a])
		k = p
	}
	out = append(out, r.findings[k:cut]...)
	// The houses added since, in order, each with those about it after
	// its own (made when it was added).
	k = 0
	for ; a < len(about); a++ {
		p, _ := slices.BinarySearchFunc(more, about[a].Index+1, func(f Finding, i int) int { return f.Index - i })
		out = append(out, more[k:p]...)
		out = append(out, about[a])
		k = p
	}
	out = append(out, more[k:]...)
	return append(out, r.findings[cut:]...)
}

// buildingFindings are the bounds of the build's findings about house i
// in r.findings.
func (r *Registry) buildingFindings(i int) (lo, hi int) {
	rank := layerRank[LayerBuildings]
	at := func(f Finding, i int) int {
		return cmp.Or(cmp.Compare(layerRank[f.Layer], rank), cmp.Compare(f.Index, i))
	}
	lo, _ = slices.BinarySearchFunc(r.findings, i, at)
	hi, _ = slices.BinarySearchFunc(r.findings, i+1, at)
	return lo, hi
}

// findingAbout is where in r.findings a finding about the build's house
// i that the linking makes (the same address on two houses) stands:
// after the house's findings made before it, before those of its IDs.
func (r *Registry) findingAbout(i int) int {
	lo, hi := r.buildingFindings(i)
	for p := lo; p < hi; p++ {
		if f := r.findings[p].Reason; f == finding.DuplicateID || f == finding.BadExternalID {
			return p
		}
	}
	return hi
}

// source is the registry's source: its own, with the buildings added
// since the build after those of the build (a copy of the layer then).
func (r *Registry) source() *Source {
	if r.lazy != nil {
		// Every exported path reads the file whole before it comes here
		// (whole); this is for the package's own checks.
		if w, err := r.whole(context.Background()); err == nil {
			return w.source()
		}
	}
	if r.more == nil {
		return &r.src
	}
	s := r.src
	s.Buildings = r.more.buildings(slices.Clip(s.Buildings))
	return &s
}

// parcelHouses is the parcel index's entry with the houses added since
// the build.
func (r *Registry) parcelHouses(e parcelEntry) parcelEntry {
	var buf [4]int32
	add := r.more.inParcel(buf[:0], e.parcel)
	if len(add) == 0 {
		return e
	}
	switch n := int(r.parcelStart[e.parcel+1]-r.parcelStart[e.parcel]) + len(add); n {
	case 1:
		e.house = add[0] + 1
	default:
		e.house = -1
	}
	return e
}

// nearestHouse is the house nearest to p within Options.HouseRadius: of
// the build's, or added since (of two as near, the first in source
// order, as one index answers).
func (r *Registry) nearestHouse(p orb.Point) (index.PointMatch[int32], bool) {
	m, ok := r.houseIx.Nearest(p, r.opts.HouseRadius)
	if a, aok := r.more.nearest(p, r.opts.HouseRadius); aok && (!ok || a.Distance < m.Distance) {
		m, ok = a, true
	}
	return m, ok
}

// streetStates are the numbering states of a build's streets
// (numbering.OnStreet), each prepared from the street's houses when a
// house is first added to it without a rebuild, and shared by every
// registry made so from that build: none of their houses changes.
type streetStates struct {
	mu sync.Mutex
	m  map[int32]*numbering.OnStreet // nil for a street that could not be prepared
}

// streetState is street k's numbering state with the houses added since
// the build; nil when it cannot be had (Add rebuilds then).
func (r *Registry) streetState(k int) *numbering.OnStreet {
	if o, ok := r.more.street(int32(k)); ok {
		return o
	}
	ss := r.states
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if o, ok := ss.m[int32(k)]; ok {
		return o
	}
	o, err := r.resumeStreet(k)
	if err != nil {
		o, err = r.prepareStreet(k)
	}
	if err != nil {
		o = nil
	}
	ss.m[int32(k)] = o
	return o
}

// streetFrontages are street k's numbered houses as the build placed
// them, and the retired houses that hold their numbers there, as
// frontages.
func (r *Registry) streetFrontages(k int) ([]numbering.House, []numbering.Frontage) {
	st := &r.streets[k]
	ns := numbering.StreetAt(int(r.numPos[k]))
	in := r.onStreet[r.streetStart[k]:r.streetStart[k+1]]
	hs := make([]numbering.House, 0, len(in))
	for _, i := range in {
		h := &r.houses[i]
		hs = append(hs, numbering.House{ID: h.Source, Street: ns, Number: h.Number, Side: h.Side, Along: h.Along})
	}
	var fs []numbering.Frontage
	for _, rt := range r.ledger.retired {
		if rt.Street == st.ID && rt.Number.IsValid() && rt.Door != (orb.Point{}) {
			fs = append(fs, numbering.Frontage{ID: "retired " + rt.Source, Number: rt.Number,
				Doors: []numbering.Door{{Street: ns, Point: rt.Door, Main: true}}})
		}
	}
	return hs, fs
}

// chainOf is the alley chain street k's houses are numbered with (zero
// for a street or a named alley).
func (r *Registry) chainOf(k int) address.HouseNumber {
	st := &r.streets[k]
	if _, alley := st.Parent(); alley {
		return st.Number
	}
	return address.HouseNumber{}
}

// resumeStreet is street k's numbering state from where the build placed
// its houses (numbering.Resume: none numbered again).
func (r *Registry) resumeStreet(k int) (*numbering.OnStreet, error) {
	hs, fs := r.streetFrontages(k)
	return r.numberer.Resume(numbering.StreetAt(int(r.numPos[k])), r.chainOf(k), hs, fs)
}

// prepareStreet is street k's numbering state with its houses numbered
// again (numbering.Prepare), where Resume cannot be sure.
func (r *Registry) prepareStreet(k int) (*numbering.OnStreet, error) {
	hs, fs := r.streetFrontages(k)
	ns := numbering.StreetAt(int(r.numPos[k]))
	all := make([]numbering.Frontage, 0, len(hs)+len(fs))
	for i := range hs {
		h := &r.houses[r.onStreet[int(r.streetStart[k])+i]]
		all = append(all, numbering.Frontage{ID: h.Source, Number: h.Number,
			Doors: []numbering.Door{{Street: ns, Point: h.Door, Main: true}}})
	}
	return r.numberer.Prepare(ns, r.chainOf(k), append(all, fs...))
}

// addFast adds one building without a rebuild, giving what a rebuild
// would: the same number, links, address ID, issued day, event and
// findings. ok is false when it cannot be sure of that, for Add to
// rebuild:
//   - a building's street was chosen by the corner rule's count of
//     numbered houses (a later build may choose otherwise), or a retired
//     house has no event yet;
//   - the building gives a number (audited against the others), a
//     housing group, a parcel, commune, postcode, address ID or external
//     ID, or an entrance names it, or it has an attribute or geometry a
//     finding would be about;
//   - its street is unsettled (a house on it not numbered, with two doors
//     on it or in a group without a group's number; an alley opening on
//     it without its number), or it is not numbered there, or it would
//     share its address with two other houses of its commune (the
//     findings about each would change);
//   - its commune has no postcode known to the registry.
func (r *Registry) addFast(c Change, date time.Time, f Feature) (*Registry, bool) {
	if r.states == nil || r.byCount {
		return nil, false
	}
	if slices.ContainsFunc(r.ledger.retired, func(rt Retired) bool { return rt.Event == 0 }) {
		return nil, false
	}
	key, err := r.opts.key()
	if err != nil {
		return nil, false
	}
	n := r.HouseCount()
	// The building, decoded as a build decodes it.
	d := &decoder{out: &decoded{code: r.sourceCRS, tr: r.tr}, streetPos: r.streetPos, d2025: r.d2025, dLegacy: r.dLegacy}
	var rec buildingRec
	var gerr error
	rec.geom, rec.point, gerr = r.tr.building(f.Geometry)
	id, err := d.building(newBuildingAttrs(), n, f, &rec, gerr)
	if _, taken := r.houseBySource(id); taken {
		return nil, false // a building without a usable geometry has it
	}
	switch {
	case err != nil, len(d.out.findings) > 0, rec.geom == nil, geo.CheckPoint(rec.point) != nil,
		rec.numberText != "", rec.group != "", rec.namesParcel, rec.parcelBad, rec.commune != "",
		rec.postcodeText != "", rec.addressID.IsValid(), len(rec.ext) > 0, r.doorsOf[id]:
		return nil, false
	}
	// Its door: on the street it names, else the nearest.
	k := -1
	if rec.streetID != "" {
		if j, ok := rec.street.Index(); ok && r.streets[j].Line != nil {
			k = j
		}
	} else if m, ok := r.streetIx.Nearest(rec.point, r.opts.StreetRadius); ok {
		k = int(m.Value)
	}
	if k < 0 || r.unsettled[k] || r.numPos[k] < 0 {
		return nil, false
	}
	st := &r.streets[k]
	o := r.streetState(k)
	if o == nil {
		return nil, false
	}
	door := numbering.Door{Street: numbering.StreetAt(int(r.numPos[k])), Point: frontDoor(rec.geom, rec.point, st.Line), Main: true}
	on, rh, err := o.Add(numbering.Frontage{ID: id, Doors: []numbering.Door{door}, Planned: rec.planned, SplitOf: rec.splitOf})
	if err != nil {
		return nil, false
	}
	h := House{ref: HouseAt(n), Source: id, Point: rec.point, Door: door.Point, street: StreetAt(k),
		Number: rh.Number, Status: rh.Status, Side: rh.Side, Along: rh.Along, Issued: date}
	// Linked as a build links it.
	var found []Finding
	r.linkPoint(&h)
	if _, inParcel := h.Parcel(); !inParcel && len(r.parcels) > 0 {
		found = append(found, Finding{Layer: LayerBuildings, Record: id, Index: n, Reason: finding.OutsideParcel,
			Evidence: "lies in no parcel", Point: h.Point})
	}
	if r.legacy == nil && h.Commune.IsValid() {
		if ps, err := admin.Predecessors(h.Commune); err == nil && len(ps) == 1 {
			h.Legacy = ps[0].Code
		}
	}
	if !h.Postcode.IsValid() && h.Commune.IsValid() {
		pc, known := r.postcodeOf[h.Commune]
		if !known {
			return nil, false
		}
		h.Postcode = pc
	}
	m, _ := st.main.Index()
	tk := houseKey{r.nameOf[m], h.Number}
	// The same address (number, street name, commune) on another house
	// is a finding about both, as the build makes it: on one other house,
	// the finding about it is laid over the findings (unless the audit
	// reported the two already, naming the other house); on more (each
	// finding would change), Add rebuilds.
	var buf [8]int32
	twin := -1
	for _, j := range r.housesByText(buf[:0], tk) {
		if h.Commune.IsValid() && r.house(int(j)).Commune == h.Commune {
			if twin >= 0 {
				return nil, false
			}
			twin = int(j)
		}
	}
	var about []Finding
	if twin >= 0 {
		audited := false // (only a house of the build's number is audited)
		if twin < len(r.houses) {
			lo, hi := r.buildingFindings(twin)
			audited = slices.ContainsFunc(r.findings[lo:hi], func(f Finding) bool { return f.Reason == finding.Duplicate })
		}
		if !audited {
			about = append(about, r.duplicateAddress(twin, r.house(twin), 1))
			found = append(found, r.duplicateAddress(n, &h, 1))
		}
	}
	// Its address ID: the allocator's next free one.
	alloc, err := address.NewAllocator(address.AllocatorConfig{Key: key, Partition: r.partition, Partitions: r.partitions, Start: r.nextCounter})
	if err != nil {
		return nil, false
	}
	retired := r.ledger.retiredIDs()
	for {
		aid, err := alloc.New()
		if err != nil {
			return nil, false
		}
		if _, taken := r.houseByID(aid); !taken && !retired[aid] {
			h.ID = aid
			break
		}
	}
	// The next registry: this one's records shared, the house added.
	next := &Registry{}
	*next = *r
	next.more = r.more.with(n, h, f, tk, found, about, on)
	next.nextCounter = alloc.Next()
	next.opts.IDStart = r.nextCounter
	next.extent = r.extent.Extend(h.Point)
	next.reach = reach(next.extent, max(r.opts.HouseRadius, r.opts.StreetRadius))
	next.sealed = false
	events, tail := r.ledger.withEvent(Event{Kind: EventAdd, Date: date, Ref: c.Ref, Subject: id,
		Old: "", New: h.Number.String(), Houses: []string{id}})
	l := &Ledger{reg: next, alleys: r.ledger.alleys, retired: r.ledger.retired,
		events: events, tail: tail, next: next.nextCounter}
	next.ledger, next.src.Ledger = l, l
	return next, true
}
