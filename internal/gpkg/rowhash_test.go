package gpkg_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// Changes tells which rows of which layers were changed, added or
// deleted since the file was written, and which layers gained or lost
// columns, appeared or went; an unedited file has none.
func TestChanges(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, gpkg.Write(ctx, path, srs, layers))
	cs, err := gpkg.Changes(ctx, path)
	require.NoError(t, err)
	require.Len(t, cs, 3)
	for _, c := range cs {
		require.True(t, c.Unchanged(), "%+v", c)
		require.Equal(t, c.RowsWritten, c.RowsNow)
	}

	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	for _, q := range []string{
		`UPDATE parcels SET commune = '27479' WHERE fid IN (3, 7)`,
		`UPDATE parcels SET area = area WHERE fid = 9`, // the same value: not a change
		`DELETE FROM parcels WHERE fid = 5`,
		`INSERT INTO parcels (geom, sheet, number, commune, area) SELECT geom, 99, 1, '27478', 1.5 FROM parcels WHERE fid = 1`,
		`ALTER TABLE houses ADD COLUMN note TEXT`,
		`DROP TABLE empty`,
		`DELETE FROM gpkg_geometry_columns WHERE table_name = 'empty'`,
		`DELETE FROM gpkg_contents WHERE table_name = 'empty'`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	cs, err = gpkg.Changes(ctx, path)
	require.NoError(t, err)
	byName := map[string]gpkg.LayerChanges{}
	for _, c := range cs {
		byName[c.Layer] = c
	}
	p := byName["parcels"]
	require.Equal(t, []int64{3, 7}, p.Changed)
	require.Equal(t, []int64{5}, p.Deleted)
	require.Equal(t, []int64{301}, p.Added)
	require.Equal(t, 300, p.RowsWritten)
	require.Equal(t, 300, p.RowsNow)
	h := byName["houses"]
	require.Equal(t, "number TEXT, group TEXT", h.ColumnsWritten)
	require.Equal(t, "number TEXT, group TEXT, note TEXT", h.ColumnsNow)
	require.Empty(t, h.Changed, "a column added, without values")
	_, err = db.Exec(`UPDATE houses SET note = 'x' WHERE fid = 4`)
	require.NoError(t, err)
	cs, err = gpkg.Changes(ctx, path)
	require.NoError(t, err)
	require.Equal(t, []int64{4}, cs[1].Changed, "a value in the new column")
	_, err = db.Exec(`ALTER TABLE houses DROP COLUMN "group"`)
	require.NoError(t, err)
	cs, err = gpkg.Changes(ctx, path)
	require.NoError(t, err)
	// A column written is gone: the rows that had a value in it changed
	// (the sample's every seventh house), as did the row given a note.
	want := []int64{}
	for i := range 300 {
		if i%7 == 0 || i+1 == 4 {
			want = append(want, int64(i+1))
		}
	}
	require.Equal(t, want, cs[1].Changed)
	require.True(t, byName["empty"].Gone)

	// A file without row hashes says so.
	_, err = db.Exec(`DROP TABLE diachi_rows`)
	require.NoError(t, err)
	_, err = gpkg.Changes(ctx, path)
	require.ErrorIs(t, err, gpkg.ErrNoRowHashes)
}

// FuzzChanges: whatever another tool leaves in diachi_rows (hashes of any
// length, columns of any text, layers of any name), Changes reports or
// refuses, never panics.
func FuzzChanges(f *testing.F) {
	srs, layers := sample()
	dir := f.TempDir()
	base := filepath.Join(dir, "base.gpkg")
	if err := gpkg.Write(context.Background(), base, srs, layers); err != nil {
		f.Fatal(err)
	}
	orig, err := os.ReadFile(base)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("parcels", "sheet INTEGER, number INTEGER, commune TEXT, area REAL", []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add("houses", "", []byte{})
	f.Add("nowhere", ", , x", []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, layer, columns string, hashes []byte) {
		path := filepath.Join(t.TempDir(), "f.gpkg")
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec(`INSERT OR REPLACE INTO diachi_rows VALUES (?, ?, ?)`, layer, columns, hashes)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		cs, err := gpkg.Changes(context.Background(), path)
		if err != nil {
			return
		}
		for _, c := range cs {
			if c.RowsNow < 0 || len(c.Deleted) > c.RowsWritten {
				t.Fatalf("%+v", c)
			}
		}
	})
}
