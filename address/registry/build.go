package registry

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/postal"
)

// Options tune a build. The zero value numbers by the Circular's plain
// rules and issues IDs in the partition of the source's province.
type Options struct {
	Numbering numbering.Options
	Audit     numbering.AuditOptions
	// IDKey is the office's secret key, at least address.MinKeyBytes
	// long: it issues the address IDs (address.Allocator) and seals the
	// saved file (Save; Open given it refuses what anyone without it
	// changed in the parts it reads, and the first change or Verify the
	// rest). Keep it secret and stable. Build refuses to run
	// without one (address.ErrKey) unless DemoKey is set.
	IDKey []byte
	// DemoKey uses diachi's public demonstration key instead of IDKey,
	// for the sample town and trials only: anyone can compute the IDs it
	// issues and forge a file it seals. The saved file says so (metadata
	// id_key = demo) and Registry.DemoKey reports it.
	DemoKey bool
	// Partitions and Partition choose the allocator's block; zero
	// Partitions means 100 blocks with Partition the two-digit province
	// code of the parcels' communes (0 when there are none).
	Partitions, Partition int
	// IDStart is the allocator counter to start from (a previous
	// registry's NextCounter) when continuing a partition.
	IDStart uint64
	// ParcelZone is the VN-2000 TM-3 zone parcel IDs are computed in for
	// parcels without a stored one. Zero means the source CRS when it is
	// a TM-3 zone; a source in another CRS with parcels lacking IDs must
	// set it.
	ParcelZone crs.Code
	// HouseRadius is how far from a point reverse geocoding looks for a
	// house when the point is in no parcel with one (default 50 m);
	// StreetRadius for the nearest street (default 200 m).
	HouseRadius, StreetRadius geo.Meters
	// Workers computes parcel IDs in parallel (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called as the build goes: the stage, and how
	// many of its items are done out of total.
	Progress func(stage string, done, total int)
	// Clock gives the day numbers and IDs are issued on (the ledger's
	// dates) when a change does not say; nil means the system clock. Set
	// it for builds that must come out the same whatever the day.
	Clock func() time.Time
}

// today is the day of the options' clock.
func (o *Options) today() time.Time {
	if o.Clock != nil {
		return dayOf(o.Clock())
	}
	return dayOf(time.Now())
}

func (o *Options) progress(stage string, done, total int) {
	if o.Progress != nil {
		o.Progress(stage, done, total)
	}
}

// builder holds the state of one build: it assembles the decoded
// records (decode.go), links and indexes them, and reads no attribute.
type builder struct {
	ctx   context.Context
	opts  Options
	dec   *decoded
	saved *saved
	r     *Registry
	// ledger is what was issued before this build (never nil); today the
	// day of what it issues now; renumber: number every house afresh (a
	// renumbering plan), and plan receives the plan.
	ledger   *Ledger
	prev     map[string]Issued // what the ledger issued, by building id
	today    time.Time
	renumber bool
	plan     []PlanLine
	// issued marks the houses given the number their ledger entry holds.
	issued []bool
	// numPos is each street's position among the streets given to the
	// numberer (-1 for one it was not given: unusable); regOf maps back.
	numPos, regOf []int32
}

// Build builds a registry: it decodes the source's records (their
// attributes by the schema, their geometry to WGS84), indexes communes,
// postal zones, parcels and streets, numbers the buildings
// (address/numbering), links each house to its parcel, commune and
// postcode, issues address IDs and validates every record. Problems with
// records are findings (Registry.Findings), never silently dropped;
// Build fails only on a source it cannot use at all (ErrSource, a
// *SourceError for a record), or when ctx is done.
//
// Build takes ownership of src's features: the registry keeps them,
// without a copy, to save them again (Save), so the caller must not
// change a feature's geometry or attributes afterwards. The registry
// holds its own copy of src's layer slices, so appending to a layer of
// src, or replacing one, does not reach it; Source.Clone gives a copy
// for a caller that goes on changing its source.
func Build(ctx context.Context, src *Source, opts Options) (*Registry, error) {
	if _, err := opts.key(); err != nil {
		return nil, err
	}
	return build(ctx, src, opts, nil, buildPlan{today: opts.today()})
}

// buildPlan is what a build is asked beyond its source: the day it
// issues on, and whether it renumbers.
type buildPlan struct {
	today    time.Time
	renumber bool
}

// demoKey is the public demonstration key (Options.DemoKey).
var demoKey = []byte("diachi public demonstration key: the sample town only, never a real registry")

// key returns the key of the options: IDKey, or the demo key.
func (o *Options) key() ([]byte, error) {
	switch {
	case o.DemoKey && len(o.IDKey) > 0:
		return nil, fmt.Errorf("registry: %w: both IDKey and DemoKey given", address.ErrKey)
	case o.DemoKey:
		return demoKey, nil
	case len(o.IDKey) == 0:
		return nil, fmt.Errorf("registry: %w: no IDKey (the office's secret; DemoKey for a demonstration)", address.ErrKey)
	case len(o.IDKey) < address.MinKeyBytes:
		return nil, fmt.Errorf("registry: %w: IDKey of %d bytes, at least %d needed", address.ErrKey, len(o.IDKey), address.MinKeyBytes)
	case IsDemoKey(o.IDKey):
		return nil, fmt.Errorf("registry: %w: IDKey is the public demo key, which anyone can read: give the office's secret (DemoKey for a demonstration)", address.ErrKey)
	}
	return o.IDKey, nil
}

// IsDemoKey reports whether key is the public demonstration key, which
// is never an office's key: anyone could compute the IDs issued with it
// and forge the seal of a file.
func IsDemoKey(key []byte) bool { return bytes.Equal(key, demoKey) }

func build(ctx context.Context, src *Source, opts Options, sv *saved, bp buildPlan) (*Registry, error) {
	r, _, err := buildWith(ctx, src, opts, sv, bp)
	return r, err
}

func buildWith(ctx context.Context, src *Source, opts Options, sv *saved, bp buildPlan) (*Registry, []PlanLine, error) {
	if sv != nil && len(sv.parcelIDs) != len(src.Parcels) {
		return nil, nil, fmt.Errorf("%w: stored IDs do not match the layers", ErrSchema)
	}
	if sv != nil {
		opts.IDStart = sv.next
	}
	ledger := src.Ledger
	if ledger == nil {
		ledger = newLedger()
	}
	opts.IDStart = max(opts.IDStart, ledger.next)
	opts.setDefaults()
	// The registry's own copy of the layer slices: what the caller does
	// to src's slices afterwards does not reach it.
	own := *src
	d2025, dLegacy := admin.Load(admin.V2025), admin.Load(admin.Legacy)
	dec, err := decode(ctx, &own, opts.Workers, d2025, dLegacy)
	if err != nil {
		return nil, nil, err
	}
	b := &builder{ctx: ctx, opts: opts, dec: dec, saved: sv, ledger: ledger, prev: ledger.all(), today: bp.today, renumber: bp.renumber, r: &Registry{
		src: own, opts: opts, sourceCRS: dec.code, demo: opts.DemoKey,
		d2025: d2025, dLegacy: dLegacy, extent: noBound, findings: dec.findings,
		streetIx: &index.LineIndex[int32]{}, houseIx: &index.PointIndex[int32]{},
	}}
	steps := []func() error{b.communes, b.zones, b.parcels, b.streets, b.houses, b.link, b.ids, b.issue, b.sortFindings}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if err := step(); err != nil {
			return nil, nil, err
		}
	}
	b.r.tr, b.r.streetPos, b.r.doorsOf, b.r.numPos = dec.tr, dec.streetPos, dec.doorsOf, b.numPos
	b.r.states = &streetStates{m: map[int32]*numbering.OnStreet{}}
	b.dec = nil
	return b.r, b.plan, nil
}

// setDefaults fills in the radii and workers left zero.
func (o *Options) setDefaults() {
	if o.HouseRadius <= 0 {
		o.HouseRadius = 50
	}
	if o.StreetRadius <= 0 {
		o.StreetRadius = 200
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
}

// parallel runs fn over [0, n) in chunks of the given size on up to
// Options.Workers goroutines.
func (b *builder) parallel(n, chunk int, fn func(lo, hi int)) {
	parallel(n, chunk, b.opts.Workers, fn)
}

// parallel calls fn on the chunks of [0, n) on up to workers goroutines
// (0: one per core), each taking the next chunk when done.
func parallel(n, chunk, workers int, fn func(lo, hi int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(workers, max(1, n/chunk)) {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}

func (b *builder) find(layer string, i int, record string, reason finding.Reason, p orb.Point, suggested string, format string, a ...any) {
	b.r.findings = append(b.r.findings, Finding{Layer: layer, Record: record, Index: i, Reason: reason,
		Evidence: fmt.Sprintf(format, a...), Suggested: suggested, Point: p})
}

func (b *builder) communes() error {
	b.r.postcodeOf = map[admin.Code]postal.Code{}
	var f25, fOld []index.Feature[admin.Code]
	for _, c := range b.dec.communes {
		if c.geom == nil {
			continue
		}
		if pc, err := postal.ForCommune(c.code); err == nil && c.code.Version() == admin.V2025 {
			b.r.postcodeOf[c.code] = pc
		}
		b.r.extent = b.r.extent.Union(c.geom.Bound())
		if c.code.Version() == admin.Legacy {
			fOld = append(fOld, index.Feature[admin.Code]{Geometry: c.geom, Value: c.code})
		} else {
			f25 = append(f25, index.Feature[admin.Code]{Geometry: c.geom, Value: c.code})
		}
	}
	var err error
	if len(f25) > 0 {
		if b.r.communes, err = index.BuildPolygonIndex(f25); err != nil {
			return fmt.Errorf("%w: communes: %w", ErrSource, err)
		}
	}
	if len(fOld) > 0 {
		if b.r.legacy, err = index.BuildPolygonIndex(fOld); err != nil {
			return fmt.Errorf("%w: legacy communes: %w", ErrSource, err)
		}
	}
	return nil
}

func (b *builder) zones() error {
	var fs []index.Feature[postal.Code]
	for _, z := range b.dec.zones {
		if z.geom == nil {
			continue
		}
		b.r.extent = b.r.extent.Union(z.geom.Bound())
		fs = append(fs, index.Feature[postal.Code]{Geometry: z.geom, Value: z.code})
	}
	if len(fs) > 0 {
		z, err := postal.NewZones(fs)
		if err != nil {
			return fmt.Errorf("%w: postal zones: %w", ErrSource, err)
		}
		b.r.zones = z
	}
	return nil
}

// parcelZone is the TM-3 zone parcel IDs are computed in, and whether
// source coordinates are already in it.
func (b *builder) parcelZone() (crs.Code, bool) {
	if b.opts.ParcelZone != 0 {
		return b.opts.ParcelZone, b.opts.ParcelZone == b.r.sourceCRS
	}
	info, err := crs.Lookup(b.r.sourceCRS)
	if err == nil && info.IsVN2000() && info.Kind() == crs.Projected && info.ScaleFactor() == 0.9999 {
		return b.r.sourceCRS, true
	}
	return 0, false
}

func (b *builder) parcels() error {
	r := b.r
	recs := b.dec.parcels
	n := len(recs)
	r.parcels = make([]Parcel, n)
	r.byKey, r.byParcelID = newTable(n), newTable(n)
	b.opts.progress("parcels", 0, n)
	// The index validates every geometry (on every core) as it is built:
	// build it from all the parcels that transformed, and only when some
	// fail, validate those alone for their findings and build it again
	// without them. Clean data is validated once.
	verrs := make([]error, n)
	feats := make([]index.Feature[parcelEntry], 0, n)
	for i := range recs {
		if recs[i].geom != nil {
			feats = append(feats, index.Feature[parcelEntry]{Geometry: recs[i].geom, Value: parcelEntry{parcel: int32(i)}})
		}
	}
	var err error
	r.parcelIx, err = index.BuildPolygonIndex(feats)
	if ge, ok := errors.AsType[*index.GeometryErrors](err); ok {
		bad := map[int32]bool{}
		for _, e := range *ge {
			i := feats[e.Feature].Value.parcel
			bad[i] = true
			verrs[i] = index.Validate(recs[i].geom)
		}
		feats = slices.DeleteFunc(feats, func(f index.Feature[parcelEntry]) bool { return bad[f.Value.parcel] })
		r.parcelIx, err = index.BuildPolygonIndex(feats)
	}
	if err != nil {
		return fmt.Errorf("%w: parcels: %w", ErrSource, err)
	}
	r.parcelBound = noBound
	for _, f := range feats {
		r.extent = r.extent.Union(f.Geometry.Bound())
		r.parcelBound = r.parcelBound.Union(f.Geometry.Bound())
	}
	var need []int
	for i := range recs {
		rp := &recs[i]
		p := &r.parcels[i]
		p.ref, p.Key = ParcelAt(i), rp.key
		// The record's name, made only for a finding: most parcels have none.
		rec := func() string {
			if p.Key.Commune.IsValid() {
				return p.Key.String()
			}
			return fmt.Sprintf("parcels#%d", i)
		}
		if p.Key.Commune.IsValid() {
			if j, dup := r.parcelByKey(p.Key); dup {
				b.find(LayerParcels, i, rec(), finding.DuplicateParcel, orb.Point{}, "", "the key %s is also parcel #%d's", rec(), j)
			} else {
				r.byKey.add(hashOf(p.Key), i)
			}
		}
		if err := verrs[i]; err != nil {
			var at orb.Point
			if poly := largest(rp.geom); len(poly) > 0 && len(poly[0]) > 0 {
				at = poly[0][0]
			}
			b.find(LayerParcels, i, rec(), finding.InvalidGeometry, at, "", "%v", err)
		} else {
			p.Valid = rp.geom != nil
		}
		p.ID = rp.id
		if !p.ID.IsValid() && b.saved != nil {
			p.ID = b.saved.parcelIDs[i]
		}
		if !p.ID.IsValid() && p.Valid {
			need = append(need, i)
		}
	}
	if len(need) > 0 {
		zone, native := b.parcelZone()
		if zone == 0 {
			return fmt.Errorf("%w: %d parcels have no parcel_id and the source is not in a TM-3 zone: set Options.ParcelZone", ErrSource, len(need))
		}
		errs := make([]error, n)
		var done atomic.Int64
		b.parallel(len(need), 32, func(lo, hi int) {
			if b.ctx.Err() != nil {
				return
			}
			for _, i := range need[lo:hi] {
				if native {
					r.parcels[i].ID, errs[i] = address.NewParcelID(largest(recs[i].given), zone, address.ParcelIDPrecision)
				} else {
					r.parcels[i].ID, errs[i] = address.NewParcelIDFromWGS84(largest(recs[i].geom), zone, address.ParcelIDPrecision)
				}
			}
			b.opts.progress("parcel IDs", int(done.Add(int64(hi-lo))), len(need))
		})
		if err := b.ctx.Err(); err != nil {
			return err
		}
		for _, i := range need {
			if errs[i] != nil {
				b.find(LayerParcels, i, r.parcels[i].Key.String(), finding.BadParcelID, orb.Point{}, "", "no parcel ID: %v", errs[i])
			}
		}
	}
	for i := range r.parcels {
		p := &r.parcels[i]
		if p.ID.IsValid() {
			if j, dup := r.parcelByID(p.ID); dup {
				b.find(LayerParcels, i, p.Key.String(), finding.BadParcelID, p.ID.Point(), "", "parcel ID %s is also parcel #%d's", p.ID, j)
			} else {
				r.byParcelID.add(hashOf(p.ID), i)
			}
		}
		if !p.Valid {
			continue
		}
		if r.communes != nil && p.ID.IsValid() {
			p.Commune, _ = r.communes.Containing(p.ID.Point())
			k := p.Key.Commune
			if k.IsValid() && k.Version() == admin.V2025 && p.Commune.IsValid() && p.Commune != k {
				b.find(LayerParcels, i, p.Key.String(), finding.ParcelCommune, p.ID.Point(), p.Commune.String(),
					"the parcel's key names %s but the parcel lies in %s", b.unitName(k), b.unitName(p.Commune))
			}
			if k.IsValid() && k.Version() == admin.Legacy && r.legacy != nil {
				if lc, ok := r.legacy.Containing(p.ID.Point()); ok && lc != k {
					b.find(LayerParcels, i, p.Key.String(), finding.ParcelCommune, p.ID.Point(), lc.String(),
						"the parcel's key names %s but the parcel lies in %s", b.unitName(k), b.unitName(lc))
				}
			}
		}
	}
	b.opts.progress("parcels", n, n)
	return nil
}

func (b *builder) unitName(c admin.Code) string { return b.r.unitName(c) }

// unitName is a unit's name and code, as findings write them.
func (r *Registry) unitName(c admin.Code) string {
	d := r.d2025
	if c.Version() == admin.Legacy {
		d = r.dLegacy
	}
	if u, ok := d.Unit(c); ok {
		return fmt.Sprintf("%s (%s)", u.Name, c)
	}
	return c.String()
}

// duplicateAddress is the finding about house i (h) whose full address
// others other houses have.
func (r *Registry) duplicateAddress(i int, h *House, others int) Finding {
	return Finding{Layer: LayerBuildings, Record: h.Source, Index: i, Reason: finding.DuplicateAddress, Point: h.Point,
		Evidence: fmt.Sprintf("%s %s in %s is also the address of %d other house(s)", h.Number, r.street(r.street(h.street).main).Name, r.unitName(h.Commune), others)}
}

func (b *builder) streets() error {
	r := b.r
	recs := b.dec.streets
	n := len(recs)
	r.streets = make([]Street, n)
	ok := make([]bool, n)
	for i := range recs {
		r.streets[i] = Street{ref: StreetAt(i), ID: recs[i].id, Name: recs[i].name, parent: recs[i].parent}
		ok[i] = recs[i].lines != nil
	}
	// An alley whose parent is missing or unusable cannot be numbered.
	for changed := true; changed; {
		changed = false
		for i := range recs {
			s := &recs[i]
			if !ok[i] || s.parentID == "" {
				continue
			}
			j, found := s.parent.Index()
			if !found || !ok[j] {
				ok[i], changed = false, true
				b.find(LayerStreets, i, s.id, finding.UnknownStreet, orb.Point{}, "", "opens on %q, which is not a usable street", s.parentID)
			}
		}
	}
	// The usable streets go to numbering, which refers to them by their
	// position in that list: numPos maps a street to it, regOf back.
	b.numPos = make([]int32, n)
	for i := range recs {
		b.numPos[i] = -1
		if ok[i] {
			b.numPos[i] = int32(len(b.regOf))
			b.regOf = append(b.regOf, int32(i))
		}
	}
	ns := make([]numbering.Street, 0, len(b.regOf))
	for _, k := range b.regOf {
		s := &recs[k]
		st := numbering.Street{ID: s.id, Name: s.name, Centreline: s.lines, Abbrev: s.abbrev, CrossSection: s.crossSection,
			Regime: s.regime, Centre: s.centre, Number: s.number}
		if n, issued := b.ledger.alleys[s.id]; issued && !st.Number.IsValid() && !b.renumber {
			st.Number = n // the alley's number, as issued
		}
		if j, found := s.parent.Index(); found {
			st.Parent = b.numRef(j)
		}
		if s.otherID != "" {
			j, found := s.other.Index()
			if !found || !ok[j] {
				return &SourceError{Layer: LayerStreets, Feature: int(k), Err: fmt.Errorf("other end %q is not a usable street", s.otherID)}
			}
			st.Other = b.numRef(j)
		}
		ns = append(ns, st)
	}
	num, err := numbering.New(ns, b.opts.Numbering)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrSource, err)
	}
	r.numberer = num
	for k, si := range num.Streets() {
		r.streets[b.regOf[k]].Info = si
	}
	r.byParts = make([]bool, n)
	for k, i := range b.regOf {
		s := &r.streets[i]
		lines := recs[i].lines
		s.Line, _ = num.Line(numbering.StreetAt(k))
		r.extent = r.extent.Union(lines.Bound())
		// A street of one part is indexed by its line in the numbering
		// direction: a match on it is already where a point lies along
		// the street (At). A street of several parts is indexed by its
		// parts, not by their join, whose gaps are no street.
		if len(lines) == 1 && s.Line != nil {
			if err := r.streetIx.InsertLine(s.Line, i); err != nil {
				return &SourceError{Layer: LayerStreets, Feature: int(i), Err: err}
			}
			continue
		}
		r.byParts[i] = s.Line != nil
		for _, l := range lines {
			if err := r.streetIx.Insert(l, i); err != nil {
				return &SourceError{Layer: LayerStreets, Feature: int(i), Err: err}
			}
		}
	}
	// Each street's main street (its alley chain's named street), and the
	// key of its name.
	r.names = map[string]int32{}
	r.nameOf = make([]int32, n)
	for i := range r.streets {
		m := i
		for k := 0; k < n; k++ {
			p, ok := r.streets[m].parent.Index()
			if !ok {
				break
			}
			m = p
		}
		r.streets[i].main = StreetAt(m)
		key := streetKey(r.streets[i].Name)
		id, ok := r.names[key]
		if !ok {
			id = int32(len(r.names))
			r.names[key] = id
		}
		r.nameOf[i] = id
	}
	return nil
}

// numRef is the numbering ref of street i.
func (b *builder) numRef(i int) numbering.StreetRef {
	return numbering.StreetAt(int(b.numPos[i]))
}

// regStreet is the registry street of a numbering street.
func (b *builder) regStreet(s numbering.StreetRef) int {
	k, _ := s.Index()
	return int(b.regOf[k])
}

// frontDoor is where a building without an entrance is taken to open on
// its street: the middle of the footprint's edge nearest the street (a
// point building opens where it stands).
func frontDoor(g orb.Geometry, p orb.Point, street *geo.Line) orb.Point {
	poly := largest(g)
	if len(poly) == 0 || len(poly[0]) < 2 {
		return p
	}
	best, bd := p, -1.0
	r := poly[0]
	for k := 0; k+1 < len(r); k++ {
		m := orb.Point{(r[k][0] + r[k+1][0]) / 2, (r[k][1] + r[k+1][1]) / 2}
		loc, err := street.Locate(m)
		if err == nil && (bd < 0 || float64(loc.Distance) < bd) {
			best, bd = m, float64(loc.Distance)
		}
	}
	return best
}

func (b *builder) houses() error {
	r := b.r
	recs := b.dec.buildings
	n := len(recs)
	r.houses = make([]House, n)
	r.bySource = b.dec.bySource
	b.opts.progress("numbering", 0, n)
	for i := range recs {
		r.houses[i] = House{ref: HouseAt(i), Source: recs[i].id}
		if recs[i].geom != nil {
			r.houses[i].Point = recs[i].point
		}
	}
	// Entrances, by building.
	doors := make([][]numbering.Door, n)
	for i, e := range b.dec.entrances {
		if !e.ok {
			continue
		}
		j, _ := e.building.Index()
		k, found := e.street.Index()
		if !found || r.streets[k].Line == nil {
			b.find(LayerEntrances, i, fmt.Sprintf("entrances#%d", i), finding.UnknownStreet, e.point, "", "entrance of %s names street %q, which is not a usable street", recs[j].id, e.streetID)
			continue
		}
		doors[j] = append(doors[j], numbering.Door{Street: b.numRef(k), Point: e.point, Main: e.main})
	}
	// A building without an entrance gets a front door on its street (the
	// one it names, else the nearest): found on every core, into one
	// array of doors.
	const noStreet, unknownStreet = -1, -2
	autoStreet := make([]int32, n)
	autoDoor := make([]numbering.Door, n)
	b.parallel(n, 1024, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			autoStreet[i] = noStreet
			if recs[i].geom == nil || len(doors[i]) > 0 {
				continue
			}
			h := &r.houses[i]
			k := int32(noStreet)
			if recs[i].streetID != "" {
				if j, ok := recs[i].street.Index(); ok && r.streets[j].Line != nil {
					k = int32(j)
				} else {
					k = unknownStreet
				}
			} else if m, ok := r.streetIx.Nearest(h.Point, b.opts.StreetRadius); ok {
				k = m.Value
			}
			if k >= 0 {
				autoDoor[i] = numbering.Door{Street: b.numRef(int(k)), Point: frontDoor(recs[i].geom, h.Point, r.streets[k].Line), Main: true}
			}
			autoStreet[i] = k
		}
	})
	fs := make([]numbering.Frontage, 0, n)
	frontOf := make([]int32, n) // building -> its frontage in fs
	var bldOf []int32           // frontage -> its building; -1 for a retired house
	kept := make([]bool, n)
	b.issued = make([]bool, n)
	for i := range recs {
		rec := &recs[i]
		h := &r.houses[i]
		if rec.geom == nil {
			continue
		}
		fr := numbering.Frontage{ID: h.Source, Doors: doors[i], Planned: rec.planned, Group: rec.group}
		if len(fr.Doors) == 0 {
			switch k := autoStreet[i]; {
			case k == unknownStreet:
				b.find(LayerBuildings, i, h.Source, finding.UnknownStreet, h.Point, "", "street %q is not a usable street", rec.streetID)
			case k >= 0:
				fr.Doors = autoDoor[i : i+1 : i+1]
			}
		}
		if len(fr.Doors) == 0 {
			b.find(LayerBuildings, i, h.Source, finding.NotNumbered, h.Point, "", "no entrance and no street within %.0f m", float64(b.opts.StreetRadius))
			continue
		}
		if rec.numberText != "" {
			if rec.numberErr != nil {
				b.find(LayerBuildings, i, h.Source, finding.UnreadableNumber, h.Point, "", "number %q: %v; a new number is proposed", rec.numberText, rec.numberErr)
			} else {
				fr.Number, kept[i] = rec.number, true
			}
		}
		if rec.splitText != "" {
			if rec.splitErr != nil {
				b.find(LayerBuildings, i, h.Source, finding.BadAttribute, h.Point, "", "split_of %q: %v", rec.splitText, rec.splitErr)
			} else {
				fr.SplitOf = rec.splitOf
			}
		}
		// The number the registry issued is kept, whatever the source says.
		if e, ok := b.prev[h.Source]; ok && e.Number.IsValid() {
			if kept[i] && fr.Number != e.Number {
				b.find(LayerBuildings, i, h.Source, finding.BadAttribute, h.Point, e.Number.String(),
					"number %q in the source, but the registry issued %s: the issued number is kept", rec.numberText, e.Number)
				kept[i] = false
			}
			fr.Number, b.issued[i] = e.Number, true
		}
		frontOf[i] = int32(len(fs))
		bldOf = append(bldOf, int32(i))
		fs = append(fs, fr)
	}
	// A retired house still holds its number where it stood, so that no
	// new house is given it; a renumbering plan numbers only the houses.
	if !b.renumber {
		streetOf := make(map[string]int, len(r.streets))
		for k := range r.streets {
			streetOf[r.streets[k].ID] = k
		}
		for _, rt := range b.ledger.retired {
			k, ok := streetOf[rt.Street]
			if !ok || !rt.Number.IsValid() || r.streets[k].Line == nil || rt.Door == (orb.Point{}) {
				continue
			}
			fs = append(fs, numbering.Frontage{ID: "retired " + rt.Source, Number: rt.Number,
				Doors: []numbering.Door{{Street: b.numRef(k), Point: rt.Door, Main: true}}})
			bldOf = append(bldOf, -1)
		}
	}
	var (
		res  *numbering.Result
		plan []numbering.Change
		err  error
	)
	if b.renumber {
		res, plan, err = r.numberer.Renumber(fs)
	} else {
		res, err = r.numberer.Assign(fs)
	}
	if err != nil {
		return fmt.Errorf("%w: numbering: %w", ErrSource, err)
	}
	// The streets where a house added could change what a build gives
	// the others (fast.go): a house not numbered may be numbered, a house
	// with two doors on its street, or in a housing group without a
	// group's number, is not one a single street's numbering takes as the
	// build does, an alley without its number takes one from the houses
	// of its parent.
	r.unsettled = make([]bool, len(r.streets))
	r.byCount = len(res.ByCount) > 0
	for _, p := range res.Problems {
		for _, d := range fs[p.Frontage].Doors {
			r.unsettled[b.regStreet(d.Street)] = true
		}
	}
	for _, rh := range res.Houses {
		fr := &fs[rh.Frontage]
		k := b.regStreet(rh.Street)
		on := 0
		for _, d := range fr.Doors {
			if d.Street == rh.Street {
				on++
			}
		}
		if g, _ := rh.Number.Group(); on > 1 || fr.Group != "" && g == "" {
			r.unsettled[k] = true
		}
	}
	for _, a := range res.Alleys {
		if k := b.regStreet(a.Street); !a.Chain.IsValid() && r.streets[k].Name == "" {
			r.unsettled[k] = true
			r.unsettled[b.regStreet(a.Parent)] = true
		}
	}
	for _, p := range res.Problems {
		i := int(bldOf[p.Frontage])
		if i < 0 {
			continue
		}
		b.find(LayerBuildings, i, p.ID, finding.NotNumbered, r.houses[i].Point, "", "%v", p.Err)
	}
	for _, c := range plan {
		if i := bldOf[c.Frontage]; i >= 0 && c.Old != c.New {
			b.plan = append(b.plan, PlanLine{House: r.houses[i].Source, Street: r.streets[b.regStreet(c.Street)].ID, Old: c.Old, New: c.New})
		}
	}
	for _, rh := range res.Houses {
		i := int(bldOf[rh.Frontage])
		if i < 0 {
			continue
		}
		h := &r.houses[i]
		if _, ok := rh.Street.Index(); !ok {
			// Not one of the numberer's answers; never left unsaid.
			b.find(LayerBuildings, i, h.Source, finding.NotNumbered, h.Point, "", "numbering gave %s no street", h.Source)
			continue
		}
		h.Number, h.Status, h.Side, h.Along = rh.Number, rh.Status, rh.Side, rh.Along
		if e := b.prev[h.Source]; b.issued[i] && !b.renumber && e.Number == h.Number {
			h.Status = e.Status // how it got its number when it was issued
		}
		h.street = StreetAt(b.regStreet(rh.Street))
		for _, d := range fs[frontOf[i]].Doors {
			if d.Street == rh.Street && (h.Door == (orb.Point{}) || d.Main) {
				h.Door = d.Point
			}
		}
	}
	for _, a := range res.Alleys {
		r.streets[b.regStreet(a.Street)].Number = a.Chain
	}
	// Audit the numbers the source gave.
	var audit []numbering.Numbered
	var audited []int32 // audit position -> building
	for i := range r.houses {
		h := &r.houses[i]
		if s, ok := h.Street(); ok && kept[i] {
			k, _ := s.Index()
			audit = append(audit, numbering.Numbered{ID: h.Source, Street: b.numRef(k), Point: h.Door, Text: recs[i].numberText})
			audited = append(audited, int32(i))
		}
	}
	rep := r.numberer.Audit(audit, b.opts.Audit)
	for _, f := range rep.Houses {
		if f.Verdict == finding.OK {
			continue
		}
		i := int(audited[f.House])
		sug := ""
		if f.Suggested != (address.HouseNumber{}) {
			sug = f.Suggested.String()
		}
		ev := f.Explanation
		if ev == "" {
			ev = fmt.Sprintf("number %s on the %s side of %s, %.1f m along", f.Text, f.Side, r.streets[b.regStreet(f.Street)].ID, float64(f.Along))
		}
		b.find(LayerBuildings, i, f.ID, f.Verdict, r.houses[i].Point, sug, "%s", ev)
	}
	for _, s := range rep.Streets {
		for _, sf := range s.Findings {
			k := b.regStreet(s.Street)
			b.find(LayerStreets, k, s.ID, sf.Reason, orb.Point{}, "", "%s", sf.Explanation)
		}
	}
	for _, a := range rep.Alleys {
		if a.Verdict == finding.OK {
			continue
		}
		k := b.regStreet(a.Street)
		sug := ""
		if a.Suggested != (address.HouseNumber{}) {
			sug = a.Suggested.String()
		}
		b.find(LayerStreets, k, a.ID, a.Verdict, orb.Point{}, sug, "%s", a.Explanation)
	}
	b.opts.progress("numbering", n, n)
	return nil
}

// housesBy groups the houses by the record key gives (of n records), in
// source order: the houses of record k are on[start[k]:start[k+1]].
func housesBy(houses []House, n int, key func(*House) (int, bool)) (start, on []int32) {
	start = make([]int32, n+1)
	for i := range houses {
		if k, ok := key(&houses[i]); ok {
			start[k+1]++
		}
	}
	for k := range n {
		start[k+1] += start[k]
	}
	on = make([]int32, start[n])
	next := slices.Clone(start[:n])
	for i := range houses {
		if k, ok := key(&houses[i]); ok {
			on[next[k]] = int32(i)
			next[k]++
		}
	}
	return start, on
}

// linkPoint links house h by its point, as a build does and as an add
// without a rebuild must: the parcel holding it, the 2025 commune (by the
// boundaries, else the parcel's), the legacy commune, the postal zone.
func (r *Registry) linkPoint(h *House) {
	if k, ok := r.parcelIx.Containing(h.Point); ok {
		h.parcel = ParcelAt(int(k.parcel))
	}
	if r.communes != nil {
		h.Commune, _ = r.communes.Containing(h.Point)
	} else if p, ok := h.Parcel(); ok && r.parcels[p.pos-1].Key.Commune.Version() == admin.V2025 {
		h.Commune = r.parcels[p.pos-1].Key.Commune
	}
	if r.legacy != nil {
		h.Legacy, _ = r.legacy.Containing(h.Point)
	}
	if r.zones != nil {
		h.Postcode, _ = postal.ZoneAt(r.zones, h.Point)
	}
}

func (b *builder) link() error {
	r := b.r
	n := len(r.houses)
	b.opts.progress("linking", 0, n)
	postcodes := r.postcodeOf
	// The spatial joins, in parallel: each house is written by one worker.
	b.parallel(n, 1024, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			h := &r.houses[i]
			if h.Point == (orb.Point{}) {
				continue
			}
			r.linkPoint(h)
		}
	})
	recs := b.dec.buildings
	for i := range r.houses {
		h := &r.houses[i]
		rec := &recs[i]
		if h.Point == (orb.Point{}) {
			continue
		}
		if err := r.houseIx.Insert(h.Point, int32(i)); err != nil {
			return &SourceError{Layer: LayerBuildings, Feature: i, Err: err}
		}
		r.extent = r.extent.Extend(h.Point)
		if r.legacy == nil && h.Commune.IsValid() {
			if ps, err := admin.Predecessors(h.Commune); err == nil && len(ps) == 1 {
				h.Legacy = ps[0].Code
			}
		}
		if !h.Postcode.IsValid() && h.Commune.IsValid() {
			pc, seen := postcodes[h.Commune]
			if !seen {
				pc, _ = postal.ForCommune(h.Commune)
				postcodes[h.Commune] = pc
			}
			h.Postcode = pc
		}
		// The parcel the building names.
		pr, inParcel := h.Parcel()
		var in *Parcel
		if inParcel {
			in = &r.parcels[pr.pos-1]
		}
		switch {
		case rec.parcelBad: // reported by decode
		case rec.namesParcel:
			c := h.Commune
			if inParcel && in.Key.Commune.IsValid() {
				c = in.Key.Commune
			}
			want := ParcelKey{Commune: c, Sheet: rec.parcelSheet, Number: rec.parcelNumber}
			switch {
			case !inParcel:
				b.find(LayerBuildings, i, h.Source, finding.OutsideParcel, h.Point, "", "names parcel sheet %d no. %d but lies in no parcel", rec.parcelSheet, rec.parcelNumber)
			case in.Key != want:
				b.find(LayerBuildings, i, h.Source, finding.ParcelMismatch, h.Point, in.Key.String(),
					"names parcel sheet %d no. %d but lies in parcel %s", rec.parcelSheet, rec.parcelNumber, in.Key)
			}
		default:
			if !inParcel && len(r.parcels) > 0 {
				b.find(LayerBuildings, i, h.Source, finding.OutsideParcel, h.Point, "", "lies in no parcel")
			}
		}
		if w := rec.commune; w != "" && h.Commune.IsValid() {
			cs := rec.communes
			match := false
			for _, c := range cs {
				match = match || c == h.Commune || (h.Legacy.IsValid() && c == h.Legacy)
			}
			if !match {
				b.find(LayerBuildings, i, h.Source, finding.CommuneMismatch, h.Point, h.Commune.String(),
					"the address says %q but the house lies in %s", w, b.unitName(h.Commune))
			}
		}
		if w := rec.postcodeText; w != "" && h.Commune.IsValid() {
			if pc, err := rec.postcode, rec.postcodeErr; err != nil {
				b.find(LayerBuildings, i, h.Source, finding.BadAttribute, h.Point, h.Postcode.String(), "postcode %q: %v", w, err)
			} else if v, err := postal.Check(pc, h.Commune); err == nil && v != postal.Match {
				b.find(LayerBuildings, i, h.Source, finding.PostcodeMismatch, h.Point, h.Postcode.String(),
					"postcode %s is not the postcode of %s (%s): %s", pc, b.unitName(h.Commune), h.Postcode, v)
			}
		}
		if i%65536 == 0 {
			b.opts.progress("linking", i, n)
		}
	}
	// The text index, and the same full address on two houses.
	type dupKey struct {
		houseKey
		commune admin.Code
	}
	dupSeen := map[int]bool{}
	for _, f := range r.findings {
		if f.Layer == LayerBuildings && f.Reason == finding.Duplicate {
			dupSeen[f.Index] = true
		}
	}
	r.byText = newTable(n)
	first := newTable(n) // the first house of each address
	groups := map[int][]int{}
	for i := range r.houses {
		key, ok := r.textKey(i)
		if !ok {
			continue
		}
		r.byText.add(hashOf(key), i)
		c := r.houses[i].Commune
		if !c.IsValid() {
			continue
		}
		hk := hashOf(dupKey{key, c})
		j, taken := first.find(hk, func(j int) bool {
			kj, _ := r.textKey(j)
			return kj == key && r.houses[j].Commune == c
		})
		if !taken {
			first.add(hk, i)
			continue
		}
		if groups[j] == nil {
			groups[j] = []int{j}
		}
		groups[j] = append(groups[j], i)
	}
	// The houses of each parcel, and those numbered on each street, in
	// source order.
	r.parcelStart, r.onParcel = housesBy(r.houses, len(r.parcels), func(h *House) (int, bool) { return h.parcel.Index() })
	r.streetStart, r.onStreet = housesBy(r.houses, len(r.streets), func(h *House) (int, bool) { return h.street.Index() })
	r.parcelHousesIndexed()
	var dups [][]int
	for _, g := range groups {
		dups = append(dups, g)
	}
	slices.SortFunc(dups, func(a, b []int) int { return a[0] - b[0] })
	for _, g := range dups {
		if slices.ContainsFunc(g, func(i int) bool { return dupSeen[i] }) {
			continue // the audit reported it, naming the other house
		}
		for _, i := range g {
			r.findings = append(r.findings, r.duplicateAddress(i, &r.houses[i], len(g)-1))
		}
	}
	// The search trees of the point and line indexes, now rather than on
	// the first query.
	var wg sync.WaitGroup
	wg.Go(r.houseIx.Prepare)
	r.streetIx.Prepare()
	wg.Wait()
	r.reach = reach(r.extent, max(b.opts.HouseRadius, b.opts.StreetRadius))
	b.opts.progress("linking", n, n)
	return nil
}

// parcelHousesIndexed puts in the parcel index each parcel's house (its
// position + 1, 0 for none, -1 for several: parcelEntry), once the
// houses of each parcel are known.
func (r *Registry) parcelHousesIndexed() {
	r.parcelIx.MapValues(func(v parcelEntry) parcelEntry {
		switch hs := r.housesIn(int(v.parcel)); len(hs) {
		case 0:
			v.house = 0
		case 1:
			v.house = hs[0] + 1
		default:
			v.house = -1
		}
		return v
	})
}

// noBound is the bound of nothing: any Union or Extend replaces it.
var noBound = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}

// reach grows an extent by a radius in metres, generously (half as much
// again as geo.Plane's metres of a degree at the extent's edge farthest
// from the equator say), so that no point within the radius of a geometry
// falls outside it whatever the distance the indexes measure: outside it,
// At would find nothing.
func reach(ext orb.Bound, radius geo.Meters) orb.Bound {
	if ext.IsEmpty() {
		return ext
	}
	edge := func(lat float64) float64 { return min(89.9, lat) }
	lat := edge(max(math.Abs(ext.Min[1]), math.Abs(ext.Max[1])))
	_, perLat := geo.NewPlane(orb.Point{0, 0}).Scale() // a degree of latitude is shortest at the equator
	dLat := 1.5 * float64(radius) / perLat
	perLon, _ := geo.NewPlane(orb.Point{0, edge(lat + dLat)}).Scale()
	dLon := 360.0
	if perLon > 100 {
		dLon = min(dLon, 1.5*float64(radius)/perLon)
	}
	return orb.Bound{Min: orb.Point{ext.Min[0] - dLon, ext.Min[1] - dLat}, Max: orb.Point{ext.Max[0] + dLon, ext.Max[1] + dLat}}
}

// houseKey is the key houses are found by from text: the street name
// (its id in Registry.names: without diacritics, case or type word) and
// the full number.
type houseKey struct {
	name int32
	num  address.HouseNumber
}

func streetKey(s string) string { return fold.NameKey(s) }

func (b *builder) ids() error {
	r := b.r
	n := len(r.houses)
	r.byID = newTable(n)
	r.byExt = map[address.ExternalID]int32{}
	retired := b.ledger.retiredIDs()
	for i := range r.houses {
		h := &r.houses[i]
		rec := &b.dec.buildings[i]
		// The ID the source gives is kept unless taken or retired; the ID
		// the registry issued is kept whatever the source says.
		e, issued := b.prev[h.Source]
		issued = issued && e.ID.IsValid()
		take := func(id address.ID, tell bool) bool {
			j, dup := r.houseByID(id)
			switch {
			case dup && tell:
				b.find(LayerBuildings, i, h.Source, finding.DuplicateID, h.Point, "", "address ID %s is also %s's; a new ID is issued", id.Grouped(), r.houses[j].Source)
			case retired[id] && tell:
				b.find(LayerBuildings, i, h.Source, finding.DuplicateID, h.Point, "", "address ID %s is a retired house's, never issued again; a new ID is issued", id.Grouped())
			case !dup && !retired[id]:
				h.ID = id
				r.byID.add(hashOf(id), i)
				return true
			}
			return false
		}
		if id := rec.addressID; id.IsValid() {
			if issued && id != e.ID {
				if _, dup := r.houseByID(id); !dup && !retired[id] {
					b.find(LayerBuildings, i, h.Source, finding.DuplicateID, h.Point, e.ID.String(),
						"address ID %s in the source, but the registry issued %s: the issued ID is kept", id.Grouped(), e.ID.Grouped())
				} else {
					take(id, true) // only to say why the source's is not taken
				}
			} else {
				take(id, true)
			}
		}
		if !h.ID.IsValid() && issued {
			take(e.ID, true)
		}
		for _, e := range rec.ext {
			if j, dup := r.byExt[e]; dup {
				b.find(LayerBuildings, i, h.Source, finding.BadExternalID, h.Point, "", "%s is also %s's", e, r.houses[j].Source)
				continue
			}
			r.byExt[e] = int32(i)
		}
	}
	parts, part := b.opts.Partitions, b.opts.Partition
	if parts == 0 {
		parts, part = 100, b.province()
	}
	r.partitions, r.partition = parts, part
	// The allocator is made when an ID is to be issued: a saved registry
	// opened without a key has all its IDs.
	var alloc *address.Allocator
	r.nextCounter = b.opts.IDStart
	for i := range r.houses {
		h := &r.houses[i]
		if h.ID.IsValid() {
			continue
		}
		if alloc == nil {
			key, err := b.opts.key()
			if err != nil {
				return fmt.Errorf("%w (house %s has no address ID yet)", err, h.Source)
			}
			if alloc, err = address.NewAllocator(address.AllocatorConfig{Key: key, Partition: part, Partitions: parts, Start: b.opts.IDStart}); err != nil {
				return fmt.Errorf("%w: allocator: %w", ErrSource, err)
			}
		}
		for {
			id, err := alloc.New()
			if err != nil {
				return fmt.Errorf("registry: issuing address IDs: %w", err)
			}
			if _, taken := r.houseByID(id); !taken && !retired[id] {
				h.ID = id
				r.byID.add(hashOf(id), i)
				break
			}
		}
	}
	if alloc != nil {
		r.nextCounter = alloc.Next()
	}
	return nil
}

// issue makes the registry's ledger: what each house has now (a number
// or ID it had keeps the day it was issued; a new one is issued today),
// each alley's number, and the retired houses and history carried on. A
// house of the previous ledger no longer in the source is retired: its
// number and ID are never issued again.
func (b *builder) issue() error {
	r := b.r
	old := b.ledger
	// The new ledger reads the houses (Ledger.reg): each holds what it
	// was issued, with the day.
	l := &Ledger{reg: r, retired: slices.Clone(old.retired), events: slices.Clone(old.events)}
	for i := range r.houses {
		h := &r.houses[i]
		e, ok := issuedOf(r, h)
		if !ok {
			continue
		}
		h.Issued = b.today
		if o, ok := b.prev[h.Source]; ok && o.Number == e.Number && o.ID == e.ID && o.Street == e.Street {
			h.Issued = o.Date
		}
	}
	var gone []string
	for src := range b.prev {
		if _, there := r.houseBySource(src); !there {
			gone = append(gone, src)
		}
	}
	slices.Sort(gone)
	for _, src := range gone {
		o := b.prev[src]
		seq := l.event(Event{Kind: EventRetire, Date: b.today, Subject: src, Old: o.Number.String(), Ref: "not in the source"})
		l.retired = append(l.retired, Retired{Source: src, Street: o.Street, Number: o.Number, ID: o.ID, Door: o.Door,
			Issued: o.Date, Date: b.today, Event: seq})
	}
	l.alleys = map[string]address.HouseNumber{}
	for i := range r.streets {
		if st := &r.streets[i]; st.parent.pos > 0 && st.Number.IsValid() {
			l.alleys[st.ID] = st.Number
		}
	}
	l.next = r.nextCounter
	r.ledger = l
	r.src.Ledger = l
	b.prev = nil
	return nil
}

// province is the two-digit province code most parcels are keyed in.
func (b *builder) province() int {
	count := map[int]int{}
	for _, p := range b.r.parcels {
		if !p.Key.Commune.IsValid() {
			continue
		}
		d := b.r.d2025
		if p.Key.Commune.Version() == admin.Legacy {
			d = b.r.dLegacy
		}
		if u, ok := d.Province(p.Key.Commune); ok {
			t, _ := u.Code.MarshalText()
			s := string(t)
			if v, err := strconv.Atoi(s[strings.LastIndexByte(s, ':')+1:]); err == nil {
				count[v]++
			}
		}
	}
	best, bn := 0, 0
	for v, c := range count {
		if c > bn || c == bn && v < best {
			best, bn = v, c
		}
	}
	return best
}

var layerRank = map[string]int{LayerParcels: 0, LayerStreets: 1, LayerBuildings: 2, LayerEntrances: 3, LayerCommunes: 4, LayerPostalZones: 5}

func (b *builder) sortFindings() error {
	slices.SortStableFunc(b.r.findings, func(x, y Finding) int {
		return cmp.Or(cmp.Compare(layerRank[x.Layer], layerRank[y.Layer]), cmp.Compare(x.Index, y.Index))
	})
	return nil
}
