package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/geo/index"
)

func runLocate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("locate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	parcels := fs.String("parcels", "", "GeoJSON FeatureCollection of Polygon/MultiPolygon features (WGS84)")
	maxBytes := fs.Int64("max-bytes", 2<<30, "refuse a parcels file of more than this many `bytes`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi locate --parcels FILE.geojson < points

Reads "lat lon" lines and writes, for each, the feature that contains the
point as {"id": ..., "properties": {...}}, or null; "error: line N: ..." for
a line it cannot read. A point on an edge shared by two parcels belongs to
exactly one of them (the one to its east, or north for an east-west edge).`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if *parcels == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	feats, err := readFeatures(*parcels, *maxBytes)
	if err != nil {
		fmt.Fprintf(stderr, "diachi locate: %v\n", err)
		return 2
	}
	items := make([]index.Feature[int], len(feats))
	for i, f := range feats {
		items[i] = index.Feature[int]{Geometry: f.Geometry, Value: i}
	}
	ix, err := index.BuildPolygonIndex(items)
	if err != nil {
		fmt.Fprintf(stderr, "diachi locate: %s: %v\n", *parcels, err)
		return 2
	}
	type hit struct {
		ID         any            `json:"id"`
		Properties map[string]any `json:"properties"`
	}
	return finish("locate", stdin, stdout, stderr, func(line, out []byte) ([]byte, error) {
		lat, lon, err := fields2(line)
		if err != nil {
			return out, err
		}
		if !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
			return out, fmt.Errorf("(%g, %g) is not a latitude and longitude", lat, lon)
		}
		i, ok := ix.Containing(orb.Point{lon, lat})
		if !ok {
			return append(out, "null"...), nil
		}
		b, err := json.Marshal(hit{ID: feats[i].ID, Properties: feats[i].Properties})
		if err != nil {
			return out, err
		}
		return append(out, b...), nil
	})
}

// readFeatures reads a GeoJSON FeatureCollection, refusing files larger
// than max bytes before reading them.
func readFeatures(path string, max int64) ([]*geojson.Feature, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%s: %d bytes is more than --max-bytes %d", path, st.Size(), max)
	}
	raw, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > max {
		return nil, fmt.Errorf("%s: more than --max-bytes %d", path, max)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: not a GeoJSON FeatureCollection: %w", path, err)
	}
	return fc.Features, nil
}
