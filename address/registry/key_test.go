package registry_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// testKey is the office key of the tests' sample registry.
var testKey = []byte("registry test key: an office's secret")

// No registry is built without a key: with the empty key anyone could
// compute every address ID and the order it was issued in. The demo key
// is taken only when asked for, and named as such.
func TestKeyRequired(t *testing.T) {
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, sampleDir, 0)
	require.NoError(t, err)
	for name, opts := range map[string]registry.Options{
		"none":  {},
		"short": {IDKey: []byte("fifteen bytes!!")},
		"both":  {IDKey: testKey, DemoKey: true},
		// The demo key given as the office's: anyone can read it.
		"demo as office": {IDKey: []byte("diachi public demonstration key: the sample town only, never a real registry")},
	} {
		_, err := registry.Build(ctx, src, opts)
		require.ErrorIs(t, err, address.ErrKey, name)
	}
	demo, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	assert.True(t, demo.DemoKey())
	office := sample(t)
	assert.False(t, office.DemoKey())
	same := 0
	demoHouses := slices.Collect(demo.Houses())
	for h := range office.Houses() {
		i, _ := h.Ref().Index()
		if h.ID == demoHouses[i].ID {
			same++
		}
	}
	assert.LessOrEqual(t, same, 1, "only the ID the source gives is the same under both keys")

	path := filepath.Join(t.TempDir(), "demo.gpkg")
	require.NoError(t, demo.Save(ctx, path))
	_, _, meta, err := gpkg.ReadMeta(ctx, path)
	require.NoError(t, err)
	assert.Contains(t, meta, [2]string{"id_key", "demo"}, "the file names the demo key")
	back, err := registry.Open(ctx, path, registry.Options{})
	require.NoError(t, err)
	assert.True(t, back.DemoKey())
	assert.False(t, back.Sealed(), "opened without a key: digest only")
	require.ErrorIs(t, back.Save(ctx, filepath.Join(t.TempDir(), "x.gpkg")), address.ErrKey, "nothing to seal with")
	_, err = registry.Open(ctx, path, registry.Options{IDKey: testKey})
	require.ErrorIs(t, err, gpkg.ErrTampered, "a demo file is not the office's")
	back, err = registry.Open(ctx, path, registry.Options{DemoKey: true})
	require.NoError(t, err)
	assert.False(t, back.Sealed(), "the demo key proves nothing")
}

// sqlOn runs statements on a copy of a file, as anyone with SQLite can.
func sqlOn(t *testing.T, src string, stmts ...string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	dst := filepath.Join(t.TempDir(), "changed.gpkg")
	require.NoError(t, os.WriteFile(dst, data, 0o644))
	db, err := sql.Open("sqlite", dst)
	require.NoError(t, err)
	defer db.Close()
	for _, s := range stmts {
		res, err := db.Exec(s)
		require.NoError(t, err, s)
		n, err := res.RowsAffected()
		require.NoError(t, err)
		require.Positive(t, n, "%s changed nothing", s)
	}
	return dst
}

// A saved registry whose address ID was changed is refused as tampered
// when the office key is given, whether or not the forger recomputed the
// file's digest; without a key the digest catches the plain forgery only,
// as the package says.
func TestTamperedFile(t *testing.T) {
	ctx := context.Background()
	reg := sample(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	old := slices.Collect(reg.Houses())[100].ID
	forgedID := address.MustParseID("0273396517")
	_, taken := reg.ByID(forgedID)
	require.False(t, taken)
	forged := sqlOn(t, path, "UPDATE houses SET address_id = '"+forgedID.String()+"' WHERE address_id = '"+old.String()+"'")

	_, err := registry.Open(ctx, forged, registry.Options{IDKey: testKey})
	require.ErrorIs(t, err, gpkg.ErrTampered)
	_, err = registry.Open(ctx, forged, registry.Options{})
	require.ErrorIs(t, err, gpkg.ErrCorrupt)

	d, err := gpkg.ContentDigest(ctx, forged)
	require.NoError(t, err)
	// The forger also drops the parts' digests (as in a file saved before
	// files kept them), which would still tell the changed layer.
	redigested := sqlOn(t, forged, "UPDATE diachi_meta SET value = '"+d+"' WHERE key = 'digest'", "DELETE FROM diachi_meta WHERE key = 'parts'")
	_, err = registry.Open(ctx, redigested, registry.Options{IDKey: testKey})
	require.ErrorIs(t, err, gpkg.ErrTampered)
	assert.ErrorContains(t, err, "does not match its seal")
	// Without a key the re-digested file opens and answers for the forged
	// ID: what "accidental damage only" means, and why Sealed says false.
	back, err := registry.Open(ctx, redigested, registry.Options{})
	require.NoError(t, err)
	assert.False(t, back.Sealed())
	_, ok := back.ByID(forgedID)
	assert.True(t, ok)

	// Its seal removed as well: refused with the key.
	stripped := sqlOn(t, redigested, "DELETE FROM diachi_meta WHERE key IN ('seal', 'key_id')")
	_, err = registry.Open(ctx, stripped, registry.Options{IDKey: testKey})
	require.ErrorIs(t, err, gpkg.ErrTampered)
	assert.ErrorContains(t, err, "no seal")

	// The layer's CRS changed in gpkg_geometry_columns: refused even
	// without a key.
	moved := sqlOn(t, path, "UPDATE gpkg_geometry_columns SET srs_id = 4326 WHERE table_name = 'parcels'")
	_, err = registry.Open(ctx, moved, registry.Options{})
	require.ErrorIs(t, err, gpkg.ErrCorrupt)

	// The untouched file opens with its key, sealed.
	back, err = registry.Open(ctx, path, registry.Options{IDKey: testKey})
	require.NoError(t, err)
	assert.True(t, back.Sealed())
	_, err = registry.Open(ctx, path, registry.Options{IDKey: []byte("short")})
	require.ErrorIs(t, err, address.ErrKey)
}

// A file opened without a key whose metadata was changed and re-digested
// (as anyone can) is still read strictly: options in decimal notation and
// in range, and the layers in the registry's CRS, or refused.
func TestOpenMetadataStrict(t *testing.T) {
	ctx := context.Background()
	reg := sample(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	for name, stmt := range map[string]string{
		"crs not whole":     "UPDATE diachi_meta SET value = '9210.7' WHERE key = 'crs'",
		"crs of other data": "UPDATE diachi_meta SET value = '4326' WHERE key = 'crs'",
		"partitions NaN":    "UPDATE diachi_meta SET value = 'NaN' WHERE key = 'partitions'",
		"partitions huge":   "UPDATE diachi_meta SET value = '1e300' WHERE key = 'partitions'",
		"spacing hex":       "UPDATE diachi_meta SET value = '0x1p2' WHERE key = 'spacing'",
		"spacing negative":  "UPDATE diachi_meta SET value = '-1' WHERE key = 'spacing'",
	} {
		t.Run(name, func(t *testing.T) {
			changed := sqlOn(t, path, stmt)
			d, err := gpkg.ContentDigest(ctx, changed)
			require.NoError(t, err)
			redigested := sqlOn(t, changed, "UPDATE diachi_meta SET value = '"+d+"' WHERE key = 'digest'")
			_, err = registry.Open(ctx, redigested, registry.Options{})
			require.ErrorIs(t, err, registry.ErrSchema)
		})
	}
}
