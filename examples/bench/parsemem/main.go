// Command parsemem measures, in a fresh process, the memory that
// everything the address parser needs holds once loaded (the legacy and
// 2025 gazetteers, the mention trie, aliases, the typo index, conversion
// and postal tables), and the time of the first parse, which loads most
// of them. The typo index is loaded by the first address that needs a
// correction: a misspelt address is parsed too, and its parse timed.
//
//	go run ./examples/bench/parsemem
package main

import (
	"fmt"
	"log"
	"runtime"
	"time"

	"github.com/diachi-vn/diachi/address"
)

func main() {
	m, err := measure()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("first parse (loads the tables): %v\n", m.first.Round(time.Millisecond))
	fmt.Printf("first misspelt address (loads the typo index): %v\n", m.firstTypo.Round(time.Millisecond))
	fmt.Printf("heap held by the parser's tables: %.1f MB\n", float64(m.held)/(1<<20))
}

type measures struct {
	first, firstTypo time.Duration
	held             int64 // bytes
}

// measure loads everything the parser uses, through the calls that load
// it, and returns what that held and took.
func measure() (measures, error) {
	var m measures
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t := time.Now()
	a, err := address.Parse("Số 12 ngõ 34 phố Huế, P. Trung Hòa, Q. Cầu Giấy, Hà Nội 10000")
	if err != nil {
		return m, err
	}
	m.first = time.Since(t)
	// Formatting in the official form loads the conversion table too.
	_ = address.Format(a, address.Official)
	t = time.Now()
	if _, err := address.Parse(misspelt); err != nil {
		return m, err
	}
	m.firstTypo = time.Since(t)
	runtime.GC()
	runtime.ReadMemStats(&after)
	m.held = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	return m, nil
}

// misspelt has a ward's name one letter off, which only the typo index
// reads.
const misspelt = "25 Đường Lê Lợi, Phường Bến Thànhh, Quận 1, TPHCM"
