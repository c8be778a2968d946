// Package registry is the gazetteer of a town, district or province: it
// loads streets, alleys, parcels, buildings and their entrances, communes
// and postal zones ([LoadDir], [ReadGeoJSON]; [Load] for Shapefiles and any
// GeoPackage, names mapped by a [Mapping]; or a [Source] built in code);
// numbers every building by Circular 08/2024/TT-BXD (address/numbering);
// links each house to its parcel, street, commune (2025 and legacy) and
// postcode; issues address IDs and Plus Codes; validates every record (each
// problem a [Finding]); and saves itself to a GeoPackage that QGIS and GDAL
// open, or to PostGIS ([Registry.SavePostGIS]).
//
//	src, _ := registry.LoadDir(ctx, "testdata/town", 0)
//	reg, _ := registry.Build(ctx, src, registry.Options{IDKey: key})
//	hs, a, _ := reg.Lookup("37 Nguyễn Thị Thập, P. Phú Thuận, TP.HCM") // also ByID, BySource, ByExternal
//	pl, err := reg.At(orb.Point{lon, lat}) // house, parcel, street, commune, postcode; err: invalid or outside
//	_ = reg.Save(ctx, "town.gpkg")    // back with Open, or read in part for At with OpenSaved
//
// [Build] decodes each record by the [Schema] and links typed records. A
// [Registry] is immutable; what it issued is its [Ledger], kept by every
// later build. Changes ([Registry.Add], [Registry.Split], [Registry.Merge],
// [Registry.Retire]…) return the next registry, validated, whole and kept
// as an [Event]; [Live] serves readers meanwhile. See the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressregistry
package registry
