// Package crs converts coordinates between WGS84 and VN-2000, the national
// datum of Vietnam, and the VN-2000 projections used for cadastral and
// topographic maps, agreeing with PROJ to well under a millimetre.
//
// Supported, by EPSG code ([Lookup], [All]):
//   - 4326 WGS 84 and 4756 VN-2000, geographic (latitude, longitude);
//   - the VN-2000 TM-3 zones (k0 = 0.9999, false easting 500 000 m) of
//     5896-5899 and 9205-9218, one per central meridian from 102°00′ to
//     108°30′;
//   - VN-2000 / UTM zones 48N and 49N, 3405 and 3406 (k0 = 0.9996).
//
// [Transformer] converts any supported CRS to any other, in the EPSG axis
// order of each (latitude then longitude; easting then northing);
// [Projection] is the typed form the rest of diachi uses, between WGS84
// [orb.Point] values (longitude, latitude) and [GridPoint] values with named
// Easting and Northing fields. Both have batch methods that append to a
// caller's slice and allocate nothing per point. [LegacyProvinces] maps the
// 63 pre-2025 provinces to their TM-3 meridians.
//
// # Method and decisions
//
//   - The datum shift is EPSG:6960 (VN-2000 to WGS 84, Decision
//     05/2007/QĐ-BTNMT), a seven-parameter coordinate-frame Helmert
//     transformation (EPSG method 9607) applied to geocentric coordinates on
//     the WGS84 ellipsoid, which both datums use. A 2D point enters the
//     geocentric step at height 0 and its height is discarded afterwards,
//     exactly as PROJ's pipeline does. The reverse direction uses the
//     transposed rotation as PROJ does. The older Mekong-delta parameters
//     (EPSG:5194) are used only on request, to reproduce what plain cs2cs
//     gives: [WithMekong5194] mirrors its choice per CRS and per point.
//   - The Transverse Mercator is Krüger's series in the third flattening to
//     order six, summed by Clenshaw's method in complex arithmetic, the
//     method of PROJ's default tmerc; the inverse latitude is refined by
//     Newton's method. Over a TM-3 or UTM zone it is exact to nanometres.
//   - Conversions between two VN-2000 systems skip the datum shift.
//   - Any conversion that involves VN-2000 rejects points outside [Area]
//     with [ErrOutsideArea] rather than returning coordinates that mean
//     nothing; NaN, infinities and out-of-range latitudes or longitudes give
//     [ErrInvalidCoordinate]; unknown EPSG codes give [ErrUnknownCRS]. Every
//     error wraps one of these sentinels and per-point errors are *CoordError
//     values carrying the input.
//
// The package holds no mutable state; every function and type is safe for
// concurrent use.
package crs
