// Command olcpeer is diachi's side of the Plus Code comparison with
// Google's JavaScript implementation (run both with
// examples/bench/olc_vs_google_js.sh). Like the JavaScript side it reads
// the points and the codes from files, so both encode the same points and
// decode the same codes, and it times them the same way: calls cycling
// over the inputs, as many again untimed first, the mean time a call.
//
//	go run ./examples/bench/olcpeer -gen -points points.txt -codes codes.txt
//	go run ./examples/bench/olcpeer -points points.txt -codes codes.txt -calls 2000000
//
// With -gen it writes 1,024 random points over Vietnam (the Go benchmark's
// area, 8-24° N, 102-110° E; "lat lng" lines) and their 10-digit codes.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/diachi-vn/diachi/geo/olc"
)

func main() {
	gen := flag.Bool("gen", false, "write the points and their codes instead of timing")
	pointsFile := flag.String("points", "", "points, one \"lat lng\" a line")
	codesFile := flag.String("codes", "", "codes, one a line")
	calls := flag.Int("calls", 2_000_000, "timed calls of each function (and as many untimed first)")
	flag.Parse()
	if *pointsFile == "" || *codesFile == "" {
		log.Fatal("olcpeer: -points and -codes are needed")
	}
	if *gen {
		if err := generate(*pointsFile, *codesFile, 1024); err != nil {
			log.Fatal(err)
		}
		return
	}
	pts, err := readPoints(*pointsFile)
	if err != nil {
		log.Fatal(err)
	}
	codes, err := readCodes(*codesFile)
	if err != nil {
		log.Fatal(err)
	}
	enc, dec, err := timeCalls(pts, codes, *calls)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("diachi encode %.1f ns/op\n", enc)
	fmt.Printf("diachi decode %.1f ns/op\n", dec)
}

// timeCalls returns the mean time of a call of Encode (10 digits,
// returning a Code) and of Decode, in nanoseconds, each over calls calls
// cycling over the inputs after as many untimed.
func timeCalls(pts [][2]float64, codes []string, calls int) (enc, dec float64, err error) {
	if len(pts) == 0 || len(codes) == 0 || calls <= 0 {
		return 0, 0, errors.New("olcpeer: no points, codes or calls")
	}
	sink := 0
	encode := func(i int) {
		p := pts[i%len(pts)]
		c, e := olc.Encode(p[0], p[1], 10)
		if e != nil && err == nil {
			err = e
		}
		sink += len(c.String())
	}
	decode := func(i int) {
		a, e := olc.Decode(codes[i%len(codes)])
		if e != nil && err == nil {
			err = e
		}
		if a.LatLo > 0 {
			sink++
		}
	}
	enc, dec = timeFunc(encode, calls), timeFunc(decode, calls)
	if sink == 42 {
		fmt.Println()
	}
	return enc, dec, err
}

func timeFunc(fn func(int), n int) float64 {
	for i := range n {
		fn(i)
	}
	t := time.Now()
	for i := range n {
		fn(i)
	}
	return float64(time.Since(t).Nanoseconds()) / float64(n)
}

func generate(pointsFile, codesFile string, n int) error {
	r := rand.New(rand.NewPCG(5, 6))
	var pb, cb strings.Builder
	for range n {
		lat, lng := 8+r.Float64()*16, 102+r.Float64()*8
		c, err := olc.Encode(lat, lng, 10)
		if err != nil {
			return err
		}
		pb.WriteString(strconv.FormatFloat(lat, 'f', -1, 64) + " " + strconv.FormatFloat(lng, 'f', -1, 64) + "\n")
		cb.WriteString(c.String() + "\n")
	}
	if err := os.WriteFile(pointsFile, []byte(pb.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(codesFile, []byte(cb.String()), 0o644)
}

func readPoints(path string) ([][2]float64, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	pts := make([][2]float64, len(lines))
	for i, l := range lines {
		if pts[i], err = parsePoint(l); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
	}
	return pts, nil
}

// parsePoint reads "lat lng" in degrees, on the globe.
func parsePoint(l string) ([2]float64, error) {
	var p [2]float64
	f := strings.Fields(l)
	if len(f) != 2 {
		return p, fmt.Errorf("want \"lat lng\", got %q", l)
	}
	for j, limit := range [2]float64{90, 180} {
		v, err := strconv.ParseFloat(f[j], 64)
		if err != nil {
			return p, err
		}
		if !(v >= -limit && v <= limit) {
			return p, fmt.Errorf("%q is not within ±%v°", f[j], limit)
		}
		p[j] = v
	}
	return p, nil
}

func readCodes(path string) ([]string, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		if _, err := olc.Decode(l); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
	}
	return lines, nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return lines, nil
}
