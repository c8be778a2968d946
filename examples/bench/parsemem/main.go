// Command parsemem measures, in a fresh process, the memory that
// everything the address parser needs holds once loaded (the legacy and
// 2025 gazetteers, aliases, conversion and postal tables), and the time of
// the first parse, which loads them.
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
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t := time.Now()
	a, err := address.Parse("Số 12 ngõ 34 phố Huế, P. Trung Hòa, Q. Cầu Giấy, Hà Nội 10000")
	if err != nil {
		log.Fatal(err)
	}
	first := time.Since(t)
	// Formatting in the official form loads the conversion table too.
	_ = address.Format(a, address.Official)
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Printf("first parse (loads the tables): %v\n", first.Round(time.Millisecond))
	fmt.Printf("heap held by the parser's tables: %.1f MB\n", float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
}
