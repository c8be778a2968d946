// Command diachi-beam runs diachi's batch work for the whole country on
// Apache Beam: the cleaning of address lists (clean) and the building of
// one registry per province (registry), with a deterministic national
// data set to try them on (gen). It runs on a laptop with the Prism runner
// and, with the same code, on a portable job server (Flink, Spark) or on
// Dataflow; the runner and its options are Beam's own flags.
//
//	diachi-beam gen rows --n 100000 --shards 4 --out in/rows
//	diachi-beam clean --runner=prism --in 'in/rows/*.csv' --out out/clean
//	diachi-beam gen provinces --provinces 34 --blocks 4 --out in/provinces
//	diachi-beam registry --runner=prism --in in/provinces --out out/registry --key-file KEY
//
// The design note's section on Beam explains the stages:
// https://github.com/diachi-vn/diachi/blob/main/docs/design.md#examplesbeam
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
)

const usage = `usage: diachi-beam COMMAND [flags]

Commands:
  clean      clean CSV shards of addresses exactly as 'diachi clean' does
  registry   build one registry per province directory, with a national
             index, the national findings and a check of the address IDs
  gen rows   write a deterministic national address list in CSV shards
  gen provinces
             write deterministic layers for each province

Beam's own flags choose where the pipeline runs:
  --runner=prism                      in this process (the default here)
  --runner=universal --endpoint=HOST:PORT --environment_type=LOOPBACK
                                      a portable job server (Flink, Spark,
                                      Prism) with workers in this process;
                                      on a cluster use
                                      --environment_type=DOCKER or PROCESS
  --runner=dataflow --project=P --region=R --staging_location=gs://B/staging
                                      Google Cloud Dataflow

Run 'diachi-beam COMMAND -h' for a command's flags.`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run splits the command from the flags. A worker started by a runner gets
// Beam's flags alone and no command: beam.Init then serves the worker and
// does not return.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "gen" {
		return runGen(args, stdout, stderr)
	}
	flag.CommandLine.SetOutput(stderr)
	flag.Usage = func() {
		fmt.Fprintln(stderr, usage)
		if cmd != "" {
			fmt.Fprintln(stderr, "\nFlags:")
			flag.PrintDefaults()
		}
	}
	if err := flag.CommandLine.Parse(args); err != nil {
		return 2
	}
	runnerSet := false
	flag.Visit(func(f *flag.Flag) { runnerSet = runnerSet || f.Name == "runner" })
	if !runnerSet {
		flag.Set("runner", "prism")
	}
	beam.Init()
	ctx := context.Background()
	var err error
	switch cmd {
	case "clean":
		err = runClean(ctx, stdout)
	case "registry":
		err = runRegistry(ctx, stdout)
	default:
		if cmd != "" {
			fmt.Fprintf(stderr, "diachi-beam: unknown command %q\n", cmd)
		}
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "diachi-beam %s: %v\n", cmd, err)
			return 2
		}
		fmt.Fprintf(stderr, "diachi-beam %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// execute runs a pipeline on the runner the flags name.
func execute(ctx context.Context, p *beam.Pipeline) error {
	return beamx.Run(ctx, p)
}

// usageError is a mistake in the flags: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }
