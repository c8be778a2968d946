// Package geohash implements GeoHash: [Encode] a position to a [Hash], a
// base-32 string of 1 to [MaxPrecision] (12) characters, [Decode] it to
// its cell ([Box]), read one back ([Parse]) and find the neighbouring cells
// ([Hash.Neighbor], [Hash.Neighbors]). Land parcel IDs in Vietnam are
// GeoHash-12 strings, cells of about 3.7 cm × 1.9 cm (see
// address.ParcelID).
//
// Upper-case letters decode as the same code; any character outside the
// alphabet is a [*ParseError] naming its position; codes longer than 12
// characters and positions outside ±90° or ±180° are errors, never wrapped
// or truncated.
//
// [Hash] is a small comparable value; its zero value is invalid. Everything
// here is pure and safe for concurrent use. How edges and limits are
// decided is in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geogeohash
package geohash
