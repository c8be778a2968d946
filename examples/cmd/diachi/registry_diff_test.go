package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// registry diff says a saved file has no edits, then what was edited in
// it after an edit in SQL.
func TestRegistryDiff(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runCLI(t, "", "town", "--in", townDir, "--out", dir)
	require.Equal(t, 0, code, stderr)
	path := filepath.Join(dir, "town.gpkg")
	out, stderr, code := runCLI(t, "", "registry", "diff", "--gpkg", path)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "no edits since it was saved")

	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE streets SET name = 'Đường Mới' WHERE fid = 2; DELETE FROM parcels WHERE fid = 10`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	out, stderr, code = runCLI(t, "", "registry", "diff", "--gpkg", path)
	require.Equal(t, 1, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, []string{
		"parcels: 0 changed, 0 added, 1 deleted (1433 rows saved, 1432 now)",
		"  deleted fid 10",
		"streets: 1 changed, 0 added, 0 deleted (31 rows saved, 31 now)",
	}, lines[:3])
	require.Regexp(t, `^  changed fid 2 \S+$`, lines[3])

	_, _, code = runCLI(t, "", "registry", "diff")
	require.Equal(t, 2, code)
	_, stderr, code = runCLI(t, "", "registry", "diff", "--gpkg", filepath.Join(dir, "none.gpkg"))
	require.Equal(t, 1, code, stderr)
}
