package cell_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/cell"
)

var benThanh = orb.Point{106.698, 10.7725}

func TestFromPoint(t *testing.T) {
	for res := 0; res <= cell.MaxResolution; res++ {
		c, err := cell.FromPoint(benThanh, res)
		require.NoError(t, err)
		require.True(t, c.IsValid())
		assert.Equal(t, res, c.Resolution())
		b, err := c.Boundary()
		require.NoError(t, err)
		if res >= 3 { // coarse cells are too curved for a planar test
			assert.True(t, planar.RingContains(b, benThanh), "resolution %d", res)
		}
		ctr, err := c.Center()
		require.NoError(t, err)
		// A point is within a circumradius (an edge length, about
		// 1,107.7 km / √7^res on average) of its cell's centre; allow twice
		// that for the spread of cell sizes.
		edge := 1107712.591 / math.Pow(7, float64(res)/2)
		assert.Less(t, float64(geo.Distance(ctr, benThanh)), edge*2, "resolution %d", res)
	}
	for _, p := range []orb.Point{{math.NaN(), 0}, {0, 91}, {181, 0}} {
		_, err := cell.FromPoint(p, 9)
		assert.ErrorIs(t, err, cell.ErrInvalidPoint)
	}
	for _, r := range []int{-1, 16} {
		_, err := cell.FromPoint(benThanh, r)
		assert.ErrorIs(t, err, cell.ErrResolution)
	}
}

func TestText(t *testing.T) {
	c, _ := cell.FromPoint(benThanh, 9)
	s := c.String()
	require.Len(t, s, 15)
	p, err := cell.Parse(s)
	require.NoError(t, err)
	assert.Equal(t, c, p)
	b, _ := json.Marshal(map[string]cell.Cell{"h3": c})
	assert.Equal(t, fmt.Sprintf(`{"h3":"%s"}`, s), string(b))
	var back map[string]cell.Cell
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back["h3"])
	for _, bad := range []string{"", "xyz", "0", "ffffffffffffffff", s + "0", "8865b5a2d1ffffg"} {
		_, err := cell.Parse(bad)
		assert.ErrorIs(t, err, cell.ErrInvalidCell, bad)
	}
	assert.False(t, cell.Cell(0).IsValid())
	assert.Equal(t, "", cell.Cell(12345).String())
	assert.Equal(t, -1, cell.Cell(0).Resolution())
}

func TestParentChildrenDisk(t *testing.T) {
	c, _ := cell.FromPoint(benThanh, 9)
	p, err := c.Parent(7)
	require.NoError(t, err)
	ch, err := p.Children(9)
	require.NoError(t, err)
	assert.Len(t, ch, 49)
	assert.Contains(t, ch, c)
	_, err = c.Parent(10)
	assert.ErrorIs(t, err, cell.ErrResolution)
	_, err = c.Children(8)
	assert.ErrorIs(t, err, cell.ErrResolution)
	_, err = p.Children(15)
	assert.ErrorIs(t, err, cell.ErrTooMany)

	for k, want := range []int{1, 7, 19, 37} {
		d, err := c.Disk(k)
		require.NoError(t, err)
		assert.Len(t, d, want)
		assert.Contains(t, d, c)
	}
	_, err = c.Disk(-1)
	assert.ErrorIs(t, err, cell.ErrTooMany)
	_, err = cell.Cell(0).Disk(1)
	assert.ErrorIs(t, err, cell.ErrInvalidCell)
}

// TestCellsDoNotNest finds points whose fine cell's parent is not their
// coarse cell: the reason shards must be computed at their own resolution.
func TestCellsDoNotNest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	mismatch := 0
	const n = 20000
	for range n {
		p := orb.Point{106.6 + r.Float64()*0.2, 10.7 + r.Float64()*0.2}
		fine, _ := cell.FromPoint(p, 9)
		coarse, _ := cell.FromPoint(p, 8)
		parent, err := fine.Parent(8)
		require.NoError(t, err)
		if parent != coarse {
			mismatch++
		}
	}
	t.Logf("%d of %d points: parent of the resolution-9 cell is not the resolution-8 cell", mismatch, n)
	assert.Greater(t, mismatch, 0)
	assert.Less(t, mismatch, n/4)
}

func TestCover(t *testing.T) {
	// A 2 km × 1 km block of District 1 with a 300 m hole.
	perLat, perLon := geo.WGS84().MetersPerDegree(benThanh[1])
	m := func(x, y float64) orb.Point {
		return orb.Point{benThanh[0] + x/float64(perLon), benThanh[1] + y/float64(perLat)}
	}
	poly := orb.Polygon{
		{m(0, 0), m(2000, 0), m(2000, 1000), m(0, 1000), m(0, 0)},
		{m(800, 300), m(800, 600), m(1100, 600), m(1100, 300), m(800, 300)},
	}
	centers, err := cell.Cover(poly, 10, cell.Centers)
	require.NoError(t, err)
	full, err := cell.Cover(poly, 10, cell.Overlapping)
	require.NoError(t, err)
	t.Logf("resolution 10: %d cells by centre, %d overlapping", len(centers), len(full))
	require.NotEmpty(t, centers)
	assert.Greater(t, len(full), len(centers))
	inFull := map[cell.Cell]bool{}
	for _, c := range full {
		inFull[c] = true
	}
	for _, c := range centers {
		assert.True(t, inFull[c], "centre cells are in the full cover")
		ctr, _ := c.Center()
		assert.True(t, planar.PolygonContains(poly, ctr), "centre inside the polygon")
	}
	// Every vertex of the polygon is in a cell of the full cover.
	for _, r := range poly {
		for _, p := range r {
			c, _ := cell.FromPoint(p, 10)
			assert.True(t, inFull[c], "vertex %v", p)
		}
	}
	_, err = cell.Cover(poly, 15, cell.Overlapping)
	assert.NoError(t, err, "about 2 million cells is within the limit")
	_, err = cell.Cover(orb.Polygon{{m(0, 0), m(900000, 0), m(900000, 900000), m(0, 0)}}, 15, cell.Centers)
	assert.ErrorIs(t, err, cell.ErrTooMany)
	_, err = cell.Cover(orb.Polygon{}, 9, cell.Centers)
	assert.Error(t, err)
	_, err = cell.Cover(orb.Polygon{{{0, 0}, {1, math.NaN()}, {1, 1}, {0, 0}}}, 9, cell.Centers)
	assert.ErrorIs(t, err, cell.ErrInvalidPoint)
}

func FuzzParse(f *testing.F) {
	f.Add("8965b5a2d1bffff")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := cell.Parse(s)
		if err != nil {
			return
		}
		again, err := cell.Parse(c.String())
		require.NoError(t, err)
		require.Equal(t, c, again)
	})
}

func BenchmarkFromPoint(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 1024)
	for i := range pts {
		pts[i] = orb.Point{102 + r.Float64()*8, 8 + r.Float64()*15}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := cell.FromPoint(pts[i&1023], 9); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
