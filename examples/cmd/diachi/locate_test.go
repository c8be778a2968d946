package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const squares = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"A","properties":{"so_to":12,"so_thua":"345"},"geometry":{"type":"Polygon","coordinates":[[[106.0,10.0],[106.001,10.0],[106.001,10.001],[106.0,10.001],[106.0,10.0]]]}},
{"type":"Feature","id":"B","properties":{"so_to":12,"so_thua":"346"},"geometry":{"type":"Polygon","coordinates":[[[106.001,10.0],[106.002,10.0],[106.002,10.001],[106.001,10.001],[106.001,10.0]]]}}
]}`

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

func TestLocate(t *testing.T) {
	path := writeTemp(t, "parcels.geojson", squares)
	in := "10.0005 106.0005\n10.0005,106.001\n10.0005 106.0025\nabc\n95 106\n"
	out, _, code := runCLI(t, in, "locate", "--parcels", path)
	assert.Equal(t, 1, code)
	assert.Equal(t, `{"id":"A","properties":{"so_thua":"345","so_to":12}}`+"\n"+
		// On the shared edge: the parcel to the east.
		`{"id":"B","properties":{"so_thua":"346","so_to":12}}`+"\n"+
		"null\n"+
		"error: line 4: want two numbers, got \"abc\"\n"+
		"error: line 5: (95, 106) is not a latitude and longitude\n", out)
}

func TestLocateSample(t *testing.T) {
	out, stderr, code := runCLI(t, "10.70015 106.6001\n10.70015 106.59\n", "locate", "--parcels", "../../../testdata/parcels/fabric_300.geojson")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `"id":0`)
	assert.Equal(t, "null", lines[1])
}

func TestLocateBadFiles(t *testing.T) {
	bow := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}`
	for name, tc := range map[string]struct{ body, want string }{
		"not-json":       {"{", "not a GeoJSON FeatureCollection"},
		"self-crossing":  {bow, "self-intersection: feature 0"},
		"unclosed":       {`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}`, "ring not closed"},
		"point-geometry": {`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]}`, "unsupported geometry type"},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeTemp(t, "f.geojson", tc.body)
			_, stderr, code := runCLI(t, "", "locate", "--parcels", path)
			assert.Equal(t, 1, code, "a refused input is a failed run, not a usage error")
			assert.Contains(t, stderr, tc.want)
		})
	}
	big := writeTemp(t, "big.geojson", squares)
	_, stderr, code := runCLI(t, "", "locate", "--parcels", big, "--max-bytes", "100")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "more than --max-bytes")
	_, _, code = runCLI(t, "", "locate")
	assert.Equal(t, 2, code)
	_, _, code = runCLI(t, "", "locate", "--parcels", "/nonexistent.geojson")
	assert.Equal(t, 1, code)
}
