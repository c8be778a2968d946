// Command jsvectors regenerates the cross-check vectors of geo/olc and
// geo/geohash from implementations written elsewhere: Google's JavaScript
// Open Location Code (npm open-location-code 1.0.3) and ngeohash (0.6.3).
//
// It draws random points, most of them over Vietnam, asks node for their
// codes and cells, and writes testdata/olc/crosscheck.csv and
// testdata/geohash/crosscheck.csv. It needs node and npm; the packages are
// installed into a temporary folder and nothing is left behind.
//
//	go run ./testdata/gen/jsvectors
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const script = `
const OLC = new (require('open-location-code').OpenLocationCode)();
const gh = require('ngeohash');
const rl = require('readline').createInterface({ input: process.stdin });
const out = [];
rl.on('line', (l) => {
  const [kind, lat, lng, n] = l.split(' ');
  if (kind === 'olc') {
    const code = OLC.encode(+lat, +lng, +n);
    const a = OLC.decode(code);
    out.push([code, a.latitudeLo, a.longitudeLo, a.latitudeHi, a.longitudeHi].join(','));
  } else {
    const h = gh.encode(+lat, +lng, +n);
    const b = gh.decode_bbox(h);
    out.push([h, b[0], b[1], b[2], b[3]].join(','));
  }
});
rl.on('close', () => process.stdout.write(out.join('\n') + '\n'));
`

func main() {
	n := flag.Int("n", 3000, "points per file")
	seed := flag.Uint64("seed", 4, "random seed")
	flag.Parse()

	dir, err := os.MkdirTemp("", "jsvectors")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	install := exec.Command("npm", "install", "--no-save", "--no-package-lock", "--silent",
		"open-location-code@1.0.3", "ngeohash@0.6.3")
	install.Dir = dir
	install.Stderr = os.Stderr
	if err := install.Run(); err != nil {
		log.Fatalf("jsvectors: npm install: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x.js"), []byte(script), 0o644); err != nil {
		log.Fatal(err)
	}

	r := rand.New(rand.NewPCG(*seed, 7))
	point := func(i int) (float64, float64) {
		if i%3 == 2 { // a third anywhere on Earth
			return -90 + r.Float64()*180, -180 + r.Float64()*360
		}
		return 8 + r.Float64()*16, 102 + r.Float64()*8 // Vietnam and its sea
	}
	olcLengths := []int{2, 4, 6, 8, 10, 11, 12, 13, 14, 15}
	var in bytes.Buffer
	var olcIn, ghIn []string
	for i := range *n {
		lat, lng := point(i)
		l := fmt.Sprintf("%.9f %.9f %d", lat, lng, olcLengths[i%len(olcLengths)])
		olcIn = append(olcIn, l)
		fmt.Fprintf(&in, "olc %s\n", l)
	}
	for i := range *n {
		lat, lng := point(i)
		l := fmt.Sprintf("%.9f %.9f %d", lat, lng, 1+i%12)
		ghIn = append(ghIn, l)
		fmt.Fprintf(&in, "gh %s\n", l)
	}
	cmd := exec.Command("node", "x.js")
	cmd.Dir = dir
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("jsvectors: node: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 2**n {
		log.Fatalf("jsvectors: node answered %d lines for %d", len(lines), 2**n)
	}
	write := func(path, header, source string, inputs, answers []string) {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s\n# Made by testdata/gen/jsvectors; regenerate with: go run ./testdata/gen/jsvectors\n%s\n", source, header)
		for i, l := range inputs {
			b.WriteString(strings.ReplaceAll(l, " ", ","))
			b.WriteByte(',')
			b.WriteString(answers[i])
			b.WriteByte('\n')
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("testdata/olc/crosscheck.csv", "lat,lng,length,code,lat_lo,lng_lo,lat_hi,lng_hi",
		"Google's JavaScript Open Location Code (npm open-location-code 1.0.3): encode, then decode of its own code.",
		olcIn, lines[:*n])
	write("testdata/geohash/crosscheck.csv", "lat,lng,precision,hash,min_lat,min_lng,max_lat,max_lng",
		"ngeohash 0.6.3 (npm): encode, then decode_bbox of its own hash.",
		ghIn, lines[*n:])
	fmt.Printf("jsvectors: %d OLC and %d GeoHash vectors written\n", *n, *n)
}
