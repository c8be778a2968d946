package address_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo/crs"
)

func ExampleAllocator() {
	// Hồ Chí Minh City (province code 79) issues IDs in its own partition,
	// with no coordination with any other province.
	hcmc, _ := address.NewAllocator(address.AllocatorConfig{
		Key: []byte("keep this secret"), Partition: 79, Partitions: 100,
	})
	id, _ := hcmc.New()
	p, counter := hcmc.Counter(id)
	fmt.Println(id.Grouped(), p, counter)
	// Output: 696 836 5522 79 0
}

func ExampleParseID() {
	_, err := address.ParseID("696 836 5252") // two digits swapped
	fmt.Println(err)
	id, _ := address.ParseID("696-836-5522")
	fmt.Println(id)
	// Output:
	// address: wrong check digit: "696 836 5252": a digit is wrong or two digits are swapped
	// 6968365522
}

func ExampleNewParcelID() {
	// A 20 m square parcel around Bến Thành market on the Hồ Chí Minh City
	// cadastral grid (VN-2000 / TM-3 105-45), easting and northing in metres.
	e, n := 603481.5880, 1191454.6112
	parcel := square([2]float64{e, n}, 10)
	id, _ := address.NewParcelID(parcel, crs.TM3_10545, 0)
	fmt.Println(id)
	// Output: w3gv7cp47ee1
}

func ExampleSchemesOf() {
	fmt.Println(address.SchemesOf("012345678901"))   // also a well-formed GeoHash-12
	fmt.Println(address.SchemesOf("0123 4567 8901")) // with spaces it is not
	fmt.Println(address.SchemesOf("70000 7P28QMF"))
	// Output:
	// [mps-draft-2026 parcel-geohash12]
	// [mps-draft-2026]
	// [vpostcode-2020]
}

func ExampleParseHouseNumber() {
	// A southern address: house 2 in sub-alley 20 of alley 130.
	h, _ := address.ParseHouseNumber("130/20/2")
	fmt.Println(h.Number(), h.Alleys(), h.Odd())
	// Infill after number 20 and a house of housing group A.
	fmt.Println(address.MustParseHouseNumber("20-1").Compare(address.MustParseHouseNumber("20A")))
	fmt.Println(address.MustParseHouseNumber("bl.a-10"))
	// Output:
	// 2 [130 20] false
	// 1
	// BL.A-10
}
