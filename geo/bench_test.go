package geo_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
)

// benchStreet is a 2 km winding street of 41 vertices drawn around the
// origin, and queries scattered within 60 m of it.
func benchStreet() (*geo.Line, []orb.Point) {
	var ls orb.LineString
	for i := 0; i <= 40; i++ {
		x := float64(i) * 50
		ls = append(ls, m(x, 30*math.Sin(x/200)))
	}
	l, err := geo.NewLine(ls)
	if err != nil {
		panic(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	q := make([]orb.Point, 1024)
	for i := range q {
		q[i] = m(r.Float64()*2000, -60+r.Float64()*120)
	}
	return l, q
}

func BenchmarkLocate(b *testing.B) {
	l, q := benchStreet()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := l.Locate(q[i&1023]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkPointAt(b *testing.B) {
	l, _ := benchStreet()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := l.PointAt(geo.Meters(i%2000), 5); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDistance(b *testing.B) {
	b.ReportAllocs()
	a, c := orb.Point{105.85, 21.03}, orb.Point{106.70, 10.77}
	for b.Loop() {
		geo.Distance(a, c)
	}
}

func BenchmarkPolylabelParcel(b *testing.B) {
	// A 5 m × 40 m tube-house parcel with a notch, at 1 cm precision.
	parcel := orb.Polygon{{m(0, 0), m(5, 0), m(5, 40), m(3, 40), m(3, 35), m(0, 35), m(0, 0)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := geo.Polylabel(parcel, 0.01); err != nil {
			b.Fatal(err)
		}
	}
}
