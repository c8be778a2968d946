package registry

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// Source attributes as typed columns (schema 3): a GIS tool shows a
// column as a field of its type, and JSON text as one opaque field. Each
// saved layer gives each source attribute most of whose values fit one
// SQL type exactly a column of that type, after the saved columns and
// before properties, which keeps the rest as JSON. What a column holds reads
// back as it was given: an INTEGER only for whole numbers written in
// their shortest form ("12", not "012" or "12.0"), a REAL only for
// numbers whose shortest decimal form is the one given ("7.5", not
// "7.50"), TEXT for text. Exactness and order are kept feature by
// feature: a feature's attributes go to their columns from its first
// attribute on, while each has a column later than the previous one's
// and a value that fits it; from the first that does not, the rest of
// its attributes stay in the JSON, in their order. Read back, a feature
// is its non-NULL columns in column order, then its JSON: the attributes
// as given, in their order. A JSON null stays in the JSON (a NULL column
// is an attribute the feature does not have).
//
// Column names are the attributes' own when they are SQL identifiers the
// layer does not already use and when a Shapefile keeps them: ten
// characters at most, or an attribute of the schema whose first ten
// characters name no other column (a copy as Shapefiles cuts cross_section
// to cross_sect, read back as cross_section). The metadata
// source_columns lists them, layer by layer.

// maxSourceColumns bounds the typed source columns of a layer: messy
// inputs with thousands of distinct keys keep the rest in the JSON.
const maxSourceColumns = 64

// metaSourceColumns is the metadata key of the typed source columns.
const metaSourceColumns = "source_columns"

// cutLength is the length of a Shapefile's field names.
const cutLength = 10

var columnIdent = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// srcColumn is a source attribute saved as a typed column.
type srcColumn struct {
	key string
	typ gpkg.FieldType
}

// sourceLayerOf is the source layer a saved layer holds.
func sourceLayerOf(saved string) string {
	if saved == LayerHouses {
		return LayerBuildings
	}
	return saved
}

// savedNames are the names a saved layer uses besides source columns.
func savedNames(layer string) []string {
	names := []string{"fid", "geom", "geom_wgs84", propertiesColumn}
	for _, c := range savedColumns {
		if c.Layer == layer {
			names = append(names, c.Name)
		}
	}
	return names
}

// longNames are the names of a layer, saved or read by the schema, that
// a Shapefile cuts.
func longNames(layer string) []string {
	var out []string
	for _, n := range savedNames(layer) {
		if len(n) > cutLength {
			out = append(out, n)
		}
	}
	for _, a := range layerSchema(sourceLayerOf(layer)).attrs {
		if len(a.Name) > cutLength {
			out = append(out, a.Name)
		}
	}
	return out
}

// columnable says whether key may name a typed column of layer.
func columnable(layer, key string, taken []string, long []string) bool {
	if !columnIdent.MatchString(key) || slices.Contains(taken, key) || strings.HasPrefix(key, "gpkg") || strings.HasPrefix(key, "rtree_") {
		return false
	}
	switch {
	case len(key) < cutLength:
		return true
	case len(key) == cutLength:
		// Not the cut of a longer name: it would be read back as that.
		return !slices.ContainsFunc(long, func(l string) bool { return l[:cutLength] == key })
	}
	// A long name comes back from a Shapefile only as a name of the
	// schema whose cut is its own.
	if !slices.ContainsFunc(layerSchema(sourceLayerOf(layer)).attrs, func(a Attribute) bool { return a.Name == key }) {
		return false
	}
	n := 0
	for _, l := range long {
		if l[:cutLength] == key[:cutLength] {
			n++
		}
	}
	return n == 1
}

// intValue is v as a column INTEGER, when it reads back as given.
func intValue(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		return n, err == nil && strconv.FormatInt(n, 10) == string(x)
	}
	return 0, false
}

// realValue is v as a column REAL, when it reads back as given.
func realValue(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil && !math.IsInf(f, 0) && strconv.FormatFloat(f, 'g', -1, 64) == string(x)
	}
	return 0, false
}

// columnValue is v as a value of a column of type typ; ok is false when
// it does not fit exactly.
func columnValue(typ gpkg.FieldType, v any) (any, bool) {
	switch typ {
	case gpkg.Integer:
		return intValue(v)
	case gpkg.Real:
		return realValue(v)
	case gpkg.Text:
		s, ok := v.(string)
		return s, ok
	}
	return nil, false
}

// sourceColumns chooses the typed columns of a saved layer from its
// features: the attributes most of whose values (JSON nulls aside) fit
// one type, in the order the features give them.
func sourceColumns(layer string, fs []Feature) []srcColumn {
	taken, long := savedNames(layer), longNames(layer)
	type stat struct {
		ints, reals, texts, values int
		ok                         bool
	}
	stats := map[string]*stat{}
	var order []string
	for i := range fs {
		prev := -1
		for _, p := range fs[i].Props {
			st := stats[p.Key]
			if st == nil {
				st = &stat{ok: len(order) < 4*maxSourceColumns && columnable(layer, p.Key, taken, long)}
				stats[p.Key] = st
				if !st.ok {
					continue
				}
				// A new key goes after the one before it in this feature,
				// so that features of one key order all fit the columns.
				order = slices.Insert(order, prev+1, p.Key)
			}
			if !st.ok {
				continue
			}
			prev = slices.Index(order, p.Key)
			if p.Value == nil {
				continue
			}
			st.values++
			if _, ok := intValue(p.Value); ok {
				st.ints++
			}
			if _, ok := realValue(p.Value); ok {
				st.reals++
			}
			if _, ok := p.Value.(string); ok {
				st.texts++
			}
		}
	}
	var out []srcColumn
	for _, k := range order {
		st := stats[k]
		if !st.ok || st.values == 0 || len(out) == maxSourceColumns {
			continue
		}
		// The type most values fit, when most do (whole numbers are
		// INTEGER unless some fit REAL only); the others stay in the JSON.
		best, typ := st.ints, gpkg.Integer
		if st.reals > best {
			best, typ = st.reals, gpkg.Real
		}
		if st.texts > best {
			best, typ = st.texts, gpkg.Text
		}
		if 2*best > st.values {
			out = append(out, srcColumn{k, typ})
		}
	}
	return out
}

// splitProps puts the attributes of ps that go to columns (see above)
// into vals (one per column, nil for NULL) and returns the rest.
func splitProps(cols []srcColumn, index map[string]int, ps Props, vals []any) Props {
	clear(vals)
	next := 0
	for k, p := range ps {
		c, ok := index[p.Key]
		if !ok || c < next || p.Value == nil {
			return ps[k:]
		}
		v, ok := columnValue(cols[c].typ, p.Value)
		if !ok {
			return ps[k:]
		}
		vals[c], next = v, c+1
	}
	return nil
}

// joinProps is the inverse of splitProps: the attributes of the non-NULL
// columns (names[c], values as columnProps reads them), then rest. An
// attribute both in a column and in rest is an error.
func joinProps(col Props, rest Props) (Props, error) {
	if len(col) == 0 {
		return rest, nil
	}
	for _, p := range rest {
		if _, dup := col.Get(p.Key); dup {
			return nil, fmt.Errorf("attribute %s is both a column and in the JSON", p.Key)
		}
	}
	return append(col, rest...), nil
}

// encodeSourceColumns is the metadata source_columns: layer:name,name;…
// in the order of the layers.
func encodeSourceColumns(byLayer map[string][]srcColumn) string {
	var parts []string
	for _, l := range layerNames {
		if cols := byLayer[l]; len(cols) > 0 {
			names := make([]string, len(cols))
			for i, c := range cols {
				names[i] = c.key
			}
			parts = append(parts, l+":"+strings.Join(names, ","))
		}
	}
	return strings.Join(parts, ";")
}

// decodeSourceColumns reads the metadata source_columns.
func decodeSourceColumns(s string) (map[string][]string, error) {
	out := map[string][]string{}
	if s == "" {
		return out, nil
	}
	for part := range strings.SplitSeq(s, ";") {
		l, names, ok := strings.Cut(part, ":")
		if !ok || !slices.Contains(layerNames, l) || out[l] != nil || names == "" {
			return nil, fmt.Errorf("metadata %s: %q", metaSourceColumns, part)
		}
		for n := range strings.SplitSeq(names, ",") {
			if !columnIdent.MatchString(n) || slices.Contains(out[l], n) || slices.Contains(savedNames(l), n) {
				return nil, fmt.Errorf("metadata %s: layer %s: column %q", metaSourceColumns, l, n)
			}
			out[l] = append(out[l], n)
		}
	}
	return out, nil
}

// typedColumns are the typed source columns of a saved layer as read:
// their fields and positions among the layer's fields.
type typedColumns struct {
	fields []gpkg.Field
	at     []int
}

// typedFields finds the columns names (the metadata's list for the
// layer) among the fields of l (col: their positions by name).
func typedFields(l *gpkg.Layer, col map[string]int, names []string) (typedColumns, error) {
	var t typedColumns
	for _, n := range names {
		k, ok := col[n]
		if !ok {
			return t, fmt.Errorf("layer %s has no column %s, which the metadata %s lists", l.Name, n, metaSourceColumns)
		}
		switch l.Fields[k].Type {
		case gpkg.Integer, gpkg.Real, gpkg.Text:
		default:
			return t, fmt.Errorf("layer %s: column %s of type %s", l.Name, n, l.Fields[k].Type)
		}
		t.fields = append(t.fields, l.Fields[k])
		t.at = append(t.at, k)
	}
	return t, nil
}

// props are the source attributes of a row of values: those of the typed
// columns, then rest (read from the JSON).
func (t typedColumns) props(values []any, rest Props) (Props, error) {
	if len(t.at) == 0 {
		return rest, nil
	}
	vals := make([]any, len(t.at))
	for i, k := range t.at {
		vals[i] = values[k]
		if v, ok := vals[i].(string); ok && t.fields[i].Type != gpkg.Text {
			return nil, fmt.Errorf("column %s: %q in a column of type %s", t.fields[i].Name, v, t.fields[i].Type)
		}
	}
	col, err := columnProps(t.fields, vals)
	if err != nil {
		return nil, err
	}
	return joinProps(col, rest)
}
