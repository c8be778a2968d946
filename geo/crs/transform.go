package crs

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
)

const (
	deg = math.Pi / 180
	rad = 180 / math.Pi
)

// GridPoint is a projected coordinate. Vietnamese survey documents write
// X for the northing and Y for the easting; the named fields avoid that trap.
type GridPoint struct {
	Easting, Northing geo.Meters
}

// Transformer converts coordinates from one supported CRS to another,
// through WGS84 when the datums differ and directly when both are VN-2000.
// It is immutable and safe for concurrent use.
type Transformer struct {
	from, to     CRS
	fromTM, toTM tm
	sameDatum    bool
	// mekong: EPSG:5194 for a source coordinate (a, b) with mekongBox[0] ≤ a
	// ≤ mekongBox[1] and mekongBox[2] ≤ b ≤ mekongBox[3], as cs2cs chooses.
	mekong    bool
	mekongBox [4]float64
}

// Option changes how a [Transformer] works.
type Option func(*Transformer)

// WithMekong5194 reproduces the datum shift PROJ's cs2cs (9.1, the version
// the tests compare with) picks when given bare EPSG codes. cs2cs only weighs the operations whose area of use meets
// the area of use of the VN-2000 CRS involved ([CRS.AreaOfUse]); of those it
// takes, for each point, the most local one whose area contains the source
// coordinate. So between WGS84 and the VN-2000 CRSs whose area meets
// the Mekong delta blocks DBSCL 02 and 03 ([MekongArea]) — VN-2000
// geographic, TM-3 zones 482 and 491, 104-30, 104-45, 105-30, 105-45 and
// 107-45, and UTM zone 48N — it uses the older parameters EPSG:5194 (VN-2000
// to WGS 84 (1)) inside the blocks and the national EPSG:6960 elsewhere; the
// other VN-2000 CRSs (TM-3 zone 481, 103-00, 104-00, 106-00 to 107-30,
// 108-15, 108-30 and UTM zone 49N) keep EPSG:6960 everywhere, in the blocks
// too. Inside the blocks is judged, as in PROJ, on the coordinate as given:
// latitude and longitude for a geographic source; for a projected source,
// easting and northing against the bounds of the blocks' outline projected at
// 21 points a side, which reach a few hundred metres beyond the blocks.
//
// Use it only to reproduce data made that way: Decision 05/2007/QĐ-BTNMT
// makes EPSG:6960 the national transformation, and it is the default.
func WithMekong5194() Option { return func(t *Transformer) { t.mekong = true } }

// NewTransformer prepares a conversion from one EPSG code to another.
func NewTransformer(from, to Code, opts ...Option) (*Transformer, error) {
	f, err := Lookup(from)
	if err != nil {
		return nil, err
	}
	g, err := Lookup(to)
	if err != nil {
		return nil, err
	}
	t := &Transformer{from: f, to: g, sameDatum: f.vn == g.vn}
	t.fromTM = projFor(f)
	t.toTM = projFor(g)
	for _, o := range opts {
		o(t)
	}
	if t.mekong {
		t.mekong, t.mekongBox = mekongChoice(f, g, t.fromTM)
	}
	return t, nil
}

// mekongChoice tells whether cs2cs has EPSG:5194 among its operations from
// one CRS to the other and, if so, the box in which it picks it, in the
// source's coordinates.
func mekongChoice(from, to CRS, fromTM tm) (bool, [4]float64) {
	if from.vn == to.vn {
		return false, [4]float64{}
	}
	// PROJ weighs the smaller of the two CRSs' areas of use, the VN-2000
	// one (WGS 84's is the world).
	vn := from
	if to.vn {
		vn = to
	}
	if !vn.use.Intersects(MekongArea()) {
		return false, [4]float64{}
	}
	return true, boundsIn(from, fromTM, MekongArea())
}

// boundsIn returns the bounds of b in the coordinates of c, in c's axis
// order, as PROJ bounds an operation's area of use in the source CRS: the
// outline sampled at 21 points a side, projected, and its extremes taken.
func boundsIn(c CRS, p tm, b Bounds) [4]float64 {
	const steps = 20
	box := [4]float64{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	stepLat := (b.MaxLat - b.MinLat) / steps
	stepLon := (b.MaxLon - b.MinLon) / steps
	for j := range steps + 1 {
		// The explicit conversions keep each product rounded on its own,
		// as in PROJ.
		lat := b.MinLat + float64(float64(j)*stepLat)
		lon := b.MinLon + float64(float64(j)*stepLon)
		for _, q := range [4][2]float64{{b.MinLat, lon}, {b.MaxLat, lon}, {lat, b.MinLon}, {lat, b.MaxLon}} {
			x, y := q[0], q[1]
			if c.kind == Projected {
				x, y = p.forward(q[0]*deg, q[1]*deg)
			}
			box[0], box[1] = min(box[0], x), max(box[1], x)
			box[2], box[3] = min(box[2], y), max(box[3], y)
		}
	}
	return box
}

func projFor(c CRS) tm {
	return tm{k: &wgs84Krueger, lon0: c.lon0 * deg, k0: c.k0, fe: FalseEasting}
}

// From returns the source CRS.
func (t *Transformer) From() CRS { return t.from }

// To returns the target CRS.
func (t *Transformer) To() CRS { return t.to }

// Transform converts one coordinate given in the source CRS's axis order and
// returns it in the target's: latitude then longitude (degrees) for a
// geographic CRS, as EPSG orders them; easting then northing (metres) for a
// projected one. Errors are *CoordError values wrapping
// ErrInvalidCoordinate or ErrOutsideArea.
//
// As in PROJ, a 2D point enters the datum shift at ellipsoidal height 0 and
// the height it has on the other datum is dropped. A 2D round trip through a
// datum shift therefore closes only to about a millimetre (0.9 mm in Hà Nội,
// 1.6 mm at the far corner of [Area]); use [Transformer.Transform3] to carry
// heights and close it exactly.
func (t *Transformer) Transform(a, b float64) (float64, float64, error) {
	x, y, _, err := t.Transform3(a, b, 0)
	return x, y, err
}

// Transform3 is [Transformer.Transform] with an ellipsoidal height in metres
// (above the source datum's ellipsoid), returned as the height above the
// target datum's ellipsoid. Projected CRSs carry the ellipsoidal height of
// their datum alongside easting and northing. With heights carried, a round
// trip closes to well under a micrometre.
func (t *Transformer) Transform3(a, b, h float64) (float64, float64, float64, error) {
	if !finite(a) || !finite(b) {
		return 0, 0, 0, t.fail(a, b, ErrInvalidCoordinate, "not a finite number")
	}
	if !finite(h) {
		return 0, 0, 0, t.fail(a, b, ErrInvalidCoordinate, "height is not a finite number")
	}
	// To geodetic radians on the source datum.
	var phi, lam float64
	switch t.from.kind {
	case Geographic:
		if a < -90 || a > 90 {
			return 0, 0, 0, t.fail(a, b, ErrInvalidCoordinate, "latitude outside ±90")
		}
		if b < -180 || b > 180 {
			return 0, 0, 0, t.fail(a, b, ErrInvalidCoordinate, "longitude outside ±180")
		}
		phi, lam = a*deg, b*deg
	case Projected:
		phi, lam = t.fromTM.inverse(a, b)
	}
	// The area of use is checked on the VN-2000 position in either
	// direction (before the datum shift from VN-2000, after the shift to
	// it), so that a point and its round trip are answered alike at the
	// area's edges.
	if t.from.vn && !inArea(phi, lam) || !t.from.vn && t.to.vn && !inAreaWithin(phi, lam, areaMargin) {
		// (A point clearly outside is answered from where it was given;
		// one near an edge from its VN-2000 position, below.)
		return 0, 0, 0, t.fail(a, b, ErrOutsideArea, areaWhy(phi, lam))
	}
	if !t.sameDatum {
		hm := &vnHelmert
		if t.mekong && a >= t.mekongBox[0] && a <= t.mekongBox[1] && b >= t.mekongBox[2] && b <= t.mekongBox[3] {
			hm = &mekongHelmert
		}
		if t.from.vn {
			phi, lam, h = vn2000ToWGS84Pos(hm, phi, lam, h)
		} else {
			phi, lam, h = wgs84ToVN2000(hm, phi, lam, h)
		}
	}
	if !t.from.vn && t.to.vn && !inArea(phi, lam) {
		return 0, 0, 0, t.fail(a, b, ErrOutsideArea, areaWhy(phi, lam))
	}
	switch t.to.kind {
	case Geographic:
		return phi * rad, lam * rad, h, nil
	default:
		e, n := t.toTM.forward(phi, lam)
		return e, n, h, nil
	}
}

func (t *Transformer) fail(a, b float64, err error, why string) error {
	return &CoordError{CRS: t.from.code, A: a, B: b, Err: err, Why: why}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func inArea(phi, lam float64) bool { return inAreaWithin(phi, lam, 0) }

// areaMargin exceeds the datum shift between WGS84 and VN-2000 (well
// under 0.01°) in degrees: a WGS84 point farther than that outside the
// area is outside it on VN-2000 too.
const areaMargin = 0.01

// inAreaWithin reports whether a position lies in the area grown by
// margin degrees on every side.
func inAreaWithin(phi, lam, margin float64) bool {
	lat, lon := phi*rad, lam*rad
	return lat >= Area().MinLat-margin && lat <= Area().MaxLat+margin && lon >= Area().MinLon-margin && lon <= Area().MaxLon+margin
}

func areaWhy(phi, lam float64) string {
	if !finite(phi) || !finite(lam) {
		return "the coordinate does not map to a place on the ellipsoid"
	}
	return fmt.Sprintf("maps to %.6f°N %.6f°E, outside %g–%g°N %g–%g°E",
		phi*rad, lam*rad, Area().MinLat, Area().MaxLat, Area().MinLon, Area().MaxLon)
}

// BatchError reports the first coordinate of a batch that failed.
type BatchError struct {
	Index int
	Err   error // a *CoordError
}

func (e *BatchError) Error() string { return fmt.Sprintf("crs: point %d: %v", e.Index, e.Err) }
func (e *BatchError) Unwrap() error { return e.Err }

// TransformPairs converts src pairs (source axis order) and appends the
// results to dst, allocating nothing when dst has room. It stops at the first
// failing pair and returns what was converted before it with a *BatchError.
// dst and src may be the same slice (dst[:0], src) to convert in place.
func (t *Transformer) TransformPairs(dst, src [][2]float64) ([][2]float64, error) {
	for i, p := range src {
		a, b, err := t.Transform(p[0], p[1])
		if err != nil {
			return dst, &BatchError{Index: i, Err: err}
		}
		dst = append(dst, [2]float64{a, b})
	}
	return dst, nil
}

// Projection converts between WGS84 lon/lat points and one projected
// VN-2000 CRS, the typed form used by the rest of diachi. It is immutable and
// safe for concurrent use.
type Projection struct {
	fwd, inv *Transformer
}

// NewProjection prepares WGS84 <-> the projected CRS code.
func NewProjection(code Code) (*Projection, error) {
	c, err := Lookup(code)
	if err != nil {
		return nil, err
	}
	if c.kind != Projected {
		return nil, fmt.Errorf("%w: %v is not a projected CRS", ErrUnknownCRS, code)
	}
	fwd, _ := NewTransformer(WGS84, code)
	inv, _ := NewTransformer(code, WGS84)
	return &Projection{fwd: fwd, inv: inv}, nil
}

// CRS returns the projected CRS.
func (p *Projection) CRS() CRS { return p.fwd.to }

// Forward projects a WGS84 point (lon, lat) to easting and northing.
func (p *Projection) Forward(pt orb.Point) (GridPoint, error) {
	e, n, err := p.fwd.Transform(pt[1], pt[0])
	return GridPoint{geo.Meters(e), geo.Meters(n)}, err
}

// Inverse returns the WGS84 point (lon, lat) of a projected coordinate.
func (p *Projection) Inverse(g GridPoint) (orb.Point, error) {
	lat, lon, err := p.inv.Transform(float64(g.Easting), float64(g.Northing))
	return orb.Point{lon, lat}, err
}

// ForwardSlice projects src and appends to dst, allocating nothing when dst
// has room; it stops at the first failure with a *BatchError.
func (p *Projection) ForwardSlice(dst []GridPoint, src []orb.Point) ([]GridPoint, error) {
	for i, pt := range src {
		g, err := p.Forward(pt)
		if err != nil {
			return dst, &BatchError{Index: i, Err: err}
		}
		dst = append(dst, g)
	}
	return dst, nil
}

// InverseSlice unprojects src and appends to dst, allocating nothing when
// dst has room; it stops at the first failure with a *BatchError.
func (p *Projection) InverseSlice(dst []orb.Point, src []GridPoint) ([]orb.Point, error) {
	for i, g := range src {
		pt, err := p.Inverse(g)
		if err != nil {
			return dst, &BatchError{Index: i, Err: err}
		}
		dst = append(dst, pt)
	}
	return dst, nil
}

// ToVN2000 converts a WGS84 point (lon, lat) to VN-2000 geographic (lon,
// lat degrees).
func ToVN2000(p orb.Point) (orb.Point, error) {
	t := Transformer{from: crsWGS84, to: crsVN2000}
	lat, lon, err := t.Transform(p[1], p[0])
	return orb.Point{lon, lat}, err
}

// FromVN2000 converts a VN-2000 geographic point (lon, lat) to WGS84.
func FromVN2000(p orb.Point) (orb.Point, error) {
	t := Transformer{from: crsVN2000, to: crsWGS84}
	lat, lon, err := t.Transform(p[1], p[0])
	return orb.Point{lon, lat}, err
}
