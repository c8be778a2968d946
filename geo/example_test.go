package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
)

// Where is a house entrance relative to its street, here a street of
// Hoàn Kiếm, Hà Nội, drawn north to south? Odd numbers go on the left of
// the street's direction, even on the right.
func ExampleLine_Locate() {
	street, err := geo.NewLine(orb.LineString{{105.8500, 21.0300}, {105.8500, 21.0290}}) // runs north to south
	if err != nil {
		panic(err)
	}
	loc, _ := street.Locate(orb.Point{105.85005, 21.0295})
	fmt.Printf("%.1f m along, %.1f m to the %s\n", loc.Along, loc.Distance, loc.Side)
	// Output: 55.4 m along, 5.2 m to the left
}

func ExamplePolylabel() {
	// A 20 m × 10 m parcel in Hoàn Kiếm, Hà Nội: the label point is the
	// centre, 5 m from every long side.
	perLat, perLon := geo.WGS84().MetersPerDegree(21.03)
	dx, dy := 20/float64(perLon), 10/float64(perLat)
	parcel := orb.Polygon{{{105.85, 21.03}, {105.85 + dx, 21.03}, {105.85 + dx, 21.03 + dy}, {105.85, 21.03 + dy}, {105.85, 21.03}}}
	_, d, _ := geo.Polylabel(parcel, 0.01)
	fmt.Printf("%.2f m from the nearest edge\n", d)
	// Output: 5.00 m from the nearest edge
}
