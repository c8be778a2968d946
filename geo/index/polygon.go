package index

import (
	"iter"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// bandThreshold is the number of edges above which a polygon gets a band
// index: shorter rings are faster to scan whole.
const bandThreshold = 64

// PolygonIndex answers which polygons contain a point. Items are polygons or
// multipolygons with holes, each with a value of type T (a parcel number, a
// commune code, a feature index).
//
// Containment is exact and semi-open: see the package documentation. Build
// one with [BuildPolygonIndex] (fast, spatially ordered) or grow one with
// [PolygonIndex.Insert]. Queries are safe for concurrent use once building
// is done; Insert is not safe concurrently with anything.
type PolygonIndex[T any] struct {
	tree      rtree.RTreeGN[float32, uint32] // boxes relative to origin, rounded outward
	origin    orb.Point
	hasOrigin bool
	coords    []float64    // x, y of every ring vertex, rings closed
	rings     []uint32     // rings[r]..rings[r+1] are ring r's vertices; len = rings+1
	items     []polyItem   // per item
	values    []T          // per item
	bands     []bandIndex  // for items with many edges
	grid      *cellGrid[T] // point-query accelerator over the items of the build
	// odd are the boxes of the items whose box is not their vertices'
	// (a hole outside its polygon's outer ring), by item.
	odd map[uint32]orb.Bound
	// lazy is set on a decoded index, whose tree is built on first use.
	lazy *lazyRTree
}

// cellGrid lists, for each cell of a uniform grid over the built items,
// the items whose bounding box meets the cell. A point's candidates are one
// cell's list, instead of a walk down the R-tree. Items inserted after the
// grid was built are found through the tree. Each entry of a list carries
// what a point query needs of its item (its box and, for a polygon of one
// ring, its vertices), so that a query reads the cell's list, then the
// coordinates of the items whose box holds the point, and nothing else.
type cellGrid[T any] struct {
	minX, minY float64
	invX, invY float64
	nx, ny     int
	start      []uint32 // entries of cell c: ents[start[c]:start[c+1]], in item order
	ents       []cellEnt[T]
	big        []uint32    // items too large for the grid, tested by box
	bigBox     []orb.Bound // their bounding boxes
	covered    uint32      // the grid covers items [0, covered)
}

// cellEnt is an item in a cell's list, with its value.
type cellEnt[T any] struct {
	box  [4]float32 // the item's box: tree coordinates, rounded outward
	v0   uint32     // with n > 0, the item is one ring: coords[2*v0 : 2*(v0+n)]
	n    uint32     // 0: read the item's rings (several rings, or a band index)
	item uint32
	val  T
}

// itemsPerCell sets the grid's size: cells a little larger than the
// items, so that an item meets few cells and a cell's list is a few cache
// lines read in sequence.
const itemsPerCell = 8

// maxCellsPerItem sends larger items to the big list rather than into
// many cells.
const maxCellsPerItem = 64

func (g *cellGrid[T]) cell(x, y float64) (int, int) {
	cx, cy := (x-g.minX)*g.invX, (y-g.minY)*g.invY
	return int(min(max(cx, 0), float64(g.nx-1))), int(min(max(cy, 0), float64(g.ny-1)))
}

func newCellGrid[T any](ix *PolygonIndex[T], bounds []orb.Bound, all orb.Bound) *cellGrid[T] {
	items, values := ix.items, ix.values
	n := len(bounds)
	w, h := all.Max[0]-all.Min[0], all.Max[1]-all.Min[1]
	g := &cellGrid[T]{minX: all.Min[0], minY: all.Min[1], covered: uint32(n)}
	// About one cell per itemsPerCell items, square in degrees, at least
	// one each way.
	cellsWanted := max(float64(n)/itemsPerCell, 1)
	size := math.Sqrt(w * h / cellsWanted)
	if !(size > 0) {
		size = max(w, h) / cellsWanted
	}
	g.nx, g.ny = 1, 1
	if size > 0 {
		g.nx = int(min(w/size, 1<<15)) + 1
		g.ny = int(min(h/size, 1<<15)) + 1
	}
	if w > 0 {
		g.invX = float64(g.nx) / w
	}
	if h > 0 {
		g.invY = float64(g.ny) / h
	}
	span := func(b orb.Bound) (x0, y0, x1, y1 int, ok bool) {
		x0, y0 = g.cell(b.Min[0], b.Min[1])
		x1, y1 = g.cell(b.Max[0], b.Max[1])
		return x0, y0, x1, y1, (x1-x0+1)*(y1-y0+1) <= maxCellsPerItem
	}
	for i, b := range bounds {
		if _, _, _, _, ok := span(b); !ok {
			g.big = append(g.big, uint32(i))
			g.bigBox = append(g.bigBox, b)
		}
	}
	g.start, g.ents = fillCells(g.nx, g.ny, n, func(i int) (int, int, int, int, bool) { return span(bounds[i]) }, func(i int) cellEnt[T] {
		it := &items[i]
		lo, hi := ix.box(bounds[i].Min, bounds[i].Max)
		e := cellEnt[T]{box: [4]float32{lo[0], lo[1], hi[0], hi[1]}, item: uint32(i), val: values[i]}
		if it.ring1 == it.ring0+1 && it.band < 0 {
			e.v0, e.n = it.v0, it.v1-it.v0
		}
		return e
	})
	return g
}

// inside reports whether p is within the grid's extent (the union of the
// built items' boxes).
func (g *cellGrid[T]) inside(p orb.Point) bool {
	return p[0] >= g.minX && p[1] >= g.minY &&
		(g.invX == 0 || (p[0]-g.minX)*g.invX <= float64(g.nx)) &&
		(g.invY == 0 || (p[1]-g.minY)*g.invY <= float64(g.ny))
}

// candidates calls fn with every item whose box may hold p: the grid's
// cell (with the item's entry) and big items for the built items, the
// R-tree for later ones (without).
func (ix *PolygonIndex[T]) candidates(p orb.Point, fn func(i uint32, e *cellEnt[T])) {
	g := ix.grid
	if g == nil {
		ix.ensureTree()
		lo, hi := ix.box(p, p)
		ix.tree.Search(lo, hi, func(_, _ [2]float32, i uint32) bool { fn(i, nil); return true })
		return
	}
	if g.inside(p) {
		x, y := g.cell(p[0], p[1])
		c := y*g.nx + x
		// The point relative to the origin, against the boxes widened to
		// float64: exact, as the float32 boxes are rounded outward by far
		// more than the subtraction's rounding.
		px, py := p[0]-ix.origin[0], p[1]-ix.origin[1]
		ents := g.ents[g.start[c]:g.start[c+1]]
		for k := range ents {
			// The item's box first: most candidates of a cell end here,
			// without touching their coordinates.
			if b := &ents[k].box; float64(b[0]) <= px && float64(b[1]) <= py && float64(b[2]) >= px && float64(b[3]) >= py {
				fn(ents[k].item, &ents[k])
			}
		}
	}
	for k, i := range g.big {
		if g.bigBox[k].Contains(p) {
			fn(i, nil)
		}
	}
	if uint32(len(ix.items)) > g.covered {
		ix.ensureTree()
		lo, hi := ix.box(p, p)
		ix.tree.Search(lo, hi, func(_, _ [2]float32, i uint32) bool {
			if i >= g.covered {
				fn(i, nil)
			}
			return true
		})
	}
}

// containsEnt is contains, from a cell's entry when it has the item's
// ring (e may be nil).
func (ix *PolygonIndex[T]) containsEnt(i uint32, e *cellEnt[T], px, py float64) bool {
	if e == nil || e.n == 0 {
		return ix.contains(i, px, py)
	}
	return ix.ringCrossed(e.v0, e.v0+e.n, px, py)
}

// ringCrossed reports whether the ray from (px, py) crosses the edges of
// the ring of vertices v0..v1 an odd number of times.
func (ix *PolygonIndex[T]) ringCrossed(v0, v1 uint32, px, py float64) bool {
	c := ix.coords
	inside := false
	for v := v0; v+1 < v1; v++ {
		if crosses(c[2*v], c[2*v+1], c[2*v+2], c[2*v+3], px, py) {
			inside = !inside
		}
	}
	return inside
}

type polyItem struct {
	v0, v1       uint32 // vertices of the item: coords[2*v0 : 2*v1]
	ring0, ring1 uint32 // rings of the item: [ring0, ring1)
	band         int32  // index into bands, or -1
}

// bandIndex buckets a polygon's edges by horizontal bands, so a query
// tests only the edges that can straddle its latitude.
type bandIndex struct {
	y0, inv float64  // band of y is floor((y - y0) * inv), clamped
	n       int32    // number of bands
	start   []uint32 // edges of band b: edges[start[b]:start[b+1]]
	edges   []uint32 // vertex index of each edge's first end
}

func (b *bandIndex) band(y float64) int {
	f := (y - b.y0) * b.inv
	switch {
	case !(f >= 0):
		return 0
	case f >= float64(b.n-1):
		return int(b.n - 1)
	}
	return int(f)
}

// Feature is an item to index: a polygon or multipolygon and its value.
type Feature[T any] struct {
	Geometry orb.Geometry // orb.Polygon or orb.MultiPolygon, lon/lat
	Value    T
}

// BuildPolygonIndex validates (on every core) and indexes features. They are inserted in
// Hilbert order of their bounding boxes, which gives a tighter tree than
// arbitrary order; values come back as given. Features that fail validation
// are reported together in the error (a *GeometryErrors); nothing is
// indexed then.
func BuildPolygonIndex[T any](features []Feature[T]) (*PolygonIndex[T], error) {
	// Validation is independent per feature: spread it over the cores,
	// then report problems in feature order.
	bounds := make([]orb.Bound, len(features))
	perFeature := make([]GeometryErrors, len(features))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(features)/1024))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(features); i += workers {
				if errs := validateFeature(i, features[i].Geometry); len(errs) > 0 {
					perFeature[i] = errs
					continue
				}
				bounds[i] = features[i].Geometry.Bound()
			}
		})
	}
	wg.Wait()
	var errs GeometryErrors
	for _, e := range perFeature {
		errs = append(errs, e...)
	}
	if len(errs) > 0 {
		return nil, &errs
	}
	order := make([]int, len(features))
	for i := range order {
		order[i] = i
	}
	if len(features) > 1 {
		all := bounds[0]
		for _, b := range bounds[1:] {
			all = all.Union(b)
		}
		keys := make([]uint64, len(features))
		for i, b := range bounds {
			keys[i] = HilbertKey(all, b.Center())
		}
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case keys[a] < keys[b]:
				return -1
			case keys[a] > keys[b]:
				return 1
			}
			return 0
		})
	}
	ix := &PolygonIndex[T]{rings: []uint32{0}}
	if len(features) > 0 {
		all := bounds[0]
		for _, b := range bounds[1:] {
			all = all.Union(b)
		}
		ix.origin, ix.hasOrigin = all.Center(), true
	}
	// Size every array exactly: growth by append would leave up to a
	// quarter of the coordinates' size unused.
	nv, nr := 0, 0
	for _, f := range features {
		for _, r := range ringsOfGeometry(f.Geometry) {
			nv += len(r)
			nr++
		}
	}
	ix.coords = make([]float64, 0, 2*nv)
	ix.rings = make([]uint32, 1, nr+1)
	ix.items = make([]polyItem, 0, len(features))
	ix.values = make([]T, 0, len(features))
	sorted := make([]orb.Bound, len(order))
	for k, i := range order {
		ix.add(features[i].Geometry, features[i].Value, bounds[i])
		sorted[k] = bounds[i]
	}
	if len(features) > 0 {
		all := sorted[0]
		for _, b := range sorted[1:] {
			all = all.Union(b)
		}
		ix.grid = newCellGrid(ix, sorted, all)
	}
	return ix, nil
}

// Insert validates one polygon or multipolygon and adds it with its value.
func (ix *PolygonIndex[T]) Insert(g orb.Geometry, value T) error {
	if errs := validateFeature(len(ix.items), g); len(errs) > 0 {
		return &errs
	}
	if len(ix.rings) == 0 {
		ix.rings = []uint32{0}
	}
	ix.add(g, value, g.Bound())
	return nil
}

func ringsOfGeometry(g orb.Geometry) []orb.Ring {
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

func (ix *PolygonIndex[T]) add(g orb.Geometry, value T, b orb.Bound) {
	it := polyItem{ring0: uint32(len(ix.rings) - 1), band: -1, v0: uint32(len(ix.coords) / 2)}
	edges := 0
	addPoly := func(p orb.Polygon) {
		for _, r := range p {
			for _, q := range r { // validated: closed, finite
				ix.coords = append(ix.coords, q[0], q[1])
			}
			ix.rings = append(ix.rings, uint32(len(ix.coords)/2))
			edges += int(ix.rings[len(ix.rings)-1]-ix.rings[len(ix.rings)-2]) - 1
		}
	}
	switch g := g.(type) {
	case orb.Polygon:
		addPoly(g)
	case orb.MultiPolygon:
		for _, p := range g {
			addPoly(p)
		}
	}
	it.ring1 = uint32(len(ix.rings) - 1)
	it.v1 = uint32(len(ix.coords) / 2)
	if !ix.hasOrigin {
		ix.origin, ix.hasOrigin = b.Center(), true
	}
	ix.ensureTree()
	lo, hi := ix.box(b.Min, b.Max)
	if ix.vertexBound(it.v0, it.v1) != b {
		if ix.odd == nil {
			ix.odd = map[uint32]orb.Bound{}
		}
		ix.odd[uint32(len(ix.items))] = b
	}
	if edges > bandThreshold {
		it.band = int32(len(ix.bands))
		ix.bands = append(ix.bands, ix.buildBands(it, b, edges))
	}
	n := uint32(len(ix.items))
	ix.items = append(ix.items, it)
	ix.values = append(ix.values, value)
	ix.tree.Insert(lo, hi, n)
}

// box converts a bounding box to the tree's float32 coordinates, relative
// to the origin and rounded outward by a full float32 step, so that the
// stored box always contains the true one (near the origin a step is a few
// millimetres; the exact test removes the extra candidates).
func (ix *PolygonIndex[T]) box(min, max orb.Point) (lo, hi [2]float32) {
	for k := range 2 {
		lo[k] = math.Nextafter32(float32(min[k]-ix.origin[k]), float32(math.Inf(-1)))
		hi[k] = math.Nextafter32(float32(max[k]-ix.origin[k]), float32(math.Inf(1)))
	}
	return lo, hi
}

func (ix *PolygonIndex[T]) buildBands(it polyItem, b orb.Bound, edges int) bandIndex {
	n := min(max(edges/8, 4), 4096)
	h := b.Max[1] - b.Min[1]
	bi := bandIndex{y0: b.Min[1], n: int32(n)}
	if h > 0 {
		bi.inv = float64(n) / h
	}
	counts := make([]uint32, n+1)
	ix.eachEdge(it, func(v uint32, ay, by float64) {
		lo, hi := bi.band(min(ay, by)), bi.band(max(ay, by))
		for k := lo; k <= hi; k++ {
			counts[k+1]++
		}
	})
	for k := 1; k <= n; k++ {
		counts[k] += counts[k-1]
	}
	bi.start = counts
	bi.edges = make([]uint32, counts[n])
	fill := slices.Clone(counts[:n])
	ix.eachEdge(it, func(v uint32, ay, by float64) {
		lo, hi := bi.band(min(ay, by)), bi.band(max(ay, by))
		for k := lo; k <= hi; k++ {
			bi.edges[fill[k]] = v
			fill[k]++
		}
	})
	return bi
}

func (ix *PolygonIndex[T]) eachEdge(it polyItem, fn func(v uint32, ay, by float64)) {
	for r := it.ring0; r < it.ring1; r++ {
		for v := ix.rings[r]; v+1 < ix.rings[r+1]; v++ {
			fn(v, ix.coords[2*v+1], ix.coords[2*v+3])
		}
	}
}

// Len returns the number of items.
func (ix *PolygonIndex[T]) Len() int { return len(ix.items) }

// contains tests item i exactly with the half-open crossing rule over all
// its rings (even-odd, so holes and the parts of a multipolygon need no
// special case).
func (ix *PolygonIndex[T]) contains(i uint32, px, py float64) bool {
	it := &ix.items[i]
	c := ix.coords
	inside := false
	if it.ring1 == it.ring0+1 && it.band < 0 { // one ring: no ring table
		return ix.ringCrossed(it.v0, it.v1, px, py)
	}
	if it.band >= 0 {
		bi := &ix.bands[it.band]
		k := bi.band(py)
		for _, v := range bi.edges[bi.start[k]:bi.start[k+1]] {
			if crosses(c[2*v], c[2*v+1], c[2*v+2], c[2*v+3], px, py) {
				inside = !inside
			}
		}
		return inside
	}
	for r := it.ring0; r < it.ring1; r++ {
		if ix.ringCrossed(ix.rings[r], ix.rings[r+1], px, py) {
			inside = !inside
		}
	}
	return inside
}

// MapValues replaces the value v of every item by fn(v), in insertion
// order: for values known only once the index can answer (a parcel's
// house, found by a point query). It is not safe concurrently with
// anything.
func (ix *PolygonIndex[T]) MapValues(fn func(T) T) {
	for i, v := range ix.values {
		ix.values[i] = fn(v)
	}
	if ix.grid != nil {
		for k := range ix.grid.ents {
			ix.grid.ents[k].val = ix.values[ix.grid.ents[k].item]
		}
	}
}

// Containing returns the value of the polygon that contains p. Where valid
// polygons tile the plane, exactly one contains any point of their union,
// edges and vertices included. Where polygons overlap (it happens in real
// data), the one inserted first wins; [PolygonIndex.AllContaining] lists
// them all. It allocates nothing.
func (ix *PolygonIndex[T]) Containing(p orb.Point) (T, bool) {
	best := uint32(math.MaxUint32)
	var val T
	px, py := p[0], p[1]
	ix.candidates(p, func(i uint32, e *cellEnt[T]) {
		if i < best && ix.containsEnt(i, e, px, py) {
			best = i
			if e != nil {
				val = e.val // no read of the value table
			} else {
				val = ix.values[i]
			}
		}
	})
	return val, best != math.MaxUint32
}

// EachContaining calls fn with the value of every polygon that contains p,
// in insertion order, until fn returns false.
func (ix *PolygonIndex[T]) EachContaining(p orb.Point, fn func(T) bool) {
	var hits []uint32
	var buf [8]uint32
	hits = buf[:0]
	px, py := p[0], p[1]
	ix.candidates(p, func(i uint32, e *cellEnt[T]) {
		if ix.containsEnt(i, e, px, py) {
			hits = append(hits, i)
		}
	})
	slices.Sort(hits)
	for _, i := range hits {
		if !fn(ix.values[i]) {
			return
		}
	}
}

// AllContaining is the iterator form of [PolygonIndex.EachContaining].
func (ix *PolygonIndex[T]) AllContaining(p orb.Point) iter.Seq[T] {
	return func(yield func(T) bool) { ix.EachContaining(p, yield) }
}

// Intersecting calls fn, in insertion order, with the value of every
// polygon that shares at least one point with the bound b (edges included),
// until fn returns false.
func (ix *PolygonIndex[T]) Intersecting(b orb.Bound, fn func(T) bool) {
	var hits []uint32
	ix.ensureTree()
	lo, hi := ix.box(b.Min, b.Max)
	ix.tree.Search(lo, hi, func(_, _ [2]float32, i uint32) bool {
		if ix.intersects(i, b) {
			hits = append(hits, i)
		}
		return true
	})
	slices.Sort(hits)
	for _, i := range hits {
		if !fn(ix.values[i]) {
			return
		}
	}
}

// AllIntersecting is the iterator form of [PolygonIndex.Intersecting].
func (ix *PolygonIndex[T]) AllIntersecting(b orb.Bound) iter.Seq[T] {
	return func(yield func(T) bool) { ix.Intersecting(b, yield) }
}

// intersects: an edge of the item touches the box, or the box lies inside
// the item (then its centre is inside).
func (ix *PolygonIndex[T]) intersects(i uint32, b orb.Bound) bool {
	it := ix.items[i]
	c := ix.coords
	for r := it.ring0; r < it.ring1; r++ {
		for v := ix.rings[r]; v+1 < ix.rings[r+1]; v++ {
			if segmentTouchesBox(c[2*v], c[2*v+1], c[2*v+2], c[2*v+3], b) {
				return true
			}
		}
	}
	ctr := b.Center()
	return ix.contains(i, ctr[0], ctr[1])
}

// segmentTouchesBox reports whether the segment a-b has a point in the
// closed box (Liang–Barsky clipping).
func segmentTouchesBox(ax, ay, bx, by float64, b orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := bx-ax, by-ay
	clip := func(p, q float64) bool {
		switch {
		case p == 0:
			return q >= 0
		case p < 0:
			if r := q / p; r > t1 {
				return false
			} else if r > t0 {
				t0 = r
			}
		default:
			if r := q / p; r < t0 {
				return false
			} else if r < t1 {
				t1 = r
			}
		}
		return true
	}
	return clip(-dx, ax-b.Min[0]) && clip(dx, b.Max[0]-ax) && clip(-dy, ay-b.Min[1]) && clip(dy, b.Max[1]-ay) && t0 <= t1
}

// HilbertKey maps a point to its position along a Hilbert curve of order
// 16 laid over the bound all (points outside are clamped to its edge).
// Sorting a batch of query points by this key before looking them up makes
// neighbouring queries touch neighbouring memory: at a million parcels the
// lookups take about a third less time (BENCHMARKS.md).
func HilbertKey(all orb.Bound, p orb.Point) uint64 {
	const n = hilbertSide
	x, y := hilbertScale(p[0], all.Min[0], all.Max[0]), hilbertScale(p[1], all.Min[1], all.Max[1])
	var d uint64
	for s := uint32(n / 2); s > 0; s /= 2 {
		var rx, ry uint32
		if x&s > 0 {
			rx = 1
		}
		if y&s > 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		if ry == 0 {
			if rx == 1 {
				x, y = n-1-x, n-1-y
			}
			x, y = y, x
		}
	}
	return d
}

// hilbertSide is the side of the grid of HilbertKey, in cells.
const hilbertSide = 1 << 16

// hilbertScale is the column (or row) of HilbertKey's grid holding v, on
// an axis from lo to hi; monotone in v.
func hilbertScale(v, lo, hi float64) uint32 {
	if hi <= lo {
		return 0
	}
	f := (v - lo) / (hi - lo) * (hilbertSide - 1)
	return uint32(min(max(f, 0), hilbertSide-1))
}
