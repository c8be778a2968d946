package registry_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
)

// Every layer goes out as RFC 7946 GeoJSON that a strict reader takes:
// one feature per record, in WGS84 to 7 decimals (a centimetre), which
// take back to the source's VN-2000 metres within that, and measures
// (along) to the centimetre.
func TestWriteGeoJSONLayers(t *testing.T) {
	reg := sample(t)
	src := reg.Source()
	toSrc, err := crs.NewTransformer(crs.WGS84, reg.CRS())
	require.NoError(t, err)
	alongs := 0
	tooFine := regexp.MustCompile(`\d\.\d{8,}`)
	for _, name := range []string{registry.LayerParcels, registry.LayerStreets, registry.LayerHouses, registry.LayerEntrances, registry.LayerCommunes, registry.LayerPostalZones} {
		var buf bytes.Buffer
		require.NoError(t, reg.WriteGeoJSONLayer(&buf, name))
		assert.False(t, tooFine.Match(buf.Bytes()), "%s: a number with more than 7 decimals", name)
		fs, code, err := registry.ReadGeoJSON(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err, name)
		assert.Zero(t, code, "RFC 7946: no crs member, WGS84")
		want, err := src.Layer(name)
		require.NoError(t, err)
		require.Len(t, fs, len(*want), name)
		for i, f := range fs {
			w := (*want)[i].Geometry
			if w == nil {
				assert.Nil(t, f.Geometry)
				continue
			}
			require.Equal(t, w.GeoJSONType(), f.Geometry.GeoJSONType(), "%s #%d", name, i)
			// The first vertex, taken back to the source CRS.
			var got, exp orb.Point
			switch g := f.Geometry.(type) {
			case orb.Point:
				got, exp = g, w.(orb.Point)
			case orb.LineString:
				got, exp = g[0], w.(orb.LineString)[0]
			case orb.MultiLineString:
				got, exp = g[0][0], w.(orb.MultiLineString)[0][0]
			case orb.Polygon:
				got, exp = g[0][0], w.(orb.Polygon)[0][0]
			case orb.MultiPolygon:
				got, exp = g[0][0][0], w.(orb.MultiPolygon)[0][0][0]
			default:
				t.Fatalf("%s #%d: %T", name, i, g)
			}
			x, y, err := toSrc.Transform(got[1], got[0])
			require.NoError(t, err)
			assert.InDelta(t, exp[0], x, 0.02, "%s #%d", name, i)
			assert.InDelta(t, exp[1], y, 0.02, "%s #%d", name, i)
			if name == registry.LayerHouses {
				if v := f.Props.String("along"); v != "" {
					alongs++
					assert.Regexp(t, `^\d+(\.\d{1,2})?$`, v, "along to the centimetre")
				}
			}
		}
	}
	assert.Positive(t, alongs)
	var buf bytes.Buffer
	assert.ErrorContains(t, reg.WriteGeoJSONLayer(&buf, "roads"), `no layer "roads"`)
}
