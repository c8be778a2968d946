package registry

import (
	"context"
	"fmt"
	"strings"

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

// The decode layer: a Source, whatever format it was read from (GeoJSON,
// GeoPackage, or built in code), becomes typed records. Each record's
// attributes are read by the schema (schema.go) into typed values, the
// geometry is brought to WGS84, and names of other records (a parent
// street, an entrance's building) become positions. A problem of one
// record on its own is a finding here; Build then assembles, links and
// indexes the records and never reads an attribute by name.
//
// Three attribute problems are carried as typed errors instead, for Build
// to report where it knows the outcome: an unreadable number or split_of
// of a building (reported when the building is numbered, whose evidence
// says a new number is proposed) and a malformed written postcode (reported
// with the postcode of the commune the house lies in).

// streetRec is a street or alley as decoded.
type streetRec struct {
	id, name, abbrev string
	// parent and other are the streets the alley opens on and ends at:
	// zero when none is named or the one named is not in the layer
	// (parentID and otherID say which was named).
	parent, other     StreetRef
	parentID, otherID string
	crossSection      geo.Meters
	regime            numbering.Regime
	centre            *orb.Point // WGS84
	number            address.HouseNumber
	// lines in WGS84; nil when the geometry cannot be used (a finding).
	lines orb.MultiLineString
}

// parcelRec is a land parcel as decoded.
type parcelRec struct {
	key ParcelKey        // zero when its attributes give none (a finding)
	id  address.ParcelID // stored; zero when none or unreadable
	// geom in WGS84; nil when it could not be transformed (a finding).
	// given is the geometry as given, in the source CRS, where a parcel
	// ID is computed when that CRS is a TM-3 zone.
	geom, given orb.Geometry
}

// buildingRec is a building or planned lot as decoded.
type buildingRec struct {
	id string
	// geom in WGS84 and point inside it; geom nil when the geometry
	// cannot be used (a finding).
	geom  orb.Geometry
	point orb.Point
	// street named (zero when none, or not in the layer: streetID says).
	street   StreetRef
	streetID string
	// number and split_of as written, read, or why not (reported by
	// Build when the building is numbered).
	numberText, splitText string
	number, splitOf       address.HouseNumber
	numberErr, splitErr   error
	group                 string
	planned               bool
	// The parcel its papers name (namesParcel), as read.
	namesParcel, parcelBad    bool
	parcelSheet, parcelNumber int
	// commune as written in its address, and the communes it may be (a
	// code, or a name matched in both versions).
	commune      string
	communes     []admin.Code
	postcodeText string
	postcode     postal.Code // zero when postcodeErr
	postcodeErr  error
	addressID    address.ID // zero when none or unreadable
	ext          []address.ExternalID
}

// entranceRec is an entrance as decoded; ok is false when it cannot be
// used (a finding says why).
type entranceRec struct {
	building HouseRef
	street   StreetRef // zero when the street named is not in the layer
	streetID string
	point    orb.Point // WGS84
	main, ok bool
}

// areaRec is a commune or postal zone as decoded; geom is nil when it
// cannot be used (a finding says why).
type areaRec[C any] struct {
	code C
	geom orb.Geometry // WGS84, valid
}

// decoded is a source as typed records, in source order.
type decoded struct {
	code      crs.Code
	tr        *transform
	streets   []streetRec
	parcels   []parcelRec
	buildings []buildingRec
	entrances []entranceRec
	communes  []areaRec[admin.Code]
	zones     []areaRec[postal.Code]
	findings  []Finding
	// bySource finds a building by its id.
	bySource table
	// streetPos is each street's position, by id; doorsOf the buildings
	// entrances name that are not in the layer.
	streetPos map[string]int32
	doorsOf   map[string]bool
}

// decoder holds the state of one decoding.
type decoder struct {
	ctx            context.Context
	src            *Source
	workers        int
	d2025, dLegacy *admin.Dataset
	out            *decoded
	streetPos      map[string]int32 // street id -> position
}

func (d *decoder) find(layer string, i int, record string, reason finding.Reason, p orb.Point, format string, a ...any) {
	d.out.findings = append(d.out.findings, Finding{Layer: layer, Record: record, Index: i, Reason: reason,
		Evidence: fmt.Sprintf(format, a...), Point: p})
}

// decode decodes a source. It fails only on what no record can be built
// from: an unknown CRS, a street or building without an id or with one
// already given (a *SourceError), or a done ctx.
func decode(ctx context.Context, src *Source, workers int, d2025, dLegacy *admin.Dataset) (*decoded, error) {
	code := src.CRS
	if code == 0 {
		code = crs.WGS84
	}
	tr, err := newTransform(code)
	if err != nil {
		return nil, err
	}
	d := &decoder{ctx: ctx, src: src, workers: workers, d2025: d2025, dLegacy: dLegacy, out: &decoded{code: code, tr: tr}}
	for _, step := range []func() error{d.communes, d.zones, d.parcels, d.streets, d.buildings, d.entrances} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := step(); err != nil {
			return nil, err
		}
	}
	return d.out, nil
}

// parseCommune reads a commune code: the text form of admin.Code
// ("2025:commune:27478", "legacy:commune:27466") or five digits of the
// 2025 list.
func parseCommune(s string, d2025, dLegacy *admin.Dataset) (admin.Code, error) {
	s = strings.TrimSpace(s)
	var c admin.Code
	if strings.Contains(s, ":") {
		if err := c.UnmarshalText([]byte(s)); err != nil {
			return c, err
		}
		if c.Level() != admin.Commune {
			return admin.Code{}, fmt.Errorf("%s is not a commune", s)
		}
		d := d2025
		if c.Version() == admin.Legacy {
			d = dLegacy
		}
		if _, ok := d.Unit(c); !ok {
			return admin.Code{}, fmt.Errorf("no commune %s", s)
		}
		return c, nil
	}
	u, err := d2025.Lookup(admin.Commune, s)
	if err != nil {
		return admin.Code{}, err
	}
	return u.Code, nil
}

// decodeArea decodes a polygonal layer: its code attribute and its
// geometry, which must be valid.
func decodeArea[C interface{ String() string }](d *decoder, layer string, fs []Feature, parse func(s string) (C, error),
	codeReason finding.Reason, evidence func(text string, err error) string) []areaRec[C] {
	l := layerSchema(layer)
	slots := make([]any, len(l.attrs))
	out := make([]areaRec[C], len(fs))
	for i, f := range fs {
		fields(l, f.Props, slots, nil)
		text := textOf(slots[0])
		c, err := parse(text)
		if err != nil {
			d.find(layer, i, text, codeReason, orb.Point{}, "%s", evidence(text, err))
			continue
		}
		g, err := d.out.tr.area(f.Geometry)
		if err == nil {
			err = index.Validate(g)
		}
		if err != nil {
			d.find(layer, i, c.String(), finding.InvalidGeometry, orb.Point{}, "%v", err)
			continue
		}
		out[i] = areaRec[C]{code: c, geom: g}
	}
	return out
}

func (d *decoder) communes() error {
	d.out.communes = decodeArea(d, LayerCommunes, d.src.Communes, func(s string) (admin.Code, error) {
		return parseCommune(s, d.d2025, d.dLegacy)
	}, finding.BadCommune, func(text string, err error) string { return fmt.Sprintf("code %q: %v", text, err) })
	return nil
}

func (d *decoder) zones() error {
	d.out.zones = decodeArea(d, LayerPostalZones, d.src.PostalZones, postal.Parse, finding.BadAttribute,
		func(_ string, err error) string { return fmt.Sprintf("postcode: %v", err) })
	return nil
}

func (d *decoder) parcels() error {
	fs := d.src.Parcels
	n := len(fs)
	recs := make([]parcelRec, n)
	gerrs := make([]error, n)
	parallel(n, 1024, d.workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			recs[i].given = fs[i].Geometry
			recs[i].geom, gerrs[i] = d.out.tr.area(fs[i].Geometry)
		}
	})
	l := layerSchema(LayerParcels)
	slots := make([]any, len(l.attrs))
	for i, f := range fs {
		p := &recs[i]
		fields(l, f.Props, slots, nil)
		// The record's name, made only for a finding: most parcels have none.
		rec := func() string {
			if p.key.Commune.IsValid() {
				return p.key.String()
			}
			return fmt.Sprintf("parcels#%d", i)
		}
		commune := textOf(slots[paCommune])
		c, cerr := parseCommune(commune, d.d2025, d.dLegacy)
		sheet, okS, errS := countOf("sheet", slots[paSheet])
		num, okN, errN := countOf("number", slots[paNumber])
		switch {
		case cerr != nil:
			d.find(LayerParcels, i, rec(), finding.BadCommune, orb.Point{}, "commune %q: %v", commune, cerr)
		case errS != nil || errN != nil || !okS || !okN:
			d.find(LayerParcels, i, rec(), finding.BadAttribute, orb.Point{}, "sheet %q and number %q must be whole numbers from 1, in digits", textOf(slots[paSheet]), textOf(slots[paNumber]))
		default:
			p.key = ParcelKey{Commune: c, Sheet: int(sheet), Number: int(num)}
		}
		if err := gerrs[i]; err != nil {
			d.find(LayerParcels, i, rec(), finding.InvalidGeometry, orb.Point{}, "%v", err)
		}
		if s := textOf(slots[paParcelID]); s != "" {
			id, err := address.ParseParcelID(s)
			if err != nil {
				d.find(LayerParcels, i, rec(), finding.BadParcelID, orb.Point{}, "parcel_id %q: %v", s, err)
			} else {
				p.id = id
			}
		}
	}
	d.out.parcels = recs
	return nil
}

func (d *decoder) streets() error {
	fs := d.src.Streets
	recs := make([]streetRec, len(fs))
	pos := make(map[string]int32, len(fs))
	l := layerSchema(LayerStreets)
	slots := make([]any, len(l.attrs))
	for i, f := range fs {
		fields(l, f.Props, slots, nil)
		id := textOf(slots[stID])
		if id == "" {
			return &SourceError{Layer: LayerStreets, Feature: i, Err: errNoID}
		}
		if j, dup := pos[id]; dup {
			return &SourceError{Layer: LayerStreets, Feature: i, Err: fmt.Errorf("%w: %q is also the id of #%d", errDuplicateID, id, j)}
		}
		pos[id] = int32(i)
		s := &recs[i]
		s.id, s.name, s.abbrev = id, textOf(slots[stName]), textOf(slots[stAbbrev])
		s.parentID, s.otherID = textOf(slots[stParent]), textOf(slots[stOther])
		ml, err := d.out.tr.lines(f.Geometry)
		if err == nil {
			for k, l := range ml {
				if _, e := geo.NewLine(l); e != nil {
					err = fmt.Errorf("part %d: %v", k, e)
					break
				}
			}
		}
		if err != nil {
			d.find(LayerStreets, i, id, finding.InvalidGeometry, orb.Point{}, "%v", err)
		} else {
			s.lines = ml
		}
		if w, _, err := floatOf("cross_section", slots[stCrossSection]); err != nil {
			d.find(LayerStreets, i, id, finding.BadAttribute, orb.Point{}, "%v", err)
		} else {
			s.crossSection = geo.Meters(w)
		}
		if rg, err := numbering.ParseRegime(textOf(slots[stRegime])); err != nil {
			d.find(LayerStreets, i, id, finding.BadAttribute, orb.Point{}, "%v", err)
		} else {
			s.regime = rg
		}
		cx, okx, errx := floatOf("centre_x", slots[stCentreX])
		cy, oky, erry := floatOf("centre_y", slots[stCentreY])
		if errx != nil || erry != nil || okx != oky {
			d.find(LayerStreets, i, id, finding.BadAttribute, orb.Point{}, "centre_x %q, centre_y %q: both numbers or neither", textOf(slots[stCentreX]), textOf(slots[stCentreY]))
		} else if okx {
			c, err := d.out.tr.point(orb.Point{cx, cy})
			if err != nil {
				d.find(LayerStreets, i, id, finding.BadAttribute, orb.Point{}, "centre: %v", err)
			} else {
				s.centre = &c
			}
		}
		if t := textOf(slots[stNumber]); t != "" {
			hn, err := address.ParseHouseNumber(t)
			if err != nil {
				d.find(LayerStreets, i, id, finding.UnreadableNumber, orb.Point{}, "alley number %q: %v", t, err)
			} else {
				s.number = hn
			}
		}
	}
	// Names of streets become positions.
	for i := range recs {
		s := &recs[i]
		if j, ok := pos[s.parentID]; ok {
			s.parent = StreetAt(int(j))
		}
		if j, ok := pos[s.otherID]; ok {
			s.other = StreetAt(int(j))
		}
	}
	d.out.streets = recs
	d.streetPos, d.out.streetPos = pos, pos
	return nil
}

func (d *decoder) buildings() error {
	fs := d.src.Buildings
	n := len(fs)
	recs := make([]buildingRec, n)
	gerrs := make([]error, n)
	parallel(n, 1024, d.workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			recs[i].geom, recs[i].point, gerrs[i] = d.out.tr.building(fs[i].Geometry)
		}
	})
	bySource := newTable(n)
	ba := newBuildingAttrs()
	for i, f := range fs {
		b := &recs[i]
		id, err := d.building(ba, i, f, b, gerrs[i])
		if err != nil {
			return err
		}
		if j, dup := bySource.find(hashOf(id), func(j int) bool { return recs[j].id == id }); dup {
			return &SourceError{Layer: LayerBuildings, Feature: i, Err: fmt.Errorf("%w: %q is also the id of #%d", errDuplicateID, id, j)}
		}
		bySource.add(hashOf(id), i)
	}
	d.out.buildings, d.out.bySource = recs, bySource
	return nil
}

// buildingAttrs holds the buffers of reading buildings' attributes,
// reused from one building to the next.
type buildingAttrs struct {
	l       *sourceLayer
	slots   []any
	ext     []Prop
	written map[string][]admin.Code // commune as written -> what it may be
}

func newBuildingAttrs() *buildingAttrs {
	l := layerSchema(LayerBuildings)
	return &buildingAttrs{l: l, slots: make([]any, len(l.attrs)), written: map[string][]admin.Code{}}
}

// building reads building i's attributes into b (its geometry is
// decoded, gerr the geometry's error) and returns its id.
func (d *decoder) building(ba *buildingAttrs, i int, f Feature, b *buildingRec, gerr error) (string, error) {
	l, slots, written := ba.l, ba.slots, ba.written
	ba.ext = fields(l, f.Props, slots, ba.ext[:0])
	ext := ba.ext
	id := textOf(slots[buID])
	if id == "" {
		return "", &SourceError{Layer: LayerBuildings, Feature: i, Err: errNoID}
	}
	b.id = id
	if err := gerr; err != nil {
		b.point = orb.Point{}
		d.find(LayerBuildings, i, id, finding.InvalidGeometry, orb.Point{}, "%v", err)
	}
	if s := textOf(slots[buStreet]); s != "" {
		b.streetID = s
		if j, ok := d.streetPos[s]; ok {
			b.street = StreetAt(int(j))
		}
	}
	if t := textOf(slots[buNumber]); t != "" {
		b.numberText = t
		b.number, b.numberErr = address.ParseHouseNumber(t)
	}
	if t := textOf(slots[buSplitOf]); t != "" {
		b.splitText = t
		b.splitOf, b.splitErr = address.ParseHouseNumber(t)
	}
	b.group, b.planned = textOf(slots[buGroup]), flagOf(slots[buPlanned])
	sheet, okS, errS := countOf("parcel_sheet", slots[buParcelSheet])
	num, okN, errN := countOf("parcel_number", slots[buParcelNumber])
	switch {
	case errS != nil || errN != nil || okS != okN:
		b.parcelBad = true
		d.find(LayerBuildings, i, id, finding.BadAttribute, b.point, "parcel_sheet %q, parcel_number %q: both whole numbers from 1, in digits, or neither", textOf(slots[buParcelSheet]), textOf(slots[buParcelNumber]))
	case okS:
		b.namesParcel, b.parcelSheet, b.parcelNumber = true, int(sheet), int(num)
	}
	if b.commune = strings.TrimSpace(textOf(slots[buCommune])); b.commune != "" {
		cs, seen := written[b.commune]
		if !seen {
			cs = d.writtenCommune(b.commune)
			written[b.commune] = cs
		}
		b.communes = cs
	}
	if w := strings.TrimSpace(textOf(slots[buPostcode])); w != "" {
		b.postcodeText = w
		b.postcode, b.postcodeErr = postal.Parse(w)
	}
	if s := textOf(slots[buAddressID]); s != "" {
		if aid, err := address.ParseID(s); err != nil {
			d.find(LayerBuildings, i, id, finding.BadID, b.point, "address_id %q: %v; a new ID is issued", s, err)
		} else {
			b.addressID = aid
		}
	}
	for _, p := range ext {
		v := textOf(p.Value)
		if v == "" {
			continue
		}
		sc, err := address.ParseScheme(p.Key[len(extPrefix):])
		if err != nil {
			d.find(LayerBuildings, i, id, finding.BadAttribute, b.point, "%s: %v", p.Key, err)
			continue
		}
		e, err := address.ParseExternalID(sc, v)
		if err != nil {
			d.find(LayerBuildings, i, id, finding.BadExternalID, b.point, "%s %q: %v", p.Key, v, err)
			continue
		}
		b.ext = append(b.ext, e)
	}
	return id, nil
}

// writtenCommune reads the commune written in a building's address: a
// code, or a name matched in both versions.
func (d *decoder) writtenCommune(s string) []admin.Code {
	if c, err := parseCommune(s, d.d2025, d.dLegacy); err == nil {
		return []admin.Code{c}
	}
	var out []admin.Code
	for _, ds := range []*admin.Dataset{d.d2025, d.dLegacy} {
		for _, c := range ds.Match(admin.Commune, s, admin.Code{}) {
			out = append(out, c.Unit.Code)
		}
	}
	return out
}

func (d *decoder) entrances() error {
	fs := d.src.Entrances
	recs := make([]entranceRec, len(fs))
	l := layerSchema(LayerEntrances)
	slots := make([]any, len(l.attrs))
	for i, f := range fs {
		e := &recs[i]
		fields(l, f.Props, slots, nil)
		rec := func() string { return fmt.Sprintf("entrances#%d", i) } // only for a finding
		bid := textOf(slots[enBuilding])
		j, found := d.out.bySource.find(hashOf(bid), func(j int) bool { return d.out.buildings[j].id == bid })
		if !found {
			if d.out.doorsOf == nil {
				d.out.doorsOf = map[string]bool{}
			}
			d.out.doorsOf[bid] = true
			d.find(LayerEntrances, i, rec(), finding.BadAttribute, orb.Point{}, "building %q is not in the buildings layer", bid)
			continue
		}
		pt, isPt := f.Geometry.(orb.Point)
		if !isPt {
			d.find(LayerEntrances, i, rec(), finding.InvalidGeometry, orb.Point{}, "an entrance is a Point")
			continue
		}
		p, err := d.out.tr.point(pt)
		if err != nil {
			d.find(LayerEntrances, i, rec(), finding.InvalidGeometry, orb.Point{}, "%v", err)
			continue
		}
		e.building, e.point, e.main, e.ok = HouseAt(j), p, flagOf(slots[enMain]), true
		e.streetID = textOf(slots[enStreet])
		if k, ok := d.streetPos[e.streetID]; ok {
			e.street = StreetAt(int(k))
		}
	}
	d.out.entrances = recs
	return nil
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

// building returns a building's geometry in WGS84 and its point (inside
// the footprint), or why it cannot be used.
func (t *transform) building(given orb.Geometry) (orb.Geometry, orb.Point, error) {
	var g orb.Geometry
	var err error
	switch geom := given.(type) {
	case orb.Point:
		g, err = t.point(geom)
	case nil:
		err = fmt.Errorf("no geometry")
	default:
		g, err = t.area(geom)
		if err == nil {
			err = index.Validate(g)
		}
	}
	var p orb.Point
	if err == nil {
		p, err = repPoint(g)
	}
	if err != nil {
		return nil, orb.Point{}, err
	}
	return g, p, nil
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

// largest is a polygonal geometry's largest polygon (nil for any other).
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
