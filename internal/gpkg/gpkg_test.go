package gpkg_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

func sample() ([]gpkg.SRS, []gpkg.Layer) {
	tm3 := gpkg.SRS{ID: 9210, Name: "VN-2000 / TM-3 105-45", Org: "EPSG", OrgID: 9210, Definition: "undefined"}
	parcels := gpkg.Layer{Name: "parcels", SRSID: 9210, GeomType: "POLYGON",
		Fields: []gpkg.Field{{"sheet", gpkg.Integer}, {"number", gpkg.Integer}, {"commune", gpkg.Text}, {"area", gpkg.Real}}}
	houses := gpkg.Layer{Name: "houses", SRSID: 4326, GeomType: "POINT",
		// group is an SQL keyword: the writer and reader quote names.
		Fields: []gpkg.Field{{"number", gpkg.Text}, {"group", gpkg.Text}}}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		x, y := 600000+float64(i%20)*5, 1187000+float64(i/20)*20
		parcels.Features = append(parcels.Features, gpkg.Feature{
			Geometry: orb.Polygon{{{x, y}, {x + 5, y}, {x + 5, y + 20}, {x, y + 20}, {x, y}}},
			Values:   []any{int64(i / 20), int64(i%20 + 1), "27478", 100.0 + rng.Float64()},
		})
		var note any
		if i%7 == 0 {
			note = "Số nhà có chữ"
		}
		houses.Features = append(houses.Features, gpkg.Feature{
			Geometry: orb.Point{106.74 + float64(i)*1e-5, 10.74}, Values: []any{"12A", note},
		})
	}
	return []gpkg.SRS{tm3}, []gpkg.Layer{parcels, houses, {Name: "empty", SRSID: 4326, GeomType: "LINESTRING"}}
}

func TestRoundTrip(t *testing.T) {
	srs, layers := sample()
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	got, gotSRS, err := gpkg.Read(context.Background(), path)
	require.NoError(t, err)
	assert.Equal(t, srs, gotSRS)
	require.Len(t, got, 3)
	for i := range layers {
		assert.Equal(t, layers[i].Name, got[i].Name)
		assert.Equal(t, layers[i].Fields, got[i].Fields)
		assert.Equal(t, layers[i].Features, got[i].Features)
	}
	// Rewriting over an existing file replaces it whole.
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers[:1]))
	got, _, err = gpkg.Read(context.Background(), path)
	require.NoError(t, err)
	assert.Len(t, got, 1)
	entries, _ := os.ReadDir(filepath.Dir(path))
	assert.Len(t, entries, 1, "no temporary file left behind")
}

func TestBadLayers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.gpkg")
	for _, l := range []gpkg.Layer{
		{Name: "Bad Name", SRSID: 4326, GeomType: "POINT"},
		{Name: "gpkg_x", SRSID: 4326, GeomType: "POINT"},
		{Name: "a", SRSID: 1234, GeomType: "POINT"},
		{Name: "a", SRSID: 4326, GeomType: "POINT", Fields: []gpkg.Field{{"fid", gpkg.Text}}},
		{Name: "a", SRSID: 4326, GeomType: "POINT", Fields: []gpkg.Field{{"x", "BLOB"}}},
		{Name: "a", SRSID: 4326, GeomType: "POINT", Fields: []gpkg.Field{{"x", gpkg.Text}}, Features: []gpkg.Feature{{Values: []any{}}}},
		{Name: "a", SRSID: 4326, GeomType: "POINT", Fields: []gpkg.Field{{"x", gpkg.Text}}, Features: []gpkg.Feature{{Values: []any{3}}}},
	} {
		err := gpkg.Write(context.Background(), path, nil, []gpkg.Layer{l})
		assert.ErrorIs(t, err, gpkg.ErrSchema, l.Name)
	}
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "a failed write leaves nothing")
}

// TestDamage cuts the file short at random points and flips random bytes:
// reading either fails with ErrCorrupt or, when the byte lay in unused
// space, returns exactly what was written; never different content.
func TestDamage(t *testing.T) {
	srs, layers := sample()
	dir := t.TempDir()
	path := filepath.Join(dir, "town.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	orig, err := os.ReadFile(path)
	require.NoError(t, err)
	want, _, err := gpkg.Read(context.Background(), path)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(3, 4))
	bad := filepath.Join(dir, "bad.gpkg")
	trials := 60
	if testing.Short() {
		trials = 15
	}
	for range trials {
		n := rng.IntN(len(orig))
		require.NoError(t, os.WriteFile(bad, orig[:n], 0o644))
		_, _, err := gpkg.Read(context.Background(), bad)
		require.ErrorIs(t, err, gpkg.ErrCorrupt, "cut at %d of %d", n, len(orig))
	}
	detected, harmless := 0, 0
	for range trials * 4 {
		b := append([]byte(nil), orig...)
		k := rng.IntN(len(b))
		b[k] ^= byte(1 + rng.IntN(255))
		require.NoError(t, os.WriteFile(bad, b, 0o644))
		got, _, err := gpkg.Read(context.Background(), bad)
		if err != nil {
			require.ErrorIs(t, err, gpkg.ErrCorrupt)
			detected++
			continue
		}
		require.Equal(t, want, got, "byte %d flipped: content changed without an error", k)
		harmless++
	}
	t.Logf("flipped bytes: %d detected, %d in unused space (content intact)", detected, harmless)
	assert.Greater(t, detected, 0)
	for _, s := range []string{"", "not sqlite at all, not sqlite at all, not sqlite at all, not sqlite at all, not sqlite at all, not sqlite"} {
		require.NoError(t, os.WriteFile(bad, []byte(s), 0o644))
		_, _, err := gpkg.Read(context.Background(), bad)
		assert.ErrorIs(t, err, gpkg.ErrCorrupt)
	}
}

// TestCutAtPage: a file cut at a page boundary is a whole number of pages,
// only fewer than its header declares; the message says so, and a file
// grown past its end is told apart from one cut short.
func TestCutAtPage(t *testing.T) {
	srs, layers := sample()
	dir := t.TempDir()
	path := filepath.Join(dir, "town.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	orig, err := os.ReadFile(path)
	require.NoError(t, err)
	pageSize := int(orig[16])<<8 | int(orig[17])
	require.Zero(t, len(orig)%pageSize)
	pages := len(orig) / pageSize
	require.Greater(t, pages, 2)
	bad := filepath.Join(dir, "bad.gpkg")
	for _, n := range []int{1, 2, pages - 1} {
		require.NoError(t, os.WriteFile(bad, orig[:n*pageSize], 0o644))
		_, _, err := gpkg.Read(context.Background(), bad)
		require.ErrorIs(t, err, gpkg.ErrCorrupt)
		assert.Contains(t, err.Error(), fmt.Sprintf("%d bytes holds %d of the %d %d-byte pages its header declares: cut short", n*pageSize, n, pages, pageSize))
		assert.NotContains(t, err.Error(), "not a whole number")
	}
	require.NoError(t, os.WriteFile(bad, orig[:len(orig)-100], 0o644))
	_, _, err = gpkg.Read(context.Background(), bad)
	require.ErrorIs(t, err, gpkg.ErrCorrupt)
	assert.Contains(t, err.Error(), fmt.Sprintf("%d bytes is not a whole number of %d-byte pages: cut short or damaged", len(orig)-100, pageSize))
	require.NoError(t, os.WriteFile(bad, append(slices.Clone(orig), make([]byte, pageSize)...), 0o644))
	_, _, err = gpkg.Read(context.Background(), bad)
	require.ErrorIs(t, err, gpkg.ErrCorrupt)
	assert.Contains(t, err.Error(), fmt.Sprintf("holds %d %d-byte pages, its header declares %d: data added after its end", pages+1, pageSize, pages))
	b := slices.Clone(orig)
	b[16], b[17] = 0x03, 0x00 // 768
	require.NoError(t, os.WriteFile(bad, b, 0o644))
	_, _, err = gpkg.Read(context.Background(), bad)
	require.ErrorIs(t, err, gpkg.ErrCorrupt)
	assert.Contains(t, err.Error(), "page size 768 in the header is not a SQLite page size")
}

// TestOGRInfo opens the file with GDAL where gdal-bin is installed.
func TestOGRInfo(t *testing.T) {
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (Debian gdal-bin) not installed; skipping the GDAL check")
	}
	srs, layers := sample()
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	out, err := exec.Command(ogr, "-ro", "-so", "-al", path).CombinedOutput()
	require.NoError(t, err, string(out))
	s := string(out)
	assert.Contains(t, s, "Layer name: parcels")
	assert.Contains(t, s, "Feature Count: 300")
	assert.Contains(t, s, "Layer name: houses")
	assert.True(t, strings.Contains(s, "Layer name: empty"))
}

func TestMeta(t *testing.T) {
	srs, layers := sample()
	path := filepath.Join(t.TempDir(), "m.gpkg")
	meta := [][2]string{{"registry_schema", "1"}, {"crs", "9210"}}
	require.NoError(t, gpkg.WriteMeta(context.Background(), path, srs, layers, meta))
	_, _, got, err := gpkg.ReadMeta(context.Background(), path)
	require.NoError(t, err)
	assert.Equal(t, [][2]string{{"crs", "9210"}, {"registry_schema", "1"}}, got)

	for _, bad := range [][][2]string{{{"digest", "x"}}, {{"", "x"}}, {{"a", "1"}, {"a", "2"}}} {
		err := gpkg.WriteMeta(context.Background(), filepath.Join(t.TempDir(), "b.gpkg"), srs, layers, bad)
		assert.ErrorIs(t, err, gpkg.ErrSchema, "%v", bad)
	}
}

// Layers given row by row are written as the same file as those given
// whole (the digest included), and a row that fails stops the write with
// its error and no file.
func TestRows(t *testing.T) {
	srs, layers := sample()
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), whole, srs, layers))
	lazy := make([]gpkg.Layer, len(layers))
	for k, l := range layers {
		fs := l.Features
		l.Features, l.Count = nil, len(fs)
		l.Row = func(i int) (gpkg.Feature, error) { return fs[i], nil }
		lazy[k] = l
	}
	rows := filepath.Join(dir, "rows.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), rows, srs, lazy))
	got, _, err := gpkg.Read(context.Background(), rows)
	require.NoError(t, err)
	for i := range layers {
		assert.Equal(t, layers[i].Features, got[i].Features)
	}
	digest := func(path string) string {
		_, _, meta, err := gpkg.ReadMeta(context.Background(), path)
		require.NoError(t, err)
		out, err := exec.Command("sqlite3", path, "SELECT value FROM diachi_meta WHERE key='digest'").Output()
		if err != nil {
			return fmt.Sprint(meta) // no sqlite3 here: the metadata read back must agree at least
		}
		return string(out)
	}
	assert.Equal(t, digest(whole), digest(rows))

	failing := slices.Clone(lazy)
	failing[0].Row = func(i int) (gpkg.Feature, error) {
		if i == 250 {
			return gpkg.Feature{}, errors.New("row 250 is unreadable")
		}
		return layers[0].Features[i], nil
	}
	bad := filepath.Join(dir, "bad.gpkg")
	err = gpkg.Write(context.Background(), bad, srs, failing)
	require.ErrorContains(t, err, "row 250 is unreadable")
	_, statErr := os.Stat(bad)
	assert.True(t, os.IsNotExist(statErr), "no file after a failed write")
	failing[0].Row = func(i int) (gpkg.Feature, error) { return gpkg.Feature{Values: []any{1}}, nil }
	require.ErrorIs(t, gpkg.Write(context.Background(), bad, srs, failing), gpkg.ErrSchema)
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 2, "no temporary file left behind")
}

// alter runs SQL statements on a copy of a written file, as anyone with
// SQLite can.
func alter(t *testing.T, src string, stmts ...string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	dst := filepath.Join(t.TempDir(), "altered.gpkg")
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

// The metadata tables that give the layers their meaning are covered by
// the digest: a layer declared in another CRS (QGIS would draw it in the
// wrong place), a CRS redefined, a geometry type or extent changed.
func TestMetadataTablesCovered(t *testing.T) {
	srs, layers := sample()
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	for name, stmt := range map[string]string{
		"geometry_columns srs_id": `UPDATE gpkg_geometry_columns SET srs_id = 4326 WHERE table_name = 'parcels'`,
		"geometry type":           `UPDATE gpkg_geometry_columns SET geometry_type_name = 'POINT' WHERE table_name = 'parcels'`,
		"z flag":                  `UPDATE gpkg_geometry_columns SET z = 1 WHERE table_name = 'houses'`,
		"srs definition":          `UPDATE gpkg_spatial_ref_sys SET definition = 'PROJCS["x"]' WHERE srs_id = 9210`,
		"wgs84 definition":        `UPDATE gpkg_spatial_ref_sys SET definition = 'GEOGCS["x"]' WHERE srs_id = 4326`,
		"srs organization code":   `UPDATE gpkg_spatial_ref_sys SET organization_coordsys_id = 9211 WHERE srs_id = 9210`,
		"an srs added":            `INSERT INTO gpkg_spatial_ref_sys VALUES ('x', 3405, 'EPSG', 3405, 'PROJCS["x"]', NULL)`,
		"extent":                  `UPDATE gpkg_contents SET min_x = 0 WHERE table_name = 'parcels'`,
		"data type":               `UPDATE gpkg_contents SET data_type = 'attributes' WHERE table_name = 'houses'`,
		"identifier":              `UPDATE gpkg_contents SET identifier = 'other' WHERE table_name = 'houses'`,
	} {
		t.Run(name, func(t *testing.T) {
			bad := alter(t, path, stmt)
			_, _, err := gpkg.Read(context.Background(), bad)
			require.ErrorIs(t, err, gpkg.ErrCorrupt)
			assert.ErrorContains(t, err, "altered")
		})
	}
	// A cell's storage class is part of what it says: a TEXT turned BLOB
	// reads the same in diachi but as binary in GDAL and QGIS.
	blob := alter(t, path, `UPDATE houses SET number = CAST(number AS BLOB) WHERE fid = 1`)
	_, _, err := gpkg.Read(context.Background(), blob)
	require.ErrorIs(t, err, gpkg.ErrCorrupt, "a cell turned BLOB")
	// The time of the last change is not meaning: touching it is harmless.
	ok := alter(t, path, `UPDATE gpkg_contents SET last_change = '2020-01-01T00:00:00.000Z'`)
	_, _, err = gpkg.Read(context.Background(), ok)
	require.NoError(t, err)
}

// A sealed file reads back with its key; changed by anyone without the
// key it is refused as tampered, even when the change is in the data and
// the digest was recomputed as anyone can. Without a key only the digest
// is checked, which detects accidental damage only.
func TestSeal(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	key := []byte("the office's secret key")
	dir := t.TempDir()
	path := filepath.Join(dir, "sealed.gpkg")
	meta := [][2]string{{"note", "x"}}
	require.NoError(t, gpkg.WriteSealed(ctx, path, srs, layers, meta, key))
	got, _, gotMeta, err := gpkg.ReadSealed(ctx, path, key)
	require.NoError(t, err)
	assert.Equal(t, layers[1].Features, got[1].Features)
	assert.Equal(t, meta, gotMeta)
	_, _, err = gpkg.Read(ctx, path)
	require.NoError(t, err, "a sealed file reads without the key (digest only)")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), string(key), "the key is written nowhere")

	_, _, _, err = gpkg.ReadSealed(ctx, path, []byte("another key, not the office's"))
	require.ErrorIs(t, err, gpkg.ErrTampered)
	assert.ErrorContains(t, err, "not with the key given")

	unsealed := filepath.Join(dir, "plain.gpkg")
	require.NoError(t, gpkg.WriteMeta(ctx, unsealed, srs, layers, meta))
	_, _, _, err = gpkg.ReadSealed(ctx, unsealed, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)
	assert.ErrorContains(t, err, "no seal")

	// Forged: a value changed.
	forge := `UPDATE houses SET number = '14' WHERE fid = 7`
	forged := alter(t, path, forge)
	_, _, _, err = gpkg.ReadSealed(ctx, forged, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)
	assert.ErrorContains(t, err, "does not match its seal")
	_, _, err = gpkg.Read(ctx, forged)
	require.ErrorIs(t, err, gpkg.ErrCorrupt, "without a key, the digest still catches it")

	// Re-digested: the same change with the digest recomputed.
	d, err := gpkg.ContentDigest(ctx, forged)
	require.NoError(t, err)
	_, _, err = gpkg.Read(ctx, alter(t, forged, fmt.Sprintf(`UPDATE diachi_meta SET value = '%s' WHERE key = 'digest'`, d)))
	require.ErrorIs(t, err, gpkg.ErrCorrupt, "the changed layer's own digest among the parts still catches it")
	// ... so the forger drops the parts too (a file written before files
	// kept them).
	redigested := alter(t, forged, fmt.Sprintf(`UPDATE diachi_meta SET value = '%s' WHERE key = 'digest'`, d), `DELETE FROM diachi_meta WHERE key = 'parts'`)
	back, _, err := gpkg.Read(ctx, redigested)
	require.NoError(t, err, "without a key a re-digested file is accepted: the digest detects accidental damage only")
	assert.Equal(t, "14", back[1].Features[6].Values[0])
	_, _, _, err = gpkg.ReadSealed(ctx, redigested, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)
	// Its seal removed too: still refused with the key.
	stripped := alter(t, redigested, `DELETE FROM diachi_meta WHERE key IN ('seal', 'key_id')`)
	_, _, _, err = gpkg.ReadSealed(ctx, stripped, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)
	// A metadata table changed and re-digested: refused with the key.
	srsForged := alter(t, path, `UPDATE gpkg_geometry_columns SET srs_id = 4326 WHERE table_name = 'parcels'`)
	d, err = gpkg.ContentDigest(ctx, srsForged)
	require.NoError(t, err)
	srsForged = alter(t, srsForged, fmt.Sprintf(`UPDATE diachi_meta SET value = '%s' WHERE key = 'digest'`, d))
	_, _, _, err = gpkg.ReadSealed(ctx, srsForged, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)
	// Only the stored digest changed: refused too.
	digestOnly := alter(t, path, `UPDATE diachi_meta SET value = '00' || substr(value, 3) WHERE key = 'digest'`)
	_, _, _, err = gpkg.ReadSealed(ctx, digestOnly, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)

	assert.ErrorIs(t, gpkg.WriteSealed(ctx, filepath.Join(dir, "nokey.gpkg"), srs, layers, nil, nil), gpkg.ErrSchema)
	for _, k := range []string{"seal", "key_id"} {
		assert.ErrorIs(t, gpkg.WriteMeta(ctx, filepath.Join(dir, "r.gpkg"), srs, layers, [][2]string{{k, "x"}}), gpkg.ErrSchema, k)
	}
}

// A file of schema 1 (before the metadata tables were covered) is refused
// with that reason.
func TestSchemaOne(t *testing.T) {
	srs, layers := sample()
	path := filepath.Join(t.TempDir(), "v2.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	old := alter(t, path, `UPDATE diachi_meta SET value = '1' WHERE key = 'schema_version'`)
	_, _, err := gpkg.Read(context.Background(), old)
	require.ErrorIs(t, err, gpkg.ErrCorrupt)
	assert.ErrorContains(t, err, "schema version 1, written by an earlier diachi")
}

// A path with the characters SQLite reads as URI syntax ('?', '#', '%')
// names the file it names: written there whole, read from there, and no
// other file made beside it.
func TestPathWithURICharacters(t *testing.T) {
	srs, layers := sample()
	for _, name := range []string{"a?b.gpkg", "c#d.gpkg", "e%41f.gpkg", "g?mode=ro.gpkg"} {
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		require.NoError(t, gpkg.Write(context.Background(), path, srs, layers), name)
		got, _, err := gpkg.Read(context.Background(), path)
		require.NoError(t, err, name)
		assert.Len(t, got, len(layers), name)
		entries, _ := os.ReadDir(dir)
		require.Len(t, entries, 1, "%s: only the file asked for", name)
		assert.Equal(t, name, entries[0].Name())
		st, err := os.Stat(path)
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(4096), name)

		_, _, err = gpkg.Read(context.Background(), filepath.Join(dir, "x#"+name))
		assert.Error(t, err, "a missing file is an error")
		entries, _ = os.ReadDir(dir)
		assert.Len(t, entries, 1, "%s: reading creates nothing", name)
	}
}
