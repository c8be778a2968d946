// Package geojsonio reads GeoJSON FeatureCollections into orb geometries,
// streaming, with limits on bytes, features and vertices checked while
// reading, so that a hostile or mistaken file is refused after reading no
// more than a limit's worth of it rather than after minutes and gigabytes.
// The registry (address/registry) and the diachi commands read GeoJSON
// through it.
//
//	c, err := geojsonio.Read(f, geojsonio.Options{})
//	for _, ft := range c.Features {
//		_ = ft.Geometry   // orb.Polygon, orb.LineString, … or nil
//		_ = ft.Properties // the properties object as written
//	}
//
// # What is read
//
//   - A FeatureCollection (RFC 7946) and nothing else: null, a bare
//     Feature or geometry, a collection without a "features" member or
//     with "features": null are errors. "features": [] is an empty
//     collection; what an empty layer means is the caller's to say.
//   - Geometries as orb types: Point, MultiPoint, LineString,
//     MultiLineString, Polygon, MultiPolygon and GeometryCollection
//     (orb.Collection), with their members in any order. Shapes are taken
//     as written (a ring is not checked for closure or orientation): that
//     is the validation of geo/index, which reports each fault with its
//     place. A null geometry, or none, is nil.
//   - Positions of exactly two numbers, (x, y): longitude, latitude in
//     WGS84, or easting, northing in a projected CRS. A third value, an
//     altitude, is refused with ErrAltitude unless Options.DropAltitude
//     is set; then it is dropped and counted in Collection.Altitudes,
//     never dropped in silence.
//   - The CRS: RFC 7946 GeoJSON is WGS84 longitude, latitude, and a file
//     without a "crs" member is read as such (Collection.CRS is zero). The
//     "crs" member of GeoJSON 2008, {"type": "name", "properties": {"name":
//     …}}, names one with "EPSG:9210", "urn:ogc:def:crs:EPSG::9210" (any
//     version), "urn:ogc:def:crs:OGC:1.3:CRS84" or
//     "http://www.opengis.net/def/crs/EPSG/0/9210"; a CRS geo/crs does not
//     know is an error wrapping crs.ErrUnknownCRS. A "crs" member on a
//     feature or a geometry is refused: one layer has one CRS.
//   - Properties as the raw JSON object, byte for byte, for the caller to
//     decode as it needs (keeping the order of keys or the written form of
//     numbers); nil when absent or null. A feature's "id" is a string, a
//     json.Number as written, or nil.
//
// # Strictness
//
// Everything is validated as JSON (RFC 8259) while read, including the
// members skipped: text that is not UTF-8, a lone surrogate escape, a key
// given twice in any object, a number out of the float64 range (1e309),
// nesting deeper than MaxNesting, or anything after the collection is an
// error, never repaired. A leading UTF-8 byte order mark is skipped.
// Every error wraps ErrSyntax (a *SyntaxError with the byte offset and the
// feature) or ErrLimit (a *LimitError naming the limit), and ErrAltitude
// or crs.ErrUnknownCRS where they apply.
//
// # Limits
//
// Each limit of Options is checked as the input is read: MaxBytes (default
// 4 GiB), MaxFeatures (2^26), MaxVertices in the whole file (2^28, 4 GiB of
// points) and MaxGeometryVertices in one feature's geometry (2^22, a
// boundary of four million vertices; a parcel has tens). Zero takes the
// default; raise a limit by setting it.
//
// # Speed
//
// A hand-written scanner over a reused window of the input: numbers in the
// usual decimal form are converted exactly without strconv, positions go
// to shared slabs, properties to a shared arena, so a feature costs a few
// allocations; a file of 100 MB reads in seconds. BenchmarkDecode reads
// the same file with it and with orb's decoder, interleaved.
//
// Read is safe for concurrent use on different readers.
package geojsonio
