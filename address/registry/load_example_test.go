package registry_test

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
)

// Reading the sample town with a mapping that says what the parcels'
// land_use is (kept as it is): what reading finds is reported, never
// dropped in silence. Shapefiles and GeoPackages are read the same way.
func ExampleLoad() {
	m, err := registry.ParseMapping("parcels.land_use=land_use")
	if err != nil {
		panic(err)
	}
	src, found, err := registry.Load(context.Background(), filepath.Join("..", "..", "testdata", "town"), registry.LoadOptions{Mapping: m})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(src.Parcels), "parcels in", src.CRS)
	for _, f := range found {
		if f.Reason == finding.MissingAttribute && f.Layer == registry.LayerStreets {
			fmt.Println(f.Layer, f.Reason, f.Record)
		}
	}
	// Output:
	// 1433 parcels in EPSG:9210
	// streets missing_attribute regime
	// streets missing_attribute abbrev
	// streets missing_attribute other
}
