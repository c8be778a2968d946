package crs

import (
	"math"

	"github.com/diachi-vn/diachi/geo"
)

// helmert is a seven-parameter similarity transformation of geocentric
// coordinates, held as the coordinate-frame rotation matrix of EPSG method
// 9607 in the small-angle form, as PROJ applies it:
//
//	target = T + (1 + s)·R·source
type helmert struct {
	tx, ty, tz float64
	r          [3][3]float64
	scale      float64 // 1 + s
}

// coordinateFrame builds a helmert from published EPSG parameters:
// translations in metres, rotations in arc-seconds, scale in ppm.
func coordinateFrame(tx, ty, tz, rxSec, rySec, rzSec, ppm float64) helmert {
	const arcsec = math.Pi / (180 * 3600)
	rx, ry, rz := rxSec*arcsec, rySec*arcsec, rzSec*arcsec
	return helmert{
		tx: tx, ty: ty, tz: tz,
		r: [3][3]float64{
			{1, rz, -ry},
			{-rz, 1, rx},
			{ry, -rx, 1},
		},
		scale: 1 + ppm*1e-6,
	}
}

// VN-2000 to WGS 84 (2), EPSG:6960 (Decision 05/2007/QĐ-BTNMT).
var vnHelmert = coordinateFrame(-191.90441429, -39.30318279, -111.45032835,
	-0.00928836, 0.01975479, -0.00427372, 0.252906278)

// VN-2000 to WGS 84 (1), EPSG:5194: the older parameters for the Mekong
// delta blocks DBSCL 02 and 03. Used only on request ([WithMekong5194]).
var mekongHelmert = coordinateFrame(-192.873, -39.382, -111.202,
	0.00205, 0.0005, -0.00335, 0.0188)

// MekongArea returns the area of use of EPSG:5194 (Vietnam - Mekong delta
// blocks DBSCL 02 and 03).
func MekongArea() Bounds { return Bounds{9.35, 11.04, 104.24, 107.11} }

// forward maps source to target geocentric coordinates.
func (h *helmert) forward(x, y, z float64) (float64, float64, float64) {
	r := &h.r
	return h.tx + h.scale*(r[0][0]*x+r[0][1]*y+r[0][2]*z),
		h.ty + h.scale*(r[1][0]*x+r[1][1]*y+r[1][2]*z),
		h.tz + h.scale*(r[2][0]*x+r[2][1]*y+r[2][2]*z)
}

// reverse maps target to source with the transposed rotation, as PROJ does;
// the difference from the exact inverse is of the order of the square of the
// rotation angles (below 10⁻⁷ m here).
func (h *helmert) reverse(x, y, z float64) (float64, float64, float64) {
	r := &h.r
	dx, dy, dz := x-h.tx, y-h.ty, z-h.tz
	return (r[0][0]*dx + r[1][0]*dy + r[2][0]*dz) / h.scale,
		(r[0][1]*dx + r[1][1]*dy + r[2][1]*dz) / h.scale,
		(r[0][2]*dx + r[1][2]*dy + r[2][2]*dz) / h.scale
}

var (
	ellA   = float64(geo.WGS84().A)
	ellE2  = geo.WGS84().E2()
	ellB   = float64(geo.WGS84().B())
	ellEp2 = ellE2 / (1 - ellE2) // second eccentricity squared
)

// toECEF converts geodetic latitude, longitude (radians) and ellipsoidal
// height (metres) on the WGS84 ellipsoid to geocentric coordinates.
func toECEF(phi, lam, h float64) (x, y, z float64) {
	sp, cp := math.Sincos(phi)
	sl, cl := math.Sincos(lam)
	n := ellA / math.Sqrt(1-ellE2*sp*sp)
	return (n + h) * cp * cl, (n + h) * cp * sl, (n*(1-ellE2) + h) * sp
}

// fromECEF converts geocentric coordinates to geodetic latitude, longitude
// (radians) and ellipsoidal height (metres) on the WGS84 ellipsoid.
// Bowring's start refined by two fixed-point steps is exact to 10⁻¹⁴ rad for
// heights within a few kilometres of the ellipsoid (Vietnam is far from the
// poles, where the height formula would need another form). The steps work
// on tan φ, with sines and cosines from square roots: one arc tangent at the
// end instead of a sine, a cosine and an arc tangent a step.
func fromECEF(x, y, z float64) (phi, lam, h float64) {
	p := math.Sqrt(x*x + y*y)
	lam = math.Atan2(y, x)
	if p < 1e3 {
		return fromECEFPolar(x, y, z, p, lam)
	}
	tt := z * ellA / (p * ellB) // tan θ, the parametric latitude
	ct := 1 / math.Sqrt(1+tt*tt)
	st := tt * ct
	t := (z + ellEp2*ellB*st*st*st) / (p - ellE2*ellA*ct*ct*ct) // tan φ
	for range 2 {
		c2 := 1 / (1 + t*t) // cos² φ
		n := ellA / math.Sqrt(1-ellE2*(1-c2))
		h = p*math.Sqrt(1+t*t) - n
		t = z / (p * (1 - ellE2*n/(n+h)))
	}
	c2 := 1 / (1 + t*t)
	h = p*math.Sqrt(1+t*t) - ellA/math.Sqrt(1-ellE2*(1-c2))
	return math.Atan(t), lam, h
}

// fromECEFPolar is fromECEF within a kilometre of the axis, where tan φ
// grows without bound: the same steps on the angle itself.
func fromECEFPolar(x, y, z, p, lam float64) (phi, _, h float64) {
	theta := math.Atan2(z*ellA, p*ellB)
	st, ct := math.Sincos(theta)
	phi = math.Atan2(z+ellEp2*ellB*st*st*st, p-ellE2*ellA*ct*ct*ct)
	for range 2 {
		sp, cp := math.Sincos(phi)
		n := ellA / math.Sqrt(1-ellE2*sp*sp)
		h = p/cp - n
		phi = math.Atan2(z, p*(1-ellE2*n/(n+h)))
	}
	sp, cp := math.Sincos(phi)
	h = p/cp - ellA/math.Sqrt(1-ellE2*sp*sp)
	return phi, lam, h
}

// wgs84ToVN2000 shifts a WGS84 geodetic position and height to VN-2000.
func wgs84ToVN2000(hm *helmert, phi, lam, h float64) (float64, float64, float64) {
	x, y, z := toECEF(phi, lam, h)
	x, y, z = hm.reverse(x, y, z)
	return fromECEF(x, y, z)
}

// vn2000ToWGS84Pos shifts a VN-2000 geodetic position and height to WGS84.
func vn2000ToWGS84Pos(hm *helmert, phi, lam, h float64) (float64, float64, float64) {
	x, y, z := toECEF(phi, lam, h)
	x, y, z = hm.forward(x, y, z)
	return fromECEF(x, y, z)
}
