package address_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
)

// benThanh is the TM-3 105-45 position of Bến Thành market (PROJ: WGS84
// 10.7725, 106.698 with EPSG:6960).
var benThanh = orb.Point{603481.5880, 1191454.6112}

func square(c orb.Point, half float64) orb.Polygon {
	return orb.Polygon{{
		{c[0] - half, c[1] - half}, {c[0] + half, c[1] - half},
		{c[0] + half, c[1] + half}, {c[0] - half, c[1] + half}, {c[0] - half, c[1] - half},
	}}
}

func TestParcelID(t *testing.T) {
	// A 20 m square parcel centred on Bến Thành: the pole is the centre,
	// which PROJ (cct, EPSG:6960) puts at 10.7725000000, 106.6980000008, in
	// the GeoHash-12 cell ngeohash names w3gv7cp47ee1.
	id, err := address.NewParcelID(square(benThanh, 10), crs.TM3_10545, 0)
	require.NoError(t, err)
	assert.Equal(t, "w3gv7cp47ee1", id.String())
	assert.InDelta(t, 0, float64(geo.Distance(id.Point(), orb.Point{106.698, 10.7725})), 0.03)

	// The same parcel drawn in WGS84 gives the same ID.
	pr, _ := crs.NewProjection(crs.TM3_10545)
	var ring orb.Ring
	for _, p := range square(benThanh, 10)[0] {
		q, err := pr.Inverse(crs.GridPoint{Easting: geo.Meters(p[0]), Northing: geo.Meters(p[1])})
		require.NoError(t, err)
		ring = append(ring, q)
	}
	id2, err := address.NewParcelIDFromWGS84(orb.Polygon{ring}, crs.TM3_10545, 0)
	require.NoError(t, err)
	assert.Equal(t, id, id2)

	// A tube house with a courtyard (hole): the pole avoids the hole.
	house := tubeHouse()
	hid, err := address.NewParcelID(house, crs.TM3_10545, 0)
	require.NoError(t, err)
	g, err := pr.Forward(hid.Point())
	require.NoError(t, err)
	y := float64(g.Northing) - benThanh[1]
	assert.False(t, y > 15 && y < 25 && float64(g.Easting)-benThanh[0] > 1 && float64(g.Easting)-benThanh[0] < 4, "pole in the courtyard")

	// Deterministic: the same parcel, the same ID.
	again, _ := address.NewParcelID(house, crs.TM3_10545, 0)
	assert.Equal(t, hid, again)
}

// tubeHouse is a 5 m × 40 m parcel at Bến Thành with a 3 m × 10 m
// courtyard.
func tubeHouse() orb.Polygon {
	house := orb.Polygon{
		{{0, 0}, {5, 0}, {5, 40}, {0, 40}, {0, 0}},
		{{1, 15}, {4, 15}, {4, 25}, {1, 25}, {1, 15}},
	}
	for i := range house {
		for j := range house[i] {
			house[i][j] = orb.Point{benThanh[0] + house[i][j][0], benThanh[1] + house[i][j][1]}
		}
	}
	return house
}

func TestParcelIDErrors(t *testing.T) {
	_, err := address.NewParcelID(square(benThanh, 10), crs.WGS84, 0)
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)
	_, err = address.NewParcelID(square(benThanh, 10), 3857, 0)
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)
	_, err = address.NewParcelID(orb.Polygon{{{1, 1}, {2, 2}, {1, 1}}}, crs.TM3_10545, 0)
	assert.ErrorIs(t, err, geo.ErrDegenerate)
	_, err = address.NewParcelID(square(orb.Point{math.NaN(), 0}, 1), crs.TM3_10545, 0)
	assert.ErrorIs(t, err, geo.ErrInvalidPoint)
	_, err = address.NewParcelIDFromWGS84(square(orb.Point{2.35, 48.85}, 0.001), crs.TM3_10545, 0)
	assert.ErrorIs(t, err, crs.ErrOutsideArea)

	for _, s := range []string{"", "w3gv7cp47ee", "w3gv7cp47ee1x", "w3gv7cp47eea", "w3gv7cp47e 1"} {
		_, err := address.ParseParcelID(s)
		assert.ErrorIs(t, err, address.ErrIDSyntax, "%q", s)
	}
	p, err := address.ParseParcelID("W3GV7CP47EE1")
	require.NoError(t, err)
	assert.Equal(t, "w3gv7cp47ee1", p.String())
	var z address.ParcelID
	require.NoError(t, z.UnmarshalText([]byte("w3gv7cp47ee1")))
	assert.Equal(t, p, z)
}

func FuzzParseParcelID(f *testing.F) {
	f.Add("w3gv7cp47ee1")
	f.Add("W3GV7CP47EE1")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := address.ParseParcelID(s)
		if err != nil {
			return
		}
		q, err := address.ParseParcelID(p.String())
		require.NoError(t, err)
		require.Equal(t, p, q)
	})
}
