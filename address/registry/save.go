package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/decimal"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// SchemaVersion is the version of the saved registry's layout. Open reads
// files of this version and migrates older ones (see the package doc).
//
// Version 2 adds the ledger: the houses' issue dates (column issued) and
// the tables history and retired. Version 3 saves the buildings as two
// layers of one geometry type each: houses (points) and buildings (their
// footprints, houses_split.go). Version 4 adds the metadata extent and
// parcel_bound, which a saved registry read in part needs (schema_v4.go).
const SchemaVersion = 4

// migrations[v] upgrades the layers of a file of schema version v to
// version v+1.
var migrations = map[int]func(layers []gpkg.Layer, meta map[string]string) ([]gpkg.Layer, error){
	1: func(layers []gpkg.Layer, meta map[string]string) ([]gpkg.Layer, error) {
		return layers, migrateV1(layers, meta)
	},
	2: migrateV2,
	3: func(layers []gpkg.Layer, meta map[string]string) ([]gpkg.Layer, error) {
		return layers, migrateV3(layers, meta)
	},
}

// srsFor is the gpkg_spatial_ref_sys row of a CRS: its EPSG code and an
// OGC WKT (VN-2000 with its datum shift to WGS84, so readers that do not
// know the code still place the data).
func srsFor(c crs.Code) (gpkg.SRS, error) {
	info, err := crs.Lookup(c)
	if err != nil {
		return gpkg.SRS{}, err
	}
	if c == crs.WGS84 {
		return gpkg.WGS84(), nil
	}
	geog := `GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563],` +
		`TOWGS84[-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278]],` +
		`PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4756"]]`
	def := geog
	if info.Kind() == crs.Projected {
		def = fmt.Sprintf(`PROJCS[%q,%s,PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],`+
			`PARAMETER["central_meridian",%s],PARAMETER["scale_factor",%s],PARAMETER["false_easting",500000],`+
			`PARAMETER["false_northing",0],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","%d"]]`,
			info.Name(), geog, strconv.FormatFloat(info.CentralMeridian(), 'f', -1, 64),
			strconv.FormatFloat(info.ScaleFactor(), 'f', -1, 64), int(c))
	}
	return gpkg.SRS{ID: int(c), Name: info.Name(), Org: "EPSG", OrgID: int(c), Definition: def}, nil
}

func propsJSON(ps Props) (string, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for k, p := range ps {
		if k > 0 {
			buf.WriteByte(',')
		}
		key, _ := json.Marshal(p.Key)
		buf.Write(key)
		buf.WriteByte(':')
		v, err := json.Marshal(p.Value)
		if err != nil {
			return "", fmt.Errorf("attribute %q: %v", p.Key, err)
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.String(), nil
}

func geomType(fs []Feature) string {
	t := ""
	for _, f := range fs {
		if f.Geometry == nil {
			continue
		}
		n := strings.ToUpper(f.Geometry.GeoJSONType())
		if t != "" && t != n {
			return "GEOMETRY"
		}
		t = n
	}
	if t == "" {
		return "GEOMETRY"
	}
	return t
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// column is a column Save writes: its entry in the schema and its value
// for the record at position i of its layer (nil for NULL).
type column struct {
	Attribute
	value func(s *saving, i int) any
}

// saving is the state of one Save (or WriteGeoJSON).
type saving struct {
	r *Registry
	// reasons are the reason codes of each building's findings.
	reasons map[int][]string
}

// propertiesColumn ends every saved layer: the source attributes.
const propertiesColumn = "properties"

// savedColumns are the columns Save writes before the source attributes,
// layer by layer: this table is the saved layout (SchemaVersion), and the
// schema lists it (Schema).
var savedColumns = []column{
	{Attribute{Layer: LayerParcels, Name: "parcel_id", Kind: KindParcelID, Meaning: "the parcel GeoHash ID, stored or computed"}, func(s *saving, i int) any {
		return textOrNull(s.r.parcels[i].ID)
	}},
	{Attribute{Layer: LayerParcels, Name: "parcel_key", Kind: KindText, Meaning: "the cadastral key: commune/sheet/number"}, func(s *saving, i int) any {
		return nullable(s.r.parcels[i].Key.String())
	}},
	{Attribute{Layer: LayerParcels, Name: "commune_code", Kind: KindCommuneCode, Meaning: "the 2025 commune holding the parcel"}, func(s *saving, i int) any {
		return textOrNull(s.r.parcels[i].Commune)
	}},
	{Attribute{Layer: LayerStreets, Name: "street_id", Kind: KindStreetID, Meaning: "the street's id"}, func(s *saving, i int) any {
		return s.r.streets[i].ID
	}},
	{Attribute{Layer: LayerStreets, Name: "name", Kind: KindText, Meaning: "its name"}, func(s *saving, i int) any {
		return nullable(s.r.streets[i].Name)
	}},
	{Attribute{Layer: LayerStreets, Name: "alley_number", Kind: KindHouseNumber, Meaning: "an alley's number, given or assigned"}, func(s *saving, i int) any {
		return textOrNull(s.r.streets[i].Number)
	}},
	{Attribute{Layer: LayerStreets, Name: "main_street", Kind: KindText, Meaning: "the named street its alley chain opens on"}, func(s *saving, i int) any {
		return s.r.street(s.r.streets[i].main).Name
	}},
	{Attribute{Layer: LayerStreets, Name: "numbered_towards", Kind: KindText, Meaning: "its numbering direction, degrees from north"}, func(s *saving, i int) any {
		if st := &s.r.streets[i]; st.Line != nil {
			return fmt.Sprintf("%.0f°", st.Info.Heading)
		}
		return nil
	}},
	{Attribute{Layer: LayerHouses, Name: "address_id", Kind: KindAddressID, Meaning: "the address ID, kept or issued"}, func(s *saving, i int) any {
		return textOrNull(s.r.house(i).ID)
	}},
	{Attribute{Layer: LayerHouses, Name: "number", Kind: KindHouseNumber, Meaning: "the house number, alley chain included"}, func(s *saving, i int) any {
		return s.numbered(i, func(h *House, _ *Street) any { return h.Number.String() })
	}},
	{Attribute{Layer: LayerHouses, Name: "status", Kind: KindText, Meaning: "how it got its number: fresh, kept, infill…"}, func(s *saving, i int) any {
		return s.numbered(i, func(h *House, _ *Street) any { return h.Status.String() })
	}},
	{Attribute{Layer: LayerHouses, Name: "street_id", Kind: KindStreetID, Meaning: "the street or alley it is numbered on"}, func(s *saving, i int) any {
		return s.numbered(i, func(_ *House, st *Street) any { return st.ID })
	}},
	{Attribute{Layer: LayerHouses, Name: "street", Kind: KindText, Meaning: "the named street of its address"}, func(s *saving, i int) any {
		return s.numbered(i, func(_ *House, st *Street) any { return s.r.street(st.main).Name })
	}},
	{Attribute{Layer: LayerHouses, Name: "side", Kind: KindText, Meaning: "left (odd) or right (even) in the numbering direction"}, func(s *saving, i int) any {
		return s.numbered(i, func(h *House, _ *Street) any { return h.Side.String() })
	}},
	{Attribute{Layer: LayerHouses, Name: "along", Kind: KindNumber, Meaning: "metres along the street to its door"}, func(s *saving, i int) any {
		return s.numbered(i, func(h *House, _ *Street) any { return float64(h.Along) })
	}},
	{Attribute{Layer: LayerHouses, Name: "parcel_key", Kind: KindText, Meaning: "the key of the parcel it lies in"}, func(s *saving, i int) any {
		if p, ok := s.r.Parcel(s.r.house(i).parcel); ok {
			return nullable(p.Key.String())
		}
		return nil
	}},
	{Attribute{Layer: LayerHouses, Name: "parcel_id", Kind: KindParcelID, Meaning: "the ID of the parcel it lies in"}, func(s *saving, i int) any {
		if p, ok := s.r.Parcel(s.r.house(i).parcel); ok {
			return textOrNull(p.ID)
		}
		return nil
	}},
	{Attribute{Layer: LayerHouses, Name: "commune_code", Kind: KindCommuneCode, Meaning: "the 2025 commune it lies in"}, func(s *saving, i int) any {
		return textOrNull(s.r.house(i).Commune)
	}},
	{Attribute{Layer: LayerHouses, Name: "legacy_commune_code", Kind: KindCommuneCode, Meaning: "the legacy commune it lies in, when known"}, func(s *saving, i int) any {
		return textOrNull(s.r.house(i).Legacy)
	}},
	{Attribute{Layer: LayerHouses, Name: "postcode", Kind: KindPostcode, Meaning: "its postcode"}, func(s *saving, i int) any {
		return textOrNull(s.r.house(i).Postcode)
	}},
	{Attribute{Layer: LayerHouses, Name: "plus_code", Kind: KindText, Meaning: "the Plus Code of its point"}, func(s *saving, i int) any {
		if h := s.r.house(i); h.Point != (orb.Point{}) {
			return s.r.PlusCode(*h).String()
		}
		return nil
	}},
	{Attribute{Layer: LayerHouses, Name: "address", Kind: KindText, Meaning: "its full address in the 2025 units"}, func(s *saving, i int) any {
		return s.numbered(i, func(h *House, _ *Street) any { return address.Format(s.r.Address(*h), address.Official) })
	}},
	{Attribute{Layer: LayerHouses, Name: "findings", Kind: KindText, Meaning: "the reasons of its findings, comma-separated"}, func(s *saving, i int) any {
		if rs := s.reasons[i]; len(rs) > 0 {
			return strings.Join(rs, ",")
		}
		return nil
	}},
	{Attribute{Layer: LayerHouses, Name: "issued", Kind: KindText, Meaning: "the day its number and address ID were issued (YYYY-MM-DD)"}, func(s *saving, i int) any {
		return nullable(day(s.r.house(i).Issued))
	}},
}

func init() {
	// Every saved layer ends with the source attributes.
	for _, l := range layerNames {
		savedColumns = append(savedColumns, column{Attribute{Layer: l, Name: propertiesColumn, Kind: KindJSON,
			Meaning: "the source attributes that have no typed column of their own, in their order"}, nil})
	}
	savedColumns = append(savedColumns, footprintColumns...)
	savedColumns = append(savedColumns, ledgerColumns...)
	for i := range savedColumns {
		savedColumns[i].Saved = true
	}
}

// numbered is fn of house i and its street, or nil when it is not
// numbered.
func (s *saving) numbered(i int, fn func(h *House, st *Street) any) any {
	h := s.r.house(i)
	if st, ok := h.Street(); ok {
		return fn(h, s.r.street(st))
	}
	return nil
}

// textOrNull is a code's text, or nil for the zero code.
func textOrNull[C interface {
	IsValid() bool
	String() string
}](c C) any {
	if c.IsValid() {
		return c.String()
	}
	return nil
}

// layers returns the registry as GeoPackage layers in the source CRS, as
// savedColumns lays them out, with the source attributes that fit one
// type as typed columns (typed; source_columns.go) or all in the JSON.
// typedCols are the typed columns of each layer.
func (r *Registry) layers(typed bool) (out []gpkg.Layer, typedCols map[string][]srcColumn, err error) {
	s := &saving{r: r, reasons: make(map[int][]string)}
	for _, f := range r.allFindings() {
		if f.Layer == LayerBuildings {
			s.reasons[f.Index] = append(s.reasons[f.Index], string(f.Reason))
		}
	}
	typedCols = map[string][]srcColumn{}
	full := r.source()
	for _, name := range layerNames {
		fs, _ := full.Layer(name)
		features := *fs
		var cols []column
		for _, c := range savedColumns {
			if c.Layer == name && c.value != nil {
				cols = append(cols, c)
			}
		}
		l := gpkg.Layer{Name: name, SRSID: int(r.sourceCRS), GeomType: geomType(features)}
		for _, c := range cols {
			typ := gpkg.Text
			if c.Kind == KindNumber {
				typ = gpkg.Real
			}
			l.Fields = append(l.Fields, gpkg.Field{Name: c.Name, Type: typ})
		}
		var src []srcColumn
		if typed {
			src = sourceColumns(name, features)
			typedCols[name] = src
		}
		index := map[string]int{}
		for k, c := range src {
			index[c.key] = k
			l.Fields = append(l.Fields, gpkg.Field{Name: c.key, Type: c.typ})
		}
		l.Fields = append(l.Fields, gpkg.Field{Name: propertiesColumn, Type: gpkg.Text})
		// Rows are made as they are written, not all held at once.
		l.Count = len(features)
		l.Row = func(i int) (gpkg.Feature, error) {
			f := features[i]
			vals := make([]any, len(cols)+len(src)+1)
			for k, c := range cols {
				vals[k] = c.value(s, i)
			}
			rest := splitProps(src, index, f.Props, vals[len(cols):len(cols)+len(src)])
			js, err := propsJSON(rest)
			if err != nil {
				return gpkg.Feature{}, fmt.Errorf("%s #%d: %v", name, i, err)
			}
			vals[len(vals)-1] = js
			return gpkg.Feature{Geometry: f.Geometry, Values: vals}, nil
		}
		out = append(out, l)
	}
	return append(out, r.ledgerLayers()...), typedCols, nil
}

// Save writes the registry to a GeoPackage: layers parcels, streets,
// houses (a point per building, with its number, IDs, links and
// findings), buildings (their footprints, each naming its building in the
// column building), entrances, communes and postal_zones, each of one
// geometry type where the data allows, in the source CRS with every
// source attribute: in a column of its own (INTEGER, REAL or TEXT) when
// its values fit one type exactly, the rest in the column "properties",
// as JSON, in order (source_columns.go), and a default style for QGIS
// of houses, buildings, parcels and streets (styles.go). The
// file is written atomically and carries a content digest sealed with the
// registry's key (Options.IDKey, or the demo key, which the file's
// metadata id_key names); Open reads it back. A registry opened without a
// key cannot be saved (address.ErrKey): its file could not be sealed.
func (r *Registry) Save(ctx context.Context, path string) error {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return err
		}
		return w.Save(ctx, path)
	}
	key, err := r.opts.key()
	if err != nil {
		return fmt.Errorf("registry: save: %w", err)
	}
	srs, layers, meta, err := r.saveParts()
	if err != nil {
		return fmt.Errorf("registry: save: %w", err)
	}
	var snap [][]byte
	if !r.noSnapshot {
		if snap, err = r.snapshot(); err != nil {
			return fmt.Errorf("registry: save: %w", err)
		}
		meta = append(meta, [2]string{metaSnapshot, snapshotVersion})
	}
	return gpkg.WriteSealedSnapshot(ctx, path, srs, layers, meta, key, snap)
}

// saveParts are what Save writes, whatever the store: the CRS definition
// the layers need, the layers, and the metadata.
func (r *Registry) saveParts() ([]gpkg.SRS, []gpkg.Layer, [][2]string, error) {
	layers, typed, err := r.layers(true)
	if err == nil {
		layers, err = r.splitHouses(layers)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	styles := layerStyles()
	for i := range layers {
		layers[i].Style = styles[layers[i].Name]
	}
	var srs []gpkg.SRS
	if r.sourceCRS != crs.WGS84 {
		s, err := srsFor(r.sourceCRS)
		if err != nil {
			return nil, nil, nil, err
		}
		srs = append(srs, s)
	}
	o := r.opts
	meta := [][2]string{
		{"registry_schema", strconv.Itoa(SchemaVersion)},
		{"crs", strconv.Itoa(int(r.sourceCRS))},
		{"next_counter", strconv.FormatUint(r.nextCounter, 10)},
		{"infill", strconv.Itoa(int(o.Numbering.Infill))},
		{"spacing", strconv.FormatFloat(float64(o.Numbering.Spacing), 'g', -1, 64)},
		{"max_distance", strconv.FormatFloat(float64(o.Numbering.MaxDistance), 'g', -1, 64)},
		{"max_gap", strconv.Itoa(o.Audit.MaxGap)},
		{"partitions", strconv.Itoa(o.Partitions)},
		{"partition", strconv.Itoa(o.Partition)},
		{"parcel_zone", strconv.Itoa(int(o.ParcelZone))},
		{"id_key", keyKind(r.demo)},
		{metaSourceColumns, encodeSourceColumns(typed)},
	}
	meta = append(meta, r.queryMeta()...)
	return srs, layers, meta, nil
}

// keyKind is the metadata id_key: which kind of key issued the IDs and
// sealed the file.
func keyKind(demo bool) string {
	if demo {
		return "demo"
	}
	return "office"
}

// Open reads a registry saved by Save and rebuilds it: the source layers
// come back exactly as saved, with its ledger (the numbers, address IDs
// and issue days of its houses, its retired houses and history) and the
// stored parcel IDs kept (never reissued or recomputed) and the numbering
// options of the saved build, so the registry is the one saved. opts gives the rest
// (radii, workers, progress) and the key: given opts.IDKey (or DemoKey),
// a file whose seal does not verify with it, or that has none, is refused
// (wrapping gpkg's ErrTampered) and Registry.Sealed reports true for an
// office key; given none, only the file's digest is checked, which
// detects accidental damage but not a deliberate change. A file cut
// short or damaged is refused (wrapping gpkg's ErrCorrupt); one of a
// newer schema gives ErrSchema.
//
// A file saved with a snapshot (every file Save writes) is opened from
// it without being built again (snapshot.go): what Open reads is checked
// against the file's seal part by part, and the rows of the source layers,
// which it does not read, are checked when a change, Save or Source first
// reads them, or by Verify.
func Open(ctx context.Context, path string, opts Options) (*Registry, error) {
	var (
		key []byte
		err error
	)
	if opts.DemoKey || len(opts.IDKey) > 0 {
		if key, err = opts.key(); err != nil {
			return nil, err
		}
	}
	r, err := openSnapshot(ctx, path, key, opts)
	if !errors.Is(err, errNoSnapshot) {
		return r, err
	}
	return openWhole(ctx, path, key, opts)
}

// OpenWhole is Open without the snapshot: it reads every row of the file,
// checks each against the digest (and, given the key, the seal) and builds
// the registry again, as Open did before files kept a snapshot; about a
// minute at a million houses. It is for a caller that needs the source
// layers at once (a map of their geometry, a change to come), or every
// row checked before the first answer. opts as for Open.
func OpenWhole(ctx context.Context, path string, opts Options) (*Registry, error) {
	var key []byte
	if opts.DemoKey || len(opts.IDKey) > 0 {
		var err error
		if key, err = opts.key(); err != nil {
			return nil, err
		}
	}
	return openWhole(ctx, path, key, opts)
}

// openWhole is Open reading every layer and building the registry again.
func openWhole(ctx context.Context, path string, key []byte, opts Options) (*Registry, error) {
	var (
		metaKV [][2]string
		layers []gpkg.Layer
		err    error
	)
	if key != nil {
		layers, _, metaKV, err = gpkg.ReadSealed(ctx, path, key)
	} else {
		layers, _, metaKV, err = gpkg.ReadMeta(ctx, path)
	}
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	return openLayers(ctx, path, layers, metaKV, key, opts)
}

// openLayers is Open once the layers and metadata are read and checked,
// from a file or another store; path names where they came from in
// errors, key is the key they were checked with (nil: none).
func openLayers(ctx context.Context, path string, layers []gpkg.Layer, metaKV [][2]string, key []byte, opts Options) (*Registry, error) {
	meta := map[string]string{}
	for _, kv := range metaKV {
		meta[kv[0]] = kv[1]
	}
	v, err := strconv.Atoi(meta["registry_schema"])
	if err != nil || v < 1 {
		return nil, fmt.Errorf("%w: %s has no registry schema version (%q): not a saved registry", ErrSchema, path, meta["registry_schema"])
	}
	if v > SchemaVersion {
		return nil, fmt.Errorf("%w: %s has registry schema %d, this version reads up to %d", ErrSchema, path, v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		if layers, err = migrations[v](layers, meta); err != nil {
			return nil, fmt.Errorf("%w: migrating %s from schema %d: %w", ErrSchema, path, v, err)
		}
	}
	code, opts, demo, err := savedOptions(path, meta, opts)
	if err != nil {
		return nil, err
	}
	src := &Source{CRS: code}
	srcCols, err := decodeSourceColumns(meta[metaSourceColumns])
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
	}
	saved := &saved{}
	ledger := newLedger()
	var footprints map[string]orb.Geometry
	for _, l := range layers {
		if l.Name == LayerBuildings {
			if l.SRSID != int(src.CRS) {
				return nil, fmt.Errorf("%w: %s: layer %s is in EPSG:%d, the registry's CRS is EPSG:%d", ErrSchema, path, l.Name, l.SRSID, src.CRS)
			}
			if footprints, err = footprintsOf(&l); err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
			}
		}
	}
	if footprints == nil {
		return nil, fmt.Errorf("%w: %s: no layer %s", ErrSchema, path, LayerBuildings)
	}
	for _, l := range layers {
		switch l.Name {
		case LayerBuildings:
			continue // joined to the houses
		case LayerHistory:
			if err := readHistory(path, &l, ledger); err != nil {
				return nil, err
			}
			continue
		case LayerRetired:
			continue // after the history it refers to
		}
		if l.SRSID != int(src.CRS) {
			// Each layer is saved in the registry's CRS: another one
			// (possible only in a file opened without the key) would
			// read every coordinate in the wrong system.
			return nil, fmt.Errorf("%w: %s: layer %s is in EPSG:%d, the registry's CRS is EPSG:%d", ErrSchema, path, l.Name, l.SRSID, src.CRS)
		}
		dst, err := src.Layer(l.Name)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
		}
		col := map[string]int{}
		for k, f := range l.Fields {
			col[f.Name] = k
		}
		pk, ok := col["properties"]
		if !ok {
			return nil, fmt.Errorf("%w: %s: layer %s has no properties column", ErrSchema, path, l.Name)
		}
		typed, err := typedFields(&l, col, srcCols[l.Name])
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
		}
		n := len(l.Features)
		fs := make([]Feature, n)
		var issued []Issued
		var pids []address.ParcelID
		switch l.Name {
		case LayerHouses:
			issued = make([]Issued, n)
		case LayerParcels:
			pids = make([]address.ParcelID, n)
		}
		// Each feature's attributes and IDs are read on every core; the
		// first failing feature (in order) is reported.
		errs := make([]error, n)
		readFeature := func(i int) {
			f := l.Features[i]
			s, _ := f.Values[pk].(string)
			ps, err := orderedProps(json.RawMessage(s))
			if err == nil {
				ps, err = typed.props(f.Values, ps)
			}
			if err != nil {
				errs[i] = fmt.Errorf("%w: %s: layer %s feature %d: properties: %w", ErrSchema, path, l.Name, i, err)
				return
			}
			fs[i] = Feature{Geometry: f.Geometry, Props: ps}
			switch l.Name {
			case LayerHouses:
				if issued[i], err = readIssued(f.Values, col); err != nil {
					errs[i] = fmt.Errorf("%w: %s: house %d: %w", ErrSchema, path, i, err)
				}
			case LayerParcels:
				if s, ok := f.Values[col["parcel_id"]].(string); ok {
					if pids[i], err = address.ParseParcelID(s); err != nil {
						errs[i] = fmt.Errorf("%w: %s: parcel %d: stored parcel_id %q: %w", ErrSchema, path, i, s, err)
					}
				}
			}
		}
		parallel(n, 1024, opts.Workers, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				readFeature(i)
			}
		})
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
		switch l.Name {
		case LayerHouses:
			joinFootprints(fs, footprints)
			if err := orphanError(footprints); err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
			}
			for i := range fs {
				if e := issued[i]; e.Number.IsValid() || e.ID.IsValid() {
					ledger.houses[fs[i].Props.String("id")] = e
				}
			}
		case LayerParcels:
			saved.parcelIDs = pids
		case LayerStreets:
			if k, ok := col["alley_number"]; ok {
				for i, f := range l.Features {
					s, _ := f.Values[k].(string)
					if s == "" || fs[i].Props.String("parent") == "" {
						continue
					}
					num, err := address.ParseHouseNumber(s)
					if err != nil {
						return nil, fmt.Errorf("%w: %s: street %d: stored alley_number %q: %w", ErrSchema, path, i, s, err)
					}
					ledger.alleys[fs[i].Props.String("id")] = num
				}
			}
		}
		*dst = fs
	}
	for _, l := range layers {
		if l.Name == LayerRetired {
			if err := readRetired(path, &l, ledger); err != nil {
				return nil, err
			}
		}
	}
	if saved.next, err = strconv.ParseUint(meta["next_counter"], 10, 64); err != nil {
		return nil, fmt.Errorf("%w: %s: metadata next_counter = %q", ErrSchema, path, meta["next_counter"])
	}
	ledger.next = saved.next
	src.Ledger = ledger
	r, err := build(ctx, src, opts, saved, buildPlan{today: opts.today()})
	if err != nil {
		return nil, err
	}
	r.demo = demo
	r.sealed = key != nil && !demo
	return r, nil
}

// savedOptions reads the metadata of a saved registry: its CRS, the
// numbering options of the saved build (into opts, which gives the rest)
// and whether its IDs were issued with the demo key.
func savedOptions(path string, meta map[string]string, opts Options) (crs.Code, Options, bool, error) {
	demo := meta["id_key"] == "demo"
	if !demo && meta["id_key"] != "office" {
		return 0, opts, false, fmt.Errorf("%w: %s: metadata id_key = %q, want demo or office", ErrSchema, path, meta["id_key"])
	}
	// Whole numbers where the option is one, finite decimals elsewhere
	// (internal/decimal): "9210.7", "NaN" or "1e300" partitions are
	// refused, never truncated or taken.
	whole := func(k string, lo, hi int64) (int64, error) {
		v, err := decimal.Int(meta[k], 64)
		if err == nil && (v < lo || v > hi) {
			err = fmt.Errorf("outside %d-%d", lo, hi)
		}
		if err != nil {
			return 0, fmt.Errorf("%w: %s: metadata %s = %q: %v", ErrSchema, path, k, meta[k], err)
		}
		return v, nil
	}
	metres := func(k string) (float64, error) {
		v, err := decimal.Float(meta[k])
		if err == nil && v < 0 {
			err = errors.New("negative")
		}
		if err != nil {
			return 0, fmt.Errorf("%w: %s: metadata %s = %q: %v", ErrSchema, path, k, meta[k], err)
		}
		return v, nil
	}
	var (
		ints [6]int64
		err  error
	)
	for i, k := range []struct {
		name   string
		lo, hi int64
	}{{"crs", 0, 99999}, {"infill", 0, 255}, {"max_gap", 0, math.MaxInt32},
		{"partitions", 0, address.IDPayloads}, {"partition", 0, address.IDPayloads}, {"parcel_zone", 0, 99999}} {
		if ints[i], err = whole(k.name, k.lo, k.hi); err != nil {
			return 0, opts, false, err
		}
	}
	var floats [2]float64
	for i, k := range []string{"spacing", "max_distance"} {
		if floats[i], err = metres(k); err != nil {
			return 0, opts, false, err
		}
	}
	opts.Numbering = numbering.Options{Infill: numbering.InfillStyle(ints[1]), Spacing: geo.Meters(floats[0]), MaxDistance: geo.Meters(floats[1])}
	opts.Audit.MaxGap = int(ints[2])
	opts.Partitions, opts.Partition, opts.ParcelZone = int(ints[3]), int(ints[4]), crs.Code(ints[5])
	return crs.Code(ints[0]), opts, demo, nil
}

// saved is what a saved registry stores beyond its source and ledger:
// the parcel IDs, kept on reopening.
type saved struct {
	parcelIDs []address.ParcelID
	next      uint64
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) str(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}
