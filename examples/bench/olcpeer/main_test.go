package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/olc"
)

// TestSameInputs: the files written are read back as the points and the
// codes of those points, which both sides of the comparison then use.
func TestSameInputs(t *testing.T) {
	dir := t.TempDir()
	pf, cf := filepath.Join(dir, "points.txt"), filepath.Join(dir, "codes.txt")
	require.NoError(t, generate(pf, cf, 1024))
	pts, err := readPoints(pf)
	require.NoError(t, err)
	codes, err := readCodes(cf)
	require.NoError(t, err)
	require.Len(t, pts, 1024)
	require.Len(t, codes, 1024)
	for i, p := range pts {
		assert.True(t, p[0] >= 8 && p[0] < 24 && p[1] >= 102 && p[1] < 110, "%v", p)
		c, err := olc.Encode(p[0], p[1], 10)
		require.NoError(t, err)
		assert.Equal(t, c.String(), codes[i], "the point as read back encodes to its code")
	}
	enc, dec, err := timeCalls(pts, codes, 1000)
	require.NoError(t, err)
	assert.Positive(t, enc)
	assert.Positive(t, dec)
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	_, err := readPoints(write("p1", "10.5 106.7\n10.5\n"))
	assert.ErrorContains(t, err, ":2:")
	_, err = readPoints(write("p2", "10.5 x\n"))
	assert.ErrorContains(t, err, ":1:")
	_, err = readPoints(write("p3", "91 106\n"))
	assert.ErrorContains(t, err, "±90")
	_, err = readPoints(write("p4", "10 NaN\n"))
	assert.ErrorContains(t, err, "±180")
	_, err = readPoints(write("p5", ""))
	assert.ErrorContains(t, err, "empty")
	_, err = readCodes(write("c1", "7P28QMFX+255\n7P28\n"))
	assert.ErrorContains(t, err, ":2:")
	_, _, err = timeCalls(nil, []string{"7P28QMFX+255"}, 10)
	assert.Error(t, err)
}

func FuzzParsePoint(f *testing.F) {
	f.Add("10.7725 106.698")
	f.Add("-90 180")
	f.Add("NaN 1e309")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePoint(s)
		if err != nil {
			return
		}
		if !(p[0] >= -90 && p[0] <= 90 && p[1] >= -180 && p[1] <= 180) {
			t.Fatalf("%q read as %v", s, p)
		}
		if _, err := olc.Encode(p[0], p[1], 10); err != nil {
			t.Fatalf("%q read as %v, which does not encode: %v", s, p, err)
		}
	})
}
