package postal_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/postal"
)

// Postcodes keep their leading zeros (Quảng Ninh's start 01); the pre-2018
// six-digit form is reported as legacy, never cut to five digits.
func ExampleParse() {
	for _, s := range []string{"01000", "70000", "700000", "7000"} {
		c, err := postal.Parse(s)
		fmt.Printf("%q %v %v\n", s, c, err)
	}
	// Output:
	// "01000" 01000 <nil>
	// "70000" 70000 <nil>
	// "700000"  postal: pre-2018 six-digit postcode: "700000": six digits is the numbering replaced on 1 January 2018; look up its five-digit successor
	// "7000"  postal: not a postcode: "7000": 4 digits, want 5
}

// The postcode of Phường Bến Thành, Hồ Chí Minh City, and how other
// postcodes compare with it.
func ExampleCheck() {
	benThanh := admin.MustCode(admin.V2025, admin.Commune, "26743")
	own, err := postal.ForCommune(benThanh)
	if err != nil {
		panic(err)
	}
	fmt.Println(own)
	for _, s := range []string{own.String(), "70000", "10000"} {
		v, err := postal.Check(postal.MustParse(s), benThanh)
		fmt.Println(s, v, err)
	}
	// Output:
	// 71009
	// 71009 match <nil>
	// 70000 same-province <nil>
	// 10000 mismatch <nil>
}

// After the 2025 merger Hồ Chí Minh City spans several prefixes, so a
// province is never read from the first two digits alone.
func ExamplePrefixes() {
	hcmc := admin.MustCode(admin.V2025, admin.Province, "79")
	fmt.Println(postal.Prefixes(hcmc))
	for _, p := range postal.Provinces(postal.MustParse("78000")) {
		u, _ := admin.Load(p.Version()).Unit(p)
		fmt.Println(p.Version(), u.Name)
	}
	// Output:
	// [70 71 72 73 74 75 78]
	// 2025 Thành phố Hồ Chí Minh
}
