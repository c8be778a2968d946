package geojsonio_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"testing/iotest"

	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/geo/geojsonio"
)

// FuzzRead: never a panic; every error typed; whatever reads is valid
// JSON (encoding/json agrees), reads the same in one-byte reads, keeps
// within small limits or says which it passed, and gives the geometries
// orb's decoder gives.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":"a"}}]}`,
		`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:9210"}},"features":[]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"geometry":{"coordinates":[[[0,0],[1,0],[0,1],[0,0]]],"type":"Polygon"},"properties":{"a":{"b":["\u00e9\ud83d\ude00",1e5,true,null]}}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[0,1],[0,0]]]]},{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]}]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[1.5,-2.25e-3,7]]}}]}`,
		`null`,
		`{"type":"FeatureCollection","features":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := geojsonio.Options{MaxFeatures: 50, MaxVertices: 1000, MaxGeometryVertices: 200, MaxBytes: 1 << 16}
		c, err := geojsonio.Read(bytes.NewReader(data), opts)
		c1, err1 := geojsonio.Read(iotest.OneByteReader(bytes.NewReader(data)), opts)
		if (err == nil) != (err1 == nil) || err != nil && err.Error() != err1.Error() {
			t.Fatalf("whole: %v; one byte at a time: %v", err, err1)
		}
		if err != nil {
			var se *geojsonio.SyntaxError
			var le *geojsonio.LimitError
			if !errors.As(err, &se) && !errors.As(err, &le) {
				t.Fatalf("untyped error %v", err)
			}
			if le != nil && !errors.Is(err, geojsonio.ErrLimit) || se != nil && !errors.Is(err, geojsonio.ErrSyntax) {
				t.Fatalf("error %v wraps neither sentinel", err)
			}
			return
		}
		if len(c.Features) != len(c1.Features) {
			t.Fatalf("whole: %d features; one byte at a time: %d", len(c.Features), len(c1.Features))
		}
		if !json.Valid(data) {
			t.Fatalf("read %q, which is not JSON", data)
		}
		want, err := geojson.UnmarshalFeatureCollection(data)
		if err != nil {
			t.Fatalf("read %q, which orb refuses: %v", data, err)
		}
		if len(want.Features) != len(c.Features) {
			t.Fatalf("%d features, orb %d", len(c.Features), len(want.Features))
		}
		for i, ft := range c.Features {
			g, _ := json.Marshal(geojson.NewGeometry(ft.Geometry))
			w, _ := json.Marshal(geojson.NewGeometry(want.Features[i].Geometry))
			if ft.Geometry == nil || want.Features[i].Geometry == nil {
				if (ft.Geometry == nil) != (want.Features[i].Geometry == nil) {
					t.Fatalf("feature %d: %s, orb %s", i, g, w)
				}
				continue
			}
			if !bytes.Equal(g, w) {
				t.Fatalf("feature %d: %s, orb %s", i, g, w)
			}
			if ft.Properties != nil && !json.Valid(ft.Properties) {
				t.Fatalf("feature %d: properties %q", i, ft.Properties)
			}
		}
	})
}
