package geojsonio

import (
	"fmt"

	"github.com/paulmach/orb"
)

// coordinates reads the coordinates of a geometry whose type is known.
func (s *scanner) coordinates(typ string) orb.Geometry {
	switch typ {
	case "Point":
		return s.position()
	case "MultiPoint":
		return orb.MultiPoint(s.points())
	case "LineString":
		return orb.LineString(s.points())
	case "MultiLineString":
		var ml orb.MultiLineString
		for l := s.open('['); s.more(&l); {
			ml = append(ml, s.points())
		}
		return nonNil(ml)
	case "Polygon":
		return s.polygon()
	default: // MultiPolygon
		var mp orb.MultiPolygon
		for l := s.open('['); s.more(&l); {
			mp = append(mp, s.polygon())
		}
		return nonNil(mp)
	}
}

func (s *scanner) polygon() orb.Polygon {
	var p orb.Polygon
	for l := s.open('['); s.more(&l); {
		p = append(p, s.points())
	}
	return nonNil(p)
}

// nonNil keeps an empty array empty rather than null.
func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}

// points reads an array of positions into the slab.
func (s *scanner) points() []orb.Point {
	start := len(s.pts)
	for l := s.open('['); s.more(&l); {
		p := s.position()
		if len(s.pts) == cap(s.pts) {
			// A new slab, with the part of this array read so far.
			k := len(s.pts) - start
			slab := make([]orb.Point, k, max(slabSize, 2*k))
			copy(slab, s.pts[start:])
			s.pts, start = slab, 0
		}
		s.pts = append(s.pts, p)
	}
	if s.pts == nil {
		return []orb.Point{}
	}
	return s.pts[start:len(s.pts):len(s.pts)]
}

func (s *scanner) position() orb.Point {
	s.expect('[')
	return s.positionRest()
}

// positionRest reads a position after its opening bracket.
func (s *scanner) positionRest() orb.Point {
	if s.geomVertices++; s.geomVertices > s.opts.MaxGeometryVertices {
		s.limit("MaxGeometryVertices", int64(s.opts.MaxGeometryVertices))
	}
	if s.vertices++; s.vertices > s.opts.MaxVertices {
		s.limit("MaxVertices", s.opts.MaxVertices)
	}
	var p orb.Point
	p[0] = s.coord()
	if s.next() != ',' {
		s.unexpected("',' and a second number: a position is [x, y]")
	}
	s.i++
	p[1] = s.coord()
	if s.next() == ',' {
		s.i++
		if c := s.next(); c == '-' || c-'0' <= 9 {
			if !s.opts.DropAltitude {
				s.failErr("a position with more than two numbers (x, y): an altitude is not read (Options.DropAltitude drops it)", ErrAltitude)
			}
		}
		s.coord()
		for s.next() == ',' {
			s.i++
			s.coord()
		}
		s.altitudes++
	}
	s.expect(']')
	return p
}

func (s *scanner) coord() float64 {
	if c := s.next(); c != '-' && c-'0' > 9 || s.i >= s.n {
		s.unexpected("a number")
	}
	return s.float(s.number())
}

// cnode is coordinates read before the geometry's type: a position or an
// array of nodes.
type cnode struct {
	pos  bool
	pt   orb.Point
	kids []cnode
}

// anyCoords reads coordinates of any shape (at most four arrays deep, a
// MultiPolygon's).
func (s *scanner) anyCoords(depth int) cnode {
	if depth > 3 {
		s.fail("coordinates nested more than four arrays deep")
	}
	s.expect('[')
	if c := s.next(); c == '-' || c-'0' <= 9 {
		return cnode{pos: true, pt: s.positionRest()}
	}
	n := cnode{kids: []cnode{}}
	// The opening bracket is read: a list that has seen it.
	for l := (list{close: ']'}); s.more(&l); {
		n.kids = append(n.kids, s.anyCoords(depth+1))
	}
	return n
}

// shape makes the geometry of a type from coordinates read before it.
func (s *scanner) shape(typ string, n cnode) orb.Geometry {
	bad := func() {
		s.fail(fmt.Sprintf("coordinates that are not those of a %s", typ))
	}
	points := func(n cnode) []orb.Point {
		if n.pos {
			bad()
		}
		ps := make([]orb.Point, len(n.kids))
		for i, k := range n.kids {
			if !k.pos {
				bad()
			}
			ps[i] = k.pt
		}
		return ps
	}
	polygon := func(n cnode) orb.Polygon {
		if n.pos {
			bad()
		}
		p := make(orb.Polygon, len(n.kids))
		for i, k := range n.kids {
			p[i] = points(k)
		}
		return p
	}
	switch typ {
	case "Point":
		if !n.pos {
			bad()
		}
		return n.pt
	case "MultiPoint":
		return orb.MultiPoint(points(n))
	case "LineString":
		return orb.LineString(points(n))
	case "MultiLineString":
		p := polygon(n)
		ml := make(orb.MultiLineString, len(p))
		for i, r := range p {
			ml[i] = orb.LineString(r)
		}
		return ml
	case "Polygon":
		return polygon(n)
	default: // MultiPolygon
		if n.pos {
			bad()
		}
		mp := make(orb.MultiPolygon, len(n.kids))
		for i, k := range n.kids {
			mp[i] = polygon(k)
		}
		return mp
	}
}
