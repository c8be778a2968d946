package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

// runGen writes the town the load runs against: the sample's generator
// scaled up (134 × 134 blocks is about 1,000,000 parcels), built with the
// public demo key and saved as a GeoPackage that 'diachi serve' opens.
func runGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serveload gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	blocks := fs.Int("blocks", 134, "blocks per side (134: about 1,000,000 parcels)")
	out := fs.String("out", "", "GeoPackage to write")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || *blocks < 2 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: serveload gen --out FILE.gpkg [--blocks 134]")
		return 2
	}
	ctx := context.Background()
	t0 := time.Now()
	tw, err := towngen.Generate(ctx, towngen.Config{Seed: 7, Cols: *blocks, Rows: *blocks, ParcelIDs: true})
	if err != nil {
		fmt.Fprintln(stderr, "serveload gen:", err)
		return 1
	}
	reg, err := registry.Build(ctx, tw.Source, registry.Options{DemoKey: true})
	if err == nil {
		err = reg.Save(ctx, *out)
	}
	if err != nil {
		fmt.Fprintln(stderr, "serveload gen:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d parcels, %d houses, %d streets (%.1f s)\n", *out, reg.ParcelCount(), reg.HouseCount(), reg.StreetCount(), time.Since(t0).Seconds())
	return 0
}
