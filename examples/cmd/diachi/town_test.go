package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var townDir = filepath.Join("..", "..", "..", "testdata", "town")

func TestTownJob(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"town", "--in", townDir, "--out", out}, nil, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	s := stdout.String()
	assert.Contains(t, s, "1433 parcels, 1411 buildings (EPSG:9210)")
	assert.Contains(t, s, "numbered: 1411 houses")
	assert.Contains(t, s, "findings: 14 (")
	assert.Empty(t, stderr.String(), "no progress display when not on a terminal")
	for _, name := range []string{"town.gpkg", "town.geojson", "findings.csv", "findings.json", "town.svg"} {
		st, err := os.Stat(filepath.Join(out, name))
		require.NoError(t, err)
		assert.Positive(t, st.Size(), name)
	}
	f, err := os.Open(filepath.Join(out, "findings.csv"))
	require.NoError(t, err)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	require.NoError(t, err)
	assert.Len(t, rows, 15)
	svg, err := os.ReadFile(filepath.Join(out, "town.svg"))
	require.NoError(t, err)
	assert.Equal(t, 14, strings.Count(string(svg), "<circle"), "every finding ringed on the map")
	assert.Equal(t, 1411, len(regexp.MustCompile(`<text x="[0-9.]+" y="[0-9.]+">`).FindAll(svg, -1)), "every house number drawn")

	// The saved registry answers queries.
	gpkg := filepath.Join(out, "town.gpkg")
	stdout.Reset()
	code = run([]string{"registry", "lookup", "--gpkg", gpkg}, strings.NewReader("37 Nguyễn Thị Thập, Phú Thuận, TP.HCM\n"), &stdout, &stderr)
	require.Equal(t, 0, code, stdout.String())
	var lk struct {
		Houses []houseJSON `json:"houses"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &lk))
	require.Len(t, lk.Houses, 1)
	h := lk.Houses[0]
	assert.Equal(t, "37", h.Number)
	assert.Equal(t, "72907", *h.Postcode)
	stdout.Reset()
	code = run([]string{"registry", "id", "--gpkg", gpkg}, strings.NewReader(h.AddressID+"\n1234567890\n"), &stdout, &stderr)
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `"building":"`+h.Building+`"`)
	assert.Contains(t, lines[1], "error: line 2")

	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Log("ogrinfo not installed (gdal-bin): GDAL check skipped")
		return
	}
	for layer, want := range map[string]string{"parcels": "1433", "streets": "31", "houses": "1411"} {
		o, err := exec.Command("ogrinfo", "-ro", "-so", gpkg, layer).CombinedOutput()
		require.NoError(t, err, string(o))
		assert.Contains(t, string(o), "Feature Count: "+want+"\n", layer)
	}
}
