package index_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/internal/fabric"
)

// TestLineIndexAgainstBruteForce: the streets of a synthetic town; for
// random points, the k nearest within a radius are those a full scan finds,
// in the same order.
func TestLineIndexAgainstBruteForce(t *testing.T) {
	streets := fabric.Streets(fabric.Config{Seed: 3, Parcels: 20000})
	lss := make([]orb.LineString, len(streets))
	for i, s := range streets {
		lss[i] = s.Line
		require.Equal(t, i, s.ID)
	}
	checkLines(t, lss, 17)
}

// Long lines (streets across a town, winding lanes) go into the tree in
// pieces; each must still count once, at its true distance.
func TestLineIndexLongLines(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	var lss []orb.LineString
	for i := range 60 {
		n := 20 + r.IntN(400)
		p := orb.Point{105.80 + r.Float64()*0.02, 21.00 + r.Float64()*0.02}
		dir := r.Float64() * 2 * math.Pi
		ls := orb.LineString{p}
		for range n {
			if i%2 == 0 {
				dir += (r.Float64() - 0.5) * 2
			}
			p = orb.Point{p[0] + 1e-4*r.Float64()*math.Cos(dir), p[1] + 1e-4*r.Float64()*math.Sin(dir)}
			ls = append(ls, p)
		}
		lss = append(lss, ls)
	}
	// Straight streets of two points across the area, and long segments
	// between short ones.
	for range 20 {
		x, y := 105.80+r.Float64()*0.02, 21.00+r.Float64()*0.02
		lss = append(lss, orb.LineString{{105.79, y}, {105.83, y + (r.Float64()-0.5)*1e-3}})
		lss = append(lss, orb.LineString{{x, 20.99}, {x + 1e-5, 20.9901}, {x + (r.Float64()-0.5)*4e-3, 21.03}, {x, 21.0301}})
	}
	checkLines(t, lss, 23)
}

// checkLines indexes lss (value: position) and compares 500 random
// queries with a full scan.
func checkLines(t *testing.T, lss []orb.LineString, seed uint64) {
	// ix from the points, shared from prepared lines: the same answers,
	// and shared's matches name the caller's own lines.
	var ix, shared index.LineIndex[int]
	lines := make([]*geo.Line, len(lss))
	for i, ls := range lss {
		require.NoError(t, ix.Insert(ls, i))
		var err error
		lines[i], err = geo.NewLine(ls)
		require.NoError(t, err)
		require.NoError(t, shared.InsertLine(lines[i], i))
	}
	b := lss[0].Bound()
	for _, ls := range lss {
		b = b.Union(ls.Bound())
	}
	r := rand.New(rand.NewPCG(seed, 1))
	t.Logf("%d lines, seed %d", len(lss), seed)
	for range 500 {
		p := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
		radius := geo.Meters(20 + r.Float64()*200)
		k := 1 + r.IntN(5)
		type cand struct {
			id int
			d  geo.Meters
		}
		var all []cand
		for i, l := range lines {
			loc, err := l.Locate(p)
			require.NoError(t, err)
			if loc.Distance <= radius {
				all = append(all, cand{i, loc.Distance})
			}
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
		if len(all) > k {
			all = all[:k]
		}
		got := ix.KNearest(p, k, radius, nil)
		require.Len(t, got, len(all), "%v r=%v", p, radius)
		fromShared := shared.KNearest(p, k, radius, nil)
		require.Equal(t, got, fromShared)
		for _, m := range fromShared {
			require.Same(t, lines[m.Value], shared.Line(m))
		}
		for i := range all {
			assert.Equal(t, all[i].id, got[i].Value)
			assert.Equal(t, all[i].d, got[i].Location.Distance)
		}
		if n, ok := ix.Nearest(p, radius); ok {
			assert.Equal(t, got[0].Value, n.Value)
			assert.Contains(t, []geo.Side{geo.SideLeft, geo.SideRight, geo.SideOn}, n.Location.Side)
		} else {
			assert.Empty(t, all)
		}
	}
}

func TestPointIndexAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var ix index.PointIndex[int]
	pts := make([]orb.Point, 5000)
	for i := range pts {
		pts[i] = orb.Point{106.6 + r.Float64()*0.05, 10.7 + r.Float64()*0.05}
		if i%50 == 1 {
			pts[i] = pts[i-1] // duplicates: ties go by insertion order
		}
		require.NoError(t, ix.Insert(pts[i], i))
	}
	for range 300 {
		q := orb.Point{106.6 + r.Float64()*0.05, 10.7 + r.Float64()*0.05}
		if r.IntN(10) == 0 {
			q = pts[r.IntN(len(pts))] // exactly on a point
		}
		plane := geo.NewPlane(q)
		type cand struct {
			id int
			d  float64
		}
		var all []cand
		radius := 50 + r.Float64()*300
		for i, p := range pts {
			d := float64(plane.Distance(p))
			if d <= radius {
				all = append(all, cand{i, d})
			}
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
		k := 1 + r.IntN(8)
		if len(all) > k {
			all = all[:k]
		}
		got := ix.KNearest(q, k, geo.Meters(radius), nil)
		require.Len(t, got, len(all))
		for i := range all {
			assert.Equal(t, all[i].id, got[i].Value)
			assert.Equal(t, all[i].d, float64(got[i].Distance), "the distance on the query point's plane, to the last bit")
			// Distances agree with the geodesic to a few parts per million.
			assert.InDelta(t, float64(geo.Distance(q, got[i].Point)), float64(got[i].Distance), 1e-5*float64(got[i].Distance)+1e-6)
		}
	}
}

func TestNearestEdgeCases(t *testing.T) {
	var li index.LineIndex[string]
	assert.ErrorIs(t, li.Insert(orb.LineString{{106, 10}}, "short"), index.ErrTooFewVertices)
	assert.ErrorIs(t, li.Insert(orb.LineString{{106, 10}, {106, math.NaN()}}, "nan"), index.ErrInvalidCoordinate)
	assert.ErrorIs(t, li.Insert(orb.LineString{{100, 10}, {125, 10}}, "long"), index.ErrTooLarge)
	assert.ErrorIs(t, li.InsertLine(nil, "nil"), index.ErrTooFewVertices)
	wide, err := geo.NewLine(orb.LineString{{100, 10}, {125, 10}})
	require.NoError(t, err)
	assert.ErrorIs(t, li.InsertLine(wide, "long"), index.ErrTooLarge)
	_, ok := li.Nearest(orb.Point{106, 10}, 100)
	assert.False(t, ok, "empty index")
	require.NoError(t, li.Insert(orb.LineString{{106, 10}, {106.001, 10}}, "street"))
	_, ok = li.Nearest(orb.Point{106.0005, 10.01}, 100)
	assert.False(t, ok, "beyond the radius")
	m, ok := li.Nearest(orb.Point{106.0005, 10.0001}, 100)
	require.True(t, ok)
	assert.Equal(t, "street", m.Value)
	assert.Equal(t, geo.SideLeft, m.Location.Side)
	assert.Empty(t, li.KNearest(orb.Point{math.NaN(), 0}, 3, 100, nil))
	assert.Empty(t, li.KNearest(orb.Point{106, 10}, 0, 100, nil))

	// Inserts after a query are seen by the next query.
	require.NoError(t, li.Insert(orb.LineString{{106, 10.00015}, {106.001, 10.00015}}, "nearer"))
	m, ok = li.Nearest(orb.Point{106.0005, 10.0001}, 100)
	require.True(t, ok)
	assert.Equal(t, "nearer", m.Value)

	var pi index.PointIndex[int]
	assert.ErrorIs(t, pi.Insert(orb.Point{200, 0}, 1), index.ErrInvalidCoordinate)
	require.NoError(t, pi.Insert(orb.Point{106, 10}, 1))
	pm, ok := pi.Nearest(orb.Point{106.0001, 10}, 100)
	require.True(t, ok)
	assert.Equal(t, 1, pm.Value)
	require.NoError(t, pi.Insert(orb.Point{106.0001, 10.00001}, 2))
	pm, ok = pi.Nearest(orb.Point{106.0001, 10}, 100)
	require.True(t, ok)
	assert.Equal(t, 2, pm.Value)
}

// TestConcurrentReaders shares every index among goroutines (run with
// -race).
func TestConcurrentReaders(t *testing.T) {
	ps := fabric.All(fabric.Config{Seed: 9, Parcels: 5000})
	feats := make([]index.Feature[int], len(ps))
	for i, p := range ps {
		feats[i] = index.Feature[int]{Geometry: p.Geometry, Value: p.ID}
	}
	pix, err := index.BuildPolygonIndex(feats)
	require.NoError(t, err)
	// lix and ptx are queried first by all the readers at once (their
	// search trees are built on the first query); ref* answer beforehand.
	var lix, refL index.LineIndex[int]
	var ptx, refP index.PointIndex[int]
	for _, s := range fabric.Streets(fabric.Config{Seed: 9, Parcels: 5000}) {
		require.NoError(t, lix.Insert(s.Line, s.ID))
		require.NoError(t, ptx.Insert(s.Line[0], s.ID))
		require.NoError(t, refL.Insert(s.Line, s.ID))
		require.NoError(t, refP.Insert(s.Line[0], s.ID))
	}
	b := ps[0].Geometry.Bound()
	for _, p := range ps {
		b = b.Union(p.Geometry.Bound())
	}
	r := rand.New(rand.NewPCG(1, 1))
	qs := make([]orb.Point, 2000)
	want := make([]int, len(qs))
	for i := range qs {
		qs[i] = orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
		v, ok := pix.Containing(qs[i])
		if !ok {
			v = -1
		}
		want[i] = v
	}
	wantL := make([][]index.LineMatch[int], len(qs))
	wantP := make([][]index.PointMatch[int], len(qs))
	for i, q := range qs {
		wantL[i] = refL.KNearest(q, 3, 200, nil)
		wantP[i] = refP.KNearest(q, 3, 200, nil)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range qs {
				j := (i + g*97) % len(qs)
				v, ok := pix.Containing(qs[j])
				if !ok {
					v = -1
				}
				if v != want[j] {
					t.Errorf("goroutine %d: %v: %d, want %d", g, qs[j], v, want[j])
					return
				}
				if got := lix.KNearest(qs[j], 3, 200, nil); !reflect.DeepEqual(got, wantL[j]) {
					t.Errorf("goroutine %d: %v: lines %v, want %v", g, qs[j], got, wantL[j])
					return
				}
				if got := ptx.KNearest(qs[j], 3, 200, nil); !reflect.DeepEqual(got, wantP[j]) {
					t.Errorf("goroutine %d: %v: points %v, want %v", g, qs[j], got, wantP[j])
					return
				}
			}
		})
	}
	wg.Wait()
}
