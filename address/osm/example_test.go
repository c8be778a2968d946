package osm_test

import (
	"fmt"
	"strings"

	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/address/osm"
)

// A street of Ba Đình drawn in OpenStreetMap, with an alley and three
// addressed nodes, read and audited: number 7 stands on the even side (north of
// the street, which is numbered towards the west).
func ExampleRead() {
	const file = `<osm version="0.6">
 <node id="1" lat="21.0300" lon="105.8000"/>
 <node id="2" lat="21.0300" lon="105.8040"/>
 <node id="3" lat="21.0301" lon="105.8020"/>
 <node id="4" lat="21.0320" lon="105.8020"/>
 <node id="10" lat="21.0303" lon="105.8035"><tag k="addr:housenumber" v="2"/><tag k="addr:street" v="Phố Kim Mã"/></node>
 <node id="11" lat="21.0297" lon="105.8030"><tag k="addr:housenumber" v="1"/><tag k="addr:street" v="Phố Kim Mã"/></node>
 <node id="12" lat="21.0303" lon="105.8010"><tag k="addr:housenumber" v="7"/><tag k="addr:street" v="Kim Mã"/></node>
 <way id="100"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="name" v="Phố Kim Mã"/></way>
 <way id="101"><nd ref="3"/><nd ref="4"/><tag k="highway" v="service"/><tag k="name" v="Ngõ 3 Phố Kim Mã"/></way>
</osm>`
	data, err := osm.Read(strings.NewReader(file))
	if err != nil {
		panic(err)
	}
	for _, s := range data.Streets {
		if s.Number.IsValid() {
			fmt.Printf("%s: alley %v\n", s.Name, s.Number)
			continue
		}
		fmt.Println(s.Name)
	}
	n, err := numbering.New(data.Streets, numbering.Options{})
	if err != nil {
		panic(err)
	}
	rep := n.Audit(data.Houses, numbering.AuditOptions{})
	for _, h := range rep.Houses {
		fmt.Println(h.ID, h.Text, h.Verdict)
	}
	// Output:
	// Ngõ 3 Phố Kim Mã: alley 3
	// Phố Kim Mã
	// node/10 2 ok
	// node/11 1 ok
	// node/12 7 parity
}
