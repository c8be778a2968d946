package admin_test

import (
	"runtime"
	"testing"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/internal/benchcheck"
)

func BenchmarkUnitByCode(b *testing.B) {
	d := admin.Load(admin.V2025)
	c := admin.MustCode(admin.V2025, admin.Commune, "00097")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := d.Unit(c); !ok {
			b.Fatal("missing")
		}
	}
}

func BenchmarkMatchTolerant(b *testing.B) {
	d := admin.Load(admin.Legacy)
	hcm := admin.MustCode(admin.Legacy, admin.Province, "79")
	b.ReportAllocs()
	for b.Loop() {
		if len(d.Match(admin.District, "Q. Tan Binh", hcm)) != 1 {
			b.Fatal("no match")
		}
	}
}

func BenchmarkResolveTail(b *testing.B) {
	d := admin.Load(admin.Legacy)
	b.ReportAllocs()
	for b.Loop() {
		if r := d.Resolve("P. Tân Thuận Tây", "Q7", "HCM"); r.Status != admin.Tolerated {
			b.Fatal(r.Status)
		}
	}
}

// BenchmarkConvert: one legacy commune to its 2025 successor. Both
// datasets and the conversion table load on first use: a call before
// timing loads them.
func BenchmarkConvert(b *testing.B) {
	c := admin.MustCode(admin.Legacy, admin.Commune, "00001")
	if _, err := admin.Convert(c); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := admin.Convert(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadMemory reports the heap the two loaded datasets and the
// conversion table hold.
func BenchmarkLoadMemory(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		l, n := admin.LoadFresh(admin.Legacy), admin.LoadFresh(admin.V2025)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB")
		runtime.KeepAlive(l)
		runtime.KeepAlive(n)
	}
}

// TestBenchmarksTimeOnlyTheirOp: the datasets and the conversion table
// are loaded before the timed loops.
func TestBenchmarksTimeOnlyTheirOp(t *testing.T) {
	benchcheck.OneOffs(t, "^Benchmark(UnitByCode|MatchTolerant|ResolveTail|Convert)$", 1)
}
