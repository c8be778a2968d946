package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/diachi-vn/diachi/geo/crs"
)

func runTransform(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("transform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "EPSG:4326", "source CRS (EPSG code)")
	to := fs.String("to", "", "target CRS (EPSG code), e.g. EPSG:9210")
	mekong := fs.Bool("mekong5194", false, "pick the datum shift as plain cs2cs does: the older EPSG:5194 inside the Mekong blocks DBSCL 02/03\n"+
		"(9.35-11.04°N, 104.24-107.11°E, judged on the input coordinate) for the CRSs whose area of use reaches them\n"+
		"(EPSG:4756, 3405, 5897, 5898, 5899, 9207, 9208, 9209, 9210), the national EPSG:6960 elsewhere and for every other CRS\n"+
		"(default: the national EPSG:6960 everywhere)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi transform --from EPSG:4326 --to EPSG:9210 < points

Reads one coordinate pair per line (separated by spaces, tabs or a comma):
latitude longitude for EPSG:4326 and EPSG:4756, easting northing for the
projected VN-2000 systems. Writes one pair per line in the target's order,
degrees to 10 decimals and metres to 4, or "error: line N: reason".

Supported CRSs:`)
		for _, c := range crs.All() {
			fmt.Fprintf(stderr, "  %-10s %s\n", c.String(), c.Name())
		}
		fmt.Fprintln(stderr, `
Exit status: 0 when every line was converted, 1 when any line failed (its
output line says why) or the input could not be read or the output written,
2 for a usage error (--to missing, an unknown CRS, two CRSs with no
transformation between them).

Flags:`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	src, err := crs.ParseCode(*from)
	if err != nil {
		fmt.Fprintf(stderr, "diachi transform: --from: %v\n", err)
		return 2
	}
	dst, err := crs.ParseCode(*to)
	if err != nil {
		fmt.Fprintf(stderr, "diachi transform: --to: %v\n", err)
		return 2
	}
	var opts []crs.Option
	if *mekong {
		opts = append(opts, crs.WithMekong5194())
	}
	tr, err := crs.NewTransformer(src, dst, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "diachi transform: %v\n", err)
		return 2
	}
	prec := 4
	if tr.To().Kind() == crs.Geographic {
		prec = 10
	}
	return finish("transform", stdin, stdout, stderr, func(line, out []byte) ([]byte, error) {
		a, b, err := fields2(line)
		if err != nil {
			return out, err
		}
		x, y, err := tr.Transform(a, b)
		if err != nil {
			return out, err
		}
		out = strconv.AppendFloat(out, x, 'f', prec, 64)
		out = append(out, ' ')
		return strconv.AppendFloat(out, y, 'f', prec, 64), nil
	})
}
