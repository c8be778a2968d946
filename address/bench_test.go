package address_test

import (
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/benchcheck"
)

func BenchmarkParseID(b *testing.B) {
	id, _ := address.NewID(123456789)
	s := id.Grouped()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := address.ParseID(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllocatorNew is the throughput of one allocator shared by every
// core.
func BenchmarkAllocatorNew(b *testing.B) {
	a, _ := address.NewAllocator(address.AllocatorConfig{Key: []byte("benchmark key, 16+ bytes")})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := a.New(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParcelID is a square 20 m parcel (pole found quickly) and a
// 5 m × 40 m tube house with a courtyard (many cells tie along its axis).
func BenchmarkParcelID(b *testing.B) {
	house := square(benThanh, 10)
	tube := tubeHouse()
	for _, c := range []struct {
		name string
		p    func() error
	}{
		{"square", func() error { _, err := address.NewParcelID(house, crs.TM3_10545, 0); return err }},
		{"tube-house", func() error { _, err := address.NewParcelID(tube, crs.TM3_10545, 0); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.p(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseHouseNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := address.ParseHouseNumber("130/20/2A"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse: a typical northern address with legacy units, a
// southern one with 2025 units, and noisy ones as clerks type them (no
// diacritics or separators) and as scans read them (stray commas, glued
// words, a typo). Each address is parsed once before timing, so whatever
// its parse loads on first use (gazetteers, the typo index) is loaded
// outside the timed loop whichever address runs first or alone.
func BenchmarkParse(b *testing.B) {
	for _, s := range []string{
		"Số 12 ngõ 34 ngách 56 phố Trần Duy Hưng, P. Trung Hòa, Q. Cầu Giấy, Hà Nội",
		"130/20/2 Đường Lê Văn Sỹ, Phường Nhiêu Lộc, TP. Hồ Chí Minh 70000",
		"so 12 ngo 34 duong tran duy hung p trung hoa q cau giay ha noi",
		"Xã Cẩm S,ơn, Huyện Cẩrn Xuyên, HàTĩnh",
		"25 Đường Lê Lợi, Phường Bến Thànhh, Quận 1, TPHCM",
		// A hostile line of the longest length Parse takes, every word a
		// unit's name: the readings weighed stay bounded.
		strings.TrimSpace(strings.Repeat("Phường 1 Quận 1 ", 48)),
	} {
		b.Run(s[:12], func(b *testing.B) {
			if _, err := address.Parse(s); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := address.Parse(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// shortNoisy is how many addresses of the noisy set BenchmarkParseNoisySet
// goes round with -short.
const shortNoisy = 1000

// BenchmarkParseNoisySet parses every address of the noisy development set
// (6,000, with the noise real registers carry; -short: the first ones);
// one op is one address, the set cycled. The whole set is parsed once before timing: some of its
// addresses need what the parser loads on first use (the typo index).
func BenchmarkParseNoisySet(b *testing.B) {
	rows := readNoisySet(b)
	if testing.Short() {
		rows = rows[:min(shortNoisy, len(rows))]
	}
	for _, r := range rows {
		if _, err := address.Parse(r.input); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := address.Parse(rows[i%len(rows)].input); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// TestParseBenchmarksTimeOnlyParsing: whatever the parser loads on first
// use (gazetteers, the mention trie, the typo index) is loaded before the
// timed loops, whichever benchmark runs first or alone.
func TestParseBenchmarksTimeOnlyParsing(t *testing.T) {
	benchcheck.OneOffs(t, "^Benchmark(Parse|ParseHouseNumber)$", 1)
	benchcheck.OneOffs(t, "^BenchmarkParseNoisySet$", int64(min(shortNoisy, len(readNoisySet(t)))))
}
