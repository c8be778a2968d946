// Command spatialpeer is diachi's side of the spatial-join comparison with
// PostgreSQL/PostGIS (examples/bench/spatial_vs_postgis.sh runs both). It
// builds the same synthetic fabric the database loads and reads the same
// query points, in file order and in the Hilbert order the database is
// given too; then it answers commands on standard input, one a line, so
// that the script can interleave its rounds with the database's:
//
//	round   rebuild the parcel index (timed), then time a batch
//	        point-in-parcel join of the points in file order and in Hilbert
//	        order, lookups one at a time of points drawn at random, and the
//	        nearest street of the first -knn points, in a batch and one at
//	        a time for points drawn at random
//
// Every reply, and the report of the set-up first, is lines "name value"
// ending with a line "end". Only the operation named is timed: the fabric
// is generated, the points read and sorted, and the street index's search
// tree built before (its build is timed and reported on its own, not left
// to the first query). Lookups one at a time are calls in this process:
// the database's single queries are client round trips, which the script
// says where it compares them.
//
//	go run ./examples/bench/spatialpeer -sort points.csv > sorted.csv
//	go run ./examples/bench/spatialpeer -n 1000000 -points points.csv -sorted sorted.csv -knn 20000
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
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
	sortedFile := flag.String("sorted", "", "the same points in Hilbert order (made by -sort)")
	sortOnly := flag.String("sort", "", "write the points of this file in Hilbert order to standard output, and stop")
	knn := flag.Int("knn", 20000, "points used for the nearest-street query")
	flag.Parse()
	if *sortOnly != "" {
		if err := writeSorted(*sortOnly, os.Stdout); err != nil {
			log.Fatal(err)
		}
		return
	}
	pts, err := readPoints(*pointsFile)
	if err != nil {
		log.Fatal(err)
	}
	sorted, err := readPoints(*sortedFile)
	if err != nil {
		log.Fatal(err)
	}
	p, err := newPeer(fabric.Config{Seed: *seed, Parcels: *n}, pts, sorted, *knn)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(os.Stdout)
	p.report(w)
	if err := p.serve(os.Stdin, w); err != nil {
		log.Fatal(err)
	}
}

// peer holds the data and indexes a round queries.
type peer struct {
	feats   []index.Feature[int]
	parcels *index.PolygonIndex[int]
	streets index.LineIndex[int]
	pts     []orb.Point // file order
	sorted  []orb.Point // Hilbert order
	knn     int
	rng     *rand.Rand
	// set-up figures, reported once
	build, streetTree time.Duration
}

func newPeer(cfg fabric.Config, pts, sorted []orb.Point, knn int) (*peer, error) {
	if len(pts) == 0 || len(sorted) != len(pts) {
		return nil, fmt.Errorf("spatialpeer: %d points in file order and %d sorted", len(pts), len(sorted))
	}
	p := &peer{pts: pts, sorted: sorted, knn: min(knn, len(pts)), rng: rand.New(rand.NewPCG(1, 2))}
	p.feats = make([]index.Feature[int], 0, cfg.Parcels)
	fabric.Generate(cfg, func(fp fabric.Parcel) bool {
		p.feats = append(p.feats, index.Feature[int]{Geometry: fp.Geometry, Value: fp.ID})
		return true
	})
	var err error
	if p.build, err = p.buildParcels(); err != nil {
		return nil, err
	}
	for _, s := range fabric.Streets(cfg) {
		if err := p.streets.Insert(s.Line, s.ID); err != nil {
			return nil, err
		}
	}
	t := time.Now()
	p.streets.Prepare()
	p.streetTree = time.Since(t)
	return p, nil
}

// buildParcels builds the parcel index anew (validation, Hilbert order,
// tree and grid), after a collection that clears the last one away.
func (p *peer) buildParcels() (time.Duration, error) {
	p.parcels = nil
	runtime.GC()
	t := time.Now()
	ix, err := index.BuildPolygonIndex(p.feats)
	d := time.Since(t)
	p.parcels = ix
	return d, err
}

func (p *peer) report(w *bufio.Writer) {
	fmt.Fprintf(w, "diachi.parcels %d\n", p.parcels.Len())
	fmt.Fprintf(w, "diachi.points %d\n", len(p.pts))
	fmt.Fprintf(w, "diachi.streets %d\n", p.streets.Len())
	fmt.Fprintf(w, "diachi.build_s %.3f\n", p.build.Seconds())
	fmt.Fprintf(w, "diachi.street_tree_s %.3f\n", p.streetTree.Seconds())
	fmt.Fprintln(w, "end")
	w.Flush()
}

// serve answers the commands of r until it ends.
func (p *peer) serve(r io.Reader, w *bufio.Writer) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		switch cmd := strings.TrimSpace(sc.Text()); cmd {
		case "round":
			if err := p.round(w); err != nil {
				return err
			}
		case "":
			continue
		default:
			fmt.Fprintf(w, "error unknown command %q\n", cmd)
		}
		fmt.Fprintln(w, "end")
		if err := w.Flush(); err != nil {
			return err
		}
	}
	return sc.Err()
}

func (p *peer) round(w io.Writer) error {
	build, err := p.buildParcels()
	if err != nil {
		return err
	}
	us := func(d time.Duration, n int) string {
		return strconv.FormatFloat(float64(d.Nanoseconds())/float64(n)/1000, 'f', 3, 64)
	}
	dFile, hits := p.join(p.pts)
	dSorted, hitsSorted := p.join(p.sorted)
	dSingle := p.single(len(p.pts))
	dKNN, found := p.nearest(p.pts[:p.knn])
	dSingleKNN := p.singleNearest(p.knn)
	fmt.Fprintf(w, "diachi.build_s %.3f\n", build.Seconds())
	fmt.Fprintf(w, "diachi.join_hits %d\n", hits)
	fmt.Fprintf(w, "diachi.join_sorted_hits %d\n", hitsSorted)
	fmt.Fprintf(w, "diachi.join_us_per_point %s\n", us(dFile, len(p.pts)))
	fmt.Fprintf(w, "diachi.join_sorted_us_per_point %s\n", us(dSorted, len(p.sorted)))
	fmt.Fprintf(w, "diachi.single_us %s\n", us(dSingle, len(p.pts)))
	fmt.Fprintf(w, "diachi.knn_found %d of %d\n", found, p.knn)
	fmt.Fprintf(w, "diachi.knn_us_per_point %s\n", us(dKNN, p.knn))
	fmt.Fprintf(w, "diachi.single_knn_us %s\n", us(dSingleKNN, p.knn))
	return nil
}

// join looks every point up in turn.
func (p *peer) join(pts []orb.Point) (time.Duration, int) {
	hits := 0
	t := time.Now()
	for _, q := range pts {
		if _, ok := p.parcels.Containing(q); ok {
			hits++
		}
	}
	return time.Since(t), hits
}

// single looks up n points drawn at random one at a time, as the
// database's single queries do.
func (p *peer) single(n int) time.Duration {
	hits := 0
	t := time.Now()
	for range n {
		if _, ok := p.parcels.Containing(p.pts[p.rng.IntN(len(p.pts))]); ok {
			hits++
		}
	}
	d := time.Since(t)
	runtime.KeepAlive(hits)
	return d
}

// nearest finds the nearest street, within 1 km, of every point in turn.
func (p *peer) nearest(pts []orb.Point) (time.Duration, int) {
	found := 0
	t := time.Now()
	for _, q := range pts {
		if _, ok := p.streets.Nearest(q, 1000); ok {
			found++
		}
	}
	return time.Since(t), found
}

// singleNearest finds the nearest street of n points drawn at random.
func (p *peer) singleNearest(n int) time.Duration {
	found := 0
	t := time.Now()
	for range n {
		if _, ok := p.streets.Nearest(p.pts[p.rng.IntN(len(p.pts))], 1000); ok {
			found++
		}
	}
	d := time.Since(t)
	runtime.KeepAlive(found)
	return d
}

// writeSorted writes the id;lon;lat lines of a points file in the order
// of their keys along a Hilbert curve over their bound.
func writeSorted(path string, out io.Writer) error {
	lines, pts, err := readLines(path)
	if err != nil {
		return err
	}
	all := orb.MultiPoint(pts).Bound()
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(index.HilbertKey(all, pts[a]), index.HilbertKey(all, pts[b]))
	})
	w := bufio.NewWriter(out)
	for _, i := range order {
		w.WriteString(lines[i])
		w.WriteByte('\n')
	}
	return w.Flush()
}

func readPoints(path string) ([]orb.Point, error) {
	_, pts, err := readLines(path)
	return pts, err
}

// readLines reads id;lon;lat lines.
func readLines(path string) ([]string, []orb.Point, error) {
	if path == "" {
		return nil, nil, fmt.Errorf("spatialpeer: no points file given")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var lines []string
	var pts []orb.Point
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		q, err := parsePoint(sc.Text())
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", path, len(lines)+1, err)
		}
		lines = append(lines, sc.Text())
		pts = append(pts, q)
	}
	return lines, pts, sc.Err()
}

// parsePoint reads an id;lon;lat line, the point on the globe.
func parsePoint(line string) (orb.Point, error) {
	parts := strings.Split(line, ";")
	if len(parts) != 3 {
		return orb.Point{}, fmt.Errorf("want id;lon;lat, got %q", line)
	}
	if _, err := strconv.Atoi(parts[0]); err != nil {
		return orb.Point{}, fmt.Errorf("id %q: not a number", parts[0])
	}
	var q orb.Point
	for j, limit := range [2]float64{180, 90} {
		v, err := strconv.ParseFloat(parts[j+1], 64)
		if err != nil {
			return orb.Point{}, err
		}
		if !(v >= -limit && v <= limit) {
			return orb.Point{}, fmt.Errorf("%q is not within ±%v°", parts[j+1], limit)
		}
		q[j] = v
	}
	return q, nil
}
