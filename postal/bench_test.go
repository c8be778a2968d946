package postal_test

import (
	"testing"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/internal/benchcheck"
	"github.com/diachi-vn/diachi/postal"
)

// BenchmarkCheck: a postcode against its commune. The postcode tables
// and the dataset load on first use: a check before timing loads them.
func BenchmarkCheck(b *testing.B) {
	hh := admin.MustCode(admin.V2025, admin.Commune, "00097")
	pc := postal.MustParse("10000")
	if _, err := postal.Check(pc, hh); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := postal.Check(pc, hh); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := postal.Parse("70000"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchmarksTimeOnlyTheirOp: the postcode tables are loaded before
// the timed loops.
func TestBenchmarksTimeOnlyTheirOp(t *testing.T) {
	benchcheck.OneOffs(t, "^Benchmark(Check|Parse)$", 1)
}
