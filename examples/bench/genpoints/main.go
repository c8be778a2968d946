// Command genpoints writes n random WGS84 "lat lon" lines over the area of
// VN-2000 / TM-3 105-45 (EPSG:9210), deterministic from a seed: the input of
// the transform benchmark against cs2cs.
package main

import (
	"bufio"
	"flag"
	"math/rand/v2"
	"os"
	"strconv"
)

func main() {
	n := flag.Int("n", 1000000, "number of points")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	r := rand.New(rand.NewPCG(*seed, 9210))
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	var buf []byte
	for range *n {
		lat := 9.75 + r.Float64()*(23.12-9.75)
		lon := 105.26 + r.Float64()*(107.8-105.26)
		buf = strconv.AppendFloat(buf[:0], lat, 'f', 9, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, lon, 'f', 9, 64)
		buf = append(buf, '\n')
		w.Write(buf)
	}
}
