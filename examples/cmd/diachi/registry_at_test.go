package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

// smallRegistry saves a registry of two streets, three parcels and three
// houses near 106.705°E 10.77°N and returns its path.
func smallRegistry(t *testing.T) string {
	t.Helper()
	bld := func(id string, p orb.Point) registry.Feature {
		return registry.Feature{Geometry: p, Props: registry.Props{{Key: "id", Value: id}}}
	}
	parcel := func(n int64, x0, x1 float64) registry.Feature {
		return registry.Feature{Geometry: orb.Polygon{{{x0, 10.7702}, {x1, 10.7702}, {x1, 10.7712}, {x0, 10.7712}, {x0, 10.7702}}},
			Props: registry.Props{{Key: "commune", Value: "27478"}, {Key: "sheet", Value: int64(1)}, {Key: "number", Value: n}}}
	}
	src := &registry.Source{
		Streets: []registry.Feature{
			{Geometry: orb.LineString{{106.70, 10.77}, {106.71, 10.77}}, Props: registry.Props{{Key: "id", Value: "s"}, {Key: "name", Value: "Phố Một"}}},
			{Geometry: orb.LineString{{106.70, 10.76}, {106.71, 10.76}}, Props: registry.Props{{Key: "id", Value: "t"}, {Key: "name", Value: "Phố Hai"}}}},
		Parcels: []registry.Feature{parcel(1, 106.702, 106.704), parcel(2, 106.705, 106.706), parcel(3, 106.707, 106.708)},
		Buildings: []registry.Feature{bld("a1", orb.Point{106.7025, 10.7705}), bld("b", orb.Point{106.7055, 10.7705}),
			bld("a2", orb.Point{106.7038, 10.7708})},
	}
	ctx := context.Background()
	reg, err := registry.Build(ctx, src, registry.Options{ParcelZone: 9210, IDKey: []byte("registry at test key")})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "small.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	return path
}

// registry at answers a point it can answer for, and reports per line a
// point that is invalid (out of range, a "lon lat" pair among them) or
// outside the registry's extent, where it would have nothing to say.
func TestRegistryAtInvalidPoints(t *testing.T) {
	gpkg := smallRegistry(t)
	in := strings.Join([]string{
		"10.7705 106.7025", // house a1
		"91 106.70",
		"1000 106.70",
		"10.77 1e308",
		"10.77 -1e308",
		"106.7025 10.7705", // "lon lat"
		"21 105",           // valid, 80 km away
		"10.77 106.7115",   // beyond the east end of Phố Một, within the street radius
		"10.77 106.705",    // on the centreline of Phố Một
	}, "\n") + "\n"
	out, stderr, code := runCLI(t, in, "registry", "at", "--gpkg", gpkg)
	assert.Equal(t, 1, code, stderr)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 9, out)
	var pl map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &pl), lines[0])
	assert.Equal(t, "a1", pl["house"].(map[string]any)["building"])
	for i, want := range []string{
		"error: line 2: registry: invalid point (lon 106.7, lat 91): latitude outside ±90",
		"error: line 3: registry: invalid point (lon 106.7, lat 1000): latitude outside ±90",
		"error: line 4: registry: invalid point (lon 1e+308, lat 10.77): longitude outside ±180",
		"error: line 5: registry: invalid point (lon -1e+308, lat 10.77): longitude outside ±180",
		`error: line 6: 106.7025 10.7705 reads as latitude 106.7025, longitude 10.7705: that is "lon lat" inside Vietnam; give "lat lon" (10.7705 106.7025)`,
		"error: line 7: registry: point (lon 105, lat 21) outside the registry's extent",
	} {
		assert.True(t, strings.HasPrefix(lines[i+1], want), "line %d: %s", i+2, lines[i+1])
	}
	require.NoError(t, json.Unmarshal([]byte(lines[7]), &pl), lines[7])
	assert.Nil(t, pl["house"])
	assert.Equal(t, "s", pl["street"].(map[string]any)["id"])
	require.NoError(t, json.Unmarshal([]byte(lines[8]), &pl), lines[8])
	st := pl["street"].(map[string]any)
	assert.Contains(t, st, "side")
	assert.Nil(t, st["side"], "a point on the centreline has no side")
}

// registry at answers the same bytes reading the file in part as reading
// it whole (--full): on the sample town, at every house, near each, and
// over and beyond the town; and it says on standard error how much it
// checked.
func TestRegistryAtPartialSameAsFull(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runCLI(t, "", "town", "--in", townDir, "--out", dir)
	require.Equal(t, 0, code, stderr)
	path := filepath.Join(dir, "town.gpkg")
	reg, err := registry.Open(context.Background(), path, registry.Options{})
	require.NoError(t, err)
	var b strings.Builder
	k := 0
	for h := range reg.Houses() {
		if k++; k%4 != 0 {
			continue
		}
		fmt.Fprintf(&b, "%.7f %.7f\n", h.Point[1], h.Point[0])
		fmt.Fprintf(&b, "%.7f %.7f\n", h.Point[1]+0.00011, h.Point[0]-0.00013)
	}
	ext, _ := reg.Extent()
	for i := range 60 {
		f := float64(i) / 59
		fmt.Fprintf(&b, "%.7f %.7f\n", ext.Min[1]-0.004+f*(ext.Max[1]-ext.Min[1]+0.008), ext.Min[0]-0.004+f*(ext.Max[0]-ext.Min[0]+0.008))
	}
	b.WriteString("91 106.7\nnot a point\n")
	in := b.String()
	part, perr, pcode := runCLI(t, in, "registry", "at", "--gpkg", path)
	whole, werr, wcode := runCLI(t, in, "registry", "at", "--full", "--gpkg", path)
	assert.Equal(t, wcode, pcode)
	assert.Equal(t, 1, pcode, "two lines fail")
	assert.Equal(t, strings.Count(in, "\n"), strings.Count(part, "\n"))
	assert.Equal(t, whole, part)
	assert.Contains(t, perr, "read in part, its rows are not checked")
	assert.Contains(t, werr, "its check detects accidental damage only")
}

// registry verify checks every row: a file as saved passes, with what it
// checked; a row changed (as anyone with SQLite can) is refused, though
// registry at, reading in part, still answers from it.
func TestRegistryVerify(t *testing.T) {
	path := smallRegistry(t)
	key := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(key, []byte("registry at test key"), 0o600))
	out, stderr, code := runCLI(t, "", "registry", "verify", "--gpkg", path, "--key-file", key)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "every row matches its digest, sealed with the office's key")
	out, stderr, code = runCLI(t, "", "registry", "verify", "--gpkg", path)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "no key given")

	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE houses SET number = '99' WHERE fid = 1`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	_, stderr, code = runCLI(t, "", "registry", "verify", "--gpkg", path, "--key-file", key)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "fails its seal check")
	_, stderr, code = runCLI(t, "10.7705 106.7025\n", "registry", "at", "--gpkg", path, "--key-file", key)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "its rows are not checked")
	_, _, code = runCLI(t, "10.7705 106.7025\n", "registry", "at", "--full", "--gpkg", path, "--key-file", key)
	assert.Equal(t, 1, code)
}
