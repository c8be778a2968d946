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

func ExampleParse() {
	// Typed by a clerk: no commas, no diacritics, the district written
	// with its old type word.
	a, _ := address.Parse("so 12 ngo 34 duong tran duy hung p trung hoa q cau giay ha noi")
	fmt.Println(a.HouseNumber, a.Alleys[0].Number, a.StreetType, "|", a.StreetName)
	fmt.Println(a.Commune.Name, "/", a.District.Name, "/", a.Province.Name, "/", a.Version, a.Status())
	// Scanned: stray commas inside a name, "rn" for "m", letters glued.
	a, _ = address.Parse("Xã Cẩm S,ơn, Huyện Cẩrn Xuyên, HàTĩnh")
	fmt.Println(a.Commune.Name, "/", a.District.Name, "/", a.Province.Name)
	for _, r := range a.Repairs {
		fmt.Printf("%s %q\n", r.Kind, r.Text)
	}
	// Only a ward: its province is implied.
	a, _ = address.Parse("P. Dịch Vọng Hậu")
	fmt.Println(a.Commune.Name, "/", a.Province.Name, a.ImpliedProvince, a.Status())
	// Output:
	// 12 34 Đường | Trần Duy Hưng
	// Phường Trung Hòa / Quận Cầu Giấy / Thành phố Hà Nội / legacy ok
	// Xã Cẩm Sơn / Huyện Cẩm Xuyên / Tỉnh Hà Tĩnh
	// scan "Cẩrn"
	// stray "Xã Cẩm S,ơn"
	// glued "HàTĩnh"
	// Phường Dịch Vọng Hậu / Thành phố Hà Nội true implied
}

func ExampleParseWith() {
	// The same words in the two systems of units: a 2025 ward, or a
	// legacy district (whose commune is missing).
	for _, units := range []address.UnitsMode{address.Units2025, address.UnitsLegacy} {
		a, _ := address.ParseWith("Cầu Giấy, Hà Nội", address.ParseOptions{Units: units})
		fmt.Printf("%s: %q %q %s\n", units, a.Commune.Name, a.District.Name, a.Status())
	}
	// Output:
	// 2025: "Phường Cầu Giấy" "" ok
	// legacy: "" "Quận Cầu Giấy" partial
}
