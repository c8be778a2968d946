// Command serveload is a bounded load test of 'diachi serve': a fixed
// number of concurrent clients for a fixed time against one endpoint kind
// (reverse geocode or tiles), reporting throughput, p50/p99 latency,
// errors and the server's resident memory before and after.
//
//	go run ./examples/bench/serveload gen --out out/town1m.gpkg
//	go run ./examples/bench/serveload run --url http://127.0.0.1:8080 --gpkg out/town1m.gpkg --kind at
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "gen":
			return runGen(args[1:], stdout, stderr)
		case "run":
			return runLoad(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintln(stderr, "usage: serveload gen|run [flags]")
	return 2
}
