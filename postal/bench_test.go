package postal_test

import (
	"testing"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/postal"
)

func BenchmarkCheck(b *testing.B) {
	hh := admin.MustCode(admin.V2025, admin.Commune, "00097")
	pc := postal.MustParse("10000")
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
