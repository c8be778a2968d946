package registry_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/geojsonio"
)

// layers writes GeoJSON layers to a directory: name -> (crs name or "",
// features).
func layers(t *testing.T, files map[string][2]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range files {
		crsMember := ""
		if f[0] != "" {
			crsMember = `"crs":{"type":"name","properties":{"name":"` + f[0] + `"}},`
		}
		body := `{"type":"FeatureCollection",` + crsMember + `"features":[` + f[1] + `]}`
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".geojson"), []byte(body), 0o644))
	}
	return dir
}

const (
	vnStreet   = `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[606663,1188312],[607455,1188312]]},"properties":{"id":"s"}}`
	vnParcel   = `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[606669,1188320],[606675,1188320],[606675,1188350],[606669,1188320]]]},"properties":{}}`
	vnBuilding = `{"type":"Feature","geometry":{"type":"Point","coordinates":[606672,1188330]},"properties":{"id":"b"}}`
	llStreet   = `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[106.7,10.75],[106.71,10.75]]},"properties":{"id":"s"}}`
	llParcel   = `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[106.7,10.7501],[106.7001,10.7501],[106.7001,10.7503],[106.7,10.7501]]]},"properties":{}}`
	llBuilding = `{"type":"Feature","geometry":{"type":"Point","coordinates":[106.70005,10.7502]},"properties":{"id":"b"}}`
)

// Item 9: a layer without a crs member is WGS84 (RFC 7946, and the help
// of registry build), never read in another layer's CRS.
func TestLoadDirLayerWithoutCRS(t *testing.T) {
	ctx := context.Background()

	// One layer exported to plain GeoJSON (WGS84, no crs member) beside
	// VN-2000 layers: refused, naming the file, not read as metres.
	dir := layers(t, map[string][2]string{
		"streets":   {"EPSG:9210", vnStreet},
		"parcels":   {"EPSG:9210", vnParcel},
		"buildings": {"", llBuilding},
	})
	_, err := registry.LoadDir(ctx, dir, 0)
	require.ErrorIs(t, err, registry.ErrSource)
	assert.Contains(t, err.Error(), "buildings.geojson names no CRS, so is in EPSG:4326")
	assert.Contains(t, err.Error(), "streets.geojson names EPSG:9210")

	// VN-2000 layers of which only one names its CRS: the others are not
	// silently taken to be in it either.
	dir = layers(t, map[string][2]string{
		"streets":   {"", vnStreet},
		"parcels":   {"urn:ogc:def:crs:EPSG::9210", vnParcel},
		"buildings": {"", vnBuilding},
	})
	_, err = registry.LoadDir(ctx, dir, 0)
	require.ErrorIs(t, err, registry.ErrSource)
	assert.Contains(t, err.Error(), "parcels.geojson names EPSG:9210 but streets.geojson names no CRS, so is in EPSG:4326")
	// Given the CRS of the files that name none, they load.
	src, err := registry.LoadDir(ctx, dir, 9210)
	require.NoError(t, err)
	assert.EqualValues(t, 9210, src.CRS)
	assert.Len(t, src.Parcels, 1)

	// All plain GeoJSON: WGS84; naming WGS84 in some is the same CRS.
	dir = layers(t, map[string][2]string{
		"streets":   {"", llStreet},
		"parcels":   {"urn:ogc:def:crs:OGC:1.3:CRS84", llParcel},
		"buildings": {"", llBuilding},
	})
	src, err = registry.LoadDir(ctx, dir, 0)
	require.NoError(t, err)
	assert.Equal(t, crs.WGS84, src.CRS)
	// A file naming a CRS other than the one given for the rest.
	_, err = registry.LoadDir(ctx, dir, 9210)
	require.ErrorIs(t, err, registry.ErrSource)
	assert.Contains(t, err.Error(), "parcels.geojson names EPSG:4326 but streets.geojson names no CRS, so is in EPSG:9210")
}

// Item 8 for the registry: an empty answer is never made of a file that
// is not a collection of features.
func TestReadGeoJSONNotACollection(t *testing.T) {
	for _, in := range []string{`null`, `{"type":"FeatureCollection"}`, `{"type":"FeatureCollection","features":null}`, `[]`, ``} {
		_, _, err := registry.ReadGeoJSON(strings.NewReader(in))
		assert.ErrorIs(t, err, registry.ErrSource, in)
	}
}

// polygonReader is a Polygon of n vertices, made as it is read.
type polygonReader struct {
	n    int
	head string
	done bool
	out  []byte
}

func (p *polygonReader) Read(b []byte) (int, error) {
	for len(p.out) < len(b) && !p.done {
		if p.head == "" {
			p.head = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[`
			p.out = append(p.out, p.head...)
		}
		for range 1024 {
			if p.n == 0 {
				p.out = append(p.out, "[606669,1188320]]]}}]}"...)
				p.done = true
				break
			}
			p.out = append(p.out, "[606669.5,1188321.25],"...)
			p.n--
		}
	}
	if len(p.out) == 0 {
		return 0, io.EOF
	}
	k := copy(b, p.out)
	p.out = p.out[k:]
	return k, nil
}

// Item 11: a geometry of more vertices than the limit is refused while
// read, with ErrTooLarge, in seconds.
func TestReadGeoJSONVertexLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 90 MB")
	}
	start := time.Now()
	_, _, err := registry.ReadGeoJSON(&polygonReader{n: 1<<22 + 1})
	require.ErrorIs(t, err, registry.ErrTooLarge)
	assert.Contains(t, err.Error(), "vertices in one geometry")
	assert.Less(t, time.Since(start), 30*time.Second)
}

func TestReadGeoJSONWith(t *testing.T) {
	_, _, err := registry.ReadGeoJSONWith(&polygonReader{n: 1001}, geojsonio.Options{MaxGeometryVertices: 1000})
	require.ErrorIs(t, err, registry.ErrTooLarge)
	fs, _, err := registry.ReadGeoJSONWith(&polygonReader{n: 999}, geojsonio.Options{MaxGeometryVertices: 1000})
	require.NoError(t, err)
	require.Len(t, fs, 1)
	_, _, err = registry.ReadGeoJSON(strings.NewReader(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,3]},"properties":{}}]}`))
	require.ErrorIs(t, err, registry.ErrSource, "an altitude is not dropped in silence")
	assert.ErrorIs(t, err, geojsonio.ErrAltitude)
}
