package registry_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
)

// Errors keep their chains: the cause under ErrSource is there for
// errors.Is and errors.As, through Build and LoadDir.
func TestErrorChains(t *testing.T) {
	ctx := context.Background()
	street := registry.Feature{Geometry: orb.LineString{{106.70, 10.77}, {106.71, 10.77}}, Props: registry.Props{{Key: "id", Value: "s"}}}

	// An unknown CRS in the source: crs.ErrUnknownCRS under ErrSource.
	_, err := registry.Build(ctx, &registry.Source{CRS: 1234, Streets: []registry.Feature{street}}, registry.Options{DemoKey: true})
	assert.ErrorIs(t, err, registry.ErrSource)
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)

	// And in a file's crs member, through LoadDir.
	dir := t.TempDir()
	for _, name := range []string{"streets", "parcels", "buildings"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".geojson"),
			[]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:1234"}},"features":[]}`), 0o644))
	}
	_, err = registry.LoadDir(ctx, dir, 0)
	assert.ErrorIs(t, err, registry.ErrSource)
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)

	// A record Build cannot use at all names its layer and position.
	nameless := registry.Feature{Geometry: orb.Point{106.705, 10.7701}, Props: registry.Props{{Key: "name", Value: "Nhà không số"}}}
	_, err = registry.Build(ctx, &registry.Source{Streets: []registry.Feature{street}, Buildings: []registry.Feature{nameless}}, registry.Options{DemoKey: true})
	assert.ErrorIs(t, err, registry.ErrSource)
	se, ok := errors.AsType[*registry.SourceError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, registry.LayerBuildings, se.Layer)
	assert.Equal(t, 0, se.Feature)
	assert.EqualError(t, err, "registry: invalid source: buildings #0: no id")

	_, err = registry.Build(ctx, &registry.Source{Streets: []registry.Feature{street, street}}, registry.Options{DemoKey: true})
	se, ok = errors.AsType[*registry.SourceError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, registry.LayerStreets, se.Layer)
	assert.Equal(t, 1, se.Feature)
}
