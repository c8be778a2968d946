// Package crs converts coordinates between WGS84 and VN-2000, the national
// datum of Vietnam, and the VN-2000 projections of cadastral and
// topographic maps, agreeing with PROJ to well under a millimetre.
//
// Supported, by EPSG [Code] ([Lookup], [All]): 4326 WGS 84 and 4756
// VN-2000, geographic; the VN-2000 TM-3 zones 5896-5899 and 9205-9218 (one
// per central meridian from 102°00′ to 108°30′, k0 = 0.9999); VN-2000 /
// UTM 48N and 49N, 3405 and 3406.
//
// [Projection] ([NewProjection]) is the typed form the rest of diachi uses,
// between WGS84 [orb.Point] values (longitude, latitude) and [GridPoint]
// values with named Easting and Northing fields; [Transformer]
// ([NewTransformer]) converts any supported CRS to any other in the EPSG
// axis order of each. Both have batch methods that allocate nothing per
// point. [LegacyProvinces] maps the 63 pre-2025 provinces to their TM-3
// meridians. Errors wrap [ErrInvalidCoordinate], [ErrOutsideArea] or
// [ErrUnknownCRS]; everything is safe for concurrent use.
//
// The datum shift, the projection method and the area rules are explained
// in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geocrs
package crs
