package admin_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/address/admin"
)

// The tail of a legacy address as people write it, resolved in the legacy
// units and converted to the 2025 commune it became.
func ExampleDataset_Resolve() {
	legacy := admin.Load(admin.Legacy)
	r := legacy.Resolve("P. Tân Thuận Tây", "Q7", "HCM")
	fmt.Println(r.Status)
	fmt.Println(r.Commune.Code, r.Commune.Name)
	fmt.Println(r.District.Code, r.District.Name)
	fmt.Println(r.Province.Code, r.Province.Name)
	conv, err := admin.Convert(r.Commune.Code)
	if err != nil {
		panic(err)
	}
	for _, s := range conv.To {
		fmt.Println("2025:", s.Unit.Code, s.Unit.Name)
	}
	// Output:
	// tolerant
	// 27469 Phường Tân Thuận Tây
	// 778 Quận 7
	// 79 Thành phố Hồ Chí Minh
	// 2025: 27478 Phường Tân Thuận
}

// A name without diacritics may mean several communes: every one is
// returned, never just the first.
func ExampleDataset_Match() {
	v2025 := admin.Load(admin.V2025)
	for _, c := range v2025.Match(admin.Commune, "p hoang mai", admin.Code{}) {
		p, _ := v2025.Province(c.Unit.Code)
		fmt.Println(c.Unit.Code, c.Unit.Name, "-", p.Name, c.Kind)
	}
	// Output:
	// 00331 Phường Hoàng Mai - Thành phố Hà Nội tolerant
	// 17110 Phường Hoàng Mai - Tỉnh Nghệ An tolerant
}

// Phường Tràng Tiền of Hà Nội was split in 2025: it converts to every
// commune that received part of it, with no share guessed.
func ExampleConvert() {
	trangTien := admin.MustCode(admin.Legacy, admin.Commune, "00079") // Hà Nội
	conv, err := admin.Convert(trangTien)
	if err != nil {
		panic(err)
	}
	fmt.Println(conv.From.Name, conv.Kind, conv.Sources)
	for _, s := range conv.To {
		fmt.Println(s.Unit.Code, s.Unit.Name, s.Share == nil)
	}
	back, _ := admin.Predecessors(conv.To[1].Unit.Code)
	fmt.Printf("%s was made of %d legacy communes, wholly or in part\n", conv.To[1].Unit.Name, len(back))
	// Output:
	// Phường Tràng Tiền split both
	// 00070 Phường Hoàn Kiếm true
	// 00082 Phường Cửa Nam true
	// Phường Cửa Nam was made of 9 legacy communes, wholly or in part
}
