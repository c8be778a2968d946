package crs_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/crs"
)

// A phone reports a house entrance in WGS84; the land office's cadastral map
// of Hồ Chí Minh City is in VN-2000 / TM-3 105-45.
func ExampleProjection() {
	hcmc, err := crs.NewProjection(crs.TM3_10545)
	if err != nil {
		panic(err)
	}
	g, err := hcmc.Forward(orb.Point{106.698, 10.7725}) // lon, lat
	if err != nil {
		panic(err)
	}
	fmt.Printf("E %.4f N %.4f\n", g.Easting, g.Northing)
	// Output: E 603481.5880 N 1191454.6112
}

// The TM-3 zone of a cadastral sheet follows the province it was drawn for,
// under the 63-province system.
func ExampleLegacyProvinceByCode() {
	p, _ := crs.LegacyProvinceByCode("01")
	fmt.Println(p.Name, p.TM3().Code(), p.TM3().Name())
	// Output: Hà Nội EPSG:5897 VN-2000 / TM-3 zone 482
}

func ExampleTransformer_Transform() {
	tr, _ := crs.NewTransformer(crs.WGS84, crs.VN2000)
	lat, lon, _ := tr.Transform(21.03, 105.85)
	fmt.Printf("%.10f %.10f\n", lat, lon)
	_, _, err := tr.Transform(48.85, 2.35) // Paris
	fmt.Println(err)
	// Output:
	// 21.0309859356 105.8481173175
	// crs: point outside the area of use: EPSG:4326 (48.85, 2.35): maps to 48.850000°N 2.350000°E, outside 6–24°N 101–118°E
}

// At Bến Thành market, plain cs2cs uses the older Mekong-delta shift for
// TM-3 105-45, whose area of use reaches the delta, and the national one for
// TM-3 106-00, whose area does not; the default is the national shift.
func ExampleWithMekong5194() {
	for _, to := range []crs.Code{crs.TM3_10545, crs.TM3_10600} {
		national, _ := crs.NewTransformer(crs.WGS84, to)
		asCS2CS, _ := crs.NewTransformer(crs.WGS84, to, crs.WithMekong5194())
		e, n, _ := national.Transform(10.7725, 106.698)
		fmt.Printf("%v national %.4f %.4f\n", to, e, n)
		e, n, _ = asCS2CS.Transform(10.7725, 106.698)
		fmt.Printf("%v as cs2cs  %.4f %.4f\n", to, e, n)
	}
	// Output:
	// EPSG:9210 national 603481.5880 1191454.6112
	// EPSG:9210 as cs2cs  603480.7904 1191454.5656
	// EPSG:9211 national 576139.1376 1191381.3497
	// EPSG:9211 as cs2cs  576139.1376 1191381.3497
}
