package gpkg

import (
	"testing"

	"github.com/paulmach/orb"
)

// FuzzDecode: GeoPackage binary from anywhere decodes or fails, never
// panics; what encode writes decodes to the same geometry.
func FuzzDecode(f *testing.F) {
	for _, g := range []orb.Geometry{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, orb.Polygon{}} {
		b, _, err := encode(g, 4326)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// The R-tree's SQL functions read any blob a table holds: an
		// envelope or an error, never a panic.
		if box, empty, err := envelope(b); err == nil && !empty && (box[0] > box[1] || box[2] > box[3]) {
			if g, derr := decode(b); derr == nil && g != nil && b[3]&(7<<1) == 0 {
				t.Fatalf("envelope %v of a geometry read from its WKB is inverted", box)
			}
		}
		g, err := decode(b)
		if err != nil || g == nil {
			return
		}
		again, _, err := encode(g, 4326)
		if err != nil {
			return // a geometry WKB allows but orb cannot write back
		}
		g2, err := decode(again)
		if err != nil {
			t.Fatalf("re-encoded geometry does not decode: %v", err)
		}
		if !orb.Equal(g, g2) && g.GeoJSONType() != "" {
			t.Fatalf("round trip changed %v into %v", g, g2)
		}
	})
}
