package olc_test

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/olc"
)

// TestCrossCheckGoogleJS compares with Google's JavaScript implementation
// on 3,000 random points (testdata/olc/crosscheck.csv). Where the two codes
// differ, the JavaScript encoder must be the one in error: its own decoded
// area does not hold the point, ours does.
func TestCrossCheckGoogleJS(t *testing.T) {
	rows := readVectors(t, "../../testdata/olc/crosscheck.csv")[1:]
	require.Len(t, rows, 3000)
	same, theirs := 0, 0
	for _, r := range rows {
		lat, lng := fl(t, r[0]), fl(t, r[1])
		length, err := strconv.Atoi(r[2])
		require.NoError(t, err)
		c, err := olc.Encode(lat, lng, length)
		require.NoError(t, err)
		a, err := c.Decode()
		require.NoError(t, err)
		require.True(t, a.Contains(lat, lng), "%v: our area does not hold the point", r)
		// Their decode of their code agrees with ours of it to 1e-10°.
		theirArea, err := olc.Decode(r[3])
		require.NoError(t, err)
		for i, v := range []float64{theirArea.LatLo, theirArea.LngLo, theirArea.LatHi, theirArea.LngHi} {
			require.InDelta(t, fl(t, r[4+i]), v, 1e-10, "%v", r)
		}
		if c.String() == r[3] {
			same++
			continue
		}
		theirs++
		assert.False(t, theirArea.Contains(lat, lng), "%v: both codes hold the point but differ (ours %s)", r, c)
	}
	t.Logf("crosscheck: %d rows, %d identical, %d where Google's JavaScript encoder puts the point in a cell that does not hold it", len(rows), same, theirs)
}

func TestBadCodes(t *testing.T) {
	tests := []struct {
		in  string
		err error
		pos int
	}{
		{"", olc.ErrInvalidLength, -1},
		{"8FWC2345G6", olc.ErrSeparator, -1},
		{"8FWC2345+G6+", olc.ErrSeparator, 11},
		{"8FWC234+5G6", olc.ErrSeparator, 7},
		{"8FWC23456+G6", olc.ErrSeparator, 9},
		{"8FWC2345+G", olc.ErrInvalidLength, 9},
		{"8FWC2300+G6", olc.ErrPadding, 9},
		{"8FW00000+", olc.ErrPadding, 3},
		{"8F00G600+", olc.ErrPadding, 4},
		{"00000000+", olc.ErrPadding, 0},
		{"WC2300+", olc.ErrPadding, 4},
		{"8FWC2345+0G", olc.ErrPadding, 9},
		{"8FWCO345+G6", olc.ErrInvalidCharacter, 4}, // letter O for 0
		{"8FWC2I45+G6", olc.ErrInvalidCharacter, 5}, // letter I for 1
		{"8FWC2145+G6", olc.ErrInvalidCharacter, 5}, // digit 1
		{"8FWC 345+G6", olc.ErrInvalidCharacter, 4},
		{"8FWC2η45+G6", olc.ErrInvalidCharacter, 5},
		{"+", olc.ErrInvalidLength, -1},
		{"X2000000+", olc.ErrOutOfRange, 0}, // first latitude digit beyond 90°N
		{"CX000000+", olc.ErrOutOfRange, 0}, // first longitude digit beyond 180°E
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			c, err := olc.Parse(tc.in)
			require.ErrorIs(t, err, tc.err)
			var pe *olc.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.pos, pe.Pos)
			assert.Equal(t, tc.in, pe.Input)
			assert.False(t, c.IsValid())
			assert.True(t, strings.HasPrefix(err.Error(), "olc: "))
			_, err = olc.Decode(tc.in)
			assert.Error(t, err)
		})
	}
	_, err := olc.Parse("8FWCO345+G6")
	assert.Contains(t, err.Error(), "letter O")
	// A short code cannot be decoded without a reference.
	_, err = olc.Decode("2345+G6")
	assert.ErrorIs(t, err, olc.ErrNotFull)
	_, err = olc.MustParse("2345+G6").Decode()
	assert.ErrorIs(t, err, olc.ErrNotFull)
}

func TestLowerCaseIsTheSameCode(t *testing.T) {
	c, err := olc.Parse("7p28qmfx+255")
	require.NoError(t, err)
	assert.Equal(t, olc.MustParse("7P28QMFX+255"), c)
	assert.Equal(t, "7P28QMFX+255", c.String())
}

func TestEncodeErrors(t *testing.T) {
	for _, l := range []int{-1, 0, 1, 3, 5, 7, 9} {
		_, err := olc.Encode(10.77, 106.7, l)
		assert.ErrorIs(t, err, olc.ErrInvalidLength, "length %d", l)
	}
	for _, p := range [][2]float64{{math.NaN(), 1}, {1, math.Inf(-1)}, {1, 2e9}} {
		_, err := olc.Encode(p[0], p[1], 10)
		assert.ErrorIs(t, err, olc.ErrInvalidCoordinate, "%v", p)
	}
	// More than 15 digits is clipped to 15, as specified.
	c, err := olc.Encode(10.7725, 106.698, 20)
	require.NoError(t, err)
	assert.Equal(t, 15, c.Len())
}

func TestCodeValue(t *testing.T) {
	c := olc.MustParse("7P28QMFX+255")
	assert.True(t, c.IsFull())
	assert.False(t, c.IsShort())
	assert.False(t, c.IsPadded())
	assert.Equal(t, 11, c.Len())
	p := olc.MustParse("7P280000+")
	assert.True(t, p.IsPadded())
	assert.Equal(t, 4, p.Len())
	_, err := p.Shorten(10.77, 106.7)
	assert.ErrorIs(t, err, olc.ErrCannotShorten)

	b, err := json.Marshal(map[string]olc.Code{"plus": c})
	require.NoError(t, err)
	assert.JSONEq(t, `{"plus":"7P28QMFX+255"}`, string(b))
	var back map[string]olc.Code
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back["plus"])
	assert.Error(t, json.Unmarshal([]byte(`{"plus":"7P28QMFX+25O"}`), &back))

	var z olc.Code
	assert.False(t, z.IsValid())
	_, err = z.RecoverNearest(10, 106)
	assert.Error(t, err)
	assert.Panics(t, func() { olc.MustParse("nope") })
}

// Recovering the short code a person reads on a Hồ Chí Minh City plate.
func TestShortenRecoverVietnam(t *testing.T) {
	full := olc.MustParse("7P28QMFX+255")
	a, _ := full.Decode()
	ctr := a.Center()
	// 0.02° away: within 0.3 × 1° (4 digits go) but not 0.3 × 0.05° (6 would).
	short, err := full.Shorten(ctr[1]+0.02, ctr[0]-0.02)
	require.NoError(t, err)
	assert.Equal(t, "QMFX+255", short.String())
	back, err := short.RecoverNearest(10.78, 106.69)
	require.NoError(t, err)
	assert.Equal(t, full, back)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"8FWC2345+G6", "2345+G6", "8fwc2345+", "849VGJQF+VX7QR3JW", "8FWC2300+G6", "", "+", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := olc.Parse(s)
		if err != nil {
			var pe *olc.ParseError
			require.ErrorAs(t, err, &pe)
			require.True(t, pe.Pos >= -1 && pe.Pos < max(len(s), 1))
			return
		}
		// Only case may change, and the canonical form parses to itself.
		require.True(t, strings.EqualFold(s, c.String()))
		again, err := olc.Parse(c.String())
		require.NoError(t, err)
		require.Equal(t, c, again)
		if c.IsFull() {
			a, err := c.Decode()
			require.NoError(t, err)
			require.True(t, a.LatLo < a.LatHi && a.LngLo < a.LngHi)
		}
	})
}

func FuzzEncodeDecode(f *testing.F) {
	f.Add(10.7725, 106.698, 11)
	f.Add(90.0, 180.0, 15)
	f.Add(-90.0, -180.0, 2)
	f.Fuzz(func(t *testing.T, lat, lng float64, length int) {
		c, err := olc.Encode(lat, lng, length)
		if err != nil {
			return
		}
		a, err := c.Decode()
		require.NoError(t, err)
		if lat >= -90 && lat < 90 && lng >= -180 && lng < 180 {
			// decode(encode(p)) contains p, up to the six-decimal rounding
			// of the grid product (5e-7 of the finest cell).
			const slack = 1e-13
			require.True(t, lat >= a.LatLo-slack && lat < a.LatHi+slack && lng >= a.LngLo-slack && lng < a.LngHi+slack,
				"%v %v -> %s %+v", lat, lng, c, a)
		}
		again, err := olc.Parse(c.String())
		require.NoError(t, err)
		require.Equal(t, c, again)
	})
}
