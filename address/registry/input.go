package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/shapefile"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// LoadOptions say how Load reads an input.
type LoadOptions struct {
	// CRS of layers whose file names none (a GeoJSON without a crs
	// member, a Shapefile without a .prj, a GeoPackage table of an
	// undefined SRS); WGS84 when zero.
	CRS crs.Code
	// Mapping names the layers and attributes of the input when they are
	// not named as Schema names them; nil reads them by those names.
	Mapping *Mapping
	// Shapefile bounds each Shapefile read (zero: its defaults).
	Shapefile shapefile.Options
}

// inputLayer is one layer of an input as read, before mapping: its
// features with their attributes under the input's names.
type inputLayer struct {
	file     string
	fields   []string // declared columns, in order (Shapefile, GeoPackage)
	features []Feature
	crs      crs.Code // 0: the file names none
	findings []Finding
	// saved is the layer of a diachi registry's layout the layer was read
	// as (fromRegistry), "" for any other.
	saved string
}

// Load reads the layers of a Source from path: a GeoPackage file (.gpkg)
// written by any tool, whose feature tables are the layers, or a
// directory holding each layer as GeoJSON (streets.geojson) or as a
// Shapefile (streets.shp with its .shx, .dbf, .prj and .cpg). Layers are
// found by their names in Schema, or by opts.Mapping; a diachi registry
// file is read for its source (its buildings are the layer houses).
// Streets, parcels and buildings are required, the others read when
// present. Every layer must be in one CRS, read from the file (the
// GeoJSON crs member, the .prj, gpkg_spatial_ref_sys) or opts.CRS.
//
// What reading the input found comes back as findings of the input (Index
// -1, Record the attribute or file): each attribute not understood
// (finding.UnknownAttribute, kept as it is and saved), each attribute of
// the schema that no record has (finding.MissingAttribute), and each
// file whose text was converted to Unicode from TCVN3, VNI or
// Windows-1258 (finding.ConvertedText, with how its encoding was known),
// and, in a registry file Save wrote and another tool edited since, each
// row changed, added or deleted and each layer whose columns changed
// (finding.EditedRecord; see Edits). They are not the registry's
// findings: Build reports those.
func Load(ctx context.Context, path string, opts LoadOptions) (*Source, []Finding, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	var open func(name string) (*inputLayer, error)
	var tables map[string]gpkg.Table
	if st.IsDir() {
		var stop func()
		open, stop = prefetchDir(ctx, path, opts)
		defer stop()
	}
	var changes chan changesRead
	if !st.IsDir() {
		// A saved registry edited outside diachi: what was edited, found
		// by reading the file's rows again beside the reading below.
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		changes = make(chan changesRead, 1)
		go func() {
			cs, err := gpkg.Changes(cctx, path)
			changes <- changesRead{cs, err}
		}()
		if tables, err = readTables(ctx, path, opts.Mapping); err != nil {
			return nil, nil, err
		}
		open = func(name string) (*inputLayer, error) { return openTable(path, tables, name) }
	}
	looked := func(names []string) string { return lookedFor(st.IsDir(), names) }
	src, findings, err := load(ctx, path, open, looked, opts)
	if err != nil || st.IsDir() {
		return src, findings, err
	}
	c := <-changes
	edits, err := editFindings(c.changes, c.err, tables)
	if err != nil {
		return nil, nil, err
	}
	return src, append(findings, edits...), nil
}

// prefetchDir returns the open of a directory input, and the function
// that stops it: the files of every layer the input may hold are read at
// once, as many at once as there are CPUs (decoding a layer runs on one),
// started in the order load asks for them. A layer's first open takes
// what was read; any other reads it again. Once stopped, reads not yet
// begun are not begun (one under way runs to its end, its result
// dropped).
func prefetchDir(ctx context.Context, dir string, opts LoadOptions) (open func(name string) (*inputLayer, error), stop func()) {
	type read struct {
		in  *inputLayer
		err error
	}
	var names []string
	for _, layer := range sourceLayerNames {
		ns, mapped := opts.Mapping.inputs(layer)
		if !mapped && layer == LayerBuildings {
			ns = []string{LayerBuildings, LayerHouses}
		}
		for _, n := range ns {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	pending := make(map[string]chan read, len(names))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, n := range names {
		c := make(chan read, 1)
		pending[n] = c
		go func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				c <- read{err: ctx.Err()}
				return
			}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				c <- read{err: err}
				return
			}
			in, err := openInDir(dir, n, opts)
			c <- read{in, err}
		}()
	}
	return func(name string) (*inputLayer, error) {
		if c, ok := pending[name]; ok {
			delete(pending, name)
			r := <-c
			return r.in, r.err
		}
		return openInDir(dir, name, opts)
	}, cancel
}

// changesRead is what gpkg.Changes gave.
type changesRead struct {
	changes []gpkg.LayerChanges
	err     error
}

// load reads the layers of a Source through open (nil for a layer that
// is not there), whatever the input; looked says where a missing layer
// was looked for.
func load(ctx context.Context, path string, open func(name string) (*inputLayer, error), looked func([]string) string, opts LoadOptions) (*Source, []Finding, error) {
	byDefault := opts.CRS
	if byDefault == 0 {
		byDefault = crs.WGS84
	}
	src := &Source{}
	var findings []Finding
	first := ""
	seen := map[string]bool{} // input attribute names, for the global entries of the mapping
	for _, layer := range sourceLayerNames {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		names, mapped := opts.Mapping.inputs(layer)
		if !mapped && layer == LayerBuildings {
			names = []string{LayerBuildings, LayerHouses}
		}
		var parts []*inputLayer
		for _, name := range names {
			in, err := open(name)
			if err != nil {
				return nil, nil, err
			}
			if in == nil && mapped {
				return nil, nil, fmt.Errorf("%w: %s: the mapping reads layer %s from %q, which is not there", ErrSource, path, layer, name)
			}
			if in != nil && !mapped && name == LayerBuildings {
				if in, err = savedBuildings(in, open); err != nil {
					return nil, nil, err
				}
			}
			if in != nil {
				parts = append(parts, in)
				if !mapped {
					break // buildings, else houses: the first found
				}
			}
		}
		if len(parts) == 0 {
			if layer == LayerStreets || layer == LayerParcels || layer == LayerBuildings {
				return nil, nil, fmt.Errorf("%w: %s: no layer %s (looked for %s; name another with the mapping entry layer:%s=NAME)",
					ErrSource, path, layer, looked(names), layer)
			}
			continue
		}
		var fs []Feature
		var fields []string
		for _, in := range parts {
			c, how := in.crs, "names"
			if c == 0 {
				c, how = byDefault, "names no CRS, so is in"
			}
			switch {
			case src.CRS == 0:
				src.CRS, first = c, fmt.Sprintf("%s %s %s", in.file, how, c)
			case c != src.CRS:
				return nil, nil, fmt.Errorf("%w: %s %s %s but %s: all layers must be in one CRS", ErrSource, in.file, how, c, first)
			}
			fs = append(fs, in.features...)
			for _, f := range in.fields {
				if !slices.Contains(fields, f) {
					fields = append(fields, f)
				}
			}
			findings = append(findings, in.findings...)
		}
		fnd, err := mapLayer(layer, fields, fs, opts.Mapping, seen)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", parts[0].file, err)
		}
		findings = append(findings, fnd...)
		l, _ := src.Layer(layer)
		*l = fs
	}
	if opts.Mapping != nil {
		for _, e := range opts.Mapping.order {
			if e.layer == "" && !seen[e.from] {
				findings = append(findings, Finding{Record: e.from, Index: -1, Reason: finding.MissingAttribute,
					Evidence: fmt.Sprintf("the mapping reads %s as %s, but no layer has an attribute %s", e.from, e.to, e.from)})
			}
		}
	}
	return src, findings, nil
}

func lookedFor(dir bool, names []string) string {
	var out []string
	for _, n := range names {
		if dir {
			out = append(out, n+".geojson", n+".shp")
		} else {
			out = append(out, "table "+n)
		}
	}
	return strings.Join(out, ", ")
}

// mapLayer renames the attributes of a layer's features by the mapping
// and reports what is not understood and what is missing. seen gathers
// the input names of every layer.
func mapLayer(layer string, declared []string, fs []Feature, m *Mapping, seen map[string]bool) ([]Finding, error) {
	schema := layerSchema(layer)
	type use struct {
		to     string // the name read as
		mapped bool
		value  bool // a record has a value
	}
	uses := map[string]*use{}
	var order []string
	note := func(name string) *use {
		u := uses[name]
		if u == nil {
			to, mapped := m.rename(layer, name)
			u = &use{to: to, mapped: mapped}
			uses[name] = u
			order = append(order, name)
			seen[name] = true
		}
		return u
	}
	for _, f := range declared {
		note(f)
	}
	renamed := 0
	for i := range fs {
		ps := fs[i].Props
		for k := range ps {
			u := note(ps[k].Key)
			if ps[k].Value != nil {
				u.value = true
			}
			if u.to != ps[k].Key {
				ps[k].Key = u.to
				renamed++
			}
		}
		if renamed > 0 {
			var dup keySeen
			for k := range ps {
				if dup.dup(ps[:k], ps[k].Key) {
					return nil, fmt.Errorf("%w: %s record %d: two attributes are read as %q (mapping)", ErrSource, layer, i, ps[k].Key)
				}
			}
		}
	}
	var out []Finding
	have := map[string]bool{}
	for _, name := range order {
		u := uses[name]
		if u.value {
			have[u.to] = true
		}
	}
	known := func(name string) bool {
		return slices.ContainsFunc(schema.attrs, func(a Attribute) bool { return a.Name == name }) ||
			layer == LayerBuildings && strings.HasPrefix(name, extPrefix) && len(name) > len(extPrefix)
	}
	for _, name := range order {
		u := uses[name]
		if u.mapped || known(u.to) {
			continue
		}
		f := Finding{Layer: layer, Record: name, Index: -1, Reason: finding.UnknownAttribute,
			Evidence: fmt.Sprintf("%s has an attribute %s, which the registry does not read: it is kept as it is", layer, name)}
		for _, a := range schema.attrs {
			if !have[a.Name] && len(name) >= 4 && strings.HasPrefix(a.Name, name) {
				f.Suggested = name + "=" + a.Name
				f.Evidence += fmt.Sprintf(" (cut from %s? map it with %s)", a.Name, f.Suggested)
				break
			}
		}
		out = append(out, f)
	}
	for _, a := range schema.attrs {
		if strings.HasPrefix(a.Name, extPrefix) || have[a.Name] {
			continue
		}
		out = append(out, Finding{Layer: layer, Record: a.Name, Index: -1, Reason: finding.MissingAttribute,
			Evidence: fmt.Sprintf("no record of %s has %s (%s)", layer, a.Name, a.Meaning)})
	}
	if m != nil {
		for _, e := range m.order {
			if e.layer == layer && uses[e.from] == nil {
				out = append(out, Finding{Layer: layer, Record: e.from, Index: -1, Reason: finding.MissingAttribute,
					Evidence: fmt.Sprintf("the mapping reads %s.%s as %s, but %s has no attribute %s", layer, e.from, e.to, layer, e.from)})
			}
		}
	}
	return out, nil
}

// openInDir reads the layer name of a directory: name.geojson, else a
// Shapefile name.shp; nil when neither is there.
func openInDir(dir, name string, opts LoadOptions) (*inputLayer, error) {
	if strings.ContainsAny(name, `/\`) || name == ".." {
		return nil, fmt.Errorf("%w: layer name %q", ErrSource, name)
	}
	path := filepath.Join(dir, name+".geojson")
	f, err := os.Open(path)
	switch {
	case err == nil:
		defer f.Close()
		fs, c, err := ReadGeoJSON(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &inputLayer{file: filepath.Base(path), features: fs, crs: c}, nil
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	for _, ext := range []string{".shp", ".SHP"} {
		path = filepath.Join(dir, name+ext)
		if _, err := os.Stat(path); err == nil {
			return readShapefile(path, opts.Shapefile)
		}
	}
	return nil, nil
}

// readShapefile reads a Shapefile as a layer, converting its text to
// Unicode from the encoding its .cpg names or, without one (or with one
// that names no Vietnamese encoding), the one detected in its text.
func readShapefile(path string, opts shapefile.Options) (*inputLayer, error) {
	f, err := shapefile.Open(path, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSource, err)
	}
	in := &inputLayer{file: filepath.Base(path), crs: f.CRS}
	enc, how, err := shapefileEncoding(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrSource, path, err)
	}
	// Field names are in the file's encoding too (Tên_đường in TCVN3).
	names := make([]string, len(f.Fields))
	for k, fl := range f.Fields {
		if names[k], err = decodeText(enc, []byte(fl.Name)); err != nil {
			return nil, fmt.Errorf("%w: %s: field name: %w", ErrSource, path, err)
		}
		in.fields = append(in.fields, names[k])
	}
	converted := 0
	in.features = make([]Feature, len(f.Records))
	for i, r := range f.Records {
		ps := make(Props, 0, len(r.Values))
		for k, v := range r.Values {
			switch x := v.(type) {
			case nil:
				continue // a blank cell: no value, as an absent GeoJSON key
			case shapefile.Text:
				s, err := decodeText(enc, x)
				if err != nil {
					return nil, fmt.Errorf("%w: %s: record %d field %s: %w", ErrSource, path, r.Index+1, names[k], err)
				}
				if enc != vnenc.UTF8 && s != string(x) {
					converted++
				}
				v = s
			}
			ps = append(ps, Prop{names[k], v})
		}
		in.features[i] = Feature{Geometry: r.Geometry, Props: ps}
	}
	if err := fromRegistry(in); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrSource, path, err)
	}
	if converted > 0 {
		in.findings = append(in.findings, Finding{Record: in.file, Index: -1, Reason: finding.ConvertedText,
			Evidence: fmt.Sprintf("%d text values of %s converted to Unicode from %v (%s)", converted, in.file, enc, how)})
	}
	if f.Deleted > 0 {
		// The .dbf itself says these records are gone; say it was read so.
		in.findings = append(in.findings, Finding{Record: in.file, Index: -1, Reason: finding.DeletedRecord,
			Evidence: fmt.Sprintf("%d records of %s are flagged deleted in its .dbf and were not read", f.Deleted, in.file)})
	}
	return in, nil
}

// decodeText converts a Shapefile text value to Unicode.
func decodeText(enc vnenc.Encoding, b []byte) (string, error) {
	if enc == vnenc.UTF8 || enc == vnenc.Unknown {
		if !utf8.Valid(b) {
			return "", fmt.Errorf("%q is not UTF-8", b)
		}
		return string(b), nil
	}
	return vnenc.Decode(enc, b)
}

// shapefileEncoding decides the encoding of a Shapefile's text, and says
// how: the .cpg, or detection over its text.
func shapefileEncoding(f *shapefile.File) (vnenc.Encoding, string, error) {
	cpg := strings.ToLower(strings.TrimSpace(f.CodePage))
	var named vnenc.Encoding
	switch strings.TrimPrefix(strings.TrimPrefix(cpg, "ansi "), "cp") {
	case "":
	case "utf-8", "utf8", "65001":
		named = vnenc.UTF8
	case "1258", "windows-1258":
		named = vnenc.Windows1258
	case "tcvn3", "abc":
		named = vnenc.TCVN3
	case "vni":
		named = vnenc.VNI
	}
	if named != vnenc.Unknown {
		return named, "named by its .cpg", nil
	}
	var sample []byte
	for _, r := range f.Records {
		for _, v := range r.Values {
			if t, ok := v.(shapefile.Text); ok && len(sample) < 64<<10 {
				sample = append(append(sample, t...), ' ')
			}
		}
	}
	e, conf := vnenc.Detect(sample)
	how := fmt.Sprintf("detected with confidence %.2f", conf)
	if cpg != "" {
		how += fmt.Sprintf("; its .cpg names %q, not a Vietnamese encoding", f.CodePage)
	}
	switch {
	case e == vnenc.Unknown && !utf8.Valid(sample):
		return 0, "", fmt.Errorf("the encoding of its text cannot be told (no .cpg names it, and it is neither UTF-8 nor clearly TCVN3, VNI or Windows-1258)")
	case e == vnenc.Unknown:
		e = vnenc.UTF8 // ASCII
	}
	return e, how, nil
}

// tableFor returns the feature table of a GeoPackage that a layer name
// names: the table of that exact name, else the only one that differs in
// case only ("" when none).
func tableFor(path string, tables []string, name string) (string, error) {
	if slices.Contains(tables, name) {
		return name, nil
	}
	t := ""
	for _, x := range tables {
		if strings.EqualFold(x, name) {
			if t != "" {
				return "", fmt.Errorf("%w: %s: tables %q and %q both match layer %q", ErrSource, path, t, x, name)
			}
			t = x
		}
	}
	return t, nil
}

// readTables reads, in one pass over the file, every feature table of a
// GeoPackage that a layer may be read from.
func readTables(ctx context.Context, path string, m *Mapping) (map[string]gpkg.Table, error) {
	all, err := gpkg.TableNames(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSource, err)
	}
	var want []string
	for _, layer := range sourceLayerNames {
		names, mapped := m.inputs(layer)
		if !mapped && layer == LayerBuildings {
			names = []string{LayerBuildings, LayerHouses}
		}
		for _, n := range names {
			t, err := tableFor(path, all, n)
			if err != nil {
				return nil, err
			}
			if t != "" && !slices.Contains(want, t) {
				want = append(want, t)
			}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	ts, err := gpkg.ReadAny(ctx, path, want)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSource, err)
	}
	out := make(map[string]gpkg.Table, len(ts))
	for _, t := range ts {
		out[t.Name] = t
	}
	return out, nil
}

// openTable turns a feature table of a GeoPackage into a layer; nil when
// no table of tables is named name.
func openTable(path string, tables map[string]gpkg.Table, name string) (*inputLayer, error) {
	var names []string
	for n := range tables {
		names = append(names, n)
	}
	t, err := tableFor(path, names, name)
	if err != nil || t == "" {
		return nil, err
	}
	tab := tables[t]
	in := &inputLayer{file: filepath.Base(path) + ":" + t}
	if in.crs, err = srsCode(tab.SRS); err != nil {
		return nil, fmt.Errorf("%w: %s: table %s: %w", ErrSource, path, t, err)
	}
	if err := in.fromColumns(tab.Fields, tab.Features); err != nil {
		return nil, fmt.Errorf("%w: %s: table %s: %w", ErrSource, path, t, err)
	}
	return in, nil
}

// fromColumns fills the layer from a table's typed columns (columnProps)
// and reads a diachi registry's layout back as its source (fromRegistry).
func (in *inputLayer) fromColumns(fields []gpkg.Field, features []gpkg.Feature) error {
	for _, f := range fields {
		in.fields = append(in.fields, f.Name)
	}
	in.features = make([]Feature, len(features))
	for i, ft := range features {
		ps, err := columnProps(fields, ft.Values)
		if err != nil {
			return fmt.Errorf("feature %d: %w", i+1, err)
		}
		in.features[i] = Feature{Geometry: ft.Geometry, Props: ps}
	}
	return fromRegistry(in)
}

// columnProps are the attributes of a row of typed columns: text as it
// is, whole numbers and reals in their shortest decimal form, a BOOLEAN
// column's 0 or 1 as false or true, NULL as no attribute (as an absent
// GeoJSON key); a binary value is refused.
func columnProps(fields []gpkg.Field, values []any) (Props, error) {
	ps := make(Props, 0, len(values))
	for k, v := range values {
		switch x := v.(type) {
		case nil:
			continue
		case []byte:
			return nil, fmt.Errorf("field %s: a binary value, which an attribute cannot be", fields[k].Name)
		case bool:
		case string:
			if fields[k].Type == "NUMERIC" { // a decimal as the database wrote it
				v = json.Number(x)
			}
		case int64:
			if typ := fields[k].Type; typ == "BOOLEAN" && (x == 0 || x == 1) {
				v = x == 1
			} else {
				v = json.Number(strconv.FormatInt(x, 10))
			}
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("field %s: %v is not a number an attribute can hold", fields[k].Name, x)
			}
			v = json.Number(strconv.FormatFloat(x, 'g', -1, 64))
		default:
			return nil, fmt.Errorf("field %s: a value of type %T", fields[k].Name, v)
		}
		ps = append(ps, Prop{fields[k].Name, v})
	}
	return ps, nil
}

// srsCode is the CRS of a GeoPackage spatial reference system: its EPSG
// code when geo/crs knows it, else read from its definition; 0 for the
// undefined systems (-1, 0).
func srsCode(s gpkg.SRS) (crs.Code, error) {
	if s.ID == -1 || s.ID == 0 {
		return 0, nil
	}
	if strings.EqualFold(s.Org, "EPSG") {
		if _, err := crs.Lookup(crs.Code(s.OrgID)); err == nil {
			return crs.Code(s.OrgID), nil
		}
	}
	c, err := crs.FromWKT(s.Definition)
	if err != nil {
		return 0, fmt.Errorf("spatial reference system %d (%s %s:%d): %w", s.ID, s.Name, s.Org, s.OrgID, err)
	}
	return c, nil
}

// fromRegistry turns a layer of a diachi registry file (read directly, or
// as another tool copied it: a GeoPackage, or a Shapefile whose field
// names are cut to 10 characters) back into its source: the source
// attributes are those of its typed source columns (source_columns.go)
// followed by the JSON object of the column properties, and the saved
// columns, which a build computes, are not read, except the address ID
// of a house, kept as its address_id so that the IDs a registry issued
// stay its houses'. A layer of a registry's layout has every saved column
// of one of its layers and ends with the column properties; a layer of
// any other layout is left as it is.
func fromRegistry(in *inputLayer) error {
	if len(in.fields) == 0 || in.fields[len(in.fields)-1] != propertiesColumn {
		return nil
	}
	layout, savedFields := "", map[string]bool{}
	for _, layer := range layerNames {
		found := map[string]bool{}
		all := true
		for _, c := range savedColumns {
			if c.Layer != layer || c.Name == propertiesColumn {
				continue
			}
			k := slices.IndexFunc(in.fields, func(f string) bool { return f == c.Name || len(f) == cutLength && strings.HasPrefix(c.Name, f) })
			if k < 0 {
				all = false
				break
			}
			found[in.fields[k]] = true
		}
		if all && (layout == "" || len(found) > len(savedFields)) {
			layout, savedFields = layer, found
		}
	}
	if layout == "" {
		return nil
	}
	// The other fields are typed source columns, under their names (a
	// name a Shapefile cut is the schema's name it was cut from).
	typed := map[string]string{}
	for _, f := range in.fields[:len(in.fields)-1] {
		if savedFields[f] {
			continue
		}
		name := f
		if len(f) == cutLength {
			var from []string
			for _, a := range layerSchema(sourceLayerOf(layout)).attrs {
				if len(a.Name) > cutLength && strings.HasPrefix(a.Name, f) {
					from = append(from, a.Name)
				}
			}
			if len(from) == 1 {
				name = from[0]
			}
		}
		typed[f] = name
	}
	in.saved = layout
	for i := range in.features {
		f := &in.features[i]
		var col Props
		var raw any
		for _, p := range f.Props {
			switch name, ok := typed[p.Key]; {
			case p.Key == propertiesColumn:
				raw = p.Value
			case ok:
				col = append(col, Prop{name, canonicalNumber(p.Value)})
			}
		}
		var ps Props
		if s, ok := raw.(string); ok {
			var err error
			if ps, err = orderedProps(json.RawMessage(s)); err != nil {
				return fmt.Errorf("record %d: the column properties of a registry file: %w (cut short by a format that limits text?)", i+1, err)
			}
		} else if raw != nil {
			return fmt.Errorf("record %d: the column properties of a registry file is not text", i+1)
		}
		ps, err := joinProps(col, ps)
		if err != nil {
			return fmt.Errorf("record %d of a registry file: %w", i+1, err)
		}
		if layout == LayerHouses {
			if _, has := ps.Get("address_id"); !has {
				if id, ok := f.Props.Get("address_id"); ok && id != nil {
					ps = append(ps, Prop{"address_id", id})
				}
			}
		}
		f.Props = ps
	}
	in.fields = nil
	return nil
}

// canonicalNumber is a number of a typed column as the registry saved
// it, in its shortest form: a Shapefile copy writes a REAL with trailing
// zeros (7.500000000000000), which is the 7.5 saved.
func canonicalNumber(v any) any {
	n, ok := v.(json.Number)
	if !ok {
		return v
	}
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return json.Number(strconv.FormatInt(i, 10))
	}
	if f, err := strconv.ParseFloat(string(n), 64); err == nil && !math.IsInf(f, 0) {
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return v
}
