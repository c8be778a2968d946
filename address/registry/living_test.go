package registry_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

// town builds the sample town with the demo key.
func town(t testing.TB) *registry.Registry {
	t.Helper()
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	require.NoError(t, err)
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	return reg
}

// lot is a planned lot on street ew-0, west of b000001 (232), where the
// street's numbers grow.
func lot(id string, x float64) registry.Feature {
	return registry.Feature{Geometry: orb.Point{x, 1188330}, Props: registry.Props{
		{Key: "id", Value: id}, {Key: "street", Value: "ew-0"}, {Key: "planned", Value: true}}}
}

type issuedHouse struct{ number, id string }

func issuedOf(reg *registry.Registry) map[string]issuedHouse {
	out := map[string]issuedHouse{}
	for h := range reg.Houses() {
		out[h.Source] = issuedHouse{h.Number.String(), h.ID.String()}
	}
	return out
}

// requireKept fails when a house of before is missing from after or has
// another number or ID there.
func requireKept(t *testing.T, before, after map[string]issuedHouse) {
	t.Helper()
	changed := 0
	for src, b := range before {
		a, ok := after[src]
		if !ok || a != b {
			if changed < 5 {
				t.Errorf("%s: %v, now %v (present %v)", src, b, a, ok)
			}
			changed++
		}
	}
	require.Zero(t, changed, "houses whose number or ID changed")
}

// TestAddLotRebuildKeepsNeighbours: a lot added to a built registry's
// source and built again gets a number, and no house that had one
// changes number or ID.
func TestAddLotRebuildKeepsNeighbours(t *testing.T) {
	ctx := context.Background()
	reg := town(t)
	before := issuedOf(reg)
	src := reg.Source()
	src.Buildings = append(src.Buildings, lot("lot-1", 607060))
	next, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	requireKept(t, before, issuedOf(next))
	l := issuedOf(next)["lot-1"]
	require.NotEmpty(t, l.number)
	require.NotEqual(t, before["b000001"].number, l.number)
}

// TestSaveOpenAddBuildKeepsIDs: Save, Open, add a lot to the opened
// registry's source and Build: every house keeps its number and ID.
func TestSaveOpenAddBuildKeepsIDs(t *testing.T) {
	ctx := context.Background()
	reg := town(t)
	before := issuedOf(reg)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	opened, err := registry.Open(ctx, path, registry.Options{DemoKey: true})
	require.NoError(t, err)
	requireKept(t, before, issuedOf(opened))
	// The lot comes first in the layer, as a layer exported in another
	// order would have it.
	src := opened.Source()
	src.Buildings = append([]registry.Feature{lot("lot-1", 607060)}, src.Buildings...)
	next, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	requireKept(t, before, issuedOf(next))
}
