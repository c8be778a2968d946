package geohash_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/geo/geohash"
)

// The front gate of Bến Thành market, Hồ Chí Minh City, at the precision of
// a land parcel ID: a cell of a few centimetres.
func ExampleEncode() {
	h, err := geohash.Encode(10.7725, 106.698, 12)
	if err != nil {
		panic(err)
	}
	b := h.Box()
	fmt.Println(h, b.Contains(10.7725, 106.698))
	fmt.Printf("%.7f-%.7f°N %.7f-%.7f°E\n", b.MinLat, b.MaxLat, b.MinLng, b.MaxLng)
	// Output:
	// w3gv7cp47ee1 true
	// 10.7724999-10.7725001°N 106.6979997-106.6980000°E
}

// The cell over Hoàn Kiếm Lake, Hà Nội, and the one north of it, which
// holds Đồng Xuân market.
func ExampleHash_Neighbor() {
	lake, err := geohash.Encode(21.0287, 105.8524, 6)
	if err != nil {
		panic(err)
	}
	north, _ := lake.Neighbor(geohash.North)
	fmt.Println(lake, north, north.Box().Contains(21.0381, 105.8497))
	// Output: w7er8s w7er8t true
}

// Upper case reads as the same code; characters outside the alphabet are
// errors at their position, never read as look-alikes.
func ExampleParse() {
	h, err := geohash.Parse("W3GV7CP47EE1")
	fmt.Println(h, err)
	_, err = geohash.Parse("w3gv7cp47eel") // a letter l typed for the digit 1
	fmt.Println(err)
	// Output:
	// w3gv7cp47ee1 <nil>
	// geohash: invalid character: "w3gv7cp47eel" at byte 11: letter l is not in the GeoHash alphabet (it has no a, i, l or o)
}
