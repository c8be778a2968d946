package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
)

// keyEnv is the environment variable that may hold the office's key, as
// for the diachi command.
const keyEnv = "DIACHI_KEY"

var (
	keyFileFlag = flag.String("key-file", "", "registry: file holding the office's secret key, readable at this path on every worker (or set "+keyEnv+" on the workers)")
	demoKeyFlag = flag.Bool("demo-key", false, "registry: issue IDs with diachi's public demonstration key (trials only: anyone can compute the IDs)")
	crsFlag     = flag.String("crs", "", "registry: CRS of layers that name none (default WGS84)")
)

func init() {
	for _, t := range []any{provinceIndex{}, buildFn{}, writeIndexFn{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	beam.RegisterFunction(dupIDs)
}

// registryConfig is what the workers need of the flags. It never holds
// the key: the workers read it themselves from the file or the
// environment, so that it is not part of the pipeline sent to a runner.
type registryConfig struct {
	KeyFile string
	DemoKey bool
	CRS     string
	Out     string
}

// provinceIndex is one province's entry of the national index.
type provinceIndex struct {
	Province    string  `json:"province"` // the directory's name
	Name        string  `json:"name,omitempty"`
	File        string  `json:"file"`
	Findings    string  `json:"findings_file"`
	Partition   int     `json:"partition"` // the allocator block of its IDs (the province code)
	MinLon      float64 `json:"min_lon"`
	MinLat      float64 `json:"min_lat"`
	MaxLon      float64 `json:"max_lon"`
	MaxLat      float64 `json:"max_lat"`
	Houses      int     `json:"houses"`
	Parcels     int     `json:"parcels"`
	Streets     int     `json:"streets"`
	NFindings   int     `json:"findings"`
	NextCounter int64   `json:"next_counter"`
	Seconds     float64 `json:"build_seconds"`
	HeapMB      float64 `json:"heap_mb"` // the worker's heap after the build, registry included
}

func runRegistry(ctx context.Context, stdout io.Writer) error {
	cfg := registryConfig{KeyFile: *keyFileFlag, DemoKey: *demoKeyFlag, CRS: *crsFlag, Out: strings.TrimSuffix(*outFlag, "/")}
	if *inFlag == "" || *outFlag == "" {
		return usagef("--in and --out are required")
	}
	if cfg.CRS != "" {
		if _, err := crs.ParseCode(cfg.CRS); err != nil {
			return usagef("--crs: %v", err)
		}
	}
	// The key is checked here too, so that a missing or bad key stops the
	// run before any worker starts.
	if _, err := cfg.key(); err != nil {
		return usagef("%v", err)
	}
	dirs, err := provinceDirs(*inFlag)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	buildRegistries(s, cfg, dirs)
	if err := execute(ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d provinces built into %s (index.json, findings.csv)\n", len(dirs), cfg.Out)
	return nil
}

// provinceDirs lists the directories of in that hold layers.
func provinceDirs(in string) ([]string, error) {
	ents, err := os.ReadDir(in)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			dirs = append(dirs, filepath.Join(in, e.Name()))
		}
	}
	if len(dirs) == 0 {
		return nil, usagef("--in %s holds no province directory", in)
	}
	slices.Sort(dirs)
	return dirs, nil
}

// key reads the office's key the way the diachi command does; nil with
// DemoKey.
func (c registryConfig) key() ([]byte, error) {
	env, inEnv := os.LookupEnv(keyEnv)
	n := 0
	for _, given := range []bool{c.KeyFile != "", inEnv, c.DemoKey} {
		if given {
			n++
		}
	}
	switch {
	case n == 0:
		return nil, fmt.Errorf("no key: give the office's secret with --key-file FILE or %s (or --demo-key for a trial)", keyEnv)
	case n > 1:
		return nil, fmt.Errorf("the key is given %d ways (--key-file, %s, --demo-key): give it one way only", n, keyEnv)
	case c.DemoKey:
		return nil, nil
	}
	var key []byte
	how := keyEnv
	if c.KeyFile != "" {
		how = "--key-file " + c.KeyFile
		data, err := readLimited(c.KeyFile, address.MaxKeyFileBytes+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", how, err)
		}
		if key, err = address.ParseKeyFile(data); err != nil {
			return nil, fmt.Errorf("%s: %w", how, err)
		}
	} else {
		key = []byte(env)
	}
	if len(key) < address.MinKeyBytes {
		return nil, fmt.Errorf("%s: a key of %d bytes, at least %d needed", how, len(key), address.MinKeyBytes)
	}
	if registry.IsDemoKey(key) {
		return nil, fmt.Errorf("%s: the public demo key is not an office's key (use --demo-key for a trial)", how)
	}
	return key, nil
}

func readLimited(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}

// buildRegistries adds the registry stages to the pipeline:
//
//  1. each province directory is loaded, built and saved on a worker, as
//     'diachi registry build' does, with the IDs of the province's own
//     counter block; the worker sends on the province's index entry, its
//     findings and its address IDs;
//  2. the IDs are grouped by value across all provinces: an ID held twice
//     is reported;
//  3. the national index and findings are written, and the run fails when
//     an ID was issued twice.
func buildRegistries(s beam.Scope, cfg registryConfig, dirs []string) {
	s = s.Scope("registry")
	in := beam.Reshuffle(s, beam.CreateList(s, dirs))
	index, findings, ids := beam.ParDo3(s, &buildFn{Cfg: cfg}, in)
	dups := beam.ParDo(s, dupIDs, beam.GroupByKey(s, ids))
	grouped := beam.CoGroupByKey(s, beam.AddFixedKey(s, index), beam.AddFixedKey(s, findings), beam.AddFixedKey(s, dups))
	beam.ParDo0(s, &writeIndexFn{Out: cfg.Out}, grouped)
}

// buildFn is stage 1.
type buildFn struct {
	Cfg registryConfig
	key []byte
}

// Setup reads the key once per worker.
func (f *buildFn) Setup() error {
	k, err := f.Cfg.key()
	f.key = k
	return err
}

func (f *buildFn) ProcessElement(ctx context.Context, dir string, emitIndex func(provinceIndex), emitFindings func(string), emitID func(string, string)) error {
	var code crs.Code
	if f.Cfg.CRS != "" {
		var err error
		if code, err = crs.ParseCode(f.Cfg.CRS); err != nil {
			return err
		}
	}
	name := filepath.Base(dir)
	start := time.Now()
	src, err := registry.LoadDir(ctx, dir, code)
	if err != nil {
		return fmt.Errorf("province %s: %w", name, err)
	}
	reg, err := registry.Build(ctx, src, registry.Options{IDKey: f.key, DemoKey: f.Cfg.DemoKey})
	if err != nil {
		return fmt.Errorf("province %s: %w", name, err)
	}
	file := f.Cfg.Out + "/" + name + ".gpkg"
	if err := saveTo(ctx, reg, file); err != nil {
		return fmt.Errorf("province %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := reg.WriteFindingsCSV(&buf, finding.Vietnamese); err != nil {
		return err
	}
	ffile := f.Cfg.Out + "/" + name + ".findings.csv"
	if err := writeFile(ctx, ffile, buf.Bytes()); err != nil {
		return fmt.Errorf("province %s: %w", name, err)
	}
	emitFindings(name + "\n" + buf.String())
	e := provinceIndex{Province: name, File: name + ".gpkg", Findings: name + ".findings.csv",
		Houses: reg.HouseCount(), Parcels: reg.ParcelCount(), Streets: reg.StreetCount(), NFindings: len(reg.Findings()),
		NextCounter: int64(reg.NextCounter()), Seconds: time.Since(start).Seconds()}
	if b, ok := reg.Extent(); ok {
		e.MinLon, e.MinLat, e.MaxLon, e.MaxLat = b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	}
	for h := range reg.Houses() {
		if h.ID.IsValid() {
			emitID(h.ID.String(), name)
		}
	}
	e.Partition, e.Name = partitionOf(reg)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	e.HeapMB = float64(m.HeapAlloc) / (1 << 20)
	emitIndex(e)
	return nil
}

// saveTo saves the registry to a local path, or to a local temporary file
// copied to the path's filesystem.
func saveTo(ctx context.Context, reg *registry.Registry, path string) error {
	if isLocal(path) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return reg.Save(ctx, path)
	}
	dir, err := os.MkdirTemp("", "diachi-beam-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, filepath.Base(path))
	if err := reg.Save(ctx, tmp); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := createFile(ctx, path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, f); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// dupIDs is stage 2: an address ID held by more than one house, anywhere
// in the country.
func dupIDs(id string, provinces func(*string) bool, emit func(string)) {
	var all []string
	var p string
	for provinces(&p) {
		all = append(all, p)
	}
	if len(all) > 1 {
		slices.Sort(all)
		emit(id + " issued " + fmt.Sprint(len(all)) + " times: " + strings.Join(all, ", "))
	}
}

// nationalIndex is index.json.
type nationalIndex struct {
	Provinces []provinceIndex `json:"provinces"`
	Houses    int             `json:"houses"`
	Parcels   int             `json:"parcels"`
	Streets   int             `json:"streets"`
	Findings  int             `json:"findings"`
	// AddressIDs counts the IDs checked across all provinces;
	// IssuedTwice lists those held by more than one house (the run fails
	// when there is any).
	AddressIDs  int      `json:"address_ids"`
	IssuedTwice []string `json:"ids_issued_twice"`
	MinLon      float64  `json:"min_lon"`
	MinLat      float64  `json:"min_lat"`
	MaxLon      float64  `json:"max_lon"`
	MaxLat      float64  `json:"max_lat"`
}

// writeIndexFn is stage 3.
type writeIndexFn struct {
	Out string
}

// errIDTwice fails a run where an address ID was issued twice.
var errIDTwice = errors.New("address IDs issued twice across provinces")

func (f *writeIndexFn) ProcessElement(ctx context.Context, _ int, index func(*provinceIndex) bool, findings func(*string) bool, dups func(*string) bool) error {
	ix := nationalIndex{IssuedTwice: []string{}}
	var e provinceIndex
	for index(&e) {
		ix.Provinces = append(ix.Provinces, e)
	}
	slices.SortFunc(ix.Provinces, func(a, b provinceIndex) int { return strings.Compare(a.Province, b.Province) })
	for i, p := range ix.Provinces {
		ix.Houses += p.Houses
		ix.Parcels += p.Parcels
		ix.Streets += p.Streets
		ix.Findings += p.NFindings
		if i == 0 {
			ix.MinLon, ix.MinLat, ix.MaxLon, ix.MaxLat = p.MinLon, p.MinLat, p.MaxLon, p.MaxLat
		}
		ix.MinLon, ix.MinLat = min(ix.MinLon, p.MinLon), min(ix.MinLat, p.MinLat)
		ix.MaxLon, ix.MaxLat = max(ix.MaxLon, p.MaxLon), max(ix.MaxLat, p.MaxLat)
	}
	var d string
	for dups(&d) {
		ix.IssuedTwice = append(ix.IssuedTwice, d)
	}
	slices.Sort(ix.IssuedTwice)
	ix.AddressIDs = ix.Houses

	// The national findings: each province's, with the province first.
	byProvince := map[string]string{}
	var fcsv string
	for findings(&fcsv) {
		name, body, _ := strings.Cut(fcsv, "\n")
		byProvince[name] = body
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	wroteHeader := false
	for _, p := range ix.Provinces {
		cr := csv.NewReader(strings.NewReader(byProvince[p.Province]))
		cr.FieldsPerRecord = -1
		recs, err := cr.ReadAll()
		if err != nil {
			return fmt.Errorf("findings of %s: %w", p.Province, err)
		}
		for i, r := range recs {
			if i == 0 {
				if !wroteHeader {
					cw.Write(append([]string{"province"}, r...))
					wroteHeader = true
				}
				continue
			}
			cw.Write(append([]string{p.Province}, r...))
		}
	}
	cw.Flush()
	if err := writeFile(ctx, f.Out+"/findings.csv", buf.Bytes()); err != nil {
		return err
	}
	b, err := json.MarshalIndent(ix, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(ctx, f.Out+"/index.json", append(b, '\n')); err != nil {
		return err
	}
	if len(ix.IssuedTwice) > 0 {
		return fmt.Errorf("%w: %d, first %s", errIDTwice, len(ix.IssuedTwice), ix.IssuedTwice[0])
	}
	return nil
}

// partitionOf is the province most parcels are keyed in, whose counter
// block the build issued the IDs from (registry.Options: zero Partitions),
// and its name.
func partitionOf(reg *registry.Registry) (int, string) {
	d := admin.Load(admin.V2025)
	count := map[admin.Code]int{}
	for p := range reg.Parcels() {
		if p.Key.Commune.IsValid() {
			if u, ok := d.Province(p.Key.Commune); ok {
				count[u.Code]++
			}
		}
	}
	best, bestN := admin.Code{}, 0
	for c, n := range count {
		if n > bestN || n == bestN && c.String() < best.String() {
			best, bestN = c, n
		}
	}
	if bestN == 0 {
		return 0, ""
	}
	u, _ := d.Unit(best)
	n, _ := strconv.Atoi(best.String())
	return n, u.Name
}
