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
// component with its span in the input, a [Status], a confidence, and the
// [Repair]s made to read it. Decisions:
//   - The text is read as a whole, not from the end: every run of words
//     that may name a unit, in both systems of units and at every level, is
//     a candidate (one trie of folded names, aliases and province
//     abbreviations, so "Cầu Giấy", "cau giay" and "caugiay" are one key);
//     the reading chosen explains the most letters with a consistent
//     hierarchy, exact names weighing more than tolerant ones, aliases and
//     typos, with a cost for words left unexplained among or after the
//     units and for levels out of order. Equal readings of the same words
//     that mean different places make the address ambiguous: every reading
//     is listed and only what they share is set.
//   - A name right after a street, alley, hamlet or landmark word ("Đường
//     Trần Phú", "chợ Bến Thành") or a house number is not a unit. A number
//     or a name of fewer than four letters is a unit only with its own type
//     word ("Phường 5", "Q.10"), or a bare number inside a run of names
//     ("Tân Quy 7 Hồ Chí Minh"). Aliases and abbreviations match letter for
//     letter; official names also match across the i/y and c/k spellings.
//   - Typos (one letter wrong, missing, extra or two swapped) are looked for
//     only when the exact reading reads no commune or leaves words
//     unexplained, only where a name starts (after a separator or a type
//     word), and only among the units of a province or district read, or
//     after a type word; never for names shorter than five letters (four
//     within a district). Of two names a typo away, the one that keeps the
//     diacritics written wins.
//   - Units mode ([ParseOptions.Units]): auto chooses, per address, the
//     system whose reading explains more (a written district, a name of one
//     system only); on a tie the 2025 reading, with the legacy one among
//     Alternatives. A legacy reading gives its 2025 communes
//     ([Address.Successors], every candidate of a split commune), a 2025
//     reading its legacy ones ([Address.Predecessors]).
//   - Levels the chosen units imply are filled in and marked
//     (ImpliedDistrict, ImpliedProvince): a commune implies its district and
//     province, a district its province. Nothing else is invented: the
//     tests read random strings and addresses with a level removed and
//     check that every unit returned is written or implied.
//   - Noise is read through and reported, never silently: stray punctuation
//     inside words, words glued together, scanning errors ("rn" for "m", a
//     digit inside a word), typos, abbreviated person names in streets
//     ("Ng." read as "Nguyễn"). The input is kept as given; the spans count
//     its bytes, so invalid UTF-8 and control characters are errors.
//   - Streets keep their type word apart ([Address.StreetType], in full:
//     "Đường", "Phố", "Quốc lộ") from their name; numbered and coded roads
//     stay whole ("Quốc lộ 1A", "Đường số 6", "N4"). Streets and places are
//     kept as written (normalized): without a street gazetteer a missing
//     diacritic cannot be restored. Places (thôn, xóm, ấp, tổ dân phố, khu
//     đô thị) go to Place; buildings and landmarks ("CC B3-1205", "gần
//     chợ …") to Remainder.
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
