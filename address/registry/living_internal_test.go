package registry

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// TestOpenSchema1 opens a file as schema 1 wrote it (no issued column, no
// history or retired table): every number, status and ID is kept, the
// issue dates are unknown, and the history starts empty.
func TestOpenSchema1(t *testing.T) {
	ctx := context.Background()
	src, err := LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	require.NoError(t, err)
	reg, err := Build(ctx, src, Options{DemoKey: true})
	require.NoError(t, err)
	dir := t.TempDir()
	v2 := filepath.Join(dir, "v2.gpkg")
	require.NoError(t, reg.Save(ctx, v2))

	// The file schema 1 would have written: the same without the ledger.
	layers, srs, meta, err := gpkg.ReadMeta(ctx, v2)
	require.NoError(t, err)
	layers = slices.DeleteFunc(layers, func(l gpkg.Layer) bool { return l.Name == LayerHistory || l.Name == LayerRetired })
	for i := range layers {
		l := &layers[i]
		if l.Name != LayerHouses {
			continue
		}
		k := slices.IndexFunc(l.Fields, func(f gpkg.Field) bool { return f.Name == "issued" })
		require.GreaterOrEqual(t, k, 0)
		l.Fields = slices.Delete(l.Fields, k, k+1)
		for j := range l.Features {
			l.Features[j].Values = slices.Delete(l.Features[j].Values, k, k+1)
		}
	}
	var meta1 [][2]string
	for _, kv := range meta {
		switch kv[0] {
		case "schema_version", "digest", "seal", "key_id":
			continue // gpkg's own
		case "registry_schema":
			kv[1] = "1"
		}
		meta1 = append(meta1, kv)
	}
	srs = slices.DeleteFunc(srs, func(s gpkg.SRS) bool { return s.ID == 4326 || s.ID <= 0 })
	v1 := filepath.Join(dir, "v1.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, v1, srs, layers, meta1, demoKey))

	opened, err := Open(ctx, v1, Options{DemoKey: true})
	require.NoError(t, err)
	require.Equal(t, reg.HouseCount(), opened.HouseCount())
	for i := range reg.houses {
		a, b := reg.houses[i], opened.houses[i]
		require.Equal(t, a.Number, b.Number, a.Source)
		require.Equal(t, a.ID, b.ID, a.Source)
		require.Equal(t, a.Status, b.Status, a.Source)
		require.True(t, b.Issued.IsZero(), a.Source)
	}
	require.Empty(t, opened.History())
	require.Equal(t, reg.Findings(), opened.Findings())
}
