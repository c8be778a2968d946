package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/shapefile"
	"github.com/diachi-vn/diachi/testdata/gen/shapefile/shpwrite"
)

// The street names of testdata/shapefile, in Unicode (testdata/gen/shapefile).
var encodedNames = []string{"Đường Nguyễn Thị Thập", "Đường Huỳnh Tấn Phát", "Hẻm Lê Văn Lương", "Đường Trần Xuân Soạn"}

// A .dbf in TCVN3 and one in VNI, with no .cpg, read to the same Unicode
// names, and each conversion is a finding that names the encoding.
func TestShapefileLegacyEncodings(t *testing.T) {
	for _, enc := range []string{"tcvn3", "vni"} {
		in, err := readShapefile(filepath.Join("..", "..", "testdata", "shapefile", enc, "streets.shp"), shapefile.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if in.crs != crs.TM3_10545 {
			t.Errorf("%s: CRS %v from the .prj, want EPSG:9210", enc, in.crs)
		}
		for i, f := range in.features {
			if got := f.Props.String("name"); got != encodedNames[i] {
				t.Errorf("%s: record %d: name %q, want %q", enc, i, got, encodedNames[i])
			}
		}
		if len(in.findings) != 1 || in.findings[0].Reason != finding.ConvertedText ||
			!strings.Contains(in.findings[0].Evidence, "4 text values") || !strings.Contains(in.findings[0].Evidence, enc) {
			t.Errorf("%s: findings %+v, want one converted_text naming %s", enc, in.findings, enc)
		}
	}
}

func writeNames(t *testing.T, e vnenc.Encoding, cpg string) string {
	t.Helper()
	set := shpwrite.Set{Type: 1, CPG: cpg, Fields: []shpwrite.Field{{Name: "name", Type: 'C', Length: 60}}}
	for i, n := range encodedNames {
		b, err := vnenc.Encode(e, n)
		if err != nil {
			t.Fatal(err)
		}
		set.Geoms = append(set.Geoms, orb.Point{float64(i), 0})
		set.Rows = append(set.Rows, []any{b})
	}
	dir := t.TempDir()
	if err := shpwrite.Write(dir, "l", set); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "l.shp")
}

// The .cpg names the encoding when it names a Vietnamese one; one that
// names another (Windows' 1252, which ArcGIS writes on a western system)
// is overridden by detection, and the finding says so; text that is not
// in the encoding the .cpg names is an error, not mojibake.
func TestShapefileCodePage(t *testing.T) {
	for _, tc := range []struct {
		enc  vnenc.Encoding
		cpg  string
		want string // in the finding; "" for none
	}{
		{vnenc.UTF8, "UTF-8", ""},
		{vnenc.Windows1258, "1258", "windows-1258 (named by its .cpg)"},
		{vnenc.TCVN3, "1252", `its .cpg names "1252"`},
		{vnenc.VNI, "", "from vni (detected"},
	} {
		in, err := readShapefile(writeNames(t, tc.enc, tc.cpg), shapefile.Options{})
		if err != nil {
			t.Fatalf("%v: %v", tc.enc, err)
		}
		for i, f := range in.features {
			if got := f.Props.String("name"); got != encodedNames[i] {
				t.Errorf("%v: name %q, want %q", tc.enc, got, encodedNames[i])
			}
		}
		switch {
		case tc.want == "" && len(in.findings) != 0:
			t.Errorf("%v: findings %+v for UTF-8 text", tc.enc, in.findings)
		case tc.want != "" && (len(in.findings) != 1 || !strings.Contains(in.findings[0].Evidence, tc.want)):
			t.Errorf("%v: findings %+v, want one saying %q", tc.enc, in.findings, tc.want)
		}
	}
	if _, err := readShapefile(writeNames(t, vnenc.TCVN3, "UTF-8"), shapefile.Options{}); err == nil {
		t.Error("TCVN3 text under a .cpg that says UTF-8 read without an error")
	}
}

// A Shapefile without a .prj is in the CRS given; a .prj of a CRS that is
// not supported is an error naming the file.
func TestShapefileCRS(t *testing.T) {
	path := writeNames(t, vnenc.UTF8, "")
	in, err := readShapefile(path, shapefile.Options{})
	if err != nil || in.crs != 0 {
		t.Fatalf("no .prj: CRS %v, %v", in.crs, err)
	}
	os.WriteFile(strings.TrimSuffix(path, ".shp")+".prj", []byte(`PROJCS["WGS 84 / UTM zone 48N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",105],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0]]`), 0o644)
	if _, err := readShapefile(path, shapefile.Options{}); err == nil || !strings.Contains(err.Error(), "l.prj") {
		t.Errorf("WGS 84 UTM: %v", err)
	}
}
