package benchcheck_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/benchcheck"
)

func TestParse(t *testing.T) {
	out := "goos: linux\npkg: x\n" +
		"BenchmarkForwardSlice-2   \t     300\t   1935798 ns/op\t       472.6 ns/point\t       0 B/op\t       0 allocs/op\n" +
		"BenchmarkParse/25_Đường-2 \t       1\t    145625 ns/op\t   12888 B/op\t      21 allocs/op\n" +
		"--- FAIL: BenchmarkX\nPASS\n"
	rs, err := benchcheck.Parse(out)
	require.NoError(t, err)
	assert.Equal(t, []benchcheck.Result{
		{Name: "BenchmarkForwardSlice-2", N: 300, BytesPerOp: 0, AllocsPerOp: 0},
		{Name: "BenchmarkParse/25_Đường-2", N: 1, BytesPerOp: 12888, AllocsPerOp: 21},
	}, rs)

	_, err = benchcheck.Parse("BenchmarkX-2 \t 10\t 5 ns/op\n")
	assert.ErrorContains(t, err, "no B/op", "a run without -benchmem cannot be checked")
	_, err = benchcheck.Parse("BenchmarkX-2 \t 10\t 5 ns/op\t 1e3 B/op\t 0 allocs/op\n")
	assert.ErrorContains(t, err, "not a whole B/op")
	_, err = benchcheck.Parse("BenchmarkX-2 \t 10\t 5 ns/op\t 0 B/op\t -1 allocs/op\n")
	assert.ErrorContains(t, err, "not a whole allocs/op")
}

func FuzzParse(f *testing.F) {
	f.Add("BenchmarkParse/25_Đường-2 \t       1\t    145625 ns/op\t   12888 B/op\t      21 allocs/op\n")
	f.Add("BenchmarkX 1 2 ns/op 3 B/op 4 allocs/op 5 B/op\n")
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := benchcheck.Parse(s)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.N <= 0 || r.BytesPerOp < 0 || r.AllocsPerOp < 0 {
				t.Fatalf("%+v read from %q", r, s)
			}
		}
	})
}
