package geo_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo"
)

// The documented error bound of the local plane against the geodesic
// holds: |d_plane - d_geodesic| ≤ (0.2·tan|φ| + 0.01)·d²/R, from the
// equator to 60°, from a metre to 20 km.
func TestPlaneErrorBound(t *testing.T) {
	const R = 6378137.0
	r := rand.New(rand.NewPCG(17, 3))
	worst := 0.0
	for range 20000 {
		o := orb.Point{100 + 10*r.Float64(), 60 * r.Float64()}
		d := math.Pow(10, 4.3*r.Float64()) // 1 m to 20 km
		th := 2 * math.Pi * r.Float64()
		pl := geo.NewPlane(o)
		q := pl.LonLat(d*math.Sin(th), d*math.Cos(th))
		got, want := float64(pl.Distance(q)), float64(geo.Distance(o, q))
		bound := (0.2*math.Abs(math.Tan(o[1]*math.Pi/180)) + 0.01) * want * want / R
		require.LessOrEqual(t, math.Abs(got-want), bound+1e-5, // 10 µm: Vincenty's own tolerance (1e-12 rad)
			"%v to %v: plane %v, geodesic %v", o, q, got, want)
		if want > 100 {
			worst = max(worst, math.Abs(got-want)/bound)
		}
	}
	t.Logf("worst error beyond 100 m: %.2f of the bound", worst)
	// In Vietnam: under 0.2 mm at 100 m, 1.6 cm at 1 km.
	for _, c := range []struct{ d, max float64 }{{100, 0.0002}, {1000, 0.016}} {
		for lat := 8.0; lat <= 23.5; lat += 0.5 {
			o := orb.Point{106, lat}
			pl := geo.NewPlane(o)
			for th := 0.0; th < 2*math.Pi; th += math.Pi / 16 {
				q := pl.LonLat(c.d*math.Sin(th), c.d*math.Cos(th))
				assert.InDelta(t, float64(geo.Distance(o, q)), float64(pl.Distance(q)), c.max, "%v at %v m", o, c.d)
			}
		}
	}
}

func TestPlane(t *testing.T) {
	o := orb.Point{105.85, 21.03}
	pl := geo.NewPlane(o)
	assert.Equal(t, o, pl.Origin())
	kx, ky := pl.Scale()
	perLat, perLon := geo.WGS84().MetersPerDegree(o[1])
	assert.Equal(t, float64(perLon), kx)
	assert.Equal(t, float64(perLat), ky)
	x, y := pl.XY(orb.Point{105.851, 21.029})
	assert.InDelta(t, 103.9, x, 0.1)
	assert.InDelta(t, -110.7, y, 0.1)
	q := pl.LonLat(x, y)
	assert.InDelta(t, 105.851, q[0], 1e-12)
	assert.InDelta(t, 21.029, q[1], 1e-12)
	assert.Equal(t, geo.Meters(0), pl.Distance(o))
	assert.Equal(t, geo.Meters(math.Sqrt(x*x+y*y)), pl.Distance(orb.Point{105.851, 21.029}))

	// A box's distance: 0 inside or on it, a lower bound of the distance
	// to what it holds, equal to the distance to its nearest point.
	b := orb.Bound{Min: orb.Point{105.851, 21.029}, Max: orb.Point{105.852, 21.031}}
	assert.Equal(t, pl.Distance(orb.Point{105.851, 21.03}), pl.BoundDistance(b))
	assert.Equal(t, geo.Meters(0), pl.BoundDistance(orb.Bound{Min: orb.Point{105.84, 21.02}, Max: orb.Point{105.86, 21.04}}))
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		p := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
		assert.LessOrEqual(t, pl.BoundDistance(b), pl.Distance(p))
	}
	corner := geo.NewPlane(orb.Point{106, 10})
	assert.Equal(t, corner.Distance(orb.Point{106.001, 10.002}), corner.BoundDistance(orb.Bound{Min: orb.Point{106.001, 10.002}, Max: orb.Point{106.003, 10.004}}),
		"a box seen from beyond its corner: the distance to the corner, to the last bit")
}
