package registry

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// roundTrip saves features of a layer as save does (typed columns and
// JSON) and reads each row back as Open does.
func roundTrip(t *testing.T, layer string, fs []Feature) ([]srcColumn, []Props) {
	t.Helper()
	cols := sourceColumns(layer, fs)
	index := map[string]int{}
	fields := []gpkg.Field{}
	names := []string{}
	colAt := map[string]int{}
	for k, c := range cols {
		index[c.key] = k
		fields = append(fields, gpkg.Field{Name: c.key, Type: c.typ})
		names = append(names, c.key)
		colAt[c.key] = k
	}
	l := &gpkg.Layer{Name: layer, Fields: fields}
	typed, err := typedFields(l, colAt, names)
	require.NoError(t, err)
	var out []Props
	for _, f := range fs {
		vals := make([]any, len(cols))
		rest := splitProps(cols, index, f.Props, vals)
		js, err := propsJSON(rest)
		require.NoError(t, err)
		// As the database gives them back.
		for k, v := range vals {
			switch x := v.(type) {
			case int64, float64, string, nil:
			default:
				t.Fatalf("column %s: a %T", cols[k].key, x)
			}
		}
		ps, err := orderedProps(json.RawMessage(js))
		require.NoError(t, err)
		ps, err = typed.props(vals, ps)
		require.NoError(t, err)
		out = append(out, ps)
	}
	return cols, out
}

func num(s string) json.Number { return json.Number(s) }

// Source attributes as typed columns read back exactly, in their order:
// a column only for values that read back as given, the rest in the
// JSON.
func TestSourceColumns(t *testing.T) {
	fs := []Feature{
		{Props: Props{{"id", "b1"}, {"sheet", num("12")}, {"area", num("7.5")}, {"group", "A"}, {"land_use", "ODT"}, {"cross_section", num("12")}}},
		{Props: Props{{"id", "b2"}, {"sheet", num("12.0")}, {"area", num("8")}, {"group", nil}, {"land_use", "ODT"}}},
		{Props: Props{{"id", "b3"}, {"area", num("7.50")}, {"sheet", num("3")}, {"note", true}}},
		{Props: Props{{"id", "b4"}, {"sheet", num("4")}, {"mixed", "x"}, {"a_very_long_attribute", "kept"}}},
		{Props: Props{{"mixed", num("5")}, {"id", "b5"}, {"number", "12A"}}},
		{Props: nil},
	}
	cols, got := roundTrip(t, LayerHouses, fs)
	for i := range fs {
		require.Equal(t, fs[i].Props, got[i], "feature %d", i)
	}
	require.Equal(t, []srcColumn{
		{"id", gpkg.Text},
		// 12.0 is not a whole number's shortest form: that feature's sheet stays in
		// the JSON, the others' are INTEGER.
		{"sheet", gpkg.Integer},
		{"area", gpkg.Real},
		{"group", gpkg.Text},
		{"land_use", gpkg.Text},
	}, cols[:5])
	for _, c := range cols {
		switch c.key {
		case "number", "note", "mixed", "a_very_long_attribute":
			// number is a saved column of houses; note a flag; mixed text
			// and numbers; a_very_long_attribute not a name a Shapefile
			// keeps (nor one of the schema).
			t.Errorf("a column %s", c.key)
		case "cross_section":
			t.Errorf("cross_section is not an attribute of buildings: its cut would be read back as no name")
		}
	}
	// A schema attribute longer than a Shapefile name, whose cut is its
	// own, is a column.
	cols, _ = roundTrip(t, LayerStreets, []Feature{{Props: Props{{"id", "s1"}, {"cross_section", num("7.5")}}}})
	require.Equal(t, []srcColumn{{"id", gpkg.Text}, {"cross_section", gpkg.Real}}, cols)
}

// The metadata source_columns reads back what it was written from, and
// anything else it might hold is refused.
func TestSourceColumnsMeta(t *testing.T) {
	in := map[string][]srcColumn{LayerHouses: {{"id", gpkg.Text}, {"group", gpkg.Text}}, LayerParcels: {{"sheet", gpkg.Integer}}}
	s := encodeSourceColumns(in)
	require.Equal(t, "parcels:sheet;houses:id,group", s)
	got, err := decodeSourceColumns(s)
	require.NoError(t, err)
	require.Equal(t, map[string][]string{LayerHouses: {"id", "group"}, LayerParcels: {"sheet"}}, got)
	for _, bad := range []string{"houses", "houses:", "nowhere:id", "houses:id,id", "houses:number", "houses:Id", "houses:id;houses:group", "houses:properties"} {
		_, err := decodeSourceColumns(bad)
		require.Error(t, err, bad)
	}
}

// FuzzSourceColumns: any attributes (a JSON object) saved as typed
// columns and JSON read back as they were; any metadata is read or
// refused, never a panic.
func FuzzSourceColumns(f *testing.F) {
	f.Add(`{"id":"b1","sheet":12,"area":7.5,"group":"A"}`, `{"sheet":"012","id":null,"area":7.50}`, "houses:id,group")
	f.Add(`{"a":1e400,"b":-0,"c":1.0}`, `{"b":0,"a":"x"}`, "parcels:a;streets:b")
	f.Fuzz(func(t *testing.T, a, b, meta string) {
		_, _ = decodeSourceColumns(meta)
		var fs []Feature
		for _, s := range []string{a, b} {
			ps, err := orderedProps(json.RawMessage(s))
			if err != nil {
				return
			}
			fs = append(fs, Feature{Props: ps})
		}
		_, got := roundTrip(t, LayerHouses, fs)
		for i := range fs {
			want, _ := propsJSON(fs[i].Props)
			have, _ := propsJSON(got[i])
			if want != have {
				t.Fatalf("feature %d: %s read back as %s", i, want, have)
			}
		}
	})
}
