package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Meters is a length in metres.
type Meters float64

// String formats the length with millimetre resolution, e.g. "12.345 m".
func (m Meters) String() string {
	return strconv.FormatFloat(float64(m), 'f', 3, 64) + " m"
}

// Ellipsoid is a reference ellipsoid given by its semi-major axis and
// flattening.
type Ellipsoid struct {
	A Meters  // semi-major axis
	F float64 // flattening
}

// WGS84 returns the ellipsoid of WGS84, which VN-2000 also uses (a
// function, not a variable, so that no caller can change it for all).
func WGS84() Ellipsoid { return Ellipsoid{A: 6378137, F: 1 / 298.257223563} }

// B returns the semi-minor axis.
func (e Ellipsoid) B() Meters { return e.A * Meters(1-e.F) }

// E2 returns the first eccentricity squared.
func (e Ellipsoid) E2() float64 { return e.F * (2 - e.F) }

// MetersPerDegree returns the length of one degree of latitude and one degree
// of longitude at latitude lat (degrees), from the radii of curvature of the
// ellipsoid at that latitude.
func (e Ellipsoid) MetersPerDegree(lat float64) (perLat, perLon Meters) {
	s, c := math.Sincos(lat * math.Pi / 180)
	e2 := e.E2()
	w := 1 - e2*s*s
	n := float64(e.A) / math.Sqrt(w) // prime vertical
	m := n * (1 - e2) / w            // meridional
	const k = math.Pi / 180
	return Meters(m * k), Meters(n * c * k)
}

// Errors reported by this package. Each error returned wraps one of these, so
// callers can test with errors.Is.
var (
	// ErrInvalidPoint: a coordinate is NaN or infinite, or a latitude or
	// longitude is out of range.
	ErrInvalidPoint = errors.New("geo: invalid point")
	// ErrDegenerate: a line or polygon has too few distinct points or no
	// length or area.
	ErrDegenerate = errors.New("geo: degenerate geometry")
	// ErrOutOfRange: a distance along a line is outside [0, length], or a
	// precision is unusable.
	ErrOutOfRange = errors.New("geo: value out of range")
)

// PointError reports an invalid point with its index in the input (-1 for
// a lone point).
type PointError struct {
	Index int
	Point orb.Point
	Err   error // the category, e.g. ErrInvalidPoint
	Why   string
}

func (e *PointError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("%v: (%g, %g): %s", e.Err, e.Point[0], e.Point[1], e.Why)
	}
	return fmt.Sprintf("%v: vertex %d (%g, %g): %s", e.Err, e.Index, e.Point[0], e.Point[1], e.Why)
}

func (e *PointError) Unwrap() error { return e.Err }

// CheckPoint reports whether p is a usable WGS84 longitude/latitude pair:
// finite, latitude within ±90 and longitude within ±180.
func CheckPoint(p orb.Point) error { return checkLonLat(p, -1) }

func checkLonLat(p orb.Point, i int) error {
	lon, lat := p[0], p[1]
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0):
		return &PointError{Index: i, Point: p, Err: ErrInvalidPoint, Why: "not a finite number"}
	case lat < -90 || lat > 90:
		return &PointError{Index: i, Point: p, Err: ErrInvalidPoint, Why: "latitude outside ±90"}
	case lon < -180 || lon > 180:
		return &PointError{Index: i, Point: p, Err: ErrInvalidPoint, Why: "longitude outside ±180"}
	}
	return nil
}

// Distance returns the geodesic distance between a and b (WGS84 lon/lat) on
// the WGS84 ellipsoid, by Vincenty's inverse formula. Invalid points give NaN.
func Distance(a, b orb.Point) Meters {
	if CheckPoint(a) != nil || CheckPoint(b) != nil {
		return Meters(math.NaN())
	}
	return vincenty(a, b)
}

func vincenty(p1, p2 orb.Point) Meters {
	const rad = math.Pi / 180
	f := WGS84().F
	a := float64(WGS84().A)
	b := a * (1 - f)
	L := (p2[0] - p1[0]) * rad
	u1 := math.Atan((1 - f) * math.Tan(p1[1]*rad))
	u2 := math.Atan((1 - f) * math.Tan(p2[1]*rad))
	sinU1, cosU1 := math.Sincos(u1)
	sinU2, cosU2 := math.Sincos(u2)

	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	converged := false
	for range 200 {
		sinL, cosL := math.Sincos(lambda)
		t1 := cosU2 * sinL
		t2 := cosU1*sinU2 - sinU1*cosU2*cosL
		sinSigma = math.Sqrt(t1*t1 + t2*t2)
		if sinSigma == 0 {
			return 0 // coincident points
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosL
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		} else {
			cos2SigmaM = 0 // both points on the equator
		}
		c := f / 16 * cos2Alpha * (4 + f*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-c)*f*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-12 {
			converged = true
			break
		}
	}
	if !converged {
		return greatCircle(p1, p2)
	}
	u2sq := cos2Alpha * (a*a - b*b) / (b * b)
	A := 1 + u2sq/16384*(4096+u2sq*(-768+u2sq*(320-175*u2sq)))
	B := u2sq / 1024 * (256 + u2sq*(-128+u2sq*(74-47*u2sq)))
	dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return Meters(b * A * (sigma - dSigma))
}

// greatCircle is the haversine distance on the sphere of the WGS84 mean
// radius, used only where Vincenty's iteration fails (near-antipodal points).
func greatCircle(p1, p2 orb.Point) Meters {
	const rad = math.Pi / 180
	const r = 6371008.8
	dlat := (p2[1] - p1[1]) * rad
	dlon := (p2[0] - p1[0]) * rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(p1[1]*rad)*math.Cos(p2[1]*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return Meters(2 * r * math.Asin(math.Min(1, math.Sqrt(h))))
}
