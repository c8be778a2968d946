package vnenc_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/address/vnenc"
)

func ExampleDecode() {
	// A cell from a spreadsheet typed in the .VnTime font.
	cell := []byte("Ph\xAD\xEAng B\xD5n Ngh\xD0, Qu\xCBn 1, Th\xB5nh ph\xE8 H\xE5 Ch\xDD Minh")
	enc, _ := vnenc.Detect(cell)
	s, err := vnenc.Decode(enc, cell)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(enc)
	fmt.Println(s)
	// Output:
	// tcvn3
	// Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh
}
