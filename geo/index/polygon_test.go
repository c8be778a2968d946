package index_test

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/internal/fabric"
)

func sq(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// A 2 × 2 tiling of unit squares, a square with a hole and its island,
// and a two-part multipolygon.
func TestBoundaryRule(t *testing.T) {
	feats := []index.Feature[string]{
		{Geometry: sq(0, 0, 1, 1), Value: "SW"},
		{Geometry: sq(1, 0, 2, 1), Value: "SE"},
		{Geometry: sq(0, 1, 1, 2), Value: "NW"},
		{Geometry: sq(1, 1, 2, 2), Value: "NE"},
		{Geometry: orb.Polygon{sq(3, 0, 6, 3)[0], {{4, 1}, {4, 2}, {5, 2}, {5, 1}, {4, 1}}}, Value: "frame"},
		{Geometry: sq(4, 1, 5, 2), Value: "island"},
		{Geometry: orb.MultiPolygon{sq(7, 0, 8, 1), sq(9, 0, 10, 1)}, Value: "two-plots"},
	}
	ix, err := index.BuildPolygonIndex(feats)
	require.NoError(t, err)
	tests := []struct {
		name string
		p    orb.Point
		want string // "" = none
	}{
		{"inside", orb.Point{0.5, 0.5}, "SW"},
		{"shared-vertical-edge-goes-east", orb.Point{1, 0.5}, "SE"},
		{"shared-horizontal-edge-goes-north", orb.Point{0.5, 1}, "NW"},
		{"four-way-vertex-goes-north-east", orb.Point{1, 1}, "NE"},
		{"south-outer-edge-is-in", orb.Point{0.5, 0}, "SW"},
		{"west-outer-edge-is-in", orb.Point{0, 0.5}, "SW"},
		{"east-outer-edge-is-out", orb.Point{2, 0.5}, ""},
		{"north-outer-edge-is-out", orb.Point{0.5, 2}, ""},
		{"south-west-corner-is-in", orb.Point{0, 0}, "SW"},
		{"in-the-frame", orb.Point{3.5, 0.5}, "frame"},
		{"in-the-hole-is-the-island", orb.Point{4.5, 1.5}, "island"},
		{"hole-edge-west-goes-to-island", orb.Point{4, 1.5}, "island"},
		{"hole-edge-east-goes-to-frame", orb.Point{5, 1.5}, "frame"},
		{"first-plot", orb.Point{7.5, 0.5}, "two-plots"},
		{"second-plot", orb.Point{9.5, 0.5}, "two-plots"},
		{"between-the-plots", orb.Point{8.5, 0.5}, ""},
		{"far-away", orb.Point{50, 50}, ""},
	}
	geoms := make([]orb.Geometry, len(feats))
	for i, f := range feats {
		geoms[i] = f.Geometry
	}
	ref := newRefGrid(geoms, 8)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ix.Containing(tc.p)
			assert.Equal(t, tc.want != "", ok)
			assert.Equal(t, tc.want, got)
			var all []string
			for v := range ix.AllContaining(tc.p) {
				all = append(all, v)
			}
			r := ref.containing(tc.p)
			require.Len(t, all, len(r), "the reference agrees")
			if tc.want != "" {
				assert.Equal(t, []string{tc.want}, all)
				assert.Equal(t, tc.want, feats[r[0]].Value)
			}
		})
	}
}

func TestOverlapsAndIntersecting(t *testing.T) {
	ix := &index.PolygonIndex[int]{}
	require.NoError(t, ix.Insert(sq(0, 0, 2, 2), 1))
	require.NoError(t, ix.Insert(sq(1, 1, 3, 3), 2))
	require.NoError(t, ix.Insert(sq(10, 10, 11, 11), 3))
	v, ok := ix.Containing(orb.Point{1.5, 1.5})
	require.True(t, ok)
	assert.Equal(t, 1, v, "overlap: the first inserted wins")
	assert.Equal(t, []int{1, 2}, slices.Collect(ix.AllContaining(orb.Point{1.5, 1.5})))

	got := slices.Collect(ix.AllIntersecting(orb.Bound{Min: orb.Point{1.9, 1.9}, Max: orb.Point{2.5, 2.5}}))
	assert.Equal(t, []int{1, 2}, got)
	// A box touching only a corner of the first square.
	got = slices.Collect(ix.AllIntersecting(orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{0, 0}}))
	assert.Equal(t, []int{1}, got)
	// A box inside a polygon, touching no edge.
	got = slices.Collect(ix.AllIntersecting(orb.Bound{Min: orb.Point{10.2, 10.2}, Max: orb.Point{10.3, 10.3}}))
	assert.Equal(t, []int{3}, got)
	// Boxes overlap but the geometry does not: a triangle's empty corner.
	require.NoError(t, ix.Insert(orb.Polygon{{{20, 20}, {22, 20}, {20, 22}, {20, 20}}}, 4))
	assert.Empty(t, slices.Collect(ix.AllIntersecting(orb.Bound{Min: orb.Point{21.6, 21.6}, Max: orb.Point{22, 22}})))
	assert.Equal(t, 4, ix.Len())
}

// checkAgainstReference queries points against the index and the
// brute-force reference and requires identical answers; points on shared
// edges and interior shared vertices must be in exactly one polygon.
func checkAgainstReference(t *testing.T, name string, geoms []orb.Geometry, ix *index.PolygonIndex[int], seed uint64, nRandom, nShared int) {
	t.Helper()
	ref := newRefGrid(geoms, 400)
	r := rand.New(rand.NewPCG(seed, 99))
	t.Logf("%s: seed %d", name, seed)
	all := ref.bounds[0]
	for _, b := range ref.bounds {
		all = all.Union(b)
	}
	same := func(p orb.Point, what string) []int {
		want := ref.containing(p)
		var got []int
		ix.EachContaining(p, func(v int) bool { got = append(got, v); return true })
		require.Equal(t, want, got, "%s: %s %v", name, what, p)
		first, ok := ix.Containing(p)
		require.Equal(t, len(want) > 0, ok)
		if ok {
			require.Equal(t, want[0], first)
		}
		return want
	}
	for range nRandom {
		same(orb.Point{all.Min[0] + r.Float64()*(all.Max[0]-all.Min[0]), all.Min[1] + r.Float64()*(all.Max[1]-all.Min[1])}, "random point")
	}
	edges, vertices, notOne := 0, 0, 0
	for range nShared {
		i := r.IntN(len(geoms))
		rings := ringsOf(geoms[i])
		ring := rings[r.IntN(len(rings))]
		k := r.IntN(len(ring) - 1)
		a, b := ring[k], ring[k+1]
		if a == b || len(ref.sharedWith(i, a, b)) == 0 {
			continue
		}
		edges++
		mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
		if n := len(same(mid, "shared edge midpoint")); n != 1 {
			notOne++
			t.Errorf("%s: point %v on the edge shared by %d and %v is in %d polygons", name, mid, i, ref.sharedWith(i, a, b), n)
		}
		// The edge's end is interior to the fabric when every polygon
		// that has it as a vertex shares both its edges there.
		if ref.interiorVertex(b) {
			vertices++
			if n := len(same(b, "shared vertex")); n != 1 {
				notOne++
				t.Errorf("%s: shared vertex %v of %d is in %d polygons", name, b, i, n)
			}
		}
	}
	t.Logf("%s: %d random points, %d shared-edge points and %d shared vertices identical to the reference; %d in other than one polygon",
		name, nRandom, edges, vertices, notOne)
}

func fabricIndex(t testing.TB, n int) ([]orb.Geometry, []fabric.Parcel, *index.PolygonIndex[int]) {
	ps := fabric.All(fabric.Config{Seed: 7, Parcels: n})
	feats := make([]index.Feature[int], len(ps))
	geoms := make([]orb.Geometry, len(ps))
	for i, p := range ps {
		feats[i] = index.Feature[int]{Geometry: p.Geometry, Value: p.ID}
		geoms[i] = p.Geometry
	}
	ix, err := index.BuildPolygonIndex(feats)
	require.NoError(t, err)
	return geoms, ps, ix
}

// TestSyntheticFabric: 1,000,000 parcels (100,000 with -short).
func TestSyntheticFabric(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	geoms, ps, ix := fabricIndex(t, n)
	require.Equal(t, n, ix.Len())
	checkAgainstReference(t, "synthetic", geoms, ix, 11, 3000, 3000)

	// Courtyards: the centre of each hole is in its island, or in nothing.
	holes, withIsland := 0, 0
	islandAt := map[orb.Point]int{}
	for _, p := range ps {
		if p.Island {
			islandAt[p.Geometry.(orb.Polygon).Bound().Center()] = p.ID
		}
	}
	for _, p := range ps {
		poly, ok := p.Geometry.(orb.Polygon)
		if !ok || len(poly) < 2 {
			continue
		}
		holes++
		c := poly[1].Bound().Center()
		got, found := ix.Containing(c)
		if id, ok := islandAt[c]; ok {
			withIsland++
			require.True(t, found)
			require.Equal(t, id, got)
		} else {
			require.False(t, found, "empty courtyard of %d holds %d", p.ID, got)
		}
		if holes >= 500 {
			break
		}
	}
	t.Logf("synthetic: %d courtyards checked (%d with an island)", holes, withIsland)
}

// TestRealParcels: the French cadastre extracts beside the project.
func TestRealParcels(t *testing.T) {
	for _, name := range []string{"cadastre-75118-parcelles.json", "cadastre-91216-parcelles.json"} {
		path := "../../../shared/data/parcels/" + name
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Skipf("real parcels not found at %s: skipping", path)
		}
		fc, err := geojson.UnmarshalFeatureCollection(raw)
		require.NoError(t, err)
		var feats []index.Feature[int]
		var geoms []orb.Geometry
		for i, f := range fc.Features {
			feats = append(feats, index.Feature[int]{Geometry: f.Geometry, Value: i})
			geoms = append(geoms, f.Geometry)
		}
		ix, err := index.BuildPolygonIndex(feats)
		require.NoError(t, err, name)
		checkAgainstReference(t, name, geoms, ix, 5, 5000, 5000)
	}
}

func TestValidate(t *testing.T) {
	nan := 0.0
	nan /= nan
	tests := []struct {
		name string
		g    orb.Geometry
		err  error
		ring int
		vtx  int
	}{
		{"unclosed", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, index.ErrUnclosed, 0, 3},
		{"two-points", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}, index.ErrTooFewVertices, 0, -1},
		{"nan", orb.Polygon{{{0, 0}, {1, nan}, {1, 1}, {0, 0}}}, index.ErrInvalidCoordinate, 0, 1},
		{"latitude-100", orb.Polygon{{{0, 0}, {1, 100}, {1, 1}, {0, 0}}}, index.ErrInvalidCoordinate, 0, 1},
		{"bow-tie", orb.Polygon{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}, index.ErrSelfIntersection, 0, -2},
		{"spike", orb.Polygon{{{0, 0}, {2, 0}, {1, 0}, {1, 1}, {0, 0}}}, index.ErrSelfIntersection, 0, -2},
		{"ring-touches-itself", orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {1, 0}, {0, 2}, {0, 0}}}, index.ErrSelfIntersection, 0, -2},
		{"hole-crosses-shell", orb.Polygon{sq(0, 0, 2, 2)[0], {{1, 1}, {3, 1}, {3, 1.5}, {1, 1.5}, {1, 1}}}, index.ErrSelfIntersection, -2, -2},
		{"too-wide", sq(100, 0, 125, 1), index.ErrTooLarge, -1, -1},
		{"point", orb.Point{1, 1}, index.ErrUnsupported, -1, -1},
		{"empty", orb.Polygon{}, index.ErrTooFewVertices, -1, -1},
		{"nil", nil, index.ErrUnsupported, -1, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := index.Validate(tc.g)
			require.ErrorIs(t, err, tc.err)
			var ge *index.GeometryError
			require.ErrorAs(t, err, &ge)
			if tc.ring != -2 {
				assert.Equal(t, tc.ring, ge.Ring)
			}
			if tc.vtx != -2 {
				assert.Equal(t, tc.vtx, ge.Vertex)
			}
		})
	}
	// Valid: touching holes at a point, repeated vertices, multipolygon
	// parts touching at a corner.
	for _, g := range []orb.Geometry{
		orb.Polygon{sq(0, 0, 4, 4)[0], {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}, {{2, 2}, {2, 3}, {3, 3}, {3, 2}, {2, 2}}},
		orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}},
		orb.MultiPolygon{sq(0, 0, 1, 1), sq(1, 1, 2, 2)},
	} {
		assert.NoError(t, index.Validate(g), "%v", g)
	}
	// A batch reports every bad feature with its number.
	_, err := index.BuildPolygonIndex([]index.Feature[int]{
		{Geometry: sq(0, 0, 1, 1)}, {Geometry: orb.Polygon{{{0, 0}, {1, 0}}}}, {Geometry: orb.LineString{{0, 0}, {1, 1}}},
	})
	var ges *index.GeometryErrors
	require.ErrorAs(t, err, &ges)
	require.Len(t, *ges, 3)
	assert.Equal(t, 1, (*ges)[0].Feature)
	assert.Equal(t, 2, (*ges)[2].Feature)
}

func TestRepair(t *testing.T) {
	g := orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}}}
	fixed, fixes := index.Repair(g)
	require.NoError(t, index.Validate(fixed))
	assert.Len(t, fixes, 2)
	assert.Equal(t, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}, fixed)
	assert.Len(t, g[0], 5, "the input is not modified")
	// Nothing else is repaired.
	bow := orb.Polygon{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}
	fixed, fixes = index.Repair(bow)
	assert.Empty(t, fixes)
	assert.ErrorIs(t, index.Validate(fixed), index.ErrSelfIntersection)
}

// FuzzContaining: random quadrilaterals and points against the reference.
func FuzzContaining(f *testing.F) {
	f.Add(0.0, 0.0, 2.0, 0.0, 2.0, 2.0, 0.0, 2.0, 1.0, 1.0)
	f.Add(0.0, 0.0, 2.0, 0.0, 2.0, 2.0, 0.0, 2.0, 2.0, 1.0)
	f.Add(0.0, 0.0, 1.0, 3.0, 2.0, 0.0, 1.0, 1.0, 1.0, 0.5)
	f.Fuzz(func(t *testing.T, x0, y0, x1, y1, x2, y2, x3, y3, px, py float64) {
		poly := orb.Polygon{{{x0, y0}, {x1, y1}, {x2, y2}, {x3, y3}, {x0, y0}}}
		// Its mirror image shares the edge x1y1-x2y2 … a tiling of two.
		ix := &index.PolygonIndex[int]{}
		if err := ix.Insert(poly, 1); err != nil {
			var ge *index.GeometryErrors
			require.ErrorAs(t, err, &ge)
			return
		}
		p := orb.Point{px, py}
		_, got := ix.Containing(p)
		require.Equal(t, refContains(poly, p), got, "%v in %v", p, poly)
	})
}

func FuzzValidate(f *testing.F) {
	f.Add(0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, true)
	f.Fuzz(func(t *testing.T, x0, y0, x1, y1, x2, y2, x3, y3 float64, closed bool) {
		r := orb.Ring{{x0, y0}, {x1, y1}, {x2, y2}, {x3, y3}}
		if closed {
			r = append(r, r[0])
		}
		err := index.Validate(orb.Polygon{r})
		if err == nil {
			// What validates can be indexed and queried.
			ix := &index.PolygonIndex[int]{}
			require.NoError(t, ix.Insert(orb.Polygon{r}, 1))
			ix.Containing(orb.Point{x0, y0})
		}
	})
}

// MapValues changes what every query returns, for the items of the build
// (through the grid) and those inserted later (through the tree) alike.
func TestMapValues(t *testing.T) {
	var feats []index.Feature[int]
	for i := range 400 {
		x, y := float64(i%20)*0.001, float64(i/20)*0.001
		feats = append(feats, index.Feature[int]{Geometry: sq(106+x, 10+y, 106+x+0.001, 10+y+0.001), Value: i})
	}
	ix, err := index.BuildPolygonIndex(feats)
	require.NoError(t, err)
	require.NoError(t, ix.Insert(sq(106.1, 10.1, 106.101, 10.101), 400))
	ix.MapValues(func(v int) int { return 1000 + v })
	for i := range 401 {
		p := orb.Point{106 + float64(i%20)*0.001 + 0.0005, 10 + float64(i/20)*0.001 + 0.0005}
		if i == 400 {
			p = orb.Point{106.1005, 10.1005}
		}
		got, ok := ix.Containing(p)
		require.True(t, ok, i)
		require.Equal(t, 1000+i, got)
		require.Equal(t, []int{1000 + i}, slices.Collect(ix.AllContaining(p)))
	}
}
