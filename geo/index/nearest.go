package index

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
)

// LineMatch is a line found near a point, with where the point lies
// relative to it.
type LineMatch[T any] struct {
	Value    T
	Location geo.Location // along, offset, side, distance, nearest point
	item     uint32
}

// LineIndex finds the streets and alleys nearest to a point. Distances are
// in metres; each answer carries the [geo.Location] of the point on the
// line. Queries are safe for concurrent use; Insert is not.
type LineIndex[T any] struct {
	pieces [][4]float64 // boxes of the lines' pieces
	lineOf []uint32     // the line of each piece
	tree   lazyTree     // over pieces
	lines  []*geo.Line
	values []T
}

// Insert validates a line (at least two distinct valid points) and adds it.
func (ix *LineIndex[T]) Insert(ls orb.LineString, value T) error {
	l, err := geo.NewLine(ls)
	if err != nil {
		return &GeometryError{Feature: len(ix.lines), Ring: -1, Vertex: vertexOf(err), Err: lineErr(err), Msg: err.Error()}
	}
	return ix.insert(l, ls, value)
}

// InsertLine adds a prepared line; the index keeps l itself (no copy), so
// a caller holding the same line can tell it from a match with
// [LineIndex.Line] and reuse the match's location on it.
func (ix *LineIndex[T]) InsertLine(l *geo.Line, value T) error {
	if l == nil {
		return &GeometryError{Feature: len(ix.lines), Ring: -1, Vertex: -1, Err: ErrTooFewVertices, Msg: "nil line"}
	}
	return ix.insert(l, l.Points(), value)
}

// Prepare builds the search tree now; otherwise the first query after an
// insert builds it (while concurrent queries wait for it).
func (ix *LineIndex[T]) Prepare() { ix.tree.get(ix.boxes, false) }

// boxes are the pieces' boxes, each standing for its line.
func (ix *LineIndex[T]) boxes() ([][4]float64, []uint32) { return ix.pieces, ix.lineOf }

// Line returns the line a match was found on.
func (ix *LineIndex[T]) Line(m LineMatch[T]) *geo.Line { return ix.lines[m.item] }

func (ix *LineIndex[T]) insert(l *geo.Line, ls orb.LineString, value T) error {
	b := ls.Bound()
	if b.Max[0]-b.Min[0] > MaxSpan || b.Max[1]-b.Min[1] > MaxSpan {
		return &GeometryError{Feature: len(ix.lines), Ring: -1, Vertex: -1, Err: ErrTooLarge, Msg: fmt.Sprintf("spans more than %g°", MaxSpan)}
	}
	// A long line goes into the tree as pieces: one box over a street
	// crossing a whole town would overlap every query and every node of
	// the tree. A piece has at most linePiece segments and spans at most
	// pieceSpan; a longer segment is cut into parts of that span. A query
	// evaluates each line once.
	item := uint32(len(ix.lines))
	ix.tree.reset()
	add := func(b orb.Bound) {
		ix.pieces = append(ix.pieces, [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]})
		ix.lineOf = append(ix.lineOf, item)
	}
	if span(b) <= pieceSpan {
		add(b)
	} else {
		var cur orb.Bound
		segs := 0 // segments under cur
		for v := 0; v+1 < len(ls); v++ {
			a, c := ls[v], ls[v+1]
			sb := orb.Bound{Min: a, Max: a}.Extend(c)
			if w := span(sb); w > pieceSpan {
				if segs > 0 {
					add(cur)
					segs = 0
				}
				// Parts between points of the segment: consecutive parts
				// share their end points, the last ends at c itself, so
				// the parts' boxes cover the segment.
				k := math.Ceil(w / pieceSpan)
				from := a
				for j := 1.0; j <= k; j++ {
					to := c
					if j < k {
						to = orb.Point{a[0] + (c[0]-a[0])*(j/k), a[1] + (c[1]-a[1])*(j/k)}
					}
					add(orb.Bound{Min: from, Max: from}.Extend(to))
					from = to
				}
				continue
			}
			if segs > 0 {
				if u := cur.Union(sb); segs < linePiece && span(u) <= pieceSpan {
					cur, segs = u, segs+1
					continue
				}
				add(cur)
			}
			cur, segs = sb, 1
		}
		if segs > 0 {
			add(cur)
		}
	}
	ix.lines = append(ix.lines, l)
	ix.values = append(ix.values, value)
	return nil
}

func vertexOf(err error) int {
	if pe, ok := err.(*geo.PointError); ok {
		return pe.Index
	}
	return -1
}

func lineErr(err error) error {
	if pe, ok := err.(*geo.PointError); ok && pe.Err == geo.ErrInvalidPoint {
		return ErrInvalidCoordinate
	}
	return ErrTooFewVertices
}

// Len returns the number of lines.
func (ix *LineIndex[T]) Len() int { return len(ix.lines) }

// Nearest returns the line nearest to p within radius metres.
func (ix *LineIndex[T]) Nearest(p orb.Point, radius geo.Meters) (LineMatch[T], bool) {
	var buf [1]LineMatch[T]
	m := ix.KNearest(p, 1, radius, buf[:0])
	if len(m) == 0 {
		return LineMatch[T]{}, false
	}
	return m[0], true
}

// KNearest appends to dst the k lines nearest to p within radius metres,
// nearest first (equal distances in insertion order).
//
// It walks the search tree nearest box first within a ring of 32 m,
// doubled until k lines are found or the radius is reached, and never
// enters a box farther than the ring or, once k lines are found, than the
// k-th: box distances are lower bounds, so the answer is exact.
func (ix *LineIndex[T]) KNearest(p orb.Point, k int, radius geo.Meters, dst []LineMatch[T]) []LineMatch[T] {
	if k <= 0 || geo.CheckPoint(p) != nil || !(radius >= 0) {
		return dst
	}
	pl := geo.NewPlane(p)
	base := len(dst)
	less := func(a, b LineMatch[T]) bool {
		return a.Location.Distance < b.Location.Distance || (a.Location.Distance == b.Location.Distance && a.item < b.item)
	}
	tree := ix.tree.get(ix.boxes, false)
	// Best first down the tree, bounded by a ring of firstRing metres,
	// doubled until k lines are found or the radius is reached; within a
	// ring the bound narrows to the k-th distance found.
	rad := float64(radius)
	var seenBuf [32]uint32
	for r := min(firstRing, rad); ; r = min(2*r, rad) {
		dst = dst[:base]
		seen := seenBuf[:0] // lines evaluated (a line has many pieces)
		bound := r
		tree.search(pl, &bound, func(_ int, i uint32) {
			if slices.Contains(seen, i) {
				return
			}
			seen = append(seen, i)
			loc, err := ix.lines[i].Locate(p)
			if err == nil && float64(loc.Distance) <= r {
				dst = insertMatch(dst, base, k, LineMatch[T]{Location: loc, item: i}, less)
				if len(dst)-base == k {
					bound = float64(dst[len(dst)-1].Location.Distance)
				}
			}
		})
		if r >= rad || len(dst)-base == k {
			// Values of the answers only (not of every candidate).
			for j := base; j < len(dst); j++ {
				dst[j].Value = ix.values[dst[j].item]
			}
			return dst
		}
	}
}

// firstRing is the first bound of the nearest queries, in metres: about
// one street block.
const firstRing = 32.0

// linePiece is the number of segments of a long line under one box of
// the tree, and pieceSpan the largest side of such a box, in degrees
// (about 110 m).
const (
	linePiece = 8
	pieceSpan = 0.001
)

// span is the larger side of a box, in degrees.
func span(b orb.Bound) float64 { return max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) }

// insertMatch keeps dst[base:] sorted by less and at most k long.
func insertMatch[M any](dst []M, base, k int, m M, less func(a, b M) bool) []M {
	n := len(dst) - base
	if n == k && !less(m, dst[len(dst)-1]) {
		return dst
	}
	pos := base + n
	for pos > base && less(m, dst[pos-1]) {
		pos--
	}
	if n < k {
		dst = append(dst, m)
	}
	copy(dst[pos+1:], dst[pos:len(dst)-1])
	dst[pos] = m
	return dst
}

// PointMatch is a point found near a query point.
type PointMatch[T any] struct {
	Value    T
	Point    orb.Point
	Distance geo.Meters
	item     uint32
}

// PointIndex finds the points nearest to a query point (houses,
// entrances, postcode centroids). Distances are in metres. Queries are safe
// for concurrent use; Insert is not.
type PointIndex[T any] struct {
	tree   lazyTree
	points []orb.Point
	values []T
}

// Insert adds a point (a valid WGS84 lon/lat) with its value.
func (ix *PointIndex[T]) Insert(p orb.Point, value T) error {
	if err := geo.CheckPoint(p); err != nil {
		return &GeometryError{Feature: len(ix.points), Ring: -1, Vertex: 0, Err: ErrInvalidCoordinate, Msg: err.Error()}
	}
	ix.tree.reset()
	ix.points = append(ix.points, p)
	ix.values = append(ix.values, value)
	return nil
}

// Prepare builds the search tree now; otherwise the first query after an
// insert builds it (while concurrent queries wait for it).
func (ix *PointIndex[T]) Prepare() { ix.tree.get(ix.boxes, true) }

func (ix *PointIndex[T]) boxes() ([][4]float64, []uint32) {
	boxes := make([][4]float64, len(ix.points))
	for i, q := range ix.points {
		boxes[i] = [4]float64{q[0], q[1], q[0], q[1]}
	}
	return boxes, nil
}

// Len returns the number of points.
func (ix *PointIndex[T]) Len() int { return len(ix.points) }

// Nearest returns the point nearest to p within radius metres.
func (ix *PointIndex[T]) Nearest(p orb.Point, radius geo.Meters) (PointMatch[T], bool) {
	var buf [1]PointMatch[T]
	m := ix.KNearest(p, 1, radius, buf[:0])
	if len(m) == 0 {
		return PointMatch[T]{}, false
	}
	return m[0], true
}

// KNearest appends to dst the k points nearest to p within radius metres,
// nearest first (equal distances in insertion order). It walks the search
// tree as [LineIndex.KNearest] does.
func (ix *PointIndex[T]) KNearest(p orb.Point, k int, radius geo.Meters, dst []PointMatch[T]) []PointMatch[T] {
	if k <= 0 || geo.CheckPoint(p) != nil || !(radius >= 0) {
		return dst
	}
	pl := geo.NewPlane(p)
	base := len(dst)
	less := func(a, b PointMatch[T]) bool {
		return a.Distance < b.Distance || (a.Distance == b.Distance && a.item < b.item)
	}
	tree := ix.tree.get(ix.boxes, true)
	rad := float64(radius)
	for r := min(firstRing, rad); ; r = min(2*r, rad) {
		dst = dst[:base]
		bound := r
		tree.search(pl, &bound, func(leaf int, i uint32) {
			q := tree.pts[leaf]
			if d := pl.Distance(q); float64(d) <= r {
				dst = insertMatch(dst, base, k, PointMatch[T]{Point: q, Distance: d, item: i}, less)
				if len(dst)-base == k {
					bound = float64(dst[len(dst)-1].Distance)
				}
			}
		})
		if r >= rad || len(dst)-base == k {
			// Values of the answers only (not of every candidate).
			for j := base; j < len(dst); j++ {
				dst[j].Value = ix.values[dst[j].item]
			}
			return dst
		}
	}
}
