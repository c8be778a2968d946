// Command streets compiles the street names the address parser restores
// the diacritics of ("tran duy hung" -> "Trần Duy Hưng") into
// address/data/streets.txt, one name a line:
//
//	go run ./testdata/gen/streets [-shared ../shared/data]
//
// It reads the names of the Hà Nội street table beside the project, used
// as facts, and testdata/gen/streets/national.txt (streets of the other
// cities), drops the names that are a road's type and number or hold no
// letter, and keeps one spelling of each name (the one written in title
// case where two differ only in case). Names that fold alike but differ
// in their marks ("Yên Phụ", "Yên Phú") are all kept: the parser leaves
// such a name as written.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func main() {
	shared := flag.String("shared", "../shared/data", "the reference data folder")
	out := flag.String("out", "address/data/streets.txt", "output file")
	flag.Parse()
	names := map[string]string{} // lower case -> spelling kept
	add := func(s string) {
		s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
		if s == "" || !strings.ContainsFunc(s, unicode.IsLetter) {
			return
		}
		low := strings.ToLower(s)
		for _, t := range []string{"quốc lộ ", "tỉnh lộ ", "đường ", "phố "} {
			if strings.HasPrefix(low, t) {
				return // "Quốc lộ 1A", "Phố Huế": a type word, a road's number
			}
		}
		if old, ok := names[low]; !ok || titled(s) && !titled(old) {
			names[low] = s
		}
	}
	readLines(filepath.Join(*shared, "streets/hanoi_streets.tsv"), func(i int, line string) {
		if f := strings.Split(line, "\t"); i > 0 && len(f) == 3 {
			add(f[2])
		}
	})
	readLines("testdata/gen/streets/national.txt", func(_ int, line string) {
		if !strings.HasPrefix(line, "#") {
			add(line)
		}
	})
	var list []string
	for _, s := range names {
		list = append(list, s)
	}
	slices.Sort(list)
	var b strings.Builder
	b.WriteString("# Street names whose diacritics the parser restores; made by testdata/gen/streets, do not edit.\n")
	for _, s := range list {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatalf("streets: %v", err)
	}
	fmt.Fprintf(os.Stderr, "streets: %d names to %s\n", len(list), *out)
}

// titled reports whether every word of s begins with a capital or a digit.
func titled(s string) bool {
	for _, w := range strings.Fields(s) {
		if r := []rune(w)[0]; unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func readLines(p string, each func(i int, line string)) {
	f, err := os.Open(p)
	if err != nil {
		log.Fatalf("streets: %v (the street table is in the reference data beside the project)", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; sc.Scan(); i++ {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			each(i, line)
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatalf("streets: %v", err)
	}
}
