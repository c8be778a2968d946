package clean_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address/clean"
)

// BenchmarkClean cleans the inputs of the parser's noisy development set,
// one row per iteration.
func BenchmarkClean(b *testing.B) {
	f, err := os.Open("../../testdata/address/noisy.tsv")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for i := 0; sc.Scan(); i++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		in, _, _ := strings.Cut(line, "\t")
		rows = append(rows, []string{"1", in})
	}
	c, err := clean.New([]string{"id", "address"}, clean.Options{})
	if err != nil {
		b.Fatal(err)
	}
	// Every row once before the timing: the indexes the parser builds on
	// first need load outside the timed loop.
	for _, r := range rows {
		c.Clean(r)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Clean(rows[i%len(rows)])
		i++
	}
}
