package crs_test

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/crs"
)

// benchPoints are random WGS84 points over the TM-3 105-45 zone.
func benchPoints(n int) []orb.Point {
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{105.26 + r.Float64()*2.5, 9.8 + r.Float64()*13}
	}
	return pts
}

func BenchmarkProjectionForward(b *testing.B) {
	pr, _ := crs.NewProjection(crs.TM3_10545)
	pts := benchPoints(4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := pr.Forward(pts[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkProjectionInverse(b *testing.B) {
	pr, _ := crs.NewProjection(crs.TM3_10545)
	grid, _ := pr.ForwardSlice(nil, benchPoints(4096))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := pr.Inverse(grid[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkForwardSlice reports the time per point of the batch API.
func BenchmarkForwardSlice(b *testing.B) {
	pr, _ := crs.NewProjection(crs.TM3_10545)
	pts := benchPoints(4096)
	dst := make([]crs.GridPoint, 0, len(pts))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if dst, err = pr.ForwardSlice(dst[:0], pts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pts)), "ns/point")
}

// BenchmarkVN2000ToTM3 is the projection alone, with no datum shift.
func BenchmarkVN2000ToTM3(b *testing.B) {
	tr, _ := crs.NewTransformer(crs.VN2000, crs.TM3_10545)
	pts := benchPoints(4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pts[i&4095]
		if _, _, err := tr.Transform(p[1], p[0]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkWGS84ToVN2000 is the datum shift alone.
func BenchmarkWGS84ToVN2000(b *testing.B) {
	tr, _ := crs.NewTransformer(crs.WGS84, crs.VN2000)
	pts := benchPoints(4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pts[i&4095]
		if _, _, err := tr.Transform(p[1], p[0]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
