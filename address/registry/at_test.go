package registry_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
)

// At answers an invalid point, or a point where the registry has nothing
// to say, with an error, never with an empty Place.
func TestAtInvalidPoint(t *testing.T) {
	reg := sample(t)
	h := slices.Collect(reg.Houses())[0]
	ext, ok := reg.Extent()
	require.True(t, ok)
	assert.True(t, ext.Contains(h.Point))
	for _, tc := range []struct {
		name    string
		p       orb.Point
		want    error
		swapped bool
	}{
		{"nan", orb.Point{math.NaN(), 10.75}, geo.ErrInvalidPoint, false},
		{"nan-lat", orb.Point{106.7, math.NaN()}, geo.ErrInvalidPoint, false},
		{"inf", orb.Point{math.Inf(1), 10.75}, geo.ErrInvalidPoint, false},
		{"minus-inf", orb.Point{106.7, math.Inf(-1)}, geo.ErrInvalidPoint, false},
		{"lat-91", orb.Point{106.7, 91}, geo.ErrInvalidPoint, false},
		{"lat-1000", orb.Point{106.7, 1000}, geo.ErrInvalidPoint, false},
		{"1e308", orb.Point{1e308, 10.75}, geo.ErrInvalidPoint, false},
		{"lon-181", orb.Point{181, 10.75}, geo.ErrInvalidPoint, false},
		{"swapped", orb.Point{h.Point[1], h.Point[0]}, geo.ErrInvalidPoint, true},
		{"ha-noi", orb.Point{105.85, 21.03}, registry.ErrOutside, false},
		{"null-island", orb.Point{0, 0}, registry.ErrOutside, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl, err := reg.At(tc.p)
			require.ErrorIs(t, err, tc.want)
			var pe *registry.PointError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, tc.swapped, pe.Swapped)
			assert.Equal(t, registry.Place{}, pl)
			if tc.swapped {
				assert.Contains(t, err.Error(), "points are (lon, lat)")
			}
		})
	}
}

// Near the edge of the registry, within the search radius of a street
// but outside the bounding box of the layers, At still answers; far
// beyond, it says the point is outside. A "lat lon" pair valid as a point
// (far from Vietnam) is told apart by the extent.
func TestAtExtent(t *testing.T) {
	src := &registry.Source{
		Streets:   []registry.Feature{{Geometry: orb.LineString{{20.70, 30.77}, {20.71, 30.77}}, Props: registry.Props{{Key: "id", Value: "s"}, {Key: "name", Value: "Phố Một"}}}},
		Buildings: []registry.Feature{{Geometry: orb.Point{20.705, 30.7702}, Props: registry.Props{{Key: "id", Value: "b"}}}},
	}
	reg, err := registry.Build(context.Background(), src, registry.Options{ParcelZone: 9210, DemoKey: true})
	require.NoError(t, err)
	ext, ok := reg.Extent()
	require.True(t, ok)
	assert.Equal(t, orb.Bound{Min: orb.Point{20.70, 30.77}, Max: orb.Point{20.71, 30.7702}}, ext)

	// 170 m east of the street's end: the street is within 200 m.
	pl, err := reg.At(orb.Point{20.71 + 170/(111320*math.Cos(30.77*math.Pi/180)), 30.77})
	require.NoError(t, err)
	assert.True(t, pl.HasStreet)
	assert.Equal(t, registry.StreetAt(0), pl.Street)
	pl, err = reg.At(orb.Point{20.72, 30.77}) // a kilometre away
	assert.ErrorIs(t, err, registry.ErrOutside)
	assert.False(t, pl.HasStreet)
	assert.Equal(t, registry.StreetRef{}, pl.Street)
	_, err = reg.At(orb.Point{30.77, 20.705})
	var pe *registry.PointError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, registry.ErrOutside)
	assert.True(t, pe.Swapped)
	assert.Contains(t, err.Error(), "outside the registry's extent (lon 20.69")

	// A registry with no geometry answers nowhere.
	empty, err := registry.Build(context.Background(), &registry.Source{}, registry.Options{DemoKey: true})
	require.NoError(t, err)
	_, ok = empty.Extent()
	assert.False(t, ok)
	_, err = empty.At(orb.Point{106.7, 10.75})
	assert.ErrorIs(t, err, registry.ErrOutside)
	assert.Contains(t, err.Error(), "holds no geometry")
}

// At allocates nothing for a point it answers.
func TestAtAllocs(t *testing.T) {
	reg := sample(t)
	p := slices.Collect(reg.Houses())[0].Point
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		if _, err := reg.At(p); err != nil {
			t.Fatal(err)
		}
	}))
}
