package index

import (
	"math"
	"math/bits"
	"slices"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
)

// The grids answer the nearest queries of short bounds (the first rings
// of the nearest queries, 32 and 64 m) from the few cells of the square
// around the query point instead of walking the tree from its root: at
// the density of a town that is a handful of boxes in one or two cache
// lines each instead of six nodes of sixteen. A query the grid cannot
// answer cheaply (a square of too many cells, too many boxes within the
// bound) goes to the tree. Both grids are built with the tree and only
// read.

const (
	minGridLeaves  = 256 // below this the tree alone is as quick
	maxLeafCells   = 16  // a box over more cells disables the box grid (not with cells of a third of the largest box)
	maxGridCells   = 36  // a query square over more cells uses the tree
	maxGridVisited = 64  // a query square with more boxes within the bound uses the tree
	maxGridRead    = 512 // a query square listing more boxes or points uses the tree (crowded cells: a dense town in a sparse province)
	pointsPerCell  = 16
)

// boxGrid lists, for each cell of a uniform grid, the leaves whose box
// overlaps it, each with its box (so a query reads the cell's list and
// nothing else until it reports). Cells are computed by one monotone
// function from the tree's float32 boxes (relative to its origin, rounded
// outward): a box within the bound of the query point overlaps the square
// of that half-width around it, so it is listed in one of its cells.
type boxGrid struct {
	invX, invY float64 // cells a unit of relative longitude, latitude
	nx, ny     int
	start      []uint32 // entries of cell c: ents[start[c]:start[c+1]]
	ents       []boxEnt
}

type boxEnt struct {
	box        [4]float32
	leaf, item uint32
}

// cellOf is the cell index along one axis of a relative coordinate.
func cellOf(v, inv float64, n int) int {
	return int(min(max(v*inv, 0), float64(n-1)))
}

// newBoxGrid builds the grid over the tree's leaves, about a cell each,
// or returns nil when the tree is too small for the grid to help.
func newBoxGrid(t *packed) *boxGrid {
	n := len(t.items)
	if n < minGridLeaves {
		return nil
	}
	var w, h, side float64
	for _, b := range t.boxes[:n] {
		w, h = max(w, float64(b[2])), max(h, float64(b[3]))
		side = max(side, float64(b[2]-b[0]), float64(b[3]-b[1]))
	}
	// Square cells, no more along an axis than wanted in all (a thin
	// extent), and no smaller than a third of the largest box's side, so
	// that a box overlaps at most four cells each way (a line's pieces
	// are at most pieceSpan).
	size := max(math.Sqrt(w*h/float64(n)), max(w, h)/float64(n), side/3)
	if !(size > 0) {
		return nil // all leaves on one point
	}
	g := &boxGrid{nx: int(min(w/size, 1<<15)) + 1, ny: int(min(h/size, 1<<15)) + 1}
	g.invX, g.invY = float64(g.nx)/max(w, size), float64(g.ny)/max(h, size)
	span := func(b *[4]float32) (x0, y0, x1, y1 int) {
		return cellOf(float64(b[0]), g.invX, g.nx), cellOf(float64(b[1]), g.invY, g.ny),
			cellOf(float64(b[2]), g.invX, g.nx), cellOf(float64(b[3]), g.invY, g.ny)
	}
	tooBig := false
	g.start, g.ents = fillCells(g.nx, g.ny, n, func(k int) (x0, y0, x1, y1 int, ok bool) {
		x0, y0, x1, y1 = span(&t.boxes[k])
		if (x1-x0+1)*(y1-y0+1) > maxLeafCells {
			tooBig = true
			return 0, 0, 0, 0, false
		}
		return x0, y0, x1, y1, true
	}, func(k int) boxEnt { return boxEnt{t.boxes[k], uint32(k), t.items[k]} })
	if tooBig {
		return nil
	}
	return g
}

// fillCells lays out the lists of a uniform grid of nx × ny cells in one
// array: cell c's entries are ents[start[c]:start[c+1]], in item order.
// span gives the cells item i overlaps (ok false: the item is left out)
// and ent its entry.
func fillCells[E any](nx, ny, n int, span func(i int) (x0, y0, x1, y1 int, ok bool), ent func(i int) E) (start []uint32, ents []E) {
	cells := nx * ny
	start = make([]uint32, cells+1)
	for i := range n {
		x0, y0, x1, y1, ok := span(i)
		if !ok {
			continue
		}
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				start[y*nx+x+1]++
			}
		}
	}
	for c := 1; c <= cells; c++ {
		start[c] += start[c-1]
	}
	ents = make([]E, start[cells])
	fill := slices.Clone(start[:cells])
	for i := range n {
		x0, y0, x1, y1, ok := span(i)
		if !ok {
			continue
		}
		e := ent(i)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				c := y*nx + x
				ents[fill[c]] = e
				fill[c]++
			}
		}
	}
	return start, ents
}

// candidate is an entry within a query's bound, with its squared
// distance.
type candidate struct {
	d2 float64
	e  *boxEnt
}

// nearest does what [packed.nearest] does, for a query whose bound is
// short enough for the grid: it calls fn with every leaf within *bound
// metres, nearest first, skipping those beyond the bound as fn narrows
// it. It reports false, having called nothing, when the grid cannot
// answer cheaply; the caller then walks the tree.
func (g *boxGrid) nearest(t *packed, q *query, bound *float64, fn func(leaf int, item uint32)) bool {
	// The square of half-width bound around the query point, a little
	// wider so that rounding never leaves out a box at the bound.
	lim := slack(*bound)
	hx, hy := *bound*(1+1e-6)/q.kx+1e-12, *bound*(1+1e-6)/q.ky+1e-12
	x0, x1 := cellOf(q.ox-hx, g.invX, g.nx), cellOf(q.ox+hx, g.invX, g.nx)
	y0, y1 := cellOf(q.oy-hy, g.invY, g.ny), cellOf(q.oy+hy, g.invY, g.ny)
	if (x1-x0+1)*(y1-y0+1) > maxGridCells {
		return false
	}
	read := 0
	for y := y0; y <= y1; y++ {
		read += int(g.start[y*g.nx+x1+1] - g.start[y*g.nx+x0])
	}
	if read > maxGridRead {
		return false
	}
	// Those within the bound, nearest first, so that the bound narrows
	// soonest (each is reported at a cost: a line to locate the point on).
	var buf [maxGridVisited]candidate
	found := buf[:0]
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			c := y*g.nx + x
			ents := g.ents[g.start[c]:g.start[c+1]]
			for i := range ents {
				e := &ents[i]
				d := q.dist2(&e.box)
				if d > lim {
					continue
				}
				// A box over several cells of the square counts in the
				// first of them only.
				if max(cellOf(float64(e.box[0]), g.invX, g.nx), x0) != x || max(cellOf(float64(e.box[1]), g.invY, g.ny), y0) != y {
					continue
				}
				if len(found) == maxGridVisited {
					return false
				}
				found = append(found, candidate{d, e})
			}
		}
	}
	// Equal distances in leaf order (insertion sort: a few).
	for i := 1; i < len(found); i++ {
		c := found[i]
		j := i
		for ; j > 0 && (found[j-1].d2 > c.d2 || found[j-1].d2 == c.d2 && found[j-1].e.leaf > c.e.leaf); j-- {
			found[j] = found[j-1]
		}
		found[j] = c
	}
	for _, c := range found {
		if c.d2 > slack(*bound) {
			break
		}
		fn(int(c.e.leaf), c.e.item)
	}
	return true
}

// pointGrid is the grid of a tree of points: the cells of HilbertKey's
// curve at a level of about pointsPerCell points a cell. The tree's leaves
// are in curve order, so each cell's points are consecutive leaves, and
// a cell is just its range of leaves: a query reads the points of its
// cells next to each other, and nothing else.
type pointGrid struct {
	ext   orb.Bound // the extent of HilbertKey
	shift uint      // cell = hilbertScale(v) >> shift
	side  int       // cells a side
	cells [][2]uint32
}

// newPointGrid builds the grid of a tree of points whose leaves were put
// in the order of HilbertKey over ext.
func newPointGrid(t *packed, ext orb.Bound) *pointGrid {
	n := len(t.pts)
	if n < minGridLeaves {
		return nil
	}
	// 4^level cells, about n/pointsPerCell.
	level := min((bits.Len(uint(n/pointsPerCell))+1)/2, 16)
	g := &pointGrid{ext: ext, shift: uint(16 - level), side: 1 << level}
	g.cells = make([][2]uint32, g.side*g.side)
	prev := -1
	for k, p := range t.pts {
		c := g.cell(p[0], p[1])
		if c != prev {
			if g.cells[c][1] != 0 {
				return nil // not in curve order: never, but the grid would be wrong
			}
			g.cells[c][0] = uint32(k)
			prev = c
		}
		g.cells[c][1] = uint32(k + 1)
	}
	return g
}

func (g *pointGrid) col(x float64) int {
	return int(hilbertScale(x, g.ext.Min[0], g.ext.Max[0]) >> g.shift)
}

func (g *pointGrid) row(y float64) int {
	return int(hilbertScale(y, g.ext.Min[1], g.ext.Max[1]) >> g.shift)
}

func (g *pointGrid) cell(x, y float64) int { return g.row(y)*g.side + g.col(x) }

// nearest calls fn with every point within *bound metres of the query
// point (in no particular order; fn keeps the nearest) and reports true,
// or reports false, having called nothing, when the square of that
// half-width covers too many cells.
func (g *pointGrid) nearest(t *packed, pl *geo.Plane, bound *float64, fn func(leaf int, item uint32)) bool {
	o := pl.Origin()
	kx, ky := pl.Scale()
	hx, hy := *bound*(1+1e-6)/kx+1e-12, *bound*(1+1e-6)/ky+1e-12
	x0, x1 := g.col(o[0]-hx), g.col(o[0]+hx)
	y0, y1 := g.row(o[1]-hy), g.row(o[1]+hy)
	if (x1-x0+1)*(y1-y0+1) > maxGridCells {
		return false
	}
	read := 0
	for y := y0; y <= y1; y++ {
		for _, c := range g.cells[y*g.side+x0 : y*g.side+x1+1] {
			read += int(c[1] - c[0])
		}
	}
	if read > maxGridRead {
		return false
	}
	for y := y0; y <= y1; y++ {
		for _, c := range g.cells[y*g.side+x0 : y*g.side+x1+1] {
			for leaf := c[0]; leaf < c[1]; leaf++ {
				p := &t.pts[leaf]
				dx, dy := pl.XY(*p)
				if dx*dx+dy*dy <= slack(*bound) {
					fn(int(leaf), t.items[leaf])
				}
			}
		}
	}
	return true
}
