package crs_test

import (
	"errors"
	"testing"

	"github.com/diachi-vn/diachi/geo/crs"
)

// The definitions a land office's files carry: Esri's .prj dialect (as
// GDAL writes a Shapefile's, with no EPSG code), OGC WKT 1 with and without
// AUTHORITY, and WKT 2.
func TestFromWKT(t *testing.T) {
	for _, tc := range []struct {
		name, wkt string
		want      crs.Code
	}{
		{"esri prj TM-3 105-45", `PROJCS["VN-2000_TM-3_105-45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`, crs.TM3_10545},
		{"datum by TOWGS84 only, zone 107-45", `PROJCS["hcm local",GEOGCS["unnamed",DATUM["unknown",SPHEROID["WGS 84",6378137,298.257223563],TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",107.75],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]`, crs.TM3_10745},
		{"UTM 48N without a code", `PROJCS["VN-2000 / UTM zone 48N",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]`, crs.UTM48N},
		{"EPSG authority", `PROJCS["VN-2000 / TM-3 zone 491",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",108],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","5898"]]`, crs.TM3Zone491},
		{"WGS 84 geographic", `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, crs.WGS84},
		{"VN-2000 geographic", `GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`, crs.VN2000},
		{"WKT 2 with ID", `PROJCRS["VN-2000 / TM-3 105-45",BASEGEOGCRS["VN-2000",DATUM["Vietnam 2000",ELLIPSOID["WGS 84",6378137,298.257223563]]],CONVERSION["TM-3 105-45",METHOD["Transverse Mercator"]],CS[Cartesian,2],AXIS["northing (X)",north],AXIS["easting (Y)",east],ID["EPSG",9210]]`, crs.TM3_10545},
		{"WKT 2 read", `PROJCRS["x",BASEGEOGCRS["VN-2000",DATUM["Vietnam 2000",ELLIPSOID["WGS 84",6378137,298.257223563]]],CONVERSION["y",METHOD["Transverse Mercator"],PARAMETER["Latitude of natural origin",0],PARAMETER["Longitude of natural origin",106.25],PARAMETER["Scale factor at natural origin",0.9999],PARAMETER["False easting",500000],PARAMETER["False northing",0]],CS[Cartesian,2]]`, crs.TM3_10615},
	} {
		got, err := crs.FromWKT(tc.wkt)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestFromWKTRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, wkt string
		want      error
	}{
		{"WGS 84 UTM", `PROJCS["WGS 84 / UTM zone 48N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",105],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32648"]]`, crs.ErrUnknownCRS},
		{"no such VN-2000 zone", `PROJCS["x",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",109.25],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0]]`, crs.ErrUnknownCRS},
		{"false northing", `PROJCS["x",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",105.75],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000]]`, crs.ErrUnknownCRS},
		{"cut short", `PROJCS["x",GEOGCS["VN-2000"`, crs.ErrWKT},
		{"trailing text", `GEOGCS["x",DATUM["WGS_1984"]] extra`, crs.ErrWKT},
		{"empty", ``, crs.ErrWKT},
	} {
		if _, err := crs.FromWKT(tc.wkt); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

func FuzzFromWKT(f *testing.F) {
	f.Add(`PROJCS["VN-2000_TM-3_105-45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],UNIT["Meter",1.0]]`)
	f.Add(`GEOGCS["WGS 84",DATUM["WGS_1984",TOWGS84[0,0,0]],AUTHORITY["EPSG","4326"]]`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := crs.FromWKT(s)
		if err == nil {
			if _, lerr := crs.Lookup(c); lerr != nil {
				t.Fatalf("FromWKT gave %v, which Lookup does not know", c)
			}
		} else if !errors.Is(err, crs.ErrWKT) && !errors.Is(err, crs.ErrUnknownCRS) {
			t.Fatalf("untyped error %v", err)
		}
	})
}
