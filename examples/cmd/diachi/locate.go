package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/paulmach/orb"

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
exactly one of them (the one to its east, or north for an east-west edge).
The parcels are WGS84 GeoJSON: a file naming another CRS, or that is not
a FeatureCollection, is refused; an empty one answers null, with a warning.

Exit status: 0 when every line was answered, 1 when any line failed (its
output line says why), the --parcels file could not be read or was refused,
or the output could not be written, 2 for a usage error.`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *parcels == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	feats, empty, err := readFeatures(*parcels, *maxBytes)
	if err != nil {
		fmt.Fprintf(stderr, "diachi locate: %v\n", err)
		return 1
	}
	if empty {
		fmt.Fprintf(stderr, "diachi locate: warning: %s has no features: every point answers null\n", *parcels)
	}
	items := make([]index.Feature[int], len(feats))
	for i, f := range feats {
		items[i] = index.Feature[int]{Geometry: f.Geometry, Value: i}
	}
	ix, err := index.BuildPolygonIndex(items)
	if err != nil {
		fmt.Fprintf(stderr, "diachi locate: %s: %v\n", *parcels, err)
		return 1
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
