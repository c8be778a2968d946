package registry

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/geo/olc"
	"github.com/diachi-vn/diachi/internal/gpkg"
	"github.com/diachi-vn/diachi/postal"
)

// ErrPartial: a saved registry that cannot be read in part (OpenSaved),
// as it was saved before the file kept what that needs (schema 4): Open
// reads it whole, and saving it again makes it readable in part.
var ErrPartial = errors.New("registry: the file cannot be read in part")

// Saved is a registry saved by Save, opened for reverse geocoding without
// being read whole: At reads only the parcels and houses near the point,
// through the R-tree of each layer, and answers exactly as the registry
// opened whole (Open) answers (Registry.Answer of its At), field for
// field. Opening reads the small layers (streets, communes, postal zones)
// and numbers the streets again, as Open does; the parcels and houses,
// the million rows of a city, are never read whole.
//
// What it checks is less than Open checks: the file's header against its
// size, and, given the key, that the file's stored digest carries the
// seal of that key; not that every row still matches the digest, which
// needs every row read (Verify does it). A row changed after the file was
// sealed is therefore not detected by Saved: a caller that must know the
// file is unchanged checks it with Verify (once, when the file arrives:
// the command `diachi registry verify`).
//
// A Saved is safe for concurrent use.
type Saved struct {
	f *gpkg.Partial
	// r holds what Open would have of the small layers: the streets and
	// their index, the commune and postal zone indexes, the options and
	// the reach of At.
	r *Registry
	// tr transforms the source CRS to WGS84, as Build does.
	tr *transform
	// inv transforms WGS84 to the source CRS (nil when it is WGS84), in
	// which the layers' R-trees are; invLatLon says the source CRS is
	// geographic, whose transformer reads and writes (lat, lon).
	inv       *crs.Transformer
	invLatLon bool
	// pad widens every R-tree query, in source units: a metre, far more
	// than the difference between a box in WGS84 and its image.
	pad         float64
	parcelBound orb.Bound
	parcelKey   int            // column of a parcel's key
	houseCol    map[string]int // columns of the houses layer
	// houseTyped are the houses layer's typed source columns, whose
	// attributes come before those of its properties column.
	houseTyped typedColumns
	// houseIDCol is the typed column (TEXT or INTEGER) of the houses'
	// attribute id, or -1.
	houseIDCol  int
	houseIDType gpkg.FieldType
	sealed      bool
}

// houseColumns are the columns of the houses layer an answer reads.
var houseColumns = []string{"address_id", "number", "street_id", "street", "address", "parcel_key", "parcel_id",
	"commune_code", "legacy_commune_code", "postcode", propertiesColumn}

// OpenSaved opens a saved registry for At without reading it whole. opts
// gives the key (as Open: given one, a file whose stored digest carries
// no seal of that key is refused, wrapping gpkg.ErrTampered) and the
// radii. A file saved before schema 4 gives ErrPartial (Open reads it); a
// file that is not a saved registry, or whose metadata or small layers
// are damaged, gives the errors Open gives. Close it when done.
func OpenSaved(ctx context.Context, path string, opts Options) (*Saved, error) {
	var key []byte
	if opts.DemoKey || len(opts.IDKey) > 0 {
		var err error
		if key, err = opts.key(); err != nil {
			return nil, err
		}
	}
	f, err := gpkg.OpenPartial(ctx, path, key)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	s, err := openSaved(ctx, path, f, key, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

func openSaved(ctx context.Context, path string, f *gpkg.Partial, key []byte, opts Options) (*Saved, error) {
	meta := map[string]string{}
	for _, kv := range f.Meta() {
		meta[kv[0]] = kv[1]
	}
	v, err := strconv.Atoi(meta["registry_schema"])
	switch {
	case err != nil || v < 1:
		return nil, fmt.Errorf("%w: %s has no registry schema version (%q): not a saved registry", ErrSchema, path, meta["registry_schema"])
	case v > SchemaVersion:
		return nil, fmt.Errorf("%w: %s has registry schema %d, this version reads up to %d", ErrSchema, path, v, SchemaVersion)
	case v < partialSchema:
		return nil, fmt.Errorf("%w: %s has registry schema %d, saved before the file kept its extent (schema %d): open it whole, or save it again", ErrPartial, path, v, partialSchema)
	}
	code, opts, demo, err := savedOptions(path, meta, opts)
	if err != nil {
		return nil, err
	}
	opts.setDefaults()
	var bounds [2]orb.Bound
	for i, k := range []string{metaExtent, metaParcelBound} {
		if bounds[i], err = parseBound(meta[k]); err != nil {
			return nil, fmt.Errorf("%w: %s: metadata %s: %v", ErrSchema, path, k, err)
		}
	}
	s := &Saved{f: f, parcelBound: bounds[1], sealed: key != nil && !demo, pad: 1}
	if code != crs.WGS84 && code != 0 {
		info, err := crs.Lookup(code)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
		}
		if s.inv, err = crs.NewTransformer(crs.WGS84, code); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
		}
		s.invLatLon = info.Kind() == crs.Geographic
	}
	if s.inv == nil || s.invLatLon {
		s.pad = 1e-5 // degrees: about a metre
	}
	// The layers this reads must be in the registry's CRS, as Open
	// requires of every layer.
	for _, name := range []string{LayerStreets, LayerParcels, LayerHouses, LayerBuildings, LayerCommunes, LayerPostalZones} {
		l, ok := f.Layer(name)
		if !ok {
			return nil, fmt.Errorf("%w: %s: no layer %s", ErrSchema, path, name)
		}
		if l.SRSID != int(code) {
			return nil, fmt.Errorf("%w: %s: layer %s is in EPSG:%d, the registry's CRS is EPSG:%d", ErrSchema, path, l.Name, l.SRSID, code)
		}
	}
	cols := func(layer string, names []string) (map[string]int, error) {
		l, _ := f.Layer(layer)
		m := map[string]int{}
		for k, fl := range l.Fields {
			m[fl.Name] = k
		}
		for _, n := range names {
			if _, ok := m[n]; !ok {
				return nil, fmt.Errorf("%w: %s: layer %s has no %s column", ErrSchema, path, layer, n)
			}
		}
		return m, nil
	}
	srcCols, err := decodeSourceColumns(meta[metaSourceColumns])
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
	}
	// typed are the typed source columns of a layer, as Open reads them.
	typed := func(layer string, col map[string]int) (typedColumns, error) {
		l, _ := f.Layer(layer)
		t, err := typedFields(&l, col, srcCols[layer])
		if err != nil {
			return t, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
		}
		return t, nil
	}
	if s.houseCol, err = cols(LayerHouses, houseColumns); err != nil {
		return nil, err
	}
	if s.houseTyped, err = typed(LayerHouses, s.houseCol); err != nil {
		return nil, err
	}
	s.houseIDCol = -1
	for k, fl := range s.houseTyped.fields {
		if fl.Name == "id" && (fl.Type == gpkg.Text || fl.Type == gpkg.Integer) {
			s.houseIDCol, s.houseIDType = s.houseTyped.at[k], fl.Type
		}
	}
	// The footprints, as Open reads them: one column, the building's id.
	if l, _ := f.Layer(LayerBuildings); len(l.Fields) != 1 || l.Fields[0].Name != footprintColumn {
		return nil, fmt.Errorf("%w: %s: layer %s: columns %v, want only %s", ErrSchema, path, LayerBuildings, fieldNames(l.Fields), footprintColumn)
	}
	pc, err := cols(LayerParcels, []string{"parcel_key"})
	if err != nil {
		return nil, err
	}
	s.parcelKey = pc["parcel_key"]

	// The small layers, decoded and built as Open builds them.
	src := &Source{CRS: code}
	ledger := newLedger()
	for _, name := range []string{LayerStreets, LayerCommunes, LayerPostalZones} {
		rows, err := f.All(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("registry: %w", err)
		}
		col, err := cols(name, []string{propertiesColumn})
		if err != nil {
			return nil, err
		}
		tc, err := typed(name, col)
		if err != nil {
			return nil, err
		}
		fs := make([]Feature, len(rows))
		for i, row := range rows {
			if fs[i], err = savedFeature(path, name, row, col[propertiesColumn], tc); err != nil {
				return nil, err
			}
		}
		if name == LayerStreets {
			if k, ok := col["alley_number"]; ok {
				for i, row := range rows {
					t, _ := row.Values[k].(string)
					if t == "" || fs[i].Props.String("parent") == "" {
						continue
					}
					num, err := address.ParseHouseNumber(t)
					if err != nil {
						return nil, fmt.Errorf("%w: %s: street %d: stored alley_number %q: %w", ErrSchema, path, row.Index, t, err)
					}
					ledger.alleys[fs[i].Props.String("id")] = num
				}
			}
		}
		dst, _ := src.Layer(name)
		*dst = fs
	}
	d2025, dLegacy := admin.Load(admin.V2025), admin.Load(admin.Legacy)
	dec, err := decode(ctx, src, opts.Workers, d2025, dLegacy)
	if err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, opts: opts, dec: dec, ledger: ledger, prev: map[string]Issued{}, today: opts.today(), r: &Registry{
		src: *src, opts: opts, sourceCRS: dec.code, demo: demo,
		d2025: d2025, dLegacy: dLegacy, extent: noBound, findings: dec.findings,
		streetIx: &index.LineIndex[int32]{}, houseIx: &index.PointIndex[int32]{},
	}}
	for _, step := range []func() error{b.communes, b.zones, b.streets} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	b.r.streetIx.Prepare()
	b.r.extent = bounds[0]
	b.r.reach = reach(bounds[0], max(opts.HouseRadius, opts.StreetRadius))
	s.r, s.tr = b.r, dec.tr
	return s, nil
}

// savedFeature is a row of a saved layer as a source feature: its
// geometry and its source attributes, those of its typed columns (tc)
// then those of its properties column (pk), as Open reads them.
func savedFeature(path, layer string, row gpkg.Row, pk int, tc typedColumns) (Feature, error) {
	t, _ := row.Values[pk].(string)
	ps, err := orderedProps(json.RawMessage(t))
	if err == nil {
		ps, err = tc.props(row.Values, ps)
	}
	if err != nil {
		return Feature{}, fmt.Errorf("%w: %s: layer %s feature %d: properties: %w", ErrSchema, path, layer, row.Index, err)
	}
	return Feature{Geometry: row.Geometry, Props: ps}, nil
}

// Close closes the file.
func (s *Saved) Close() error { return s.f.Close() }

// DemoKey reports whether the file says its IDs were issued with the
// public demonstration key (Registry.DemoKey).
func (s *Saved) DemoKey() bool { return s.r.demo }

// Sealed reports whether the file's stored digest carries the seal of the
// office's key given to OpenSaved. Unlike Registry.Sealed, it does not say
// that the rows still match that digest (see Saved).
func (s *Saved) Sealed() bool { return s.sealed }

// Extent is the bounding box, in WGS84, of every geometry the registry
// indexes, as Registry.Extent.
func (s *Saved) Extent() (orb.Bound, bool) { return s.r.Extent() }

// toSource maps a WGS84 point to the source CRS.
func (s *Saved) toSource(p orb.Point) (orb.Point, error) {
	if s.inv == nil {
		return p, nil
	}
	a, b, err := s.inv.Transform(p[1], p[0])
	if err != nil {
		return orb.Point{}, err
	}
	if s.invLatLon {
		return orb.Point{b, a}, nil
	}
	return orb.Point{a, b}, nil
}

// sourceBox is the box, in the source CRS, that holds b (WGS84) grown by
// radius metres (generously, as reach grows the extent), padded.
func (s *Saved) sourceBox(b orb.Bound, radius geo.Meters) ([4]float64, error) {
	g := b
	if radius > 0 {
		g = reach(b, radius)
	}
	box := [4]float64{}
	first := true
	for _, x := range []float64{g.Min[0], (g.Min[0] + g.Max[0]) / 2, g.Max[0]} {
		for _, y := range []float64{g.Min[1], (g.Min[1] + g.Max[1]) / 2, g.Max[1]} {
			q, err := s.toSource(orb.Point{x, y})
			if err != nil {
				return box, err
			}
			if first {
				box, first = [4]float64{q[0], q[1], q[0], q[1]}, false
				continue
			}
			box = [4]float64{min(box[0], q[0]), min(box[1], q[1]), max(box[2], q[0]), max(box[3], q[1])}
		}
	}
	pad := s.pad + 1e-3*max(box[2]-box[0], box[3]-box[1])
	return [4]float64{box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad}, nil
}

// savedParcel is a parcel read near a point: its position, geometry
// (WGS84) and key.
type savedParcel struct {
	idx   int
	geom  orb.Geometry
	bound orb.Bound
	key   string
}

// parcels reads the parcels whose box meets box, with an index of those
// the registry indexes (a valid geometry) in the order the registry's
// parcel index holds them, so that it finds the same parcel at a point.
func (s *Saved) parcels(ctx context.Context, box [4]float64) ([]savedParcel, *index.PolygonIndex[int32], error) {
	rows, err := s.f.Search(ctx, LayerParcels, box)
	if err != nil {
		return nil, nil, fmt.Errorf("registry: %w", err)
	}
	ps := make([]savedParcel, 0, len(rows))
	for _, row := range rows {
		g, err := s.tr.area(row.Geometry)
		if err != nil {
			continue // not indexed: reported by Build
		}
		key, _ := row.Values[s.parcelKey].(string)
		ps = append(ps, savedParcel{idx: row.Index, geom: g, bound: g.Bound(), key: key})
	}
	keys := make([]uint64, len(ps))
	for k := range ps {
		keys[k] = index.HilbertKey(s.parcelBound, ps[k].bound.Center())
	}
	order := make([]int, len(ps))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(ps[a].idx, ps[b].idx)) })
	ix := &index.PolygonIndex[int32]{}
	for _, k := range order {
		_ = ix.Insert(ps[k].geom, int32(k)) // an invalid parcel is not indexed, as in Build
	}
	return ps, ix, nil
}

// savedHouse is a house read near a point: its row and point.
type savedHouse struct {
	row   gpkg.Row
	point orb.Point
}

// houses reads the houses whose geometry's box meets box and that have a
// point, in source order, each with the geometry Open gives it: its
// footprint, from the layer buildings, when it has one, else the point
// of its row (a planned lot's). A house counts when its footprint meets
// box even if its point does not, as when the footprint was the house's
// one geometry.
//
// The footprints are searched in box grown by the pad: a house's point
// lies inside its footprint (Save writes the representative point, found
// in WGS84, taken back into the source CRS, which moves it by far less
// than the pad), so a house whose point is in box has its footprint
// among them, and a house row without one there has none. The houses of
// the footprints whose point is outside box are then searched in the
// footprints' boxes, grown by the pad, and matched by their building's
// id.
func (s *Saved) houses(ctx context.Context, box [4]float64) ([]savedHouse, error) {
	fprows, err := s.f.Search(ctx, LayerBuildings, grow(box, s.pad))
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	fp := make(map[string]orb.Geometry, len(fprows))
	for _, row := range fprows {
		id, _ := row.Values[0].(string)
		if err := addFootprint(fp, id, row.Geometry); err != nil {
			return nil, fmt.Errorf("%w: layer %s feature %d: %w", ErrSchema, LayerBuildings, row.Index+1, err)
		}
	}
	rows, err := s.f.Search(ctx, LayerHouses, box)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	hs := make([]savedHouse, 0, len(rows))
	seen := make(map[int]bool, len(rows))
	// add keeps a house row (once), with its footprint when fp has it.
	add := func(row gpkg.Row, only bool) error {
		if seen[row.Index] {
			return nil
		}
		id, err := s.houseID(row)
		if err != nil {
			return err
		}
		g, ok := fp[id]
		if !ok && only {
			return nil
		}
		seen[row.Index] = true
		if ok {
			delete(fp, id)
		} else {
			g = row.Geometry
		}
		if _, p, err := s.tr.building(g); err == nil && p != (orb.Point{}) {
			hs = append(hs, savedHouse{row: row, point: p})
		}
		return nil
	}
	for _, row := range rows {
		if err := add(row, false); err != nil {
			return nil, err
		}
	}
	// The footprints left are of houses whose point is not in box, or of
	// houses without a point (their footprint gives none either). Those
	// found only by the pad do not meet box: their houses are not among
	// those of box.
	var near [4]float64
	first := true
	for id, g := range fp {
		b := g.Bound()
		if b.Max[0] < box[0] || b.Min[0] > box[2] || b.Max[1] < box[1] || b.Min[1] > box[3] {
			delete(fp, id)
			continue
		}
		if _, p, err := s.tr.building(g); err != nil || p == (orb.Point{}) {
			delete(fp, id) // no point: not indexed, in no parcel
			continue
		}
		if first {
			near, first = [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}, false
			continue
		}
		near = [4]float64{min(near[0], b.Min[0]), min(near[1], b.Min[1]), max(near[2], b.Max[0]), max(near[3], b.Max[1])}
	}
	if len(fp) == 0 {
		return hs, nil
	}
	more, err := s.f.Search(ctx, LayerHouses, grow(near, s.pad))
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	for _, row := range more {
		if err := add(row, true); err != nil {
			return nil, err
		}
	}
	for id := range fp {
		// Not a file Save wrote: a footprint whose house point is not
		// inside it. Open reads such a file whole.
		return nil, fmt.Errorf("%w: layer %s: the footprint of building %q has no house of layer %s near it", ErrSchema, LayerBuildings, id, LayerHouses)
	}
	slices.SortFunc(hs, func(a, b savedHouse) int { return cmp.Compare(a.row.Index, b.row.Index) })
	return hs, nil
}

// houseID is the id of the building of a house row, its attribute id as
// Open reads it (Props.String): from its typed column when it has a value
// there, which is then the attribute's (a typed column's attributes come
// first), else from the row's attributes read whole.
func (s *Saved) houseID(row gpkg.Row) (string, error) {
	if s.houseIDCol >= 0 {
		switch v := row.Values[s.houseIDCol].(type) {
		case string:
			if s.houseIDType == gpkg.Text {
				return v, nil
			}
		case int64:
			return strconv.FormatInt(v, 10), nil
		}
	}
	f, err := savedFeature("", LayerHouses, row, s.houseCol[propertiesColumn], s.houseTyped)
	if err != nil {
		return "", err
	}
	return f.Props.String("id"), nil
}

// grow is box grown by pad on every side.
func grow(box [4]float64, pad float64) [4]float64 {
	return [4]float64{box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad}
}

// At reverse-geocodes a WGS84 point (lon, lat) as Registry.At does, and
// answers what Registry.Answer answers of its Place, from the rows near
// the point: the parcel holding it and the houses of that parcel, or the
// houses within Options.HouseRadius. Errors are Registry.At's (a
// *PointError for an invalid point or one outside the extent), or a
// row that cannot be read (wrapping gpkg.ErrCorrupt or ErrSchema).
func (s *Saved) At(ctx context.Context, p orb.Point) (Answer, error) {
	var a Answer
	r := s.r
	if err := geo.CheckPoint(p); err != nil {
		return a, r.pointError(p, err)
	}
	if !r.reach.Contains(p) {
		return a, r.pointError(p, ErrOutside)
	}
	var hit *savedHouse
	box, err := s.sourceBox(orb.Bound{Min: p, Max: p}, 0)
	if err != nil {
		return a, fmt.Errorf("registry: point (lon %g, lat %g): %w", p[0], p[1], err)
	}
	ps, ix, err := s.parcels(ctx, box)
	if err != nil {
		return a, err
	}
	if k, ok := ix.Containing(p); ok {
		in := ps[k]
		a.HasParcel, a.Parcel = true, in.key
		// The houses of the parcel: those whose point the parcel holds,
		// and no parcel before it in the index.
		box, err := s.sourceBox(in.bound, 0)
		if err != nil {
			return a, fmt.Errorf("registry: parcel %d: %w", in.idx, err)
		}
		around, aix, err := s.parcels(ctx, box)
		if err != nil {
			return a, err
		}
		hs, err := s.houses(ctx, box)
		if err != nil {
			return a, err
		}
		plane := geo.NewPlane(p)
		for i := range hs {
			j, ok := aix.Containing(hs[i].point)
			if !ok || around[j].idx != in.idx {
				continue
			}
			// The nearest on the point's plane, the first of equals.
			if d := plane.Distance(hs[i].point); hit == nil || d < a.HouseDistance {
				hit, a.HouseDistance = &hs[i], d
			}
		}
	}
	if hit == nil {
		box, err := s.sourceBox(orb.Bound{Min: p, Max: p}, r.opts.HouseRadius)
		if err != nil {
			return a, fmt.Errorf("registry: point (lon %g, lat %g): %w", p[0], p[1], err)
		}
		hs, err := s.houses(ctx, box)
		if err != nil {
			return a, err
		}
		var pix index.PointIndex[int32]
		for i := range hs {
			if pix.Insert(hs[i].point, int32(i)) != nil {
				continue
			}
		}
		if m, ok := pix.Nearest(p, r.opts.HouseRadius); ok {
			hit, a.HouseDistance = &hs[m.Value], m.Distance
		}
	}
	if hit != nil {
		if a.House, err = s.houseAnswer(hit); err != nil {
			return Answer{}, err
		}
		a.HasHouse = true
	}
	if ref, loc, ok := r.streetAt(p); ok {
		st := r.street(ref)
		a.HasStreet, a.StreetID, a.StreetName, a.Location = true, st.ID, st.Name, loc
	}
	a.Commune, a.Legacy, a.Postcode = r.unitsAt(p, a.HasHouse, a.House.Commune, a.House.Legacy)
	return a, nil
}

// houseAnswer reads out a house from its saved row: the columns Save
// wrote of it (its ID, number, street, address, parcel, communes and
// postcode) and its building's id.
func (s *Saved) houseAnswer(h *savedHouse) (HouseAnswer, error) {
	col := s.houseCol
	text := func(name string) string {
		t, _ := h.row.Values[col[name]].(string)
		return t
	}
	bad := func(name string, err error) error {
		return fmt.Errorf("%w: %s: house %d: stored %s %q: %w", ErrSchema, LayerHouses, h.row.Index, name, text(name), err)
	}
	f, err := savedFeature("", LayerHouses, h.row, col[propertiesColumn], s.houseTyped)
	if err != nil {
		return HouseAnswer{}, err
	}
	l := layerSchema(LayerBuildings)
	slots := make([]any, len(l.attrs))
	fields(l, f.Props, slots, nil)
	a := HouseAnswer{Source: textOf(slots[buID]), Point: h.point}
	a.PlusCode, _ = olc.Encode(h.point[1], h.point[0], 11)
	if t := text("address_id"); t != "" {
		if a.ID, err = address.ParseID(t); err != nil {
			return a, bad("address_id", err)
		}
	}
	if _, numbered := h.row.Values[col["street_id"]].(string); numbered {
		if a.Number, err = address.ParseHouseNumber(text("number")); err != nil {
			return a, bad("number", err)
		}
		a.Numbered, a.Street, a.Address = true, text("street"), text("address")
	}
	a.Parcel = text("parcel_key")
	if t := text("parcel_id"); t != "" {
		if a.ParcelID, err = address.ParseParcelID(t); err != nil {
			return a, bad("parcel_id", err)
		}
	}
	for _, c := range []struct {
		name, version string
		dst           *admin.Code
	}{{"commune_code", "2025", &a.Commune}, {"legacy_commune_code", "legacy", &a.Legacy}} {
		if t := text(c.name); t != "" {
			if err := c.dst.UnmarshalText([]byte(c.version + ":commune:" + t)); err != nil {
				return a, bad(c.name, err)
			}
		}
	}
	if t := text("postcode"); t != "" {
		if a.Postcode, err = postal.Parse(t); err != nil {
			return a, bad("postcode", err)
		}
	}
	return a, nil
}

// Verified is what Verify found of a saved registry.
type Verified struct {
	Schema int // its registry schema version
	// Sealed: the office's key given verified the seal; DemoKey: the file
	// says its IDs were issued with the public demo key.
	Sealed, DemoKey bool
}

// Verify checks a saved registry as Open does, without building it:
// every row against the file's digest and, given the key (opts.IDKey or
// DemoKey), the seal (gpkg.ErrTampered when it does not verify); damage
// wraps gpkg.ErrCorrupt, a file that is not a saved registry of a schema
// this version reads ErrSchema. It keeps no row, so a file of any size is
// checked in little memory: the check a file read in part (OpenSaved)
// does not make.
func Verify(ctx context.Context, path string, opts Options) (Verified, error) {
	var key []byte
	if opts.DemoKey || len(opts.IDKey) > 0 {
		var err error
		if key, err = opts.key(); err != nil {
			return Verified{}, err
		}
	}
	kv, err := gpkg.Verify(ctx, path, key)
	if err != nil {
		return Verified{}, fmt.Errorf("registry: %w", err)
	}
	meta := map[string]string{}
	for _, m := range kv {
		meta[m[0]] = m[1]
	}
	v, err := strconv.Atoi(meta["registry_schema"])
	switch {
	case err != nil || v < 1:
		return Verified{}, fmt.Errorf("%w: %s has no registry schema version (%q): not a saved registry", ErrSchema, path, meta["registry_schema"])
	case v > SchemaVersion:
		return Verified{}, fmt.Errorf("%w: %s has registry schema %d, this version reads up to %d", ErrSchema, path, v, SchemaVersion)
	}
	_, _, demo, err := savedOptions(path, meta, opts)
	if err != nil {
		return Verified{}, err
	}
	return Verified{Schema: v, Sealed: key != nil && !demo, DemoKey: demo}, nil
}
