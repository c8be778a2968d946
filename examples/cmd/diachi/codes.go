package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo/olc"
)

func runOLC(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintln(stderr, `usage:
  diachi olc encode [--length N]     lat lon lines in, Plus Code out (N: 2, 4, 6, 8, 10-15; default 10)
  diachi olc decode                  code in, "latLo lngLo latHi lngHi" out
  diachi olc shorten --ref "lat lon" full code in, short code out
  diachi olc recover --ref "lat lon" short code in, nearest full code out

A latitude outside ±90 or a longitude outside ±180 (a line or --ref), a
"lon lat" pair among them, is an error unless --clip is given: then the
latitude is clipped to ±90 and the longitude wrapped, as the Plus Code
specification does.

Exit status: 0 when every line was answered, 1 when any line failed (its
output line says why) or the input could not be read or the output written,
2 for a usage error (an unknown subcommand, a --length that no code has, a
--ref missing or not a point).`)
	}
	if len(args) == 0 {
		usage()
		return 2
	}
	switch args[0] {
	case "encode", "decode", "shorten", "recover":
	default:
		if isHelp(args[0]) {
			usage()
			return 0
		}
		fmt.Fprintf(stderr, "diachi olc: unknown subcommand %q\n", args[0])
		usage()
		return 2
	}
	fs := flag.NewFlagSet("olc "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage
	length := fs.Int("length", 10, "code length (encode)")
	ref := fs.String("ref", "", `reference location "lat lon" (shorten, recover)`)
	clip := fs.Bool("clip", false, "clip coordinates out of range as the specification does, instead of refusing them")
	if err := parseFlags(fs, args[1:]); err != nil {
		return flagStatus(err)
	}
	if fs.NArg() > 0 {
		usage()
		return 2
	}
	var refLat, refLng float64
	if args[0] == "shorten" || args[0] == "recover" {
		var err error
		if refLat, refLng, err = fields2([]byte(*ref)); err == nil && !*clip {
			err = checkLatLng(refLat, refLng)
		}
		if err != nil {
			fmt.Fprintf(stderr, "diachi olc %s: --ref: %v\n", args[0], err)
			return 2
		}
	}
	var fn func(line, out []byte) ([]byte, error)
	switch args[0] {
	case "encode":
		if _, err := olc.Encode(0, 0, *length); err != nil {
			fmt.Fprintf(stderr, "diachi olc encode: --length: %v\n", err)
			return 2
		}
		fn = func(line, out []byte) ([]byte, error) {
			lat, lng, err := fields2(line)
			if err == nil && !*clip {
				err = checkLatLng(lat, lng)
			}
			if err != nil {
				return out, err
			}
			return olc.AppendEncode(out, lat, lng, *length)
		}
	case "decode":
		fn = func(line, out []byte) ([]byte, error) {
			a, err := olc.Decode(string(line))
			if err != nil {
				return out, err
			}
			for i, v := range []float64{a.LatLo, a.LngLo, a.LatHi, a.LngHi} {
				if i > 0 {
					out = append(out, ' ')
				}
				out = strconv.AppendFloat(out, v, 'f', 10, 64)
			}
			return out, nil
		}
	case "shorten", "recover":
		fn = func(line, out []byte) ([]byte, error) {
			c, err := olc.Parse(string(line))
			if err != nil {
				return out, err
			}
			if args[0] == "shorten" {
				c, err = c.Shorten(refLat, refLng)
			} else {
				c, err = c.RecoverNearest(refLat, refLng)
			}
			if err != nil {
				return out, err
			}
			return c.AppendText(out)
		}
	}
	return finish("olc "+args[0], stdin, stdout, stderr, fn)
}

// checkLatLng refuses a position out of range, which the olc package
// would clip (latitude) or wrap (longitude) as the specification says.
func checkLatLng(lat, lng float64) error {
	badLat, badLng := math.Abs(lat) > 90, math.Abs(lng) > 180
	var what string
	switch {
	case badLat && badLng:
		what = fmt.Sprintf("latitude %g is outside ±90 and longitude %g outside ±180", lat, lng)
	case badLat:
		what = fmt.Sprintf("latitude %g is outside ±90", lat)
	case badLng:
		what = fmt.Sprintf("longitude %g is outside ±180", lng)
	default:
		return nil
	}
	if math.Abs(lng) <= 90 && math.Abs(lat) <= 180 {
		what += `: the input is "lat lon", and read the other way round this would be a valid point`
	}
	return fmt.Errorf("%s (--clip clips a latitude to ±90 and wraps a longitude, as the Plus Code specification does)", what)
}

func runID(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintln(stderr, `usage:
  diachi id new --count N --key-file FILE [--partition P --partitions Q] [--start C]
        issues N diachi address IDs, one per line (the key may instead be
        given by DIACHI_KEY or --key; one is required)
  diachi id check
        ID per line in, "ok" or the error out

`+keyHelp+`

Exit status: 0 when every ID asked for was issued (new) or every line holds
a valid ID (check), 1 when the partition ran out of IDs before --count, a
line is not a valid ID (its output line says why), or the input could not
be read or the output written, 2 for a usage error (an unknown subcommand, a
flag missing or wrong, no key or a key that cannot be used).`)
	}
	if len(args) == 0 {
		usage()
		return 2
	}
	if isHelp(args[0]) {
		usage()
		return 0
	}
	switch args[0] {
	case "new":
		fs := flag.NewFlagSet("id new", flag.ContinueOnError)
		fs.SetOutput(stderr)
		count := fs.Int("count", 1, "how many IDs to issue")
		keys := addKeyFlags(fs, true)
		part := fs.Int("partition", 0, "partition of this run, e.g. a province code")
		parts := fs.Int("partitions", 100, "number of partitions the ID space is cut into")
		start := fs.Uint64("start", 0, "first counter of the partition (the 'next' printed by a previous run)")
		grouped := fs.Bool("grouped", false, `print IDs in groups ("123 456 7890")`)
		fs.Usage = func() {
			usage()
			fs.PrintDefaults()
		}
		if err := parseFlags(fs, args[1:]); err != nil {
			return flagStatus(err)
		}
		if *count < 0 {
			fmt.Fprintf(stderr, "diachi id new: --count %d: want 0 or more\n", *count)
			return 2
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "diachi id new: unexpected argument %q\n", fs.Arg(0))
			usage()
			return 2
		}
		if *parts < 1 {
			fmt.Fprintf(stderr, "diachi id new: --partitions %d: want 1 to %d\n", *parts, address.IDPayloads)
			return 2
		}
		key, _, err := keys.load()
		if err != nil {
			fmt.Fprintf(stderr, "diachi id new: %v\n", err)
			return 2
		}
		if key == nil {
			fmt.Fprintf(stderr, "diachi id new: no key: give the office's secret with --key-file FILE, %s or --key (with no key anyone could compute every ID and the order of issue)\n", keyEnv)
			return 2
		}
		a, err := address.NewAllocator(address.AllocatorConfig{Key: key, Partition: *part, Partitions: *parts, Start: *start})
		if err != nil {
			fmt.Fprintf(stderr, "diachi id new: %v\n", err)
			return 2
		}
		w := newLineWriter(stdout)
		for range *count {
			id, err := a.New()
			if err != nil {
				w.flush()
				fmt.Fprintf(stderr, "diachi id new: %v\n", err)
				return 1
			}
			if *grouped {
				w.line(append(w.buf[:0], id.Grouped()...))
			} else {
				b, _ := id.AppendText(w.buf[:0])
				w.line(b)
			}
		}
		if err := w.flush(); err != nil {
			fmt.Fprintf(stderr, "diachi id new: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "diachi id new: next counter %d (pass --start %d to continue this partition)\n", a.Next(), a.Next())
		return 0
	case "check":
		if code, ok := noArgs("id check", args[1:], usage, stderr); !ok {
			return code
		}
		return finish("id check", stdin, stdout, stderr, func(line, out []byte) ([]byte, error) {
			if _, err := address.ParseID(string(line)); err != nil {
				return out, err
			}
			return append(out, "ok"...), nil
		})
	}
	fmt.Fprintf(stderr, "diachi id: unknown subcommand %q\n", args[0])
	usage()
	return 2
}

// finish runs a line loop and turns its outcome into an exit status.
func finish(name string, stdin io.Reader, stdout, stderr io.Writer, fn func(line, out []byte) ([]byte, error)) int {
	return finishAt(name, stdin, stdout, stderr, func(_ int, line, out []byte) ([]byte, error) { return fn(line, out) })
}

// finishAt is finish for a command that needs the line number (to warn
// about a line on stderr).
func finishAt(name string, stdin io.Reader, stdout, stderr io.Writer, fn func(n int, line, out []byte) ([]byte, error)) int {
	failed, err := lineLoop(stdin, stdout, fn)
	if err != nil {
		fmt.Fprintf(stderr, "diachi %s: %v\n", name, err)
		return 1
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "diachi %s: %d line(s) failed\n", name, failed)
		return 1
	}
	return 0
}

// lineWriter buffers output lines.
type lineWriter struct {
	w   io.Writer
	out bytes.Buffer
	buf []byte
	err error
}

func newLineWriter(w io.Writer) *lineWriter { return &lineWriter{w: w, buf: make([]byte, 0, 32)} }

func (l *lineWriter) line(b []byte) {
	l.out.Write(b)
	l.out.WriteByte('\n')
	if l.out.Len() > 64<<10 {
		l.flush()
	}
}

func (l *lineWriter) flush() error {
	if l.err == nil && l.out.Len() > 0 {
		_, l.err = l.w.Write(l.out.Bytes())
	}
	l.out.Reset()
	return l.err
}
