package geohash_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/geohash"
)

// Examples published with the GeoHash definition.
func TestPublishedExamples(t *testing.T) {
	tests := []struct {
		lat, lng float64
		prec     int
		want     string
	}{
		{57.64911, 10.40744, 11, "u4pruydqqvj"}, // the definition's own example
		{42.6, -5.6, 5, "ezs42"},                // the worked example of the decoding steps
	}
	for _, tc := range tests {
		h, err := geohash.Encode(tc.lat, tc.lng, tc.prec)
		require.NoError(t, err)
		assert.Equal(t, tc.want, h.String())
	}
	// Decoding "ezs42": latitude 42.583 to 42.627, longitude -5.625 to -5.581.
	b, err := geohash.Decode("ezs42")
	require.NoError(t, err)
	assert.InDelta(t, 42.5830078125, b.MinLat, 1e-12)
	assert.InDelta(t, 42.626953125, b.MaxLat, 1e-12)
	assert.InDelta(t, -5.625, b.MinLng, 1e-12)
	assert.InDelta(t, -5.5810546875, b.MaxLng, 1e-12)
}

func TestEdgesAndCorners(t *testing.T) {
	for _, c := range []struct {
		lat, lng float64
		want     string
	}{
		{0, 0, "s00000000000"},      // the origin is the lower-left of its cell
		{-90, -180, "000000000000"}, // first cell
		{90, 180, "zzzzzzzzzzzz"},   // last cell
		{-0.0000000001, -0.0000000001, "7zzzzzzzzzzz"},
	} {
		h, err := geohash.Encode(c.lat, c.lng, 12)
		require.NoError(t, err)
		assert.Equal(t, c.want, h.String(), "%v %v", c.lat, c.lng)
		assert.True(t, h.Box().Contains(c.lat, c.lng))
	}
}

func TestNeighbors(t *testing.T) {
	h := geohash.MustParse("w3gvk1") // Hồ Chí Minh City
	box := h.Box()
	n := h.Neighbors()
	for d, nb := range n {
		require.True(t, nb.IsValid(), "direction %d", d)
		b := nb.Box()
		// Adjacent: boxes touch and have the same size.
		assert.InDelta(t, box.MaxLat-box.MinLat, b.MaxLat-b.MinLat, 1e-12)
		assert.True(t, b.MinLat <= box.MaxLat+1e-12 && b.MaxLat >= box.MinLat-1e-12)
		assert.True(t, b.MinLng <= box.MaxLng+1e-12 && b.MaxLng >= box.MinLng-1e-12)
		assert.NotEqual(t, h, nb)
	}
	north, _ := h.Neighbor(geohash.North)
	assert.InDelta(t, box.MaxLat, north.Box().MinLat, 1e-12)
	east, _ := h.Neighbor(geohash.East)
	assert.InDelta(t, box.MaxLng, east.Box().MinLng, 1e-12)
	// Across the antimeridian and beyond the pole.
	w, ok := geohash.MustParse("8").Neighbor(geohash.West)
	require.True(t, ok)
	assert.InDelta(t, 180, w.Box().MaxLng, 1e-12)
	_, ok = geohash.MustParse("zzz").Neighbor(geohash.North)
	assert.False(t, ok)
}

func TestBadInput(t *testing.T) {
	for _, s := range []string{"", "w3gvk1a", "w3gvk1i", "w3gvk1l", "w3gvk1o", "w3g k1", "w3gvk1w3gvk1w", "w3gvk\x00", "w3gvkđ"} {
		_, err := geohash.Parse(s)
		require.Error(t, err, "%q", s)
		var pe *geohash.ParseError
		require.ErrorAs(t, err, &pe)
		_, err = geohash.Decode(s)
		require.Error(t, err)
	}
	_, err := geohash.Parse("w3gvkO")
	assert.ErrorIs(t, err, geohash.ErrInvalidCharacter)
	assert.Contains(t, err.Error(), "at byte 5")
	h, err := geohash.Parse("W3GVK1")
	require.NoError(t, err)
	assert.Equal(t, "w3gvk1", h.String(), "upper case is the same hash")

	for _, c := range [][3]float64{{91, 0, 5}, {0, 181, 5}, {math.NaN(), 0, 5}, {0, math.Inf(1), 5}, {0, 0, 0}, {0, 0, 13}} {
		_, err := geohash.Encode(c[0], c[1], int(c[2]))
		assert.Error(t, err, "%v", c)
	}
	assert.False(t, geohash.Hash{}.IsValid())
}

func TestText(t *testing.T) {
	h := geohash.MustParse("w3gvk1qpzc2m")
	b, err := h.MarshalText()
	require.NoError(t, err)
	var g geohash.Hash
	require.NoError(t, g.UnmarshalText(b))
	assert.Equal(t, h, g)
	require.Error(t, g.UnmarshalText([]byte("bad!")))
	out, _ := h.AppendText([]byte("id="))
	assert.Equal(t, "id=w3gvk1qpzc2m", string(out))
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"w3gvk1", "ezs42", "zzzzzzzzzzzz", "a", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := geohash.Decode(s)
		if err != nil {
			return
		}
		require.True(t, b.MinLat < b.MaxLat && b.MinLng < b.MaxLng)
		// Re-encoding the centre at the same precision gives the same hash.
		c := b.Center()
		h, err := geohash.Encode(c[1], c[0], len(s))
		require.NoError(t, err)
		p, _ := geohash.Parse(s)
		require.Equal(t, p, h)
	})
}

func FuzzEncode(f *testing.F) {
	f.Add(10.7725, 106.698, 12)
	f.Add(-90.0, 180.0, 1)
	f.Fuzz(func(t *testing.T, lat, lng float64, prec int) {
		h, err := geohash.Encode(lat, lng, prec)
		if err != nil {
			return
		}
		require.True(t, h.Box().Contains(lat, lng), "decode(encode(p)) must contain p: %v %v -> %v %+v", lat, lng, h, h.Box())
	})
}
