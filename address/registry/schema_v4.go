package registry

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// Schema version 4 stores, in the file's metadata, what a saved registry
// read in part (OpenSaved) needs to answer as the registry opened whole
// does, and that only Build computes from every record:
//
//   - extent: the bounding box (WGS84) of every geometry the registry
//     indexes, which with the search radii bounds where At answers;
//   - parcel_bound: the bounding box of the parcels indexed, by which the
//     parcel index orders them, so that of two overlapping parcels the
//     same one holds a point.
//
// Each is four numbers, min lon, min lat, max lon, max lat, written in
// the shortest form that reads back to the same float64 ("+Inf" and
// "-Inf" for the bound of nothing). They are metadata, so the file's
// digest and seal cover them.
const (
	metaExtent      = "extent"
	metaParcelBound = "parcel_bound"
)

// partialSchema is the first schema whose files OpenSaved reads.
const partialSchema = 4

// queryMeta is the metadata of schema 4.
func (r *Registry) queryMeta() [][2]string {
	return [][2]string{{metaExtent, formatBound(r.extent)}, {metaParcelBound, formatBound(r.parcelBound)}}
}

// migrateV3 upgrades a schema 3 file for Open: Open builds the registry
// again and computes extent and parcel_bound itself, so nothing changes;
// a schema 3 file cannot be read in part (ErrPartial) until it is saved
// again.
func migrateV3([]gpkg.Layer, map[string]string) error { return nil }

func formatBound(b orb.Bound) string {
	v := [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	s := make([]string, 4)
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strings.Join(s, " ")
}

// parseBound reads formatBound's text: four numbers, no NaN, each min
// at most its max unless the bound is the bound of nothing.
func parseBound(s string) (orb.Bound, error) {
	f := strings.Fields(s)
	if len(f) != 4 {
		return orb.Bound{}, fmt.Errorf("%q: want four numbers", s)
	}
	var v [4]float64
	for i, t := range f {
		x, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(x) {
			return orb.Bound{}, fmt.Errorf("%q: %q is not a number", s, t)
		}
		v[i] = x
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	if b == noBound {
		return b, nil
	}
	for _, x := range v {
		if math.IsInf(x, 0) {
			return orb.Bound{}, fmt.Errorf("%q: not finite", s)
		}
	}
	if b.IsEmpty() {
		return orb.Bound{}, fmt.Errorf("%q: min above max", s)
	}
	return b, nil
}
