// Package postal handles Vietnam's 5-digit postcodes (Decision
// 2475/QĐ-BTTTT, in force since 1 January 2018): the [Code] as a value
// ([Parse], leading zeros kept, the pre-2018 six-digit form reported as
// [ErrLegacyFormat]); the province prefixes of both administrative versions
// ([Prefixes], [Provinces]); the postcode of each of the 3,321 communes of
// 2025 ([ForCommune]); consistency checks between a postcode and a unit
// ([Check], giving a [Verdict]); and postal zones by point ([NewZones],
// [ZoneAt]).
//
// After the 2025 merger one province spans several prefixes (Hồ Chí Minh
// City 70-75 and 78), so a province is never read from the first two
// digits alone: every question goes through the prefix tables.
//
// Everything here is immutable and safe for concurrent use. The rules for
// legacy codes, shared prefixes and merged provinces are in the
// [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#postal
package postal
