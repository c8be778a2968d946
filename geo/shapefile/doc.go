// Package shapefile reads Esri Shapefiles in pure Go: the geometries of
// the .shp (points, multipoints, polylines and polygons, their Z and M
// variants read as 2D, Null shapes as nil), checked against the .shx, the
// attributes of the .dbf, the CRS of the .prj and the code page of the
// .cpg. A land office's layers come from QGIS, ArcGIS or a cadastral
// package in this form.
//
//	f, err := shapefile.Open("parcels.shp", shapefile.Options{})
//	for _, r := range f.Records {
//		_ = r.Geometry // orb.Polygon, orb.MultiPolygon, … or nil
//		_ = r.Values   // one per field of f.Fields
//	}
//
// [Open] reads a whole set into a [File]; [ReadSHP], [ReadSHX] and
// [ReadDBF] decode one file each, within the bounds of [Options]. Text
// values stay as [Text], in the file's own encoding: the reader converts
// them (address/registry does, through address/vnenc) and says so. Errors
// wrap [ErrFormat], [ErrLimit] or [ErrMissing]; nothing panics on a
// hostile file. The rules are in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geoshapefile
package shapefile
