package registry_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
)

// Place.HouseDistance is measured on the point's local plane (geo.Plane)
// whichever way the house is found: the house of the parcel holding the
// point, the nearest of a parcel's houses, or the nearest house within
// HouseRadius when no parcel holds the point. The same house at the same
// point is as far in a registry with parcels as in one without.
func TestHouseDistanceOneMeasure(t *testing.T) {
	bld := func(id string, p orb.Point) registry.Feature {
		return registry.Feature{Geometry: p, Props: registry.Props{{Key: "id", Value: id}}}
	}
	parcel := func(n int64, x0, x1 float64) registry.Feature {
		return registry.Feature{Geometry: orb.Polygon{{{x0, 10.7702}, {x1, 10.7702}, {x1, 10.7712}, {x0, 10.7712}, {x0, 10.7702}}},
			Props: registry.Props{{Key: "commune", Value: "27478"}, {Key: "sheet", Value: int64(1)}, {Key: "number", Value: n}}}
	}
	source := func(parcels bool) *registry.Source {
		src := &registry.Source{
			Streets: []registry.Feature{{Geometry: orb.LineString{{106.70, 10.77}, {106.71, 10.77}}, Props: registry.Props{{Key: "id", Value: "s"}, {Key: "name", Value: "Phố Một"}}}},
			// Parcel 1 holds two houses, parcel 2 one.
			Buildings: []registry.Feature{bld("a1", orb.Point{106.7025, 10.7705}), bld("a2", orb.Point{106.7038, 10.7708}), bld("b", orb.Point{106.7055, 10.7705})},
		}
		if parcels {
			src.Parcels = []registry.Feature{parcel(1, 106.702, 106.704), parcel(2, 106.705, 106.706)}
		}
		return src
	}
	with, err := registry.Build(context.Background(), source(true), registry.Options{ParcelZone: 9210, DemoKey: true})
	require.NoError(t, err)
	without, err := registry.Build(context.Background(), source(false), registry.Options{ParcelZone: 9210, DemoKey: true})
	require.NoError(t, err)
	for _, c := range []struct {
		p     orb.Point
		house string
	}{
		{orb.Point{106.70253, 10.77057}, "a1"}, // of a parcel of two houses
		{orb.Point{106.70376, 10.77074}, "a2"},
		{orb.Point{106.70547, 10.77046}, "b"}, // of a parcel of one house
		{orb.Point{106.70556, 10.77061}, "b"},
	} {
		a, err := with.At(c.p)
		require.NoError(t, err)
		b, err := without.At(c.p)
		require.NoError(t, err)
		require.True(t, a.HasParcel && !b.HasParcel, "%v", c.p)
		require.True(t, a.HasHouse && b.HasHouse, "%v", c.p)
		require.Equal(t, c.house, a.House.Source, "%v", c.p)
		require.Equal(t, c.house, b.House.Source, "%v", c.p)
		assert.Equal(t, b.HouseDistance, a.HouseDistance, "%v: through the parcel or the house index", c.p)
		assert.Equal(t, geo.NewPlane(c.p).Distance(a.House.Point), a.HouseDistance, "%v", c.p)
		assert.Greater(t, float64(a.HouseDistance), 1.0)
	}
}
