// Package benchcheck lets a package's tests check that its benchmarks
// time only the operation they name. A benchmark that builds a tree or
// loads a table on its first timed op (a search tree built by the first
// query, a gazetteer loaded by the first parse) reports that one-off work
// spread over its ops: a single op of it can take seconds, and an average
// over a short run is inflated by however much the build cost.
//
// [OneOffs] runs a benchmark of the test binary in fresh processes (so
// nothing is loaded yet) for n and for 2n ops and compares the memory the
// timed loops allocated: the ops' share doubles, a one-off's does not, so
// 2·total(n) − total(2n) is what the loop did once. Allocation is the
// measure because, unlike time, it does not depend on how busy the machine
// is; every build and load worth speaking of allocates.
package benchcheck

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Slack is how many bytes a timed loop may allocate once without being
// reported: the runtime allocates a little now and then on its own (the
// first collection of a process starts its workers, a few allocations
// that may fall in any op), a build allocates far more. Bytes, not the
// count of allocations, are compared for that reason.
const Slack = 64 << 10

// Result is one benchmark's line of output.
type Result struct {
	Name        string
	N           int64 // ops timed
	BytesPerOp  int64
	AllocsPerOp int64
}

// OneOffs fails t for every benchmark matching pattern (a -test.bench
// pattern) whose timed loop does work once that its ops do not repeat.
// n is the ops of the first run: 1 for a benchmark that repeats one
// input, the length of the cycle for one that goes round a set of inputs
// (a whole number of cycles then makes the ops alike). The benchmarks run
// with -test.short, so they may shrink their data for the check.
//
// Under the race detector the check is skipped: sync.Pool then drops
// what it is given at random, so what a loop allocates no longer tells
// work done once from work each op does. The plain test run checks it.
func OneOffs(t *testing.T, pattern string, n int64) {
	t.Helper()
	if raceEnabled {
		t.Skip("built with -race: sync.Pool drops items at random, so allocation counts cannot tell set-up from work (checked without -race)")
	}
	// A build or a load shows in every fresh process; a pool refilled
	// after a collection that happened to fall in the loop does not. A
	// benchmark is reported when its one-off shows in each of three tries.
	var report []string
	for try := 0; try < 3; try++ {
		report = report[:0]
		one, err := Run(pattern, n)
		if err != nil {
			t.Fatal(err)
		}
		two, err := Run(pattern, 2*n)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]Result{}
		for _, r := range two {
			byName[r.Name] = r
		}
		for _, a := range one {
			b, ok := byName[a.Name]
			if !ok {
				t.Fatalf("%s: ran for %d ops but not for %d", a.Name, n, 2*n)
			}
			// Per-op figures are printed truncated to whole numbers: each
			// total is known to within its op count.
			onceBytes := 2*a.BytesPerOp*a.N - b.BytesPerOp*b.N
			onceAllocs := 2*a.AllocsPerOp*a.N - b.AllocsPerOp*b.N
			if onceBytes > Slack+2*a.N {
				report = append(report, fmt.Sprintf("%s times work done once: %d ops allocate %d B in %d allocs, %d ops %d B in %d allocs, so about %d B in %d allocs once (set-up or a lazy build inside the timed loop)",
					a.Name, a.N, a.BytesPerOp*a.N, a.AllocsPerOp*a.N, b.N, b.BytesPerOp*b.N, b.AllocsPerOp*b.N, onceBytes, onceAllocs))
			}
		}
		if len(report) == 0 {
			return
		}
	}
	for _, r := range report {
		t.Error(r)
	}
}

// Run runs the benchmarks matching pattern for exactly n ops each in a
// fresh process of the running test binary, with -test.short and
// -test.benchmem, and returns their results.
func Run(pattern string, n int64) ([]Result, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench="+pattern,
		"-test.benchtime="+strconv.FormatInt(n, 10)+"x", "-test.benchmem", "-test.short",
		"-test.count=1", "-test.timeout=5m")
	// What a benchmark writes to stderr would land inside its result line:
	// read stdout alone.
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("benchcheck: %s at %dx: %v\n%s%s", pattern, n, err, out.Bytes(), errs.Bytes())
	}
	rs, err := Parse(out.String())
	if err != nil {
		return nil, fmt.Errorf("benchcheck: %s at %dx: %v\n%s", pattern, n, err, out.Bytes())
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("benchcheck: no benchmark matches %s\n%s%s", pattern, out.Bytes(), errs.Bytes())
	}
	return rs, nil
}

// Parse reads the result lines of go test's benchmark output (a name, the
// op count, then value-unit pairs); lines of other output are skipped. A
// result line without B/op or allocs/op (a run without -benchmem) is an
// error.
func Parse(out string) ([]Result, error) {
	var rs []Result
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || n <= 0 {
			continue
		}
		r := Result{Name: f[0], N: n, BytesPerOp: -1, AllocsPerOp: -1}
		for i := 2; i+1 < len(f); i += 2 {
			var v *int64
			switch f[i+1] {
			case "B/op":
				v = &r.BytesPerOp
			case "allocs/op":
				v = &r.AllocsPerOp
			default:
				continue
			}
			u, err := strconv.ParseUint(f[i], 10, 63)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a whole %s", r.Name, f[i], f[i+1])
			}
			*v = int64(u)
		}
		if r.BytesPerOp < 0 || r.AllocsPerOp < 0 {
			return nil, fmt.Errorf("%s: no B/op and allocs/op in %q", r.Name, strings.TrimSpace(line))
		}
		rs = append(rs, r)
	}
	return rs, nil
}
