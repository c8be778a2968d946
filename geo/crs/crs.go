package crs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Code is an EPSG code. The zero value is not a valid code.
type Code int

// The coordinate reference systems diachi knows, by EPSG code.
const (
	WGS84  Code = 4326 // WGS 84 geographic, lat/lon degrees
	VN2000 Code = 4756 // VN-2000 geographic, lat/lon degrees

	TM3Zone481 Code = 5896 // VN-2000 / TM-3 zone 481, CM 102°00′
	TM3Zone482 Code = 5897 // VN-2000 / TM-3 zone 482, CM 105°00′
	TM3Zone491 Code = 5898 // VN-2000 / TM-3 zone 491, CM 108°00′
	TM3_10745  Code = 5899 // VN-2000 / TM-3 107-45
	TM3_10300  Code = 9205
	TM3_10400  Code = 9206
	TM3_10430  Code = 9207
	TM3_10445  Code = 9208
	TM3_10530  Code = 9209
	TM3_10545  Code = 9210
	TM3_10600  Code = 9211
	TM3_10615  Code = 9212
	TM3_10630  Code = 9213
	TM3_10700  Code = 9214
	TM3_10715  Code = 9215
	TM3_10730  Code = 9216
	TM3_10815  Code = 9217
	TM3_10830  Code = 9218

	UTM48N Code = 3405 // VN-2000 / UTM zone 48N, CM 105°
	UTM49N Code = 3406 // VN-2000 / UTM zone 49N, CM 111°
)

// Errors reported by this package; every error wraps one of them.
var (
	// ErrUnknownCRS: the EPSG code is not one this package supports.
	ErrUnknownCRS = errors.New("crs: unknown or unsupported CRS")
	// ErrInvalidCoordinate: NaN, infinity, or a latitude/longitude out of
	// range.
	ErrInvalidCoordinate = errors.New("crs: invalid coordinate")
	// ErrOutsideArea: the point lies outside the area where VN-2000 and its
	// projections are defined here (see [Area]).
	ErrOutsideArea = errors.New("crs: point outside the area of use")
)

// CoordError reports a coordinate that could not be transformed.
type CoordError struct {
	CRS  Code    // the CRS the coordinate was given or computed in
	A, B float64 // the coordinate, in that CRS's axis order
	Err  error   // ErrInvalidCoordinate or ErrOutsideArea
	Why  string  // detail
}

func (e *CoordError) Error() string {
	return fmt.Sprintf("%v: EPSG:%d (%s, %s): %s", e.Err, int(e.CRS),
		strconv.FormatFloat(e.A, 'g', -1, 64), strconv.FormatFloat(e.B, 'g', -1, 64), e.Why)
}

func (e *CoordError) Unwrap() error { return e.Err }

// Area returns the geographic extent, in VN-2000 or WGS84 degrees (they differ by
// well under a thousandth of a degree here), in which VN-2000 coordinates and
// their projections are accepted: the mainland and every island and
// archipelago of Vietnam with a margin. EPSG's own area of use stops at the
// mainland coast (8.33°–23.4° N, 102.14°–109.53° E), which would reject
// Phú Quốc's neighbours, Côn Đảo and the offshore islands.
func Area() Bounds { return Bounds{6, 24, 101, 118} }

// Bounds is a box of latitudes and longitudes in degrees, edges included.
type Bounds struct{ MinLat, MaxLat, MinLon, MaxLon float64 }

// Contains reports whether the point lies in b or on its edge.
func (b Bounds) Contains(lat, lon float64) bool {
	return lat >= b.MinLat && lat <= b.MaxLat && lon >= b.MinLon && lon <= b.MaxLon
}

// Intersects reports whether b and o share at least one point.
func (b Bounds) Intersects(o Bounds) bool {
	return b.MinLat <= o.MaxLat && o.MinLat <= b.MaxLat && b.MinLon <= o.MaxLon && o.MinLon <= b.MaxLon
}

// Kind tells a geographic CRS from a projected one.
type Kind uint8

const (
	Geographic Kind = iota + 1 // latitude, longitude in degrees
	Projected                  // easting, northing in metres
)

// CRS describes one supported coordinate reference system. It is a small
// comparable value; the zero value is invalid.
type CRS struct {
	code Code
	name string
	kind Kind
	vn   bool    // VN-2000 datum (otherwise WGS84)
	lon0 float64 // central meridian, degrees (projected)
	k0   float64 // scale factor (projected)
	use  Bounds  // EPSG area of use
}

// Code returns the EPSG code.
func (c CRS) Code() Code { return c.code }

// Name returns the EPSG name, e.g. "VN-2000 / TM-3 105-45".
func (c CRS) Name() string { return c.name }

// Kind returns Geographic or Projected.
func (c CRS) Kind() Kind { return c.kind }

// IsVN2000 reports whether the CRS is on the VN-2000 datum.
func (c CRS) IsVN2000() bool { return c.vn }

// CentralMeridian returns the central meridian in degrees (0 for a
// geographic CRS).
func (c CRS) CentralMeridian() float64 { return c.lon0 }

// ScaleFactor returns the scale factor on the central meridian (0 for a
// geographic CRS).
func (c CRS) ScaleFactor() float64 { return c.k0 }

// AreaOfUse returns the bounding box of the CRS's area of use as EPSG
// records it (its first usage where it has two): the whole world for WGS 84,
// a province group's box for most TM-3 zones. Conversions here accept any
// point in [Area]; the area of use only decides, like PROJ, whether
// [WithMekong5194] applies.
func (c CRS) AreaOfUse() Bounds { return c.use }

// IsValid reports whether c is a CRS from this package's table.
func (c CRS) IsValid() bool { return c.code != 0 }

// String returns "EPSG:<code>".
func (c CRS) String() string { return c.code.String() }

// String returns "EPSG:<code>".
func (c Code) String() string { return "EPSG:" + strconv.Itoa(int(c)) }

// FalseEasting of every projected CRS here; none has a false northing.
const FalseEasting = 500000

func tm3(code Code, name string, lon0 float64, use Bounds) CRS {
	return CRS{code: code, name: "VN-2000 / TM-3 " + name, kind: Projected, vn: true, lon0: lon0, k0: 0.9999, use: use}
}

var (
	crsWGS84  = CRS{code: WGS84, name: "WGS 84", kind: Geographic, use: Bounds{-90, 90, -180, 180}}
	crsVN2000 = CRS{code: VN2000, name: "VN-2000", kind: Geographic, vn: true, use: Bounds{8.33, 23.4, 102.14, 109.53}}
)

// table is sorted by code.
var table = []CRS{
	{code: UTM48N, name: "VN-2000 / UTM zone 48N", kind: Projected, vn: true, lon0: 105, k0: 0.9996, use: Bounds{8.33, 23.4, 102.14, 108}},
	{code: UTM49N, name: "VN-2000 / UTM zone 49N", kind: Projected, vn: true, lon0: 111, k0: 0.9996, use: Bounds{10.43, 21.56, 108, 109.53}},
	crsWGS84,
	crsVN2000,
	tm3(TM3Zone481, "zone 481", 102, Bounds{9.2, 22.82, 102.14, 103.51}),
	tm3(TM3Zone482, "zone 482", 105, Bounds{8.33, 23.4, 103.5, 106.51}),
	tm3(TM3Zone491, "zone 491", 108, Bounds{8.57, 22.95, 106.5, 109.53}),
	tm3(TM3_10745, "107-45", 107.75, Bounds{8.57, 21.67, 106.43, 108.76}),
	tm3(TM3_10300, "103-00", 103, Bounds{20.89, 22.82, 102.14, 103.99}),
	tm3(TM3_10400, "104-00", 104, Bounds{20.57, 22.04, 103.21, 105.03}),
	tm3(TM3_10430, "104-30", 104.5, Bounds{8.33, 10.55, 103.4, 105.54}),
	tm3(TM3_10445, "104-45", 104.75, Bounds{10.18, 22.85, 103.53, 105.86}),
	tm3(TM3_10530, "105-30", 105.5, Bounds{9.19, 23.4, 104.33, 106.69}),
	tm3(TM3_10545, "105-45", 105.75, Bounds{9.75, 23.12, 105.26, 107.8}),
	tm3(TM3_10600, "106-00", 106, Bounds{16.92, 22.7, 104.83, 107.03}),
	tm3(TM3_10615, "106-15", 106.25, Bounds{11.3, 17.22, 106.41, 107.43}),
	tm3(TM3_10630, "106-30", 106.5, Bounds{21.32, 22.75, 105.43, 106.25}),
	tm3(TM3_10700, "107-00", 107, Bounds{15.99, 21.63, 105.88, 108.24}),
	tm3(TM3_10715, "107-15", 107.25, Bounds{21.32, 22.47, 106.09, 107.37}),
	tm3(TM3_10730, "107-30", 107.5, Bounds{13.92, 15.42, 107.33, 108.55}),
	tm3(TM3_10815, "108-15", 108.25, Bounds{11.25, 14.71, 108.55, 109.53}),
	tm3(TM3_10830, "108-30", 108.5, Bounds{10.43, 14.61, 107.2, 109.52}),
}

// Lookup returns the CRS with EPSG code c.
func Lookup(c Code) (CRS, error) {
	for _, x := range table {
		if x.code == c {
			return x, nil
		}
	}
	return CRS{}, fmt.Errorf("%w: %v", ErrUnknownCRS, c)
}

// All returns every supported CRS, ordered by EPSG code.
func All() []CRS { return append([]CRS(nil), table...) }

// TM3 returns the VN-2000 TM-3 projected CRS whose central meridian is lon0
// degrees (for example 105.75 for 105°45′).
func TM3(lon0 float64) (CRS, error) {
	for _, x := range table {
		if x.kind == Projected && x.k0 == 0.9999 && x.lon0 == lon0 {
			return x, nil
		}
	}
	return CRS{}, fmt.Errorf("%w: no VN-2000 TM-3 zone with central meridian %g°", ErrUnknownCRS, lon0)
}

// ParseCode reads an EPSG code written as "EPSG:9210", "epsg:9210" or "9210".
func ParseCode(s string) (Code, error) {
	t := strings.TrimSpace(s)
	if len(t) > 5 && strings.EqualFold(t[:5], "EPSG:") {
		t = t[5:]
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%w: %q is not an EPSG code", ErrUnknownCRS, s)
	}
	c := Code(n)
	if _, err := Lookup(c); err != nil {
		return 0, err
	}
	return c, nil
}
