package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// maxPolylabelCells bounds the work of one polylabel search, so that a
// pathological polygon cannot make it run for ever.
const maxPolylabelCells = 1 << 20

// Polylabel returns the pole of inaccessibility of a WGS84 polygon (holes
// allowed): the interior point farthest from every edge, found to within
// precision metres, with its distance to the nearest edge. The search runs in
// metres in a local plane centred on the polygon's bounding box.
func Polylabel(poly orb.Polygon, precision Meters) (orb.Point, Meters, error) {
	if err := checkPolygon(poly, true); err != nil {
		return orb.Point{}, 0, err
	}
	b := poly.Bound()
	pl := NewPlane(b.Center())
	flat := make(orb.Polygon, len(poly))
	for i, r := range poly {
		fr := make(orb.Ring, len(r))
		for j, p := range r {
			x, y := pl.XY(p)
			fr[j] = orb.Point{x, y}
		}
		flat[i] = fr
	}
	c, d, err := polylabel(flat, float64(precision))
	if err != nil {
		return orb.Point{}, 0, err
	}
	return pl.LonLat(c[0], c[1]), Meters(d), nil
}

// PolylabelPlanar is [Polylabel] for a polygon whose coordinates are already
// in a plane (for example VN-2000 easting and northing in metres); precision
// and the returned distance are in the same unit as the coordinates.
func PolylabelPlanar(poly orb.Polygon, precision float64) (orb.Point, float64, error) {
	if err := checkPolygon(poly, false); err != nil {
		return orb.Point{}, 0, err
	}
	return polylabel(poly, precision)
}

// checkPolygon validates what polylabel relies on: a non-empty outer ring,
// rings of at least 3 distinct points, finite coordinates.
func checkPolygon(poly orb.Polygon, lonLat bool) error {
	if len(poly) == 0 {
		return fmt.Errorf("%w: polygon has no rings", ErrDegenerate)
	}
	for ri, r := range poly {
		for i, p := range r {
			if lonLat {
				if err := checkLonLat(p, i); err != nil {
					return fmt.Errorf("ring %d: %w", ri, err)
				}
			} else if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
				return fmt.Errorf("ring %d: %w", ri, &PointError{Index: i, Point: p, Err: ErrInvalidPoint, Why: "not a finite number"})
			}
		}
		if distinct(r) < 3 {
			return fmt.Errorf("%w: ring %d has fewer than 3 distinct points", ErrDegenerate, ri)
		}
	}
	return nil
}

func distinct(r orb.Ring) int {
	n := 0
	for i, p := range r {
		if i == 0 || p != r[i-1] {
			if i == len(r)-1 && p == r[0] {
				break
			}
			n++
		}
	}
	return n
}

type plCell struct {
	x, y, h float64 // centre and half size
	d       float64 // signed distance from the centre to the polygon
	max     float64 // best distance any point of the cell could reach
}

// plQueue is a max-heap of cells by potential, typed to avoid boxing each
// cell into an interface as container/heap would.
type plQueue []plCell

// before orders cells by potential, then position, so the search is
// deterministic among equal potentials.
func (q plQueue) before(i, j int) bool {
	if q[i].max != q[j].max {
		return q[i].max > q[j].max
	}
	if q[i].y != q[j].y {
		return q[i].y < q[j].y
	}
	return q[i].x < q[j].x
}

func (q *plQueue) push(c plCell) {
	*q = append(*q, c)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.before(i, p) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (q *plQueue) pop() plCell {
	h := *q
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && h.before(l, m) {
			m = l
		}
		if r < n && h.before(r, m) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}

func polylabel(poly orb.Polygon, precision float64) (orb.Point, float64, error) {
	b := poly[0].Bound()
	w, hgt := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	size := math.Min(w, hgt)
	if size == 0 || signedArea(poly[0]) == 0 {
		return orb.Point{}, 0, fmt.Errorf("%w: polygon has no area", ErrDegenerate)
	}
	if !(precision > 0) || precision < math.Max(w, hgt)*1e-12 {
		return orb.Point{}, 0, fmt.Errorf("%w: precision %g is not positive or finer than the coordinates can express", ErrOutOfRange, precision)
	}
	// The edges with their differences worked out once: every cell
	// measures its distance to all of them.
	var eb [16]plEdge
	edges := eb[:0]
	for _, r := range poly {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, b := r[i], r[j]
			dx, dy := b[0]-a[0], b[1]-a[1]
			edges = append(edges, plEdge{ax: a[0], ay: a[1], bx: b[0], by: b[1], dx: dx, dy: dy, dd: dx*dx + dy*dy})
		}
	}
	mk := func(x, y, h float64) plCell {
		d := signedDist(x, y, edges)
		return plCell{x: x, y: y, h: h, d: d, max: d + h*math.Sqrt2}
	}
	// A very long thin polygon would need too many first cells: start with
	// at most 1024 along the long side (the search splits them as needed).
	if long := math.Max(w, hgt); long/size > 1024 {
		size = long / 1024
	}
	h := size / 2
	q := make(plQueue, 0, 64)
	for x := b.Min[0]; x < b.Max[0]; x += size {
		for y := b.Min[1]; y < b.Max[1]; y += size {
			q.push(mk(x+h, y+h, h))
		}
	}
	best := mk(b.Min[0]+w/2, b.Min[1]+hgt/2, 0)
	if cx, cy, ok := centroid(poly[0]); ok {
		if c := mk(cx, cy, 0); c.d > best.d {
			best = c
		}
	}
	for n := 0; len(q) > 0; n++ {
		if n > maxPolylabelCells {
			return orb.Point{}, 0, fmt.Errorf("%w: polylabel did not converge at precision %g", ErrOutOfRange, precision)
		}
		c := q.pop()
		if c.d > best.d {
			best = c
		}
		if c.max-best.d <= precision {
			continue
		}
		h := c.h / 2
		for _, k := range [4]plCell{mk(c.x-h, c.y-h, h), mk(c.x+h, c.y-h, h), mk(c.x-h, c.y+h, h), mk(c.x+h, c.y+h, h)} {
			// A cell that is no better than the best so far and cannot
			// beat it by more than precision would be popped and dropped
			// untouched (the best only grows): it is not queued. The
			// search, and so its result, is the same.
			if k.d <= best.d && k.max-best.d <= precision {
				continue
			}
			q.push(k)
		}
	}
	if best.d <= 0 {
		return orb.Point{}, 0, fmt.Errorf("%w: no interior point found", ErrDegenerate)
	}
	return orb.Point{best.x, best.y}, best.d, nil
}

// plEdge is an edge a→b of a polygon's rings, with b−a and its squared
// length.
type plEdge struct {
	ax, ay, bx, by float64
	dx, dy, dd     float64
}

// signedDist is the distance from (x, y) to the nearest of the edges,
// negative outside (even-odd rule over all rings).
func signedDist(x, y float64, edges []plEdge) float64 {
	inside := false
	minD2 := math.Inf(1)
	for i := range edges {
		e := &edges[i]
		if (e.ay > y) != (e.by > y) && x < e.dx*(y-e.ay)/e.dy+e.ax {
			inside = !inside
		}
		// The squared distance to the segment: to its nearest point.
		px, py := e.ax, e.ay
		if e.dx != 0 || e.dy != 0 {
			t := ((x-px)*e.dx + (y-py)*e.dy) / e.dd
			if t > 1 {
				px, py = e.bx, e.by
			} else if t > 0 {
				px += e.dx * t
				py += e.dy * t
			}
		}
		dx, dy := x-px, y-py
		if d2 := dx*dx + dy*dy; d2 < minD2 {
			minD2 = d2 // squared distances are never NaN or -0: math.Min's cases do not arise
		}
	}
	d := math.Sqrt(minD2)
	if !inside {
		return -d
	}
	return d
}

func signedArea(r orb.Ring) float64 {
	s := 0.0
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		s += (r[j][0] - r[i][0]) * (r[i][1] + r[j][1])
	}
	return s / 2
}

// centroid is the area centroid of a ring, computed relative to its first
// vertex for precision.
func centroid(r orb.Ring) (float64, float64, bool) {
	ox, oy := r[0][0], r[0][1]
	var a, cx, cy float64
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		ax, ay := r[i][0]-ox, r[i][1]-oy
		bx, by := r[j][0]-ox, r[j][1]-oy
		f := ax*by - bx*ay
		cx += (ax + bx) * f
		cy += (ay + by) * f
		a += f * 3
	}
	if a == 0 {
		return 0, 0, false
	}
	return ox + cx/a, oy + cy/a, true
}
