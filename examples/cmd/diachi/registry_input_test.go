package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/internal/postgis/postgistest"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

// registry build from the sample town as Shapefiles with 10-character
// field names: with the mapping file, the 14 findings of the GeoJSON; with
// no mapping, each cut name is said on standard error with the name to
// map it to; a bad mapping entry is a usage error.
func TestRegistryBuildShapefiles(t *testing.T) {
	src, err := registry.LoadDir(context.Background(), townDir, 0)
	require.NoError(t, err)
	dir := t.TempDir()
	shp := filepath.Join(dir, "shp")
	require.NoError(t, os.Mkdir(shp, 0o755))
	require.NoError(t, towngen.WriteShapefiles(shp, src))
	mapFile := filepath.Join(dir, "map.txt")
	require.NoError(t, os.WriteFile(mapFile, []byte(towngen.ShapefileMapping), 0o644))
	key := keyFile(t, testKeyArg+"\n")

	stdout, stderr, code := runCLI(t, "", "registry", "build", "--in", shp, "--map-file", mapFile, "--out", filepath.Join(dir, "a.gpkg"), "--key-file", key)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "1411 houses, 1433 parcels, 31 streets, 14 findings")
	assert.NotContains(t, stderr, "unknown_attribute cross_sect")

	_, stderr, code = runCLI(t, "", "registry", "build", "--in", shp, "--out", filepath.Join(dir, "b.gpkg"), "--key-file", key)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "streets: unknown_attribute cross_sect")
	assert.Contains(t, stderr, "map it with cross_sect=cross_section")
	assert.Contains(t, stderr, "buildings: unknown_attribute parcel_she")

	_, stderr, code = runCLI(t, "", "registry", "build", "--in", shp, "--map", "cross_sect", "--out", filepath.Join(dir, "c.gpkg"), "--key-file", key)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "not name=name")
}

// registry build writes a registry to a PostGIS schema and builds one
// from it, with the server DIACHI_POSTGIS_URL names; skips without one.
func TestRegistryBuildPostGIS(t *testing.T) {
	postgistest.URL(t)
	dir := t.TempDir()
	key := keyFile(t, testKeyArg+"\n")
	stdout, stderr, code := runCLI(t, "", "registry", "build", "--in", townDir, "--out", "postgis:diachi_test_cli", "--key-file", key)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "postgis:diachi_test_cli: 1411 houses, 1433 parcels, 31 streets, 14 findings")
	stdout, stderr, code = runCLI(t, "", "registry", "build", "--in", "postgis:diachi_test_cli", "--out", filepath.Join(dir, "back.gpkg"), "--key-file", key)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "1411 houses, 1433 parcels, 31 streets, 14 findings")
	_, stderr, code = runCLI(t, "", "registry", "build", "--in", "postgis:no_such_schema", "--out", filepath.Join(dir, "x.gpkg"), "--key-file", key)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no layer streets")
}
