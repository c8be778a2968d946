// Command numbering writes the drawn numbering scenes of testdata/numbering:
// streets.geojson and buildings.geojson (a street, an alley with a
// sub-alley, a cross street, a corner house, a planned lot), and scene.osm
// (a dual carriageway, an alley and addressed nodes in OpenStreetMap XML).
// The scenes are drawn in metres east and north of a point in Hà Nội;
// they are invented, not surveyed.
//
//	go run ./testdata/gen/numbering
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
)

const lon0, lat0 = 105.80, 21.03

// pt converts metres east and north of (lon0, lat0) to lon/lat with the
// WGS84 radii of curvature there.
func pt(x, y float64) [2]float64 {
	const a, e2 = 6378137.0, 0.00669437999014
	s := math.Sin(lat0 * math.Pi / 180)
	w := 1 - e2*s*s
	mLat := a * (1 - e2) / (w * math.Sqrt(w)) * math.Pi / 180
	mLon := a / math.Sqrt(w) * math.Cos(lat0*math.Pi/180) * math.Pi / 180
	r := func(v float64) float64 { return math.Round(v*1e8) / 1e8 }
	return [2]float64{r(lon0 + x/mLon), r(lat0 + y/mLat)}
}

type feature struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   geometry       `json:"geometry"`
}

type geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func collection(fs []feature) map[string]any {
	return map[string]any{"type": "FeatureCollection", "features": fs}
}

func street(props map[string]any, xy ...float64) feature {
	var coords [][2]float64
	for i := 0; i+1 < len(xy); i += 2 {
		coords = append(coords, pt(xy[i], xy[i+1]))
	}
	return feature{"Feature", props, geometry{"LineString", coords}}
}

func square(props map[string]any, x, y, h float64) feature {
	ring := [][2]float64{pt(x-h, y-h), pt(x+h, y-h), pt(x+h, y+h), pt(x-h, y+h), pt(x-h, y-h)}
	return feature{"Feature", props, geometry{"Polygon", [][][2]float64{ring}}}
}

func point(props map[string]any, x, y float64) feature {
	return feature{"Feature", props, geometry{"Point", pt(x, y)}}
}

func id(s string, kv ...any) map[string]any {
	m := map[string]any{"id": s}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func main() {
	dir := filepath.Join("testdata", "numbering")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	streets := []feature{
		street(id("tqh", "name", "Phố Trần Quốc Hoàn", "cross_section", 20), 0, 0, 300, 0),
		street(id("ngo3", "cross_section", 4, "parent", "tqh"), 150, -100, 150, 0),
		street(id("ngach", "cross_section", 3, "parent", "ngo3"), 150, -50, 220, -50),
		street(id("pvt", "name", "Phố Phan Văn Trường", "cross_section", 12), 320, -200, 320, 10),
	}
	buildings := []feature{
		square(id("m1"), 280, -12, 4), square(id("m3"), 200, -12, 4), square(id("m5"), 100, -12, 4),
		square(id("m2"), 250, 12, 4), square(id("m4"), 60, 12, 4),
		square(id("a1"), 160, -20, 4), square(id("a3"), 160, -70, 4), square(id("a2"), 140, -30, 4),
		square(id("s1"), 180, -40, 4), square(id("s2"), 190, -60, 4),
		// Nearer the narrow street, with a door on the wide one too.
		square(id("corner", "also_on", "tqh"), 312, -6, 3),
		point(id("lot", "planned", true), 30, -12),
		point(id("p1"), 330, -100), point(id("p2"), 310, -150),
	}
	write(filepath.Join(dir, "streets.geojson"), collection(streets))
	write(filepath.Join(dir, "buildings.geojson"), collection(buildings))
	if err := os.WriteFile(filepath.Join(dir, "scene.osm"), []byte(sceneOSM), 0o644); err != nil {
		log.Fatal(err)
	}
}

func write(path string, v any) {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", path)
}

// sceneOSM: Phố Kim Mã drawn as two one-way carriageways 11 m apart (the
// southern one in two ways), alley Ngõ 3 opening south, four addressed
// nodes (5 deliberately on the even side) and an addressed building.
const sceneOSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
 <node id="1" lat="21.0300" lon="105.8000"/>
 <node id="2" lat="21.0300" lon="105.8020"/>
 <node id="3" lat="21.0300" lon="105.8040"/>
 <node id="4" lat="21.0301" lon="105.8040"/>
 <node id="5" lat="21.0301" lon="105.8000"/>
 <node id="6" lat="21.0290" lon="105.8030"/>
 <node id="10" lat="21.0298" lon="105.8035"><tag k="addr:housenumber" v="1"/><tag k="addr:street" v="Kim Mã"/></node>
 <node id="11" lat="21.0298" lon="105.8025"><tag k="addr:housenumber" v="3"/><tag k="addr:street" v="kim ma"/></node>
 <node id="12" lat="21.0303" lon="105.8030"><tag k="addr:housenumber" v="2"/><tag k="addr:street" v="Kim Mã"/></node>
 <node id="13" lat="21.0303" lon="105.8010"><tag k="addr:housenumber" v="5"/><tag k="addr:street" v="Kim Mã"/></node>
 <node id="20" lat="21.0297" lon="105.8004"/>
 <node id="21" lat="21.0297" lon="105.8006"/>
 <node id="22" lat="21.0295" lon="105.8006"/>
 <node id="23" lat="21.0295" lon="105.8004"/>
 <way id="100"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/><tag k="name" v="Phố Kim Mã"/></way>
 <way id="101"><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/><tag k="name" v="Phố Kim Mã"/></way>
 <way id="102"><nd ref="4"/><nd ref="5"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/><tag k="name" v="Phố Kim Mã"/></way>
 <way id="103"><nd ref="6"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="name" v="Ngõ 3"/></way>
 <way id="104"><nd ref="20"/><nd ref="21"/><nd ref="22"/><nd ref="23"/><nd ref="20"/><tag k="building" v="yes"/><tag k="addr:housenumber" v="7"/><tag k="addr:street" v="Phố Kim Mã"/></way>
 <relation id="9"><member type="way" ref="100" role=""/><tag k="type" v="route"/></relation>
</osm>
`
