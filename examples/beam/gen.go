package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/postal"
	"github.com/diachi-vn/diachi/testdata/gen/noisy/rows"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

const genUsage = `usage: diachi-beam gen rows      --n N --shards K --out DIR [--single FILE] [--noisy FILE]
       diachi-beam gen provinces --provinces P --blocks B --out DIR [--seed S]

rows writes N address rows (columns id,address) in K CSV shards
rows-00000.csv... of consecutive rows, and with --single the same rows as
one file, for 'diachi clean'. Three rows in four are the inputs of the
parser's noisy development set in turn (each with another house number, as
examples/bench/cleanrows makes them); the fourth is a house on a street of
a 2025 commune of each of the 34 provinces in turn, written in full.

provinces writes, for each of the first P of the 34 provinces (in code
order), a directory named by the province's code holding the layers of a
generated town of B×B blocks (about 55 parcels and as many houses a
block) as 'diachi registry build' reads them: the town of
testdata/gen/town/towngen moved to the province, its two communes replaced
by two 2025 communes of the province (with their postcodes) and its ground
moved so that provinces do not overlap.

The output is the same for the same flags.`

func runGen(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "rows" && args[0] != "provinces") {
		fmt.Fprintln(stderr, genUsage)
		return 2
	}
	kind := args[0]
	fs := flag.NewFlagSet("gen "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, genUsage); fs.PrintDefaults() }
	out := fs.String("out", "", "output directory")
	n := fs.Int("n", 100000, "rows: number of rows")
	shards := fs.Int("shards", 4, "rows: number of shards")
	single := fs.String("single", "", "rows: also write all the rows to this file")
	noisy := fs.String("noisy", "../../testdata/address/noisy.tsv", "rows: the noisy set (its first column is read)")
	provinces := fs.Int("provinces", 34, "provinces: how many provinces, 1 to 34")
	blocks := fs.Int("blocks", 4, "provinces: blocks on each side of a province's town (at least 2)")
	seed := fs.Uint64("seed", 1, "provinces: seed of the towns")
	plant := fs.Bool("errors", true, "provinces: plant the sample town's deliberate errors in every town, so that each province has findings")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	var err error
	switch kind {
	case "rows":
		if *n < 0 || *shards < 1 {
			fmt.Fprintln(stderr, "diachi-beam gen rows: --n must be 0 or more and --shards 1 or more")
			return 2
		}
		err = genRows(*noisy, *out, *single, *n, *shards)
	case "provinces":
		if *provinces < 1 || *provinces > 34 || *blocks < 2 {
			fmt.Fprintln(stderr, "diachi-beam gen provinces: --provinces must be 1 to 34 and --blocks 2 or more")
			return 2
		}
		err = genProvinces(context.Background(), *out, *provinces, *blocks, *seed, *plant)
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachi-beam gen %s: %v\n", kind, err)
		return 1
	}
	return 0
}

// nationalCommunes are, for each 2025 province in code order, its
// communes.
func nationalCommunes() [][]admin.Unit {
	d := admin.Load(admin.V2025)
	var out [][]admin.Unit
	for _, p := range d.Units(admin.Province) {
		out = append(out, d.Children(p.Code))
	}
	return out
}

var genStreets = []string{"Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung", "Phan Chu Trinh", "Hùng Vương"}

// rowAddress is the address of row i (from 0).
func rowAddress(i int, noisy []string, communes [][]admin.Unit, provinceNames []string) string {
	if i%4 != 3 {
		j := i - i/4 // the noisy inputs in turn, as cleanrows cycles them
		return rows.WithHouse(noisy[j%len(noisy)], 1+(j*7919)%997)
	}
	k := i / 4
	p := k % len(communes)
	cs := communes[p]
	c := cs[(k/len(communes)*31)%len(cs)]
	return fmt.Sprintf("%d %s, %s, %s", 1+(k*7919)%499, genStreets[(k/7)%len(genStreets)], c.Name, provinceNames[p])
}

func genRows(noisyPath, out, single string, n, shards int) error {
	noisy, err := rows.ReadInputs(noisyPath)
	if err != nil {
		return err
	}
	communes := nationalCommunes()
	d := admin.Load(admin.V2025)
	var names []string
	for _, p := range d.Units(admin.Province) {
		names = append(names, p.Name)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	type sink struct {
		f  *os.File
		bw *bufio.Writer
		w  *csv.Writer
	}
	open := func(path string) (*sink, error) {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		bw := bufio.NewWriterSize(f, 256<<10)
		w := csv.NewWriter(bw)
		w.Write([]string{"id", "address"})
		return &sink{f, bw, w}, nil
	}
	finish := func(s *sink) error {
		s.w.Flush()
		err := s.w.Error()
		if ferr := s.bw.Flush(); err == nil {
			err = ferr
		}
		if cerr := s.f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	var all *sink
	if single != "" {
		if all, err = open(single); err != nil {
			return err
		}
	}
	rec := make([]string, 2)
	for k := range shards {
		sh, err := open(filepath.Join(out, fmt.Sprintf("rows-%05d.csv", k)))
		if err != nil {
			return err
		}
		for i := k * n / shards; i < (k+1)*n/shards; i++ {
			rec[0] = strconv.Itoa(i + 1)
			rec[1] = rowAddress(i, noisy, communes, names)
			sh.w.Write(rec)
			if all != nil {
				all.w.Write(rec)
			}
		}
		if err := finish(sh); err != nil {
			return err
		}
	}
	if all != nil {
		return finish(all)
	}
	return nil
}

// The codes of the generated town's two communes, which each province's
// town replaces by two of its own.
const townWest, townEast = "27478", "27484"

func genProvinces(ctx context.Context, out string, n, blocks int, seed uint64, plant bool) error {
	d := admin.Load(admin.V2025)
	provinces := d.Units(admin.Province)
	// The ground of each town, moved on a grid of cells wider than a town.
	side := float64(blocks)*132 + 2000
	for k, p := range provinces[:n] {
		var pair []admin.Unit
		for _, c := range d.Children(p.Code) {
			if _, err := postal.ForCommune(c.Code); err == nil {
				pair = append(pair, c)
			}
			if len(pair) == 2 {
				break
			}
		}
		if len(pair) < 2 {
			return fmt.Errorf("province %s has fewer than two communes with a postcode", p.Code)
		}
		t, err := towngen.Generate(ctx, towngen.Config{Seed: seed + uint64(k), Cols: blocks, Rows: blocks, Errors: plant, Prenumber: plant})
		if err != nil {
			return err
		}
		dx, dy := float64(k%6)*side, float64(k/6)*side
		if err := moveTown(t.Source, pair, k, dx, dy); err != nil {
			return fmt.Errorf("province %s: %w", p.Code, err)
		}
		dir := filepath.Join(out, p.Code.String())
		t.Planted = nil // the planted list names the sample's communes
		if err := towngen.WriteDir(dir, t); err != nil {
			return err
		}
		if err := os.Remove(filepath.Join(dir, "planted.csv")); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// moveTown gives the town the communes pair (west, east) instead of its
// own and moves its ground by (dx, dy) metres. The address IDs the town's
// houses already carry are made the k-th province's own: the same ID in
// two provinces is an ID issued twice, which the registry pipeline
// reports.
func moveTown(src *registry.Source, pair []admin.Unit, k int, dx, dy float64) error {
	codes := map[string]string{townWest: pair[0].Code.String(), townEast: pair[1].Code.String()}
	eastPostcode, err := postal.ForCommune(pair[1].Code)
	if err != nil {
		return err
	}
	for _, layer := range []*[]registry.Feature{&src.Streets, &src.Parcels, &src.Buildings, &src.Entrances, &src.Communes, &src.PostalZones} {
		for i := range *layer {
			f := &(*layer)[i]
			f.Geometry = shift(f.Geometry, dx, dy)
			for j := range f.Props {
				pr := &f.Props[j]
				switch pr.Key {
				case "centre_x", "centre_y":
					v, ok := pr.Value.(float64)
					if !ok {
						return fmt.Errorf("%s is %T", pr.Key, pr.Value)
					}
					if pr.Key == "centre_x" {
						pr.Value = v + dx
					} else {
						pr.Value = v + dy
					}
				case "commune":
					// A parcel's commune is a code; a numbered house of
					// the old quarter (the eastern commune) names its
					// commune or legacy ward.
					if s, ok := pr.Value.(string); ok && codes[s] != "" {
						pr.Value = codes[s]
					} else if layer == &src.Buildings {
						pr.Value = pair[1].Name
					}
				case "address_id":
					if s, ok := pr.Value.(string); ok {
						if id, err := address.ParseID(s); err == nil {
							moved, err := address.NewID(id.Payload() + uint32(k)*7919)
							if err != nil {
								return err
							}
							pr.Value = moved.String()
						}
					}
				case "postcode":
					if layer == &src.Buildings {
						pr.Value = eastPostcode.String()
					}
				}
			}
		}
	}
	// The communes layer: the two 2025 communes, renamed; the town's
	// legacy wards belong to its own province and are left out.
	var communes, zones []registry.Feature
	for i, f := range src.Communes {
		code, _ := f.Props.Get("code")
		s, _ := code.(string)
		if codes[s] == "" {
			continue
		}
		f.Props = registry.Props{{Key: "code", Value: codes[s]}}
		communes = append(communes, f)
		if i < len(src.PostalZones) {
			z := src.PostalZones[i]
			c := pair[0]
			if s == townEast {
				c = pair[1]
			}
			pc, err := postal.ForCommune(c.Code)
			if err != nil {
				return err
			}
			z.Props = registry.Props{{Key: "postcode", Value: pc.String()}}
			zones = append(zones, z)
		}
	}
	if len(communes) != 2 || len(zones) != 2 {
		return fmt.Errorf("the town has %d communes and %d postal zones, 2 each expected", len(communes), len(zones))
	}
	src.Communes, src.PostalZones = communes, zones
	return nil
}

func shift(g orb.Geometry, dx, dy float64) orb.Geometry {
	mv := func(p orb.Point) orb.Point {
		return orb.Point{math.Round((p[0]+dx)*1000) / 1000, math.Round((p[1]+dy)*1000) / 1000}
	}
	switch g := g.(type) {
	case orb.Point:
		return mv(g)
	case orb.LineString:
		for i := range g {
			g[i] = mv(g[i])
		}
		return g
	case orb.Polygon:
		for _, r := range g {
			for i := range r {
				r[i] = mv(r[i])
			}
		}
		return g
	case orb.MultiPolygon:
		for _, p := range g {
			shift(p, dx, dy)
		}
		return g
	case orb.MultiLineString:
		for _, l := range g {
			shift(l, dx, dy)
		}
		return g
	case orb.MultiPoint:
		for i := range g {
			g[i] = mv(g[i])
		}
		return g
	}
	return g
}
