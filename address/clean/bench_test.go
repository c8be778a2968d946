package clean_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address/clean"
	"github.com/diachi-vn/diachi/internal/benchcheck"
)

// benchRows are the inputs of the parser's noisy development set as rows
// of an id and an address.
func benchRows(tb testing.TB) [][]string {
	f, err := os.Open("../../testdata/address/noisy.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		in, _, _ := strings.Cut(line, "\t")
		rows = append(rows, []string{"1", in})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// shortRows is how many rows of the set BenchmarkClean goes round with
// -short.
const shortRows = 1000

// BenchmarkClean cleans the inputs of the parser's noisy development set,
// one row per iteration (-short: its first rows). Each pass over the set is a new list (a new
// Cleaner, made with the timer stopped), so every pass finds the same
// duplicates; a pass before timing loads what cleaning loads on first use
// (gazetteers, the parser's tables).
func BenchmarkClean(b *testing.B) {
	rows := benchRows(b)
	if testing.Short() {
		rows = rows[:min(shortRows, len(rows))]
	}
	cleaner := func() *clean.Cleaner {
		c, err := clean.New([]string{"id", "address"}, clean.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	c := cleaner()
	for _, r := range rows {
		c.Clean(r)
	}
	c = cleaner()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(rows) {
			b.StopTimer()
			c, i = cleaner(), 0
			b.StartTimer()
		}
		c.Clean(rows[i])
		i++
	}
}

// TestBenchmarkTimesOnlyCleaning: what cleaning loads on first use
// (gazetteers, the parser's tables) is loaded before the timed loop, and
// every pass over the set cleans its rows alike.
func TestBenchmarkTimesOnlyCleaning(t *testing.T) {
	benchcheck.OneOffs(t, "^BenchmarkClean$", int64(min(shortRows, len(benchRows(t)))))
}
