package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/internal/decimal"
)

// maxLine bounds one input line; a longer line is reported as an error and
// skipped, never buffered whole.
const maxLine = 64 << 10

// lineLoop reads stdin line by line and calls fn for each data line with
// its number (from 1) and an output buffer to append the result to. Errors
// returned by fn become "error: line N: ..." lines. It returns the number
// of failed lines.
func lineLoop(stdin io.Reader, stdout io.Writer, fn func(n int, line []byte, out []byte) ([]byte, error)) (failed int, err error) {
	r := bufio.NewReaderSize(stdin, 256<<10)
	w := bufio.NewWriterSize(stdout, 256<<10)
	out := make([]byte, 0, 256)
	for n := 1; ; n++ {
		line, rerr := r.ReadSlice('\n')
		tooLong := false
		if errors.Is(rerr, bufio.ErrBufferFull) || len(line) > maxLine {
			tooLong = true
			for errors.Is(rerr, bufio.ErrBufferFull) { // drain the rest of the line
				_, rerr = r.ReadSlice('\n')
			}
		}
		if len(line) == 0 && rerr != nil {
			break
		}
		data := bytes.TrimRight(line, "\r\n")
		out = out[:0]
		trimmed := bytes.TrimSpace(data)
		switch {
		case tooLong:
			failed++
			out = appendLineError(out, n, fmt.Errorf("line longer than %d bytes", maxLine))
		case len(trimmed) == 0 || trimmed[0] == '#':
			out = append(out, data...)
		default:
			var ferr error
			out, ferr = fn(n, trimmed, out)
			if ferr != nil {
				failed++
				out = appendLineError(out[:0], n, ferr)
			}
		}
		out = append(out, '\n')
		if _, err := w.Write(out); err != nil {
			return failed, err
		}
		if rerr != nil {
			if rerr != io.EOF {
				return failed, rerr
			}
			break
		}
	}
	return failed, w.Flush()
}

func appendLineError(out []byte, n int, err error) []byte {
	out = append(out, "error: line "...)
	out = strconv.AppendInt(out, int64(n), 10)
	out = append(out, ": "...)
	return append(out, err.Error()...)
}

// fields2 reads exactly two numbers separated by spaces, tabs and at most
// one comma between them.
func fields2(line []byte) (float64, float64, error) {
	var tok [2][]byte
	n, commas := 0, 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == ',':
			commas++
			if n != 1 || commas > 1 {
				return 0, 0, fmt.Errorf("misplaced comma in %q", line)
			}
			i++
		default:
			j := i
			for j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != ',' {
				j++
			}
			if n == 2 {
				return 0, 0, fmt.Errorf("want two numbers, got more in %q", line)
			}
			tok[n] = line[i:j]
			n++
			i = j
		}
	}
	if n != 2 {
		return 0, 0, fmt.Errorf("want two numbers, got %q", line)
	}
	a, err := parseNum(tok[0])
	if err != nil {
		return 0, 0, err
	}
	b, err := parseNum(tok[1])
	if err != nil {
		return 0, 0, err
	}
	return a, b, nil
}

// parseNum reads a number in decimal notation (internal/decimal): not
// "1_0", "0x1p-2", "Inf" or "NaN", and "1e309" is out of range.
func parseNum(b []byte) (float64, error) {
	return decimal.Float(string(b))
}

// checkText refuses a line of text that is not valid UTF-8 or holds a
// control character other than tab (NUL, a lone CR): read on, the invalid
// bytes would come back as U+FFFD, so that the input echoed and the byte
// offsets would no longer be those of the line given. Positions count
// bytes of the line with its surrounding spaces removed, as the spans of
// diachi parse do.
func checkText(line []byte) error {
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRune(line[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			return fmt.Errorf("invalid UTF-8 at byte %d", i)
		case r < 0x20 && r != '\t', r == 0x7f:
			return fmt.Errorf("control character %U at byte %d", r, i)
		}
		i += n
	}
	return nil
}

// notSwapped refuses a "lat lon" pair that is clearly "lon lat" inside
// Vietnam (latitudes 8-24, longitudes 102-110): every command reads
// latitude first, as cs2cs and map apps copy points.
func notSwapped(lat, lon float64) error {
	if lat >= 102 && lat <= 110 && lon >= 8 && lon <= 24 {
		return fmt.Errorf("%g %g reads as latitude %g, longitude %g: that is \"lon lat\" inside Vietnam; give \"lat lon\" (%g %g)", lat, lon, lat, lon, lon, lat)
	}
	return nil
}
