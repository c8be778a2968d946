// Command shapefile writes testdata/shapefile: the same four streets as
// Shapefiles whose .dbf text is in TCVN3 (ABC) and in VNI, with no .cpg,
// as old cadastral tools leave them. Run from the repository root:
//
//	go run ./testdata/gen/shapefile
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/diachi-vn/diachi/testdata/gen/shapefile/shpwrite"
)

// Names lists the street names written, in Unicode: what both files read
// back to.
var Names = []string{"Đường Nguyễn Thị Thập", "Đường Huỳnh Tấn Phát", "Hẻm Lê Văn Lương", "Đường Trần Xuân Soạn"}

// prj is the Esri form of VN-2000 / TM-3 105-45 (EPSG:9210), with no EPSG
// code, as GDAL writes a Shapefile's .prj.
const prj = `PROJCS["VN-2000_TM-3_105-45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

func main() {
	for _, e := range []vnenc.Encoding{vnenc.TCVN3, vnenc.VNI} {
		dir := filepath.Join("testdata", "shapefile", e.String())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail(err)
		}
		set := shpwrite.Set{Type: 3, PRJ: prj, Fields: []shpwrite.Field{{Name: "id", Type: 'C', Length: 10}, {Name: "name", Type: 'C', Length: 80}, {Name: "cross_sect", Type: 'N', Length: 10, Decimals: 1}}}
		for i, n := range Names {
			b, err := vnenc.Encode(e, n)
			if err != nil {
				fail(fmt.Errorf("%s in %v: %w", n, e, err))
			}
			x := 609000 + 100*float64(i)
			set.Geoms = append(set.Geoms, orb.LineString{{x, 1188000}, {x, 1188400}})
			set.Rows = append(set.Rows, []any{fmt.Sprintf("s%d", i+1), b, 12.5 + float64(i)})
		}
		if err := shpwrite.Write(dir, "streets", set); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "shapefile:", err)
	os.Exit(1)
}
