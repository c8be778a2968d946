package crs

import (
	"math"
	"testing"
)

// fromECEF steps on tan φ away from the axis and on φ itself near it: the
// two forms must agree wherever both apply (over and around Vietnam, from
// below sea level to high mountains), and both must invert toECEF. (On the axis itself neither is
// defined; the datum shift never takes a point there.)
func TestFromECEFForms(t *testing.T) {
	for lat := -30.0; lat <= 50; lat += 0.37 {
		for lon := 90.0; lon <= 120; lon += 0.53 {
			for _, h := range []float64{-120, 0, 37.5, 3143} {
				phi, lam := lat*deg, lon*deg
				x, y, z := toECEF(phi, lam, h)
				p1, l1, h1 := fromECEF(x, y, z)
				p2, l2, h2 := fromECEFPolar(x, y, z, math.Sqrt(x*x+y*y), math.Atan2(y, x))
				if !(math.Abs(p1-p2) <= 1e-14 && l1 == l2 && math.Abs(h1-h2) <= 1e-7) {
					t.Fatalf("%.2f %.2f %g: forms differ: %.17g %.17g %.10g / %.17g %.17g %.10g", lat, lon, h, p1, l1, h1, p2, l2, h2)
				}
				if !(math.Abs(p1-phi) <= 1e-14 && math.Abs(l1-lam) <= 1e-15 && math.Abs(h1-h) <= 1e-7) {
					t.Fatalf("%.2f %.2f %g: round trip gives %.17g %.17g %.10g", lat, lon, h, p1*rad, l1*rad, h1)
				}
			}
		}
	}
}
