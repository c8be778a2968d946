// Package address holds the address as people write it and the identifiers
// of addresses and land parcels.
//
//   - [Parse] and [ParseWith] read an address written any way people and
//     scanners write it, in the legacy or the 2025 units, into an [Address]
//     with each component's [Span], a [Status], a confidence and every
//     [Repair] made; [Format] writes it back in a [Style] (the official
//     2025 form, the legacy form, southern, ASCII), [Label] as a postal
//     label, and [Normalize] cleans a string.
//   - [HouseNumber] ([ParseHouseNumber]) is a number as written on plates
//     (12A, 20-1, 15bis, 130/20/2, A10), with its order along a street and
//     its parity; [Apartment] a flat's number.
//   - [ID] ([ParseID]) is diachi's own 10-digit address ID with a Damm check
//     digit, issued by an [Allocator] in unrelated order; [ParcelID]
//     ([NewParcelID]) is the land parcel's GeoHash-12 ID; [ExternalID] keeps
//     the IDs of national systems as typed foreign keys ([SchemesOf]).
//
// Values are comparable, immutable and safe for concurrent use, as is an
// [Allocator]. How addresses are read, and the ID schemes, are specified
// in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#address
package address
