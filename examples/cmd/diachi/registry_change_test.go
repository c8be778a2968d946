package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

// The change commands change the saved file, keep what was issued, and
// history traces a retired ID.
func TestRegistryChangeCommands(t *testing.T) {
	path := smallRegistry(t)
	t.Setenv(keyEnv, "registry at test key")
	ctx := context.Background()
	before, err := registry.Open(ctx, path, registry.Options{IDKey: []byte("registry at test key")})
	require.NoError(t, err)
	b, _ := before.BySource("b")
	a1, _ := before.BySource("a1")

	lot := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[106.7045,10.7705]},` +
		`"properties":{"id":"c","street":"s","planned":true}}]}`
	out, stderr, code := runCLI(t, lot, "registry", "add", "--gpkg", path, "--date", "2026-03-01", "--ref", "QĐ 1")
	require.Equal(t, 0, code, stderr)
	var got struct {
		Event  map[string]any
		Houses []houseJSON
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Equal(t, "add", got.Event["kind"])
	require.Len(t, got.Houses, 1)
	require.NotEmpty(t, got.Houses[0].Number)

	_, stderr, code = runCLI(t, "", "registry", "retire", "--gpkg", path, "--house", "b", "--date", "2026-03-02")
	require.Equal(t, 0, code, stderr)
	_, stderr, code = runCLI(t, "", "registry", "rename", "--gpkg", path, "--street", "s", "--name", "Phố Mới", "--date", "2026-03-02")
	require.Equal(t, 0, code, stderr)

	after, err := registry.Open(ctx, path, registry.Options{IDKey: []byte("registry at test key")})
	require.NoError(t, err)
	a1now, _ := after.BySource("a1")
	require.Equal(t, a1.Number, a1now.Number)
	require.Equal(t, a1.ID, a1now.ID)
	_, there := after.BySource("b")
	require.False(t, there)

	out, stderr, code = runCLI(t, "", "registry", "history", "--gpkg", path)
	require.Equal(t, 0, code, stderr)
	require.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 3)
	out, stderr, code = runCLI(t, "", "registry", "history", "--gpkg", path, "--id", b.ID.String())
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"retired":{"address_id":"`+b.ID.Grouped())
	require.Contains(t, out, "retired 2026-03-02: "+b.Number.String())
	out, stderr, code = runCLI(t, "", "registry", "history", "--gpkg", path, "--address", a1.Number.String()+" Phố Một")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"building":"a1"`)
	require.Contains(t, out, "renamed 2026-03-02: Phố Một -> Phố Mới")

	// Refused: nothing written, exit 1 with the reason.
	_, stderr, code = runCLI(t, "", "registry", "retire", "--gpkg", path, "--house", "nope")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "change refused: retire nope: no such house")
	_, stderr, code = runCLI(t, "", "registry", "retire", "--gpkg", path, "--house", "a1", "--date", "2026-01-01")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "before the last change")
	// The features must be in the registry's CRS.
	_, stderr, code = runCLI(t, lot, "registry", "add", "--gpkg", path, "--crs", "EPSG:9210")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "registry's CRS")
	// Usage errors: no house; no key for an office registry.
	_, _, code = runCLI(t, "", "registry", "retire", "--gpkg", path)
	require.Equal(t, 2, code)
	_, _, code = runCLI(t, "", "registry", "history", "--gpkg", path, "--street", "s")
	require.Equal(t, 2, code)
	t.Setenv(keyEnv, "")
	os.Unsetenv(keyEnv)
	_, stderr, code = runCLI(t, "", "registry", "retire", "--gpkg", path, "--house", "a1")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "no key")
}
