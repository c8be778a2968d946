package osm_test

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/osm"
)

// sceneWith is the drawn scene with extra elements before </osm>.
func sceneWith(t testing.TB, extra string) string {
	return strings.Replace(sceneOSM(t), "</osm>", extra+"\n</osm>", 1)
}

// Item 10: an element given twice and a way referencing a missing node
// are reported, and the first definition is the one used.
func TestReadDuplicatesAndMissingNodes(t *testing.T) {
	data, err := osm.Read(strings.NewReader(sceneWith(t, `
 <node id="12" lat="21.0290" lon="105.8030"><tag k="addr:housenumber" v="4"/><tag k="addr:street" v="Kim Mã"/></node>
 <node id="2" lat="21.0400" lon="105.8020"/>
 <way id="104"><nd ref="20"/><nd ref="21"/><tag k="highway" v="service"/><tag k="name" v="Phố Kim Mã"/></way>
 <way id="105"><nd ref="5"/><nd ref="98"/><nd ref="99"/><tag k="highway" v="residential"/><tag k="name" v="Phố Kim Mã"/></way>
 <way id="106"><nd ref="97"/><nd ref="20"/><nd ref="21"/><nd ref="97"/><tag k="building" v="yes"/><tag k="addr:housenumber" v="9"/></way>
 <way id="107"><nd ref="96"/><nd ref="20"/><tag k="landuse" v="grass"/></way>`)))
	require.NoError(t, err)
	assert.Equal(t, []string{"node/12", "node/2", "way/104"}, data.Duplicates)
	assert.Equal(t, []osm.MissingNode{{Way: 105, Node: 98}, {Way: 105, Node: 99}, {Way: 106, Node: 97}, {Way: 106, Node: 97}}, data.Missing,
		"the ways left out, not way 107, which the audit does not use")
	assert.Equal(t, 2, data.Ignored)

	// The first node 12 (number 2, north of the street) is the house; the
	// second is not a second house.
	var ids []string
	for _, h := range data.Houses {
		ids = append(ids, h.ID)
		if h.ID == "node/12" {
			assert.Equal(t, "2", h.Text)
			assert.Equal(t, orb.Point{105.8030, 21.0303}, h.Point)
		}
	}
	assert.Equal(t, []string{"node/10", "node/11", "node/12", "node/13", "way/104"}, ids)
	// Node 2 keeps its first place: the street is the one of the scene.
	clean, err := osm.Read(strings.NewReader(sceneOSM(t)))
	require.NoError(t, err)
	assert.Equal(t, clean.Streets, data.Streets)
	assert.Empty(t, clean.Duplicates)
	assert.Empty(t, clean.Missing)
}

// Coordinates in decimal notation only, as every number diachi reads: a
// hexadecimal float or a digit separator is an error naming the node, not
// a position.
func TestReadDecimalCoordinates(t *testing.T) {
	for _, lat := range []string{"0x1.5p4", "2_1.03", "Inf", "1e309"} {
		_, err := osm.Read(strings.NewReader(sceneWith(t, `
 <node id="900" lat="`+lat+`" lon="105.8030"/>`)))
		assert.ErrorContains(t, err, "node 900", lat)
	}
}

// A house's addr:street finds its way whichever way the street's type
// word is written (package fold's table): "Đ. Kim Mã" is Phố Kim Mã's
// name without its type.
func TestReadOSMStreetTypeAbbreviated(t *testing.T) {
	data, err := osm.Read(strings.NewReader(sceneWith(t, `
 <node id="900" lat="21.0290" lon="105.8031"><tag k="addr:housenumber" v="6"/><tag k="addr:street" v="Đ. Kim Mã"/></node>`)))
	require.NoError(t, err)
	var found bool
	for _, h := range data.Houses {
		if h.ID == "node/900" {
			found = true
			i, ok := h.Street.Index()
			require.True(t, ok, "matched to a street")
			assert.Equal(t, "Phố Kim Mã", data.Streets[i].Name)
		}
	}
	assert.True(t, found)
	assert.Equal(t, "Đ. Kim Mã", data.AddrStreet["node/900"], "kept as written")
}
