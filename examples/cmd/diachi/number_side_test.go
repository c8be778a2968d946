package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A house between the carriageways of a dual carriageway has no side:
// its side is null, like its expected parity, and its verdict says why.
func TestNumberAuditNoSide(t *testing.T) {
	scene, err := os.ReadFile("../../../testdata/numbering/scene.osm")
	require.NoError(t, err)
	// The two carriageways of Phố Kim Mã run at 21.0300 and 21.0301.
	median := ` <node id="14" lat="21.03007" lon="105.8015"><tag k="addr:housenumber" v="9"/><tag k="addr:street" v="Kim Mã"/></node>` + "\n <way id=\"100\">"
	osm := strings.Replace(string(scene), ` <way id="100">`, median, 1)
	out, stderr, code := runCLI(t, "", "number", "audit", "--osm", writeTemp(t, "median.osm", osm))
	require.Equal(t, 0, code, stderr)
	var row map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(l, `"id":"node/14"`) {
			require.NoError(t, json.Unmarshal([]byte(l), &row))
		}
	}
	require.NotNil(t, row, out)
	assert.Equal(t, "on_centreline", row["verdict"])
	assert.Contains(t, row["explanation"], "between the carriageways")
	assert.Contains(t, row, "side")
	assert.Nil(t, row["side"], "a point without a side has a null side")
	assert.Nil(t, row["expected_parity"])
	assert.NotNil(t, row["along"])
}
