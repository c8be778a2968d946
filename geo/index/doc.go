// Package index holds the spatial indexes of diachi: [PolygonIndex] (which
// parcel, commune or postal zone contains a point), [LineIndex] (the
// nearest street, with where the point lies along it) and [PointIndex]
// (the nearest houses, entrances or centroids), all taking and returning
// WGS84 [orb.Point] values (lon, lat).
//
// # The boundary rule
//
// Containment is exact and semi-open. A point is in a polygon when a ray
// from it towards increasing longitude crosses the polygon's edges an odd
// number of times, where an edge counts when one end lies strictly north of
// the point and the other on or south of it, and the edge lies strictly east
// of the point. Consequences, for polygons that tile the plane (a cadastral
// fabric, communes):
//
//   - a point on an edge shared by two polygons belongs to exactly one: the
//     one to its east, or for an east-west edge the one to its north;
//   - a vertex shared by several polygons belongs to exactly one of them;
//   - holes and multipolygon parts follow from the same even-odd count: a
//     point on the edge of a hole belongs to the island inside it, if there
//     is one;
//   - a point on the outer boundary of the whole fabric belongs to a
//     polygon only on the fabric's south and west sides.
//
// Each edge is tested in a canonical direction (lower end first), so the
// two polygons sharing an edge always ask the same question, and the side
// of the point is decided by an exact orientation predicate (a floating-point
// determinant with Shewchuk's error bound, and exact rational arithmetic
// when the bound is not met). The rule therefore holds for every input
// point, not just most. Where real data overlaps, [PolygonIndex.Containing]
// returns the polygon inserted first and [PolygonIndex.AllContaining] lists
// every one.
//
// # Storage
//
// Polygon coordinates are stored in one flat array, rings closed, with a
// per-item vertex and ring range; the R-tree (tidwall/rtree) holds every
// item's float32 bounding box (relative to an origin near the data and
// rounded outward, so it always holds the true box). Polygons with
// more than 64 edges (communes, provinces) get a band index: their edges are
// bucketed by horizontal bands so a query tests only the edges that can
// cross its latitude. [BuildPolygonIndex] inserts items in Hilbert order
// and also builds a uniform grid of candidate lists, a cell for about eight
// items, so that a point query reads one cell instead of walking the tree
// (items spanning more than 64 cells are kept on a short list tested by
// box). Each entry of a list carries the item's box, its value and, for a
// polygon of one ring, its vertex range, so a query reads the list and the
// coordinates of the polygons whose box holds the point, and no other
// table: at a million parcels each table read is a cache and TLB miss.
// Items added later with [PolygonIndex.Insert] are found through the
// R-tree. Bucketing a box into cells or bands uses the same monotone
// function as bucketing the query point, so no candidate is ever missed.
//
// At 1,000,000 synthetic parcels a point query takes about 0.7 µs in
// random order and 0.5 µs in spatial order, with no allocation, and the
// index holds about 145 bytes a parcel beyond the vertices (BENCHMARKS.md).
//
// # Metric queries
//
// [LineIndex] and [PointIndex] measure in metres in a local plane centred on
// the query point (the plane of [geo.Line.Locate]), exact to a few parts per
// million within the radius of a street search. Their box distances are
// true lower bounds in that plane, so k-nearest answers are exact, ordered
// by distance, ties broken by insertion order.
//
// Their items are searched through a packed Hilbert R-tree: boxes sorted
// along the curve, grouped 16 to a node, each level in one flat array of
// float32 boxes (relative to an origin, rounded outward), so a node is
// four cache lines. A query walks it nearest child first and enters no box
// beyond the radius or the k-th distance found. (A dynamic R-tree of 64-box
// nodes read 32 cache lines a node; at a million houses a nearest query
// spent most of its time waiting on memory.) Long lines go in as pieces of
// at most 8 segments and about 110 m, a longer segment cut into parts. The
// tree is built on the first query after an insert, or by Prepare.
//
// With the tree comes a uniform grid that answers the short bounds (the
// rings of 32 and 64 m that nearly every query ends in) from the few cells
// of the square around the query point. Line pieces are listed, with their
// boxes, in every cell they overlap (a cell for about one piece, at least a
// third of the largest piece); a box over several cells of the square is
// taken in the first only, and the boxes within the bound are reported
// nearest first. For points the cells are HilbertKey's own cells at a level
// of about four points a cell: the tree's leaves are in curve order, so a
// cell is a run of consecutive leaves and a query reads the points
// themselves, next to each other. A square of more than 36 cells, or with
// more than 64 boxes within the bound, goes to the tree.
//
// # Concurrency
//
// Building and inserting are not safe for concurrent use; once built, every
// query method is safe for concurrent use by many goroutines (the first
// query after inserts builds the search tree while the others wait).
package index
