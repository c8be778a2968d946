package registry_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/internal/gpkg"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

var sampleDir = filepath.Join("..", "..", "testdata", "town")

var (
	sampleOnce sync.Once
	sampleReg  *registry.Registry
	sampleErr  error
)

// sample is the registry of the committed sample town.
func sample(t testing.TB) *registry.Registry {
	t.Helper()
	sampleOnce.Do(func() {
		src, err := registry.LoadDir(context.Background(), sampleDir, 0)
		if err != nil {
			sampleErr = err
			return
		}
		sampleReg, sampleErr = registry.Build(context.Background(), src, registry.Options{IDKey: testKey})
	})
	require.NoError(t, sampleErr)
	return sampleReg
}

type plantedKey struct{ layer, record, reason string }

func planted(t testing.TB) map[plantedKey]string {
	f, err := os.Open(filepath.Join(sampleDir, "planted.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	out := map[plantedKey]string{}
	for _, r := range rows[1:] {
		out[plantedKey{r[0], r[1], r[2]}] = r[3]
	}
	return out
}

// Every deliberate error of the sample town is found, and nothing else.
func TestSampleTownFindings(t *testing.T) {
	reg := sample(t)
	want := planted(t)
	require.Len(t, want, 14, "the sample plants 14 errors")
	got := map[plantedKey]registry.Finding{}
	for _, f := range reg.Findings() {
		got[plantedKey{f.Layer, f.Record, string(f.Reason)}] = f
		assert.NotEmpty(t, f.Evidence)
	}
	for k, what := range want {
		assert.Contains(t, got, k, "planted error not found: %s", what)
	}
	for k, f := range got {
		assert.Contains(t, want, k, "finding on the clean part: %s", f.Evidence)
	}
	// Reasons cover every rule of the issue.
	reasons := map[string]bool{}
	for k := range want {
		reasons[k.reason] = true
	}
	for _, r := range []finding.Reason{finding.Parity, finding.Order, finding.Duplicate, finding.OutsideParcel, finding.ParcelMismatch,
		finding.ParcelCommune, finding.PostcodeMismatch, finding.CommuneMismatch, finding.BadID, finding.DuplicateID} {
		assert.True(t, reasons[string(r)], "no planted %s", r)
	}
}

// The committed sample is what the generator makes today.
func TestSampleIsGenerated(t *testing.T) {
	tw, err := towngen.Generate(context.Background(), towngen.Config{Seed: 1, Cols: 6, Rows: 4, Errors: true, Prenumber: true})
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, towngen.WriteDir(dir, tw))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		a, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(sampleDir, e.Name()))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(a, b), "testdata/town/%s is stale: run go run ./testdata/gen/town", e.Name())
	}
}

func TestSampleTownLinks(t *testing.T) {
	reg := sample(t)
	src := reg.Source()
	assert.Len(t, slices.Collect(reg.Houses()), len(src.Buildings))
	assert.Equal(t, len(src.Buildings), reg.HouseCount())
	assert.Equal(t, len(src.Streets), reg.StreetCount())
	assert.Equal(t, len(src.Parcels), reg.ParcelCount())
	streets := map[string]bool{}
	for h := range reg.Houses() {
		require.True(t, h.ID.IsValid(), h.Source)
		_, numbered := h.Street()
		require.True(t, numbered, "%s not numbered", h.Source)
		assert.True(t, h.Number.IsValid())
		assert.True(t, h.Commune.IsValid(), h.Source)
		assert.True(t, h.Legacy.IsValid(), h.Source)
		assert.True(t, h.Postcode.IsValid(), h.Source)
		streets[streetOf(t, reg, h).ID] = true
		// The house is in the parcel its building names (but for the
		// planted kiosk and the planted wrong name).
		f := src.Buildings[index(h.Ref())]
		if ref, ok := h.Parcel(); ok {
			p, ok := reg.Parcel(ref)
			require.True(t, ok)
			n, _, _ := f.Props.Int("parcel_number")
			if f.Props.String("id") != "b000227" {
				assert.Equal(t, int(n), p.Key.Number, h.Source)
			}
		}
	}
	assert.Len(t, streets, len(src.Streets), "every street and alley has houses")
	// The two communes' postcodes, and legacy wards of the right 2025 ward.
	pcs := map[string]string{}
	for h := range reg.Houses() {
		pcs[h.Commune.String()] = h.Postcode.String()
	}
	assert.Equal(t, map[string]string{"27478": "72917", "27484": "72907"}, pcs)
	// Alleys got their numbers: from the source in the old quarter,
	// assigned in the new one; sub-alleys carry their parent's.
	for s := range reg.Streets() {
		ref, alley := s.Parent()
		if !alley {
			continue
		}
		require.True(t, s.Number.IsValid(), s.ID)
		if strings.HasPrefix(s.ID, "s-") {
			parent, ok := reg.Street(ref)
			require.True(t, ok)
			if parent.ID != "a-4-0" { // the planted 999
				assert.True(t, strings.HasPrefix(s.Number.String(), parent.Number.String()+"/"), "%s %s under %s", s.ID, s.Number, parent.Number)
			}
		}
	}
	// Housing groups and the planned lots.
	var groups, planned int
	for h := range reg.Houses() {
		if g, _ := h.Number.Group(); g != "" {
			groups++
		}
		if src.Buildings[index(h.Ref())].Props.Bool("planned") {
			planned++
		}
	}
	assert.Equal(t, 8, groups)
	assert.Equal(t, 6, planned, "two planned lots on each radial street")
}

// index is a record's position in its layer.
func index(r interface{ Index() (int, bool) }) int {
	i, ok := r.Index()
	if !ok {
		panic("the zero ref")
	}
	return i
}

// streetOf is the street a house is numbered on.
func streetOf(t testing.TB, reg *registry.Registry, h registry.House) registry.Street {
	t.Helper()
	ref, ok := h.Street()
	require.True(t, ok, "%s is not numbered", h.Source)
	s, ok := reg.Street(ref)
	require.True(t, ok)
	return s
}

func TestQueries(t *testing.T) {
	reg := sample(t)
	src := reg.Source()
	for h := range reg.Houses() {
		got, ok := reg.ByID(h.ID)
		require.True(t, ok)
		require.Equal(t, h.Source, got.Source)
		got, ok = reg.BySource(h.Source)
		require.True(t, ok)
		require.Equal(t, h.ID, got.ID)
		// Reverse geocoding the house's point gives the house, its
		// parcel, commune and postcode.
		pl, err := reg.At(h.Point)
		require.NoError(t, err)
		require.True(t, pl.HasHouse, h.Source)
		assert.Equal(t, h.Source, pl.House.Source)
		assert.Equal(t, h.Commune, pl.Commune)
		assert.Equal(t, h.Postcode, pl.Postcode)
		assert.Equal(t, h.Legacy, pl.Legacy)
		if ref, ok := h.Parcel(); ok {
			assert.Equal(t, ref, pl.Parcel.Ref())
			in, _ := reg.Parcel(ref)
			assert.Equal(t, in.Key, pl.Parcel.Key)
			p, hs, ok := reg.ByParcelKey(pl.Parcel.Key)
			require.True(t, ok)
			assert.Equal(t, pl.Parcel.ID, p.ID)
			assert.Contains(t, sources(hs), h.Source)
			p2, _, ok := reg.ByParcelID(p.ID)
			require.True(t, ok)
			assert.Equal(t, p.Key, p2.Key)
		}
		require.True(t, pl.HasStreet)
	}
	// The nearest street of a door is the street it is numbered on, with
	// the side of its parity (houses with one door; a corner house's main
	// door may be as near the cross street).
	doors := map[string]int{}
	for _, e := range src.Entrances {
		doors[e.Props.String("building")]++
	}
	checked, mouths := 0, 0
	for h := range reg.Houses() {
		if g, _ := h.Number.Group(); doors[h.Source] > 1 || g != "" || src.Buildings[index(h.Ref())].Props.String("floors") != "" {
			continue // deep in the block: another street may be nearer
		}
		pl, err := reg.At(h.Door)
		require.NoError(t, err)
		require.True(t, pl.HasStreet)
		if on, _ := h.Street(); pl.Street != on {
			// At an alley's mouth the alley may be nearer.
			got, _ := reg.Street(pl.Street)
			parent, _ := got.Parent()
			require.Equal(t, on, parent, "%s: nearest %s", h.Source, got.ID)
			mouths++
			continue
		}
		require.Equal(t, h.Side, pl.Location.Side, h.Source)
		require.InDelta(t, float64(h.Along), float64(pl.Location.Along), 0.01, h.Source)
		checked++
	}
	assert.Greater(t, checked, 1200)
	assert.Less(t, mouths, 30)
	// Address text, as formatted and in the southern short form, finds
	// the house.
	found := 0
	for h := range reg.Houses() {
		if index(h.Ref())%7 != 0 {
			continue
		}
		text := address.Format(reg.Address(h), address.Official)
		hs, a, err := reg.Lookup(text)
		require.NoError(t, err, text)
		if assert.Contains(t, sources(hs), h.Source, "%q read as %q / %q", text, a.HouseNumber, a.Street) {
			found++
		}
	}
	assert.Greater(t, found, 150)
	hs, _, err := reg.Lookup("số 7 đường Nguyen Van Linh, P. Phu Thuan, TP HCM")
	require.NoError(t, err)
	assert.NotEmpty(t, hs)
	// The street's type word abbreviated as the type-word table has it
	// (package fold), without diacritics too.
	for _, text := range []string{"số 7 D. Nguyen Van Linh, P. Phu Thuan, TP HCM", "so 7 Dg Nguyen Van Linh, P Phu Thuan, TP HCM"} {
		got, a, err := reg.Lookup(text)
		require.NoError(t, err)
		assert.Equal(t, sources(hs), sources(got), "%q read as street %q", text, a.Street)
	}
	// External IDs index.
	for _, f := range src.Buildings {
		if v := f.Props.String("ext_vnpost-2021"); len(v) == 10 {
			e, err := address.ParseExternalID(address.SchemeVNPost, v)
			require.NoError(t, err)
			got, ok := reg.ByExternal(e)
			require.True(t, ok)
			assert.Equal(t, f.Props.String("id"), got.Source)
		}
	}
	// Misses.
	_, ok := reg.ByID(address.MustParseID("0000000000"))
	assert.False(t, ok)
	pl, err := reg.At(orb.Point{105, 21})
	assert.ErrorIs(t, err, registry.ErrOutside)
	assert.False(t, pl.HasHouse)
	assert.False(t, pl.HasParcel)
	assert.False(t, pl.HasStreet)
	pl, err = reg.At(orb.Point{1000, 1000})
	assert.ErrorIs(t, err, geo.ErrInvalidPoint)
	assert.False(t, pl.HasStreet)
}

func sources(hs []registry.House) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Source)
	}
	return out
}

// Many goroutines query one registry (run with -race).
func TestConcurrentQueries(t *testing.T) {
	reg := sample(t)
	hs := slices.Collect(reg.Houses())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for range 300 {
				h := hs[rng.IntN(len(hs))]
				if got, ok := reg.ByID(h.ID); !ok || got.Source != h.Source {
					t.Errorf("ByID %s", h.ID)
				}
				if pl, err := reg.At(h.Point); err != nil || !pl.HasHouse || pl.House.Source != h.Source {
					t.Errorf("At %v", h.Point)
				}
				if rng.IntN(10) == 0 {
					if _, _, err := reg.Lookup(address.Format(reg.Address(h), address.Official)); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
}

func TestSaveOpenIdentical(t *testing.T) {
	reg := sample(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(context.Background(), path))
	back, err := registry.Open(context.Background(), path, registry.Options{IDKey: testKey})
	require.NoError(t, err)
	assert.True(t, back.Sealed())
	assert.Equal(t, reg.Source(), back.Source(), "source layers read back exactly")
	assert.Equal(t, slices.Collect(reg.Houses()), slices.Collect(back.Houses()))
	assert.Equal(t, slices.Collect(reg.Parcels()), slices.Collect(back.Parcels()))
	assert.Equal(t, slices.Collect(reg.Streets()), slices.Collect(back.Streets()))
	assert.Equal(t, reg.Findings(), back.Findings())
	assert.Equal(t, reg.NextCounter(), back.NextCounter())
	// Saved again, the file is the same content (the digest covers it).
	path2 := filepath.Join(t.TempDir(), "again.gpkg")
	require.NoError(t, back.Save(context.Background(), path2))
	_, _, m1, err := gpkg.ReadMeta(context.Background(), path)
	require.NoError(t, err)
	_, _, m2, err := gpkg.ReadMeta(context.Background(), path2)
	require.NoError(t, err)
	assert.Equal(t, m1, m2)
	// GeoJSON export: one feature per house, valid JSON.
	var buf bytes.Buffer
	require.NoError(t, reg.WriteGeoJSON(&buf))
	fs, code, err := registry.ReadGeoJSON(&buf)
	require.NoError(t, err)
	assert.Zero(t, code)
	require.Len(t, fs, reg.HouseCount())
	h5, _ := reg.House(registry.HouseAt(5))
	assert.Equal(t, h5.ID.String(), fs[5].Props.String("address_id"))
}

// A file cut short or with a byte changed is refused with a clear error,
// never loaded in part.
func TestFaults(t *testing.T) {
	reg := sample(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "town.gpkg")
	require.NoError(t, reg.Save(context.Background(), path))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(8, 8))
	bad := filepath.Join(dir, "bad.gpkg")
	for range 20 {
		cut := rng.IntN(len(data))
		require.NoError(t, os.WriteFile(bad, data[:cut], 0o644))
		_, err := registry.Open(context.Background(), bad, registry.Options{})
		require.Error(t, err, "cut at %d", cut)
		assert.ErrorIs(t, err, gpkg.ErrCorrupt, "cut at %d", cut)
	}
	refused, harmless, later := 0, 0, 0
	for range 40 {
		at := rng.IntN(len(data))
		flipped := bytes.Clone(data)
		flipped[at] ^= byte(1 + rng.IntN(255))
		require.NoError(t, os.WriteFile(bad, flipped, 0o644))
		back, err := registry.Open(context.Background(), bad, registry.Options{})
		if err != nil {
			assert.ErrorIs(t, err, gpkg.ErrCorrupt, "flip at %d", at)
			refused++
			continue
		}
		// Opened from its snapshot: what it answers is what was saved.
		assert.Equal(t, slices.Collect(reg.Houses()), slices.Collect(back.Houses()), "flip at %d", at)
		if src := back.Source(); src != nil {
			// The file read whole (the first change, Save or Source does
			// it): a flip in unused space, everything unchanged.
			assert.Equal(t, reg.Source(), src, "flip at %d", at)
			harmless++
			continue
		}
		// A flip in a row Open did not read: the file read whole for
		// Source is refused, and so is a change.
		_, err = back.Retire(context.Background(), registry.Change{}, "b000001")
		assert.ErrorIs(t, err, gpkg.ErrCorrupt, "flip at %d", at)
		assert.ErrorIs(t, back.Save(context.Background(), filepath.Join(dir, "again.gpkg")), gpkg.ErrCorrupt, "flip at %d", at)
		later++
	}
	t.Logf("byte flips: %d refused on opening, %d refused when the file is read whole, %d in unused space (content identical)", refused, later, harmless)
	assert.Positive(t, refused)
	// A byte of a house's data changed: refused. Every copy of it is
	// changed, as SQLite may leave an old copy of a page in free space.
	h10, _ := reg.House(registry.HouseAt(10))
	id := []byte(h10.ID.String())
	require.Positive(t, bytes.Count(data, id))
	flipped := bytes.ReplaceAll(data, id, append([]byte{'9' - (id[0] - '0')}, id[1:]...))
	require.NoError(t, os.WriteFile(bad, flipped, 0o644))
	_, err = registry.Open(context.Background(), bad, registry.Options{})
	assert.ErrorIs(t, err, gpkg.ErrCorrupt)
	assert.Contains(t, err.Error(), "altered")
	// Not a GeoPackage at all.
	require.NoError(t, os.WriteFile(bad, []byte("hello"), 0o644))
	_, err = registry.Open(context.Background(), bad, registry.Options{})
	assert.ErrorIs(t, err, gpkg.ErrCorrupt)
}

func TestSchemaVersion(t *testing.T) {
	srs := []gpkg.SRS{}
	layer := gpkg.Layer{Name: "houses", SRSID: 4326, GeomType: "POINT", Fields: []gpkg.Field{{Name: "properties", Type: gpkg.Text}}}
	for _, c := range []struct {
		meta [][2]string
		msg  string
	}{
		{nil, "no registry schema version"},
		{[][2]string{{"registry_schema", "99"}}, "registry schema 99"},
	} {
		path := filepath.Join(t.TempDir(), "x.gpkg")
		require.NoError(t, gpkg.WriteMeta(context.Background(), path, srs, []gpkg.Layer{layer}, c.meta))
		_, err := registry.Open(context.Background(), path, registry.Options{})
		assert.ErrorIs(t, err, registry.ErrSchema)
		assert.ErrorContains(t, err, c.msg)
	}
}

func TestBadSources(t *testing.T) {
	line := func(id string) registry.Feature {
		return registry.Feature{Geometry: orb.LineString{{106.70, 10.77}, {106.71, 10.77}}, Props: registry.Props{{Key: "id", Value: id}}}
	}
	bld := func(id string, p orb.Point) registry.Feature {
		return registry.Feature{Geometry: p, Props: registry.Props{{Key: "id", Value: id}}}
	}
	ctx := context.Background()
	cases := map[string]*registry.Source{
		"street without id":   {Streets: []registry.Feature{line("")}},
		"two streets one id":  {Streets: []registry.Feature{line("a"), line("a")}},
		"building without id": {Streets: []registry.Feature{line("a")}, Buildings: []registry.Feature{bld("", orb.Point{106.705, 10.7701})}},
		"unknown CRS":         {CRS: 1234, Streets: []registry.Feature{line("a")}},
		"parcels need a zone": {Parcels: []registry.Feature{{Geometry: orb.Polygon{{{106.7, 10.7}, {106.701, 10.7}, {106.701, 10.701}, {106.7, 10.7}}},
			Props: registry.Props{{Key: "commune", Value: "27478"}, {Key: "sheet", Value: int64(1)}, {Key: "number", Value: int64(1)}}}}},
	}
	for name, src := range cases {
		_, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
		assert.ErrorIs(t, err, registry.ErrSource, name)
	}
	// Records the registry cannot use are findings, not failures: a
	// street with one point, a building with a bad coordinate, a parcel
	// with text for its number, a building far from every street.
	src := &registry.Source{
		Streets: []registry.Feature{line("a"), {Geometry: orb.LineString{{106.7, 10.7}}, Props: registry.Props{{Key: "id", Value: "b"}}}},
		Buildings: []registry.Feature{bld("h1", orb.Point{106.705, 10.7701}), bld("h2", orb.Point{500, 10}),
			bld("h3", orb.Point{106.705, 10.79}), {Geometry: orb.Point{106.706, 10.7701}, Props: registry.Props{{Key: "id", Value: "h4"}, {Key: "street", Value: "zz"}}}},
		Parcels: []registry.Feature{{Geometry: orb.Polygon{{{106.7, 10.7}, {106.701, 10.7}, {106.701, 10.701}, {106.7, 10.7}}},
			Props: registry.Props{{Key: "commune", Value: "27478"}, {Key: "sheet", Value: "x"}, {Key: "number", Value: int64(1)}, {Key: "parcel_id", Value: "w3gv7cp47ee1"}}}},
	}
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	got := map[string][]finding.Reason{}
	for _, f := range reg.Findings() {
		got[f.Record] = append(got[f.Record], f.Reason)
	}
	assert.Equal(t, []finding.Reason{finding.InvalidGeometry}, got["b"])
	assert.Equal(t, []finding.Reason{finding.InvalidGeometry}, got["h2"])
	assert.Equal(t, []finding.Reason{finding.NotNumbered, finding.OutsideParcel}, got["h3"])
	assert.Equal(t, []finding.Reason{finding.UnknownStreet, finding.NotNumbered, finding.OutsideParcel}, got["h4"])
	assert.Equal(t, []finding.Reason{finding.BadAttribute}, got["parcels#0"])
	// Numbered towards the west, a house north of the street is on the
	// right: even.
	h, ok := reg.BySource("h1")
	require.True(t, ok)
	assert.Equal(t, "2", h.Number.String())
	assert.Equal(t, geo.SideRight, h.Side)
	assert.Equal(t, numbering.Fresh, h.Status)
	_, ok = reg.BySource("h2")
	assert.False(t, ok, "a building without a usable point is not a house")
}

func TestReadGeoJSON(t *testing.T) {
	fs, code, err := registry.ReadGeoJSON(strings.NewReader(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::9210"}},
		"features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[600000,1190000]},"properties":{"z":1.50,"a":"x","n":null}}]}`))
	require.NoError(t, err)
	assert.EqualValues(t, 9210, code)
	require.Len(t, fs, 1)
	assert.Equal(t, []string{"z", "a", "n"}, []string{fs[0].Props[0].Key, fs[0].Props[1].Key, fs[0].Props[2].Key}, "order kept")
	assert.Equal(t, "1.50", fs[0].Props.String("z"), "numbers as written")
	for name, in := range map[string]string{
		"not json":        `hello`,
		"not a FC":        `{"type":"Feature"}`,
		"bad crs":         `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:1"}},"features":[]}`,
		"bad geometry":    `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Blob"}}]}`,
		"duplicate key":   `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"a":1,"a":2}}]}`,
		"truncated":       `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null`,
		"not a feature":   `{"type":"FeatureCollection","features":[{"type":"Point"}]}`,
		"properties list": `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":[1]}]}`,
	} {
		_, _, err := registry.ReadGeoJSON(strings.NewReader(in))
		assert.ErrorIs(t, err, registry.ErrSource, name)
	}
}

func FuzzReadGeoJSON(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":"a"}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:9210"}},"features":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, _, err := registry.ReadGeoJSON(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, registry.ErrSource) && !errors.Is(err, registry.ErrTooLarge) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// Whatever is read builds or fails with a typed error, never a
		// panic.
		src := &registry.Source{Buildings: fs, Streets: fs}
		if _, err := registry.Build(context.Background(), src, registry.Options{ParcelZone: 9210, DemoKey: true}); err != nil &&
			!errors.Is(err, registry.ErrSource) {
			t.Fatalf("untyped build error %v", err)
		}
	})
}

func Example() {
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	if err != nil {
		panic(err)
	}
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	if err != nil {
		panic(err)
	}
	h, _ := reg.BySource("b000300")
	fmt.Println(address.Format(reg.Address(h), address.Official))
	in, _ := h.Parcel()
	p, _ := reg.Parcel(in)
	fmt.Println(p.Key)
	// Output:
	// Số 37 Đường Nguyễn Thị Thập, Phường Phú Thuận, Thành phố Hồ Chí Minh, 72907
	// 2025:commune:27484/6/22
}

// A point in a parcel gives the parcel and the nearest of its houses
// (one, several, or none: then the nearest house within HouseRadius).
func TestAtParcelHouses(t *testing.T) {
	bld := func(id string, p orb.Point) registry.Feature {
		return registry.Feature{Geometry: p, Props: registry.Props{{Key: "id", Value: id}}}
	}
	parcel := func(n int64, x0, x1 float64) registry.Feature {
		return registry.Feature{Geometry: orb.Polygon{{{x0, 10.7702}, {x1, 10.7702}, {x1, 10.7712}, {x0, 10.7712}, {x0, 10.7702}}},
			Props: registry.Props{{Key: "commune", Value: "27478"}, {Key: "sheet", Value: int64(1)}, {Key: "number", Value: n}}}
	}
	src := &registry.Source{
		Streets: []registry.Feature{{Geometry: orb.LineString{{106.70, 10.77}, {106.71, 10.77}}, Props: registry.Props{{Key: "id", Value: "s"}, {Key: "name", Value: "Phố Một"}}},
			// Drawn west to east in two parts, numbered east to west.
			{Geometry: orb.MultiLineString{{{106.70, 10.76}, {106.705, 10.76}}, {{106.705, 10.76}, {106.71, 10.76}}}, Props: registry.Props{{Key: "id", Value: "t"}, {Key: "name", Value: "Phố Hai"}}}},
		Parcels: []registry.Feature{parcel(1, 106.702, 106.704), parcel(2, 106.705, 106.706), parcel(3, 106.707, 106.708)},
		Buildings: []registry.Feature{bld("a1", orb.Point{106.7025, 10.7705}), bld("b", orb.Point{106.7055, 10.7705}),
			bld("a2", orb.Point{106.7038, 10.7708})},
	}
	reg, err := registry.Build(context.Background(), src, registry.Options{ParcelZone: 9210, DemoKey: true})
	require.NoError(t, err)
	for _, c := range []struct {
		p      orb.Point
		parcel int
		house  string
	}{
		{orb.Point{106.7025, 10.7705}, 1, "a1"},
		{orb.Point{106.7034, 10.7709}, 1, "a2"}, // nearer a2, same parcel
		{orb.Point{106.7029, 10.7703}, 1, "a1"},
		{orb.Point{106.7051, 10.7711}, 2, "b"},
		{orb.Point{106.7075, 10.7705}, 3, ""},   // an empty parcel, no house within 50 m
		{orb.Point{106.7041, 10.7708}, 0, "a2"}, // between parcels: the nearest house
		{orb.Point{106.7075, 10.7601}, 0, ""},   // by the street of two parts
	} {
		pl, err := reg.At(c.p)
		require.NoError(t, err, "%v", c.p)
		require.Equal(t, c.parcel != 0, pl.HasParcel, "%v", c.p)
		if c.parcel != 0 {
			assert.Equal(t, c.parcel, pl.Parcel.Key.Number, "%v", c.p)
		}
		require.Equal(t, c.house != "", pl.HasHouse, "%v", c.p)
		if c.house != "" {
			assert.Equal(t, c.house, pl.House.Source, "%v", c.p)
			h, _ := reg.BySource(c.house)
			assert.InDelta(t, float64(geo.Distance(c.p, h.Point)), float64(pl.HouseDistance), 0.005*float64(pl.HouseDistance)+0.01, "%v", c.p) // the local plane
		}
		// The nearest street, with the point's place along it and side in
		// its numbering direction.
		want := 0
		if c.p[1] < 10.765 {
			want = 1
		}
		require.True(t, pl.HasStreet, "%v", c.p)
		require.Equal(t, registry.StreetAt(want), pl.Street, "%v", c.p)
		s, _ := reg.Street(pl.Street)
		loc, err := s.Line.Locate(c.p)
		require.NoError(t, err)
		assert.Equal(t, loc, pl.Location, "%v", c.p)
	}
	pl, err := reg.At(orb.Point{106.7075, 10.7601})
	require.NoError(t, err)
	assert.Equal(t, geo.SideRight, pl.Location.Side, "north of a street numbered westwards")
	assert.InDelta(t, 274, float64(pl.Location.Along), 1, "from the east end")
}

// A parcel's map sheet and number are cadastral counts: whole numbers from
// 1 in digits. Anything else is a finding on the parcel, never a key such
// as ".../-3/6".
func TestParcelKeyCounts(t *testing.T) {
	ctx := context.Background()
	parcel := func(sheet any) registry.Feature {
		return registry.Feature{Geometry: orb.Polygon{{{106.7, 10.7}, {106.701, 10.7}, {106.701, 10.701}, {106.7, 10.7}}},
			Props: registry.Props{{Key: "commune", Value: "27478"}, {Key: "sheet", Value: sheet}, {Key: "number", Value: int64(6)}, {Key: "parcel_id", Value: "w3gv7cp47ee1"}}}
	}
	for _, sheet := range []any{"-3", "0", "1e3", "5.", "+5", json.Number("1e3"), json.Number("-3"), int64(0), float64(2.5), "99999999999"} {
		reg, err := registry.Build(ctx, &registry.Source{Parcels: []registry.Feature{parcel(sheet)}}, registry.Options{DemoKey: true})
		require.NoError(t, err, "%v", sheet)
		var reasons []finding.Reason
		for _, f := range reg.Findings() {
			reasons = append(reasons, f.Reason)
		}
		assert.Contains(t, reasons, finding.BadAttribute, "sheet %#v", sheet)
		for p := range reg.Parcels() {
			assert.False(t, p.Key.Commune.IsValid(), "sheet %#v: no key made", sheet)
		}
	}
	for _, sheet := range []any{" 7 ", "7", int64(7), json.Number("7"), float64(7)} {
		reg, err := registry.Build(ctx, &registry.Source{Parcels: []registry.Feature{parcel(sheet)}}, registry.Options{DemoKey: true})
		require.NoError(t, err, "%v", sheet)
		for p := range reg.Parcels() {
			assert.Equal(t, "2025:commune:27478/7/6", p.Key.String(), "sheet %#v", sheet)
		}
	}
}
