package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Item 8: a parcels or buildings file that is not a collection of features
// is an error, never read as "no features"; an empty collection is an
// explicit empty answer with a warning.
func TestGeoJSONInputNotACollection(t *testing.T) {
	streets := writeTemp(t, "s.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"s"},"geometry":{"type":"LineString","coordinates":[[105.8,21.03],[105.803,21.03]]}}]}`)
	for name, tc := range map[string]struct{ body, want string }{
		"null":          {`null`, "null, not a FeatureCollection"},
		"no features":   {`{"type":"FeatureCollection"}`, "no features member"},
		"features null": {`{"type":"FeatureCollection","features":null}`, "features is null"},
		"a feature":     {`{"type":"Feature","properties":{},"geometry":null}`, `want a FeatureCollection`},
		"dup key":       {`{"type":"FeatureCollection","features":[],"features":[]}`, `key "features" given twice`},
		"altitude":      {`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[105.801,21.0301,12]}}]}`, "altitude"},
		"vn2000":        {`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:9210"}},"features":[]}`, "in EPSG:9210: it reads WGS84"},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeTemp(t, "f.geojson", tc.body)
			out, stderr, code := runCLI(t, "10.0005 106.0005\n", "locate", "--parcels", path)
			assert.Equal(t, 1, code, "locate: a refused input is a failed run")
			assert.Empty(t, out, "locate")
			assert.Contains(t, stderr, tc.want, "locate")
			assert.Contains(t, stderr, "not a GeoJSON FeatureCollection", "locate")

			out, stderr, code = runCLI(t, "", "number", "assign", "--streets", streets, "--buildings", path)
			assert.Equal(t, 1, code, "number assign")
			assert.Empty(t, out, "number assign")
			assert.Contains(t, stderr, tc.want, "number assign")
			_, stderr, code = runCLI(t, "", "number", "assign", "--streets", path, "--buildings", streets)
			assert.Equal(t, 1, code, "number assign --streets")
			assert.Contains(t, stderr, tc.want, "number assign --streets")
		})
	}

	empty := writeTemp(t, "empty.geojson", `{"type":"FeatureCollection","features":[]}`)
	out, stderr, code := runCLI(t, "10.0005 106.0005\n", "locate", "--parcels", empty)
	assert.Equal(t, 0, code)
	assert.Equal(t, "null\n", out)
	assert.Contains(t, stderr, "warning: "+empty+" has no features: every point answers null")

	out, stderr, code = runCLI(t, "", "number", "assign", "--streets", streets, "--buildings", empty)
	assert.Equal(t, 0, code)
	assert.JSONEq(t, `{"type":"FeatureCollection","features":[]}`, out)
	assert.Contains(t, stderr, "warning: "+empty+" has no features: nothing to number")
}

// Attributes are written back as given: numbers keep their written form.
func TestNumberAssignKeepsNumbers(t *testing.T) {
	streets := writeTemp(t, "s.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"s","cross_section":16.0},"geometry":{"type":"LineString","coordinates":[[105.8,21.03],[105.803,21.03]]}}]}`)
	houses := writeTemp(t, "b.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","id":12345678901234567890,"properties":{"id":"a","street":"s","so_thua":12345678901234567891,"dien_tich":80.50},"geometry":{"type":"Point","coordinates":[105.801,21.0301]}}]}`)
	out, stderr, code := runCLI(t, "", "number", "assign", "--streets", streets, "--buildings", houses)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, `"id":12345678901234567890`)
	assert.Contains(t, out, `"so_thua":12345678901234567891`)
	assert.Contains(t, out, `"dien_tich":80.50`)
	var fc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &fc))
}
