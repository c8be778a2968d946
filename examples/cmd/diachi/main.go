// Command diachi is the command-line face of the diachi library: each
// subcommand uses the library the way an application would.
//
//	diachi transform --from EPSG:4326 --to EPSG:9210 < points.txt
//	diachi olc encode --length 11 < points.txt
//	diachi id new --count 10 --key "$SECRET" --partition 79
//
// Line-oriented subcommands read one record per line from standard input and
// write one line per input line to standard output: the result, or
// "error: line N: <reason>" for a line they cannot use, and go on. Blank
// lines and lines starting with '#' are copied through unchanged. The exit
// status is 0 when every line succeeded, 1 when any line failed, and 2 for
// a usage error.
//
// Numbers, on input lines and in flags, are read in decimal notation only
// (12, -0.5, .5, 1e3): "1_0", "0x1p-2", "0x10", "Inf" and "NaN" are
// refused, "010" is ten, and a number beyond the range of its type
// ("1e309") is reported as out of range.
//
// DIACHI_CPUPROFILE=FILE in the environment writes a CPU profile of the
// whole command to FILE, to see where a slow run spends its time (go tool
// pprof FILE).
package main

import (
	"fmt"
	"io"
	"os"
)

type command struct {
	name, summary string
	run           func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"transform", "convert coordinates between WGS84, VN-2000 and its TM-3/UTM projections", runTransform},
		{"olc", "Plus Codes: encode, decode, shorten, recover", runOLC},
		{"id", "diachi address IDs: issue new ones, check written ones", runID},
		{"locate", "which parcel (or any polygon feature) contains each point", runLocate},
		{"admin", "convert legacy address tails to the 2025 units", runAdmin},
		{"postal", "check postcodes against communes and provinces", runPostal},
		{"parse", "read addresses as people write them into their parts (JSON)", runParse},
		{"format", "write parsed addresses in the official, legacy, southern, ASCII or label style", runFormat},
		{"town", "the main job: number, link, validate and save a town (the sample in testdata/town by default)", runTown},
		{"registry", "build a registry from layers and query it: build, at, lookup, id", runRegistry},
		{"number", "number houses by Circular 08/2024 (assign) and audit existing numbers (audit)", runNumber},
		{"serve", "serve a saved registry over HTTP: a JSON API, vector tiles and a web map (read-only)", runServe},
		{"clean", "clean a whole address list (CSV/TSV in, CSV out with the parsed, checked and converted address)", runClean},
		{"version", "the version, source revision and Go version this binary was built from", runVersion},
	}
}

func main() {
	stop := startProfile(os.Stderr)
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || isHelp(args[0]) || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "diachi: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: diachi <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'diachi <command> -h' for the flags of a command.")
	fmt.Fprintln(w, "\n"+exitUsage)
}

// exitUsage states the exit statuses of every command; each command's -h
// says which of its own failures gives which.
const exitUsage = `Exit status: 0 when the command did all it was asked, 1 when any input line
failed (its output line says why) or the run failed (an input that cannot be
read or is refused, an output not written), 2 for a usage error (an unknown
command or flag, a flag missing or with a value it cannot take). A command's
-h says which of its failures is which, and exits 0.`
