// Package admin knows Vietnam's administrative units in two versions
// ([Version]): the legacy three-level system (63 provinces, 696 districts,
// 10,035 communes, until 30 June 2025) and the two-level system of 1 July
// 2025 (34 provinces, 3,321 communes).
//
//   - [Load] gives the embedded [Dataset] of a version; [Dataset.Unit]
//     finds a [Unit] by its [Code], which carries its version and level so
//     that codes of the two versions never meet, [Dataset.Lookup] by digits.
//   - [Dataset.Match] matches a name as people write it (no diacritics,
//     Đ/D, P./Q./TP., HCM…), and [Dataset.Resolve] a whole written tail
//     (commune, district, province), returning every reading of an
//     ambiguous one, never the first.
//   - [Convert] gives the 2025 communes a legacy commune became, every
//     candidate of a split commune included, and [Predecessors] the way
//     back; [ConvertAt] picks the successor holding a point.
//   - [NewBoundaries] and [UnitAt] find the unit of a point from boundaries.
//
// Datasets are immutable once loaded and safe for concurrent use. Sources
// and the rules of matching and conversion are in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressadmin
package admin
