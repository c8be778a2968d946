package clean_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/diachi-vn/diachi/address/clean"
)

// A small list from a ward office, as a spreadsheet exports it: the input
// columns come back unchanged, followed by what was read. Phường Trung Hòa
// was split in 2025, so the first row's official form keeps its legacy
// units rather than a guess. The third row is the first written another
// way; the last, its address not quoted, has too many cells and stays in
// place as an error row.
func ExampleCleaner() {
	in := "stt,dia_chi\n" +
		"1,\"so 12 ngo 34 duong tran duy hung, p trung hoa, q cau giay, ha noi\"\n" +
		"2,\"37 Nguyễn Thị Thập, P. Tân Phú, Q7, TP.HCM\"\n" +
		"3,\"Số 12 Ngõ 34 Trần Duy Hưng, Trung Hòa, Cầu Giấy, Hà Nội\"\n" +
		"4,5 Hàng Bông, Hoàn Kiếm, Hà Nội\n"
	r := clean.NewReader(strings.NewReader(in), ',')
	header, _, err := r.Read()
	if err != nil {
		panic(err)
	}
	c, err := clean.New(header, clean.Options{})
	if err != nil {
		panic(err)
	}
	cols := map[string]int{}
	for i, name := range c.Header() {
		cols[name] = i
	}
	dedup := clean.NewDedup()
	for n := 1; ; n++ {
		fields, _, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var row clean.Row
		if err != nil {
			row = c.Bad(fields, err)
		} else {
			row = c.Clean(fields)
		}
		if first, dup := dedup.Group(n, row.Key); dup {
			row.SetDuplicateOf(first)
		}
		fmt.Println(row.Out[0], row.Status)
		for _, col := range []string{"official", "postcode", "duplicate_of", "error"} {
			if v := row.Out[cols[col]]; v != "" {
				fmt.Printf("  %s: %s\n", col, v)
			}
		}
	}
	// Output:
	// 1 ok
	//   official: Số 12 ngõ 34 Đường Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội
	// 2 ok
	//   official: Số 37 Nguyễn Thị Thập, Phường Tân Mỹ, Thành phố Hồ Chí Minh
	//   postcode: 72916
	// 3 ok
	//   official: Số 12 ngõ 34 Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội
	//   duplicate_of: 1
	// 4 error
	//   error: 4 fields, the header has 2; extra fields: " Hoàn Kiếm" | " Hà Nội"
}
