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
	"strings"
)

func main() {
	n := flag.Int("n", 1000000, "number of rows")
	in := flag.String("in", "testdata/address/noisy.tsv", "the noisy set (its first column is read)")
	flag.Parse()
	inputs, err := readInputs(*in)
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
		rec[1] = withHouse(inputs[i%len(inputs)], 1+(i*7919)%997)
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

func readInputs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var inputs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		in, _, _ := strings.Cut(line, "\t")
		inputs = append(inputs, in)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no inputs in %s", path)
	}
	return inputs, nil
}

// withHouse gives an address that starts with a house number the number h
// instead. Others are kept as they are: a number put in front of a commune
// or of units written in reverse order would be noise the set does not
// have.
func withHouse(s string, h int) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return s
	}
	return strconv.Itoa(h) + s[i:]
}
