package geo_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo"
)

// The scenes are drawn in metres around an origin in Hà Nội and converted to
// lon/lat with the ellipsoid's metres per degree there, so the expected
// answers can be read off the drawing.
var origin = orb.Point{105.85, 21.03}

func m(x, y float64) orb.Point {
	perLat, perLon := geo.WGS84().MetersPerDegree(origin[1])
	return orb.Point{origin[0] + x/float64(perLon), origin[1] + y/float64(perLat)}
}

func TestLocate(t *testing.T) {
	east := orb.LineString{m(0, 0), m(100, 0)}             // a street running east
	north := orb.LineString{m(0, 0), m(0, 100)}            // running north
	ell := orb.LineString{m(0, 0), m(100, 0), m(100, 100)} // east then north (left turn)
	hairpin := orb.LineString{m(0, 0), m(100, 0), m(0, 0.0)}
	dup := orb.LineString{m(0, 0), m(0, 0), m(50, 0), m(50, 0), m(100, 0)}

	tests := []struct {
		name    string
		line    orb.LineString
		p       orb.Point
		along   float64
		offset  float64
		dist    float64
		side    geo.Side
		segment int
		past    geo.Past
	}{
		{"north-of-eastbound-is-left", east, m(30, 10), 30, 10, 10, geo.SideLeft, 0, geo.PastNone},
		{"south-of-eastbound-is-right", east, m(30, -10), 30, -10, 10, geo.SideRight, 0, geo.PastNone},
		{"east-of-northbound-is-right", north, m(5, 40), 40, -5, 5, geo.SideRight, 0, geo.PastNone},
		{"west-of-northbound-is-left", north, m(-5, 40), 40, 5, 5, geo.SideLeft, 0, geo.PastNone},
		{"on-the-line", east, m(25, 0), 25, 0, 0, geo.SideOn, 0, geo.PastNone},
		{"on-a-vertex", ell, m(100, 0), 100, 0, 0, geo.SideOn, 0, geo.PastNone},
		{"at-the-start", east, m(0, 0), 0, 0, 0, geo.SideOn, 0, geo.PastNone},
		{"at-the-end", east, m(100, 0), 100, 0, 0, geo.SideOn, 0, geo.PastNone},
		{"perpendicular-at-start", east, m(0, 7), 0, 7, 7, geo.SideLeft, 0, geo.PastNone},
		{"before-start-left", east, m(-10, 3), 0, 3, math.Hypot(10, 3), geo.SideLeft, 0, geo.PastStart},
		{"after-end-right", east, m(110, -4), 100, -4, math.Hypot(10, 4), geo.SideRight, 0, geo.PastEnd},
		{"straight-ahead-past-end", east, m(120, 0), 100, 0, 20, geo.SideOn, 0, geo.PastEnd},
		// Outside the corner of a left turn the vertex is nearest; both
		// segments put the point on the right, and so does the bisector.
		{"outside-left-turn", ell, m(110, -10), 100, -math.Hypot(10, 10), math.Hypot(10, 10), geo.SideRight, 0, geo.PastNone},
		// On the extension of the first segment beyond the corner.
		{"extension-of-first-segment", ell, m(110, 0), 100, -10, 10, geo.SideRight, 0, geo.PastNone},
		// Inside the turn: nearest is the second segment's interior.
		{"inside-left-turn", ell, m(90, 50), 150, 10, 10, geo.SideLeft, 1, geo.PastNone},
		{"second-segment-right", ell, m(103, 60), 160, -3, 3, geo.SideRight, 1, geo.PastNone},
		// A reversal: the tip decides by the incoming (eastbound) segment.
		{"hairpin-tip-north", hairpin, m(105, 2), 100, math.Hypot(5, 2), math.Hypot(5, 2), geo.SideLeft, 0, geo.PastNone},
		// Repeated vertices are skipped, never reported.
		{"duplicate-vertices", dup, m(70, 5), 70, 5, 5, geo.SideLeft, 3, geo.PastNone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loc, err := geo.Locate(tc.line, tc.p)
			require.NoError(t, err)
			// The drawing uses a plane; the library measures along on the
			// ellipsoid: a few parts per million apart over 200 m.
			assert.InDelta(t, tc.along, float64(loc.Along), 0.002, "along")
			assert.InDelta(t, tc.offset, float64(loc.Offset), 0.002, "offset")
			assert.InDelta(t, tc.dist, float64(loc.Distance), 0.002, "distance")
			assert.Equal(t, tc.side, loc.Side, "side")
			assert.Equal(t, tc.segment, loc.Segment, "segment")
			assert.Equal(t, tc.past, loc.Past, "past")
		})
	}
}

func TestLocateNearestPointExactOnVertex(t *testing.T) {
	ell := orb.LineString{m(0, 0), m(100, 0), m(100, 100)}
	loc, err := geo.Locate(ell, m(120, -20))
	require.NoError(t, err)
	assert.Equal(t, ell[1], loc.Point, "a vertex is reported exactly, not interpolated")
}

func TestLineErrors(t *testing.T) {
	_, err := geo.NewLine(orb.LineString{m(0, 0)})
	assert.ErrorIs(t, err, geo.ErrDegenerate)
	_, err = geo.NewLine(orb.LineString{m(1, 1), m(1, 1), m(1, 1)})
	assert.ErrorIs(t, err, geo.ErrDegenerate)
	_, err = geo.NewLine(orb.LineString{m(0, 0), {math.NaN(), 21}})
	assert.ErrorIs(t, err, geo.ErrInvalidPoint)
	var pe *geo.PointError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 1, pe.Index)

	l, err := geo.NewLine(orb.LineString{m(0, 0), m(100, 0)})
	require.NoError(t, err)
	_, err = l.Locate(orb.Point{0, 95})
	assert.ErrorIs(t, err, geo.ErrInvalidPoint)
	_, err = l.PointAt(-1, 0)
	assert.ErrorIs(t, err, geo.ErrOutOfRange)
	_, err = l.PointAt(l.Length()+0.01, 0)
	assert.ErrorIs(t, err, geo.ErrOutOfRange)
	_, err = l.PointAt(10, geo.Meters(math.NaN()))
	assert.ErrorIs(t, err, geo.ErrOutOfRange)
}

func TestPointAt(t *testing.T) {
	ell := orb.LineString{m(0, 0), m(100, 0), m(100, 100)}
	l, err := geo.NewLine(ell)
	require.NoError(t, err)
	assert.InDelta(t, 200, float64(l.Length()), 0.002)
	corner, err := l.Locate(ell[1])
	require.NoError(t, err)

	tests := []struct {
		name          string
		along, offset geo.Meters
		want          orb.Point
	}{
		{"start", 0, 0, ell[0]},
		{"end", l.Length(), 0, ell[2]},
		{"left-of-first", 40, 5, m(40, 5)},
		{"right-of-second", 150, -5, m(105, 50)},
		// At the corner the offset follows the mitre of the two normals.
		{"mitre-right", corner.Along, -geo.Meters(math.Sqrt2 * 10), m(110, -10)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := l.PointAt(tc.along, tc.offset)
			require.NoError(t, err)
			assert.InDelta(t, 0, float64(geo.Distance(p, tc.want)), 0.003)
		})
	}
	// The inverse of Locate on the outside of the corner and on segments.
	for _, c := range []struct{ along, offset geo.Meters }{{40, 5}, {150, -5}, {100, -14.142}, {199, 3}} {
		p, err := l.PointAt(c.along, c.offset)
		require.NoError(t, err)
		loc, err := l.Locate(p)
		require.NoError(t, err)
		assert.InDelta(t, float64(c.along), float64(loc.Along), 0.003)
		assert.InDelta(t, float64(c.offset), float64(loc.Offset), 0.003)
	}
}

func FuzzLocate(f *testing.F) {
	f.Add(0.0, 0.0, 100.0, 0.0, 100.0, 100.0, 30.0, 10.0)
	f.Add(0.0, 0.0, 0.0, 0.0, 50.0, 0.0, 110.0, -10.0)
	f.Add(0.0, 0.0, 100.0, 0.0, 0.0, 0.0, 105.0, 2.0)
	f.Fuzz(func(t *testing.T, x0, y0, x1, y1, x2, y2, px, py float64) {
		for _, v := range []float64{x0, y0, x1, y1, x2, y2, px, py} {
			if math.IsNaN(v) || math.Abs(v) > 1e5 {
				return // keep the scene in a town-sized square
			}
		}
		l, err := geo.NewLine(orb.LineString{m(x0, y0), m(x1, y1), m(x2, y2)})
		if err != nil {
			require.ErrorIs(t, err, geo.ErrDegenerate)
			return
		}
		loc, err := l.Locate(m(px, py))
		require.NoError(t, err)
		require.GreaterOrEqual(t, loc.Along, geo.Meters(0))
		require.LessOrEqual(t, loc.Along, l.Length())
		require.GreaterOrEqual(t, loc.Distance, geo.Meters(0))
		switch {
		case loc.Offset > 0:
			require.Equal(t, geo.SideLeft, loc.Side)
		case loc.Offset < 0:
			require.Equal(t, geo.SideRight, loc.Side)
		default:
			require.Equal(t, geo.SideOn, loc.Side)
		}
		// Off the ends the offset is the distance, except straight beyond
		// the tip of a reversal, where no side exists and the offset is 0.
		if loc.Past == geo.PastNone && loc.Offset != 0 {
			require.InDelta(t, float64(loc.Distance), math.Abs(float64(loc.Offset)), 1e-9*math.Max(1, float64(loc.Distance)))
		}
		require.True(t, loc.Segment >= 0 && loc.Segment < 2)
		p, err := l.PointAt(loc.Along, 0)
		require.NoError(t, err)
		require.InDelta(t, 0, float64(geo.Distance(p, loc.Point)), 0.01+1e-5*float64(l.Length()))
	})
}
