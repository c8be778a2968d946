package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/geojsonio"
)

// readFeatures reads a GeoJSON FeatureCollection in WGS84 for a command:
// a file larger than max bytes is refused before it is read, and the
// limits of geo/geojsonio on features and vertices apply while it is
// read. Anything but a FeatureCollection (null, a collection without
// features or with "features": null) is an error, as is a file naming
// another CRS or a position with an altitude. Attribute numbers keep
// their written form (json.Number). empty reports whether the collection
// has no feature, which the caller warns about.
func readFeatures(path string, max int64) (fs []*geojson.Feature, empty bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if st.Size() > max {
		return nil, false, fmt.Errorf("%s: %d bytes is more than --max-bytes %d", path, st.Size(), max)
	}
	c, err := geojsonio.Read(f, geojsonio.Options{MaxBytes: max})
	if le := (*geojsonio.LimitError)(nil); errors.As(err, &le) && le.Limit == "MaxBytes" {
		return nil, false, fmt.Errorf("%s: more than --max-bytes %d", path, max)
	}
	if err != nil {
		return nil, false, fmt.Errorf("%s: not a GeoJSON FeatureCollection: %w", path, err)
	}
	if c.CRS != 0 && c.CRS != crs.WGS84 {
		return nil, false, fmt.Errorf("%s: not a GeoJSON FeatureCollection in WGS84: the file is in %s: it reads WGS84 (longitude, latitude)", path, c.CRS)
	}
	fs = make([]*geojson.Feature, len(c.Features))
	for i, g := range c.Features {
		ft := &geojson.Feature{Type: "Feature", ID: g.ID, Geometry: g.Geometry, Properties: geojson.Properties{}}
		if g.Properties != nil {
			d := json.NewDecoder(bytes.NewReader(g.Properties))
			d.UseNumber()
			if err := d.Decode(&ft.Properties); err != nil {
				return nil, false, fmt.Errorf("%s: feature %d: properties: %w", path, i, err)
			}
		}
		fs[i] = ft
	}
	return fs, len(fs) == 0, nil
}
