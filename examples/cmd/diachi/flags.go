package main

import (
	"errors"
	"flag"
	"io"
	"strconv"

	"github.com/diachi-vn/diachi/internal/decimal"
)

// parseFlags parses args as fs.Parse does, with every numeric flag read in
// decimal notation by the reader the input lines use (internal/decimal):
// the flag package alone would read "0x10" and "1_0" as 16 and 10, "010"
// as 8, and take "NaN" or "Inf" for a float.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.VisitAll(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok {
			return
		}
		switch g.Get().(type) {
		case int, int64, uint, uint64, float64:
			f.Value = &decimalFlag{g}
		}
	})
	return fs.Parse(args)
}

// flagStatus is the exit status of a command whose parseFlags failed: 0
// when the user asked for help (-h, -help, --help: the flag set has printed
// the usage to standard error), 2 for any other error, a usage error the
// flag set has already reported.
func flagStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// isHelp reports whether arg asks for help the way the flag package reads
// it, for a command that takes a subcommand before its flags.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// decimalFlag reads the number in decimal notation and hands the flag
// its canonical form, which the flag package reads back exactly.
type decimalFlag struct{ v flag.Getter }

func (d *decimalFlag) String() string {
	if d == nil || d.v == nil {
		return "0" // the zero value the flag package compares defaults with
	}
	return d.v.String()
}

func (d *decimalFlag) Get() any { return d.v.Get() }

func (d *decimalFlag) Set(s string) error {
	var canon string
	switch d.v.Get().(type) {
	case int:
		v, err := decimal.Int(s, 0)
		if err != nil {
			return err
		}
		canon = strconv.FormatInt(v, 10)
	case int64:
		v, err := decimal.Int(s, 64)
		if err != nil {
			return err
		}
		canon = strconv.FormatInt(v, 10)
	case uint:
		v, err := decimal.Uint(s, 0)
		if err != nil {
			return err
		}
		canon = strconv.FormatUint(v, 10)
	case uint64:
		v, err := decimal.Uint(s, 64)
		if err != nil {
			return err
		}
		canon = strconv.FormatUint(v, 10)
	default:
		v, err := decimal.Float(s)
		if err != nil {
			return err
		}
		canon = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return d.v.Set(canon)
}

// noArgs reads the arguments of a subcommand that takes no flags and no
// arguments: ok is false, with the exit status, for help (0) or anything
// given (2, after the usage).
func noArgs(name string, args []string, usage func(), stderr io.Writer) (code int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err), false
	}
	if fs.NArg() > 0 {
		usage()
		return 2, false
	}
	return 0, true
}
