package admin_test

import (
	"runtime"
	"testing"

	"github.com/diachi-vn/diachi/address/admin"
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

func BenchmarkConvert(b *testing.B) {
	c := admin.MustCode(admin.Legacy, admin.Commune, "00001")
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
