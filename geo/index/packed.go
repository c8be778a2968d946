package index

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// packed is a static R-tree in flat arrays (a packed Hilbert R-tree): the
// boxes sorted along a Hilbert curve over their centres, grouped fanout
// at a time into nodes, level above level, up to a single root. It is
// built once from all the boxes and then only read. A node's boxes are
// contiguous, so a query reads a few cache lines a level; a dynamic
// R-tree with nodes of 64 boxes reads 32 cache lines a node, which at a
// million points makes a nearest query wait on memory most of its time.
type packed struct {
	boxes [][4]float64 // min x, min y, max x, max y: level 0 (the items' boxes, in curve order), then each level above
	items []uint32     // the item of each level-0 box
	level []int        // level k is boxes[level[k]:level[k+1]]; the last level is the root alone
}

const fanout = 16

// newPacked builds the tree over boxes, item i having box boxes[i].
func newPacked(boxes [][4]float64) *packed {
	t := &packed{}
	n := len(boxes)
	if n == 0 {
		return t
	}
	ext := orb.Bound{Min: orb.Point{boxes[0][0], boxes[0][1]}, Max: orb.Point{boxes[0][2], boxes[0][3]}}
	for _, b := range boxes[1:] {
		ext = ext.Extend(orb.Point{b[0], b[1]}).Extend(orb.Point{b[2], b[3]})
	}
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
	t.boxes = make([][4]float64, n, size)
	t.items = make([]uint32, n)
	for k, key := range keys {
		t.items[k] = uint32(key)
		t.boxes[k] = boxes[uint32(key)]
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
				b = [4]float64{min(b[0], o[0]), min(b[1], o[1]), max(b[2], o[2]), max(b[3], o[3])}
			}
			t.boxes = append(t.boxes, b)
		}
		lo, hi = hi, len(t.boxes)
	}
	return t
}

// search calls fn with every item whose box intersects q (edges
// included), in no particular order.
func (t *packed) search(q [4]float64, fn func(b *[4]float64, item uint32)) {
	if len(t.items) == 0 {
		return
	}
	top := len(t.level) - 2
	if root := &t.boxes[t.level[top]]; intersects(root, &q) {
		t.visit(top, 0, &q, fn)
	}
}

// visit searches the children of node i of level k (k > 0), or reports
// item i (k = 0).
func (t *packed) visit(k, i int, q *[4]float64, fn func(b *[4]float64, item uint32)) {
	if k == 0 {
		fn(&t.boxes[i], t.items[i])
		return
	}
	lo, hi := t.level[k-1], t.level[k]
	for c := lo + i*fanout; c < min(lo+(i+1)*fanout, hi); c++ {
		if intersects(&t.boxes[c], q) {
			t.visit(k-1, c-lo, q, fn)
		}
	}
}

func intersects(a, b *[4]float64) bool {
	return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
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
func (l *lazyTree) get(boxes func() [][4]float64) *packed {
	if t := l.tree.Load(); t != nil {
		return t
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := l.tree.Load(); t != nil {
		return t
	}
	t := newPacked(boxes())
	l.tree.Store(t)
	return t
}

func (l *lazyTree) reset() { l.tree.Store(nil) }
