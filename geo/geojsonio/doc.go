// Package geojsonio reads GeoJSON FeatureCollections into orb geometries,
// streaming, with limits on bytes, features and vertices checked while
// reading, so that a hostile or mistaken file is refused after reading no
// more than a limit's worth of it rather than after minutes and gigabytes.
// The registry (address/registry) and the diachi commands read GeoJSON
// through it.
//
//	c, err := geojsonio.Read(f, geojsonio.Options{})
//	for _, ft := range c.Features {
//		_ = ft.Geometry   // orb.Polygon, orb.LineString, … or nil
//		_ = ft.Properties // the properties object as written
//	}
//
// [Read] returns a [Collection] of [Feature] values; [Options] sets the
// limits. Errors wrap [ErrSyntax] or [ErrLimit]. What is read, what is
// refused and the limits are in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geogeojsonio
package geojsonio
