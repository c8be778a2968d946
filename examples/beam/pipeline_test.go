package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/address/vnenc"
)

// diachiBin is the diachi command, built once (when a test first needs
// it): the pipelines' results are compared with its own.
var (
	diachiOnce sync.Once
	diachiDir  string
	diachiBin  string
	diachiErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	code := m.Run()
	if diachiDir != "" {
		os.RemoveAll(diachiDir)
	}
	os.Exit(code)
}

func needDiachi(t *testing.T) {
	t.Helper()
	diachiOnce.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			return
		}
		if diachiDir, err = os.MkdirTemp("", "diachi-beam-test-"); err != nil {
			return
		}
		bin := filepath.Join(diachiDir, "diachi")
		// Built in the library's own module (two levels up), with its
		// go.sum: this module needs only the packages it imports.
		cmd := exec.Command(goBin, "build", "-o", bin, "./examples/cmd/diachi")
		cmd.Dir = filepath.Join("..", "..")
		out, err := cmd.CombinedOutput()
		if err != nil {
			diachiErr = fmt.Errorf("%v\n%s", err, out)
			return
		}
		diachiBin = bin
	})
	if diachiErr != nil {
		t.Fatalf("the diachi command to compare with does not build: %v", diachiErr)
	}
	if diachiBin == "" {
		t.Skip("no go tool on PATH to build the diachi command: nothing to compare with")
	}
}

func diachi(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(diachiBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("diachi %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

const noisySet = "../../testdata/address/noisy.tsv"

// testKey is an office key for tests.
var testKey = []byte("beam pipeline test key, not secret")

func runPrism(t *testing.T, p *beam.Pipeline) error {
	t.Helper()
	_, err := prism.Execute(context.Background(), p)
	return err
}

func testCleanConfig(out string) cleanConfig {
	return cleanConfig{Units: "auto", Delimiter: "auto", Encoding: "auto", Workers: 2, Out: out}
}

// writeShards writes the generated rows in shards, then adds a shard of
// rows that are not plain: a row 'diachi clean' cannot read, a row not in
// UTF-8, a duplicate of a row of the first shard, and a blank line.
func writeShards(t *testing.T, dir string, n, shards int) []shard {
	t.Helper()
	if err := genRows(noisySet, dir, "", n, shards); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(filepath.Join(dir, "rows-00000.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(first), "\n")
	tcvn, err := vnenc.Encode(vnenc.TCVN3, "12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh")
	if err != nil {
		t.Fatal(err)
	}
	extra := "id,address\n" + "x1,\"an unbalanced quote\n" + "x2," + string(tcvn) + "\n\n" + lines[4] + "\n" + "x3,\"14 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh\"\n"
	if err := os.WriteFile(filepath.Join(dir, "rows-99999.csv"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	shs, err := listShards(context.Background(), filepath.Join(dir, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return shs
}

// concatRows is the shards as one file: the header once, then every
// shard's rows.
func concatRows(t *testing.T, files []string) []byte {
	t.Helper()
	var all bytes.Buffer
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			_, b, _ = bytes.Cut(b, []byte("\n"))
		}
		all.Write(b)
	}
	return all.Bytes()
}

func outFiles(t *testing.T, out string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(out, "cleaned-*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// checkClean compares the pipeline's output in out with 'diachi clean' on
// the shards put together: the same rows in the same order, byte for byte,
// and the same counts.
func checkClean(t *testing.T, dir, out string, shards []shard) {
	t.Helper()
	var in []string
	for _, s := range shards {
		in = append(in, s.Path)
	}
	single := filepath.Join(dir, "single.csv")
	if err := os.WriteFile(single, concatRows(t, in), 0o644); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "want.csv")
	wantSum := filepath.Join(dir, "want.json")
	diachi(t, "clean", "--in", single, "--out", want, "--summary", wantSum)
	files := outFiles(t, out)
	if len(files) != len(shards) {
		t.Fatalf("%d output shards for %d input shards", len(files), len(shards))
	}
	got := concatRows(t, files)
	wantB, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, wantB) {
		g, w := strings.Split(string(got), "\n"), strings.Split(string(wantB), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("line %d differs from diachi clean's:\n got %s\nwant %s", i+1, g[i], w[i])
			}
		}
		t.Fatalf("%d lines, diachi clean wrote %d", len(g), len(w))
	}
	var ws, gs cleanSummary
	readJSON(t, wantSum, &ws)
	readJSON(t, filepath.Join(out, "summary.json"), &gs)
	if ws.Rows != gs.Rows || ws.Errors != gs.Errors || ws.Duplicates != gs.Duplicates ||
		!reflect.DeepEqual(ws.ByStatus, gs.ByStatus) || !reflect.DeepEqual(ws.ByProvince, gs.ByProvince) {
		t.Fatalf("summary %+v, diachi clean's %+v", gs, ws)
	}
	// The provinces' counts add up to the national ones.
	rows, dups := 0, 0
	for _, p := range gs.Provinces {
		rows += p.Rows
		dups += p.Duplicates
	}
	if rows != gs.Rows || dups != gs.Duplicates {
		t.Fatalf("provinces hold %d rows and %d duplicates, the list %d and %d", rows, dups, gs.Rows, gs.Duplicates)
	}
	if _, err := os.Stat(filepath.Join(out, ".tmp")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary shards left behind: %v", err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// crossShardDuplicates counts the rows whose first row is in an earlier
// shard: the case the shuffle exists for.
func crossShardDuplicates(t *testing.T, out string) int {
	t.Helper()
	n, before := 0, 0
	for _, f := range outFiles(t, out) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(recs[0], "duplicate_of")
		for _, r := range recs[1:] {
			if d, err := strconv.Atoi(r[col]); err == nil && d <= before {
				n++
			}
		}
		before += len(recs) - 1
	}
	return n
}

func TestCleanSameAsDiachiClean(t *testing.T) {
	needDiachi(t)
	dir := t.TempDir()
	shards := writeShards(t, filepath.Join(dir, "in"), 3000, 4)
	out := filepath.Join(dir, "out")
	p, s := beam.NewPipelineWithRoot()
	buildClean(s, testCleanConfig(out), shards)
	if err := runPrism(t, p); err != nil {
		t.Fatal(err)
	}
	checkClean(t, dir, out, shards)
	if n := crossShardDuplicates(t, out); n == 0 {
		t.Fatal("no row is a duplicate of a row in an earlier shard: the test does not exercise the shuffle")
	}
}

func TestCleanRefusesShard(t *testing.T) {
	tcvn, err := vnenc.Encode(vnenc.TCVN3, "Phường Bến Thành, Thành phố Hồ Chí Minh")
	if err != nil {
		t.Fatal(err)
	}
	var legacy bytes.Buffer
	legacy.WriteString("id,address\n")
	for i := range 20 {
		fmt.Fprintf(&legacy, "%d,%d %s\n", i, i, tcvn)
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"cr", "id,address\r1,Lê Lợi\r", "carriage return"},
		{"tcvn3", legacy.String(), "reads as tcvn3"},
		{"header", "id,\"address\n", "header"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "in.csv")
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			p, s := beam.NewPipelineWithRoot()
			buildClean(s, testCleanConfig(filepath.Join(dir, "out")), []shard{{0, path}})
			err := runPrism(t, p)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
			if files := outFiles(t, filepath.Join(dir, "out")); len(files) > 0 {
				t.Fatalf("a refused shard was written: %v", files)
			}
		})
	}
}

func writeKey(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "key")
	if err := os.WriteFile(path, append(slices.Clone(testKey), '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRegistrySameAsDiachiRegistryBuild(t *testing.T) {
	needDiachi(t)
	t.Setenv(keyEnv, "")
	os.Unsetenv(keyEnv)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := genProvinces(context.Background(), in, 3, 3, 1, true); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	keyFile := writeKey(t, dir)
	p, s := beam.NewPipelineWithRoot()
	dirs, err := provinceDirs(in)
	if err != nil {
		t.Fatal(err)
	}
	buildRegistries(s, registryConfig{KeyFile: keyFile, Out: out}, dirs)
	if err := runPrism(t, p); err != nil {
		t.Fatal(err)
	}
	var ix nationalIndex
	readJSON(t, filepath.Join(out, "index.json"), &ix)
	if len(ix.Provinces) != 3 || len(ix.IssuedTwice) != 0 || ix.AddressIDs == 0 || ix.Findings == 0 {
		t.Fatalf("index: %d provinces, %d IDs, %d issued twice, %d findings", len(ix.Provinces), ix.AddressIDs, len(ix.IssuedTwice), ix.Findings)
	}
	findingRows := 0
	for _, e := range ix.Provinces {
		single := filepath.Join(dir, e.Province+".gpkg")
		diachi(t, "registry", "build", "--in", filepath.Join(in, e.Province), "--out", single, "--key-file", keyFile)
		want := openRegistry(t, single)
		got := openRegistry(t, filepath.Join(out, e.File))
		compareRegistries(t, e.Province, got, want)
		if e.Houses != want.HouseCount() || e.Parcels != want.ParcelCount() || e.NFindings != len(want.Findings()) {
			t.Errorf("province %s: index says %d houses, %d parcels, %d findings; diachi built %d, %d, %d",
				e.Province, e.Houses, e.Parcels, e.NFindings, want.HouseCount(), want.ParcelCount(), len(want.Findings()))
		}
		if p, _ := strconv.Atoi(e.Province); p != e.Partition {
			t.Errorf("province %s: IDs from partition %d", e.Province, e.Partition)
		}
		b, ok := want.Extent()
		if !ok || b.Min[0] != e.MinLon || b.Max[1] != e.MaxLat {
			t.Errorf("province %s: bounds %v, index %v %v", e.Province, b, e.MinLon, e.MaxLat)
		}
		findingRows += len(want.Findings())
	}
	f, err := os.Open(filepath.Join(out, "findings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != findingRows || recs[0][0] != "province" {
		t.Fatalf("national findings: %d rows (header %v), the provinces have %d", len(recs)-1, recs[0], findingRows)
	}
}

func openRegistry(t *testing.T, path string) *registry.Registry {
	t.Helper()
	reg, err := registry.Open(context.Background(), path, registry.Options{IDKey: testKey})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return reg
}

func compareRegistries(t *testing.T, province string, got, want *registry.Registry) {
	t.Helper()
	type house struct {
		Source, ID, Number, Address string
	}
	list := func(r *registry.Registry) []house {
		var hs []house
		for h := range r.Houses() {
			hs = append(hs, house{h.Source, h.ID.String(), h.Number.String(), fmt.Sprint(r.Address(h))})
		}
		return hs
	}
	if g, w := list(got), list(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("province %s: the houses differ from diachi registry build's (%d and %d)", province, len(g), len(w))
	}
	if !reflect.DeepEqual(got.Findings(), want.Findings()) {
		t.Fatalf("province %s: findings differ:\n%v\n%v", province, got.Findings(), want.Findings())
	}
	if got.NextCounter() != want.NextCounter() || got.ParcelCount() != want.ParcelCount() || got.StreetCount() != want.StreetCount() {
		t.Fatalf("province %s: counts differ", province)
	}
}

// Two directories holding the same province issue the same IDs from the
// same counter block: the national check must stop the run.
func TestRegistryIDIssuedTwice(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := genProvinces(context.Background(), in, 1, 2, 1, false); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(in, "01-copy"), os.DirFS(filepath.Join(in, "01"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	p, s := beam.NewPipelineWithRoot()
	dirs, err := provinceDirs(in)
	if err != nil {
		t.Fatal(err)
	}
	buildRegistries(s, registryConfig{DemoKey: true, Out: out}, dirs)
	err = runPrism(t, p)
	if err == nil || !strings.Contains(err.Error(), errIDTwice.Error()) {
		t.Fatalf("error %v, want %q", err, errIDTwice)
	}
	var ix nationalIndex
	readJSON(t, filepath.Join(out, "index.json"), &ix)
	if len(ix.IssuedTwice) == 0 || len(ix.IssuedTwice) != ix.Provinces[0].Houses {
		t.Fatalf("%d IDs reported issued twice, %d houses in each copy", len(ix.IssuedTwice), ix.Provinces[0].Houses)
	}
	if !strings.HasSuffix(ix.IssuedTwice[0], "issued 2 times: 01, 01-copy") {
		t.Fatalf("report %q", ix.IssuedTwice[0])
	}
}

func TestRegistryKey(t *testing.T) {
	dir := t.TempDir()
	good := writeKey(t, dir)
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("too short\n"), 0o600)
	for _, c := range []struct {
		name string
		cfg  registryConfig
		env  string
		want string
	}{
		{"none", registryConfig{}, "", "no key"},
		{"two ways", registryConfig{KeyFile: good, DemoKey: true}, "", "2 ways"},
		{"file and env", registryConfig{KeyFile: good}, string(testKey), "2 ways"},
		{"short", registryConfig{KeyFile: short}, "", "at least 16"},
		{"missing", registryConfig{KeyFile: filepath.Join(dir, "nope")}, "", "no such file"},
		{"ok", registryConfig{KeyFile: good}, "", ""},
		{"env", registryConfig{}, string(testKey), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.env != "" {
				t.Setenv(keyEnv, c.env)
			} else {
				t.Setenv(keyEnv, "")
				os.Unsetenv(keyEnv)
			}
			key, err := c.cfg.key()
			if c.want == "" {
				if err != nil || !bytes.Equal(key, testKey) {
					t.Fatalf("key %q, %v", key, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), string(testKey)) {
				t.Fatal("the error shows the key")
			}
		})
	}
}

// TestJobServer submits both pipelines to a Prism job server on
// 127.0.0.1 through the portable runner, the way a pipeline reaches a
// Flink or Spark cluster's job server, with the workers in this process
// (LOOPBACK).
func TestJobServer(t *testing.T) {
	needDiachi(t)
	port := freePort(t)
	if _, err := prism.CreateJobServer(context.Background(), prism.Options{Port: port}); err != nil {
		t.Fatal(err)
	}
	endpoint := fmt.Sprintf("127.0.0.1:%d", port)
	for k, v := range map[string]string{"endpoint": endpoint, "environment_type": "LOOPBACK"} {
		old := flag.Lookup(k).Value.String()
		flag.Set(k, v)
		t.Cleanup(func() { flag.Set(k, old) })
	}
	dir := t.TempDir()
	shards := writeShards(t, filepath.Join(dir, "in"), 600, 2)
	out := filepath.Join(dir, "out")
	p, s := beam.NewPipelineWithRoot()
	buildClean(s, testCleanConfig(out), shards)
	if _, err := universal.Execute(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	checkClean(t, dir, out, shards)

	os.Unsetenv(keyEnv)
	in := filepath.Join(dir, "provinces")
	if err := genProvinces(context.Background(), in, 2, 2, 3, true); err != nil {
		t.Fatal(err)
	}
	dirs, err := provinceDirs(in)
	if err != nil {
		t.Fatal(err)
	}
	rout := filepath.Join(dir, "registry")
	p, s = beam.NewPipelineWithRoot()
	buildRegistries(s, registryConfig{KeyFile: writeKey(t, dir), Out: rout}, dirs)
	if _, err := universal.Execute(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	var ix nationalIndex
	readJSON(t, filepath.Join(rout, "index.json"), &ix)
	if len(ix.Provinces) != 2 || ix.AddressIDs == 0 {
		t.Fatalf("index: %+v", ix)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
