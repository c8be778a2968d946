package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/clean"
	"github.com/diachi-vn/diachi/address/vnenc"
)

// columnList is a repeatable flag of comma-separated names.
type columnList []string

func (c *columnList) String() string { return strings.Join(*c, ",") }

func (c *columnList) Set(s string) error {
	for name := range strings.SplitSeq(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			*c = append(*c, name)
		}
	}
	return nil
}

const cleanUsage = `usage: diachi clean [flags] [--in list.csv] [--out cleaned.csv]

Cleans a whole address list (CSV or TSV, with a header row): every row is
written back with its columns unchanged, followed by the address read into
its parts (house_number, street_type, street_name, commune_code, commune,
district_code, district, province_code, province), units_version, the
official 2025 form, the legacy form, the postcode, status (ok, implied,
ambiguous, partial, unknown, or error), confidence, the candidates of an
ambiguous address, the repairs made while reading, the remainder not
understood, duplicate_of (the data row number of the first row with the same
address) and error (why a row could not be read).

There is one output row per input row, in the same order. A row that cannot
be read (an unbalanced quote, a cell over 64 KiB, the wrong number of cells,
invalid UTF-8, an address over 1024 bytes) is written in its place with
status error: such rows are data, not a failure of the run.

Exit status: 0 when the whole list was processed (error rows included),
1 when the input or output cannot be read or written, 2 for a usage error
(bad flags, or a --column the header does not have).

Flags:`

func runClean(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var columns columnList
	fs.Var(&columns, "column", "input column(s) holding the address, joined with \", \" in the order given; repeat the flag or separate names with commas\n(default: a column named address, dia_chi or địa chỉ, else the first column)")
	inPath := fs.String("in", "", "input file (default: standard input)")
	outPath := fs.String("out", "", "output file (default: standard output)")
	sumPath := fs.String("summary", "", "write a summary of the run as JSON to this file")
	unitsFlag := fs.String("units", "auto", "units the addresses are written in: auto, legacy or 2025")
	encFlag := fs.String("encoding", "auto", "input encoding: auto, utf-8, tcvn3, vni or windows-1258 (auto: guessed from the first 64 KiB)")
	delimFlag := fs.String("delimiter", "auto", "input delimiter: auto (tab when the header has a tab and no comma, else comma), comma, tab, semicolon or one character")
	bom := fs.Bool("bom", false, "start the output with a UTF-8 byte order mark, for Excel")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "rows cleaned in parallel")
	fs.Usage = func() {
		fmt.Fprintln(stderr, cleanUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "diachi clean: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	units, err := address.ParseUnitsMode(*unitsFlag)
	if err != nil {
		return usageErr("--units: %v", err)
	}
	enc := vnenc.Unknown
	if *encFlag != "auto" {
		if enc, err = vnenc.ParseEncoding(*encFlag); err != nil {
			return usageErr("--encoding: %v", err)
		}
	}
	comma, err := parseDelimiter(*delimFlag)
	if err != nil {
		return usageErr("--delimiter: %v", err)
	}
	if *workers < 1 {
		return usageErr("--workers must be at least 1")
	}

	fail := func(err error) int {
		fmt.Fprintf(stderr, "diachi clean: %v\n", err)
		return 1
	}
	start := time.Now()
	in, size := stdin, int64(0)
	if *inPath != "" {
		f, err := os.Open(*inPath)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		in = f
	}
	counted := &countingReader{r: in}
	br := bufio.NewReaderSize(counted, 256<<10)
	sample, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return fail(err)
	}
	if enc == vnenc.Unknown {
		enc = detectEncoding(sample)
	}
	if comma == 0 {
		header, _, _ := bytes.Cut(sample, []byte("\n"))
		comma = ','
		if bytes.IndexByte(header, '\t') >= 0 && bytes.IndexByte(header, ',') < 0 {
			comma = '\t'
		}
	}
	var src io.Reader = br
	var dec *decodeReader
	if enc != vnenc.UTF8 {
		dec = &decodeReader{br: br, enc: enc}
		src = dec
	}
	rd := clean.NewReader(src, comma)

	sum := clean.Summary{Encoding: enc.String(), ByStatus: map[string]int{}, ByProvince: map[string]int{}}
	header, _, err := rd.Read()
	switch {
	case errors.Is(err, io.EOF):
		header = nil
	case err != nil:
		return fail(fmt.Errorf("cannot read the header: %w", err))
	}
	var c *clean.Cleaner
	if header != nil {
		if c, err = clean.New(header, clean.Options{Columns: columns, Units: units}); err != nil {
			return usageErr("%v", err)
		}
	}

	out := stdout
	var outFile *os.File
	if *outPath != "" {
		if outFile, err = os.Create(*outPath); err != nil {
			return fail(err)
		}
		defer outFile.Close()
		out = outFile
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	cw := csv.NewWriter(bw)
	if *bom {
		bw.WriteString("\uFEFF")
	}
	if c != nil {
		if os.Getenv("GOGC") == "" {
			// The duplicate map is the only large live data and grows
			// slowly, while each row's garbage dies at once: a heap goal
			// of 1.5× the live heap instead of 2× keeps a million rows
			// under 100 MB for about 2% more CPU.
			defer debug.SetGCPercent(debug.SetGCPercent(50))
		}
		cw.Write(c.Header())
		if err := runPipeline(rd, dec, c, *workers, cw, &sum, newCleanProgress(stderr, counted, size)); err != nil {
			return fail(err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	if outFile != nil {
		if err := outFile.Close(); err != nil {
			return fail(err)
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if *sumPath != "" {
		b, err := json.MarshalIndent(sum, "", "  ")
		if err != nil {
			return fail(err)
		}
		if err := os.WriteFile(*sumPath, append(b, '\n'), 0o644); err != nil {
			return fail(err)
		}
	}
	return 0
}

func parseDelimiter(s string) (rune, error) {
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

// cleanBatch is the unit of work: rows travel in batches so that the
// channels are not the bottleneck.
type cleanBatch struct {
	seq   int
	items []cleanItem
	rows  []clean.Row
}

type cleanItem struct {
	fields    []string
	err       error // a *clean.RowError
	converted bool
}

const cleanBatchRows = 256

// runPipeline reads rows in one goroutine, cleans them in workers and
// writes them here in input order. At most window batches are in flight,
// which bounds the memory whatever the order the workers finish in.
func runPipeline(rd *clean.Reader, dec *decodeReader, c *clean.Cleaner, workers int, cw *csv.Writer, sum *clean.Summary, prog *cleanProgress) error {
	window := 4 * workers
	tokens := make(chan struct{}, window)
	jobs := make(chan *cleanBatch, workers)
	results := make(chan *cleanBatch, window) // never blocks a worker: at most window batches exist
	stop := make(chan struct{})
	var readErr error

	go func() {
		defer close(jobs)
		for seq := 0; ; seq++ {
			b := &cleanBatch{seq: seq, items: make([]cleanItem, 0, cleanBatchRows)}
			end := false
			for len(b.items) < cleanBatchRows {
				f, _, err := rd.Read()
				if errors.Is(err, io.EOF) {
					end = true
					break
				}
				if err != nil && !errors.Is(err, clean.ErrRow) {
					readErr, end = err, true
					break
				}
				b.items = append(b.items, cleanItem{fields: f, err: err, converted: dec.converted(rd.Line(), rd.Lines())})
			}
			if len(b.items) > 0 {
				select {
				case tokens <- struct{}{}:
				case <-stop:
					return
				}
				jobs <- b
			}
			if end {
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				b.rows = make([]clean.Row, len(b.items))
				for i, it := range b.items {
					switch {
					case it.err != nil:
						b.rows[i] = c.Bad(it.fields, it.err)
					case it.converted:
						b.rows[i] = c.CleanDecoded(it.fields, dec.enc)
					default:
						b.rows[i] = c.Clean(it.fields)
					}
				}
				b.items = nil
				results <- b
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	dd := clean.NewDedup()
	pending := map[int]*cleanBatch{}
	next, row := 0, 0
	var werr error
	for b := range results {
		if werr != nil {
			continue // drain so that the workers finish
		}
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for _, r := range nb.rows {
				row++
				if first, dup := dd.Group(row, r.Key); dup {
					r.SetDuplicateOf(first)
				}
				sum.Add(r)
				if err := cw.Write(r.Out); err != nil {
					werr = err
					break
				}
			}
			if werr != nil {
				close(stop)
				break
			}
			<-tokens
			prog.update(row)
		}
	}
	prog.done(row)
	if werr != nil {
		return werr
	}
	return readErr
}

// detectEncoding guesses the encoding of a file from its start. A line that
// is valid UTF-8 with non-ASCII letters is practically never legacy text, so
// when such lines are at least as many as the lines that are not UTF-8, the
// file is UTF-8 with some bad lines (reported as error rows) rather than a
// legacy file.
func detectEncoding(sample []byte) vnenc.Encoding {
	if i := bytes.LastIndexByte(sample, '\n'); i >= 0 && len(sample) == 64<<10 {
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

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// decodeReader converts a legacy encoding to UTF-8 line by line, before
// the CSV is parsed (the delimiters and quotes are ASCII in every legacy
// encoding, so they come through unchanged). Lines that are valid UTF-8 are
// kept as they are: legacy Vietnamese text practically never is, and a file
// may have been put together from several exports. A line that does not
// decode is kept too: its row then fails the UTF-8 check and is reported,
// rather than converted wrongly.
type decodeReader struct {
	br      *bufio.Reader
	enc     vnenc.Encoding
	buf     []byte
	pos     int
	err     error
	line    int   // the physical line being read, from 1
	decoded []int // lines converted and not yet claimed by a row, in order
}

func (d *decodeReader) Read(p []byte) (int, error) {
	for d.pos >= len(d.buf) {
		if d.err != nil {
			return 0, d.err
		}
		chunk, err := d.br.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			d.err = err
		}
		if d.line == 0 {
			d.line = 1
		}
		d.pos = 0
		d.buf = d.buf[:0]
		if hasNonASCII(chunk) && !utf8.Valid(chunk) {
			if out, derr := vnenc.AppendDecode(d.buf, d.enc, chunk); derr == nil {
				d.buf = out
				if n := len(d.decoded); n == 0 || d.decoded[n-1] != d.line {
					d.decoded = append(d.decoded, d.line)
				}
			}
		}
		if len(d.buf) == 0 {
			d.buf = append(d.buf, chunk...)
		}
		if bytes.HasSuffix(chunk, []byte("\n")) {
			d.line++
		}
	}
	n := copy(p, d.buf[d.pos:])
	d.pos += n
	return n, nil
}

// converted reports whether any of the physical lines [first, last] was
// converted, forgetting the lines before first: rows come in order.
func (d *decodeReader) converted(first, last int) bool {
	if d == nil {
		return false
	}
	i := 0
	for i < len(d.decoded) && d.decoded[i] < first {
		i++
	}
	d.decoded = d.decoded[i:]
	return len(d.decoded) > 0 && d.decoded[0] <= last
}

// countingReader counts the bytes read, for the progress shown while the
// rows are read in another goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// cleanProgress shows rows, rate and time left on a terminal, and nothing
// otherwise (a log file gains nothing from carriage returns).
type cleanProgress struct {
	w     io.Writer
	tty   bool
	in    *countingReader
	size  int64
	start time.Time
	last  time.Time
}

func newCleanProgress(w io.Writer, in *countingReader, size int64) *cleanProgress {
	p := &cleanProgress{w: w, in: in, size: size, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *cleanProgress) update(rows int) {
	if !p.tty {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 500*time.Millisecond {
		return
	}
	p.last = now
	p.print(rows, now)
}

func (p *cleanProgress) print(rows int, now time.Time) {
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(rows) / el
	}
	left := ""
	if read := p.in.n.Load(); p.size > 0 && read > 0 && el > 0 {
		frac := min(float64(read)/float64(p.size), 1)
		left = "  " + time.Duration(el*(1-frac)/frac*float64(time.Second)).Round(time.Second).String() + " left"
	}
	fmt.Fprintf(p.w, "\r%10d rows  %8.0f rows/s%s   ", rows, rate, left)
}

func (p *cleanProgress) done(rows int) {
	if p.tty && !p.last.IsZero() {
		p.print(rows, time.Now())
		fmt.Fprintln(p.w)
	}
}
