package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNumberAssignSample(t *testing.T) {
	out, stderr, code := runCLI(t, "", "number", "assign",
		"--streets", "../../../testdata/numbering/streets.geojson",
		"--buildings", "../../../testdata/numbering/buildings.geojson")
	require.Equal(t, 0, code, stderr)
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &fc))
	require.Len(t, fc.Features, 14)
	got := map[string]string{}
	for _, f := range fc.Features {
		got[f.Properties["id"].(string)] = f.Properties["number"].(string) + " " + f.Properties["numbered_on"].(string)
	}
	// The corner house is nearer the narrow street but numbered on the
	// wide one; the alley opens after house 5 on the left.
	assert.Equal(t, "1 tqh", got["corner"])
	assert.Equal(t, "3 tqh", got["m1"])
	assert.Equal(t, "5/1/2 ngach", got["s2"])
	assert.Equal(t, "9 tqh", got["lot"])
	assert.Equal(t, "2 pvt", got["p2"])
	for _, f := range fc.Features {
		if f.Properties["id"] == "lot" {
			assert.Equal(t, true, f.Properties["planned"]) // source attributes kept
		}
	}
}

func TestNumberAssignErrors(t *testing.T) {
	_, _, code := runCLI(t, "", "number", "assign", "--streets", "x")
	assert.Equal(t, 2, code)
	streets := writeTemp(t, "s.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"s"},"geometry":{"type":"LineString","coordinates":[[105.8,21.03],[105.803,21.03]]}}]}`)
	houses := writeTemp(t, "b.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"a","street":"s"},"geometry":{"type":"Point","coordinates":[105.801,21.0301]}},
{"type":"Feature","properties":{"id":"far","street":"s"},"geometry":{"type":"Point","coordinates":[105.801,21.05]}},
{"type":"Feature","properties":{"id":"lost","street":"zz"},"geometry":{"type":"Point","coordinates":[105.802,21.0301]}}]}`)
	out, stderr, code := runCLI(t, "", "number", "assign", "--streets", streets, "--buildings", houses)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "2 of 3 buildings not numbered")
	assert.Contains(t, out, `"problem":"building \"lost\": street \"zz\" is not in the streets file"`)
	assert.Contains(t, out, `"problem":"numbering: invalid frontage \"far\": door`)
	assert.Contains(t, out, `"number":"2"`)
	bad := writeTemp(t, "bad.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"s","regime":"old"},"geometry":{"type":"LineString","coordinates":[[105.8,21.03],[105.803,21.03]]}}]}`)
	_, stderr, code = runCLI(t, "", "number", "assign", "--streets", bad, "--buildings", houses)
	assert.Equal(t, 1, code, "a refused input is a failed run")
	assert.Contains(t, stderr, "unknown regime")
	for _, bad := range [][]string{{"--spacing", "-1"}, {"--max-distance", "-5"}, {"--max-distance", "0"}} {
		_, stderr, code = runCLI(t, "", append([]string{"number", "assign", "--streets", streets, "--buildings", houses}, bad...)...)
		assert.Equal(t, 2, code, "%v: a flag with a value it cannot take is a usage error", bad)
		assert.Contains(t, stderr, bad[0], "the message names the flag")
	}
	orphan := writeTemp(t, "orphan.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"s","parent":"nowhere"},"geometry":{"type":"LineString","coordinates":[[105.8,21.03],[105.803,21.03]]}}]}`)
	_, stderr, code = runCLI(t, "", "number", "assign", "--streets", orphan, "--buildings", houses)
	assert.Equal(t, 1, code, "a refused input is a failed run")
	assert.Contains(t, stderr, `street "s": parent "nowhere" is not a street of the file`)
}

func TestNumberAuditScene(t *testing.T) {
	out, stderr, code := runCLI(t, "", "number", "audit", "--osm", "../../../testdata/numbering/scene.osm")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 6)
	keys := []string{"street", "number", "side", "along", "expected_parity", "verdict"}
	for _, l := range lines[:5] {
		var row map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &row))
		for _, k := range keys {
			assert.Contains(t, row, k, l)
		}
	}
	assert.Contains(t, lines[3], `"number":"5"`)
	assert.Contains(t, lines[3], `"side":"right","along"`)
	assert.Contains(t, lines[3], `"expected_parity":"even","verdict":"parity"`)
	var sum struct {
		Summary struct {
			Buildings int     `json:"buildings"`
			Agreement float64 `json:"agreement"`
			Streets   []struct {
				Street  string `json:"street"`
				Numbers int    `json:"numbers"`
				Agree   int    `json:"agree"`
			} `json:"streets"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[5]), &sum))
	assert.Equal(t, 5, sum.Summary.Buildings)
	assert.Equal(t, 0.8, sum.Summary.Agreement)
	require.Len(t, sum.Summary.Streets, 1)
	assert.Equal(t, "Phố Kim Mã", sum.Summary.Streets[0].Street)

	_, stderr, code = runCLI(t, "", "number", "audit", "--osm", writeTemp(t, "bad.osm", "<osm><node id='1' lat='x'/></osm>"))
	assert.Equal(t, 1, code, "a refused input is a failed run")
	assert.Contains(t, stderr, "invalid OpenStreetMap data")
}

func TestNumberAuditRealOSM(t *testing.T) {
	path := "../../../../shared/data/osm/hanoi_cau_giay.osm"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real OpenStreetMap extract not available (%v); skipping", err)
	}
	out, stderr, code := runCLI(t, "", "number", "audit", "--osm", path)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 40)
	for _, l := range lines[:39] {
		var row struct {
			Verdict     string  `json:"verdict"`
			Explanation *string `json:"explanation"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &row))
		if row.Verdict != "ok" {
			assert.NotNil(t, row.Explanation, "unexplained: %s", l)
		}
	}
	assert.True(t, strings.HasPrefix(lines[39], `{"summary":`))
}
