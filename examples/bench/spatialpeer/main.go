// Command spatialpeer is diachi's side of the spatial-join comparison with
// PostgreSQL/PostGIS (run both with examples/bench/spatial_vs_postgis.sh):
// it builds the same synthetic fabric the database loads, reads the same
// query points, and times what the database is timed on: building the
// index, a batch point-in-parcel join (in file order and spatially sorted),
// single lookups, and the nearest street of each point.
//
//	go run ./examples/bench/spatialpeer -n 1000000 -points points.csv
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/internal/fabric"
)

func main() {
	n := flag.Int("n", 1_000_000, "parcels (same as given to the generator)")
	seed := flag.Uint64("seed", 7, "fabric seed (same as given to the generator)")
	pointsFile := flag.String("points", "", "query points, id;lon;lat lines")
	knn := flag.Int("knn", 20000, "points used for the nearest-street query")
	flag.Parse()
	pts, err := readPoints(*pointsFile)
	if err != nil {
		log.Fatal(err)
	}
	cfg := fabric.Config{Seed: *seed, Parcels: *n}

	feats := make([]index.Feature[int], 0, *n)
	fabric.Generate(cfg, func(p fabric.Parcel) bool {
		feats = append(feats, index.Feature[int]{Geometry: p.Geometry, Value: p.ID})
		return true
	})
	runtime.GC()
	t0 := time.Now()
	ix, err := index.BuildPolygonIndex(feats)
	if err != nil {
		log.Fatal(err)
	}
	build := time.Since(t0)

	join := func(ps []orb.Point) (time.Duration, int) {
		hits := 0
		t := time.Now()
		for _, p := range ps {
			if _, ok := ix.Containing(p); ok {
				hits++
			}
		}
		return time.Since(t), hits
	}
	dFile, hits := join(pts)
	all := orb.MultiPoint(pts).Bound()
	sorted := slices.Clone(pts)
	slices.SortFunc(sorted, func(a, b orb.Point) int {
		return cmp.Compare(index.HilbertKey(all, a), index.HilbertKey(all, b))
	})
	dSorted, _ := join(sorted)

	var streets index.LineIndex[int]
	for _, s := range fabric.Streets(cfg) {
		if err := streets.Insert(s.Line, s.ID); err != nil {
			log.Fatal(err)
		}
	}
	k := min(*knn, len(pts))
	t1 := time.Now()
	found := 0
	for _, p := range pts[:k] {
		if _, ok := streets.Nearest(p, 1000); ok {
			found++
		}
	}
	dKNN := time.Since(t1)

	per := func(d time.Duration, m int) string {
		return strconv.FormatFloat(float64(d.Nanoseconds())/float64(m)/1000, 'f', 3, 64)
	}
	fmt.Printf("diachi.parcels %d\n", ix.Len())
	fmt.Printf("diachi.build_s %.2f\n", build.Seconds())
	fmt.Printf("diachi.join_hits %d of %d\n", hits, len(pts))
	fmt.Printf("diachi.join_us_per_point %s\n", per(dFile, len(pts)))
	fmt.Printf("diachi.join_sorted_us_per_point %s\n", per(dSorted, len(pts)))
	fmt.Printf("diachi.knn_streets %d\n", streets.Len())
	fmt.Printf("diachi.knn_us_per_point %s (%d found of %d)\n", per(dKNN, k), found, k)
}

func readPoints(path string) ([]orb.Point, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var pts []orb.Point
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), ";")
		if len(parts) != 3 {
			return nil, fmt.Errorf("%s: bad line %q", path, sc.Text())
		}
		lon, err1 := strconv.ParseFloat(parts[1], 64)
		lat, err2 := strconv.ParseFloat(parts[2], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s: bad line %q", path, sc.Text())
		}
		pts = append(pts, orb.Point{lon, lat})
	}
	return pts, sc.Err()
}
