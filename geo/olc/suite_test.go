package olc_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/olc"
)

// Google's language-neutral test suite, kept beside the project.
const suiteDir = "../../../shared/testvectors/olc"

func suite(t *testing.T, name string) [][]string {
	t.Helper()
	path := filepath.Join(suiteDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("Open Location Code test suite not found at %s: skipping", path)
	}
	return readVectors(t, path)
}

func readVectors(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	return recs
}

func fl(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, s)
	return v
}

func in(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err, s)
	return v
}

// checkEncoding runs every row of an encoding file: degrees to integers,
// integers to code, and degrees to code, each compared with the expected
// answer; an empty expected code means an error.
func checkEncoding(t *testing.T, rows [][]string) (failures int) {
	for _, r := range rows {
		lat, lng := fl(t, r[0]), fl(t, r[1])
		latI, lngI := in(t, r[2]), in(t, r[3])
		length, err := strconv.Atoi(r[4])
		require.NoError(t, err)
		want := r[5]

		gotLat, gotLng, err := olc.ToIntegers(lat, lng)
		require.NoError(t, err)
		if !assert.Equal(t, [2]int64{latI, lngI}, [2]int64{gotLat, gotLng}, "integers of %v", r) {
			failures++
		}
		fromInts, errI := olc.AppendEncodeIntegers(nil, latI, lngI, length)
		code, errD := olc.Encode(lat, lng, length)
		if want == "" {
			if !assert.Error(t, errI, "%v", r) || !assert.Error(t, errD, "%v", r) {
				failures++
			}
			continue
		}
		require.NoError(t, errI, "%v", r)
		require.NoError(t, errD, "%v", r)
		if !assert.Equal(t, want, string(fromInts), "from integers %v", r) {
			failures++
		}
		if !assert.Equal(t, want, code.String(), "from degrees %v", r) {
			failures++
		}
	}
	return failures
}

func TestGoogleEncoding(t *testing.T) {
	rows := suite(t, "encoding.csv")
	require.Greater(t, len(rows), 290)
	failures := checkEncoding(t, rows)
	t.Logf("encoding.csv: %d rows, %d failures (degrees, integers and codes)", len(rows), failures)
}

func TestGoogleDecoding(t *testing.T) {
	rows := suite(t, "decoding.csv")
	for _, r := range rows {
		a, err := olc.Decode(r[0])
		require.NoError(t, err, r[0])
		assert.Equal(t, int(in(t, r[1])), a.Len, r[0])
		const tol = 1e-10
		assert.InDelta(t, fl(t, r[2]), a.LatLo, tol, "%v latLo", r)
		assert.InDelta(t, fl(t, r[3]), a.LngLo, tol, "%v lngLo", r)
		assert.InDelta(t, fl(t, r[4]), a.LatHi, tol, "%v latHi", r)
		assert.InDelta(t, fl(t, r[5]), a.LngHi, tol, "%v lngHi", r)
		c, err := olc.Parse(r[0])
		require.NoError(t, err)
		b, err := c.Decode()
		require.NoError(t, err)
		assert.Equal(t, a, b)
	}
	t.Logf("decoding.csv: %d rows", len(rows))
}

func TestGoogleValidity(t *testing.T) {
	rows := suite(t, "validityTests.csv")
	for _, r := range rows {
		code := r[0]
		valid, short, full := r[1] == "true", r[2] == "true", r[3] == "true"
		assert.Equal(t, valid, olc.IsValid(code), "IsValid(%q)", code)
		assert.Equal(t, short, olc.IsShort(code), "IsShort(%q)", code)
		assert.Equal(t, full, olc.IsFull(code), "IsFull(%q)", code)
		c, err := olc.Parse(code)
		if valid {
			require.NoError(t, err, code)
			assert.Equal(t, strings.ToUpper(code), c.String())
			assert.Equal(t, short, c.IsShort(), code)
		} else {
			assert.Error(t, err, code)
			assert.False(t, c.IsValid())
		}
	}
	t.Logf("validityTests.csv: %d rows", len(rows))
}

func TestGoogleShortCodes(t *testing.T) {
	rows := suite(t, "shortCodeTests.csv")
	for _, r := range rows {
		full, lat, lng, short, kind := r[0], fl(t, r[1]), fl(t, r[2]), r[3], r[4]
		if kind == "S" || kind == "B" {
			got, err := olc.MustParse(full).Shorten(lat, lng)
			require.NoError(t, err, "%v", r)
			assert.Equal(t, short, got.String(), "Shorten %v", r)
		}
		if kind == "R" || kind == "B" {
			got, err := olc.MustParse(short).RecoverNearest(lat, lng)
			require.NoError(t, err, "%v", r)
			assert.Equal(t, strings.ToUpper(full), got.String(), "RecoverNearest %v", r)
		}
	}
	t.Logf("shortCodeTests.csv: %d rows", len(rows))
}
