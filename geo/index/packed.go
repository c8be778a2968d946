package index

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
)

// packed is a static R-tree in flat arrays (a packed Hilbert R-tree): the
// boxes sorted along a Hilbert curve over their centres, grouped fanout
// at a time into nodes, level above level, up to a single root. It is
// built once from all the boxes and then only read. Boxes are float32,
// relative to an origin and rounded outward, so a node of 16 is four cache
// lines and a nearest query reads a few a level; a dynamic R-tree with
// nodes of 64 float64 boxes reads 32 a node, which at a million points
// makes a query wait on memory most of its time.
type packed struct {
	origin [2]float64
	boxes  [][4]float32 // min x, min y, max x, max y: level 0 (the items', in curve order), then each level above
	items  []uint32     // the item of each level-0 box
	level  []int        // level k is boxes[level[k]:level[k+1]]; the last level is the root alone
	// pts holds, for a tree of points, each leaf's point exactly, in leaf
	// order: read only for the leaves a query reaches, next to each other.
	pts []orb.Point
	// The grid of boxes or points answers the queries of short bounds
	// without the tree (nil for a small tree).
	bgrid *boxGrid
	pgrid *pointGrid
}

const fanout = 16

// newPacked builds the tree over boxes (min x, min y, max x, max y), box
// i standing for item items[i], or for item i without items. With points,
// the boxes are points and the tree keeps them exactly.
func newPacked(boxes [][4]float64, items []uint32, points bool) *packed {
	t := &packed{}
	n := len(boxes)
	if n == 0 {
		return t
	}
	ext := orb.Bound{Min: orb.Point{boxes[0][0], boxes[0][1]}, Max: orb.Point{boxes[0][2], boxes[0][3]}}
	for _, b := range boxes[1:] {
		ext = ext.Extend(orb.Point{b[0], b[1]}).Extend(orb.Point{b[2], b[3]})
	}
	t.origin = ext.Min
	// Curve position and item, one sortable integer each: equal positions
	// keep the items' order.
	keys := make([]uint64, n)
	for i, b := range boxes {
		keys[i] = HilbertKey(ext, orb.Point{(b[0] + b[2]) / 2, (b[1] + b[3]) / 2})<<32 | uint64(i)
	}
	slices.Sort(keys)
	size, levels := n, 1
	for m := n; m > 1; m = (m + fanout - 1) / fanout {
		size += (m + fanout - 1) / fanout
		levels++
	}
	t.boxes = make([][4]float32, n, size)
	t.items = make([]uint32, n)
	if points {
		t.pts = make([]orb.Point, n)
	}
	down, up := float32(math.Inf(-1)), float32(math.Inf(1))
	for k, key := range keys {
		b := &boxes[uint32(key)]
		t.items[k] = uint32(key)
		if items != nil {
			t.items[k] = items[uint32(key)]
		}
		t.boxes[k] = [4]float32{
			math.Nextafter32(float32(b[0]-t.origin[0]), down), math.Nextafter32(float32(b[1]-t.origin[1]), down),
			math.Nextafter32(float32(b[2]-t.origin[0]), up), math.Nextafter32(float32(b[3]-t.origin[1]), up),
		}
		if points {
			t.pts[k] = orb.Point{b[0], b[1]}
		}
	}
	t.level = make([]int, 1, levels+1)
	for lo, hi := 0, n; ; {
		t.level = append(t.level, hi)
		if hi-lo == 1 {
			break
		}
		for c := lo; c < hi; c += fanout {
			b := t.boxes[c]
			for _, o := range t.boxes[c+1 : min(c+fanout, hi)] {
				b = [4]float32{min(b[0], o[0]), min(b[1], o[1]), max(b[2], o[2]), max(b[3], o[3])}
			}
			t.boxes = append(t.boxes, b)
		}
		lo, hi = hi, len(t.boxes)
	}
	if points {
		t.pgrid = newPointGrid(t, ext)
	} else {
		t.bgrid = newBoxGrid(t)
	}
	return t
}

// search is nearest through the grid where it can answer, else through
// the tree.
func (t *packed) search(pl geo.Plane, bound *float64, fn func(leaf int, item uint32)) {
	switch {
	case t.pgrid != nil:
		if t.pgrid.nearest(t, &pl, bound, fn) {
			return
		}
	case t.bgrid != nil:
		q := t.query(pl)
		if t.bgrid.nearest(t, &q, bound, fn) {
			return
		}
	}
	t.nearest(pl, bound, fn)
}

// query is a nearest query on a tree: the plane of the query point, with
// the point relative to the tree's origin.
type query struct {
	ox, oy, kx, ky float64
}

func (t *packed) query(pl geo.Plane) query {
	o := pl.Origin()
	kx, ky := pl.Scale()
	return query{o[0] - t.origin[0], o[1] - t.origin[1], kx, ky}
}

// dist2 is the square of the distance in metres from the query point to a
// box: a lower bound of the distance to anything in it (boxes are rounded
// outward).
func (q *query) dist2(b *[4]float32) float64 {
	// Of the gaps before and after a box at most one is positive, so the
	// distance along an axis is the sum of their positive parts, each
	// (g+|g|)/2: exact, and without branches (the side a query falls on
	// is not predictable).
	s, t := float64(b[0])-q.ox, q.ox-float64(b[2])
	dx := (s + math.Abs(s) + t + math.Abs(t)) * 0.5 * q.kx
	s, t = float64(b[1])-q.oy, q.oy-float64(b[3])
	dy := (s + math.Abs(s) + t + math.Abs(t)) * 0.5 * q.ky
	return dx*dx + dy*dy
}

// nearest reports items nearest first by subtree: from the root down it
// enters the children whose box lies within *bound metres of the plane's
// origin, the nearest first, and calls fn with each leaf it reaches (its
// position in leaf order and its item). fn narrows *bound as it finds
// answers; a subtree beyond the bound is never entered, so only nodes
// near the query are read.
func (t *packed) nearest(pl geo.Plane, bound *float64, fn func(leaf int, item uint32)) {
	if len(t.items) == 0 {
		return
	}
	q := t.query(pl)
	top := len(t.level) - 2
	if top == 0 {
		if q.dist2(&t.boxes[0]) <= slack(*bound) {
			fn(0, t.items[0])
		}
		return
	}
	t.near(top, 0, &q, bound, fn)
}

// slack is the square of a bound, a little over so that rounding never
// cuts off a box exactly at the bound (answers at equal distances are all
// found; entering one box too many is harmless).
func slack(bound float64) float64 { return bound * bound * (1 + 1e-9) }

func (t *packed) near(k, i int, q *query, bound *float64, fn func(leaf int, item uint32)) {
	lo, hi := t.level[k-1], t.level[k]
	first := lo + i*fanout
	n := min(first+fanout, hi) - first
	// The nearest child first, to narrow the bound soonest; then the
	// others still within it, in their order (no sort).
	var d2 [fanout]float64
	best, bi := math.Inf(1), -1
	for j := range n {
		d := q.dist2(&t.boxes[first+j])
		d2[j] = d
		if d < best {
			best, bi = d, j
		}
	}
	if bi < 0 || best > slack(*bound) {
		return
	}
	enter := func(c int) {
		if k == 1 {
			fn(c, t.items[c])
		} else {
			t.near(k-1, c-lo, q, bound, fn)
		}
	}
	enter(first + bi)
	for j := range n {
		if j != bi && d2[j] <= slack(*bound) {
			enter(first + j)
		}
	}
}

// lazyTree holds the packed tree of an index that gains items one at a
// time: built on the first query after an insert, by one caller while the
// others wait, then shared by every query. Inserts are not safe with
// queries (as documented on the indexes), so an insert simply drops it.
type lazyTree struct {
	mu   sync.Mutex
	tree atomic.Pointer[packed]
}

// get returns the tree, built from boxes() if need be.
func (l *lazyTree) get(boxes func() ([][4]float64, []uint32), points bool) *packed {
	if t := l.tree.Load(); t != nil {
		return t
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := l.tree.Load(); t != nil {
		return t
	}
	b, items := boxes()
	t := newPacked(b, items, points)
	l.tree.Store(t)
	return t
}

func (l *lazyTree) reset() { l.tree.Store(nil) }
