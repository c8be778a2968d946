package registry_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

var (
	inputsOnce sync.Once
	inputsDir  string
	inputsN    int
	inputsErr  error
)

// inputs writes the generated town (DIACHI_BENCH_BLOCKS) once as a land
// office would hand it over: GeoJSON, Shapefiles with 10-character field
// names, and a GeoPackage written by GDAL from the GeoJSON when ogr2ogr is
// installed.
func inputs(b *testing.B) (string, int) {
	inputsOnce.Do(func() {
		n := blocks()
		tw, err := towngen.Generate(context.Background(), towngen.Config{Seed: 7, Cols: n, Rows: n, ParcelIDs: true})
		if err != nil {
			inputsErr = err
			return
		}
		inputsN = len(tw.Source.Parcels)
		dir, err := os.MkdirTemp("", "diachi-load-")
		if err != nil {
			inputsErr = err
			return
		}
		inputsDir = dir
		if inputsErr = towngen.WriteDir(filepath.Join(dir, "geojson"), tw); inputsErr != nil {
			return
		}
		os.MkdirAll(filepath.Join(dir, "shp"), 0o755)
		if inputsErr = towngen.WriteShapefiles(filepath.Join(dir, "shp"), tw.Source); inputsErr != nil {
			return
		}
		if _, err := exec.LookPath("ogr2ogr"); err == nil {
			for _, l := range []string{"streets", "parcels", "buildings", "entrances", "communes", "postal_zones"} {
				out, err := exec.Command("ogr2ogr", "-f", "GPKG", "-update", "-append", filepath.Join(dir, "gdal.gpkg"),
					filepath.Join(dir, "geojson", l+".geojson"), "-nln", l).CombinedOutput()
				if err != nil {
					inputsErr = fmt.Errorf("ogr2ogr: %v\n%s", err, out)
					return
				}
			}
		}
		fmt.Fprintf(os.Stderr, "town %d×%d blocks: %d parcels written to %s\n", n, n, inputsN, dir)
	})
	if inputsErr != nil {
		b.Fatal(inputsErr)
	}
	return inputsDir, inputsN
}

// BenchmarkLoad reads the town's layers as `diachi registry build` does
// (registry.Load: decode, map names, check attributes), from each format;
// the files are written before the timed loop and removed after.
func BenchmarkLoad(b *testing.B) {
	dir, parcels := inputs(b)
	b.Cleanup(func() { os.RemoveAll(dir) })
	m, err := registry.ReadMapping(strings.NewReader(towngen.ShapefileMapping))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		opts       registry.LoadOptions
	}{
		{"GeoJSON", filepath.Join(dir, "geojson"), registry.LoadOptions{}},
		{"Shapefile", filepath.Join(dir, "shp"), registry.LoadOptions{Mapping: m}},
		{"GDALGeoPackage", filepath.Join(dir, "gdal.gpkg"), registry.LoadOptions{}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if _, err := os.Stat(tc.path); err != nil {
				b.Skip("ogr2ogr (GDAL) is not installed: no GeoPackage written by GDAL")
			}
			for b.Loop() {
				src, _, err := registry.Load(context.Background(), tc.path, tc.opts)
				if err != nil {
					b.Fatal(err)
				}
				if len(src.Parcels) != parcels {
					b.Fatalf("%d parcels read, %d written", len(src.Parcels), parcels)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*parcels), "µs/parcel")
		})
	}
}
