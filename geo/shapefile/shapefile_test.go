package shapefile_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/shapefile"
	"github.com/diachi-vn/diachi/testdata/gen/shapefile/shpwrite"
)

// cw and ccw are squares of side s at (x, y), clockwise (an outer ring)
// and counter-clockwise (a hole).
func cw(x, y, s float64) orb.Ring {
	return orb.Ring{{x, y}, {x, y + s}, {x + s, y + s}, {x + s, y}, {x, y}}
}

func ccw(x, y, s float64) orb.Ring {
	return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
}

func write(t *testing.T, set shpwrite.Set) string {
	t.Helper()
	dir := t.TempDir()
	if err := shpwrite.Write(dir, "layer", set); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "layer.shp")
}

// Rings: clockwise rings are outer rings, counter-clockwise ones holes of
// the outer ring that holds them; two outer rings make a MultiPolygon;
// Z values are dropped; a Null shape is nil; a deleted record is skipped
// and counted.
func TestPolygons(t *testing.T) {
	for _, typ := range []int32{5, 15} {
		set := shpwrite.Set{Type: typ,
			Geoms: []orb.Geometry{
				orb.Polygon{cw(0, 0, 10), ccw(2, 2, 2)},
				orb.MultiPolygon{{cw(0, 0, 10), ccw(2, 2, 2)}, {cw(20, 0, 5)}, {cw(40, 0, 5), ccw(41, 1, 1)}},
				nil,
				orb.Polygon{cw(0, 0, 1)},
			},
			Fields: []shpwrite.Field{{Name: "n", Type: 'N', Length: 5}, {Name: "t", Type: 'C', Length: 8}, {Name: "ok", Type: 'L', Length: 1}},
			Rows:   [][]any{{1, "a", true}, {2, "b", false}, {3, nil, nil}, {4, "gone", true}},
		}
		path := write(t, set)
		// Flag the last record deleted.
		dbf := filepath.Join(filepath.Dir(path), "layer.dbf")
		b, _ := os.ReadFile(dbf)
		hlen := int(binary.LittleEndian.Uint16(b[8:]))
		rlen := int(binary.LittleEndian.Uint16(b[10:]))
		b[hlen+3*rlen] = '*'
		os.WriteFile(dbf, b, 0o644)

		f, err := shapefile.Open(path, shapefile.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Records) != 3 || f.Deleted != 1 {
			t.Fatalf("type %d: %d records, %d deleted; want 3 and 1", typ, len(f.Records), f.Deleted)
		}
		if p, ok := f.Records[0].Geometry.(orb.Polygon); !ok || len(p) != 2 {
			t.Errorf("type %d: record 1 is %#v, want a polygon with a hole", typ, f.Records[0].Geometry)
		}
		mp, ok := f.Records[1].Geometry.(orb.MultiPolygon)
		if !ok || len(mp) != 3 || len(mp[0]) != 2 || len(mp[1]) != 1 || len(mp[2]) != 2 {
			t.Errorf("type %d: record 2 is %#v, want three polygons, the first and last with a hole", typ, f.Records[1].Geometry)
		}
		if f.Records[2].Geometry != nil {
			t.Errorf("type %d: a Null shape read as %#v", typ, f.Records[2].Geometry)
		}
		if v := f.Records[0].Values; v[0] != json.Number("1") || string(v[1].(shapefile.Text)) != "a" || v[2] != true {
			t.Errorf("type %d: values %#v", typ, v)
		}
		if v := f.Records[2].Values; v[1] != nil || v[2] != nil {
			t.Errorf("type %d: blank values read as %#v", typ, v)
		}
	}
}

func TestLinesAndPoints(t *testing.T) {
	path := write(t, shpwrite.Set{Type: 3, Geoms: []orb.Geometry{
		orb.LineString{{0, 0}, {1, 1}},
		orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}, {3, 3}, {4, 4}}},
	}, Fields: []shpwrite.Field{{Name: "id", Type: 'C', Length: 4}}, Rows: [][]any{{"a"}, {"b"}}})
	f, err := shapefile.Open(path, shapefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Records[0].Geometry.(orb.LineString); !ok {
		t.Errorf("one part read as %T", f.Records[0].Geometry)
	}
	if ml, ok := f.Records[1].Geometry.(orb.MultiLineString); !ok || len(ml) != 2 || len(ml[1]) != 3 {
		t.Errorf("two parts read as %#v", f.Records[1].Geometry)
	}
	path = write(t, shpwrite.Set{Type: 11, Geoms: []orb.Geometry{orb.Point{5, 6}}, Fields: []shpwrite.Field{{Name: "id", Type: 'C', Length: 4}}, Rows: [][]any{{"a"}},
		PRJ: `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, CPG: "UTF-8\n"})
	f, err = shapefile.Open(path, shapefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Records[0].Geometry != (orb.Point{5, 6}) || f.Type != shapefile.PointZ || f.CRS != crs.WGS84 || f.CodePage != "UTF-8" {
		t.Errorf("PointZ read as %v %v, CRS %v, code page %q", f.Type, f.Records[0].Geometry, f.CRS, f.CodePage)
	}
}

// A file cut short, a .shx that does not match, a .dbf of another length
// and a missing .dbf are refused with a typed error.
func TestRefused(t *testing.T) {
	set := shpwrite.Set{Type: 5, Geoms: []orb.Geometry{orb.Polygon{cw(0, 0, 10)}, orb.Polygon{cw(0, 0, 5)}},
		Fields: []shpwrite.Field{{Name: "id", Type: 'C', Length: 4}}, Rows: [][]any{{"a"}, {"b"}}}
	for _, tc := range []struct {
		name string
		harm func(dir string)
		want error
	}{
		{"shp cut short", func(dir string) { cut(t, filepath.Join(dir, "layer.shp"), 10) }, shapefile.ErrFormat},
		{"dbf cut short", func(dir string) { cut(t, filepath.Join(dir, "layer.dbf"), 3) }, shapefile.ErrFormat},
		{"shx of another file", func(dir string) {
			_, shx, _ := shpwrite.SHP(5, []orb.Geometry{orb.Polygon{cw(0, 0, 10)}})
			os.WriteFile(filepath.Join(dir, "layer.shx"), shx, 0o644)
		}, shapefile.ErrFormat},
		{"dbf of another length", func(dir string) {
			b, _ := shpwrite.DBF(set.Fields, set.Rows[:1])
			os.WriteFile(filepath.Join(dir, "layer.dbf"), b, 0o644)
		}, shapefile.ErrFormat},
		{"no dbf", func(dir string) { os.Remove(filepath.Join(dir, "layer.dbf")) }, shapefile.ErrMissing},
		{"prj of an unknown CRS", func(dir string) {
			os.WriteFile(filepath.Join(dir, "layer.prj"), []byte(`GEOGCS["Tokyo",DATUM["D_Tokyo"]]`), 0o644)
		}, crs.ErrUnknownCRS},
	} {
		path := write(t, set)
		tc.harm(filepath.Dir(path))
		if _, err := shapefile.Open(path, shapefile.Options{}); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	path := write(t, set)
	if _, err := shapefile.Open(path, shapefile.Options{MaxRecordVertices: 4}); !errors.Is(err, shapefile.ErrLimit) {
		t.Errorf("over a vertex limit: got %v, want ErrLimit", err)
	}
	if _, err := shapefile.Open(path, shapefile.Options{MaxBytes: 200}); !errors.Is(err, shapefile.ErrLimit) {
		t.Errorf("over a size limit: got %v, want ErrLimit", err)
	}
}

func cut(t *testing.T, path string, n int) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, b[:len(b)-n], 0o644)
}

// A hostile count in a record (a billion points in a record of 60
// bytes) is refused before anything is allocated for it.
func TestHostileCounts(t *testing.T) {
	shp, _, _ := shpwrite.SHP(5, []orb.Geometry{orb.Polygon{cw(0, 0, 10)}})
	binary.LittleEndian.PutUint32(shp[100+8+4+32+4:], 1<<30)
	if _, _, err := shapefile.ReadSHP(shp, shapefile.Options{}); !errors.Is(err, shapefile.ErrLimit) && !errors.Is(err, shapefile.ErrFormat) {
		t.Errorf("got %v", err)
	}
	dbf, _ := shpwrite.DBF([]shpwrite.Field{{Name: "a", Type: 'C', Length: 3}}, [][]any{{"x"}})
	binary.LittleEndian.PutUint32(dbf[4:], 1<<31)
	if _, err := shapefile.ReadDBF(dbf, shapefile.Options{}); !errors.Is(err, shapefile.ErrLimit) && !errors.Is(err, shapefile.ErrFormat) {
		t.Errorf("got %v", err)
	}
}

func seeds() (shp, shx, dbf [][]byte) {
	for _, g := range [][]orb.Geometry{
		{orb.Polygon{cw(0, 0, 10), ccw(2, 2, 2)}, nil, orb.MultiPolygon{{cw(0, 0, 1)}, {cw(5, 5, 1)}}},
		{orb.Point{1, 2}},
	} {
		typ := int32(5)
		if _, ok := g[0].(orb.Point); ok {
			typ = 1
		}
		s, x, _ := shpwrite.SHP(typ, g)
		shp, shx = append(shp, s), append(shx, x)
	}
	d, _ := shpwrite.DBF([]shpwrite.Field{{Name: "id", Type: 'C', Length: 6}, {Name: "n", Type: 'N', Length: 8, Decimals: 2}, {Name: "l", Type: 'L', Length: 1}},
		[][]any{{"a", 1.5, true}, {nil, nil, nil}, {"\xb8\xb9", -2.25, false}})
	dbf = append(dbf, d)
	return shp, shx, dbf
}

func FuzzReadSHP(f *testing.F) {
	shp, _, _ := seeds()
	for _, s := range shp {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, gs, err := shapefile.ReadSHP(b, shapefile.Options{MaxRecordVertices: 1 << 16, MaxVertices: 1 << 18})
		if err != nil {
			if !errors.Is(err, shapefile.ErrFormat) && !errors.Is(err, shapefile.ErrLimit) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, g := range gs {
			if g != nil {
				g.Bound()
			}
		}
	})
}

func FuzzReadSHX(f *testing.F) {
	_, shx, _ := seeds()
	for _, s := range shx {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, _, err := shapefile.ReadSHX(b, shapefile.Options{}); err != nil && !errors.Is(err, shapefile.ErrFormat) && !errors.Is(err, shapefile.ErrLimit) {
			t.Fatalf("untyped error %v", err)
		}
	})
}

func FuzzReadDBF(f *testing.F) {
	_, _, dbf := seeds()
	for _, s := range dbf {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := shapefile.ReadDBF(b, shapefile.Options{MaxRecords: 1 << 16})
		if err != nil {
			if !errors.Is(err, shapefile.ErrFormat) && !errors.Is(err, shapefile.ErrLimit) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, row := range tab.Rows {
			if len(row) != len(tab.Fields) {
				t.Fatalf("a row of %d values for %d fields", len(row), len(tab.Fields))
			}
			for _, v := range row {
				if n, ok := v.(json.Number); ok && !json.Valid([]byte(n)) {
					t.Fatalf("number %q is not JSON", n)
				}
			}
		}
	})
}
