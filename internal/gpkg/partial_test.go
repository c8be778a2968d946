package gpkg_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// A file read in part gives the rows Read gives, the same values at the
// same positions: all of a layer, those at chosen positions, and those
// whose box meets a box (found by the R-tree: every row whose geometry
// meets the box, and no row far from it).
func TestPartial(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	key := []byte("the office's secret key")
	path := filepath.Join(t.TempDir(), "town.gpkg")
	meta := [][2]string{{"b", "2"}, {"a", "1"}}
	require.NoError(t, gpkg.WriteSealed(ctx, path, srs, layers, meta, key))
	want, _, err := gpkg.Read(ctx, path)
	require.NoError(t, err)

	p, err := gpkg.OpenPartial(ctx, path, key)
	require.NoError(t, err)
	defer p.Close()
	assert.Equal(t, [][2]string{{"a", "1"}, {"b", "2"}}, p.Meta())
	l, ok := p.Layer("parcels")
	require.True(t, ok)
	assert.Equal(t, layers[0].Fields, l.Fields)
	assert.Equal(t, 9210, l.SRSID)
	_, ok = p.Layer("nothing")
	assert.False(t, ok)

	all, err := p.All(ctx, "houses")
	require.NoError(t, err)
	require.Len(t, all, len(want[1].Features))
	for i, r := range all {
		assert.Equal(t, i, r.Index)
		assert.Equal(t, want[1].Features[i], r.Feature)
	}
	rows, err := p.Rows(ctx, "parcels", []int{7, 3, 299, 300})
	require.NoError(t, err)
	require.Len(t, rows, 3)
	for k, i := range []int{3, 7, 299} {
		assert.Equal(t, i, rows[k].Index)
		assert.Equal(t, want[0].Features[i], rows[k].Feature)
	}

	box := [4]float64{600012, 1187030, 600031, 1187065} // minx, miny, maxx, maxy
	found, err := p.Search(ctx, "parcels", box)
	require.NoError(t, err)
	got := map[int]bool{}
	for _, r := range found {
		got[r.Index] = true
		assert.Equal(t, want[0].Features[r.Index], r.Feature)
	}
	for i, f := range want[0].Features {
		b := f.Geometry.Bound()
		meets := b.Max[0] >= box[0] && b.Min[0] <= box[2] && b.Max[1] >= box[1] && b.Min[1] <= box[3]
		assert.Equal(t, meets, got[i], "parcel %d", i)
	}
	_, err = p.Search(ctx, "nothing", box)
	assert.ErrorIs(t, err, gpkg.ErrCorrupt)
}

// Opening in part checks the seal of the stored digest (not the rows):
// another key, no seal, a seal that does not match the digest, a file cut
// short are refused; a row changed is not seen here but is by Verify.
func TestPartialChecks(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	key := []byte("the office's secret key")
	dir := t.TempDir()
	sealed := filepath.Join(dir, "sealed.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, sealed, srs, layers, nil, key))
	plain := filepath.Join(dir, "plain.gpkg")
	require.NoError(t, gpkg.Write(ctx, plain, srs, layers))

	_, err := gpkg.OpenPartial(ctx, sealed, []byte("another key, not the office's"))
	assert.ErrorIs(t, err, gpkg.ErrTampered)
	_, err = gpkg.OpenPartial(ctx, plain, key)
	assert.ErrorIs(t, err, gpkg.ErrTampered)
	p, err := gpkg.OpenPartial(ctx, plain, nil)
	require.NoError(t, err)
	p.Close()

	digest := alter(t, sealed, `UPDATE diachi_meta SET value = '00' || substr(value, 3) WHERE key = 'digest'`)
	_, err = gpkg.OpenPartial(ctx, digest, key)
	assert.ErrorIs(t, err, gpkg.ErrTampered)

	data, err := os.ReadFile(sealed)
	require.NoError(t, err)
	cut := filepath.Join(dir, "cut.gpkg")
	require.NoError(t, os.WriteFile(cut, data[:len(data)-4096], 0o644))
	_, err = gpkg.OpenPartial(ctx, cut, key)
	assert.ErrorIs(t, err, gpkg.ErrCorrupt)

	row := alter(t, sealed, `UPDATE houses SET number = '14' WHERE fid = 5`)
	p, err = gpkg.OpenPartial(ctx, row, key)
	require.NoError(t, err, "a row changed is not seen by a partial read")
	p.Close()
	_, err = gpkg.Verify(ctx, row, key)
	assert.ErrorIs(t, err, gpkg.ErrTampered)
	_, err = gpkg.Verify(ctx, row, nil)
	assert.ErrorIs(t, err, gpkg.ErrCorrupt)
	m, err := gpkg.Verify(ctx, sealed, key)
	require.NoError(t, err)
	assert.Empty(t, m)
}

// The parts of a file read in part are checked against their own seal:
// the metadata on opening, a whole layer as All reads it, the snapshot as
// Snapshot reads it; a change to any of them is refused (ErrTampered with
// the key, ErrCorrupt without), while rows read by Search are not checked.
func TestPartialParts(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	key := []byte("the office's secret key")
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.gpkg")
	chunks := [][]byte{[]byte("first chunk"), {0}, []byte("third")}
	require.NoError(t, gpkg.WriteSealedSnapshot(ctx, path, srs, layers, [][2]string{{"a", "1"}}, key, chunks))
	// The snapshot's table, unregistered as diachi_meta is, is allowed.
	t.Run("GDAL validator", func(t *testing.T) { validateGPKG(t, path) })
	want, _, err := gpkg.Read(ctx, path)
	require.NoError(t, err, "the snapshot is outside the layers and their digest")

	p, err := gpkg.OpenPartial(ctx, path, key)
	require.NoError(t, err)
	assert.True(t, p.HasSnapshot())
	got, err := p.Snapshot(ctx)
	require.NoError(t, err)
	assert.Equal(t, chunks, got)
	for _, l := range want {
		rows, err := p.All(ctx, l.Name)
		require.NoError(t, err, l.Name)
		require.Len(t, rows, len(l.Features))
	}
	p.Close()

	plain := filepath.Join(dir, "plain.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, plain, srs, layers, nil, key))
	p, err = gpkg.OpenPartial(ctx, plain, key)
	require.NoError(t, err)
	assert.False(t, p.HasSnapshot())
	_, err = p.Snapshot(ctx)
	assert.ErrorIs(t, err, gpkg.ErrNoSnapshot)
	p.Close()

	for _, c := range []struct{ name, sql, layer string }{
		{"snapshot", `UPDATE diachi_snapshot SET data = x'01' WHERE seq = 1`, ""},
		{"snapshot chunk removed", `DELETE FROM diachi_snapshot WHERE seq = 2`, ""},
		{"row", `UPDATE houses SET number = '14' WHERE fid = 5`, "houses"},
		{"row removed", `DELETE FROM houses WHERE fid = 2`, "houses"},
	} {
		bad := alter(t, path, c.sql)
		for _, k := range [][]byte{key, nil} {
			p, err := gpkg.OpenPartial(ctx, bad, k)
			require.NoError(t, err, c.name)
			if c.layer == "" {
				_, err = p.Snapshot(ctx)
			} else {
				_, err = p.All(ctx, c.layer)
				_, serr := p.Search(ctx, c.layer, [4]float64{-1e9, -1e9, 1e9, 1e9})
				assert.NoError(t, serr, "%s: rows read by Search are not checked", c.name)
			}
			if k != nil {
				assert.ErrorIs(t, err, gpkg.ErrTampered, c.name)
			} else {
				assert.ErrorIs(t, err, gpkg.ErrCorrupt, c.name)
			}
			p.Close()
		}
		// Read whole, every part is checked as well.
		_, err := gpkg.Verify(ctx, bad, key)
		assert.ErrorIs(t, err, gpkg.ErrTampered, c.name)
		_, err = gpkg.Verify(ctx, bad, nil)
		assert.ErrorIs(t, err, gpkg.ErrCorrupt, c.name)
	}
	_, err = gpkg.Verify(ctx, path, key)
	require.NoError(t, err)
	for _, q := range []string{
		`UPDATE diachi_meta SET value = '2' WHERE key = 'a'`,
		`UPDATE gpkg_contents SET description = 'changed' WHERE table_name = 'houses'`,
	} {
		bad := alter(t, path, q)
		_, err := gpkg.OpenPartial(ctx, bad, key)
		assert.ErrorIs(t, err, gpkg.ErrTampered, q)
	}
}

// A file as written reads as unchanged; any transaction that changes it
// since (a row, a table, a VACUUM) or an editor's switch to WAL mode
// makes it changed, without a row read.
func TestPartialUnchanged(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	key := []byte("the office's secret key")
	dir := t.TempDir()
	path := filepath.Join(dir, "town.gpkg")
	require.NoError(t, gpkg.WriteSealedSnapshot(ctx, path, srs, layers, nil, key, [][]byte{[]byte("chunk")}))
	for range 2 { // reading changes nothing
		p, err := gpkg.OpenPartial(ctx, path, key)
		require.NoError(t, err)
		assert.True(t, p.Unchanged())
		p.Close()
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	for k, q := range []string{
		`UPDATE houses SET number = '14' WHERE fid = 5`,
		`CREATE TABLE mine (a)`,
		`VACUUM`,
		`PRAGMA journal_mode = WAL`,
		`SELECT count(*) FROM houses`,
	} {
		bad := filepath.Join(dir, fmt.Sprintf("changed%d.gpkg", k))
		require.NoError(t, os.WriteFile(bad, data, 0o644))
		db, err := sql.Open("sqlite", bad)
		require.NoError(t, err)
		_, err = db.Exec(q)
		require.NoError(t, err, q)
		require.NoError(t, db.Close())
		p, err := gpkg.OpenPartial(ctx, bad, key)
		require.NoError(t, err, q)
		assert.Equal(t, strings.HasPrefix(q, "SELECT"), p.Unchanged(), q)
		p.Close()
	}
}

// The counter recorded is under the parts' seal: a row changed by anyone
// without the key, with the counter set to what that change leaves, is
// refused on opening with the key.
func TestPartialCounterSealed(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	key := []byte("the office's secret key")
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, gpkg.WriteSealedSnapshot(ctx, path, srs, layers, nil, key, [][]byte{[]byte("chunk")}))
	head := make([]byte, 100)
	f, err := os.Open(path)
	require.NoError(t, err)
	_, err = f.Read(head)
	require.NoError(t, err)
	f.Close()
	next := uint32(head[24])<<24 | uint32(head[25])<<16 | uint32(head[26])<<8 | uint32(head[27]) + 1
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	require.NoError(t, err)
	_, err = tx.Exec(`UPDATE houses SET number = '14' WHERE fid = 5`)
	require.NoError(t, err)
	_, err = tx.Exec(`UPDATE diachi_meta SET value = ? WHERE key = 'written_counter'`, fmt.Sprint(next))
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	require.NoError(t, db.Close())
	_, err = gpkg.OpenPartial(ctx, path, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)
	p, err := gpkg.OpenPartial(ctx, path, nil)
	require.NoError(t, err, "without a key only damage is detected: anyone can set the counter")
	assert.True(t, p.Unchanged())
	p.Close()
}
