package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode"
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
address) and error (why a row could not be read). The output is always
comma-separated, whatever the input's delimiter.

There is one output row per input row, in the same order. A row that cannot
be read (an unbalanced quote, a cell over 64 KiB, more than 4,096 cells or
a row over 1 MiB, the wrong number of cells, invalid UTF-8, an address over
1024 bytes) is written in its place with status error: such rows are data,
not a failure of the run. The header row is not: it must be readable, within
the same limits (64 KiB a cell, 4,096 cells, 1 MiB a row) and with its
quotes balanced, or the run stops with exit status 1.

Line endings may be LF, CRLF or CR alone (old Mac exports). --out and
--summary are written under a temporary name in their directory and renamed
into place only when the whole run succeeds: a failed or interrupted run
leaves them as they were. --out may not name the input file.

Memory: the heap may reach 80 MB before a collection, then 1.5 times what
it holds, which grows with the duplicate map (about 40 MB a million
distinct addresses) and with the memo of the addresses met last (--memo
16384: 7 to 13 MB): a million rows take about 90 MB. GOGC or GOMEMLIMIT,
when set, are obeyed instead.

Exit status: 0 when the whole list was processed (error rows included;
an empty input gives an empty output, and says so on standard error),
1 when the input or output cannot be read or written, 2 for a usage error
(bad flags, a --column the header does not have, or --out or --summary
naming the input).

Flags:`

// maxWorkers bounds --workers: the pipeline keeps 4 batches a worker in
// flight, and more workers than this gain nothing on a list read by one
// goroutine.
const maxWorkers = 64

// maxDecodeLine is the longest physical line the legacy decoding holds in
// memory: a longer one cannot be part of a row the Reader accepts, so it is
// passed on as it is for the Reader to reject.
const maxDecodeLine = clean.MaxRecord + 64<<10

func runClean(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first interrupt the run winds down; a second one
		// must end the process at once, as without the handler.
		<-ctx.Done()
		stop()
	}()
	return runCleanContext(ctx, args, stdin, stdout, stderr)
}

func runCleanContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clean", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var columns columnList
	fs.Var(&columns, "column", "input column(s) holding the address, joined with \", \" in the order given; repeat the flag or separate names with commas\n(default: a column named address, dia_chi or địa chỉ, else the first column)")
	inPath := fs.String("in", "", "input file (default: standard input)")
	outPath := fs.String("out", "", "output file, comma-separated (default: standard output)")
	sumPath := fs.String("summary", "", "write a summary of the run as JSON to this file")
	unitsFlag := fs.String("units", "auto", "units the addresses are written in: auto, legacy or 2025")
	encFlag := fs.String("encoding", "auto", "input encoding: auto, utf-8, tcvn3, vni or windows-1258 (auto: guessed from the first 64 KiB)")
	delimFlag := fs.String("delimiter", "auto", "input delimiter: auto (from the header line: tab when it has a tab and no comma, ';' when it has a ';' and no comma, a header of one column: one address a line, commas and all; else comma), comma, tab, semicolon or one character")
	bom := fs.Bool("bom", false, "start the output with a UTF-8 byte order mark, for Excel")
	workers := fs.Int("workers", min(runtime.GOMAXPROCS(0), maxWorkers), fmt.Sprintf("`N` rows cleaned in parallel, 1 to %d", maxWorkers))
	memo := fs.Int("memo", clean.DefaultMemo, "`N` addresses remembered, so that an address met again is not read again (the output is the same); 0: none")
	fs.Usage = func() {
		fmt.Fprintln(stderr, cleanUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
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
	encAuto := *encFlag == "auto"
	enc := vnenc.Unknown
	if !encAuto {
		if enc, err = vnenc.ParseEncoding(*encFlag); err != nil {
			return usageErr("--encoding: %v", err)
		}
	}
	comma, err := clean.ParseDelimiter(*delimFlag)
	if err != nil {
		return usageErr("--delimiter: %v", err)
	}
	if *workers < 1 || *workers > maxWorkers {
		return usageErr("--workers must be between 1 and %d, not %d", maxWorkers, *workers)
	}
	if *memo < 0 || *memo > clean.MaxMemo {
		return usageErr("--memo must be between 0 and %d, not %d", clean.MaxMemo, *memo)
	}
	memoOpt := *memo
	if memoOpt == 0 {
		memoOpt = -1 // none
	}

	var pending []*atomicFile // outputs not yet in place, named in a failure
	fail := func(err error) int {
		var names []string
		for _, a := range pending {
			names = append(names, a.path)
		}
		if len(names) > 0 {
			fmt.Fprintf(stderr, "diachi clean: %v; %s not written\n", err, strings.Join(names, " and "))
		} else {
			fmt.Fprintf(stderr, "diachi clean: %v\n", err)
		}
		return 1
	}
	start := time.Now()
	in, inName, size := stdin, "standard input", int64(0)
	var inInfo os.FileInfo
	if *inPath != "" {
		f, err := os.Open(*inPath)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		if inInfo, err = f.Stat(); err == nil && inInfo.Mode().IsRegular() {
			size = inInfo.Size()
		}
		in, inName = f, *inPath
	} else if f, ok := stdin.(*os.File); ok {
		inInfo, _ = f.Stat() // diachi clean --out list.csv < list.csv
	}
	if inInfo != nil && inInfo.Mode().IsRegular() {
		for _, o := range []struct{ flag, path string }{{"--out", *outPath}, {"--summary", *sumPath}} {
			if o.path == "" {
				continue
			}
			if st, err := os.Stat(o.path); err == nil && os.SameFile(inInfo, st) {
				return usageErr("%s %s is the input file (%s): the input would be replaced; write to another file", o.flag, o.path, inName)
			}
		}
	}
	if *outPath != "" && *sumPath != "" && samePath(*outPath, *sumPath) {
		return usageErr("--summary %s is the --out file", *sumPath)
	}

	out := stdout
	outName := "standard output"
	var outFile, sumFile *atomicFile
	defer func() {
		outFile.abort()
		sumFile.abort()
	}()
	if *outPath != "" {
		if outFile, err = createAtomic(*outPath); err != nil {
			return fail(err)
		}
		pending = append(pending, outFile)
		out, outName = outFile.f, *outPath
	}
	if *sumPath != "" {
		if sumFile, err = createAtomic(*sumPath); err != nil {
			return fail(err)
		}
		pending = append(pending, sumFile)
	}
	readFail := func(err error) int { return fail(fmt.Errorf("reading %s: %w", inName, err)) }

	counted := &countingReader{r: in}
	br := bufio.NewReaderSize(counted, 256<<10)
	sample, err := peekContext(ctx, br, clean.SampleSize)
	if ctx.Err() != nil {
		return fail(errors.New("interrupted"))
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return readFail(err)
	}
	if len(sample) == 0 {
		// Nothing to clean is no failure, but it is said: an empty file is
		// often the wrong file.
		fmt.Fprintf(stderr, "diachi clean: %s is empty: no rows to clean\n", inName)
	}
	if bytes.IndexByte(sample, '\r') >= 0 && bytes.IndexByte(sample, '\n') < 0 {
		// Every CR of the sample is a lone one here.
		sample = bytes.ReplaceAll(sample, []byte("\r"), []byte("\n"))
		br = bufio.NewReaderSize(&lfReader{br: br}, 256<<10)
	}
	if enc == vnenc.Unknown {
		enc = clean.DetectEncoding(sample)
	}
	if comma == 0 {
		comma = clean.SniffDelimiter(sample)
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
	case ctx.Err() != nil:
		return fail(errors.New("interrupted"))
	case errors.Is(err, io.EOF):
		header = nil
	case errors.Is(err, clean.ErrRow):
		return fail(fmt.Errorf("cannot read the header of %s: %w", inName, err))
	case err != nil:
		return readFail(err)
	}
	var c *clean.Cleaner
	if header != nil {
		if c, err = clean.New(header, clean.Options{Columns: columns, Units: units, Memo: memoOpt}); err != nil {
			return usageErr("%v", err)
		}
	}

	bw := bufio.NewWriterSize(out, 256<<10)
	cw := &csvWriter{w: bw}
	if *bom {
		bw.WriteString("\uFEFF")
	}
	writeFail := func(err error) int { return fail(fmt.Errorf("writing %s: %w", outName, err)) }
	if c != nil {
		if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
			defer cleanGC()()
		}
		cw.Write(c.Header())
		p := &pipeline{rd: rd, dec: dec, c: c, hint: encAuto && enc == vnenc.UTF8}
		err := p.run(ctx, *workers, cw, &sum, newCleanProgress(stderr, counted, size))
		var we *writeError
		switch {
		case ctx.Err() != nil:
			return fail(errors.New("interrupted"))
		case errors.As(err, &we):
			return writeFail(we.err)
		case err != nil:
			return readFail(err)
		}
	}
	if err := bw.Flush(); err != nil {
		return writeFail(err)
	}
	if outFile != nil {
		if err := outFile.finish(); err != nil {
			return fail(err)
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if sumFile != nil {
		b, err := json.MarshalIndent(sum, "", "  ")
		if err != nil {
			return fail(err)
		}
		if _, err := sumFile.f.Write(append(b, '\n')); err != nil {
			return fail(fmt.Errorf("writing %s: %w", sumFile.path, err))
		}
		if err := sumFile.finish(); err != nil {
			return fail(err)
		}
	}
	// Both files are complete before either replaces the old one.
	for len(pending) > 0 {
		if err := pending[0].rename(); err != nil {
			return fail(err)
		}
		pending = pending[1:]
	}
	return 0
}

// peekContext is br.Peek(n) given up on an interrupt: standard input may
// block for as long as nobody types.
func peekContext(ctx context.Context, br *bufio.Reader, n int) ([]byte, error) {
	type peeked struct {
		b   []byte
		err error
	}
	ch := make(chan peeked, 1)
	go func() {
		b, err := br.Peek(n)
		ch <- peeked{b, err}
	}()
	select {
	case p := <-ch:
		return p.b, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// samePath reports whether two output paths name one file, existing or
// not yet.
func samePath(a, b string) bool {
	sa, ea := os.Stat(a)
	sb, eb := os.Stat(b)
	if ea == nil && eb == nil {
		return os.SameFile(sa, sb)
	}
	aa, err1 := filepath.Abs(a)
	ab, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == ab
}

// atomicFile is an output written under a temporary name in its directory
// and renamed over its path once complete, so that a failed run leaves the
// previous file, if any, as it was, and a reader of the file never sees
// half of it.
type atomicFile struct {
	path   string // as given, for messages
	dest   string // the file replaced: path with its symbolic links resolved, so that a link stays a link
	f      *os.File
	mode   os.FileMode
	direct bool // a device or a pipe, written in place: there is no file to replace
	closed bool
	done   bool
}

// createAtomic creates the temporary file at once, so that an output that
// cannot be written is reported before the input is read.
func createAtomic(path string) (*atomicFile, error) {
	a := &atomicFile{path: path, dest: path, mode: 0o644}
	if p, err := filepath.EvalSymlinks(path); err == nil {
		a.dest = p
	}
	if st, err := os.Stat(a.dest); err == nil {
		switch {
		case st.IsDir():
			return nil, fmt.Errorf("cannot write %s: it is a directory", path)
		case !st.Mode().IsRegular():
			f, err := os.OpenFile(a.dest, os.O_WRONLY, 0)
			if err != nil {
				return nil, fmt.Errorf("cannot write %s: %w", path, err)
			}
			a.f, a.direct = f, true
			return a, nil
		}
		a.mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(a.dest), "."+filepath.Base(a.dest)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	a.f = f
	return a, nil
}

// finish makes the temporary file complete and durable before it replaces
// anything.
func (a *atomicFile) finish() error {
	var err error
	if !a.direct {
		if err = a.f.Chmod(a.mode); err == nil {
			err = a.f.Sync()
		}
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	a.closed = true
	if err != nil {
		return fmt.Errorf("writing %s: %w", a.path, err)
	}
	return nil
}

func (a *atomicFile) rename() error {
	if !a.direct {
		if err := os.Rename(a.f.Name(), a.dest); err != nil {
			return fmt.Errorf("cannot write %s: %w", a.path, err)
		}
	}
	a.done = true
	return nil
}

// abort removes the temporary file of an output not put in place.
func (a *atomicFile) abort() {
	if a == nil || a.done {
		return
	}
	if !a.closed {
		a.f.Close()
	}
	if !a.direct {
		os.Remove(a.f.Name())
	}
	a.done = true
}

// lfReader turns every carriage return not followed by a line feed into a
// line feed: files saved with the old Mac line ending would otherwise be
// one long line, and every row lost.
type lfReader struct {
	br  *bufio.Reader
	err error // from the look-ahead, which bufio would not report again
}

func (r *lfReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.br.Read(p)
	for i := range n {
		if p[i] != '\r' {
			continue
		}
		if i+1 < n {
			if p[i+1] != '\n' {
				p[i] = '\n'
			}
			continue
		}
		next, perr := r.br.Peek(1)
		if len(next) == 0 || next[0] != '\n' {
			p[i] = '\n'
		}
		if perr != nil && !errors.Is(perr, io.EOF) {
			r.err = perr
		}
	}
	return n, err
}

// cleanBatch is the unit of work: rows travel in batches so that the
// channels are not the bottleneck. The cells of a batch's rows are cut
// from one string, the slices of their fields from one array.
type cleanBatch struct {
	seq   int
	items []cleanItem
	rows  []clean.Row
	// raw holds the rows' bytes as read, one after another, when the
	// encoding was guessed as UTF-8: a row found not to be gets a hint.
	raw []byte
}

type cleanItem struct {
	fields    []string
	cells     int   // how many fields, until they are cut
	err       error // a *clean.RowError
	converted bool
	raw       [2]int // where the row's bytes are in the batch's raw
}

const cleanBatchRows = 256

// cut gives each row its fields, cut from text, the cells of the batch's
// rows one after another, at ends, where each cell ends in text.
func (b *cleanBatch) cut(text string, ends []int) {
	fields := make([]string, len(ends))
	prev := 0
	for i, e := range ends {
		fields[i] = text[prev:e]
		prev = e
	}
	for i := range b.items {
		n := b.items[i].cells
		b.items[i].fields, fields = fields[:n:n], fields[n:]
	}
}

// writeError tells a failure to write the output from one to read the
// input, which the message names differently.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

// csvWriter writes records as encoding/csv's Writer does with its
// defaults (commas, LF line ends, quotes only around the fields that need
// them), straight into w: each record is made in buf, looking at each
// field once, and written in one call.
type csvWriter struct {
	w   *bufio.Writer
	buf []byte
}

// Write writes one record. Errors are those of w, which keeps the first.
func (c *csvWriter) Write(record []string) error {
	b := c.buf[:0]
	for n, f := range record {
		if n > 0 {
			b = append(b, ',')
		}
		if f == "" {
			continue // (many added cells are)
		}
		if !csvNeedsQuotes(f) {
			b = append(b, f...)
			continue
		}
		// Quoted: a quote is written twice; line breaks stay as they are.
		b = append(b, '"')
		for {
			i := strings.IndexByte(f, '"')
			if i < 0 {
				break
			}
			b = append(b, f[:i+1]...)
			b = append(b, '"')
			f = f[i+1:]
		}
		b = append(b, f...)
		b = append(b, '"')
	}
	b = append(b, '\n')
	c.buf = b
	_, err := c.w.Write(b)
	return err
}

// csvNeedsQuotes reports whether encoding/csv quotes the field: one with
// a comma, a quote or a line break, one that begins with a space, and the
// data terminator of Postgres, `\.`.
func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` {
		return true
	}
	if len(f) < 16 {
		for i := 0; i < len(f); i++ {
			if csvSpecial[f[i]] {
				return true
			}
		}
	} else if strings.IndexByte(f, ',') >= 0 || strings.IndexByte(f, '"') >= 0 || strings.IndexByte(f, '\n') >= 0 || strings.IndexByte(f, '\r') >= 0 {
		// (A long field is scanned by IndexByte, vectorised: four
		// scans cost less than one loop over its bytes.)
		return true
	}
	if c := f[0]; c < utf8.RuneSelf {
		return c == ' ' || c >= '\t' && c <= '\r' // unicode.IsSpace, for ASCII
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

// csvSpecial are the bytes that make a field quoted.
var csvSpecial = [256]bool{',': true, '"': true, '\n': true, '\r': true}

// pipeline reads rows in one goroutine, cleans them in workers and writes
// them in input order.
type pipeline struct {
	rd  *clean.Reader
	dec *decodeReader
	c   *clean.Cleaner
	// hint: the encoding was guessed as UTF-8, so a row that is not may
	// be told which encoding it reads as.
	hint bool
}

// run cleans every row. At most window batches are in flight, which bounds
// the memory whatever the order the workers finish in.
func (p *pipeline) run(ctx context.Context, workers int, cw *csvWriter, sum *clean.Summary, prog *cleanProgress) error {
	window := 4 * workers
	tokens := make(chan struct{}, window)
	jobs := make(chan *cleanBatch, workers)
	results := make(chan *cleanBatch, window) // never blocks a worker: at most window batches exist
	stop := make(chan struct{})
	var readErr error

	go func() {
		defer close(jobs)
		var text []byte // the batch's cells
		var ends []int  // where each ends in text
		rawSize := 0    // of the last batch, the next one's first guess
		for seq := 0; ; seq++ {
			b := &cleanBatch{seq: seq, items: make([]cleanItem, 0, cleanBatchRows)}
			if p.hint {
				b.raw = make([]byte, 0, rawSize+rawSize/8)
			}
			text, ends = text[:0], ends[:0]
			end := false
			for len(b.items) < cleanBatchRows {
				cells, cellEnds, raw, err := p.rd.ReadCells()
				if errors.Is(err, io.EOF) {
					end = true
					break
				}
				if err != nil && !errors.Is(err, clean.ErrRow) {
					readErr, end = err, true
					break
				}
				for _, e := range cellEnds {
					ends = append(ends, len(text)+e)
				}
				text = append(text, cells...)
				it := cleanItem{cells: len(cellEnds), err: err, converted: p.dec.converted(p.rd.Line(), p.rd.Lines())}
				if p.hint {
					it.raw[0] = len(b.raw)
					b.raw = append(b.raw, raw...)
					it.raw[1] = len(b.raw)
				}
				b.items = append(b.items, it)
			}
			rawSize = len(b.raw)
			if len(b.items) > 0 {
				b.cut(string(text), ends)
				select {
				case tokens <- struct{}{}:
				case <-stop:
					return
				case <-ctx.Done():
					return
				}
				jobs <- b
			}
			if end {
				return
			}
		}
	}()

	added := clean.AddedColumns()
	errCol := len(p.c.Header()) - len(added) + slices.Index(added, "error")
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				b.rows = make([]clean.Row, len(b.items))
				for i, it := range b.items {
					var r clean.Row
					switch {
					case it.err != nil && it.converted:
						r = p.c.BadDecoded(it.fields, it.err, p.dec.enc)
					case it.err != nil:
						r = p.c.Bad(it.fields, it.err)
					case it.converted:
						r = p.c.CleanDecoded(it.fields, p.dec.enc)
					default:
						r = p.c.Clean(it.fields)
					}
					if p.hint && r.Status == clean.StatusError {
						if raw := b.raw[it.raw[0]:it.raw[1]]; !utf8.Valid(raw) {
							r.Out[errCol] += encodingHint(raw)
						}
					}
					b.rows[i] = r
				}
				b.items, b.raw = nil, nil
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
	for {
		var b *cleanBatch
		var ok bool
		select {
		case b, ok = <-results:
		case <-ctx.Done():
			// The reader stops at its next batch; the workers finish
			// theirs into the buffered results.
			prog.done(row)
			return ctx.Err()
		}
		if !ok {
			break
		}
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
		return &writeError{werr}
	}
	return readErr
}

// decodeReader converts a legacy encoding to UTF-8 line by line, before
// the CSV is parsed (the delimiters and quotes are ASCII in every legacy
// encoding, so they come through unchanged). Lines that are valid UTF-8 are
// kept as they are: legacy Vietnamese text practically never is, and a file
// may have been put together from several exports. The check is made on
// the whole line, since a piece may end inside a character. A line that
// does not decode is kept too: its row then fails the UTF-8 check and is
// reported, rather than converted wrongly.
type decodeReader struct {
	br      *bufio.Reader
	enc     vnenc.Encoding
	buf     []byte // the output being read
	pos     int
	line    []byte // the pieces of the current line
	long    bool   // in a line over maxDecodeLine, passed on piece by piece up to its end
	err     error
	lineNo  int   // the physical line being read, from 1
	decoded []int // lines converted and not yet claimed by a row, in order
}

func (d *decodeReader) Read(p []byte) (int, error) {
	for d.pos >= len(d.buf) {
		if d.err != nil {
			return 0, d.err
		}
		d.fill()
	}
	n := copy(p, d.buf[d.pos:])
	d.pos += n
	return n, nil
}

// fill makes the next output: a whole line, converted when it is not
// UTF-8, or a piece of a line too long to be a row.
func (d *decodeReader) fill() {
	if d.lineNo == 0 {
		d.lineNo = 1
	}
	d.pos, d.buf, d.line = 0, d.buf[:0], d.line[:0]
	for {
		piece, err := d.br.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			d.err = err
		}
		ended := bytes.HasSuffix(piece, []byte("\n"))
		if d.long {
			d.buf = append(d.buf, piece...)
			if ended {
				d.long = false
				d.lineNo++
			}
			return
		}
		d.line = append(d.line, piece...)
		if ended || d.err != nil {
			break
		}
		if len(d.line) > maxDecodeLine {
			d.long = true
			d.buf, d.line = d.line, d.buf
			return
		}
	}
	if !utf8.Valid(d.line) {
		if out, derr := vnenc.AppendDecode(d.buf, d.enc, d.line); derr == nil {
			d.buf = out
			d.decoded = append(d.decoded, d.lineNo)
		}
	}
	if len(d.buf) == 0 {
		d.buf, d.line = d.line, d.buf
	}
	if bytes.HasSuffix(d.buf, []byte("\n")) {
		d.lineNo++
	}
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

// cleanGC sets the collector for a cleaning run and returns what restores
// it. A row's garbage dies at once, and the live data (the parser's tables,
// then the duplicate map, growing slowly) is mostly pointers the collector
// must scan on every cycle: with the default goal of twice the live heap it
// runs every few hundred rows and takes a quarter of the CPU. So the heap may
// grow to cleanHeapFloor before a collection, and beyond that to 1.5 times
// the live heap (the goal is raised as the duplicate map grows, checked
// every half second). A million rows stay under 100 MB; GOGC or GOMEMLIMIT
// set in the environment are obeyed instead.
func cleanGC() (restore func()) {
	oldPercent := debug.SetGCPercent(-1)
	oldLimit := debug.SetMemoryLimit(cleanHeapFloor)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(sample)
				if sample[0].Value.Kind() != metrics.KindUint64 {
					continue
				}
				if goal := int64(sample[0].Value.Uint64()) * 3 / 2; goal > cleanHeapFloor {
					debug.SetMemoryLimit(goal)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(oldLimit)
		debug.SetGCPercent(oldPercent)
	}
}

// cleanHeapFloor is the heap a cleaning run may use before collecting.
const cleanHeapFloor = 80 << 20

// encodingHint names the legacy encoding a line not valid UTF-8 reads as,
// for a file whose start was taken as UTF-8 (clean.LegacyEncoding).
func encodingHint(line []byte) string {
	if e, ok := clean.LegacyEncoding(line); ok {
		return fmt.Sprintf("; the line reads as %s: try --encoding %s", e, e)
	}
	return ""
}
