package towngen

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/testdata/gen/shapefile/shpwrite"
)

// ShapefileMapping is the mapping file that reads back what
// WriteShapefiles writes: the field names it cut to 10 characters, and
// the buildings layer from its two files.
const ShapefileMapping = `# The town's Shapefiles: names cut to 10 characters.
cross_sect = cross_section
parcel_she = parcel_sheet
parcel_num = parcel_number
ext_vnpost = ext_vnpost-2021
layer:buildings = buildings + planned
`

// tm3prj is the Esri form of VN-2000 / TM-3 105-45 (EPSG:9210), with no
// EPSG code, as GDAL writes a Shapefile's .prj.
const tm3prj = `PROJCS["VN-2000_TM-3_105-45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

// WriteShapefiles writes the layers of a town in EPSG:9210 as a land
// office's GIS holds them in Shapefiles: field names cut to 10
// characters, UTF-8 text with a .cpg, a .prj with no EPSG code, polygon
// rings in the format's orientation, and the planned lots (points) of the
// buildings in a file of their own, planned.shp.
func WriteShapefiles(dir string, src *registry.Source) error {
	if src.CRS != 9210 {
		return fmt.Errorf("shapefiles: the town is in %v, not EPSG:9210", src.CRS)
	}
	for _, layer := range []string{"streets", "parcels", "buildings", "entrances", "communes", "postal_zones"} {
		fs, _ := src.Layer(layer)
		byType := map[int32][]registry.Feature{}
		for _, ft := range *fs {
			typ := int32(5)
			switch g := ft.Geometry.(type) {
			case orb.Point:
				typ = 1
			case orb.LineString, orb.MultiLineString:
				typ = 3
			case orb.Polygon:
				// Outer rings clockwise, holes counter-clockwise.
				p := orb.Clone(g).(orb.Polygon)
				for i, r := range p {
					if o := r.Orientation(); o != 0 && (i == 0) != (o == orb.CW) {
						r.Reverse()
					}
				}
				ft.Geometry = p
			}
			byType[typ] = append(byType[typ], ft)
		}
		for typ, fs := range byType {
			name := layer
			if layer == "buildings" && typ == 1 {
				name = "planned"
			}
			if err := writeShapefile(dir, name, typ, fs); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return nil
}

func writeShapefile(dir, name string, typ int32, fs []registry.Feature) error {
	set := shpwrite.Set{Type: typ, PRJ: tm3prj, CPG: "UTF-8"}
	var keys []string
	for _, ft := range fs {
		for _, p := range ft.Props {
			if !slices.Contains(keys, p.Key) {
				keys = append(keys, p.Key)
			}
		}
	}
	for _, k := range keys {
		fl := shpwrite.Field{Name: k[:min(10, len(k))], Type: 'N', Length: 1}
		for _, ft := range fs {
			v, _ := ft.Props.Get(k)
			s := fmt.Sprint(v)
			switch v.(type) {
			case nil:
				continue
			case bool:
				fl.Type = 'L'
			case string:
				fl.Type = 'C'
			case json.Number, int64, float64:
				if i := strings.IndexByte(s, '.'); i >= 0 {
					fl.Decimals = max(fl.Decimals, len(s)-i-1)
				}
			default:
				return fmt.Errorf("attribute %s: a %T, which a .dbf cannot hold", k, v)
			}
			fl.Length = max(fl.Length, len(s))
		}
		if fl.Length > 254 {
			return fmt.Errorf("attribute %s: %d bytes, more than a .dbf field holds", k, fl.Length)
		}
		set.Fields = append(set.Fields, fl)
	}
	for _, ft := range fs {
		set.Geoms = append(set.Geoms, ft.Geometry)
		row := make([]any, len(keys))
		for i, k := range keys {
			v, _ := ft.Props.Get(k)
			switch x := v.(type) {
			case json.Number:
				v = string(x)
			case int64, float64:
				v = fmt.Sprint(x)
			}
			row[i] = v
		}
		set.Rows = append(set.Rows, row)
	}
	return shpwrite.Write(dir, name, set)
}
