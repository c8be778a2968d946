// Package rows turns the noisy address set (testdata/address/noisy.tsv)
// into address lists of any length for the cleaning benchmarks and the
// national generator: the inputs cycled, each address that starts with a
// house number given another one, so the rows are not all repeats.
package rows

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ReadInputs reads the addresses of the noisy set at path: the first
// column of each line that is not blank or a comment.
func ReadInputs(path string) ([]string, error) {
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

// WithHouse gives an address that starts with a house number the number h
// instead. Others are kept as they are: a number put in front of a
// commune or of units written in reverse order would be noise the set
// does not have.
func WithHouse(s string, h int) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return s
	}
	return strconv.Itoa(h) + s[i:]
}
