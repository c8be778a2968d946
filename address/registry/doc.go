// Package registry is the gazetteer of a town, district or province: it
// loads streets, alleys, parcels, buildings and their entrances, communes
// and postal zones ([LoadDir], [ReadGeoJSON]; [Load] for Shapefiles and any
// GeoPackage, names mapped by a [Mapping]; or a [Source] built in code);
// numbers every building by Circular 08/2024/TT-BXD (address/numbering);
// links each house to its parcel, street, commune (2025 and legacy) and
// postcode; issues address IDs and Plus Codes; validates every record (each
// problem a [Finding]); and saves itself to a GeoPackage that QGIS and GDAL
// open.
//
//	src, _ := registry.LoadDir(ctx, "testdata/town", 0)
//	reg, _ := registry.Build(ctx, src, registry.Options{IDKey: key})
//	h, _ := reg.ByID(id)             // by address ID (also BySource, ByExternal)
//	hs, a, _ := reg.Lookup("37 Nguyễn Thị Thập, P. Phú Thuận, TP.HCM")
//	pl, err := reg.At(orb.Point{lon, lat}) // house, parcel, street, commune, postcode; err: invalid or outside
//	_ = reg.Save(ctx, "town.gpkg")    // and back with Open
//
// [Build] decodes each record by the attribute [Schema], then links typed
// records: a [House] refers to its street and parcel by [StreetRef] and
// [ParcelRef]. A [Registry] is immutable once built and safe for
// concurrent use. The decisions (decoding, doors, communes, IDs, findings,
// the saved file) are in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressregistry
package registry
