package index_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/index"
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

var _ = rand.New
var _ orb.Point
