package clean

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address/vnenc"
)

// SampleSize is how much of the start of a list DetectEncoding and
// SniffDelimiter are given: 64 KiB, or the whole of a shorter list.
const SampleSize = 64 << 10

// ParseDelimiter reads a delimiter as a user names it: auto (0, to be
// sniffed), comma, tab, semicolon (or the characters themselves, \t for
// a tab), or any one ASCII character but a quote or a line end.
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "auto":
		return 0, nil
	case "comma", ",":
		return ',', nil
	case "tab", `\t`, "\t":
		return '\t', nil
	case "semicolon", ";":
		return ';', nil
	}
	if len(s) == 1 && s[0] < 0x80 && s[0] != '"' && s[0] != '\r' && s[0] != '\n' {
		return rune(s[0]), nil
	}
	return 0, fmt.Errorf("%q is not auto, comma, tab, semicolon or one ASCII character", s)
}

// SniffDelimiter picks the delimiter from the header line of a sample: a
// header of one column (none of the three) makes the list a plain one, a
// whole line to a cell; otherwise a comma wins because it is the most common and a name may hold a tab or
// ';' only by accident; ';' is what Excel writes under a Vietnamese
// locale, where the comma is the decimal separator.
func SniffDelimiter(sample []byte) rune {
	header, _, _ := bytes.Cut(sample, []byte("\n"))
	switch {
	case bytes.IndexByte(header, ',') >= 0:
		return ','
	case bytes.IndexByte(header, '\t') >= 0:
		return '\t'
	case bytes.IndexByte(header, ';') >= 0:
		return ';'
	}
	// One column: a plain list, one address a line, commas and all
	// ("12 Lê Lợi, Q1, HCM" is one cell). Its delimiter is a control
	// character the list does not hold.
	for _, c := range []byte{0x1f, 0x1e, 0x1d, 0x1c} {
		if bytes.IndexByte(sample, c) < 0 {
			return rune(c)
		}
	}
	return ','
}

// DetectEncoding guesses the encoding of a list from its start (the first
// SampleSize bytes, whose last line may be cut). A line that is valid
// UTF-8 with non-ASCII letters is practically never legacy text, so when
// such lines are at least as many as the lines that are not UTF-8, the
// list is UTF-8 with some bad lines (reported as error rows) rather than
// a legacy one.
func DetectEncoding(sample []byte) vnenc.Encoding {
	if i := bytes.LastIndexByte(sample, '\n'); i >= 0 && len(sample) == SampleSize {
		sample = sample[:i+1] // the last line may be cut
	}
	var utf, bad int
	var invalid []byte
	for line := range bytes.Lines(sample) {
		switch {
		case !hasNonASCII(line):
		case utf8.Valid(line):
			utf++
		default:
			bad++
			invalid = append(invalid, line...)
		}
	}
	if bad == 0 || utf >= bad {
		return vnenc.UTF8
	}
	enc, _ := vnenc.Detect(invalid)
	if enc == vnenc.Unknown {
		return vnenc.UTF8
	}
	return enc
}

// LegacyEncoding names the legacy encoding a line that is not valid UTF-8
// reads as (Windows-1258, TCVN3 or VNI), for a list whose start was taken
// as UTF-8: the row stays an error, since converting it on a guess from
// one line could garble it silently, but the message can say what to try.
func LegacyEncoding(line []byte) (vnenc.Encoding, bool) {
	switch e, _ := vnenc.Detect(line); e {
	case vnenc.Windows1258, vnenc.TCVN3, vnenc.VNI:
		return e, true
	}
	return vnenc.Unknown, false
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
