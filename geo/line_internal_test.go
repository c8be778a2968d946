package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// A long line skips the boxes of segments that cannot be nearer: the
// answer must be exactly the full scan's, for points near and far, on
// vertices, on segments and past the ends, and for lines that double back.
func TestLocateBoxesSameAsFullScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 40 {
		n := 33 + rng.IntN(400)
		ls := make(orb.LineString, n)
		p := orb.Point{105.8 + rng.Float64()*0.01, 21.0 + rng.Float64()*0.01}
		dir := rng.Float64() * 2 * math.Pi
		for i := range ls {
			ls[i] = p
			if trial%3 == 0 {
				dir += (rng.Float64() - 0.5) * 3 // winding, doubling back
			} else {
				dir += (rng.Float64() - 0.5) * 0.2
			}
			step := 1e-4 * rng.Float64()
			if rng.IntN(20) == 0 {
				step = 0 // repeated vertex
			}
			p = orb.Point{p[0] + step*math.Cos(dir), p[1] + step*math.Sin(dir)}
		}
		l, err := NewLine(ls)
		if err != nil {
			t.Fatal(err)
		}
		if l.boxes == nil {
			t.Fatalf("%d segments and no boxes", n-1)
		}
		full := *l
		full.boxes = nil
		b := ls.Bound()
		for k := range 500 {
			var q orb.Point
			switch k % 4 {
			case 0:
				q = ls[rng.IntN(n)]
			case 1:
				i := rng.IntN(n - 1)
				f := rng.Float64()
				q = orb.Point{ls[i][0] + f*(ls[i+1][0]-ls[i][0]), ls[i][1] + f*(ls[i+1][1]-ls[i][1])}
			default:
				w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
				q = orb.Point{b.Min[0] + (rng.Float64()*1.6-0.3)*w, b.Min[1] + (rng.Float64()*1.6-0.3)*h}
			}
			got, err1 := l.Locate(q)
			want, err2 := full.Locate(q)
			if got != want || (err1 == nil) != (err2 == nil) {
				t.Fatalf("trial %d point %v: boxes give %+v, full scan %+v", trial, q, got, want)
			}
		}
	}
}
