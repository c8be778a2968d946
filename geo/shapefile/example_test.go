package shapefile_test

import (
	"fmt"

	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/diachi-vn/diachi/geo/shapefile"
)

// A street layer as an old cadastral tool leaves it: VN-2000 with no EPSG
// code in its .prj, text in TCVN3 with no .cpg. The text is converted by
// the caller, here through address/vnenc.
func ExampleOpen() {
	f, err := shapefile.Open("../../testdata/shapefile/tcvn3/streets.shp", shapefile.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Type, len(f.Records), "records in", f.CRS)
	raw := f.Records[0].Values[1].(shapefile.Text)
	name, _ := vnenc.Decode(vnenc.TCVN3, raw)
	fmt.Println(f.Fields[1].Name, "=", name)
	// Output:
	// PolyLine 4 records in EPSG:9210
	// name = Đường Nguyễn Thị Thập
}
