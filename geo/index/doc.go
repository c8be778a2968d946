// Package index holds the spatial indexes of diachi, all taking and
// returning WGS84 [orb.Point] values (lon, lat):
//
//   - [PolygonIndex] ([BuildPolygonIndex]): which parcel, commune or postal
//     zone holds a point ([PolygonIndex.Containing],
//     [PolygonIndex.AllContaining]) or meets a box;
//   - [LineIndex]: the nearest streets, with where the point lies along
//     each ([LineIndex.Nearest], [LineIndex.KNearest]);
//   - [PointIndex]: the nearest houses, entrances or centroids.
//
// Containment is exact and semi-open: a point on an edge or vertex shared
// by polygons that tile the plane belongs to exactly one of them (the one
// to its east, or north for an east-west edge), decided by exact arithmetic.
// [Validate] and [Repair] check and mend geometries before they go in.
// Building and inserting are not safe for concurrent use; once built, every
// query is.
//
// The boundary rule, the storage and the search structures are explained
// in the [design note]; speed and memory are in BENCHMARKS.md.
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geoindex
package index
