// Command projvectors regenerates testdata/crs/proj_vectors.csv, the
// coordinate conformance vectors of package geo/crs, with PROJ's cs2cs as the
// oracle.
//
// It samples points on land inside the polygons of the 34 provinces (from
// the reference boundaries file) plus a list of coastal and offshore islands,
// then asks PROJ for every supported CRS in both directions: WGS84 to VN-2000
// geographic, to a TM-3 zone (every zone in turn) and to the UTM zone of the
// point's longitude, and each result back to WGS84.
//
// Given bare EPSG codes, cs2cs picks the old Mekong-delta parameters
// (EPSG:5194) for points inside their area of use and the national ones
// (EPSG:6960) elsewhere. The national rows (shift 6960) are therefore made
// with cct on the pipeline projinfo gives for the national operation, for
// every point; a second set of rows (shift 5194) is made with plain cs2cs for
// points well inside the Mekong blocks, and the generator checks that they
// really differ from the national answer.
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
	nMekong := flag.Int("mekong", 200, "points inside the EPSG:5194 area for the cs2cs-default rows")
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

	// The Mekong rows: points at least 0.05° inside the DBSCL 02/03 box.
	var mekong [][2]string
	for len(mekong) < *nMekong {
		lat := 9.35 + 0.05 + rng.Float64()*(11.04-9.35-0.1)
		lon := 104.24 + 0.05 + rng.Float64()*(107.11-104.24-0.1)
		for _, mp := range land {
			if planar.MultiPolygonContains(mp, orb.Point{lon, lat}) {
				mekong = append(mekong, [2]string{fmtDeg(round(lat, 9)), fmtDeg(round(lon, 9))})
				break
			}
		}
	}
	kept := 0
	for _, to := range []int{4756, 9207, 9208, 5897, 9209, 9210, 9211, 3405} {
		fwd := cs2cs(4326, to, mekong)
		national := cct(4326, to, mekong)
		back := cs2cs(to, 4326, fwd)
		for k := range mekong {
			// Keep a row only where cs2cs used EPSG:5194 both ways: its
			// choice also depends on the target CRS's own area of use.
			if !differs(fwd[k], national[k]) || differs(back[k], mekong[k]) {
				continue
			}
			kept++
			rows = append(rows, row{"5194", 4326, to, mekong[k][0], mekong[k][1], fwd[k][0], fwd[k][1]})
			rows = append(rows, row{"5194", to, 4326, fwd[k][0], fwd[k][1], back[k][0], back[k][1]})
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
	if kept < *nMekong {
		log.Fatalf("projvectors: only %d EPSG:5194 rows (PROJ version?)", kept)
	}
	fmt.Printf("projvectors: %d points, %d rows (%d pairs by EPSG:5194) -> %s (%s)\n", len(pts), len(rows), kept, *out, projVersion())
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
	d := "6"
	if isGeographic(to) {
		d = "10"
	}
	cmd := exec.Command("cct", append([]string{"-d", d}, strings.Fields(p)...)...)
	var stdin bytes.Buffer
	for _, q := range in {
		fmt.Fprintf(&stdin, "%s %s 0 0\n", q[0], q[1])
	}
	cmd.Stdin = &stdin
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("projvectors: cct EPSG:%d EPSG:%d: %v", from, to, err)
	}
	return parsePairs(out, len(in), fmt.Sprintf("cct EPSG:%d EPSG:%d", from, to))
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

// differs reports whether two results are more than 1 cm (or 1e-7°) apart.
func differs(a, b [2]string) bool {
	x0, _ := strconv.ParseFloat(a[0], 64)
	y0, _ := strconv.ParseFloat(a[1], 64)
	x1, _ := strconv.ParseFloat(b[0], 64)
	y1, _ := strconv.ParseFloat(b[1], 64)
	tol := 0.01 // metres
	if math.Abs(y0) <= 180 && math.Abs(y1) <= 180 {
		tol = 1e-7 // degrees: lat, lon
	}
	return math.Abs(x0-x1) > tol || math.Abs(y0-y1) > tol
}

func projVersion() string {
	out, _ := exec.Command("cs2cs").CombinedOutput()
	line, _, _ := strings.Cut(string(out), "\n")
	return "PROJ " + strings.TrimSpace(line)
}
