// Package address holds the address as people write it and the identifiers
// of addresses and land parcels: house numbers ([HouseNumber], with the
// forms of Circular 08/2024 and of the southern slash chains) and
// apartment numbers, diachi's own digital address [ID] with its
// [Allocator], the land [ParcelID], and [ExternalID] foreign keys into the
// national systems.
//
// # The address ID scheme (diachi-v1)
//
// An [ID] is ten decimal digits: nine of payload and one check digit,
// written in groups for reading aloud ("123 456 7890") and stored without
// separators. The check digit is the Damm check digit of the nine payload
// digits (H. M. Damm, "Total anti-symmetrische Quasigruppen", 2004): start
// with state 0, for each digit d replace the state with the table entry in
// row state, column d; the state after the last payload digit is the check
// digit, and a valid ID processed whole ends in state 0. The table is
// printed in id.go. The scheme detects every single-digit error and every
// transposition of two adjacent digits, check digit included; the tests
// check both properties of the table exhaustively and on a million IDs.
//
// Payloads are not sequential: an [Allocator] maps a counter through a keyed
// permutation of the 10⁹ payloads (an 8-round Feistel network on 30 bits
// with cycle-walking, round keys derived from the caller's secret key by
// SHA-256), so consecutive issues and neighbouring houses get unrelated IDs.
// The counter space is cut into equal partitions, one per province for
// example, so provinces issue IDs independently and never collide.
//
// Parsing is tolerant of how people write numbers (spaces, hyphens, dots,
// full-width digits) and strict about the digits themselves: a wrong check
// digit is an error, never corrected.
//
// # Land parcel IDs
//
// A [ParcelID] is the GeoHash-12 of the parcel's pole of inaccessibility,
// found with [geo.PolylabelPlanar] in the VN-2000 TM-3 plane at a precision
// of [ParcelIDPrecision] (10 cm) and converted to WGS84 with the national
// datum shift (EPSG:6960). IDs are issued once and stored: never recompute
// one after the parcel is edited.
//
// # External identifiers
//
// The national platform's 10-digit object IDs, VNPost's Vpostcode and the
// Ministry of Public Security's 12-digit location IDs have no public
// algorithm; [ExternalID] keeps them as typed, versioned foreign keys with
// format validation only, and [SchemesOf] tells which schemes a string could
// belong to.
//
// Values in this package are comparable, immutable and safe for concurrent
// use; an [Allocator] is safe for concurrent use.
package address
