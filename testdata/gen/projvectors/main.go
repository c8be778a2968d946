// Command projvectors regenerates testdata/crs/proj_vectors.csv and
// testdata/crs/proj_mekong.csv, the coordinate conformance vectors of package
// geo/crs, with PROJ (cct and cs2cs) as the oracle.
//
// It samples points on land inside the polygons of the 34 provinces (from
// the reference boundaries file) plus a list of coastal and offshore islands,
// then asks PROJ for every supported CRS in both directions: WGS84 to VN-2000
// geographic, to a TM-3 zone (every zone in turn) and to the UTM zone of the
// point's longitude, and each result back to WGS84.
//
// These rows (shift 6960) are made with cct on the pipeline projinfo gives
// for the national operation, for every point.
//
// Given bare EPSG codes, cs2cs picks the datum shift per point and per CRS:
// between WGS84 and a VN-2000 CRS whose own EPSG area of use meets the Mekong
// delta blocks DBSCL 02 and 03, it uses the old parameters EPSG:5194 for a
// source coordinate inside their box and EPSG:6960 elsewhere; for the other
// VN-2000 CRSs it has only EPSG:6960. A second file therefore holds plain
// cs2cs answers for every VN-2000 CRS, both directions, on points inside the
// box and close to its edges (on them, 0.001° and 0.01° either side), and on
// VN-2000 points close to the edges projected first, which test where the
// box lies in projected coordinates. Each row says which shift cs2cs used,
// found by comparing its answer with cct on both pinned pipelines.
//
//	apt-get install proj-bin
//	go run ./testdata/gen/projvectors -boundaries ../shared/data/boundaries/provinces34.geojson
//
// The output is deterministic for a given seed and PROJ version.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

var tm3Zones = []int{5896, 5897, 5898, 5899, 9205, 9206, 9207, 9208, 9209, 9210, 9211, 9212, 9213, 9214, 9215, 9216, 9217, 9218}

// Islands named in the vectors, lat/lon of a point on each.
var islands = [][2]float64{
	{10.2270, 103.9640}, // Phú Quốc
	{9.2820, 103.4630},  // Thổ Chu
	{10.0000, 104.0100}, // An Thới islands
	{8.6850, 106.6080},  // Côn Sơn (Côn Đảo)
	{20.1330, 107.7280}, // Bạch Long Vĩ
	{20.7900, 107.0000}, // Cát Bà
	{21.0400, 107.7800}, // Vân Đồn (Quan Lạn)
	{20.9600, 107.4500}, // Cô Tô area, Hạ Long bay
	{15.3800, 109.1200}, // Lý Sơn
	{10.5200, 108.9400}, // Phú Quý
	{15.9560, 108.5120}, // Cù Lao Chàm
	{17.1650, 107.3380}, // Cồn Cỏ
	{16.5300, 111.6100}, // Hoàng Sa (Paracels)
	{16.8400, 112.3400}, // Hoàng Sa, Phú Lâm
	{8.6450, 111.9200},  // Trường Sa
	{10.3800, 114.4800}, // Trường Sa, Song Tử
	{11.4300, 114.3300}, // Trường Sa, Song Tử Tây
	{9.7300, 115.8600},  // Trường Sa, east
	{12.1800, 109.3000}, // Hòn Tre, Nha Trang
	{21.5000, 108.0400}, // Vĩnh Thực, Móng Cái
}

type row struct {
	shift      string
	from, to   int
	a, b       string // input in the source CRS's axis order
	outA, outB string
}

func main() {
	boundaries := flag.String("boundaries", "../shared/data/boundaries/provinces34.geojson", "province polygons (GeoJSON)")
	out := flag.String("out", "testdata/crs/proj_vectors.csv", "output CSV")
	n := flag.Int("n", 2400, "land points to sample")
	mekongOut := flag.String("mekong-out", "testdata/crs/proj_mekong.csv", "output CSV of the plain cs2cs rows around the Mekong blocks")
	nMekong := flag.Int("mekong", 30, "random points inside the EPSG:5194 area for the plain cs2cs rows, per CRS")
	seed := flag.Uint64("seed", 2000, "random seed")
	flag.Parse()

	raw, err := os.ReadFile(*boundaries)
	if err != nil {
		log.Fatalf("projvectors: %v (the boundaries come from the reference data set)", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		log.Fatalf("projvectors: %v", err)
	}
	var land []orb.MultiPolygon
	var bound orb.Bound
	for i, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			continue
		}
		land = append(land, mp)
		if i == 0 {
			bound = mp.Bound()
		} else {
			bound = bound.Union(mp.Bound())
		}
	}

	rng := rand.New(rand.NewPCG(*seed, 2025))
	var pts [][2]float64 // lat, lon
	for len(pts) < *n {
		lon := bound.Min[0] + rng.Float64()*(bound.Max[0]-bound.Min[0])
		lat := bound.Min[1] + rng.Float64()*(bound.Max[1]-bound.Min[1])
		p := orb.Point{lon, lat}
		for _, mp := range land {
			if mp.Bound().Contains(p) && planar.MultiPolygonContains(mp, p) {
				pts = append(pts, [2]float64{round(lat, 9), round(lon, 9)})
				break
			}
		}
	}
	pts = append(pts, islands...)

	// Forward requests grouped by target CRS, so each cs2cs runs once.
	byTarget := map[int][]int{}
	targets := []int{4756}
	for _, z := range tm3Zones {
		targets = append(targets, z)
	}
	targets = append(targets, 3405, 3406)
	for i, p := range pts {
		byTarget[4756] = append(byTarget[4756], i)
		byTarget[tm3Zones[i%len(tm3Zones)]] = append(byTarget[tm3Zones[i%len(tm3Zones)]], i)
		utm := 3405
		if p[1] >= 108 {
			utm = 3406
		}
		byTarget[utm] = append(byTarget[utm], i)
	}

	var rows []row
	for _, to := range targets {
		idx := byTarget[to]
		if len(idx) == 0 {
			continue
		}
		in := make([][2]string, len(idx))
		for k, i := range idx {
			in[k] = [2]string{fmtDeg(pts[i][0]), fmtDeg(pts[i][1])}
		}
		fwd := cct(4326, to, in)
		back := cct(to, 4326, fwd)
		for k := range idx {
			rows = append(rows, row{"6960", 4326, to, in[k][0], in[k][1], fwd[k][0], fwd[k][1]})
			rows = append(rows, row{"6960", to, 4326, fwd[k][0], fwd[k][1], back[k][0], back[k][1]})
		}
	}

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"shift", "from", "to", "in_a", "in_b", "out_a", "out_b"})
	for _, r := range rows {
		_ = w.Write([]string{r.shift, strconv.Itoa(r.from), strconv.Itoa(r.to), r.a, r.b, r.outA, r.outB})
	}
	w.Flush()
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("projvectors: %d points, %d rows -> %s (%s)\n", len(pts), len(rows), *out, projVersion())

	mrows, counts := mekongRows(rand.New(rand.NewPCG(*seed, 5194)), *nMekong)
	buf.Reset()
	_ = w.Write([]string{"from", "to", "in_a", "in_b", "out_a", "out_b", "shift"})
	for _, r := range mrows {
		_ = w.Write([]string{strconv.Itoa(r.from), strconv.Itoa(r.to), r.a, r.b, r.outA, r.outB, r.shift})
	}
	w.Flush()
	if err := os.WriteFile(*mekongOut, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("projvectors: %d rows by plain cs2cs around the Mekong blocks -> %s\n", len(mrows), *mekongOut)
	for _, to := range vnCRSs() {
		fmt.Printf("  EPSG:%d  from WGS84: %3d by EPSG:5194, %3d by EPSG:6960; to WGS84: %3d by EPSG:5194, %3d by EPSG:6960\n",
			to, counts[[2]int{4326, to}]["5194"], counts[[2]int{4326, to}]["6960"],
			counts[[2]int{to, 4326}]["5194"], counts[[2]int{to, 4326}]["6960"])
	}
}

// mekongBox is the area of use of EPSG:5194 (Vietnam - Mekong delta blocks
// DBSCL 02 and 03): south, north, west, east in degrees.
var mekongBox = [4]float64{9.35, 11.04, 104.24, 107.11}

func vnCRSs() []int {
	return append(append([]int{4756}, tm3Zones...), 3405, 3406)
}

// mekongRows converts, with plain cs2cs, n random points inside the Mekong
// box (new ones for each CRS) and a ring of points on and near its edges from WGS84 to every VN-2000
// CRS, and each result back; then a ring of VN-2000 points near the edges,
// projected with cs2cs (no datum shift involved), to WGS84. Every answer is
// classified by the shift it matches; counts are per (from, to).
func mekongRows(rng *rand.Rand, n int) ([]row, map[[2]int]map[string]int) {
	s, north, west, e := mekongBox[0], mekongBox[1], mekongBox[2], mekongBox[3]
	inside := func() [][2]string {
		var pts [][2]string
		for range n {
			lat := s + 0.01 + rng.Float64()*(north-s-0.02)
			lon := west + 0.01 + rng.Float64()*(e-west-0.02)
			pts = append(pts, [2]string{fmtDeg(round(lat, 9)), fmtDeg(round(lon, 9))})
		}
		return pts
	}
	// ring lists points at five places along each edge (corners included),
	// moved across the edge by each offset (positive: outwards).
	ring := func(offsets ...float64) [][2]string {
		var pts [][2]string
		add := func(lat, lon float64) {
			pts = append(pts, [2]string{fmtDeg(round(lat, 9)), fmtDeg(round(lon, 9))})
		}
		for _, t := range []float64{0, 0.25, 0.5, 0.75, 1} {
			lon := west + t*(e-west)
			lat := s + t*(north-s)
			for _, d := range offsets {
				add(s-d, lon)
				add(north+d, lon)
				add(lat, west-d)
				add(lat, e+d)
			}
		}
		return pts
	}
	fwdRing := ring(-0.001, 0, 0.001, 0.01)
	// Exactly on an edge, a projected coordinate printed to 6 decimals would
	// fall on either side of the box's projected bounds by chance: the
	// VN-2000 ring keeps off the edges.
	vnRing := ring(-0.001, 0.001, 0.01)

	var rows []row
	counts := map[[2]int]map[string]int{}
	add := func(from, to int, in, out [][2]string) {
		shifts := classify(from, to, in, out)
		k := [2]int{from, to}
		if counts[k] == nil {
			counts[k] = map[string]int{}
		}
		for i := range in {
			rows = append(rows, row{shifts[i], from, to, in[i][0], in[i][1], out[i][0], out[i][1]})
			counts[k][shifts[i]]++
		}
	}
	for _, to := range vnCRSs() {
		fwdIn := append(inside(), fwdRing...)
		fwd := cs2cs(4326, to, fwdIn)
		add(4326, to, fwdIn, fwd)
		back := cs2cs(to, 4326, fwd)
		add(to, 4326, fwd, back)
		probes := vnRing
		if to != 4756 {
			probes = cs2cs(4756, to, vnRing)
		}
		add(to, 4326, probes, cs2cs(to, 4326, probes))
	}
	return rows, counts
}

// classify tells, for each answer of cs2cs, which datum shift made it: the
// answer must agree with cct on exactly one of the two pinned pipelines.
func classify(from, to int, in, out [][2]string) []string {
	pipes := shiftPipelines(from, to)
	national := cctPipeline(pipes["6960"], to, in)
	old := cctPipeline(pipes["5194"], to, in)
	res := make([]string, len(in))
	for i := range in {
		n, o := gap(out[i], national[i]), gap(out[i], old[i])
		tol, apart := 1e-3, 0.1 // metres
		if isGeographic(to) {
			tol, apart = 1e-8, 1e-6 // degrees
		}
		switch {
		case n <= tol && o > apart:
			res[i] = "6960"
		case o <= tol && n > apart:
			res[i] = "5194"
		default:
			log.Fatalf("projvectors: EPSG:%d EPSG:%d %v -> %v matches neither shift (%g, %g)", from, to, in[i], out[i], n, o)
		}
	}
	return res
}

// shiftPipelines returns the PROJ pipelines through EPSG:6960 and through
// EPSG:5194 between two CRSs, as projinfo lists them when the CRSs' own
// areas of use are ignored.
func shiftPipelines(from, to int) map[string]string {
	out, err := exec.Command("projinfo", "-s", fmt.Sprintf("EPSG:%d", from), "-t", fmt.Sprintf("EPSG:%d", to),
		"--crs-extent-use", "none", "--spatial-test", "intersects", "-o", "PROJ", "--single-line").Output()
	if err != nil {
		log.Fatalf("projvectors: projinfo EPSG:%d EPSG:%d: %v", from, to, err)
	}
	pipes := map[string]string{}
	var name string
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.Contains(line, "VN-2000 to WGS 84 (2)"):
			name = "6960"
		case strings.Contains(line, "VN-2000 to WGS 84 (1)"):
			name = "5194"
		case strings.HasPrefix(line, "+proj=pipeline") && name != "":
			pipes[name] = line
			name = ""
		}
	}
	if len(pipes) != 2 {
		log.Fatalf("projvectors: projinfo EPSG:%d EPSG:%d: want the EPSG:6960 and EPSG:5194 pipelines, got %v", from, to, pipes)
	}
	return pipes
}

func round(v float64, d int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
	return f
}

func fmtDeg(v float64) string { return strconv.FormatFloat(v, 'f', 9, 64) }

func isGeographic(code int) bool { return code == 4326 || code == 4756 }

// cs2cs converts pairs (source axis order) and returns target pairs, with 10
// decimals for degrees and 6 for metres.
func cs2cs(from, to int, in [][2]string) [][2]string {
	d := "6"
	if isGeographic(to) {
		d = "10"
	}
	cmd := exec.Command("cs2cs", "-d", d, fmt.Sprintf("EPSG:%d", from), fmt.Sprintf("EPSG:%d", to))
	var stdin bytes.Buffer
	for _, p := range in {
		fmt.Fprintf(&stdin, "%s %s\n", p[0], p[1])
	}
	cmd.Stdin = &stdin
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("projvectors: cs2cs EPSG:%d EPSG:%d: %v (install proj-bin)", from, to, err)
	}
	return parsePairs(out, len(in), fmt.Sprintf("cs2cs EPSG:%d EPSG:%d", from, to))
}

// cct converts pairs with the single PROJ pipeline that projinfo gives for
// the two CRSs with its default (whole-area) spatial test: the national
// VN-2000 operation EPSG:6960.
func cct(from, to int, in [][2]string) [][2]string {
	pipe, err := exec.Command("projinfo", "-s", fmt.Sprintf("EPSG:%d", from), "-t", fmt.Sprintf("EPSG:%d", to),
		"-o", "PROJ", "-q", "--single-line").Output()
	if err != nil {
		log.Fatalf("projvectors: projinfo EPSG:%d EPSG:%d: %v", from, to, err)
	}
	p := strings.TrimSpace(string(pipe))
	if strings.Contains(p, "-192.873") || strings.Count(p, "+proj=pipeline") != 1 {
		log.Fatalf("projvectors: unexpected pipeline for EPSG:%d EPSG:%d: %s", from, to, p)
	}
	return cctPipeline(p, to, in)
}

// cctPipeline converts pairs with one PROJ pipeline, printing as cs2cs does
// for the target CRS.
func cctPipeline(pipe string, to int, in [][2]string) [][2]string {
	d := "6"
	if isGeographic(to) {
		d = "10"
	}
	cmd := exec.Command("cct", append([]string{"-d", d}, strings.Fields(pipe)...)...)
	var stdin bytes.Buffer
	for _, q := range in {
		fmt.Fprintf(&stdin, "%s %s 0 0\n", q[0], q[1])
	}
	cmd.Stdin = &stdin
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("projvectors: cct %s: %v", pipe, err)
	}
	return parsePairs(out, len(in), "cct "+pipe)
}

func parsePairs(out []byte, n int, what string) [][2]string {
	var res [][2]string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || strings.HasPrefix(f[0], "#") || strings.Contains(f[0], "*") {
			log.Fatalf("projvectors: %s: bad output line %q", what, sc.Text())
		}
		res = append(res, [2]string{f[0], f[1]})
	}
	if len(res) != n {
		log.Fatalf("projvectors: %s returned %d lines for %d", what, len(res), n)
	}
	return res
}

// gap is the larger difference between two printed pairs' coordinates.
func gap(a, b [2]string) float64 {
	x0, _ := strconv.ParseFloat(a[0], 64)
	y0, _ := strconv.ParseFloat(a[1], 64)
	x1, _ := strconv.ParseFloat(b[0], 64)
	y1, _ := strconv.ParseFloat(b[1], 64)
	return math.Max(math.Abs(x0-x1), math.Abs(y0-y1))
}

func projVersion() string {
	out, _ := exec.Command("cs2cs").CombinedOutput()
	line, _, _ := strings.Cut(string(out), "\n")
	return "PROJ " + strings.TrimSpace(line)
}
