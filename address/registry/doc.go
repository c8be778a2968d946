// Package registry is the gazetteer of a town, district or province: it
// loads streets, alleys, parcels, buildings and their entrances, communes
// and postal zones; numbers every building by Circular 08/2024/TT-BXD
// (address/numbering); links each house to its parcel, street, commune
// (2025 and legacy) and postcode; issues address IDs and Plus Codes;
// validates every record; answers queries; and saves itself to a
// GeoPackage that QGIS and GDAL open.
//
//	src, _ := registry.LoadDir(ctx, "testdata/town", 0)
//	reg, _ := registry.Build(ctx, src, registry.Options{IDKey: key})
//	h, _ := reg.ByID(id)             // by address ID (also BySource, ByExternal)
//	hs, a, _ := reg.Lookup("37 Nguyễn Thị Thập, P. Phú Thuận, TP.HCM")
//	pl := reg.At(orb.Point{lon, lat}) // house, parcel, street, commune, postcode
//	_ = reg.Save(ctx, "town.gpkg")
//
// # Source layers and the attributes read
//
// Every layer is a list of features (geometry and attributes) in one CRS:
// EPSG:4326 or any VN-2000 CRS of geo/crs (GeoJSON names it in its "crs"
// member, and a file naming none is WGS84 as RFC 7946 says unless LoadDir
// is given another CRS for such files; GeoPackage layers carry it). All
// layers are in the same CRS: a layer is never read in another's. GeoJSON
// is read by geo/geojsonio, strictly and within its limits; positions are
// 2D. Attributes not listed are kept and written back as given, in their
// order.
//
//   - streets (LineString or MultiLineString): id (required, unique), name,
//     cross_section (metres; a corner house is numbered on the wider
//     street), regime (circular08, legacy, as-drawn), centre_x/centre_y (a
//     radial street's centre, in the layer's CRS), abbrev (housing-group
//     prefix), parent (an alley's street), other (a linking alley's other
//     street), number (an alley's existing number).
//   - parcels (Polygon or MultiPolygon): commune (five-digit 2025 code, or
//     "legacy:commune:NNNNN"), sheet, number (the cadastral key), parcel_id
//     (a stored parcel GeoHash ID; computed when absent).
//   - buildings (Polygon, MultiPolygon, or Point for a planned lot): id
//     (required, unique), street (the street it opens on, when it has no
//     entrance), number (an existing number), group, planned, split_of,
//     parcel_sheet/parcel_number (the parcel its papers name), commune and
//     postcode (as written in its address), address_id (an existing
//     address ID), ext_<scheme> (external IDs, e.g. ext_vnpost-2021).
//   - entrances (Point): building, street, main.
//   - communes (Polygon): code (2025, or legacy:commune:NNNNN for a legacy
//     ward).
//   - postal_zones (Polygon): postcode.
//
// # Decisions
//
//   - Records the registry cannot use are findings with a reason code and
//     evidence, never dropped in silence: an invalid parcel is kept and
//     reported but not indexed; an unreadable number is reported and a
//     new number proposed; a bad address ID is reported and a new one
//     issued. Build fails only on what it cannot build from at all: a
//     malformed file, an unknown CRS, a street or building without an id
//     or with one used twice (ErrSource).
//   - The house's point, which links it to its parcel and commune, is
//     inside its footprint: the footprint's centroid when inside, else its
//     pole of inaccessibility. Its door, which numbers it, is its main
//     entrance; a building without entrances opens on its street at the
//     middle of its footprint edge nearest that street, and a building
//     naming no street on the nearest street within Options.StreetRadius.
//   - Existing numbers are kept (numbering grows around them) and audited;
//     only numbers the source gave are audited, as new ones are right by
//     construction. A duplicate the audit reports (same street) is not
//     reported again as duplicate_address, which is kept for the same full
//     address on different street records.
//   - Commune: the 2025 commune polygon holding the house's point; without
//     commune polygons, the commune of the parcel's key. Legacy commune:
//     the legacy ward polygon, else the single predecessor of the 2025
//     commune when it has one (else unknown: never guessed). Postcode: the
//     postal zone holding the point, else the commune's own postcode.
//   - Parcel IDs: a stored parcel_id is kept and never recomputed (see
//     address.ParcelID); missing ones are computed in the TM-3 zone of the
//     source (or Options.ParcelZone), in parallel. A multipolygon parcel's
//     ID is its largest part's.
//   - Address IDs: a valid address_id the source gives is kept; the others
//     are issued by address.Allocator in source order, in the partition of
//     the parcels' province (Options.Partitions/Partition override),
//     skipping any ID already written. NextCounter resumes the partition.
//   - Text lookup matches the named street an alley chain opens on
//     (without diacritics, case or the type word) and the full number
//     (130/20/2), then keeps houses of the commune written, 2025 or legacy.
//   - Save writes, in the source CRS, the layers parcels, streets, houses
//     (with number, status, street, side, along, parcel, commune, legacy
//     commune, postcode, Plus Code, address, findings), entrances, communes
//     and postal_zones, each with the source attributes as JSON in the
//     column "properties". Open rebuilds the registry from those layers
//     with the stored IDs and the saved numbering options, so the registry
//     opened is the one saved (tested). Files carry a schema version
//     (SchemaVersion); Open migrates older versions step by step through a
//     table of migrations (none yet: this is version 1) and refuses newer
//     ones with ErrSchema. A file cut short or altered is refused, never
//     loaded in part.
//   - A Registry is immutable once built and safe for concurrent use.
package registry
