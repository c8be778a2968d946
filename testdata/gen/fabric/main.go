// Command fabric writes the synthetic cadastral fabric of internal/fabric
// as files other tools read: GeoJSON for diachi locate and the sample
// data, or CSV with WKT for loading into PostgreSQL/PostGIS.
//
//	go run ./testdata/gen/fabric -n 300 -format geojson > testdata/parcels/fabric_300.geojson
//	go run ./testdata/gen/fabric -n 1000000 -format wkt > parcels.csv
//	go run ./testdata/gen/fabric -n 1000000 -streets -format wkt > streets.csv
//	go run ./testdata/gen/fabric -n 1000000 -points 100000 > points.csv
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/internal/fabric"
)

func main() {
	n := flag.Int("n", 300, "parcels")
	seed := flag.Uint64("seed", 7, "random seed")
	format := flag.String("format", "geojson", "geojson or wkt (CSV: id;WKT)")
	streets := flag.Bool("streets", false, "write the street centrelines instead of the parcels")
	points := flag.Int("points", 0, "write this many random query points (id;lon;lat) over the fabric instead")
	flag.Parse()
	cfg := fabric.Config{Seed: *seed, Parcels: *n}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()

	if *points > 0 {
		b := orb.Bound{Min: orb.Point{180, 90}, Max: orb.Point{-180, -90}}
		fabric.Generate(cfg, func(p fabric.Parcel) bool { b = b.Union(p.Geometry.Bound()); return true })
		r := rand.New(rand.NewPCG(*seed, 42))
		for i := range *points {
			fmt.Fprintf(w, "%d;%s;%s\n", i,
				strconv.FormatFloat(b.Min[0]+r.Float64()*(b.Max[0]-b.Min[0]), 'f', -1, 64),
				strconv.FormatFloat(b.Min[1]+r.Float64()*(b.Max[1]-b.Min[1]), 'f', -1, 64))
		}
		return
	}
	type item struct {
		id    int
		g     orb.Geometry
		props map[string]any
	}
	var emit func(item)
	first := true
	switch *format {
	case "wkt":
		emit = func(it item) { fmt.Fprintf(w, "%d;%s\n", it.id, wkt.MarshalString(it.g)) }
	case "geojson":
		fmt.Fprintln(w, `{"type":"FeatureCollection","features":[`)
		defer fmt.Fprintln(w, "]}")
		emit = func(it item) {
			f := geojson.NewFeature(it.g)
			f.ID = it.id
			f.Properties = it.props
			b, err := json.Marshal(f)
			if err != nil {
				log.Fatal(err)
			}
			if !first {
				w.WriteString(",\n")
			}
			first = false
			w.Write(b)
		}
	default:
		log.Fatalf("fabric: unknown format %q", *format)
	}
	if *streets {
		for _, s := range fabric.Streets(cfg) {
			emit(item{s.ID, s.Line, map[string]any{"name": "Đường " + strconv.Itoa(s.ID+1)}})
		}
		return
	}
	fabric.Generate(cfg, func(p fabric.Parcel) bool {
		emit(item{p.ID, p.Geometry, map[string]any{
			"sheet": p.Block/100 + 1, "parcel": p.ID%1000 + 1, "block": p.Block, "island": p.Island,
		}})
		return true
	})
}
