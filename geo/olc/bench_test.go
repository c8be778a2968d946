package olc_test

import (
	"math/rand/v2"
	"testing"

	"github.com/diachi-vn/diachi/geo/olc"
)

func benchCoords() [][2]float64 {
	r := rand.New(rand.NewPCG(5, 6))
	p := make([][2]float64, 1024)
	for i := range p {
		p[i] = [2]float64{8 + r.Float64()*16, 102 + r.Float64()*8}
	}
	return p
}

// BenchmarkEncode is the append form at the default 10 digits.
func BenchmarkEncode(b *testing.B) {
	pts := benchCoords()
	buf := make([]byte, 0, 16)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pts[i&1023]
		var err error
		if buf, err = olc.AppendEncode(buf[:0], p[0], p[1], 10); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEncodeCode returns a Code value (one string allocation).
func BenchmarkEncodeCode(b *testing.B) {
	pts := benchCoords()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pts[i&1023]
		if _, err := olc.Encode(p[0], p[1], 10); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDecode(b *testing.B) {
	pts := benchCoords()
	codes := make([]string, len(pts))
	for i, p := range pts {
		c, _ := olc.Encode(p[0], p[1], 10)
		codes[i] = c.String()
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := olc.Decode(codes[i&1023]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
