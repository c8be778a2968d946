package clean

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Limits of the [Reader]. A row beyond them is reported and skipped, so
// that one broken row costs one row and bounded memory.
const (
	// MaxCell is the longest cell read.
	MaxCell = 64 << 10
	// MaxQuotedLines is the most physical lines a quoted cell may span.
	MaxQuotedLines = 200
	// MaxRecord is the longest row read, in bytes.
	MaxRecord = 1 << 20
	// MaxFields is the most cells a row may have.
	MaxFields = 4096
)

// ErrRow is wrapped by every [*RowError].
var ErrRow = errors.New("clean: bad row")

// RowError is a row the [Reader] could not read. Reading goes on after it.
type RowError struct {
	Line   int // the row's first physical line, from 1
	Reason string
}

func (e *RowError) Error() string { return "clean: " + e.reason() }

func (e *RowError) reason() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Reason }

// Unwrap returns [ErrRow].
func (e *RowError) Unwrap() error { return ErrRow }

// Reader reads CSV or TSV as people's spreadsheets export it: RFC 4180
// quoting, quoted cells across lines, CRLF or LF, with these decisions:
//   - Blank lines are not rows.
//   - A quote inside an unquoted cell is a letter; so is a quote in a quoted
//     cell followed by other text than a delimiter or line break, and the
//     cell goes on unquoted (`"12 "A" street"` reads as `12 "A" street"`).
//   - A quote not closed within [MaxCell] bytes or [MaxQuotedLines] lines
//     (or by the end of the input), or whose cell spans a line break and
//     meets a quote followed by other text (the opening quote of a later
//     row, more likely than a close), makes the row bad, "unbalanced quote":
//     the row is its first physical line alone, and reading resumes on the
//     line after it, so a stray quote never swallows the rows below.
//   - A cell longer than MaxCell (or a row longer than [MaxRecord] or with
//     more than [MaxFields] cells) makes the row bad; the rest of its
//     physical line is skipped without being kept.
//   - Bytes are not checked: invalid UTF-8 is the [Cleaner]'s to report.
//   - A UTF-8 byte order mark at the start is dropped.
type Reader struct {
	br       *bufio.Reader
	comma    byte
	badComma bool
	chunk    []byte // bytes being read: a slice of br's buffer or of pushed back bytes
	pos      int
	back     bool // chunk is pushed back bytes
	eof      bool
	err      error
	started  bool
	next     int // the next physical line
	line     int // the first line of the last row
	raw      []byte
	cells    []byte
	ends     []int
}

// NewReader returns a Reader of r with the delimiter comma (',', '\t',
// ';'...), which must be an ASCII character other than a quote or a line
// break.
func NewReader(r io.Reader, comma rune) *Reader {
	bad := comma <= 0 || comma >= 0x80 || comma == '"' || comma == '\r' || comma == '\n'
	return &Reader{br: bufio.NewReaderSize(r, 64<<10), comma: byte(comma), badComma: bad, next: 1}
}

// Line returns the first physical line (from 1) of the row last read.
func (r *Reader) Line() int { return r.line }

// Lines returns the number of physical lines consumed so far.
func (r *Reader) Lines() int { return r.next - 1 }

// Read returns the next row: its cells (new strings each time) and its
// bytes as read (valid until the next Read). A row that cannot be read is
// a [*RowError] with the cells that could be recovered: for an unbalanced
// quote, the first physical line cut at each delimiter, quotes kept; raw is
// then that line (cut at MaxCell). At the end Read returns io.EOF.
func (r *Reader) Read() (fields []string, raw []byte, err error) {
	cells, ends, raw, err := r.ReadCells()
	if err != nil && !errors.Is(err, ErrRow) {
		return nil, nil, err
	}
	return cutCells(string(cells), ends), raw, err
}

// ReadCells is Read without making strings, for a caller that keeps many
// rows and makes one string of their cells: it returns the row's cells one
// after another and where each ends in them. cells, ends and raw are valid
// until the next read. At the end, or on a read error, cells and ends are
// nil.
func (r *Reader) ReadCells() (cells []byte, ends []int, raw []byte, err error) {
	if r.badComma {
		return nil, nil, nil, fmt.Errorf("clean: invalid delimiter %q", rune(r.comma))
	}
	for {
		raw, blank, err := r.record()
		if blank && err == nil {
			continue
		}
		if err != nil && !errors.Is(err, ErrRow) {
			return nil, nil, nil, err
		}
		return r.cells, r.ends, raw, err
	}
}

// cutCells cuts cells, one after another in s, at their ends.
func cutCells(s string, ends []int) []string {
	f := make([]string, len(ends))
	prev := 0
	for i, e := range ends {
		f[i] = s[prev:e]
		prev = e
	}
	return f
}

// more makes bytes available in r.chunk[r.pos:], reporting false at the
// end of the input or on a read error (kept in r.err).
func (r *Reader) more() bool {
	if r.pos < len(r.chunk) {
		return true
	}
	r.chunk, r.pos, r.back = nil, 0, false
	for !r.eof {
		b, err := r.br.ReadSlice('\n')
		switch {
		case err == nil || errors.Is(err, bufio.ErrBufferFull):
		case err == io.EOF:
			r.eof = true
		default:
			r.eof, r.err = true, err
		}
		if !r.started && len(b) > 0 {
			r.started = true
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(b) > 0 {
			r.chunk = b
			return true
		}
	}
	return false
}

const (
	stStart    = iota // at the start of a cell
	stUnquoted        // in an unquoted cell
	stQuoted          // in a quoted cell
	stQuote           // after a quote in a quoted cell
)

// record reads the next row into r.cells and r.ends, returning its bytes
// as read; raw is nil at the end or on a read error.
func (r *Reader) record() (raw []byte, blank bool, err error) {
	start := r.next
	r.line = start
	r.raw, r.cells, r.ends = r.raw[:0], r.cells[:0], r.ends[:0]
	firstEnd := -1     // where the first physical line ends in r.raw
	cell := 0          // where the current cell starts in r.cells
	qLines := 0        // line breaks inside the current quoted cell
	quotedAny := false // blank lines are not rows, but `""` is one
	state := stStart
	for {
		if !r.more() {
			if r.err != nil {
				return nil, false, fmt.Errorf("clean: %w", r.err)
			}
			if len(r.raw) == 0 {
				return nil, false, io.EOF
			}
			if state == stQuoted {
				return r.unbalanced(start, firstEnd)
			}
			if state == stUnquoted && len(r.cells) > cell && r.cells[len(r.cells)-1] == '\r' {
				r.cells = r.cells[:len(r.cells)-1]
			}
			r.next++
			r.ends = append(r.ends, len(r.cells))
			return r.raw, !quotedAny && len(r.ends) == 1 && len(r.cells) == 0, nil
		}
		buf := r.chunk
		i := r.pos
		done := false
		for i < len(buf) && !done {
			if state == stUnquoted || state == stQuoted {
				// A run of bytes that are neither the delimiter (outside
				// quotes), a quote nor a line break is copied at once, up
				// to the cell's limit (the byte over it is read one at a
				// time below).
				j, end := i, min(len(buf), i+MaxCell-(len(r.cells)-cell))
				if state == stQuoted {
					j += quotedRun(buf[i:end])
				} else {
					for comma := r.comma; j < end && buf[j] != comma && buf[j] != '"' && buf[j] != '\n'; {
						j++
					}
				}
				if j > i {
					r.cells = append(r.cells, buf[i:j]...)
					i = j
					continue
				}
			}
			c := buf[i]
			i++
			switch state {
			case stStart:
				switch c {
				case '"':
					state, qLines, quotedAny = stQuoted, 0, true
				case r.comma:
					r.ends = append(r.ends, len(r.cells))
					cell = len(r.cells)
				case '\n':
					r.ends = append(r.ends, len(r.cells))
					done = true
				default:
					r.cells = append(r.cells, c)
					state = stUnquoted
				}
			case stUnquoted:
				switch c {
				case r.comma:
					r.ends = append(r.ends, len(r.cells))
					cell, state = len(r.cells), stStart
				case '\n':
					if len(r.cells) > cell && r.cells[len(r.cells)-1] == '\r' {
						r.cells = r.cells[:len(r.cells)-1]
					}
					r.ends = append(r.ends, len(r.cells))
					done = true
				default:
					r.cells = append(r.cells, c)
				}
			case stQuoted:
				switch c {
				case '"':
					state = stQuote
				case '\n':
					if firstEnd < 0 {
						firstEnd = len(r.raw) + i - r.pos
					}
					r.next++
					qLines++
					if len(r.cells) > cell && r.cells[len(r.cells)-1] == '\r' {
						r.cells[len(r.cells)-1] = '\n'
					} else {
						r.cells = append(r.cells, '\n')
					}
					if qLines >= MaxQuotedLines {
						r.raw = append(r.raw, buf[r.pos:i]...)
						r.pos = i
						return r.unbalanced(start, firstEnd)
					}
				default:
					r.cells = append(r.cells, c)
				}
			case stQuote:
				switch c {
				case '"':
					r.cells = append(r.cells, '"')
					state = stQuoted
				case r.comma:
					r.ends = append(r.ends, len(r.cells))
					cell, state = len(r.cells), stStart
				case '\n':
					r.ends = append(r.ends, len(r.cells))
					done = true
				case '\r':
					// Dropped by the line break if one follows.
					r.cells = append(r.cells, '\r')
					state = stUnquoted
				default:
					if qLines > 0 {
						// A quote followed by text after a line break is
						// more likely the opening quote of a later row
						// than a close: the first quote was a stray one.
						r.raw = append(r.raw, buf[r.pos:i]...)
						r.pos = i
						return r.unbalanced(start, firstEnd)
					}
					r.cells = append(r.cells, '"', c)
					state = stUnquoted
				}
			}
			if len(r.cells)-cell > MaxCell {
				r.raw = append(r.raw, buf[r.pos:i]...)
				r.pos = i
				if state == stQuoted && qLines > 0 {
					return r.unbalanced(start, firstEnd)
				}
				return r.skip(start, firstEnd, fmt.Sprintf("cell longer than %d bytes (this cell and the rest of its line are not read)", MaxCell), cell)
			}
			if len(r.ends) > MaxFields {
				r.raw = append(r.raw, buf[r.pos:i]...)
				r.pos = i
				return r.skip(start, firstEnd, fmt.Sprintf("more than %d cells", MaxFields), cell)
			}
		}
		r.raw = append(r.raw, buf[r.pos:i]...)
		r.pos = i
		if done {
			r.next++
			return r.raw, !quotedAny && len(r.ends) == 1 && len(r.cells) == 0, nil
		}
		if len(r.raw) > MaxRecord {
			return r.skip(start, firstEnd, fmt.Sprintf("row longer than %d bytes", MaxRecord), cell)
		}
	}
}

// quotedRun returns how many bytes of b, in a quoted cell, come before a
// quote or a line break. (Two IndexByte scans, vectorised, cost less
// than one loop over the bytes of an address.)
func quotedRun(b []byte) int {
	n := bytes.IndexByte(b, '"')
	if n < 0 {
		n = len(b)
	}
	if k := bytes.IndexByte(b[:n], '\n'); k >= 0 {
		return k
	}
	return n
}

// unbalanced reports the row as its first physical line and pushes back
// every byte read after that line, to be read again as the next rows.
func (r *Reader) unbalanced(start, firstEnd int) ([]byte, bool, error) {
	first := r.raw
	if firstEnd >= 0 {
		first = r.raw[:firstEnd]
		rest := r.raw[firstEnd:]
		pushed := make([]byte, 0, len(rest)+len(r.chunk)-r.pos)
		pushed = append(pushed, rest...)
		pushed = append(pushed, r.chunk[r.pos:]...)
		r.chunk, r.pos, r.back = pushed, 0, true
	}
	r.next = start + 1
	line := bytes.TrimSuffix(bytes.TrimSuffix(first, []byte("\n")), []byte("\r"))
	if len(line) > MaxCell {
		line = line[:MaxCell]
	}
	r.cells, r.ends = r.cells[:0], r.ends[:0]
	for f := range bytes.SplitSeq(line, []byte{r.comma}) {
		r.cells = append(r.cells, f...)
		r.ends = append(r.ends, len(r.cells))
	}
	return first, false, &RowError{Line: start, Reason: "unbalanced quote"}
}

// skip drops the rest of the current physical line unread and reports the
// row with the cells before the one being read.
func (r *Reader) skip(start, firstEnd int, reason string, cell int) ([]byte, bool, error) {
	if firstEnd >= 0 {
		// A quote has carried the row across lines before reaching the
		// limit: a stray quote, most likely. The lines after the first are
		// read again as rows of their own, never swallowed.
		return r.unbalanced(start, firstEnd)
	}
	for {
		if r.pos >= len(r.chunk) && !r.more() {
			if r.err != nil {
				return nil, false, fmt.Errorf("clean: %w", r.err)
			}
			r.next++
			break
		}
		if j := bytes.IndexByte(r.chunk[r.pos:], '\n'); j >= 0 {
			r.pos += j + 1
			r.next++
			break
		}
		r.pos = len(r.chunk)
	}
	// The cells before the one being read, and an empty one for it.
	r.cells = r.cells[:cell]
	r.ends = append(r.ends, cell)
	raw := r.raw
	if firstEnd >= 0 {
		raw = raw[:firstEnd]
	}
	if len(raw) > MaxCell {
		raw = raw[:MaxCell]
	}
	return raw, false, &RowError{Line: start, Reason: reason}
}
