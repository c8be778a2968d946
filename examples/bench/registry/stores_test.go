package registry_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/internal/postgis/postgistest"
)

// BenchmarkStores saves and opens the registry in a GeoPackage (with its
// R-tree indexes) and in PostgreSQL/PostGIS (with its GiST indexes), the
// two interleaved in each op: GeoPackage save, PostGIS save, GeoPackage
// open, PostGIS open. Each step's seconds are reported as a metric of its
// own (gpkg-save-s, pg-save-s, gpkg-open-s, pg-open-s); ns/op is the four
// together. Needs DIACHI_POSTGIS_URL (examples/postgis_server.sh starts a
// server); skips without it.
func BenchmarkStores(b *testing.B) {
	conn := postgistest.Conn(b)
	_, reg := fixture(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "town.gpkg")
	opts := registry.Options{IDKey: benchKey}
	var sums [4]time.Duration
	n := 0
	step := func(k int, fn func() error) {
		t0 := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		sums[k] += time.Since(t0)
	}
	for b.Loop() {
		step(0, func() error { return reg.Save(ctx, path) })
		step(1, func() error { return reg.SavePostGIS(ctx, conn, "diachi_bench") })
		step(2, func() error { _, err := registry.Open(ctx, path, opts); return err })
		step(3, func() error { _, err := registry.OpenPostGIS(ctx, conn, "diachi_bench", opts); return err })
		n++
	}
	for k, name := range []string{"gpkg-save-s", "pg-save-s", "gpkg-open-s", "pg-open-s"} {
		b.ReportMetric(sums[k].Seconds()/float64(n), name)
	}
	if st, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "MB-file")
	}
}
