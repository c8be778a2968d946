package index_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/index"
)

// Two neighbouring parcels of sheet 6 in Hồ Chí Minh City share an edge.
// A point on that edge belongs to exactly one of them: the one to its
// east.
func ExamplePolygonIndex_Containing() {
	rect := func(w, e float64) orb.Polygon {
		return orb.Polygon{{{w, 10.7530}, {e, 10.7530}, {e, 10.7532}, {w, 10.7532}, {w, 10.7530}}}
	}
	ix, err := index.BuildPolygonIndex([]index.Feature[string]{
		{Geometry: rect(106.7350, 106.7352), Value: "tờ 6 thửa 21"},
		{Geometry: rect(106.7352, 106.7354), Value: "tờ 6 thửa 22"},
	})
	if err != nil {
		panic(err)
	}
	for _, p := range []orb.Point{{106.7351, 10.7531}, {106.7352, 10.7531}, {106.7360, 10.7531}} {
		parcel, ok := ix.Containing(p)
		fmt.Printf("%v %q %v\n", p, parcel, ok)
	}
	// Output:
	// [106.7351 10.7531] "tờ 6 thửa 21" true
	// [106.7352 10.7531] "tờ 6 thửa 22" true
	// [106.736 10.7531] "" false
}

// The street nearest a door near Bến Thành market, Hồ Chí Minh City, with
// how far along the street the door is and on which side.
func ExampleLineIndex_Nearest() {
	var streets index.LineIndex[string]
	_ = streets.Insert(orb.LineString{{106.6990, 10.7722}, {106.7032, 10.7764}}, "Đường Lê Lợi")
	_ = streets.Insert(orb.LineString{{106.6995, 10.7714}, {106.7058, 10.7712}}, "Đường Hàm Nghi")
	m, ok := streets.Nearest(orb.Point{106.7010, 10.7738}, 200)
	fmt.Println(ok, m.Value)
	fmt.Printf("%.0f m along, %.0f m to the %s\n", m.Location.Along, m.Location.Distance, m.Location.Side)
	// Output:
	// true Đường Lê Lợi
	// 280 m along, 31 m to the right
}

// The two landmarks nearest a point in Phường Sài Gòn, Hồ Chí Minh City,
// within 500 m, nearest first.
func ExamplePointIndex_KNearest() {
	var places index.PointIndex[string]
	for _, p := range []struct {
		name string
		at   orb.Point
	}{
		{"Chợ Bến Thành", orb.Point{106.6981, 10.7725}},
		{"Nhà hát Thành phố", orb.Point{106.7031, 10.7767}},
		{"Bưu điện Trung tâm Sài Gòn", orb.Point{106.7000, 10.7799}},
		{"Nhà thờ Đức Bà", orb.Point{106.6990, 10.7798}},
		{"Dinh Độc Lập", orb.Point{106.6953, 10.7770}},
	} {
		_ = places.Insert(p.at, p.name)
	}
	for _, m := range places.KNearest(orb.Point{106.7000, 10.7790}, 2, 500, nil) {
		fmt.Printf("%s, %.0f m\n", m.Value, m.Distance)
	}
	// Output:
	// Bưu điện Trung tâm Sài Gòn, 100 m
	// Nhà thờ Đức Bà, 141 m
}
