package address

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/geohash"
)

// ParcelIDPrecision is the default precision of the pole of inaccessibility
// behind a [ParcelID]: the chosen point is within 10 cm of the best possible
// clearance from the parcel's edges. A finer precision would not make the
// ID more useful (any point well inside identifies the parcel) and costs
// time in long narrow parcels, where many points tie.
const ParcelIDPrecision geo.Meters = 0.1

// ParcelID is a land parcel identifier: the 12-character GeoHash of the
// parcel's pole of inaccessibility, computed in the VN-2000 TM-3 plane of
// the parcel's zone and converted to WGS84 (Circular 09/2024 and the 2025
// guidance of the Ministry of Agriculture and Environment). A GeoHash-12 cell
// is about 3.7 cm × 1.9 cm.
//
// An ID is issued once and stored: it is never recomputed after the parcel
// is edited, so it need not match the parcel's current geometry. It is
// comparable; the zero value is invalid.
type ParcelID struct{ h geohash.Hash }

// NewParcelID computes the ID of a parcel drawn in a projected VN-2000 CRS
// (zone, e.g. crs.TM3_10545), with coordinates as (easting, northing) in
// metres. precision 0 means [ParcelIDPrecision].
func NewParcelID(parcel orb.Polygon, zone crs.Code, precision geo.Meters) (ParcelID, error) {
	pr, err := parcelProjection(zone)
	if err != nil {
		return ParcelID{}, err
	}
	return parcelID(pr, parcel, precision)
}

// NewParcelIDFromWGS84 computes the ID of a parcel drawn in WGS84 (lon,
// lat): it is projected into zone first, so the pole is found in the same
// plane as for a cadastral drawing in that zone.
func NewParcelIDFromWGS84(parcel orb.Polygon, zone crs.Code, precision geo.Meters) (ParcelID, error) {
	pr, err := parcelProjection(zone)
	if err != nil {
		return ParcelID{}, err
	}
	plane := make(orb.Polygon, len(parcel))
	for i, ring := range parcel {
		r := make(orb.Ring, len(ring))
		for j, p := range ring {
			g, err := pr.Forward(p)
			if err != nil {
				return ParcelID{}, fmt.Errorf("address: parcel ring %d vertex %d: %w", i, j, err)
			}
			r[j] = orb.Point{float64(g.Easting), float64(g.Northing)}
		}
		plane[i] = r
	}
	return parcelID(pr, plane, precision)
}

func parcelProjection(zone crs.Code) (*crs.Projection, error) {
	c, err := crs.Lookup(zone)
	if err != nil {
		return nil, fmt.Errorf("address: parcel ID: %w", err)
	}
	if c.Kind() != crs.Projected || !c.IsVN2000() {
		return nil, fmt.Errorf("address: parcel ID: %w: %v is not a projected VN-2000 CRS", crs.ErrUnknownCRS, zone)
	}
	return crs.NewProjection(zone)
}

func parcelID(pr *crs.Projection, plane orb.Polygon, precision geo.Meters) (ParcelID, error) {
	if precision == 0 {
		precision = ParcelIDPrecision
	}
	pole, _, err := geo.PolylabelPlanar(plane, float64(precision))
	if err != nil {
		return ParcelID{}, fmt.Errorf("address: parcel ID: %w", err)
	}
	p, err := pr.Inverse(crs.GridPoint{Easting: geo.Meters(pole[0]), Northing: geo.Meters(pole[1])})
	if err != nil {
		return ParcelID{}, fmt.Errorf("address: parcel ID: %w", err)
	}
	h, err := geohash.Encode(p[1], p[0], geohash.MaxPrecision)
	if err != nil {
		return ParcelID{}, fmt.Errorf("address: parcel ID: %w", err)
	}
	return ParcelID{h: h}, nil
}

// ParseParcelID validates a stored parcel ID: exactly 12 GeoHash
// characters (upper case is read as the same ID).
func ParseParcelID(s string) (ParcelID, error) {
	if len(s) != geohash.MaxPrecision {
		return ParcelID{}, &IDError{Input: s, Pos: -1, Err: ErrIDSyntax, Msg: fmt.Sprintf("%d characters, a parcel ID has %d", len(s), geohash.MaxPrecision)}
	}
	h, err := geohash.Parse(s)
	if err != nil {
		return ParcelID{}, fmt.Errorf("%w: %w", ErrIDSyntax, err)
	}
	return ParcelID{h: h}, nil
}

// IsValid reports whether id holds an identifier.
func (id ParcelID) IsValid() bool { return id.h.IsValid() }

// String returns the 12 characters ("" for the zero ParcelID).
func (id ParcelID) String() string { return id.h.String() }

// Hash returns the underlying GeoHash.
func (id ParcelID) Hash() geohash.Hash { return id.h }

// Point returns the centre of the ID's GeoHash cell (WGS84 lon, lat): the
// pole the ID was computed from, to within 2 cm.
func (id ParcelID) Point() orb.Point { return id.h.Box().Center() }

// AppendText appends the ID to b.
func (id ParcelID) AppendText(b []byte) ([]byte, error) { return id.h.AppendText(b) }

// MarshalText returns the ID.
func (id ParcelID) MarshalText() ([]byte, error) { return id.h.MarshalText() }

// UnmarshalText parses text with [ParseParcelID]; empty text gives the zero
// ParcelID.
func (id *ParcelID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*id = ParcelID{}
		return nil
	}
	p, err := ParseParcelID(string(text))
	if err != nil {
		return err
	}
	*id = p
	return nil
}
