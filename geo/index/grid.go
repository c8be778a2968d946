package index

import (
	"math"
	"slices"
)

// leafGrid is a uniform grid over the leaves of a packed tree, about one
// cell per leaf, each cell listing the leaves whose box overlaps it. A
// nearest query bounded by a short radius (the first rings of the
// nearest queries, 32 and 64 m) reads the few cells of the square around
// the query point instead of walking the tree from its root: at the
// density of a town that is a handful of boxes instead of six nodes of
// sixteen. Queries the grid cannot answer cheaply (a square of too many
// cells, too many boxes in it) go to the tree.
//
// Cells are computed by one monotone function, in coordinates relative to
// the tree's origin, from the tree's own float32 boxes (rounded outward):
// a box within the radius of the query point overlaps the square of that
// half-width around it, so it is listed in one of the square's cells.
type leafGrid struct {
	invX, invY float64 // cells a unit of relative longitude, latitude
	nx, ny     int
	start      []uint32 // leaves of cell c: leaves[start[c]:start[c+1]]
	leaves     []uint32
}

const (
	minGridLeaves  = 256 // below this the tree alone is as quick
	maxLeafCells   = 16  // a box over more cells disables the grid (not with cells of a third of the largest box)
	maxGridCells   = 36  // a query square over more cells uses the tree
	maxGridVisited = 64  // a query square with more boxes within the bound uses the tree
	pointsPerCell  = 4
)

// cell is the cell index along one axis of a relative coordinate.
func cellOf(v, inv float64, n int) int {
	return int(min(max(v*inv, 0), float64(n-1)))
}

// newLeafGrid builds the grid over the tree's leaves, or returns nil when
// the tree is too small or its boxes too large for the grid to help.
// Boxes get about a cell each; points, cheaper to test, about one cell
// per pointsPerCell.
func newLeafGrid(t *packed, points bool) *leafGrid {
	n := len(t.items)
	if n < minGridLeaves {
		return nil
	}
	var w, h, side float64
	for _, b := range t.boxes[:n] {
		w, h = max(w, float64(b[2])), max(h, float64(b[3]))
		side = max(side, float64(b[2]-b[0]), float64(b[3]-b[1]))
	}
	cellsWanted := float64(n)
	if points {
		cellsWanted /= pointsPerCell
	}
	// Square cells, no more along an axis than wanted in all (a thin
	// extent), and no smaller than a third of the largest box's side, so
	// that a box overlaps at most four cells each way (a line's pieces
	// are at most pieceSpan).
	size := max(math.Sqrt(w*h/cellsWanted), max(w, h)/cellsWanted, side/3)
	if !(size > 0) {
		return nil // all leaves on one point
	}
	g := &leafGrid{nx: int(min(w/size, 1<<15)) + 1, ny: int(min(h/size, 1<<15)) + 1}
	g.invX, g.invY = float64(g.nx)/max(w, size), float64(g.ny)/max(h, size)
	span := func(b *[4]float32) (x0, y0, x1, y1 int) {
		return cellOf(float64(b[0]), g.invX, g.nx), cellOf(float64(b[1]), g.invY, g.ny),
			cellOf(float64(b[2]), g.invX, g.nx), cellOf(float64(b[3]), g.invY, g.ny)
	}
	cells := g.nx * g.ny
	counts := make([]uint32, cells+1)
	for k := range t.boxes[:n] {
		x0, y0, x1, y1 := span(&t.boxes[k])
		if (x1-x0+1)*(y1-y0+1) > maxLeafCells {
			return nil
		}
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				counts[y*g.nx+x+1]++
			}
		}
	}
	for c := 1; c <= cells; c++ {
		counts[c] += counts[c-1]
	}
	g.start = counts
	g.leaves = make([]uint32, counts[cells])
	fill := slices.Clone(counts[:cells])
	for k := range t.boxes[:n] {
		x0, y0, x1, y1 := span(&t.boxes[k])
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				c := y*g.nx + x
				g.leaves[fill[c]] = uint32(k)
				fill[c]++
			}
		}
	}
	return g
}

// candidate is a leaf within a query's bound, with its squared distance.
type candidate struct {
	d2   float64
	leaf uint32
}

// nearest does what [packed.nearest] does, for a query whose bound is
// short enough for the grid: it calls fn with every leaf within *bound
// metres, nearest first, skipping those beyond the bound as fn narrows
// it. It reports false, having called nothing, when the grid cannot
// answer cheaply; the caller then walks the tree.
func (g *leafGrid) nearest(t *packed, q *query, bound *float64, fn func(leaf int, item uint32)) bool {
	// The square of half-width bound around the query point, a little
	// wider so that rounding never leaves out a box at the bound.
	lim := slack(*bound)
	hx, hy := *bound*(1+1e-6)/q.kx+1e-12, *bound*(1+1e-6)/q.ky+1e-12
	x0, x1 := cellOf(q.ox-hx, g.invX, g.nx), cellOf(q.ox+hx, g.invX, g.nx)
	y0, y1 := cellOf(q.oy-hy, g.invY, g.ny), cellOf(q.oy+hy, g.invY, g.ny)
	if (x1-x0+1)*(y1-y0+1) > maxGridCells {
		return false
	}
	if t.pts != nil {
		// Points: each in one cell, and cheap to report, so in the order
		// read, each against the bound as it stands.
		for y := y0; y <= y1; y++ {
			for _, leaf := range g.leaves[g.start[y*g.nx+x0]:g.start[y*g.nx+x1+1]] {
				if q.dist2(&t.boxes[leaf]) <= slack(*bound) {
					fn(int(leaf), t.items[leaf])
				}
			}
		}
		return true
	}
	// Boxes (line pieces, each reported at a cost): those within the
	// bound, nearest first, so that the bound narrows soonest.
	var buf [maxGridVisited]candidate
	found := buf[:0]
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			c := y*g.nx + x
			for _, leaf := range g.leaves[g.start[c]:g.start[c+1]] {
				b := &t.boxes[leaf]
				d := q.dist2(b)
				if d > lim {
					continue
				}
				// A box over several cells of the square counts in the
				// first of them only.
				if max(cellOf(float64(b[0]), g.invX, g.nx), x0) != x || max(cellOf(float64(b[1]), g.invY, g.ny), y0) != y {
					continue
				}
				if len(found) == maxGridVisited {
					return false
				}
				found = append(found, candidate{d, leaf})
			}
		}
	}
	// Nearest first, equal distances in leaf order (insertion sort: a
	// few).
	for i := 1; i < len(found); i++ {
		c := found[i]
		j := i
		for ; j > 0 && (found[j-1].d2 > c.d2 || found[j-1].d2 == c.d2 && found[j-1].leaf > c.leaf); j-- {
			found[j] = found[j-1]
		}
		found[j] = c
	}
	for _, c := range found {
		if c.d2 > slack(*bound) {
			break
		}
		fn(int(c.leaf), t.items[c.leaf])
	}
	return true
}
