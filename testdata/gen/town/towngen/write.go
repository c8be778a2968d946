package towngen

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/registry"
)

// WriteDir writes the town as GeoJSON files, one per layer
// (streets.geojson, parcels.geojson, …, in EPSG:9210, named in each
// file's "crs" member), and planted.csv listing the deliberate errors.
func WriteDir(dir string, t *Town) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	src := t.Source
	for _, l := range []struct {
		name string
		fs   []registry.Feature
	}{
		{registry.LayerStreets, src.Streets}, {registry.LayerParcels, src.Parcels}, {registry.LayerBuildings, src.Buildings},
		{registry.LayerEntrances, src.Entrances}, {registry.LayerCommunes, src.Communes}, {registry.LayerPostalZones, src.PostalZones},
	} {
		if err := writeLayer(filepath.Join(dir, l.name+".geojson"), int(src.CRS), l.fs); err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(dir, "planted.csv"))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"layer", "record", "reason", "what"})
	for _, p := range t.Planted {
		w.Write([]string{p.Layer, p.Record, string(p.Reason), p.What})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeLayer(path string, code int, fs []registry.Feature) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::%d"}},"features":[`, code)
	for i, ft := range fs {
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n{\"type\":\"Feature\",\"geometry\":")
		w.WriteString(geometry(ft.Geometry))
		w.WriteString(",\"properties\":{")
		for k, p := range ft.Props {
			if k > 0 {
				w.WriteString(",")
			}
			key, _ := json.Marshal(p.Key)
			val, err := json.Marshal(p.Value)
			if err != nil {
				f.Close()
				return err
			}
			w.Write(key)
			w.WriteString(":")
			w.Write(val)
		}
		w.WriteString("}}")
	}
	w.WriteString("\n]}\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func coord(p orb.Point) string {
	return "[" + strconv.FormatFloat(p[0], 'f', -1, 64) + "," + strconv.FormatFloat(p[1], 'f', -1, 64) + "]"
}

func ring(r []orb.Point) string {
	s := "["
	for i, p := range r {
		if i > 0 {
			s += ","
		}
		s += coord(p)
	}
	return s + "]"
}

func polygon(p orb.Polygon) string {
	s := "["
	for i, r := range p {
		if i > 0 {
			s += ","
		}
		s += ring(r)
	}
	return s + "]"
}

func geometry(g orb.Geometry) string {
	switch g := g.(type) {
	case orb.Point:
		return `{"type":"Point","coordinates":` + coord(g) + "}"
	case orb.LineString:
		return `{"type":"LineString","coordinates":` + ring(g) + "}"
	case orb.Polygon:
		return `{"type":"Polygon","coordinates":` + polygon(g) + "}"
	}
	return "null"
}
