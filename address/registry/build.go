package registry

import (
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

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/finding"
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
	// saved file (Save; Open given it refuses a file changed by anyone
	// without it). Keep it secret and stable. Build refuses to run
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
}

func (o *Options) progress(stage string, done, total int) {
	if o.Progress != nil {
		o.Progress(stage, done, total)
	}
}

// transform maps source coordinates to WGS84 lon/lat.
type transform struct {
	t          *crs.Transformer
	geographic bool
}

func newTransform(c crs.Code) (*transform, error) {
	if c == 0 || c == crs.WGS84 {
		return &transform{}, nil
	}
	info, err := crs.Lookup(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSource, err)
	}
	t, err := crs.NewTransformer(c, crs.WGS84)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSource, err)
	}
	return &transform{t: t, geographic: info.Kind() == crs.Geographic}, nil
}

func (t *transform) point(p orb.Point) (orb.Point, error) {
	if t.t == nil {
		if err := geo.CheckPoint(p); err != nil {
			return orb.Point{}, err
		}
		return p, nil
	}
	a, b := p[0], p[1]
	if t.geographic {
		a, b = p[1], p[0]
	}
	lat, lon, err := t.t.Transform(a, b)
	if err != nil {
		return orb.Point{}, err
	}
	return orb.Point{lon, lat}, nil
}

func (t *transform) ring(r []orb.Point) ([]orb.Point, error) {
	out := make([]orb.Point, len(r))
	for i, p := range r {
		if i > 0 && i == len(r)-1 && p == r[0] {
			out[i] = out[0] // a closed ring: the same point, the same result
			break
		}
		q, err := t.point(p)
		if err != nil {
			return nil, fmt.Errorf("vertex %d: %w", i, err)
		}
		out[i] = q
	}
	return out, nil
}

func (t *transform) polygon(p orb.Polygon) (orb.Polygon, error) {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		q, err := t.ring(r)
		if err != nil {
			return nil, fmt.Errorf("ring %d: %w", i, err)
		}
		out[i] = orb.Ring(q)
	}
	return out, nil
}

// area returns a polygonal geometry in WGS84 (nil, error for any other
// type).
func (t *transform) area(g orb.Geometry) (orb.Geometry, error) {
	switch g := g.(type) {
	case orb.Polygon:
		return t.polygon(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			q, err := t.polygon(p)
			if err != nil {
				return nil, fmt.Errorf("polygon %d: %w", i, err)
			}
			out[i] = q
		}
		return out, nil
	case nil:
		return nil, fmt.Errorf("no geometry")
	}
	return nil, fmt.Errorf("a %s, want a Polygon or MultiPolygon", g.GeoJSONType())
}

func (t *transform) lines(g orb.Geometry) (orb.MultiLineString, error) {
	var parts orb.MultiLineString
	switch g := g.(type) {
	case orb.LineString:
		parts = orb.MultiLineString{g}
	case orb.MultiLineString:
		parts = g
	case nil:
		return nil, fmt.Errorf("no geometry")
	default:
		return nil, fmt.Errorf("a %s, want a LineString or MultiLineString", g.GeoJSONType())
	}
	out := make(orb.MultiLineString, len(parts))
	for i, l := range parts {
		q, err := t.ring(l)
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", i, err)
		}
		out[i] = q
	}
	return out, nil
}

// builder holds the state of one build.
type builder struct {
	ctx   context.Context
	src   *Source
	opts  Options
	tr    *transform
	saved *saved
	r     *Registry
	regOf []int32 // numbering's street position -> the registry's
}

// Build builds a registry: it transforms the source to WGS84, indexes
// communes, postal zones, parcels and streets, numbers the buildings
// (address/numbering), links each house to its parcel, commune and
// postcode, issues address IDs and validates every record. Problems with
// records are findings (Registry.Findings), never silently dropped;
// Build fails only on a source it cannot use at all (ErrSource), or when
// ctx is done.
func Build(ctx context.Context, src *Source, opts Options) (*Registry, error) {
	if _, err := opts.key(); err != nil {
		return nil, err
	}
	return build(ctx, src, opts, nil)
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
	}
	return o.IDKey, nil
}

func build(ctx context.Context, src *Source, opts Options, sv *saved) (*Registry, error) {
	if sv != nil && (len(sv.ids) != len(src.Buildings) || len(sv.parcelIDs) != len(src.Parcels)) {
		return nil, fmt.Errorf("%w: stored IDs do not match the layers", ErrSchema)
	}
	if sv != nil {
		opts.IDStart = sv.next
	}
	if opts.HouseRadius <= 0 {
		opts.HouseRadius = 50
	}
	if opts.StreetRadius <= 0 {
		opts.StreetRadius = 200
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	code := src.CRS
	if code == 0 {
		code = crs.WGS84
	}
	tr, err := newTransform(code)
	if err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, src: src, opts: opts, tr: tr, saved: sv, r: &Registry{
		src: src, opts: opts, sourceCRS: code, demo: opts.DemoKey,
		d2025: admin.Load(admin.V2025), dLegacy: admin.Load(admin.Legacy),
		extent: noBound,
	}}
	steps := []func() error{b.communes, b.zones, b.parcels, b.streets, b.houses, b.link, b.ids, b.sortFindings}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := step(); err != nil {
			return nil, err
		}
	}
	return b.r, nil
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

// parseCommune reads a commune code: the text form of admin.Code
// ("2025:commune:27478", "legacy:commune:27466") or five digits of the
// 2025 list.
func (b *builder) parseCommune(s string) (admin.Code, error) {
	s = strings.TrimSpace(s)
	var c admin.Code
	if strings.Contains(s, ":") {
		if err := c.UnmarshalText([]byte(s)); err != nil {
			return c, err
		}
		if c.Level() != admin.Commune {
			return admin.Code{}, fmt.Errorf("%s is not a commune", s)
		}
		d := b.r.d2025
		if c.Version() == admin.Legacy {
			d = b.r.dLegacy
		}
		if _, ok := d.Unit(c); !ok {
			return admin.Code{}, fmt.Errorf("no commune %s", s)
		}
		return c, nil
	}
	u, err := b.r.d2025.Lookup(admin.Commune, s)
	if err != nil {
		return admin.Code{}, err
	}
	return u.Code, nil
}

func (b *builder) communes() error {
	b.r.postcodeOf = map[admin.Code]postal.Code{}
	var f25, fOld []index.Feature[admin.Code]
	for i, f := range b.src.Communes {
		c, err := b.parseCommune(f.Props.String("code"))
		if err != nil {
			b.find(LayerCommunes, i, f.Props.String("code"), finding.BadCommune, orb.Point{}, "", "code %q: %v", f.Props.String("code"), err)
			continue
		}
		g, err := b.tr.area(f.Geometry)
		if err == nil {
			err = index.Validate(g)
		}
		if err != nil {
			b.find(LayerCommunes, i, c.String(), finding.InvalidGeometry, orb.Point{}, "", "%v", err)
			continue
		}
		if pc, err := postal.ForCommune(c); err == nil && c.Version() == admin.V2025 {
			b.r.postcodeOf[c] = pc
		}
		b.r.extent = b.r.extent.Union(g.Bound())
		if c.Version() == admin.Legacy {
			fOld = append(fOld, index.Feature[admin.Code]{Geometry: g, Value: c})
		} else {
			f25 = append(f25, index.Feature[admin.Code]{Geometry: g, Value: c})
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
	for i, f := range b.src.PostalZones {
		pc, err := postal.Parse(f.Props.String("postcode"))
		if err != nil {
			b.find(LayerPostalZones, i, f.Props.String("postcode"), finding.BadAttribute, orb.Point{}, "", "postcode: %v", err)
			continue
		}
		g, err := b.tr.area(f.Geometry)
		if err == nil {
			err = index.Validate(g)
		}
		if err != nil {
			b.find(LayerPostalZones, i, pc.String(), finding.InvalidGeometry, orb.Point{}, "", "%v", err)
			continue
		}
		b.r.extent = b.r.extent.Union(g.Bound())
		fs = append(fs, index.Feature[postal.Code]{Geometry: g, Value: pc})
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

func largest(g orb.Geometry) orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return g
	case orb.MultiPolygon:
		best, area := orb.Polygon(nil), -1.0
		for _, p := range g {
			if a := planar.Area(p); a > area {
				best, area = p, a
			}
		}
		return best
	}
	return nil
}

func (b *builder) parcels() error {
	r := b.r
	n := len(b.src.Parcels)
	r.parcels = make([]Parcel, n)
	r.byKey, r.byParcelID = newTable(n), newTable(n)
	b.opts.progress("parcels", 0, n)
	geoms := make([]orb.Geometry, n)
	gerrs := make([]error, n)
	b.parallel(n, 1024, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			geoms[i], gerrs[i] = b.tr.area(b.src.Parcels[i].Geometry)
		}
	})
	// The index validates every geometry (on every core) as it is built:
	// build it from all the parcels that transformed, and only when some
	// fail, validate those alone for their findings and build it again
	// without them. Clean data is validated once.
	feats := make([]index.Feature[parcelRef], 0, n)
	for i := range geoms {
		if gerrs[i] == nil {
			feats = append(feats, index.Feature[parcelRef]{Geometry: geoms[i], Value: parcelRef{parcel: int32(i)}})
		}
	}
	var err error
	r.parcelIx, err = index.BuildPolygonIndex(feats)
	if ge, ok := errors.AsType[*index.GeometryErrors](err); ok {
		bad := map[int32]bool{}
		for _, e := range *ge {
			i := feats[e.Feature].Value.parcel
			bad[i] = true
			gerrs[i] = index.Validate(geoms[i])
		}
		feats = slices.DeleteFunc(feats, func(f index.Feature[parcelRef]) bool { return bad[f.Value.parcel] })
		r.parcelIx, err = index.BuildPolygonIndex(feats)
	}
	if err != nil {
		return fmt.Errorf("%w: parcels: %w", ErrSource, err)
	}
	for _, f := range feats {
		r.extent = r.extent.Union(f.Geometry.Bound())
	}
	var need []int
	for i, f := range b.src.Parcels {
		p := &r.parcels[i]
		p.Index = i
		rec := fmt.Sprintf("parcels#%d", i)
		commune := f.Props.String("commune")
		c, cerr := b.parseCommune(commune)
		sheet, okS, errS := f.Props.Int("sheet")
		num, okN, errN := f.Props.Int("number")
		switch {
		case cerr != nil:
			b.find(LayerParcels, i, rec, finding.BadCommune, orb.Point{}, "", "commune %q: %v", commune, cerr)
		case errS != nil || errN != nil || !okS || !okN:
			b.find(LayerParcels, i, rec, finding.BadAttribute, orb.Point{}, "", "sheet %q and number %q must be whole numbers", f.Props.String("sheet"), f.Props.String("number"))
		default:
			p.Key = ParcelKey{Commune: c, Sheet: int(sheet), Number: int(num)}
			rec = p.Key.String()
			if j, dup := r.parcelByKey(p.Key); dup {
				b.find(LayerParcels, i, rec, finding.DuplicateParcel, orb.Point{}, "", "the key %s is also parcel #%d's", rec, j)
			} else {
				r.byKey.add(hashOf(p.Key), i)
			}
		}
		if err := gerrs[i]; err != nil {
			var at orb.Point
			if poly := largest(geoms[i]); len(poly) > 0 && len(poly[0]) > 0 {
				at = poly[0][0]
			}
			b.find(LayerParcels, i, rec, finding.InvalidGeometry, at, "", "%v", err)
		} else {
			p.Valid = true
		}
		if s := f.Props.String("parcel_id"); s != "" {
			id, err := address.ParseParcelID(s)
			if err != nil {
				b.find(LayerParcels, i, rec, finding.BadParcelID, orb.Point{}, "", "parcel_id %q: %v", s, err)
			} else {
				p.ID = id
			}
		}
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
					r.parcels[i].ID, errs[i] = address.NewParcelID(largest(b.src.Parcels[i].Geometry), zone, address.ParcelIDPrecision)
				} else {
					r.parcels[i].ID, errs[i] = address.NewParcelIDFromWGS84(largest(geoms[i]), zone, address.ParcelIDPrecision)
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

func (b *builder) unitName(c admin.Code) string {
	d := b.r.d2025
	if c.Version() == admin.Legacy {
		d = b.r.dLegacy
	}
	if u, ok := d.Unit(c); ok {
		return fmt.Sprintf("%s (%s)", u.Name, c)
	}
	return c.String()
}

func (b *builder) streets() error {
	r := b.r
	n := len(b.src.Streets)
	r.streetByID = make(map[string]int32, n)
	r.streets = make([]Street, n)
	ok := make([]bool, n)
	lines := make([]orb.MultiLineString, n)
	for i, f := range b.src.Streets {
		id := f.Props.String("id")
		if id == "" {
			return &SourceError{Layer: LayerStreets, Feature: i, Err: errNoID}
		}
		if j, dup := r.streetByID[id]; dup {
			return &SourceError{Layer: LayerStreets, Feature: i, Err: fmt.Errorf("%w: %q is also the id of #%d", errDuplicateID, id, j)}
		}
		r.streetByID[id] = int32(i)
		r.streets[i] = Street{Index: i, ID: id, Name: f.Props.String("name"), Parent: f.Props.String("parent"), Main: -1}
		ml, err := b.tr.lines(f.Geometry)
		if err == nil {
			for k, l := range ml {
				if _, e := geo.NewLine(l); e != nil {
					err = fmt.Errorf("part %d: %v", k, e)
					break
				}
			}
		}
		if err != nil {
			b.find(LayerStreets, i, id, finding.InvalidGeometry, orb.Point{}, "", "%v", err)
			continue
		}
		lines[i], ok[i] = ml, true
	}
	// An alley whose parent is missing or unusable cannot be numbered.
	for changed := true; changed; {
		changed = false
		for i := range r.streets {
			s := &r.streets[i]
			if !ok[i] || s.Parent == "" {
				continue
			}
			j, found := r.streetByID[s.Parent]
			if !found || !ok[j] {
				ok[i], changed = false, true
				b.find(LayerStreets, i, s.ID, finding.UnknownStreet, orb.Point{}, "", "opens on %q, which is not a usable street", s.Parent)
			}
		}
	}
	// The usable streets go to numbering, which refers to them by their
	// position in that list: numPos maps a street to it, regOf back.
	r.numPos = make([]int32, n)
	var regOf []int32
	for i := range r.streets {
		r.numPos[i] = -1
		if ok[i] {
			r.numPos[i] = int32(len(regOf))
			regOf = append(regOf, int32(i))
		}
	}
	b.regOf = regOf
	var ns []numbering.Street
	for i, f := range b.src.Streets {
		if !ok[i] {
			continue
		}
		s := &r.streets[i]
		st := numbering.Street{ID: s.ID, Name: s.Name, Centreline: lines[i], Abbrev: f.Props.String("abbrev")}
		if s.Parent != "" {
			st.Parent = r.numRef(int(r.streetByID[s.Parent]))
		}
		if o := f.Props.String("other"); o != "" {
			j, found := r.streetByID[o]
			if !found || !ok[j] {
				return &SourceError{Layer: LayerStreets, Feature: i, Err: fmt.Errorf("other end %q is not a usable street", o)}
			}
			st.Other = r.numRef(int(j))
		}
		if w, _, err := f.Props.Float("cross_section"); err != nil {
			b.find(LayerStreets, i, s.ID, finding.BadAttribute, orb.Point{}, "", "%v", err)
		} else {
			st.CrossSection = geo.Meters(w)
		}
		if rg, err := numbering.ParseRegime(f.Props.String("regime")); err != nil {
			b.find(LayerStreets, i, s.ID, finding.BadAttribute, orb.Point{}, "", "%v", err)
		} else {
			st.Regime = rg
		}
		cx, okx, errx := f.Props.Float("centre_x")
		cy, oky, erry := f.Props.Float("centre_y")
		if errx != nil || erry != nil || okx != oky {
			b.find(LayerStreets, i, s.ID, finding.BadAttribute, orb.Point{}, "", "centre_x %q, centre_y %q: both numbers or neither", f.Props.String("centre_x"), f.Props.String("centre_y"))
		} else if okx {
			c, err := b.tr.point(orb.Point{cx, cy})
			if err != nil {
				b.find(LayerStreets, i, s.ID, finding.BadAttribute, orb.Point{}, "", "centre: %v", err)
			} else {
				st.Centre = &c
			}
		}
		if t := f.Props.String("number"); t != "" {
			hn, err := address.ParseHouseNumber(t)
			if err != nil {
				b.find(LayerStreets, i, s.ID, finding.UnreadableNumber, orb.Point{}, "", "alley number %q: %v", t, err)
			} else {
				st.Number = hn
			}
		}
		ns = append(ns, st)
	}
	num, err := numbering.New(ns, b.opts.Numbering)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrSource, err)
	}
	r.numberer = num
	info := map[string]numbering.StreetInfo{}
	for _, si := range num.Streets() {
		info[si.ID] = si
	}
	r.byParts = make([]bool, len(r.streets))
	for i := range r.streets {
		s := &r.streets[i]
		if !ok[i] {
			continue
		}
		s.Info = info[s.ID]
		s.Line, _ = num.Line(r.numRef(i))
		r.extent = r.extent.Union(lines[i].Bound())
		// A street of one part is indexed by its line in the numbering
		// direction: a match on it is already where a point lies along
		// the street (At). A street of several parts is indexed by its
		// parts, not by their join, whose gaps are no street.
		if len(lines[i]) == 1 && s.Line != nil {
			if err := r.streetIx.InsertLine(s.Line, int32(i)); err != nil {
				return &SourceError{Layer: LayerStreets, Feature: i, Err: err}
			}
			continue
		}
		r.byParts[i] = s.Line != nil
		for _, l := range lines[i] {
			if err := r.streetIx.Insert(l, int32(i)); err != nil {
				return &SourceError{Layer: LayerStreets, Feature: i, Err: err}
			}
		}
	}
	r.names = map[string]int32{}
	r.nameOf = make([]int32, len(r.streets))
	for i := range r.streets {
		m := i
		for k := 0; k < len(r.streets) && r.streets[m].Parent != ""; k++ {
			m = int(r.streetByID[r.streets[m].Parent])
		}
		r.streets[i].Main = m
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

// repPoint is a point inside a building's footprint (or the point itself).
func repPoint(g orb.Geometry) (orb.Point, error) {
	switch g := g.(type) {
	case orb.Point:
		return g, nil
	case orb.Polygon, orb.MultiPolygon:
		poly := largest(g)
		if c, _ := planar.CentroidArea(poly); planar.PolygonContains(poly, c) {
			return c, nil
		}
		p, _, err := geo.Polylabel(poly, 0.1)
		return p, err
	}
	return orb.Point{}, fmt.Errorf("a %s, want a Point, Polygon or MultiPolygon", g.GeoJSONType())
}

func (b *builder) houses() error {
	r := b.r
	n := len(b.src.Buildings)
	r.houses = make([]House, n)
	r.bySource = newTable(n)
	b.opts.progress("numbering", 0, n)
	wgs := make([]orb.Geometry, n)
	gerrs := make([]error, n)
	points := make([]orb.Point, n)
	b.parallel(n, 1024, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			var g orb.Geometry
			var err error
			switch geom := b.src.Buildings[i].Geometry.(type) {
			case orb.Point:
				g, err = b.tr.point(geom)
			case nil:
				err = fmt.Errorf("no geometry")
			default:
				g, err = b.tr.area(geom)
				if err == nil {
					err = index.Validate(g)
				}
			}
			if err == nil {
				points[i], err = repPoint(g)
			}
			wgs[i], gerrs[i] = g, err
		}
	})
	for i, f := range b.src.Buildings {
		id := f.Props.String("id")
		if id == "" {
			return &SourceError{Layer: LayerBuildings, Feature: i, Err: errNoID}
		}
		if j, dup := r.houseBySource(id); dup {
			return &SourceError{Layer: LayerBuildings, Feature: i, Err: fmt.Errorf("%w: %q is also the id of #%d", errDuplicateID, id, j)}
		}
		h := &r.houses[i]
		*h = House{Index: i, Source: id, Street: -1, Parcel: -1}
		r.bySource.add(hashOf(id), i)
		if err := gerrs[i]; err != nil {
			wgs[i] = nil
			b.find(LayerBuildings, i, id, finding.InvalidGeometry, orb.Point{}, "", "%v", err)
			continue
		}
		h.Point = points[i]
	}
	// Entrances, by building.
	doors := make([][]numbering.Door, n)
	for i, f := range b.src.Entrances {
		bid := f.Props.String("building")
		j, found := r.houseBySource(bid)
		if !found {
			b.find(LayerEntrances, i, fmt.Sprintf("entrances#%d", i), finding.BadAttribute, orb.Point{}, "", "building %q is not in the buildings layer", bid)
			continue
		}
		pt, isPt := f.Geometry.(orb.Point)
		if !isPt {
			b.find(LayerEntrances, i, fmt.Sprintf("entrances#%d", i), finding.InvalidGeometry, orb.Point{}, "", "an entrance is a Point")
			continue
		}
		p, err := b.tr.point(pt)
		if err != nil {
			b.find(LayerEntrances, i, fmt.Sprintf("entrances#%d", i), finding.InvalidGeometry, orb.Point{}, "", "%v", err)
			continue
		}
		sid := f.Props.String("street")
		if _, ok := r.streetByID[sid]; !ok || r.streets[r.streetByID[sid]].Line == nil {
			b.find(LayerEntrances, i, fmt.Sprintf("entrances#%d", i), finding.UnknownStreet, p, "", "entrance of %s names street %q, which is not a usable street", bid, sid)
			continue
		}
		doors[j] = append(doors[j], numbering.Door{Street: r.numRef(int(r.streetByID[sid])), Point: p, Main: f.Props.Bool("main")})
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
			if wgs[i] == nil || len(doors[i]) > 0 {
				continue
			}
			h := &r.houses[i]
			k := int32(noStreet)
			if sid := b.src.Buildings[i].Props.String("street"); sid != "" {
				if j, ok := r.streetByID[sid]; ok && r.streets[j].Line != nil {
					k = j
				} else {
					k = unknownStreet
				}
			} else if m, ok := r.streetIx.Nearest(h.Point, b.opts.StreetRadius); ok {
				k = m.Value
			}
			if k >= 0 {
				autoDoor[i] = numbering.Door{Street: r.numRef(int(k)), Point: frontDoor(wgs[i], h.Point, r.streets[k].Line), Main: true}
			}
			autoStreet[i] = k
		}
	})
	fs := make([]numbering.Frontage, 0, n)
	frontOf := make([]int32, n) // building -> its frontage in fs
	var bldOf []int32           // frontage -> its building
	kept := make([]bool, n)
	for i, f := range b.src.Buildings {
		h := &r.houses[i]
		if wgs[i] == nil {
			continue
		}
		fr := numbering.Frontage{ID: h.Source, Doors: doors[i], Planned: f.Props.Bool("planned"), Group: f.Props.String("group")}
		if len(fr.Doors) == 0 {
			switch k := autoStreet[i]; {
			case k == unknownStreet:
				b.find(LayerBuildings, i, h.Source, finding.UnknownStreet, h.Point, "", "street %q is not a usable street", f.Props.String("street"))
			case k >= 0:
				fr.Doors = autoDoor[i : i+1 : i+1]
			}
		}
		if len(fr.Doors) == 0 {
			b.find(LayerBuildings, i, h.Source, finding.NotNumbered, h.Point, "", "no entrance and no street within %.0f m", float64(b.opts.StreetRadius))
			continue
		}
		if t := f.Props.String("number"); t != "" {
			hn, err := address.ParseHouseNumber(t)
			if err != nil {
				b.find(LayerBuildings, i, h.Source, finding.UnreadableNumber, h.Point, "", "number %q: %v; a new number is proposed", t, err)
			} else {
				fr.Number, kept[i] = hn, true
			}
		}
		if t := f.Props.String("split_of"); t != "" {
			if hn, err := address.ParseHouseNumber(t); err != nil {
				b.find(LayerBuildings, i, h.Source, finding.BadAttribute, h.Point, "", "split_of %q: %v", t, err)
			} else {
				fr.SplitOf = hn
			}
		}
		frontOf[i] = int32(len(fs))
		bldOf = append(bldOf, int32(i))
		fs = append(fs, fr)
	}
	res, err := r.numberer.Assign(fs)
	if err != nil {
		return fmt.Errorf("%w: numbering: %w", ErrSource, err)
	}
	for _, p := range res.Problems {
		i := int(bldOf[p.Frontage])
		b.find(LayerBuildings, i, p.ID, finding.NotNumbered, r.houses[i].Point, "", "%v", p.Err)
	}
	for _, rh := range res.Houses {
		i := int(bldOf[rh.Frontage])
		h := &r.houses[i]
		h.Number, h.Status, h.Side, h.Along = rh.Number, rh.Status, rh.Side, rh.Along
		k, _ := rh.Street.Index()
		h.Street = int(b.regOf[k])
		for _, d := range fs[frontOf[i]].Doors {
			if d.Street == rh.Street && (h.Door == (orb.Point{}) || d.Main) {
				h.Door = d.Point
			}
		}
	}
	for _, a := range res.Alleys {
		k, _ := a.Street.Index()
		r.streets[b.regOf[k]].Number = a.Chain
	}
	// Audit the numbers the source gave.
	var audit []numbering.Numbered
	var audited []int32 // audit position -> building
	for i := range r.houses {
		h := &r.houses[i]
		if kept[i] && h.Street >= 0 {
			audit = append(audit, numbering.Numbered{ID: h.Source, Street: r.numRef(h.Street), Point: h.Door, Text: b.src.Buildings[i].Props.String("number")})
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
			ev = fmt.Sprintf("number %s on the %s side of %s, %.1f m along", f.Text, f.Side, f.Street, float64(f.Along))
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

// writtenCommune reads the commune written in a building's address: a
// code, or a name matched in both versions.
func (b *builder) writtenCommune(s string) []admin.Code {
	if c, err := b.parseCommune(s); err == nil {
		return []admin.Code{c}
	}
	var out []admin.Code
	for _, d := range []*admin.Dataset{b.r.d2025, b.r.dLegacy} {
		for _, c := range d.Match(admin.Commune, s, admin.Code{}) {
			out = append(out, c.Unit.Code)
		}
	}
	return out
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
			if k, ok := r.parcelIx.Containing(h.Point); ok {
				h.Parcel = int(k.parcel)
			}
			if r.communes != nil {
				h.Commune, _ = r.communes.Containing(h.Point)
			} else if h.Parcel >= 0 && r.parcels[h.Parcel].Key.Commune.Version() == admin.V2025 {
				h.Commune = r.parcels[h.Parcel].Key.Commune
			}
			if r.legacy != nil {
				h.Legacy, _ = r.legacy.Containing(h.Point)
			}
			if r.zones != nil {
				h.Postcode, _ = postal.ZoneAt(r.zones, h.Point)
			}
		}
	})
	for i := range r.houses {
		h := &r.houses[i]
		f := b.src.Buildings[i]
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
		sheet, okS, errS := f.Props.Int("parcel_sheet")
		num, okN, errN := f.Props.Int("parcel_number")
		switch {
		case errS != nil || errN != nil || okS != okN:
			b.find(LayerBuildings, i, h.Source, finding.BadAttribute, h.Point, "", "parcel_sheet %q, parcel_number %q: both whole numbers or neither", f.Props.String("parcel_sheet"), f.Props.String("parcel_number"))
		case okS:
			c := h.Commune
			if h.Parcel >= 0 && r.parcels[h.Parcel].Key.Commune.IsValid() {
				c = r.parcels[h.Parcel].Key.Commune
			}
			want := ParcelKey{Commune: c, Sheet: int(sheet), Number: int(num)}
			switch {
			case h.Parcel < 0:
				b.find(LayerBuildings, i, h.Source, finding.OutsideParcel, h.Point, "", "names parcel sheet %d no. %d but lies in no parcel", sheet, num)
			case r.parcels[h.Parcel].Key != want:
				b.find(LayerBuildings, i, h.Source, finding.ParcelMismatch, h.Point, r.parcels[h.Parcel].Key.String(),
					"names parcel sheet %d no. %d but lies in parcel %s", sheet, num, r.parcels[h.Parcel].Key)
			}
		default:
			if h.Parcel < 0 && len(r.parcels) > 0 {
				b.find(LayerBuildings, i, h.Source, finding.OutsideParcel, h.Point, "", "lies in no parcel")
			}
		}
		if w := strings.TrimSpace(f.Props.String("commune")); w != "" && h.Commune.IsValid() {
			cs := b.writtenCommune(w)
			match := false
			for _, c := range cs {
				match = match || c == h.Commune || (h.Legacy.IsValid() && c == h.Legacy)
			}
			if !match {
				b.find(LayerBuildings, i, h.Source, finding.CommuneMismatch, h.Point, h.Commune.String(),
					"the address says %q but the house lies in %s", w, b.unitName(h.Commune))
			}
		}
		if w := strings.TrimSpace(f.Props.String("postcode")); w != "" && h.Commune.IsValid() {
			pc, err := postal.Parse(w)
			if err != nil {
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
	// The houses of each parcel, in source order.
	r.parcelStart = make([]int32, len(r.parcels)+1)
	for i := range r.houses {
		if p := r.houses[i].Parcel; p >= 0 {
			r.parcelStart[p+1]++
		}
	}
	for p := range r.parcels {
		r.parcelStart[p+1] += r.parcelStart[p]
	}
	r.onParcel = make([]int32, r.parcelStart[len(r.parcels)])
	next := slices.Clone(r.parcelStart[:len(r.parcels)])
	for i := range r.houses {
		if p := r.houses[i].Parcel; p >= 0 {
			r.onParcel[next[p]] = int32(i)
			next[p]++
		}
	}
	r.parcelIx.MapValues(func(v parcelRef) parcelRef {
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
			h := &r.houses[i]
			b.find(LayerBuildings, i, h.Source, finding.DuplicateAddress, h.Point, "",
				"%s %s in %s is also the address of %d other house(s)", h.Number, r.streets[r.streets[h.Street].Main].Name, b.unitName(h.Commune), len(g)-1)
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

// noBound is the bound of nothing: any Union or Extend replaces it.
var noBound = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}

// reach grows an extent by a radius in metres, generously (half as much
// again as the metres of a degree say), so that no point within the
// radius of a geometry falls outside it whatever the distance the
// indexes measure: outside it, At would find nothing.
func reach(ext orb.Bound, radius geo.Meters) orb.Bound {
	if ext.IsEmpty() {
		return ext
	}
	const metresPerDegree = 110574 // of latitude, at the equator: the fewest
	dLat := 1.5 * float64(radius) / metresPerDegree
	lat := min(90, max(math.Abs(ext.Min[1]), math.Abs(ext.Max[1]))+dLat)
	dLon := 360.0
	if c := math.Cos(lat * math.Pi / 180); c > 1e-3 {
		dLon = min(dLon, 1.5*float64(radius)/(111320*c))
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

var streetTypes = []string{"duong ", "pho ", "dai lo ", "d. ", "p. ", "dl. ", "ngo ", "hem ", "kiet "}

func streetKey(s string) string {
	k := strings.Join(strings.Fields(strings.ToLower(admin.Fold(s))), " ")
	for _, t := range streetTypes {
		if strings.HasPrefix(k, t) {
			return strings.TrimSpace(k[len(t):])
		}
	}
	return k
}

func (b *builder) ids() error {
	r := b.r
	n := len(r.houses)
	r.byID = newTable(n)
	r.byExt = map[address.ExternalID]int32{}
	for i := range r.houses {
		h := &r.houses[i]
		f := b.src.Buildings[i]
		if s := f.Props.String("address_id"); s != "" {
			id, err := address.ParseID(s)
			switch {
			case err != nil:
				b.find(LayerBuildings, i, h.Source, finding.BadID, h.Point, "", "address_id %q: %v; a new ID is issued", s, err)
			default:
				if j, dup := r.houseByID(id); dup {
					b.find(LayerBuildings, i, h.Source, finding.DuplicateID, h.Point, "", "address ID %s is also %s's; a new ID is issued", id.Grouped(), r.houses[j].Source)
				} else {
					h.ID = id
					r.byID.add(hashOf(id), i)
				}
			}
		}
		if !h.ID.IsValid() && b.saved != nil && b.saved.ids[i].IsValid() {
			if _, dup := r.houseByID(b.saved.ids[i]); !dup {
				h.ID = b.saved.ids[i]
				r.byID.add(hashOf(h.ID), i)
			}
		}
		for _, p := range f.Props {
			name, isExt := strings.CutPrefix(p.Key, "ext_")
			if !isExt {
				continue
			}
			v := f.Props.String(p.Key)
			if v == "" {
				continue
			}
			sc, err := address.ParseScheme(name)
			if err != nil {
				b.find(LayerBuildings, i, h.Source, finding.BadAttribute, h.Point, "", "%s: %v", p.Key, err)
				continue
			}
			e, err := address.ParseExternalID(sc, v)
			if err != nil {
				b.find(LayerBuildings, i, h.Source, finding.BadExternalID, h.Point, "", "%s %q: %v", p.Key, v, err)
				continue
			}
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
			if _, taken := r.houseByID(id); !taken {
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
