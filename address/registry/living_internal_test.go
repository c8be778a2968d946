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
	reg := sampleTown(t)
	dir := t.TempDir()

	// The file schema 1 would have written: that of schema 2 without the
	// ledger.
	layers, srs, meta := schema2Layers(t, reg)
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
	for i, kv := range meta {
		if kv[0] == "registry_schema" {
			meta[i][1] = "1"
		}
	}
	v1 := filepath.Join(dir, "v1.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, v1, srs, layers, meta, demoKey))

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

// schema2Layers are the layers and metadata schema 2 saved reg as: its
// houses layer held each building with its source geometry (a polygon,
// or the point of a planned lot), and there was no layer buildings.
func schema2Layers(t *testing.T, reg *Registry) ([]gpkg.Layer, []gpkg.SRS, [][2]string) {
	t.Helper()
	srs, _, meta, err := reg.saveParts()
	require.NoError(t, err)
	layers, _, err := reg.layers(false)
	require.NoError(t, err)
	for i := range layers {
		l := &layers[i]
		if l.Row == nil {
			continue
		}
		for j := range l.Count {
			f, err := l.Row(j)
			require.NoError(t, err)
			l.Features = append(l.Features, f)
		}
		l.Row, l.Count = nil, 0
	}
	for i, kv := range meta {
		if kv[0] == "registry_schema" {
			meta[i][1] = "2"
		}
	}
	meta = slices.DeleteFunc(meta, func(kv [2]string) bool { return kv[0] == metaSourceColumns })
	return layers, srs, meta
}

// TestOpenSchema2 opens a file as schema 2 wrote it (the footprints and
// the planned lots' points in one layer houses): the registry is the one
// saved, and saved again it is written in schema 3, houses as points and
// footprints in the layer buildings, which opens to the same registry.
func TestOpenSchema2(t *testing.T) {
	ctx := context.Background()
	reg := sampleTown(t)
	layers, srs, meta := schema2Layers(t, reg)
	types := map[string]int{}
	for _, l := range layers {
		if l.Name == LayerHouses {
			for _, f := range l.Features {
				types[f.Geometry.GeoJSONType()]++
			}
		}
	}
	require.Greater(t, types["Point"], 0, "the sample has planned lots")
	require.Greater(t, types["Polygon"], 0)
	dir := t.TempDir()
	v2 := filepath.Join(dir, "v2.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, v2, srs, layers, meta, demoKey))

	opened, err := Open(ctx, v2, Options{DemoKey: true})
	require.NoError(t, err)
	sameRegistry(t, reg, opened)

	v3 := filepath.Join(dir, "v3.gpkg")
	require.NoError(t, opened.Save(ctx, v3))
	saved, _, _, err := gpkg.ReadMeta(ctx, v3)
	require.NoError(t, err)
	geoms := map[string]map[string]int{}
	for _, l := range saved {
		geoms[l.Name] = map[string]int{}
		for _, f := range l.Features {
			if f.Geometry != nil {
				geoms[l.Name][f.Geometry.GeoJSONType()]++
			}
		}
	}
	require.Equal(t, map[string]int{"Point": reg.HouseCount()}, geoms[LayerHouses])
	require.Equal(t, map[string]int{"Polygon": types["Polygon"]}, geoms[LayerBuildings])
	again, err := Open(ctx, v3, Options{DemoKey: true})
	require.NoError(t, err)
	sameRegistry(t, reg, again)

	// A schema 2 file that has a layer buildings is not one schema 2
	// wrote: refused, not guessed at.
	bad := append(layers, gpkg.Layer{Name: LayerBuildings, SRSID: layers[0].SRSID, GeomType: "POLYGON",
		Fields: []gpkg.Field{{Name: footprintColumn, Type: gpkg.Text}}})
	odd := filepath.Join(dir, "odd.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, odd, srs, bad, meta, demoKey))
	_, err = Open(ctx, odd, Options{DemoKey: true})
	require.ErrorIs(t, err, ErrSchema)
}

// sameRegistry requires b to hold a's houses with the same numbers, IDs,
// positions, geometries and findings.
func sameRegistry(t *testing.T, a, b *Registry) {
	t.Helper()
	require.Equal(t, a.HouseCount(), b.HouseCount())
	for i := range a.HouseCount() {
		x, y := *a.house(i), *b.house(i)
		require.Equal(t, x.Source, y.Source)
		require.Equal(t, x.Number, y.Number, x.Source)
		require.Equal(t, x.ID, y.ID, x.Source)
		require.Equal(t, x.Point, y.Point, x.Source)
		require.Equal(t, x.Door, y.Door, x.Source)
		require.Equal(t, x.Status, y.Status, x.Source)
		require.Equal(t, a.source().Buildings[i].Geometry, b.source().Buildings[i].Geometry, x.Source)
	}
	require.Equal(t, a.Findings(), b.Findings())
}
