// Package geo holds the metric helpers of diachi: lengths in [Meters],
// geodesic distance on the WGS84 ellipsoid ([Distance]), the local plane
// every distance between nearby points is measured on ([Plane], with its
// error bound), linear referencing of points on street centrelines
// ([NewLine], [Line.Locate], [Line.PointAt]) and the pole of
// inaccessibility of a polygon ([Polylabel], and [PolylabelPlanar] for
// VN-2000 or any planar coordinates).
//
// Points are [orb.Point] values holding longitude then latitude in degrees
// (WGS84 unless a function says otherwise). A [Location] gives where a
// point lies along a line: the distance along, the signed offset (positive
// on the left of the line's direction, [SideLeft]), the nearest point and
// the segment, and whether the point is past either end ([Past]).
//
// Everything in this package is pure and safe for concurrent use; a [Line] is
// immutable once built. The methods and the rules at vertices, ends and ties
// are explained in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geo
package geo
