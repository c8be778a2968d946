// Package address holds the address as people write it and the identifiers
// of addresses and land parcels: house numbers ([HouseNumber], with the
// forms of Circular 08/2024 and of the southern slash chains) and
// apartment numbers, diachi's own digital address [ID] with its
// [Allocator], the land [ParcelID], and [ExternalID] foreign keys into the
// national systems.
//
// # Parsing and formatting
//
// [Parse] reads an address as written and says what it understood: each
// component with its span in the input and a confidence for the whole.
// Decisions:
//   - Units are read from the end, richest reading first (commune,
//     district, province; then commune and province in 2025 or legacy
//     units; then a province or a commune alone; then, without commas,
//     every split of the last words). A sure reading of more units wins; a
//     2025 reading wins a tie when no district is written. An ambiguous
//     tail lists every reading in Alternatives and sets no commune.
//   - Nothing is invented: a district is set only when written (a legacy
//     commune's district is implied, not shown); text that starts like a
//     unit but does not resolve, and words left in front of a comma-less
//     tail, stay in Remainder rather than becoming a street.
//   - Streets and places are kept as written (normalized): without a street
//     gazetteer a missing diacritic cannot be restored.
//   - [Format] writes components only (never the Remainder). The official
//     2025 form converts legacy units to their single successor; a commune
//     split in 2025 keeps its legacy units and district rather than a
//     guess.
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
