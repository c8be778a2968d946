package registry_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/gpkg"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

// savedPair saves a registry and opens the file both ways: whole (Open)
// and in part (OpenSaved).
func savedPair(t *testing.T, reg *registry.Registry, opts registry.Options) (*registry.Registry, *registry.Saved) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reg.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	whole, err := registry.Open(ctx, path, opts)
	require.NoError(t, err)
	part, err := registry.OpenSaved(ctx, path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { part.Close() })
	return whole, part
}

// atPoints are the points the two ways are compared at: every house's
// point and door, the vertices and edge midpoints of the parcels (points
// on boundaries, shared by neighbours), points scattered around the
// houses, points over the extent and beyond it, and invalid points.
func atPoints(t *testing.T, reg *registry.Registry, seed uint64) []orb.Point {
	t.Helper()
	var pts []orb.Point
	rng := rand.New(rand.NewPCG(seed, 1))
	// An eighth of the houses and parcels; every one with
	// DIACHI_EXHAUSTIVE=1.
	step := 8
	if os.Getenv("DIACHI_EXHAUSTIVE") != "" {
		step = 1
	}
	k := 0
	for h := range reg.Houses() {
		if k++; h.Point == (orb.Point{}) || k%step != 0 {
			continue
		}
		pts = append(pts, h.Point, h.Door)
		for range 2 {
			pts = append(pts, orb.Point{h.Point[0] + (rng.Float64()-0.5)*8e-4, h.Point[1] + (rng.Float64()-0.5)*8e-4})
		}
	}
	src := reg.Source()
	wgs := func(p orb.Point) orb.Point { return p }
	if src.CRS != crs.WGS84 {
		tr, err := crs.NewTransformer(src.CRS, crs.WGS84)
		require.NoError(t, err)
		wgs = func(p orb.Point) orb.Point {
			lat, lon, err := tr.Transform(p[0], p[1])
			require.NoError(t, err)
			return orb.Point{lon, lat}
		}
	}
	for k, f := range src.Parcels {
		if k%(2*step) != 0 {
			continue
		}
		poly, ok := f.Geometry.(orb.Polygon)
		if !ok {
			continue
		}
		r := poly[0]
		for i := 0; i+1 < len(r); i++ {
			a, b := wgs(r[i]), wgs(r[i+1])
			pts = append(pts, a, orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
		}
	}
	ext, ok := reg.Extent()
	require.True(t, ok)
	w, h := ext.Max[0]-ext.Min[0], ext.Max[1]-ext.Min[1]
	for range 300 {
		// Over the extent and a fifth beyond each side: some outside.
		pts = append(pts, orb.Point{ext.Min[0] - w/5 + rng.Float64()*w*1.4, ext.Min[1] - h/5 + rng.Float64()*h*1.4})
	}
	pts = append(pts, orb.Point{math.NaN(), 10.7}, orb.Point{106.7, 91}, orb.Point{0, 0},
		orb.Point{ext.Min[1], ext.Min[0]}, orb.Point{ext.Max[0] + 0.0015, ext.Max[1]}, orb.Point{ext.Min[0] - 0.01, ext.Min[1]})
	return pts
}

// sameAnswers checks that the registry read in part answers every point
// as the registry opened whole does, errors included, and returns how
// many answers were a house of a parcel of several houses, a house found
// outside any parcel, and an error.
func sameAnswers(t *testing.T, whole *registry.Registry, part *registry.Saved, pts []orb.Point) (several, free, errs int) {
	inParcel := 0
	defer func() {
		t.Logf("%d points: %d in a parcel, %d houses of parcels of several, %d houses outside parcels, %d errors", len(pts), inParcel, several, free, errs)
	}()
	t.Helper()
	ctx := context.Background()
	for _, p := range pts {
		pl, werr := whole.At(p)
		got, perr := part.At(ctx, p)
		if werr != nil {
			require.Error(t, perr, "point %v", p)
			require.Equal(t, werr.Error(), perr.Error(), "point %v", p)
			var we, pe *registry.PointError
			require.True(t, errors.As(werr, &we) && errors.As(perr, &pe))
			require.Equal(t, we.Reach, pe.Reach)
			require.Equal(t, we.Swapped, pe.Swapped)
			require.Equal(t, errors.Is(werr, registry.ErrOutside), errors.Is(perr, registry.ErrOutside))
			errs++
			continue
		}
		require.NoError(t, perr, "point %v", p)
		require.Equal(t, whole.Answer(pl), got, "point %v", p)
		if pl.HasParcel {
			inParcel++
		}
		if pl.HasParcel && pl.HasHouse {
			if _, hs, _ := whole.ByParcelKey(pl.Parcel.Key); len(hs) > 1 {
				several++
			}
		}
		if !pl.HasParcel && pl.HasHouse {
			free++
		}
	}
	return several, free, errs
}

// The sample town read in part answers every point as opened whole.
func TestSavedAtSample(t *testing.T) {
	reg := sample(t)
	whole, part := savedPair(t, reg, registry.Options{IDKey: testKey})
	assert.True(t, part.Sealed())
	assert.False(t, part.DemoKey())
	e1, _ := whole.Extent()
	e2, _ := part.Extent()
	assert.Equal(t, e1, e2)
	_, free, errs := sameAnswers(t, whole, part, atPoints(t, reg, 1))
	assert.Positive(t, free, "no house found outside a parcel")
	assert.Positive(t, errs, "no point outside")
}

// A generated town, bigger and without planted errors, read in part
// answers as opened whole; and without a key too.
func TestSavedAtGenerated(t *testing.T) {
	tw, err := towngen.Generate(context.Background(), towngen.Config{Seed: 3, Cols: 4, Rows: 3, ParcelIDs: true})
	require.NoError(t, err)
	reg, err := registry.Build(context.Background(), tw.Source, registry.Options{DemoKey: true})
	require.NoError(t, err)
	whole, part := savedPair(t, reg, registry.Options{})
	assert.False(t, part.Sealed())
	assert.True(t, part.DemoKey())
	sameAnswers(t, whole, part, atPoints(t, reg, 2))
}

// Where parcels overlap, the parcel holding a point, and so the houses of
// each, are the same read in part as opened whole: the first in the
// parcel index's order, which is not the source order.
func TestSavedAtOverlap(t *testing.T) {
	sq := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	parcel := func(n int, g orb.Geometry) registry.Feature {
		return registry.Feature{Geometry: g, Props: registry.Props{{Key: "commune", Value: "27478"}, {Key: "sheet", Value: int64(1)}, {Key: "number", Value: int64(n)}}}
	}
	bld := func(id string, p orb.Point) registry.Feature {
		return registry.Feature{Geometry: p, Props: registry.Props{{Key: "id", Value: id}, {Key: "street", Value: "s"}}}
	}
	src := &registry.Source{
		CRS: 9210,
		Streets: []registry.Feature{{Geometry: orb.LineString{{606600, 1188300}, {606800, 1188300}},
			Props: registry.Props{{Key: "id", Value: "s"}, {Key: "name", Value: "Đường Một"}}}},
		Parcels: []registry.Feature{
			parcel(1, sq(606700, 1188310, 606730, 1188340)), // the later ones overlap it
			parcel(2, sq(606610, 1188310, 606720, 1188330)),
			parcel(3, sq(606715, 1188305, 606790, 1188345)),
			parcel(4, sq(606600, 1188350, 606640, 1188390)),
		},
		Buildings: []registry.Feature{
			bld("a", orb.Point{606705, 1188315}), bld("b", orb.Point{606718, 1188320}),
			bld("c", orb.Point{606725, 1188335}), bld("d", orb.Point{606760, 1188320}),
			bld("e", orb.Point{606620, 1188320}), bld("f", orb.Point{606620, 1188370}),
			bld("g", orb.Point{606630, 1188380}), bld("h", orb.Point{606650, 1188360}),
		},
	}
	reg, err := registry.Build(context.Background(), src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	whole, part := savedPair(t, reg, registry.Options{DemoKey: true})
	var pts []orb.Point
	for x := 606598.0; x <= 606800; x += 2.5 {
		for y := 1188298.0; y <= 1188400; y += 2.5 {
			lat, lon, err := mustTM(t).Transform(x, y)
			require.NoError(t, err)
			pts = append(pts, orb.Point{lon, lat})
		}
	}
	several, free, _ := sameAnswers(t, whole, part, pts)
	assert.Positive(t, several)
	assert.Positive(t, free)
}

func mustTM(t *testing.T) *crs.Transformer {
	tr, err := crs.NewTransformer(9210, crs.WGS84)
	require.NoError(t, err)
	return tr
}

// A file is read in part only when it keeps what that needs (schema 4):
// a schema 3 file gives ErrPartial and Open reads it (TestOpenSchema3);
// the wrong key, a seal removed, or a file cut short are refused as Open
// refuses them.
func TestOpenSavedRefuses(t *testing.T) {
	ctx := context.Background()
	reg := sample(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "reg.gpkg")
	require.NoError(t, reg.Save(ctx, path))

	_, err := registry.OpenSaved(ctx, path, registry.Options{IDKey: []byte("another office key, 32 bytes....")})
	assert.ErrorIs(t, err, gpkg.ErrTampered)
	_, err = registry.OpenSaved(ctx, path, registry.Options{DemoKey: true})
	assert.ErrorIs(t, err, gpkg.ErrTampered)

	b, err := os.ReadFile(path)
	require.NoError(t, err)
	cut := filepath.Join(dir, "cut.gpkg")
	require.NoError(t, os.WriteFile(cut, b[:len(b)/2], 0o644))
	_, err = registry.OpenSaved(ctx, cut, registry.Options{IDKey: testKey})
	assert.ErrorIs(t, err, gpkg.ErrCorrupt)

	s, err := registry.OpenSaved(ctx, path, registry.Options{IDKey: testKey})
	require.NoError(t, err)
	done, cancel := context.WithCancel(ctx)
	cancel()
	h := slices.Collect(reg.Houses())[0]
	_, err = s.At(done, h.Point)
	assert.ErrorIs(t, err, context.Canceled, "a cancelled query is not a damaged file")
	require.NoError(t, s.Close())

	missing := filepath.Join(dir, "none.gpkg")
	_, err = registry.OpenSaved(ctx, missing, registry.Options{})
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// A Saved answers many goroutines at once, each as it answers one.
func TestSavedAtConcurrent(t *testing.T) {
	reg := sample(t)
	whole, part := savedPair(t, reg, registry.Options{IDKey: testKey})
	pts := atPoints(t, reg, 5)[:400]
	want := make([]registry.Answer, len(pts))
	for i, p := range pts {
		if pl, err := whole.At(p); err == nil {
			want[i] = whole.Answer(pl)
		}
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(pts); i += 4 {
				got, err := part.At(ctx, pts[i])
				if err == nil && got != want[i] {
					t.Errorf("point %v: %+v, want %+v", pts[i], got, want[i])
				}
			}
		})
	}
	wg.Wait()
}

// A registry whose layers are in WGS84 (the R-trees in degrees) read in
// part answers as opened whole.
func TestSavedAtWGS84(t *testing.T) {
	src := sample(t).Source()
	tr, err := crs.NewTransformer(src.CRS, crs.WGS84)
	require.NoError(t, err)
	conv := func(p orb.Point) orb.Point {
		lat, lon, err := tr.Transform(p[0], p[1])
		require.NoError(t, err)
		return orb.Point{lon, lat}
	}
	ring := func(r []orb.Point) []orb.Point {
		out := make([]orb.Point, len(r))
		for i, p := range r {
			out[i] = conv(p)
		}
		return out
	}
	var geom func(g orb.Geometry) orb.Geometry
	geom = func(g orb.Geometry) orb.Geometry {
		switch g := g.(type) {
		case orb.Point:
			return conv(g)
		case orb.LineString:
			return orb.LineString(ring(g))
		case orb.MultiLineString:
			out := orb.MultiLineString{}
			for _, l := range g {
				out = append(out, ring(l))
			}
			return out
		case orb.Polygon:
			out := orb.Polygon{}
			for _, r := range g {
				out = append(out, ring(r))
			}
			return out
		case orb.MultiPolygon:
			out := orb.MultiPolygon{}
			for _, p := range g {
				out = append(out, geom(p).(orb.Polygon))
			}
			return out
		}
		return g
	}
	for _, name := range []string{registry.LayerStreets, registry.LayerParcels, registry.LayerBuildings, registry.LayerEntrances, registry.LayerCommunes, registry.LayerPostalZones} {
		fs, err := src.Layer(name)
		require.NoError(t, err)
		for i := range *fs {
			(*fs)[i].Geometry = geom((*fs)[i].Geometry)
		}
	}
	src.CRS = crs.WGS84
	reg, err := registry.Build(context.Background(), src, registry.Options{IDKey: testKey, ParcelZone: 9210})
	require.NoError(t, err)
	whole, part := savedPair(t, reg, registry.Options{IDKey: testKey})
	sameAnswers(t, whole, part, atPoints(t, reg, 4))
}

// TestSavedAtFile compares the two ways on a saved registry given by
// DIACHI_SAVED_FILE (a town of a million houses: opening it whole takes
// minutes and gigabytes), at the point and door of one house in 200, a
// point near each, and 2,000 points over the town and just beyond it.
func TestSavedAtFile(t *testing.T) {
	path := os.Getenv("DIACHI_SAVED_FILE")
	if path == "" {
		t.Skip("DIACHI_SAVED_FILE names no saved registry to compare on")
	}
	ctx := context.Background()
	part, err := registry.OpenSaved(ctx, path, registry.Options{})
	require.NoError(t, err)
	defer part.Close()
	whole, err := registry.Open(ctx, path, registry.Options{})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(9, 9))
	var pts []orb.Point
	for h := range whole.Houses() {
		if rng.IntN(200) == 0 {
			pts = append(pts, h.Point, h.Door, orb.Point{h.Point[0] + (rng.Float64()-0.5)*6e-4, h.Point[1] + (rng.Float64()-0.5)*6e-4})
		}
	}
	ext, _ := whole.Extent()
	w, h := ext.Max[0]-ext.Min[0], ext.Max[1]-ext.Min[1]
	for range 2000 {
		pts = append(pts, orb.Point{ext.Min[0] - w/50 + rng.Float64()*w*1.04, ext.Min[1] - h/50 + rng.Float64()*h*1.04})
	}
	sameAnswers(t, whole, part, pts)
}
