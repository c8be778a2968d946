package geo_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo"
)

func dms(d, m, s float64) float64 { return math.Copysign(math.Abs(d)+m/60+s/3600, d) }

func TestDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		want geo.Meters
		tol  geo.Meters
	}{
		// Vincenty (1975) and Geoscience Australia's worked example:
		// Flinders Peak to Buninyong, 54 972.271 m.
		{"flinders-buninyong",
			orb.Point{dms(144, 25, 29.52440), -dms(37, 57, 3.72030)},
			orb.Point{dms(143, 55, 35.38390), -dms(37, 39, 10.15610)},
			54972.271, 0.001},
		// One degree of longitude on the equator is 2πa/360.
		{"equator-1deg", orb.Point{105, 0}, orb.Point{106, 0}, 111319.490793, 0.001},
		// Meridian arc from 0° to 1° on WGS84.
		{"meridian-1deg", orb.Point{105, 0}, orb.Point{105, 1}, 110574.388556, 0.001},
		{"same-point", orb.Point{105.85, 21.03}, orb.Point{105.85, 21.03}, 0, 0},
		// Near-antipodal: falls back to the sphere, within 0.5% of half the
		// meridian circumference (20 003 931 m).
		{"antipodal", orb.Point{0, 0.5}, orb.Point{179.7, -0.5}, 20003931, 100000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, float64(tc.want), float64(geo.Distance(tc.a, tc.b)), float64(tc.tol))
		})
	}
	assert.True(t, math.IsNaN(float64(geo.Distance(orb.Point{math.NaN(), 0}, orb.Point{0, 0}))))
	assert.True(t, math.IsNaN(float64(geo.Distance(orb.Point{0, 91}, orb.Point{0, 0}))))
}

func TestCheckPoint(t *testing.T) {
	for _, p := range []orb.Point{{math.NaN(), 0}, {0, math.Inf(1)}, {0, 90.0001}, {-180.5, 0}} {
		err := geo.CheckPoint(p)
		require.ErrorIs(t, err, geo.ErrInvalidPoint, "%v", p)
		var pe *geo.PointError
		require.ErrorAs(t, err, &pe)
	}
	assert.NoError(t, geo.CheckPoint(orb.Point{105.85, 21.03}))
}

func TestMetersString(t *testing.T) {
	assert.Equal(t, "12.346 m", geo.Meters(12.3456).String())
}
