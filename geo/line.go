package geo

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// Side tells on which side of a directed line a point lies.
type Side int8

const (
	// SideOn: the point is on the line (offset 0).
	SideOn Side = 0
	// SideLeft: left of the line's direction (positive offset).
	SideLeft Side = 1
	// SideRight: right of the line's direction (negative offset).
	SideRight Side = -1
)

// String returns "left", "right" or "on".
func (s Side) String() string {
	switch s {
	case SideLeft:
		return "left"
	case SideRight:
		return "right"
	}
	return "on"
}

// Past tells whether a located point lies beyond one end of a line.
type Past int8

const (
	PastNone  Past = 0  // the nearest point is on the line proper
	PastStart Past = -1 // the point is before the start
	PastEnd   Past = 1  // the point is after the end
)

// Location is where a point lies relative to a [Line].
type Location struct {
	// Along is the distance from the start of the line to the nearest point,
	// in [0, Length].
	Along Meters
	// Offset is the signed perpendicular distance: positive on the left of
	// the line's direction, negative on the right. Past an end it is the
	// component perpendicular to the end segment.
	Offset Meters
	// Distance is the distance from the point to the nearest point of the
	// line (equal to |Offset| unless the point is past an end).
	Distance Meters
	// Side is the side given by the sign of Offset.
	Side Side
	// Segment is the index i of the segment from vertex i to vertex i+1 that
	// holds the nearest point.
	Segment int
	// Point is the nearest point of the line.
	Point orb.Point
	// Past says whether the point lies beyond the start or the end.
	Past Past
}

// Line is a directed polyline prepared for linear referencing: a street
// centreline from its first to its last vertex. It is immutable and safe for
// concurrent use.
type Line struct {
	pts []orb.Point
	cum []float64 // cum[i]: geodesic length from the start to vertex i
	// boxes[c] bounds the vertices of segments c·chunk to c·chunk+chunk-1,
	// for lines of more than 4 chunks: Locate skips a chunk that cannot
	// hold a nearer point than the best found.
	boxes []orb.Bound
}

// chunk is the number of segments a box of a long line covers.
const chunk = 8

// NewLine prepares ls for linear referencing. It copies the points. The line
// needs at least two distinct points; every point must be a valid WGS84
// lon/lat. Repeated consecutive vertices are allowed (they make zero-length
// segments that are never reported).
func NewLine(ls orb.LineString) (*Line, error) {
	if len(ls) < 2 {
		return nil, fmt.Errorf("%w: a line needs at least 2 points, got %d", ErrDegenerate, len(ls))
	}
	l := &Line{pts: make([]orb.Point, len(ls)), cum: make([]float64, len(ls))}
	copy(l.pts, ls)
	for i, p := range ls {
		if err := checkLonLat(p, i); err != nil {
			return nil, err
		}
		if i > 0 {
			l.cum[i] = l.cum[i-1] + float64(vincenty(ls[i-1], p))
		}
	}
	if l.cum[len(ls)-1] == 0 {
		return nil, fmt.Errorf("%w: all %d points of the line are the same", ErrDegenerate, len(ls))
	}
	if segs := len(ls) - 1; segs > 4*chunk {
		l.boxes = make([]orb.Bound, 0, (segs+chunk-1)/chunk)
		for c := 0; c < segs; c += chunk {
			l.boxes = append(l.boxes, orb.LineString(l.pts[c:min(c+chunk, segs)+1]).Bound())
		}
	}
	return l, nil
}

// Length returns the geodesic length of the line.
func (l *Line) Length() Meters { return Meters(l.cum[len(l.cum)-1]) }

// Points returns the line's vertices (a copy).
func (l *Line) Points() orb.LineString { return append(orb.LineString(nil), l.pts...) }

// Locate finds the nearest point of line ls to p. It is a shortcut for
// NewLine(ls) then [Line.Locate]; prepare a Line when locating many points.
func Locate(ls orb.LineString, p orb.Point) (Location, error) {
	l, err := NewLine(ls)
	if err != nil {
		return Location{}, err
	}
	return l.Locate(p)
}

// PointAt is a shortcut for NewLine(ls) then [Line.PointAt].
func PointAt(ls orb.LineString, along, offset Meters) (orb.Point, error) {
	l, err := NewLine(ls)
	if err != nil {
		return orb.Point{}, err
	}
	return l.PointAt(along, offset)
}

// Locate finds where p lies relative to the line: the nearest point, the
// distance along, the signed offset and the side. The rules at vertices,
// past the ends and on the line are in the design note (docs/design.md).
func (l *Line) Locate(p orb.Point) (Location, error) {
	if err := checkLonLat(p, -1); err != nil {
		return Location{}, err
	}
	pl := NewPlane(p)
	best := -1
	var bestT, bestD2, bestRawT float64
	for i := 0; i+1 < len(l.pts); i++ {
		if l.boxes != nil && i%chunk == 0 && best >= 0 {
			// The plane is affine in lon/lat: the distance to the box is a
			// lower bound for its segments. Skip only a box clearly
			// farther than the best (a margin for rounding), so the
			// answer is the one the full scan gives.
			if b := l.boxes[i/chunk]; pl.boundDist2(b) > bestD2*(1+1e-9)+1e-12 {
				i += chunk - 1
				continue
			}
		}
		if l.cum[i+1] == l.cum[i] {
			continue
		}
		ax, ay := pl.XY(l.pts[i])
		bx, by := pl.XY(l.pts[i+1])
		dx, dy := bx-ax, by-ay
		dd := dx*dx + dy*dy
		if dd == 0 {
			continue
		}
		raw := -(ax*dx + ay*dy) / dd
		t := min(max(raw, 0), 1)
		cx, cy := ax+t*dx, ay+t*dy
		if t == 1 {
			cx, cy = bx, by
		}
		d2 := cx*cx + cy*cy
		if best < 0 || d2 < bestD2 {
			best, bestT, bestD2, bestRawT = i, t, d2, raw
		}
	}
	// NewLine guarantees one segment of non-zero geodesic length; a segment
	// too short to show in the plane still leaves best set by the first one.
	if best < 0 {
		return Location{}, fmt.Errorf("%w: line has no measurable segment", ErrDegenerate)
	}
	i := best
	a, b := l.pts[i], l.pts[i+1]
	loc := Location{Segment: i, Distance: Meters(math.Sqrt(bestD2))}
	loc.Along = Meters(l.cum[i] + bestT*(l.cum[i+1]-l.cum[i]))
	switch bestT {
	case 0:
		loc.Point = a
	case 1:
		loc.Point = b
	default:
		loc.Point = orb.Point{a[0] + bestT*(b[0]-a[0]), a[1] + bestT*(b[1]-a[1])}
	}
	if loc.Along > l.Length() {
		loc.Along = l.Length()
	}

	ax, ay := pl.XY(a)
	bx, by := pl.XY(b)
	dx, dy := bx-ax, by-ay
	dn := math.Hypot(dx, dy)
	cross := func(ux, uy, vx, vy float64) float64 { return ux*vy - uy*vx }
	first, last := l.firstSeg(), l.lastSeg()
	switch {
	case loc.Distance == 0:
		loc.Offset = 0
	case bestT == 0 && i == first && bestRawT < 0:
		loc.Past = PastStart
		loc.Offset = Meters(cross(dx, dy, -ax, -ay) / dn)
	case bestT == 1 && i == last && bestRawT > 1:
		loc.Past = PastEnd
		loc.Offset = Meters(cross(dx, dy, -ax, -ay) / dn)
	case bestT == 0 && i != first, bestT == 1 && i != last:
		// Nearest point is an interior vertex: take the side against the
		// bisector of the incoming and outgoing segments.
		var inS, outS int
		var vx, vy float64
		if bestT == 0 {
			inS, outS = l.prevSeg(i), i
			vx, vy = ax, ay
		} else {
			inS, outS = i, l.nextSeg(i)
			vx, vy = bx, by
		}
		ix, iy := l.unitDir(pl, inS)
		ox, oy := l.unitDir(pl, outS)
		sx, sy := ix+ox, iy+oy
		s := cross(sx, sy, -vx, -vy)
		if math.Hypot(sx, sy) < 1e-12 || s == 0 {
			s = cross(ix, iy, -vx, -vy) // hairpin: the incoming segment decides
		}
		loc.Offset = Meters(math.Copysign(float64(loc.Distance), s))
		if s == 0 {
			loc.Offset = 0
		}
	default:
		// In the interior the offset is the distance; keep them equal to the
		// last bit so callers can rely on |Offset| == Distance.
		if c := cross(dx, dy, -ax, -ay); c != 0 {
			loc.Offset = Meters(math.Copysign(float64(loc.Distance), c))
		}
	}
	switch {
	case loc.Offset > 0:
		loc.Side = SideLeft
	case loc.Offset < 0:
		loc.Side = SideRight
	default:
		loc.Side = SideOn
		loc.Offset = 0 // normalise -0
	}
	return loc, nil
}

func (l *Line) firstSeg() int { return l.nextSeg(-1) }
func (l *Line) lastSeg() int  { return l.prevSeg(len(l.pts) - 1) }

// nextSeg returns the first non-degenerate segment after i (or i itself if
// none).
func (l *Line) nextSeg(i int) int {
	for j := i + 1; j+1 < len(l.pts); j++ {
		if l.cum[j+1] != l.cum[j] {
			return j
		}
	}
	return i
}

// prevSeg returns the last non-degenerate segment before i (or i if none).
func (l *Line) prevSeg(i int) int {
	for j := i - 1; j >= 0; j-- {
		if l.cum[j+1] != l.cum[j] {
			return j
		}
	}
	return i
}

func (l *Line) unitDir(pl Plane, i int) (float64, float64) {
	ax, ay := pl.XY(l.pts[i])
	bx, by := pl.XY(l.pts[i+1])
	dx, dy := bx-ax, by-ay
	n := math.Hypot(dx, dy)
	if n == 0 {
		return 0, 0
	}
	return dx / n, dy / n
}

// PointAt returns the point at distance along from the start of the line,
// moved offset metres to the left (positive) or right (negative) of the
// line's direction. At an interior vertex the offset is applied along the
// bisector of the two segments' normals (a mitre). along must lie in
// [0, Length].
func (l *Line) PointAt(along, offset Meters) (orb.Point, error) {
	if math.IsNaN(float64(along)) || math.IsNaN(float64(offset)) || math.IsInf(float64(offset), 0) {
		return orb.Point{}, fmt.Errorf("%w: along %v, offset %v", ErrOutOfRange, along, offset)
	}
	if along < 0 || along > l.Length() {
		return orb.Point{}, fmt.Errorf("%w: along %v is outside [0, %v]", ErrOutOfRange, along, l.Length())
	}
	a := float64(along)
	// First vertex strictly beyond along; the segment before it holds along.
	j := sort.SearchFloat64s(l.cum, math.Nextafter(a, math.Inf(1)))
	i := j - 1
	if i >= len(l.pts)-1 {
		i = l.lastSeg()
	}
	if l.cum[i+1] == l.cum[i] { // landed on a repeated vertex
		i = l.prevSeg(i + 1)
	}
	t := (a - l.cum[i]) / (l.cum[i+1] - l.cum[i])
	t = min(max(t, 0), 1)
	p0, p1 := l.pts[i], l.pts[i+1]
	base := orb.Point{p0[0] + t*(p1[0]-p0[0]), p0[1] + t*(p1[1]-p0[1])}
	if t == 0 {
		base = p0
	} else if t == 1 {
		base = p1
	}
	if offset == 0 {
		return base, nil
	}
	pl := NewPlane(base)
	nx, ny := l.leftNormal(pl, i)
	if t == 0 && i != l.firstSeg() {
		mx, my := l.leftNormal(pl, l.prevSeg(i))
		nx, ny = mitre(nx, ny, mx, my)
	} else if t == 1 && i != l.lastSeg() {
		mx, my := l.leftNormal(pl, l.nextSeg(i))
		nx, ny = mitre(nx, ny, mx, my)
	}
	o := float64(offset)
	return pl.LonLat(o*nx, o*ny), nil
}

func (l *Line) leftNormal(pl Plane, i int) (float64, float64) {
	dx, dy := l.unitDir(pl, i)
	return -dy, dx
}

// mitre returns the unit bisector of two unit normals, or the first normal
// when they cancel out.
func mitre(ax, ay, bx, by float64) (float64, float64) {
	sx, sy := ax+bx, ay+by
	n := math.Hypot(sx, sy)
	if n < 1e-12 {
		return ax, ay
	}
	return sx / n, sy / n
}
