package registry

import (
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
// street's numbered houses, prepared once per build and street, then
// carried from one add to the next), as a build would number it there,
// and linking it as a build would; the next registry shares every
// record, table and index of the one it is made from (never changed once
// built) and holds the houses added since the last build in a small part
// of its own (added), copied whole by each such Add: a change costs a
// search and a copy of one side of its street and the houses added since,
// not the registry. When that part reaches maxAdded houses, or whenever
// the house could change what a build gives any other record, Add
// rebuilds instead (addFast says when).

// maxAdded is how many houses are added without a rebuild before the
// next Add rebuilds (and starts a new part).
const maxAdded = 1024

// added is the houses added to a built registry without a rebuild, and
// what finds them: positions len(Registry.houses) and on. Never changed
// once made: the next Add copies it.
type added struct {
	houses    []House
	buildings []Feature
	bySource  map[string]int32
	byID      map[address.ID]int32
	byText    map[houseKey][]int32
	parcel    map[int32][]int32 // parcel -> the added houses in it
	points    *index.PointIndex[int32]
	// street are the numbering states of the streets added to (the
	// others' are the build's, streetStates).
	street map[int32]*numbering.OnStreet
	// findings are the added houses' findings, in their order: after
	// those of the build's buildings, before those of the later layers.
	findings []Finding
}

func (m *added) count() int {
	if m == nil {
		return 0
	}
	return len(m.houses)
}

func (m *added) byIDOf(id address.ID) (int, bool) {
	if m == nil {
		return -1, false
	}
	i, ok := m.byID[id]
	return int(i), ok
}

func (m *added) bySourceOf(id string) (int, bool) {
	if m == nil {
		return -1, false
	}
	i, ok := m.bySource[id]
	return int(i), ok
}

// with is a copy of m with house h (at position i) of building f added,
// with its findings and its street's next numbering state.
func (m *added) with(i int, h House, f Feature, key houseKey, fs []Finding, st *numbering.OnStreet) *added {
	out := &added{bySource: map[string]int32{}, byID: map[address.ID]int32{}, byText: map[houseKey][]int32{},
		parcel: map[int32][]int32{}, street: map[int32]*numbering.OnStreet{}, points: &index.PointIndex[int32]{}}
	if m != nil {
		out.houses, out.buildings = slices.Clip(m.houses), slices.Clip(m.buildings)
		out.bySource, out.byID, out.byText = maps.Clone(m.bySource), maps.Clone(m.byID), maps.Clone(m.byText)
		out.parcel, out.street = maps.Clone(m.parcel), maps.Clone(m.street)
		out.findings = slices.Clip(m.findings)
	}
	out.findings = append(out.findings, fs...)
	// The slices of the maps are shared: appended to only through a
	// clipped copy.
	out.houses, out.buildings = append(out.houses, h), append(out.buildings, f)
	out.bySource[h.Source], out.byID[h.ID] = int32(i), int32(i)
	out.byText[key] = append(slices.Clip(out.byText[key]), int32(i))
	if p, ok := h.parcel.Index(); ok {
		out.parcel[int32(p)] = append(slices.Clip(out.parcel[int32(p)]), int32(i))
	}
	s, _ := h.street.Index()
	out.street[int32(s)] = st
	base := i - len(out.houses) + 1
	for k := range out.houses {
		// Valid points: a house without one is never added so.
		_ = out.points.Insert(out.houses[k].Point, int32(base+k))
	}
	out.points.Prepare()
	return out
}

// house is house i: of the build, or added since.
func (r *Registry) house(i int) *House {
	if i < len(r.houses) {
		return &r.houses[i]
	}
	return &r.more.houses[i-len(r.houses)]
}

// allFindings are the registry's findings in order (sortFindings'): the
// build's, with those of the houses added since after the buildings'.
func (r *Registry) allFindings() []Finding {
	if r.more == nil || len(r.more.findings) == 0 {
		return r.findings
	}
	cut, _ := slices.BinarySearchFunc(r.findings, layerRank[LayerBuildings]+1, func(f Finding, rank int) int {
		return layerRank[f.Layer] - rank
	})
	out := make([]Finding, 0, len(r.findings)+len(r.more.findings))
	out = append(out, r.findings[:cut]...)
	out = append(out, r.more.findings...)
	return append(out, r.findings[cut:]...)
}

// source is the registry's source: its own, with the buildings added
// since the build after those of the build (a copy of the layer then).
func (r *Registry) source() *Source {
	if r.more == nil {
		return &r.src
	}
	s := r.src
	s.Buildings = append(slices.Clip(s.Buildings), r.more.buildings...)
	return &s
}

// parcelHouses is the parcel index's entry with the houses added since
// the build.
func (r *Registry) parcelHouses(e parcelEntry) parcelEntry {
	if r.more == nil {
		return e
	}
	add := r.more.parcel[e.parcel]
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
	if r.more != nil {
		if a, aok := r.more.points.Nearest(p, r.opts.HouseRadius); aok && (!ok || a.Distance < m.Distance) {
			m, ok = a, true
		}
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
	if r.more != nil {
		if o, ok := r.more.street[int32(k)]; ok {
			return o
		}
	}
	ss := r.states
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if o, ok := ss.m[int32(k)]; ok {
		return o
	}
	// The street's frontages, as a build gives them: its houses and the
	// retired houses that hold their numbers there.
	st := &r.streets[k]
	ns := numbering.StreetAt(int(r.numPos[k]))
	in := r.onStreet[r.streetStart[k]:r.streetStart[k+1]]
	fs := make([]numbering.Frontage, 0, len(in))
	doors := make([]numbering.Door, 0, len(in))
	for _, i := range in {
		h := &r.houses[i]
		doors = append(doors, numbering.Door{Street: ns, Point: h.Door, Main: true})
		fs = append(fs, numbering.Frontage{ID: h.Source, Number: h.Number, Doors: doors[len(doors)-1:]})
	}
	for _, rt := range r.ledger.retired {
		if rt.Street == st.ID && rt.Number.IsValid() && rt.Door != (orb.Point{}) {
			fs = append(fs, numbering.Frontage{ID: "retired " + rt.Source, Number: rt.Number,
				Doors: []numbering.Door{{Street: ns, Point: rt.Door, Main: true}}})
		}
	}
	var chain address.HouseNumber
	if _, alley := st.Parent(); alley {
		chain = st.Number
	}
	o, err := r.numberer.Prepare(ns, chain, fs)
	if err != nil {
		o = nil
	}
	ss.m[int32(k)] = o
	return o
}

// addFast adds one building without a rebuild, giving what a rebuild
// would: the same number, links, address ID, issued day, event and
// findings. ok is false when it cannot be sure of that, for Add to
// rebuild:
//   - maxAdded houses were added since the build;
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
//     share its address with another house of its commune (a finding
//     about both);
//   - its commune has no postcode known to the registry.
func (r *Registry) addFast(c Change, date time.Time, f Feature) (*Registry, bool) {
	if r.states == nil || r.more.count() >= maxAdded || r.byCount {
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
	// is a finding about both.
	var buf [8]int32
	for _, j := range r.housesByText(buf[:0], tk) {
		if h.Commune.IsValid() && r.house(int(j)).Commune == h.Commune {
			return nil, false
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
	next.more = r.more.with(n, h, f, tk, found, on)
	next.nextCounter = alloc.Next()
	next.opts.IDStart = r.nextCounter
	next.extent = r.extent.Extend(h.Point)
	next.reach = reach(next.extent, max(r.opts.HouseRadius, r.opts.StreetRadius))
	next.sealed = false
	ev := Event{Seq: len(r.ledger.events) + 1, Kind: EventAdd, Date: date, Ref: c.Ref, Subject: id,
		Old: "", New: h.Number.String(), Houses: []string{id}}
	l := &Ledger{reg: next, alleys: r.ledger.alleys, retired: r.ledger.retired,
		events: append(slices.Clip(r.ledger.events), ev), next: next.nextCounter}
	next.ledger, next.src.Ledger = l, l
	return next, true
}
