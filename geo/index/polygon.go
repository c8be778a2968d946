package index

import (
	"iter"
	"math"
	"slices"

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
	tree   rtree.RTreeGN[float64, uint32]
	coords []float64   // x, y of every ring vertex, rings closed
	rings  []uint32    // rings[r]..rings[r+1] are ring r's vertices; len = rings+1
	items  []polyItem  // per item
	values []T         // per item
	bands  []bandIndex // for items with many edges
}

type polyItem struct {
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

// BuildPolygonIndex validates and indexes features. They are inserted in
// Hilbert order of their bounding boxes, which gives a tighter tree than
// arbitrary order; values come back as given. Features that fail validation
// are reported together in the error (a *GeometryErrors); nothing is
// indexed then.
func BuildPolygonIndex[T any](features []Feature[T]) (*PolygonIndex[T], error) {
	var errs GeometryErrors
	bounds := make([]orb.Bound, len(features))
	for i, f := range features {
		if err := validateFeature(i, f.Geometry); err != nil {
			errs = append(errs, err...)
			continue
		}
		bounds[i] = f.Geometry.Bound()
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
			keys[i] = hilbertKey(all, b.Center())
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
	ix.items = make([]polyItem, 0, len(features))
	ix.values = make([]T, 0, len(features))
	for _, i := range order {
		ix.add(features[i].Geometry, features[i].Value, bounds[i])
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

func (ix *PolygonIndex[T]) add(g orb.Geometry, value T, b orb.Bound) {
	it := polyItem{ring0: uint32(len(ix.rings) - 1), band: -1}
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
	if edges > bandThreshold {
		it.band = int32(len(ix.bands))
		ix.bands = append(ix.bands, ix.buildBands(it, b, edges))
	}
	n := uint32(len(ix.items))
	ix.items = append(ix.items, it)
	ix.values = append(ix.values, value)
	ix.tree.Insert([2]float64{b.Min[0], b.Min[1]}, [2]float64{b.Max[0], b.Max[1]}, n)
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
		end := ix.rings[r+1]
		for v := ix.rings[r]; v+1 < end; v++ {
			if crosses(c[2*v], c[2*v+1], c[2*v+2], c[2*v+3], px, py) {
				inside = !inside
			}
		}
	}
	return inside
}

// Containing returns the value of the polygon that contains p. Where valid
// polygons tile the plane, exactly one contains any point of their union,
// edges and vertices included. Where polygons overlap (it happens in real
// data), the one inserted first wins; [PolygonIndex.AllContaining] lists
// them all. It allocates nothing.
func (ix *PolygonIndex[T]) Containing(p orb.Point) (T, bool) {
	best := uint32(math.MaxUint32)
	px, py := p[0], p[1]
	ix.tree.Search([2]float64{px, py}, [2]float64{px, py}, func(_, _ [2]float64, i uint32) bool {
		if i < best && ix.contains(i, px, py) {
			best = i
		}
		return true
	})
	if best == math.MaxUint32 {
		var zero T
		return zero, false
	}
	return ix.values[best], true
}

// EachContaining calls fn with the value of every polygon that contains p,
// in insertion order, until fn returns false.
func (ix *PolygonIndex[T]) EachContaining(p orb.Point, fn func(T) bool) {
	var hits []uint32
	var buf [8]uint32
	hits = buf[:0]
	px, py := p[0], p[1]
	ix.tree.Search([2]float64{px, py}, [2]float64{px, py}, func(_, _ [2]float64, i uint32) bool {
		if ix.contains(i, px, py) {
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

// AllContaining is the iterator form of [PolygonIndex.EachContaining].
func (ix *PolygonIndex[T]) AllContaining(p orb.Point) iter.Seq[T] {
	return func(yield func(T) bool) { ix.EachContaining(p, yield) }
}

// Intersecting calls fn, in insertion order, with the value of every
// polygon that shares at least one point with the bound b (edges included),
// until fn returns false.
func (ix *PolygonIndex[T]) Intersecting(b orb.Bound, fn func(T) bool) {
	var hits []uint32
	ix.tree.Search([2]float64{b.Min[0], b.Min[1]}, [2]float64{b.Max[0], b.Max[1]}, func(_, _ [2]float64, i uint32) bool {
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

// hilbertKey maps a point to its position along a Hilbert curve of order
// 16 over the bound all.
func hilbertKey(all orb.Bound, p orb.Point) uint64 {
	const n = 1 << 16
	scale := func(v, lo, hi float64) uint32 {
		if hi <= lo {
			return 0
		}
		f := (v - lo) / (hi - lo) * (n - 1)
		return uint32(min(max(f, 0), n-1))
	}
	x, y := scale(p[0], all.Min[0], all.Max[0]), scale(p[1], all.Min[1], all.Max[1])
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
