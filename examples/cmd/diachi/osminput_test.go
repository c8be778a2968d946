package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Item 10: a node given twice and a way referencing a missing node are
// reported (warning, summary, exit status 1), not absorbed into the
// figures.
func TestNumberAuditReportsInputProblems(t *testing.T) {
	scene, err := os.ReadFile("../../../testdata/numbering/scene.osm")
	require.NoError(t, err)
	osm := strings.Replace(string(scene), "</osm>", `
 <node id="12" lat="21.0290" lon="105.8030"><tag k="addr:housenumber" v="4"/><tag k="addr:street" v="Kim Mã"/></node>
 <way id="105"><nd ref="3"/><nd ref="99"/><tag k="highway" v="primary"/><tag k="name" v="Phố Kim Mã"/></way>
</osm>`, 1)
	out, stderr, code := runCLI(t, "", "number", "audit", "--osm", writeTemp(t, "x.osm", osm))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "1 elements given twice (node/12 first)")
	assert.Contains(t, stderr, "1 references to nodes missing from the file (node/99 of way/105 first)")
	assert.Contains(t, stderr, "1 streets or addressed ways left out")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 6, "node 12 is one house, not two")
	var sum struct {
		Summary struct {
			Buildings int `json:"buildings"`
			Input     struct {
				Duplicates []string            `json:"duplicates"`
				Missing    []map[string]string `json:"missing_nodes"`
				LeftOut    int                 `json:"ways_left_out"`
			} `json:"input"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[5]), &sum))
	assert.Equal(t, 5, sum.Summary.Buildings)
	assert.Equal(t, []string{"node/12"}, sum.Summary.Input.Duplicates)
	assert.Equal(t, []map[string]string{{"way": "way/105", "node": "node/99"}}, sum.Summary.Input.Missing)
	assert.Equal(t, 1, sum.Summary.Input.LeftOut)

	// The clean scene says so.
	out, _, code = runCLI(t, "", "number", "audit", "--osm", "../../../testdata/numbering/scene.osm")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, `"input":{"duplicates":[],"missing_nodes":[],"ways_left_out":0}`)
}
