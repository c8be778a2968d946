// Command town writes the sample town of testdata/town: the streets,
// parcels, buildings, entrances, communes and postal zones of a small
// invented town in VN-2000 / TM-3 105°45′ (EPSG:9210), with the two real
// 2025 wards it lies in, and planted.csv, the deliberate errors that the
// registry's validation must find. Deterministic: run it again and the
// files are byte for byte the same.
//
//	go run ./testdata/gen/town [-cols 6 -rows 4 -seed 1 -out testdata/town]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

func main() {
	cols := flag.Int("cols", 6, "blocks east-west")
	rows := flag.Int("rows", 4, "blocks north-south")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "testdata/town", "directory to write")
	flag.Parse()
	t, err := towngen.Generate(context.Background(), towngen.Config{Seed: *seed, Cols: *cols, Rows: *rows, Errors: true, Prenumber: true})
	if err != nil {
		log.Fatal(err)
	}
	if err := towngen.WriteDir(*out, t); err != nil {
		log.Fatal(err)
	}
	s := t.Source
	fmt.Printf("%s: %d streets, %d parcels, %d buildings, %d entrances, %d communes, %d postal zones, %d planted errors\n",
		*out, len(s.Streets), len(s.Parcels), len(s.Buildings), len(s.Entrances), len(s.Communes), len(s.PostalZones), len(t.Planted))
}
