package index_test

import (
	"math/big"

	"github.com/paulmach/orb"
)

// refContains is the brute-force reference of the boundary rule, written
// independently of the index: every edge of every ring, exact rational
// arithmetic throughout, and the rule stated as "the edge's crossing with
// the point's parallel lies strictly east of the point" rather than as an
// orientation.
func refContains(g orb.Geometry, p orb.Point) bool {
	var rings []orb.Ring
	switch g := g.(type) {
	case orb.Polygon:
		rings = g
	case orb.MultiPolygon:
		for _, poly := range g {
			rings = append(rings, poly...)
		}
	}
	px, py := rat(p[0]), rat(p[1])
	in := false
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if (a[1] > p[1]) == (b[1] > p[1]) {
				continue
			}
			// x = ax + (py - ay) * (bx - ax) / (by - ay)
			t := new(big.Rat).Sub(py, rat(a[1]))
			t.Mul(t, new(big.Rat).Sub(rat(b[0]), rat(a[0])))
			t.Quo(t, new(big.Rat).Sub(rat(b[1]), rat(a[1])))
			t.Add(t, rat(a[0]))
			if t.Cmp(px) > 0 {
				in = !in
			}
		}
	}
	return in
}

func rat(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }

// refGrid finds candidates by a uniform grid of bounding boxes: a brute
// force made affordable, sharing nothing with the R-tree or the bands.
type refGrid struct {
	min     orb.Point
	cell    float64
	nx, ny  int
	buckets [][]int32
	geoms   []orb.Geometry
	bounds  []orb.Bound
}

func newRefGrid(geoms []orb.Geometry, cells int) *refGrid {
	b := geoms[0].Bound()
	bounds := make([]orb.Bound, len(geoms))
	for i, g := range geoms {
		bounds[i] = g.Bound()
		b = b.Union(bounds[i])
	}
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	cell := max(w, h) / float64(cells)
	g := &refGrid{min: b.Min, cell: cell, nx: int(w/cell) + 1, ny: int(h/cell) + 1, geoms: geoms, bounds: bounds}
	g.buckets = make([][]int32, g.nx*g.ny)
	for i, bb := range bounds {
		x0, y0 := g.xy(bb.Min)
		x1, y1 := g.xy(bb.Max)
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				g.buckets[y*g.nx+x] = append(g.buckets[y*g.nx+x], int32(i))
			}
		}
	}
	return g
}

func (g *refGrid) xy(p orb.Point) (int, int) {
	x := int((p[0] - g.min[0]) / g.cell)
	y := int((p[1] - g.min[1]) / g.cell)
	return min(max(x, 0), g.nx-1), min(max(y, 0), g.ny-1)
}

// containing lists every feature that contains p, in index order.
func (g *refGrid) containing(p orb.Point) []int {
	x, y := g.xy(p)
	var out []int
	for _, i := range g.buckets[y*g.nx+x] {
		if g.bounds[i].Contains(p) && refContains(g.geoms[i], p) {
			out = append(out, int(i))
		}
	}
	// Points on a cell border may have candidates in the neighbouring
	// cells whose boxes end exactly there.
	seen := map[int]bool{}
	for _, i := range out {
		seen[i] = true
	}
	for dx := -1; dx <= 1; dx++ {
		for dy := -1; dy <= 1; dy++ {
			if (dx == 0 && dy == 0) || x+dx < 0 || y+dy < 0 || x+dx >= g.nx || y+dy >= g.ny {
				continue
			}
			for _, i := range g.buckets[(y+dy)*g.nx+x+dx] {
				if !seen[int(i)] && g.bounds[i].Contains(p) && refContains(g.geoms[i], p) {
					seen[int(i)] = true
					out = append(out, int(i))
				}
			}
		}
	}
	sortInts(out)
	return out
}

// sharedWith returns the features other than self having the edge a-b (in
// either direction) in one of their rings.
func (g *refGrid) sharedWith(self int, a, b orb.Point) []int {
	mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
	x, y := g.xy(mid)
	var out []int
	for dx := -1; dx <= 1; dx++ {
		for dy := -1; dy <= 1; dy++ {
			if x+dx < 0 || y+dy < 0 || x+dx >= g.nx || y+dy >= g.ny {
				continue
			}
			for _, i := range g.buckets[(y+dy)*g.nx+x+dx] {
				if int(i) == self || contains(out, int(i)) || !hasEdge(g.geoms[i], a, b) {
					continue
				}
				out = append(out, int(i))
			}
		}
	}
	return out
}

// interiorVertex reports whether every feature with vertex v shares both
// of its edges at v with another feature, so that the features around v
// close up and v is not on the boundary of the covered area.
func (g *refGrid) interiorVertex(v orb.Point) bool {
	x, y := g.xy(v)
	found := false
	for dx := -1; dx <= 1; dx++ {
		for dy := -1; dy <= 1; dy++ {
			if x+dx < 0 || y+dy < 0 || x+dx >= g.nx || y+dy >= g.ny {
				continue
			}
			for _, i := range g.buckets[(y+dy)*g.nx+x+dx] {
				for _, r := range ringsOf(g.geoms[i]) {
					for k := 0; k+1 < len(r); k++ {
						if r[k] != v {
							continue
						}
						found = true
						prev := r[len(r)-2]
						if k > 0 {
							prev = r[k-1]
						}
						if len(g.sharedWith(int(i), prev, v)) == 0 || len(g.sharedWith(int(i), v, r[k+1])) == 0 {
							return false
						}
					}
				}
			}
		}
	}
	return found
}

func hasEdge(geom orb.Geometry, a, b orb.Point) bool {
	for _, r := range ringsOf(geom) {
		for i := 0; i+1 < len(r); i++ {
			if (r[i] == a && r[i+1] == b) || (r[i] == b && r[i+1] == a) {
				return true
			}
		}
	}
	return false
}

func ringsOf(g orb.Geometry) []orb.Ring {
	switch g := g.(type) {
	case orb.Polygon:
		return g
	case orb.MultiPolygon:
		var rs []orb.Ring
		for _, p := range g {
			rs = append(rs, p...)
		}
		return rs
	}
	return nil
}

func contains(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}
