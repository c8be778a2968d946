package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
)

// GeoJSON out: coordinates in WGS84 to 7 decimals (about a centimetre on
// the ground, finer than any survey behind the data) and measures in
// metres to the centimetre, so a file says no more than the data knows.
const (
	degreeDecimals = 7
	metreDecimals  = 2
)

// WriteGeoJSONLayer writes one layer of the registry as an RFC 7946
// FeatureCollection in WGS84, each feature with the fields Save gives it
// and its source attributes under "source": LayerParcels, LayerStreets,
// LayerHouses (the buildings' footprints with their numbers, IDs and
// links), LayerEntrances, LayerCommunes or LayerPostalZones. WriteGeoJSON
// writes the houses as points instead. The member "id_key" says which
// kind of key issued the IDs.
func (r *Registry) WriteGeoJSONLayer(w io.Writer, layer string) error {
	if r.lazy != nil {
		wr, err := r.whole(context.Background())
		if err != nil {
			return err
		}
		return wr.WriteGeoJSONLayer(w, layer)
	}
	k := slices.Index(layerNames, layer)
	if k < 0 {
		return fmt.Errorf("registry: no layer %q (want one of %v)", layer, layerNames)
	}
	t, err := newTransform(r.sourceCRS)
	if err != nil {
		return err
	}
	return r.writeGeoJSON(w, k, func(i int, g orb.Geometry) (orb.Geometry, error) {
		if g == nil {
			return nil, nil
		}
		return t.geometry(g)
	})
}

// WriteGeoJSON writes the houses as an RFC 7946 FeatureCollection (WGS84
// lon/lat): each house's point with its address ID, number, street,
// commune, postcode, Plus Code, parcel, full address and findings, and the
// building's source attributes under "properties.source". The member
// "id_key" says which kind of key issued the IDs: "office", or "demo" for
// the public demonstration key.
func (r *Registry) WriteGeoJSON(w io.Writer) error {
	if r.lazy != nil {
		wr, err := r.whole(context.Background())
		if err != nil {
			return err
		}
		return wr.WriteGeoJSON(w)
	}
	return r.writeGeoJSON(w, slices.Index(layerNames, LayerHouses), func(i int, _ orb.Geometry) (orb.Geometry, error) {
		if p := r.house(i).Point; p != (orb.Point{}) {
			return p, nil
		}
		return nil, nil
	})
}

// writeGeoJSON writes saved layer k, each feature's geometry given by geom
// from its source geometry.
func (r *Registry) writeGeoJSON(w io.Writer, k int, geom func(i int, g orb.Geometry) (orb.Geometry, error)) error {
	layers, _, err := r.layers(false)
	if err != nil {
		return err
	}
	l := layers[k]
	metres := map[int]bool{}
	for c, fd := range l.Fields {
		for _, sc := range savedColumns {
			if sc.Layer == l.Name && sc.Name == fd.Name && sc.Kind == KindNumber {
				metres[c] = true
			}
		}
	}
	bw := &errWriter{w: w}
	bw.str(`{"type":"FeatureCollection","name":"` + l.Name + `","id_key":"` + keyKind(r.demo) + `","features":[`)
	var buf []byte
	for i := range l.Count {
		f, err := l.Row(i)
		if err != nil {
			return err
		}
		g, err := geom(i, f.Geometry)
		if err != nil {
			return fmt.Errorf("registry: %s #%d: %w", l.Name, i, err)
		}
		buf = buf[:0]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n"+`{"type":"Feature","geometry":`...)
		buf = appendGeometry(buf, g)
		buf = append(buf, `,"properties":{`...)
		for c, fd := range l.Fields {
			if c > 0 {
				buf = append(buf, ',')
			}
			if fd.Name == propertiesColumn {
				buf = append(buf, `"source":`...)
				buf = append(buf, f.Values[c].(string)...)
				continue
			}
			key, _ := json.Marshal(fd.Name)
			buf = append(append(buf, key...), ':')
			if v, ok := f.Values[c].(float64); ok && metres[c] {
				buf = strconv.AppendFloat(buf, roundTo(v, metreDecimals), 'f', -1, 64)
				continue
			}
			val, err := json.Marshal(f.Values[c])
			if err != nil {
				return fmt.Errorf("registry: %s #%d %s: %w", l.Name, i, fd.Name, err)
			}
			buf = append(buf, val...)
		}
		buf = append(buf, "}}"...)
		bw.str(string(buf))
	}
	bw.str("\n]}\n")
	return bw.err
}

// roundTo rounds v to d decimals.
func roundTo(v float64, d int) float64 {
	p := math.Pow10(d)
	return math.Round(v*p) / p
}

// appendGeometry writes g as a GeoJSON geometry (null for none), lon/lat
// to degreeDecimals.
func appendGeometry(b []byte, g orb.Geometry) []byte {
	pt := func(b []byte, p orb.Point) []byte {
		b = append(b, '[')
		b = strconv.AppendFloat(b, p[0], 'f', degreeDecimals, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, p[1], 'f', degreeDecimals, 64)
		return append(b, ']')
	}
	pts := func(b []byte, ps []orb.Point) []byte {
		b = append(b, '[')
		for i, p := range ps {
			if i > 0 {
				b = append(b, ',')
			}
			b = pt(b, p)
		}
		return append(b, ']')
	}
	rings := func(b []byte, rs []orb.Ring) []byte {
		b = append(b, '[')
		for i, r := range rs {
			if i > 0 {
				b = append(b, ',')
			}
			b = pts(b, r)
		}
		return append(b, ']')
	}
	switch g := g.(type) {
	case nil:
		return append(b, "null"...)
	case orb.Point:
		return append(pt(append(b, `{"type":"Point","coordinates":`...), g), '}')
	case orb.MultiPoint:
		return append(pts(append(b, `{"type":"MultiPoint","coordinates":`...), g), '}')
	case orb.LineString:
		return append(pts(append(b, `{"type":"LineString","coordinates":`...), g), '}')
	case orb.MultiLineString:
		b = append(b, `{"type":"MultiLineString","coordinates":[`...)
		for i, l := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = pts(b, l)
		}
		return append(b, "]}"...)
	case orb.Polygon:
		return append(rings(append(b, `{"type":"Polygon","coordinates":`...), g), '}')
	case orb.MultiPolygon:
		b = append(b, `{"type":"MultiPolygon","coordinates":[`...)
		for i, p := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = rings(b, p)
		}
		return append(b, "]}"...)
	case orb.Collection:
		b = append(b, `{"type":"GeometryCollection","geometries":[`...)
		for i, x := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendGeometry(b, x)
		}
		return append(b, "]}"...)
	}
	return append(b, "null"...)
}

// geometry returns g in WGS84, whatever its type.
func (t *transform) geometry(g orb.Geometry) (orb.Geometry, error) {
	switch g := g.(type) {
	case orb.Point:
		return t.point(g)
	case orb.MultiPoint:
		q, err := t.ring(g)
		return orb.MultiPoint(q), err
	case orb.LineString:
		q, err := t.ring(g)
		return orb.LineString(q), err
	case orb.MultiLineString:
		return t.lines(g)
	case orb.Polygon, orb.MultiPolygon:
		return t.area(g)
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, x := range g {
			q, err := t.geometry(x)
			if err != nil {
				return nil, fmt.Errorf("member %d: %w", i, err)
			}
			out[i] = q
		}
		return out, nil
	}
	return nil, fmt.Errorf("a %T cannot be written as GeoJSON", g)
}
