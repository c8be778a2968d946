package fabric_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/internal/fabric"
)

func TestFabric(t *testing.T) {
	cfg := fabric.Config{Seed: 1, Parcels: 20000}
	ps := fabric.All(cfg)
	require.Len(t, ps, cfg.Parcels)
	minV, maxV, holes, islands, multis := 1<<30, 0, 0, 0, 0
	for i, p := range ps {
		require.Equal(t, i, p.ID)
		require.NoError(t, index.Validate(p.Geometry), "parcel %d", i)
		var polys []orb.Polygon
		switch g := p.Geometry.(type) {
		case orb.Polygon:
			polys = []orb.Polygon{g}
		case orb.MultiPolygon:
			polys = g
			multis++
		}
		for _, poly := range polys {
			n := len(poly[0])
			minV, maxV = min(minV, n), max(maxV, n)
			if len(poly) > 1 {
				holes++
			}
		}
		if p.Island {
			islands++
		}
	}
	t.Logf("%d parcels: %d-%d vertices in outer rings, %d with a courtyard, %d islands, %d multipolygons", len(ps), minV, maxV, holes, islands, multis)
	assert.GreaterOrEqual(t, minV, 8)
	assert.LessOrEqual(t, maxV, 40)
	assert.Greater(t, holes, 0)
	assert.Greater(t, islands, 0)
	assert.Greater(t, multis, 0)

	// Deterministic.
	again := fabric.All(cfg)
	assert.Equal(t, ps, again)
	other := fabric.All(fabric.Config{Seed: 2, Parcels: 100})
	assert.NotEqual(t, ps[:100], other)

	st := fabric.Streets(cfg)
	assert.Greater(t, len(st), 0)
}
