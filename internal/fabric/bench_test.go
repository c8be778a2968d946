package fabric_test

import (
	"testing"

	"github.com/diachi-vn/diachi/internal/fabric"
)

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		fabric.Generate(fabric.Config{Seed: 1, Parcels: 10000}, func(fabric.Parcel) bool { return true })
	}
}
