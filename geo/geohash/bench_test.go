package geohash_test

import (
	"math/rand/v2"
	"testing"

	"github.com/diachi-vn/diachi/geo/geohash"
)

func BenchmarkEncode12(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	pts := make([][2]float64, 1024)
	for i := range pts {
		pts[i] = [2]float64{8 + r.Float64()*16, 102 + r.Float64()*8}
	}
	buf := make([]byte, 0, 12)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pts[i&1023]
		buf, _ = geohash.AppendEncode(buf[:0], p[0], p[1], 12)
		i++
	}
}

func BenchmarkDecode12(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := geohash.Decode("w3gv7cp47ee1"); err != nil {
			b.Fatal(err)
		}
	}
}
