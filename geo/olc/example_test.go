package olc_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/geo/olc"
)

func ExampleEncode() {
	// Bến Thành market, Hồ Chí Minh City. 106.698°E is exactly the western
	// edge of the 11-digit cell +262, so the point belongs to that cell.
	c, _ := olc.Encode(10.7725, 106.698, 11)
	a, _ := c.Decode()
	fmt.Println(c, a.Contains(10.7725, 106.698))
	// Output: 7P28QMFX+262 true
}

func ExampleCode_RecoverNearest() {
	// A plate reads "QMFX+262"; the reader is somewhere in District 1.
	short := olc.MustParse("QMFX+262")
	full, _ := short.RecoverNearest(10.78, 106.70)
	fmt.Println(full)
	// Output: 7P28QMFX+262
}

func ExampleParse() {
	_, err := olc.Parse("7P28QMFX+26O") // letter O typed for a digit
	fmt.Println(err)
	// Output: olc: invalid character: "7P28QMFX+26O" at byte 11: letter O is not a Plus Code digit (not even for 0)
}
