// Command cleanrows writes n rows of CSV (columns id,address) for measuring
// diachi clean: the inputs of the parser's noisy development set in turn,
// those with a house number each time with another one, so that rows keep
// the set's mix of noise. The output is the same for the same flags.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/diachi-vn/diachi/testdata/gen/noisy/rows"
)

func main() {
	n := flag.Int("n", 1000000, "number of rows")
	in := flag.String("in", "testdata/address/noisy.tsv", "the noisy set (its first column is read)")
	flag.Parse()
	inputs, err := rows.ReadInputs(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cleanrows:", err)
		os.Exit(1)
	}
	bw := bufio.NewWriterSize(os.Stdout, 256<<10)
	w := csv.NewWriter(bw)
	w.Write([]string{"id", "address"})
	rec := make([]string, 2)
	for i := range *n {
		rec[0] = strconv.Itoa(i + 1)
		rec[1] = rows.WithHouse(inputs[i%len(inputs)], 1+(i*7919)%997)
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Fprintln(os.Stderr, "cleanrows:", err)
		os.Exit(1)
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "cleanrows:", err)
		os.Exit(1)
	}
}
