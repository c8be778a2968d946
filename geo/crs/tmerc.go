package crs

import (
	"math"

	"github.com/diachi-vn/diachi/geo"
)

// The Transverse Mercator projection by Krüger's series in the third
// flattening n, carried to n⁶ (the form PROJ's default tmerc and GeographicLib
// use). Within the few degrees of a TM-3 or UTM zone the truncation error is
// far below a micrometre.

// krueger holds the series coefficients of one ellipsoid.
type krueger struct {
	e     float64    // first eccentricity
	e2m   float64    // 1 - e²
	a     float64    // rectifying radius A
	alpha [7]float64 // forward coefficients α1..α6 (index 0 unused)
	beta  [7]float64 // inverse coefficients β1..β6
}

func newKrueger(el geo.Ellipsoid) krueger {
	f := el.F
	n := f / (2 - f)
	n2 := n * n
	n3 := n2 * n
	n4, n5, n6 := n2*n2, n2*n2*n, n3*n3
	k := krueger{
		e:   math.Sqrt(el.E2()),
		e2m: 1 - el.E2(),
		a:   float64(el.A) / (1 + n) * (1 + n2/4 + n4/64 + n6/256),
	}
	k.alpha = [7]float64{0,
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
	k.beta = [7]float64{0,
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
	return k
}

// wgs84Krueger serves every CRS here: VN-2000 uses the WGS84 ellipsoid.
var wgs84Krueger = newKrueger(geo.WGS84())

// tm is one Transverse Mercator projection.
type tm struct {
	k      *krueger
	lon0   float64 // central meridian, radians
	k0     float64
	fe, fn float64
}

// clenshaw sums Σ c[j]·sin(2jζ) for complex ζ given sin 2ζ and cos 2ζ.
func clenshaw(c *[7]float64, sin2, cos2 complex128) complex128 {
	var b1, b2 complex128
	t := 2 * cos2
	for j := 6; j >= 1; j-- {
		b1, b2 = complex(c[j], 0)+t*b1-b2, b1
	}
	return b1 * sin2
}

// forward projects geodetic latitude and longitude (radians) to easting and
// northing (metres).
func (p *tm) forward(phi, lam float64) (e, n float64) {
	k := p.k
	lam -= p.lon0
	tau := math.Tan(phi)
	sig := math.Sinh(k.e * math.Atanh(k.e*tau/math.Sqrt(1+tau*tau)))
	taup := tau*math.Sqrt(1+sig*sig) - sig*math.Sqrt(1+tau*tau)
	sl, cl := math.Sincos(lam)
	xip := math.Atan2(taup, cl)
	etap := math.Asinh(sl / math.Sqrt(taup*taup+cl*cl))
	s2, c2 := math.Sincos(2 * xip)
	ex := math.Exp(2 * etap)
	sh2, ch2 := (ex-1/ex)/2, (ex+1/ex)/2
	sin2 := complex(s2*ch2, c2*sh2)
	cos2 := complex(c2*ch2, -s2*sh2)
	z := complex(xip, etap) + clenshaw(&k.alpha, sin2, cos2)
	scale := p.k0 * k.a
	return p.fe + scale*imag(z), p.fn + scale*real(z)
}

// inverse unprojects easting and northing (metres) to geodetic latitude and
// longitude (radians). Outside the projection's domain (a northing beyond
// the pole, where the periodic series would wrap round, or an easting more
// than about 9,500 km from the central meridian) it returns NaN.
func (p *tm) inverse(e, n float64) (phi, lam float64) {
	k := p.k
	scale := p.k0 * k.a
	xi := (n - p.fn) / scale
	eta := (e - p.fe) / scale
	if !(math.Abs(xi) <= math.Pi/2 && math.Abs(eta) <= 1.5) {
		return math.NaN(), math.NaN()
	}
	s2, c2 := math.Sincos(2 * xi)
	ex := math.Exp(2 * eta)
	sh2, ch2 := (ex-1/ex)/2, (ex+1/ex)/2
	sin2 := complex(s2*ch2, c2*sh2)
	cos2 := complex(c2*ch2, -s2*sh2)
	z := complex(xi, eta) - clenshaw(&k.beta, sin2, cos2)
	xip, etap := real(z), imag(z)
	sxip, cxip := math.Sincos(xip)
	shetap := math.Sinh(etap)
	taup := sxip / math.Sqrt(shetap*shetap+cxip*cxip)
	lam = math.Atan2(shetap, cxip)
	// Solve τ from τ' by Newton's method (converges in 2-3 steps).
	tau := taup
	for range 8 {
		tau1 := math.Sqrt(1 + tau*tau)
		sig := math.Sinh(k.e * math.Atanh(k.e*tau/tau1))
		taupi := tau*math.Sqrt(1+sig*sig) - sig*tau1
		d := (taup - taupi) / math.Sqrt(1+taupi*taupi) * (1 + k.e2m*tau*tau) / (k.e2m * tau1)
		tau += d
		if !(math.Abs(d) >= 1e-15*math.Max(1, math.Abs(tau))) {
			break
		}
	}
	return math.Atan(tau), lam + p.lon0
}
