package index

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// Limits on what the indexes accept; larger input is rejected with
// [ErrTooLarge] rather than exhausting memory or time.
const (
	// MaxVertices is the most vertices one feature may have.
	MaxVertices = 1 << 24
	// MaxSpan is the widest a feature may be, in degrees of latitude or
	// longitude: Vietnam spans 16°; a feature wider than this is a unit or
	// projection mistake.
	MaxSpan = 20.0
)

// Geometry errors; each *GeometryError wraps one.
var (
	ErrUnsupported       = errors.New("index: unsupported geometry type")
	ErrInvalidCoordinate = errors.New("index: invalid coordinate")
	ErrUnclosed          = errors.New("index: ring not closed")
	ErrTooFewVertices    = errors.New("index: too few vertices")
	ErrSelfIntersection  = errors.New("index: self-intersection")
	ErrTooLarge          = errors.New("index: geometry too large")
)

// GeometryError names the feature, ring and vertex of a problem. Ring
// counts across the parts of a multipolygon; -1 means not applicable.
type GeometryError struct {
	Feature, Ring, Vertex int
	Err                   error
	Msg                   string
}

func (e *GeometryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: feature %d", e.Err, e.Feature)
	if e.Ring >= 0 {
		fmt.Fprintf(&b, " ring %d", e.Ring)
	}
	if e.Vertex >= 0 {
		fmt.Fprintf(&b, " vertex %d", e.Vertex)
	}
	if e.Msg != "" {
		b.WriteString(": " + e.Msg)
	}
	return b.String()
}

func (e *GeometryError) Unwrap() error { return e.Err }

// GeometryErrors collects every problem found in a batch.
type GeometryErrors []*GeometryError

func (es *GeometryErrors) Error() string {
	const show = 10
	var b strings.Builder
	fmt.Fprintf(&b, "index: %d geometry problem(s)", len(*es))
	for i, e := range *es {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(*es)-show)
			break
		}
		b.WriteString("; " + e.Error())
	}
	return b.String()
}

// Unwrap returns the individual errors, for errors.Is and errors.As.
func (es *GeometryErrors) Unwrap() []error {
	out := make([]error, len(*es))
	for i, e := range *es {
		out[i] = e
	}
	return out
}

// Validate checks a polygon or multipolygon (lon/lat) for what the index
// relies on, and returns every problem found (nil if none): finite
// coordinates within ±180°/±90°, closed rings of at least three distinct
// points, no edge crossing or touching another except neighbours at their
// shared vertex (rings of one part, parts of a multipolygon and holes may
// touch each other at points, not cross), at most [MaxVertices] vertices
// and [MaxSpan] degrees. Repeated consecutive vertices are allowed.
func Validate(g orb.Geometry) error {
	if errs := validateFeature(0, g); len(errs) > 0 {
		return &errs
	}
	return nil
}

func validateFeature(feature int, g orb.Geometry) GeometryErrors {
	var errs GeometryErrors
	add := func(ring, vertex int, err error, msg string) {
		errs = append(errs, &GeometryError{Feature: feature, Ring: ring, Vertex: vertex, Err: err, Msg: msg})
	}
	var rings []orb.Ring
	var part []int // part of each ring
	switch g := g.(type) {
	case orb.Polygon:
		rings = g
		part = make([]int, len(g))
	case orb.MultiPolygon:
		for i, p := range g {
			rings = append(rings, p...)
			for range p {
				part = append(part, i)
			}
			if len(p) == 0 {
				add(-1, -1, ErrTooFewVertices, fmt.Sprintf("part %d has no rings", i))
			}
		}
	case nil:
		add(-1, -1, ErrUnsupported, "no geometry")
		return errs
	default:
		add(-1, -1, ErrUnsupported, fmt.Sprintf("%s (want Polygon or MultiPolygon)", g.GeoJSONType()))
		return errs
	}
	if len(rings) == 0 {
		add(-1, -1, ErrTooFewVertices, "no rings")
		return errs
	}
	total := 0
	for _, r := range rings {
		total += len(r)
	}
	if total > MaxVertices {
		add(-1, -1, ErrTooLarge, fmt.Sprintf("%d vertices (at most %d)", total, MaxVertices))
		return errs
	}
	bad := false
	for ri, r := range rings {
		for vi, p := range r {
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) ||
				p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
				add(ri, vi, ErrInvalidCoordinate, fmt.Sprintf("(%g, %g)", p[0], p[1]))
				bad = true
				break
			}
		}
		if len(r) > 0 && r[0] != r[len(r)-1] {
			add(ri, len(r)-1, ErrUnclosed, "first and last vertices differ")
			bad = true
		}
		if d := distinctPoints(r); d < 3 {
			add(ri, -1, ErrTooFewVertices, fmt.Sprintf("%d distinct vertices (want 3 or more)", d))
			bad = true
		}
	}
	if bad {
		return errs
	}
	b := g.Bound()
	if w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]; w > MaxSpan || h > MaxSpan {
		add(-1, -1, ErrTooLarge, fmt.Sprintf("spans %.3g° × %.3g° (at most %g°)", w, h, MaxSpan))
		return errs
	}
	for _, x := range crossings(rings, part) {
		add(x.ring, x.vertex, ErrSelfIntersection, x.msg)
	}
	return errs
}

// distinctPoints counts distinct vertices up to 3, which is all
// validation needs to know.
func distinctPoints(r orb.Ring) int {
	var seen [3]orb.Point
	n := 0
	for _, p := range r {
		dup := false
		for _, q := range seen[:n] {
			if p == q {
				dup = true
				break
			}
		}
		if !dup {
			seen[n] = p
			n++
			if n == 3 {
				break
			}
		}
	}
	return n
}

type crossing struct {
	ring, vertex int
	msg          string
}

type edge struct {
	ring, v    int // ring index and first vertex of the edge
	k          int // edge number among the ring's non-degenerate edges
	ax, ay     float64
	bx, by     float64
	minX, maxX float64
}

// crossings finds intersecting edges with a sweep over x: edges sorted by
// their left end, each compared with those whose x-range overlaps. Only the
// first problem per ring is reported.
func crossings(rings []orb.Ring, part []int) []crossing {
	var es []edge
	edgesOf := make([]int, len(rings)) // non-degenerate edges per ring
	for ri, r := range rings {
		for v := 0; v+1 < len(r); v++ {
			a, b := r[v], r[v+1]
			if a == b {
				continue // repeated vertex: allowed
			}
			es = append(es, edge{ring: ri, v: v, k: edgesOf[ri], ax: a[0], ay: a[1], bx: b[0], by: b[1], minX: min(a[0], b[0]), maxX: max(a[0], b[0])})
			edgesOf[ri]++
		}
	}
	slices.SortFunc(es, func(a, b edge) int {
		switch {
		case a.minX < b.minX:
			return -1
		case a.minX > b.minX:
			return 1
		}
		return 0
	})
	reported := map[int]bool{}
	var out []crossing
	for i := range es {
		e := &es[i]
		for j := i + 1; j < len(es) && es[j].minX <= e.maxX; j++ {
			f := &es[j]
			if min(e.ay, e.by) > max(f.ay, f.by) || min(f.ay, f.by) > max(e.ay, e.by) {
				continue
			}
			kind := intersect(e, f)
			if kind == noTouch {
				continue
			}
			sameRing := e.ring == f.ring
			if sameRing && adjacent(e, f, edgesOf[e.ring]) {
				// Neighbours share a vertex; only folding back on each
				// other (a spike) is a problem.
				if kind != overlap {
					continue
				}
			} else if !sameRing && kind == touchAtEnd {
				continue // rings may touch at a point
			}
			if reported[e.ring] {
				continue
			}
			reported[e.ring] = true
			what := "edges cross"
			switch {
			case kind == overlap:
				what = "edges overlap"
			case kind == touchAtEnd && sameRing:
				what = "the ring touches itself"
			}
			where := fmt.Sprintf("%s: edge %d-%d of ring %d and edge %d-%d of ring %d", what, e.v, e.v+1, e.ring, f.v, f.v+1, f.ring)
			if !sameRing && part[e.ring] != part[f.ring] {
				where += " (different parts)"
			}
			out = append(out, crossing{ring: e.ring, vertex: e.v, msg: where})
		}
	}
	return out
}

// adjacent reports whether two edges of one closed ring of m
// non-degenerate edges follow each other.
func adjacent(e, f *edge, m int) bool {
	d := e.k - f.k
	return d == 1 || d == -1 || d == m-1 || d == 1-m
}

type touch int

const (
	noTouch    touch = iota
	proper           // interiors cross at one point
	touchAtEnd       // they meet at an end point of one of them
	overlap          // collinear with a shared stretch
)

// intersect classifies how two segments meet, exactly.
func intersect(e, f *edge) touch {
	o1 := orient(e.ax, e.ay, e.bx, e.by, f.ax, f.ay)
	o2 := orient(e.ax, e.ay, e.bx, e.by, f.bx, f.by)
	o3 := orient(f.ax, f.ay, f.bx, f.by, e.ax, e.ay)
	o4 := orient(f.ax, f.ay, f.bx, f.by, e.bx, e.by)
	if o1 == 0 && o2 == 0 { // collinear
		// Project on the longer axis and compare ranges.
		useX := math.Abs(e.bx-e.ax) >= math.Abs(e.by-e.ay)
		lo := func(a, b float64) (float64, float64) { return min(a, b), max(a, b) }
		var e0, e1, f0, f1 float64
		if useX {
			e0, e1 = lo(e.ax, e.bx)
			f0, f1 = lo(f.ax, f.bx)
		} else {
			e0, e1 = lo(e.ay, e.by)
			f0, f1 = lo(f.ay, f.by)
		}
		switch {
		case e1 < f0 || f1 < e0:
			return noTouch
		case e1 == f0 || f1 == e0:
			return touchAtEnd
		}
		return overlap
	}
	if o1*o2 > 0 || o3*o4 > 0 {
		return noTouch
	}
	if o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0 {
		return touchAtEnd
	}
	return proper
}

// Fix records one change made by [Repair].
type Fix struct {
	Ring int    // ring index (across the parts of a multipolygon)
	What string // what was done
}

// Repair returns a copy of g with the simple problems fixed, and the list
// of what it changed: unclosed rings are closed and repeated consecutive
// vertices are dropped. It changes nothing else: invalid coordinates,
// too-short rings and self-intersections still fail [Validate].
func Repair(g orb.Geometry) (orb.Geometry, []Fix) {
	var fixes []Fix
	ringNo := 0
	fixPoly := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for i, r := range p {
			nr := make(orb.Ring, 0, len(r)+1)
			dropped := 0
			for j, q := range r {
				if j > 0 && q == nr[len(nr)-1] {
					dropped++
					continue
				}
				nr = append(nr, q)
			}
			if dropped > 0 {
				fixes = append(fixes, Fix{Ring: ringNo, What: fmt.Sprintf("dropped %d repeated vertices", dropped)})
			}
			if len(nr) > 0 && nr[0] != nr[len(nr)-1] {
				nr = append(nr, nr[0])
				fixes = append(fixes, Fix{Ring: ringNo, What: "closed the ring"})
			}
			out[i] = nr
			ringNo++
		}
		return out
	}
	switch g := g.(type) {
	case orb.Polygon:
		return fixPoly(g), fixes
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = fixPoly(p)
		}
		return out, fixes
	}
	return g, nil
}
