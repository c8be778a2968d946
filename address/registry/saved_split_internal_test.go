package registry

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// savedTown builds the sample town, saves it and opens the file whole
// and in part.
func savedTown(t *testing.T) (string, *Registry, *Saved) {
	t.Helper()
	ctx := context.Background()
	reg := sampleTown(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	whole, err := openWhole(ctx, path, demoKey, Options{DemoKey: true}) // its source layers read
	require.NoError(t, err)
	part, err := OpenSaved(ctx, path, Options{DemoKey: true})
	require.NoError(t, err)
	t.Cleanup(func() { part.Close() })
	return path, whole, part
}

// What the partial read relies on to find the house of a footprint: the
// point Save writes of a house with a footprint (found in WGS84, taken
// back into the source CRS) lies in its footprint's box, to far less
// than the pad of the search.
func TestSavedHousePointInFootprint(t *testing.T) {
	ctx := context.Background()
	path, _, part := savedTown(t)
	layers, _, err := gpkg.Read(ctx, path)
	require.NoError(t, err)
	var houses, buildings *gpkg.Layer
	for i := range layers {
		switch layers[i].Name {
		case LayerHouses:
			houses = &layers[i]
		case LayerBuildings:
			buildings = &layers[i]
		}
	}
	require.NotNil(t, houses)
	require.NotNil(t, buildings)
	fp, err := footprintsOf(buildings)
	require.NoError(t, err)
	pk := -1
	for k, f := range houses.Fields {
		if f.Name == propertiesColumn {
			pk = k
		}
	}
	require.GreaterOrEqual(t, part.houseIDCol, 0, "the houses' id is not a typed column")
	worst, n, inside := 0.0, 0, 0
	for i, h := range houses.Features {
		row := gpkg.Row{Index: i, Feature: h}
		f, err := savedFeature(path, LayerHouses, row, pk, part.houseTyped)
		require.NoError(t, err)
		// The id as the partial read takes it, from its column, is the
		// attribute read whole.
		id, err := part.houseID(row)
		require.NoError(t, err)
		require.Equal(t, f.Props.String("id"), id)
		g, ok := fp[id]
		if !ok {
			continue
		}
		p, ok := h.Geometry.(orb.Point)
		if !ok {
			continue // no position: no point saved
		}
		n++
		b := g.Bound()
		out := max(b.Min[0]-p[0], p[0]-b.Max[0], b.Min[1]-p[1], p[1]-b.Max[1], 0)
		worst = max(worst, out)
		if poly, ok := g.(orb.Polygon); ok && planar.PolygonContains(poly, p) {
			inside++
		}
	}
	require.Positive(t, n)
	t.Logf("%d house points of footprints: %d inside their footprint, at most %g m outside its box", n, inside, worst)
	assert.Less(t, worst, part.pad/1000, "a house point outside its footprint's box")
}

// A house whose footprint meets a box counts among the box's houses even
// when its point does not, with the point Open gives it (from its
// footprint, not the stored point); every house found has Open's point.
func TestSavedHousesByFootprint(t *testing.T) {
	_, whole, part := savedTown(t)
	// With the houses' ids read from their column, and from the whole
	// attributes (a file whose ids are not a typed column).
	for _, idCol := range []int{part.houseIDCol, -1} {
		part.houseIDCol = idCol
		housesByFootprint(t, whole, part)
	}
}

func housesByFootprint(t *testing.T, whole *Registry, part *Saved) {
	ctx := context.Background()
	withFootprint := 0
	for i, f := range whole.src.Buildings {
		h := whole.houses[i]
		if !isFootprint(f.Geometry) || h.Point == (orb.Point{}) {
			continue
		}
		withFootprint++
		// A corner of the footprint's box, which its point is not at.
		b := f.Geometry.Bound()
		box := [4]float64{b.Min[0], b.Min[1], b.Min[0], b.Min[1]}
		hs, err := part.houses(ctx, box)
		require.NoError(t, err)
		found := false
		for k, s := range hs {
			if k > 0 {
				require.Less(t, hs[k-1].row.Index, s.row.Index, "not in source order")
			}
			require.Equal(t, whole.houses[s.row.Index].Point, s.point, "house %s", whole.houses[s.row.Index].Source)
			found = found || s.row.Index == i
		}
		require.True(t, found, "house %s: its footprint meets %v but it is not found", h.Source, box)
	}
	require.Positive(t, withFootprint)
}

// A file of schema 4 without the layer buildings, or with other columns
// in it, is refused by OpenSaved with ErrSchema (as by Open); one whose
// house point is far from its footprint (not a file Save writes) gives
// ErrSchema where the footprint is met, never an answer from the moved
// point.
func TestOpenSavedBuildingsLayer(t *testing.T) {
	ctx := context.Background()
	reg := sampleTown(t)
	write := func(change func([]gpkg.Layer) []gpkg.Layer) string {
		srs, layers, meta, err := reg.saveParts()
		require.NoError(t, err)
		path := filepath.Join(t.TempDir(), "x.gpkg")
		require.NoError(t, gpkg.WriteSealed(ctx, path, srs, change(layers), meta, demoKey))
		return path
	}
	find := func(layers []gpkg.Layer, name string) int {
		for i := range layers {
			if layers[i].Name == name {
				return i
			}
		}
		t.Fatalf("no layer %s", name)
		return -1
	}
	for name, change := range map[string]func([]gpkg.Layer) []gpkg.Layer{
		"no buildings layer": func(ls []gpkg.Layer) []gpkg.Layer {
			k := find(ls, LayerBuildings)
			return append(ls[:k], ls[k+1:]...)
		},
		"a column beside building": func(ls []gpkg.Layer) []gpkg.Layer {
			l := &ls[find(ls, LayerBuildings)]
			l.Fields = append(l.Fields, gpkg.Field{Name: "note", Type: gpkg.Text})
			row := l.Row
			l.Row = func(i int) (gpkg.Feature, error) {
				f, err := row(i)
				f.Values = append(f.Values, nil)
				return f, err
			}
			return ls
		},
	} {
		path := write(change)
		_, err := OpenSaved(ctx, path, Options{DemoKey: true})
		assert.ErrorIs(t, err, ErrSchema, name)
		_, err = Open(ctx, path, Options{DemoKey: true})
		assert.ErrorIs(t, err, ErrSchema, name)
	}

	// The first house with a footprint, its saved point moved a kilometre.
	moved := -1
	for i, f := range reg.src.Buildings {
		if isFootprint(f.Geometry) && reg.houses[i].Point != (orb.Point{}) {
			moved = i
			break
		}
	}
	require.GreaterOrEqual(t, moved, 0)
	path := write(func(ls []gpkg.Layer) []gpkg.Layer {
		l := &ls[find(ls, LayerHouses)]
		row := l.Row
		l.Row = func(i int) (gpkg.Feature, error) {
			f, err := row(i)
			if p, ok := f.Geometry.(orb.Point); ok && i == moved {
				f.Geometry = orb.Point{p[0] + 1000, p[1]}
			}
			return f, err
		}
		return ls
	})
	s, err := OpenSaved(ctx, path, Options{DemoKey: true})
	require.NoError(t, err)
	defer s.Close()
	_, err = s.At(ctx, reg.houses[moved].Point)
	assert.ErrorIs(t, err, ErrSchema)
	assert.ErrorContains(t, err, reg.houses[moved].Source)
}
