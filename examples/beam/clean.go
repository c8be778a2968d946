package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/clean"
	"github.com/diachi-vn/diachi/address/vnenc"
)

var (
	inFlag      = flag.String("in", "", "clean: CSV shards, a glob on any Beam filesystem ('in/*.csv', 'gs://b/in/*.csv'); registry: a directory of province directories")
	outFlag     = flag.String("out", "", "output directory (any Beam filesystem for clean; a local or mounted directory for registry)")
	columnsFlag = flag.String("column", "", "clean: input column(s) holding the address, comma-separated, as for 'diachi clean --column'")
	unitsFlag   = flag.String("units", "auto", "clean: units the addresses are written in: auto, legacy or 2025")
	delimFlag   = flag.String("delimiter", "auto", "clean: input delimiter: auto (from each shard's header line), comma, tab, semicolon or one ASCII character")
	encFlag     = flag.String("encoding", "auto", "clean: auto or utf-8; a shard in a legacy encoding is refused (convert it first, e.g. with 'diachi clean --encoding')")
	shardPar    = flag.Int("shard-workers", runtime.GOMAXPROCS(0), "clean: goroutines cleaning the rows of one shard on a worker")
)

func init() {
	for _, t := range []any{shard{}, shardInfo{}, firstRef{}, correction{}, cleanShardFn{}, firstsFn{}, writeShardFn{}, writeSummaryFn{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	beam.RegisterFunction(infoKey)
	beam.RegisterFunction(mergeParts)
}

// shard is one input file and its place in the national list: the rows
// are numbered across shards in this order, as if the files were one.
type shard struct {
	Index int
	Path  string
}

// shardInfo is what the first stage learnt of a shard.
type shardInfo struct {
	Index  int
	Path   string
	Rows   int
	Temp   string   // the cleaned rows, without duplicate_of, in order
	Header []string // the input header; nil for an empty shard
	// Lines counts the physical lines read, header included: the rows
	// the reader could not read name their line in the whole list.
	Lines int
}

// firstRef is the first row (1-based within its shard) of an address in
// a shard.
type firstRef struct {
	Shard, Row int
}

// correction tells a shard that an address of its rows was first seen in
// an earlier shard.
type correction struct {
	Key        int64 // the row key (clean.Row.Key) as bits
	Shard, Row int
}

// cleanConfig is what every stage needs of the flags, serialised with the
// DoFns to the workers.
type cleanConfig struct {
	Columns   []string
	Units     string
	Delimiter string
	Encoding  string
	Workers   int
	Out       string
}

func runClean(ctx context.Context, stdout io.Writer) error {
	cfg, err := cleanConfigFromFlags()
	if err != nil {
		return err
	}
	shards, err := listShards(ctx, *inFlag)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	buildClean(s, cfg, shards)
	if err := execute(ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d shards cleaned into %s\n", len(shards), cfg.Out)
	return nil
}

func cleanConfigFromFlags() (cleanConfig, error) {
	cfg := cleanConfig{Units: *unitsFlag, Delimiter: *delimFlag, Encoding: strings.ToLower(*encFlag), Workers: *shardPar, Out: strings.TrimSuffix(*outFlag, "/")}
	if *inFlag == "" || *outFlag == "" {
		return cfg, usagef("--in and --out are required")
	}
	for c := range strings.SplitSeq(*columnsFlag, ",") {
		if c = strings.TrimSpace(c); c != "" {
			cfg.Columns = append(cfg.Columns, c)
		}
	}
	if _, err := address.ParseUnitsMode(cfg.Units); err != nil {
		return cfg, usagef("--units: %v", err)
	}
	if _, err := clean.ParseDelimiter(cfg.Delimiter); err != nil {
		return cfg, usagef("--delimiter: %v", err)
	}
	if cfg.Encoding == "utf8" {
		cfg.Encoding = "utf-8"
	}
	if cfg.Encoding != "auto" && cfg.Encoding != "utf-8" {
		return cfg, usagef("--encoding: %q is not auto or utf-8 (convert a legacy encoding first)", *encFlag)
	}
	if cfg.Workers < 1 || cfg.Workers > 64 {
		return cfg, usagef("--shard-workers must be between 1 and 64, not %d", cfg.Workers)
	}
	return cfg, nil
}

// listShards expands the glob into files in name order: the order the
// rows are numbered in.
func listShards(ctx context.Context, glob string) ([]shard, error) {
	fs, err := openFS(ctx, glob)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	names, err := fs.List(ctx, glob)
	if err != nil {
		return nil, fmt.Errorf("--in %s: %w", glob, err)
	}
	if len(names) == 0 {
		return nil, usagef("--in %s matches no file", glob)
	}
	slices.Sort(names)
	out := make([]shard, len(names))
	for i, n := range names {
		out[i] = shard{Index: i, Path: n}
	}
	return out, nil
}

// buildClean adds the cleaning stages to the pipeline:
//
//  1. each shard is read and cleaned on a worker, its rows written in order
//     to a temporary file; the first row of each address in the shard is
//     sent on, keyed by province and address;
//  2. the shuffle groups an address's first rows from all shards (so the
//     addresses of a province meet on one worker): the earliest is the
//     first of the whole list, and each later shard is told;
//  3. each shard's rows are written out with duplicate_of filled in,
//     numbered as in the whole list, and counted by province;
//  4. the counts make the national summary.
func buildClean(s beam.Scope, cfg cleanConfig, shards []shard) {
	s = s.Scope("clean")
	in := beam.Reshuffle(s, beam.CreateList(s, shards))
	firsts, infos := beam.ParDo2(s, &cleanShardFn{Cfg: cfg}, in)
	corrections := beam.ParDo(s, &firstsFn{}, beam.GroupByKey(s, firsts))
	grouped := beam.CoGroupByKey(s, beam.ParDo(s, infoKey, infos), corrections)
	parts := beam.ParDo(s, &writeShardFn{Cfg: cfg, Shards: len(shards)}, grouped, beam.SideInput{Input: infos})
	merged := beam.ParDo(s, mergeParts, beam.GroupByKey(s, beam.AddFixedKey(s, parts)))
	beam.ParDo0(s, &writeSummaryFn{Out: cfg.Out, Shards: len(shards)}, merged)
}

func infoKey(in shardInfo) (int, shardInfo) { return in.Index, in }

// cleanShardFn is stage 1.
type cleanShardFn struct {
	Cfg cleanConfig
}

// Setup loads the parser's tables once per worker, before the first
// shard: every Cleaner of the process shares them.
func (f *cleanShardFn) Setup() {
	address.Parse("1 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh")
}

func (f *cleanShardFn) ProcessElement(ctx context.Context, sh shard, emitFirst func(string, firstRef), emitInfo func(shardInfo)) error {
	info, err := cleanShard(ctx, f.Cfg, sh, emitFirst)
	if err != nil {
		return fmt.Errorf("shard %s: %w", sh.Path, err)
	}
	emitInfo(info)
	return nil
}

func tempName(out string, i int) string { return fmt.Sprintf("%s/.tmp/shard-%05d.csv", out, i) }

// cleanShard reads and cleans one shard, writes its rows to the temporary
// file and sends the first row of each address on.
func cleanShard(ctx context.Context, cfg cleanConfig, sh shard, emitFirst func(string, firstRef)) (shardInfo, error) {
	info := shardInfo{Index: sh.Index, Path: sh.Path, Temp: tempName(cfg.Out, sh.Index)}
	fs, err := openFS(ctx, sh.Path)
	if err != nil {
		return info, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, sh.Path)
	if err != nil {
		return info, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 256<<10)
	sample, err := br.Peek(clean.SampleSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return info, err
	}
	if bytes.IndexByte(sample, '\r') >= 0 && bytes.IndexByte(sample, '\n') < 0 {
		return info, &inputError{"its lines end with a carriage return alone (old Mac): convert the line endings to LF or CRLF first"}
	}
	hint := false
	if cfg.Encoding == "auto" {
		if enc := clean.DetectEncoding(sample); enc != vnenc.UTF8 {
			return info, &inputError{fmt.Sprintf("it reads as %s, not UTF-8: convert it first (diachi clean --encoding %s converts while it cleans)", enc, enc)}
		}
		hint = true
	}
	comma, _ := clean.ParseDelimiter(cfg.Delimiter)
	if comma == 0 {
		comma = clean.SniffDelimiter(sample)
	}
	rd := clean.NewReader(br, comma)
	header, _, err := rd.Read()
	switch {
	case errors.Is(err, io.EOF):
		return info, writeFile(ctx, info.Temp, nil)
	case errors.Is(err, clean.ErrRow):
		return info, &inputError{fmt.Sprintf("cannot read the header: %v", err)}
	case err != nil:
		return info, err
	}
	units, _ := address.ParseUnitsMode(cfg.Units)
	c, err := clean.New(header, clean.Options{Columns: cfg.Columns, Units: units})
	if err != nil {
		return info, &inputError{err.Error()}
	}
	info.Header = header
	errCol := errorColumn(c)

	tw, err := createFile(ctx, info.Temp)
	if err != nil {
		return info, err
	}
	bw := bufio.NewWriterSize(tw, 256<<10)
	cw := csv.NewWriter(bw)
	seen := map[uint64]struct{}{}
	const batch = 4096
	items := make([]cleanItem, 0, batch)
	rows := make([]clean.Row, batch)
	rec := []string{}
	for end := false; !end; {
		items = items[:0]
		for len(items) < batch {
			fields, raw, err := rd.Read()
			if errors.Is(err, io.EOF) {
				end = true
				break
			}
			if err != nil && !errors.Is(err, clean.ErrRow) {
				tw.Close()
				return info, err
			}
			it := cleanItem{fields: fields, err: err}
			if hint && !utf8.Valid(raw) {
				it.raw = bytes.Clone(raw)
			}
			items = append(items, it)
		}
		cleanBatch(c, items, rows[:len(items)], cfg.Workers, errCol)
		for i := range items {
			r := rows[i]
			info.Rows++
			if r.Key != 0 {
				if _, dup := seen[r.Key]; !dup {
					seen[r.Key] = struct{}{}
					emitFirst(dedupKey(r.Province, r.Key), firstRef{Shard: sh.Index, Row: info.Rows})
				}
			}
			var re *clean.RowError
			if errors.As(items[i].err, &re) {
				// Written in stage 3, where the row's line in the
				// whole list is known.
				hint := ""
				if items[i].raw != nil {
					hint = encodingHint(items[i].raw)
				}
				rec = append(rec[:0], "0", "", clean.StatusError, strconv.Itoa(re.Line), re.Reason, hint)
				rec = append(rec, items[i].fields...)
			} else {
				rec = append(rec[:0], strconv.FormatUint(r.Key, 16), r.Province, r.Status, "", "", "")
				rec = append(rec, r.Out...)
			}
			cw.Write(rec)
		}
		if err := ctx.Err(); err != nil {
			tw.Close()
			return info, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		tw.Close()
		return info, err
	}
	if err := bw.Flush(); err != nil {
		tw.Close()
		return info, err
	}
	info.Lines = rd.Lines()
	return info, tw.Close()
}

// errorColumn is the index of the error column in the output.
func errorColumn(c *clean.Cleaner) int {
	added := clean.AddedColumns()
	return len(c.Header()) - len(added) + slices.Index(added, "error")
}

// tempCells is the number of cells a temporary row holds before the
// output's: the row's key, province and status, then for a row the reader
// could not read its line, reason and encoding hint.
const tempCells = 6

// dedupKey is the shuffle key of an address: its province first, so that
// the addresses of one province are grouped together.
func dedupKey(province string, key uint64) string {
	return province + "/" + strconv.FormatUint(key, 16)
}

type cleanItem struct {
	fields []string
	err    error
	raw    []byte // the row's bytes when they are not UTF-8, for a hint
}

// cleanBatch cleans the rows of a batch in parallel, each into its place.
func cleanBatch(c *clean.Cleaner, items []cleanItem, rows []clean.Row, workers, errCol int) {
	var wg sync.WaitGroup
	per := (len(items) + workers - 1) / workers
	for lo := 0; lo < len(items); lo += per {
		hi := min(lo+per, len(items))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				it := items[i]
				var r clean.Row
				if it.err != nil {
					rows[i] = clean.Row{Status: clean.StatusError} // written in stage 3
					continue
				}
				r = c.Clean(it.fields)
				if it.raw != nil && r.Status == clean.StatusError {
					r.Out[errCol] += encodingHint(it.raw)
				}
				rows[i] = r
			}
		})
	}
	wg.Wait()
}

// firstsFn is stage 2: the first rows of one address across the shards.
// The earliest is the first of the list; every other shard holding the
// address is told where it was first seen.
type firstsFn struct{}

func (f *firstsFn) ProcessElement(key string, refs func(*firstRef) bool, emit func(int, correction)) error {
	var all []firstRef
	var r firstRef
	for refs(&r) {
		all = append(all, r)
	}
	if len(all) < 2 {
		return nil
	}
	slices.SortFunc(all, func(a, b firstRef) int {
		if a.Shard != b.Shard {
			return a.Shard - b.Shard
		}
		return a.Row - b.Row
	})
	_, hex, _ := strings.Cut(key, "/")
	k, err := strconv.ParseUint(hex, 16, 64)
	if err != nil {
		return fmt.Errorf("bad shuffle key %q: %w", key, err)
	}
	for _, o := range all[1:] {
		emit(o.Shard, correction{Key: int64(k), Shard: all[0].Shard, Row: all[0].Row})
	}
	return nil
}

// provincePart counts the rows of one province (or of none: "").
type provincePart struct {
	Rows       int            `json:"rows"`
	ByStatus   map[string]int `json:"by_status"`
	Errors     int            `json:"errors"`
	Duplicates int            `json:"duplicates"`
	// Addresses counts the distinct complete addresses.
	Addresses int `json:"addresses"`
}

func (p *provincePart) add(o *provincePart) {
	p.Rows += o.Rows
	p.Errors += o.Errors
	p.Duplicates += o.Duplicates
	p.Addresses += o.Addresses
	if p.ByStatus == nil {
		p.ByStatus = map[string]int{}
	}
	for k, v := range o.ByStatus {
		p.ByStatus[k] += v
	}
}

// writeShardFn is stage 3: a shard's rows with duplicate_of, numbered as
// in the whole list, written in order.
type writeShardFn struct {
	Cfg    cleanConfig
	Shards int
}

func outName(out string, i, n int) string {
	return fmt.Sprintf("%s/cleaned-%05d-of-%05d.csv", out, i, n)
}

func (f *writeShardFn) ProcessElement(ctx context.Context, idx int, infoIt func(*shardInfo) bool, corrIt func(*correction) bool, all func(*shardInfo) bool, emit func(string)) error {
	var info shardInfo
	if !infoIt(&info) {
		return fmt.Errorf("shard %d: no record of its first stage", idx)
	}
	// start[i] is the number of rows in the shards before shard i.
	rows := make([]int, f.Shards)
	lines := make([]int, f.Shards)
	var o shardInfo
	for all(&o) {
		if o.Index < 0 || o.Index >= f.Shards {
			return fmt.Errorf("shard %d of %d", o.Index, f.Shards)
		}
		rows[o.Index] = o.Rows
		if o.Lines > 0 {
			lines[o.Index] = o.Lines - 1
		}
	}
	start := make([]int, f.Shards+1)
	for i, n := range rows {
		start[i+1] = start[i] + n
	}
	// The lines of the shards before this one, their headers left out.
	lineOffset := 0
	for _, l := range lines[:idx] {
		lineOffset += l
	}
	earlier := map[uint64]int{} // address -> its first row in the whole list
	var c correction
	for corrIt(&c) {
		if c.Shard < 0 || c.Shard >= idx {
			return fmt.Errorf("shard %d told of a first row in shard %d", idx, c.Shard)
		}
		earlier[uint64(c.Key)] = start[c.Shard] + c.Row
	}
	offset := start[idx]
	parts, err := writeShard(ctx, f.Cfg, info, offset, lineOffset, f.Shards, earlier)
	if err != nil {
		return fmt.Errorf("shard %s: %w", info.Path, err)
	}
	b, err := json.Marshal(parts)
	if err != nil {
		return err
	}
	emit(string(b))
	return nil
}

func writeShard(ctx context.Context, cfg cleanConfig, info shardInfo, offset, lineOffset, shards int, earlier map[uint64]int) (map[string]*provincePart, error) {
	parts := map[string]*provincePart{}
	name := outName(cfg.Out, info.Index, shards)
	if info.Header == nil {
		if err := writeFile(ctx, name, nil); err != nil {
			return nil, err
		}
		return parts, removeFile(ctx, info.Temp)
	}
	fs, err := openFS(ctx, info.Temp)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, info.Temp)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	units, _ := address.ParseUnitsMode(cfg.Units)
	c, err := clean.New(info.Header, clean.Options{Columns: cfg.Columns, Units: units})
	if err != nil {
		return nil, err
	}
	errCol := errorColumn(c)
	ow, err := createFile(ctx, name)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(ow, 256<<10)
	cw := csv.NewWriter(bw)
	cw.Write(c.Header())
	cr := csv.NewReader(bufio.NewReaderSize(rc, 256<<10))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	local := clean.NewDedup()
	for row := offset + 1; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ow.Close()
			return nil, fmt.Errorf("temporary file %s: %w", info.Temp, err)
		}
		if len(rec) < tempCells {
			ow.Close()
			return nil, fmt.Errorf("temporary file %s: a row of %d cells", info.Temp, len(rec))
		}
		key, err := strconv.ParseUint(rec[0], 16, 64)
		if err != nil {
			ow.Close()
			return nil, fmt.Errorf("temporary file %s: %w", info.Temp, err)
		}
		var r clean.Row
		if rec[3] != "" {
			line, err := strconv.Atoi(rec[3])
			if err != nil {
				ow.Close()
				return nil, fmt.Errorf("temporary file %s: %w", info.Temp, err)
			}
			r = c.Bad(slices.Clone(rec[tempCells:]), &clean.RowError{Line: line + lineOffset, Reason: rec[4]})
			r.Out[errCol] += rec[5]
		} else {
			if len(rec) != tempCells+len(c.Header()) {
				ow.Close()
				return nil, fmt.Errorf("temporary file %s: a row of %d cells, %d expected", info.Temp, len(rec), tempCells+len(c.Header()))
			}
			r = clean.Row{Out: rec[tempCells:], Province: rec[1], Status: rec[2], Key: key}
		}
		p := parts[r.Province]
		if p == nil {
			p = &provincePart{ByStatus: map[string]int{}}
			parts[r.Province] = p
		}
		if first, ok := earlier[key]; ok && key != 0 {
			r.SetDuplicateOf(first)
		} else if first, dup := local.Group(row, key); dup {
			r.SetDuplicateOf(first)
		} else if key != 0 {
			p.Addresses++
		}
		p.Rows++
		p.ByStatus[r.Status]++
		if r.Status == clean.StatusError {
			p.Errors++
		}
		if r.DuplicateOf() != "" {
			p.Duplicates++
		}
		cw.Write(r.Out)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		ow.Close()
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		ow.Close()
		return nil, err
	}
	if err := ow.Close(); err != nil {
		return nil, err
	}
	return parts, removeFile(ctx, info.Temp)
}

// mergeParts adds up the shards' counts by province.
func mergeParts(_ int, parts func(*string) bool) (string, error) {
	all := map[string]*provincePart{}
	var s string
	for parts(&s) {
		var m map[string]*provincePart
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			return "", err
		}
		for k, v := range m {
			if all[k] == nil {
				all[k] = &provincePart{ByStatus: map[string]int{}}
			}
			all[k].add(v)
		}
	}
	b, err := json.Marshal(all)
	return string(b), err
}

// cleanSummary is summary.json: the fields of 'diachi clean --summary'
// (but the time), and the counts of each province.
type cleanSummary struct {
	Rows        int                      `json:"rows"`
	ByStatus    map[string]int           `json:"by_status"`
	ByProvince  map[string]int           `json:"by_province"`
	Errors      int                      `json:"errors"`
	Duplicates  int                      `json:"duplicates"`
	Encoding    string                   `json:"encoding"`
	Conversions int                      `json:"conversions"`
	Shards      int                      `json:"shards"`
	Provinces   map[string]*provincePart `json:"provinces"` // "" holds the rows with no province
}

type writeSummaryFn struct {
	Out    string
	Shards int
}

func (f *writeSummaryFn) ProcessElement(ctx context.Context, merged string) error {
	var parts map[string]*provincePart
	if err := json.Unmarshal([]byte(merged), &parts); err != nil {
		return err
	}
	sum := cleanSummary{ByStatus: map[string]int{}, ByProvince: map[string]int{}, Encoding: vnenc.UTF8.String(), Shards: f.Shards, Provinces: parts}
	for _, k := range slices.Sorted(maps.Keys(parts)) {
		p := parts[k]
		sum.Rows += p.Rows
		sum.Errors += p.Errors
		sum.Duplicates += p.Duplicates
		for s, n := range p.ByStatus {
			sum.ByStatus[s] += n
		}
		if k != "" {
			sum.ByProvince[k] += p.Rows
		}
	}
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(ctx, f.Out+"/summary.json", append(b, '\n')); err != nil {
		return err
	}
	if isLocal(f.Out) {
		// Every shard's temporary file is gone by now: stage 3 removed it.
		os.Remove(f.Out + "/.tmp")
	}
	return nil
}

// inputError is a shard the pipeline refuses, with the reason.
type inputError struct{ reason string }

func (e *inputError) Error() string { return e.reason }

// encodingHint names the legacy encoding a line not valid UTF-8 reads as,
// for a file whose start was taken as UTF-8 (clean.LegacyEncoding).
func encodingHint(line []byte) string {
	if e, ok := clean.LegacyEncoding(line); ok {
		return fmt.Sprintf("; the line reads as %s: try --encoding %s", e, e)
	}
	return ""
}
