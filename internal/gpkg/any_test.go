package gpkg

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// gpb builds GeoPackage binary: header flags, an envelope of n doubles,
// then WKB.
func gpb(order binary.ByteOrder, flags byte, env int, wkb []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{'G', 'P', 0, flags})
	binary.Write(&b, order, int32(9210))
	for range env {
		binary.Write(&b, order, float64(0))
	}
	b.Write(wkb)
	return b.Bytes()
}

func wkbOf(order binary.ByteOrder, code uint32, parts ...any) []byte {
	var b bytes.Buffer
	if order == binary.BigEndian {
		b.WriteByte(0)
	} else {
		b.WriteByte(1)
	}
	binary.Write(&b, order, code)
	for _, p := range parts {
		switch p := p.(type) {
		case []byte:
			b.Write(p)
		default:
			binary.Write(&b, order, p)
		}
	}
	return b.Bytes()
}

// The geometry blobs other writers store: big-endian, with an xyz
// envelope, Z coordinates in ISO and extended codes, empty flags.
func TestDecodeAny(t *testing.T) {
	be, le := binary.BigEndian, binary.LittleEndian
	square := []any{uint32(1), uint32(4), [8]float64{0, 0, 1, 0, 1, 1, 0, 0}}
	squareZ := []any{uint32(1), uint32(4), [12]float64{0, 0, 5, 1, 0, 5, 1, 1, 5, 0, 0, 5}}
	for _, tc := range []struct {
		name string
		blob []byte
		want orb.Geometry
	}{
		{"big-endian polygon, xy envelope", gpb(be, 0<<0|1<<1, 4, wkbOf(be, 3, square...)), orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}},
		{"ISO Z polygon, xyz envelope", gpb(le, 1|2<<1, 6, wkbOf(le, 1003, squareZ...)), orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}},
		{"EWKB Z point", gpb(le, 1, 0, wkbOf(le, 0x80000001, [3]float64{3, 4, 9})), orb.Point{3, 4}},
		{"multipolygon", gpb(le, 1|1<<1, 4, wkbOf(le, 6, uint32(1), wkbOf(le, 3, square...))), orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}},
		{"empty polygon", gpb(le, 1|1<<4, 0, wkbOf(le, 3, uint32(0))), orb.Polygon{}},
		{"empty point", gpb(le, 1|1<<4, 0, wkbOf(le, 1, [2]float64{math.NaN(), math.NaN()})), nil},
	} {
		g, err := DecodeAny(tc.blob)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !orb.Equal(g, tc.want) && !(g == nil && tc.want == nil) {
			t.Errorf("%s: got %#v, want %#v", tc.name, g, tc.want)
		}
	}
	for _, tc := range []struct {
		name string
		blob []byte
	}{
		{"extended type", gpb(le, 1|0x20, 0, wkbOf(le, 1, [2]float64{1, 2}))},
		{"curve", gpb(le, 1, 0, wkbOf(le, 8, uint32(0)))},
		{"a count beyond the blob", gpb(le, 1, 0, wkbOf(le, 2, uint32(1<<30)))},
		{"trailing bytes", append(gpb(le, 1, 0, wkbOf(le, 1, [2]float64{1, 2})), 0)},
		{"envelope cut", gpb(le, 1|4<<1, 2, nil)},
	} {
		if _, err := DecodeAny(tc.blob); err == nil {
			t.Errorf("%s: read without an error", tc.name)
		}
	}
}

func FuzzDecodeAny(f *testing.F) {
	le := binary.LittleEndian
	f.Add(gpb(le, 1|1<<1, 4, wkbOf(le, 6, uint32(1), wkbOf(le, 3, uint32(1), uint32(4), [8]float64{0, 0, 1, 0, 1, 1, 0, 0}))))
	f.Add(gpb(le, 1, 0, wkbOf(le, 7, uint32(1), wkbOf(le, 1001, [3]float64{1, 2, 3}))))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := DecodeAny(b)
		if err == nil && g != nil {
			g.Bound()
		}
	})
}

// A GeoPackage written by GDAL (ogr2ogr from the sample town's GeoJSON) is
// read whole: its tables, their SRS, typed columns and features.
func TestReadAnyGDAL(t *testing.T) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (GDAL) is not installed: the GeoPackage written by GDAL is not tried")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "town.gpkg")
	for _, l := range []string{"parcels", "streets"} {
		args := []string{"-f", "GPKG", out, filepath.Join("..", "..", "testdata", "town", l+".geojson"), "-nln", l}
		if l != "parcels" {
			args = append([]string{"-update"}, args...)
		}
		if b, err := exec.Command("ogr2ogr", args...).CombinedOutput(); err != nil {
			t.Fatalf("ogr2ogr: %v\n%s", err, b)
		}
	}
	names, err := TableNames(context.Background(), out)
	if err != nil || len(names) != 2 || names[0] != "parcels" {
		t.Fatalf("tables %v, %v", names, err)
	}
	ts, err := ReadAny(context.Background(), out, []string{"streets"})
	if err != nil {
		t.Fatal(err)
	}
	s := ts[0]
	if s.SRS.Org != "EPSG" || s.SRS.OrgID != 9210 || len(s.Features) != 31 {
		t.Fatalf("streets: SRS %s:%d, %d features", s.SRS.Org, s.SRS.OrgID, len(s.Features))
	}
	if _, ok := s.Features[0].Geometry.(orb.LineString); !ok {
		t.Errorf("a street read as %T", s.Features[0].Geometry)
	}
	if _, err := ReadAny(context.Background(), out, []string{"houses"}); !errors.Is(err, ErrInput) {
		t.Errorf("a table that is not there: %v", err)
	}
	// Cut short: refused.
	b, _ := os.ReadFile(out)
	os.WriteFile(out, b[:len(b)-100], 0o644)
	if _, err := ReadAny(context.Background(), out, nil); !errors.Is(err, ErrInput) {
		t.Errorf("a file cut short: %v", err)
	}
}

// Any GeoPackage version from 1.0 to 1.4 is read, whatever its writer;
// a SQLite file that is not a GeoPackage, or a later version, is refused.
func TestReadAnyVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.gpkg")
	layer := Layer{Name: "parcels", SRSID: 4326, GeomType: "POLYGON", Fields: []Field{{"sheet", Integer}, {"note", Text}},
		Features: []Feature{{Geometry: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, Values: []any{int64(7), "a"}}, {Geometry: nil, Values: []any{nil, nil}}}}
	if err := Write(context.Background(), path, nil, []Layer{layer}); err != nil {
		t.Fatal(err)
	}
	set := func(app, ver uint32) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		binary.BigEndian.PutUint32(b[68:], app)
		binary.BigEndian.PutUint32(b[60:], ver)
		os.WriteFile(path, b, 0o644)
	}
	for _, tc := range []struct {
		app, ver uint32
		ok       bool
	}{
		{appGPKG, 10300, true}, {appGPKG, 10400, true}, {appGPKG, 10200, true}, {appGP10, 0, true}, {appGP11, 0, true},
		{appGPKG, 10500, false}, {0, 0, false},
	} {
		set(tc.app, tc.ver)
		ts, err := ReadAny(context.Background(), path, nil)
		switch {
		case tc.ok && err != nil:
			t.Errorf("app %08x version %d: %v", tc.app, tc.ver, err)
		case tc.ok && (len(ts) != 1 || len(ts[0].Features) != 2 || ts[0].Features[0].Values[0] != int64(7) || ts[0].Fields[1].Name != "note"):
			t.Errorf("app %08x version %d: read %+v", tc.app, tc.ver, ts)
		case !tc.ok && !errors.Is(err, ErrInput):
			t.Errorf("app %08x version %d: %v, want ErrInput", tc.app, tc.ver, err)
		}
	}
}
