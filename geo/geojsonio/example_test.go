package geojsonio_test

import (
	"fmt"
	"strings"

	"github.com/diachi-vn/diachi/geo/geojsonio"
)

// A cadastral parcel in VN-2000 / TM-3 105°45′ (EPSG:9210, the grid of Hồ
// Chí Minh City), then a file that is no collection at all.
func ExampleRead() {
	in := `{"type": "FeatureCollection",
	 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::9210"}},
	 "features": [{"type": "Feature",
	   "geometry": {"type": "Polygon", "coordinates": [[[606669, 1188320], [606675, 1188320], [606675, 1188350], [606669, 1188350], [606669, 1188320]]]},
	   "properties": {"commune": "27478", "sheet": 6, "number": 22}}]}`
	c, err := geojsonio.Read(strings.NewReader(in), geojsonio.Options{})
	if err != nil {
		panic(err)
	}
	f := c.Features[0]
	fmt.Println(c.CRS, f.Geometry.GeoJSONType(), f.Geometry.Bound().Max, string(f.Properties))

	_, err = geojsonio.Read(strings.NewReader(`{"type": "FeatureCollection", "features": null}`), geojsonio.Options{})
	fmt.Println(err)
	// Output:
	// EPSG:9210 Polygon [606675 1.18835e+06] {"commune": "27478", "sheet": 6, "number": 22}
	// geojsonio: at byte 42: features is null: want an array ([] for none)
}
