package index_test

import (
	"cmp"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/internal/benchcheck"
	"github.com/diachi-vn/diachi/internal/fabric"
)

// benchFabric is built once per process and shared by the benchmarks.
var benchFabric = sync.OnceValues(func() ([]fabric.Parcel, []index.Feature[int]) {
	ps := fabric.All(fabric.Config{Seed: 7, Parcels: 1_000_000})
	feats := make([]index.Feature[int], len(ps))
	for i, p := range ps {
		feats[i] = index.Feature[int]{Geometry: p.Geometry, Value: p.ID}
	}
	return ps, feats
})

func BenchmarkValidate(b *testing.B) {
	ps, _ := benchFabric()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := index.Validate(ps[i%len(ps)].Geometry); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkBuild(b *testing.B) {
	_, feats := benchFabric()
	feats = feats[:100_000]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := index.BuildPolygonIndex(feats); err != nil {
			b.Fatal(err)
		}
	}
}

// benchIndex is the index over the million parcels, built once.
var benchIndex = sync.OnceValue(func() *index.PolygonIndex[int] {
	_, feats := benchFabric()
	ix, err := index.BuildPolygonIndex(feats)
	if err != nil {
		panic(err)
	}
	return ix
})

// queryPoints are random points over the fabric's bounding box, and the
// same points sorted along a Hilbert curve (a province-wide batch sorted
// by space).
func queryPoints(n int) (random, ordered []orb.Point) {
	ps, _ := benchFabric()
	all := ps[0].Geometry.Bound()
	for _, p := range ps[len(ps)-1000:] {
		all = all.Union(p.Geometry.Bound())
	}
	r := rand.New(rand.NewPCG(3, 4))
	random = make([]orb.Point, n)
	for i := range random {
		random[i] = orb.Point{all.Min[0] + r.Float64()*(all.Max[0]-all.Min[0]), all.Min[1] + r.Float64()*(all.Max[1]-all.Min[1])}
	}
	ordered = slices.Clone(random)
	slices.SortFunc(ordered, func(a, b orb.Point) int {
		return cmp.Compare(index.HilbertKey(all, a), index.HilbertKey(all, b))
	})
	return random, ordered
}

// BenchmarkContaining1M: point lookups among 1,000,000 parcels.
func BenchmarkContaining1M(b *testing.B) {
	ix := benchIndex()
	random, ordered := queryPoints(1 << 16)
	for _, c := range []struct {
		name string
		pts  []orb.Point
	}{{"random", random}, {"ordered", ordered}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			hits, i := 0, 0
			for b.Loop() {
				if _, ok := ix.Containing(c.pts[i&(1<<16-1)]); ok {
					hits++
				}
				i++
			}
			b.ReportMetric(float64(hits)/float64(i), "hit-rate")
		})
	}
}

// BenchmarkBuild1M builds the index over 1,000,000 parcels and reports the
// memory it holds beyond the vertices themselves (16 bytes a vertex).
func BenchmarkBuild1M(b *testing.B) {
	_, feats := benchFabric()
	vertices := 0
	for _, f := range feats {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			for _, r := range g {
				vertices += len(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				for _, r := range p {
					vertices += len(r)
				}
			}
		}
	}
	b.ReportAllocs()
	var ix *index.PolygonIndex[int]
	for b.Loop() {
		// The collections that measure what the index holds are not part
		// of the build: the timer stops for them.
		b.StopTimer()
		ix = nil
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		var err error
		if ix, err = index.BuildPolygonIndex(feats); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		held := float64(after.HeapAlloc) - float64(before.HeapAlloc)
		b.ReportMetric(held/float64(len(feats)), "B/parcel")
		b.ReportMetric((held-16*float64(vertices))/float64(len(feats)), "B/parcel-beyond-vertices")
		b.ReportMetric(float64(vertices)/float64(len(feats)), "vertices/parcel")
		b.StartTimer()
	}
	runtime.KeepAlive(ix)
}

// BenchmarkNearestStreet: the nearest of ~100,000 street centrelines
// within 200 m, with along, offset and side (-short: about a tenth). The
// search tree and grid are built before timing: a query times a query.
func BenchmarkNearestStreet(b *testing.B) {
	parcels := 1_600_000
	if testing.Short() {
		parcels = 160_000
	}
	streets := fabric.Streets(fabric.Config{Seed: 7, Parcels: parcels})
	var ix index.LineIndex[int]
	for _, s := range streets {
		if err := ix.Insert(s.Line, s.ID); err != nil {
			b.Fatal(err)
		}
	}
	ix.Prepare()
	bb := streets[0].Line.Bound()
	for _, s := range streets {
		bb = bb.Union(s.Line.Bound())
	}
	r := rand.New(rand.NewPCG(8, 9))
	pts := make([]orb.Point, 4096)
	for i := range pts {
		pts[i] = orb.Point{bb.Min[0] + r.Float64()*(bb.Max[0]-bb.Min[0]), bb.Min[1] + r.Float64()*(bb.Max[1]-bb.Min[1])}
	}
	b.ReportMetric(float64(len(streets)), "streets")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := ix.Nearest(pts[i&4095], 200); !ok {
			b.Fatal("no street within 200 m")
		}
		i++
	}
}

// BenchmarkNearestPoints: the 5 nearest of 1,000,000 points (house
// entrances) within 100 m (-short: 100,000 points over a tenth of the
// area, as dense). The search tree and grid are built before timing.
func BenchmarkNearestPoints(b *testing.B) {
	n, side := 1_000_000, 0.2
	if testing.Short() {
		n, side = 100_000, 0.2/math.Sqrt(10)
	}
	r := rand.New(rand.NewPCG(10, 11))
	var ix index.PointIndex[int]
	for i := range n {
		if err := ix.Insert(orb.Point{106.6 + r.Float64()*side, 10.7 + r.Float64()*side}, i); err != nil {
			b.Fatal(err)
		}
	}
	ix.Prepare()
	pts := make([]orb.Point, 4096)
	for i := range pts {
		pts[i] = orb.Point{106.6 + r.Float64()*side, 10.7 + r.Float64()*side}
	}
	dst := make([]index.PointMatch[int], 0, 5)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		dst = ix.KNearest(pts[i&4095], 5, 100, dst[:0])
		i++
	}
}

// TestNearestBenchmarksTimeQueriesOnly: the search tree and grid of the
// line and point indexes are built before the timed loop, not by its
// first query.
func TestNearestBenchmarksTimeQueriesOnly(t *testing.T) {
	benchcheck.OneOffs(t, "^BenchmarkNearest(Street|Points)$", 1)
}
