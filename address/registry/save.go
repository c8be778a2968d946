package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// SchemaVersion is the version of the saved registry's layout. Open reads
// files of this version and migrates older ones (see the package doc).
const SchemaVersion = 1

// migrations[v] upgrades the layers of a file of schema version v to
// version v+1. Version 1 is the first: there is nothing to migrate yet.
var migrations = map[int]func(layers []gpkg.Layer, meta map[string]string) error{}

// srsFor is the gpkg_spatial_ref_sys row of a CRS: its EPSG code and an
// OGC WKT (VN-2000 with its datum shift to WGS84, so readers that do not
// know the code still place the data).
func srsFor(c crs.Code) (gpkg.SRS, error) {
	info, err := crs.Lookup(c)
	if err != nil {
		return gpkg.SRS{}, err
	}
	if c == crs.WGS84 {
		return gpkg.WGS84, nil
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

// layers returns the registry as GeoPackage layers in the source CRS.
func (r *Registry) layers() ([]gpkg.Layer, error) {
	srsID := int(r.sourceCRS)
	reasons := make(map[int][]string)
	for _, f := range r.findings {
		if f.Layer == LayerBuildings {
			reasons[f.Index] = append(reasons[f.Index], string(f.Reason))
		}
	}
	simple := func(name string, fs []Feature, fields []gpkg.Field, extra func(i int) []any) (gpkg.Layer, error) {
		l := gpkg.Layer{Name: name, SRSID: srsID, GeomType: geomType(fs), Fields: append(fields, gpkg.Field{Name: "properties", Type: gpkg.Text})}
		// Rows are made as they are written, not all held at once.
		l.Count = len(fs)
		l.Row = func(i int) (gpkg.Feature, error) {
			f := fs[i]
			js, err := propsJSON(f.Props)
			if err != nil {
				return gpkg.Feature{}, fmt.Errorf("%s #%d: %v", name, i, err)
			}
			var vals []any
			if extra != nil {
				vals = extra(i)
			}
			return gpkg.Feature{Geometry: f.Geometry, Values: append(vals, js)}, nil
		}
		return l, nil
	}
	text := func(s string) gpkg.Field { return gpkg.Field{Name: s, Type: gpkg.Text} }
	parcels, err := simple(LayerParcels, r.src.Parcels, []gpkg.Field{text("parcel_id"), text("parcel_key"), text("commune_code")}, func(i int) []any {
		p := r.parcels[i]
		var id, commune any
		if p.ID.IsValid() {
			id = p.ID.String()
		}
		if p.Commune.IsValid() {
			commune = p.Commune.String()
		}
		return []any{id, nullable(p.Key.String()), commune}
	})
	if err != nil {
		return nil, err
	}
	streets, err := simple(LayerStreets, r.src.Streets, []gpkg.Field{text("street_id"), text("name"), text("alley_number"), text("main_street"), text("numbered_towards")}, func(i int) []any {
		s := r.streets[i]
		var num, main, dir any
		if s.Number.IsValid() {
			num = s.Number.String()
		}
		if s.Main >= 0 {
			main = r.streets[s.Main].Name
		}
		if s.Line != nil {
			dir = fmt.Sprintf("%.0f°", s.Info.Heading)
		}
		return []any{s.ID, nullable(s.Name), num, main, dir}
	})
	if err != nil {
		return nil, err
	}
	houses, err := simple(LayerHouses, r.src.Buildings, []gpkg.Field{text("address_id"), text("number"), text("status"), text("street_id"), text("street"),
		text("side"), {Name: "along", Type: gpkg.Real}, text("parcel_key"), text("parcel_id"), text("commune_code"), text("legacy_commune_code"),
		text("postcode"), text("plus_code"), text("address"), text("findings")}, func(i int) []any {
		h := r.houses[i]
		vals := make([]any, 15)
		if h.ID.IsValid() {
			vals[0] = h.ID.String()
		}
		if h.Street >= 0 {
			vals[1] = h.Number.String()
			vals[2] = h.Status.String()
			vals[3] = r.streets[h.Street].ID
			vals[4] = r.streets[r.streets[h.Street].Main].Name
			vals[5] = h.Side.String()
			vals[6] = float64(h.Along)
			vals[13] = address.Format(r.Address(h), address.Official)
		}
		if h.Parcel >= 0 {
			vals[7] = nullable(r.parcels[h.Parcel].Key.String())
			if id := r.parcels[h.Parcel].ID; id.IsValid() {
				vals[8] = id.String()
			}
		}
		if h.Commune.IsValid() {
			vals[9] = h.Commune.String()
		}
		if h.Legacy.IsValid() {
			vals[10] = h.Legacy.String()
		}
		if h.Postcode.IsValid() {
			vals[11] = h.Postcode.String()
		}
		if h.Point != (orb.Point{}) {
			vals[12] = r.PlusCode(h).String()
		}
		if rs := reasons[i]; len(rs) > 0 {
			vals[14] = strings.Join(rs, ",")
		}
		return vals
	})
	if err != nil {
		return nil, err
	}
	out := []gpkg.Layer{parcels, streets, houses}
	for _, x := range []struct {
		name string
		fs   []Feature
	}{{LayerEntrances, r.src.Entrances}, {LayerCommunes, r.src.Communes}, {LayerPostalZones, r.src.PostalZones}} {
		l, err := simple(x.name, x.fs, nil, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// Save writes the registry to a GeoPackage: layers parcels, streets and
// houses (the buildings with their numbers, IDs, links and findings),
// entrances, communes and postal_zones, in the source CRS with every
// source attribute (in the column "properties", as JSON, in order). The
// file is written atomically and carries a content digest sealed with the
// registry's key (Options.IDKey, or the demo key, which the file's
// metadata id_key names); Open reads it back. A registry opened without a
// key cannot be saved (address.ErrKey): its file could not be sealed.
func (r *Registry) Save(ctx context.Context, path string) error {
	key, err := r.opts.key()
	if err != nil {
		return fmt.Errorf("registry: save: %w", err)
	}
	layers, err := r.layers()
	if err != nil {
		return fmt.Errorf("registry: save: %w", err)
	}
	var srs []gpkg.SRS
	if r.sourceCRS != crs.WGS84 {
		s, err := srsFor(r.sourceCRS)
		if err != nil {
			return fmt.Errorf("registry: save: %w", err)
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
	}
	return gpkg.WriteSealed(ctx, path, srs, layers, meta, key)
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
// come back exactly as saved, with the stored address IDs and parcel IDs
// kept (never reissued or recomputed) and the numbering options of the
// saved build, so the registry is the one saved. opts gives the rest
// (radii, workers, progress) and the key: given opts.IDKey (or DemoKey),
// a file whose seal does not verify with it, or that has none, is refused
// (wrapping gpkg's ErrTampered) and Registry.Sealed reports true for an
// office key; given none, only the file's digest is checked, which
// detects accidental damage but not a deliberate change. A file cut
// short or damaged is refused (wrapping gpkg's ErrCorrupt); one of a
// newer schema gives ErrSchema.
func Open(ctx context.Context, path string, opts Options) (*Registry, error) {
	var (
		key    []byte
		metaKV [][2]string
		layers []gpkg.Layer
		err    error
	)
	if opts.DemoKey || len(opts.IDKey) > 0 {
		if key, err = opts.key(); err != nil {
			return nil, err
		}
		layers, _, metaKV, err = gpkg.ReadSealed(ctx, path, key)
	} else {
		layers, _, metaKV, err = gpkg.ReadMeta(ctx, path)
	}
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
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
		if err := migrations[v](layers, meta); err != nil {
			return nil, fmt.Errorf("%w: migrating %s from schema %d: %w", ErrSchema, path, v, err)
		}
	}
	demo := meta["id_key"] == "demo"
	if !demo && meta["id_key"] != "office" {
		return nil, fmt.Errorf("%w: %s: metadata id_key = %q, want demo or office", ErrSchema, path, meta["id_key"])
	}
	num := func(k string) (float64, error) {
		f, err := strconv.ParseFloat(meta[k], 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %s: metadata %s = %q", ErrSchema, path, k, meta[k])
		}
		return f, nil
	}
	var vals [9]float64
	for i, k := range []string{"crs", "next_counter", "infill", "spacing", "max_distance", "max_gap", "partitions", "partition", "parcel_zone"} {
		if vals[i], err = num(k); err != nil {
			return nil, err
		}
	}
	src := &Source{CRS: crs.Code(vals[0])}
	opts.Numbering = numbering.Options{Infill: numbering.InfillStyle(vals[2]), Spacing: geo.Meters(vals[3]), MaxDistance: geo.Meters(vals[4])}
	opts.Audit.MaxGap = int(vals[5])
	opts.Partitions, opts.Partition, opts.ParcelZone = int(vals[6]), int(vals[7]), crs.Code(vals[8])
	saved := &saved{}
	for _, l := range layers {
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
		n := len(l.Features)
		fs := make([]Feature, n)
		var ids []address.ID
		var pids []address.ParcelID
		switch l.Name {
		case LayerHouses:
			ids = make([]address.ID, n)
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
			if err != nil {
				errs[i] = fmt.Errorf("%w: %s: layer %s feature %d: properties: %w", ErrSchema, path, l.Name, i, err)
				return
			}
			fs[i] = Feature{Geometry: f.Geometry, Props: ps}
			switch l.Name {
			case LayerHouses:
				if s, ok := f.Values[col["address_id"]].(string); ok {
					if ids[i], err = address.ParseID(s); err != nil {
						errs[i] = fmt.Errorf("%w: %s: house %d: stored address_id %q: %w", ErrSchema, path, i, s, err)
					}
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
			saved.ids = ids
		case LayerParcels:
			saved.parcelIDs = pids
		}
		*dst = fs
	}
	if saved.next, err = strconv.ParseUint(meta["next_counter"], 10, 64); err != nil {
		return nil, fmt.Errorf("%w: %s: metadata next_counter = %q", ErrSchema, path, meta["next_counter"])
	}
	r, err := build(ctx, src, opts, saved)
	if err != nil {
		return nil, err
	}
	r.demo = demo
	r.sealed = key != nil && !demo
	return r, nil
}

// saved is what a saved registry stores beyond its source: the IDs it
// issued, kept on reopening.
type saved struct {
	ids       []address.ID
	parcelIDs []address.ParcelID
	next      uint64
}

// WriteGeoJSON writes the houses as an RFC 7946 FeatureCollection (WGS84
// lon/lat): each house's point with its address ID, number, street,
// commune, postcode, Plus Code, parcel, full address and findings, and the
// building's source attributes under "properties.source". The member
// "id_key" says which kind of key issued the IDs: "office", or "demo" for
// the public demonstration key.
func (r *Registry) WriteGeoJSON(w io.Writer) error {
	layers, err := r.layers()
	if err != nil {
		return err
	}
	houses := layers[2]
	bw := &errWriter{w: w}
	bw.str(`{"type":"FeatureCollection","id_key":"` + keyKind(r.demo) + `","features":[`)
	for i := range houses.Count {
		f, err := houses.Row(i)
		if err != nil {
			return err
		}
		h := r.houses[i]
		if i > 0 {
			bw.str(",")
		}
		bw.str("\n")
		if h.Point == (orb.Point{}) {
			bw.str(`{"type":"Feature","geometry":null,"properties":{`)
		} else {
			bw.str(fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%s,%s]},"properties":{`,
				strconv.FormatFloat(h.Point[0], 'f', 8, 64), strconv.FormatFloat(h.Point[1], 'f', 8, 64)))
		}
		for k, fd := range houses.Fields {
			if k > 0 {
				bw.str(",")
			}
			name := fd.Name
			if name == "properties" {
				bw.str(`"source":`)
				bw.str(f.Values[k].(string))
				continue
			}
			key, _ := json.Marshal(name)
			val, _ := json.Marshal(f.Values[k])
			bw.str(string(key) + ":" + string(val))
		}
		bw.str("}}")
	}
	bw.str("\n]}\n")
	return bw.err
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
