// Package geo holds the metric helpers of diachi: lengths in [Meters], geodesic
// distance on the WGS84 ellipsoid, linear referencing of points on street
// centrelines ([Line], [Locate]) and the pole of inaccessibility of a polygon
// ([Polylabel]).
//
// Points are [orb.Point] values holding longitude then latitude in degrees
// (WGS84 unless a function says otherwise). Lengths are always [Meters].
//
// # Decisions
//
//   - Geodesic distance uses Vincenty's inverse formula on the WGS84
//     ellipsoid (sub-millimetre for any two points in Vietnam). For nearly
//     antipodal points, where the iteration does not converge, [Distance] falls
//     back to the great-circle distance on a sphere of the mean radius; no
//     address in Vietnam is concerned.
//   - Linear referencing measures the distance along a line as the sum of the
//     geodesic lengths of its segments, so the along value of a vertex does
//     not depend on the point being located. The position inside a segment and
//     the perpendicular offset are computed in a local plane centred on the
//     located point (an equirectangular plane scaled by the ellipsoid's radii
//     of curvature there), exact to a few parts per million over a street.
//   - The side of a point follows the direction of the line: positive offsets
//     are on the left, negative on the right. A point on the line has offset 0
//     and [SideOn]. Where the nearest point of the line is an interior vertex,
//     the side is taken against the bisector of the two segments meeting there,
//     so that the two segments never disagree; at a full reversal (a hairpin)
//     the incoming segment decides, and a point straight beyond the tip of the
//     reversal, collinear with both segments, has offset 0 and [SideOn] while
//     [Location.Distance] keeps its true distance. Past either end, along is clamped to 0 or
//     the length, [Location.Past] says which end, and the offset is the
//     component perpendicular to the end segment (the distance to the end point
//     is in [Location.Distance]).
//   - Ties between segments at equal distance go to the lowest segment index,
//     so results are deterministic.
//   - Polylabel searches a quadtree of cells, best first, until no cell can
//     improve the answer by more than the requested precision. The WGS84
//     version works in metres in a local plane centred on the polygon's
//     bounding box; [PolylabelPlanar] works in any planar unit (for example
//     VN-2000 easting and northing).
//
// Everything in this package is pure and safe for concurrent use; a [Line] is
// immutable once built.
package geo
