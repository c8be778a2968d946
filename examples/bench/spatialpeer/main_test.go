package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/fabric"
)

var testCfg = fabric.Config{Seed: 7, Parcels: 3000}

// testFiles writes n random points over the test fabric and the same
// points sorted, as the script gives them.
func testFiles(t *testing.T, n int) (points, sorted string) {
	t.Helper()
	ps := fabric.All(testCfg)
	all := ps[0].Geometry.Bound()
	for _, p := range ps {
		all = all.Union(p.Geometry.Bound())
	}
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%d;%v;%v\n", i, all.Min[0]+r.Float64()*(all.Max[0]-all.Min[0]), all.Min[1]+r.Float64()*(all.Max[1]-all.Min[1]))
	}
	dir := t.TempDir()
	points, sorted = filepath.Join(dir, "points.csv"), filepath.Join(dir, "sorted.csv")
	require.NoError(t, os.WriteFile(points, []byte(b.String()), 0o644))
	f, err := os.Create(sorted)
	require.NoError(t, err)
	require.NoError(t, writeSorted(points, f))
	require.NoError(t, f.Close())
	return points, sorted
}

func testPeer(t *testing.T) *peer {
	t.Helper()
	points, sorted := testFiles(t, 2000)
	pts, err := readPoints(points)
	require.NoError(t, err)
	spts, err := readPoints(sorted)
	require.NoError(t, err)
	p, err := newPeer(testCfg, pts, spts, 500)
	require.NoError(t, err)
	return p
}

// TestTimedPartsAreQueriesOnly: the first call of every timed part, on a
// fresh peer, allocates nothing of its own, as the queries themselves do:
// no search tree or grid is left to be built by the first query inside a
// timing (at this size the street tree's build allocates 9 times and tens
// of kilobytes). The runtime allocates a little now and then on its own,
// more on a busy machine: each part is tried on up to three fresh peers,
// and fails only if its first call allocates every time (a lazy build
// does, on every fresh peer).
func TestTimedPartsAreQueriesOnly(t *testing.T) {
	parts := []struct {
		name string
		f    func(p *peer)
	}{
		{"nearest street, batch", func(p *peer) { p.nearest(p.pts[:p.knn]) }},
		{"nearest street, one at a time", func(p *peer) { p.singleNearest(p.knn) }},
		{"join, file order", func(p *peer) { p.join(p.pts) }},
		{"join, sorted", func(p *peer) { p.join(p.sorted) }},
		{"lookups one at a time", func(p *peer) { p.single(len(p.pts)) }},
	}
	for _, part := range parts {
		var seen []string
		for range 3 {
			p := testPeer(t)
			var a, b runtime.MemStats
			runtime.GC() // a collection starting inside f would allocate for itself
			runtime.ReadMemStats(&a)
			part.f(p)
			runtime.ReadMemStats(&b)
			n, bytes := b.Mallocs-a.Mallocs, b.TotalAlloc-a.TotalAlloc
			if n <= 2 && bytes <= 4096 {
				seen = nil
				break
			}
			seen = append(seen, fmt.Sprintf("%d allocations, %d B", n, bytes))
		}
		assert.Empty(t, seen, "%s: the first call allocated on every fresh peer", part.name)
	}
}

func TestServe(t *testing.T) {
	p := testPeer(t)
	var out strings.Builder
	w := bufio.NewWriter(&out)
	p.report(w)
	require.NoError(t, p.serve(strings.NewReader("round\n\nbogus\n"), w))
	replies := strings.Split(strings.TrimSuffix(out.String(), "end\n"), "end\n")
	require.Len(t, replies, 3, out.String())
	assert.Contains(t, replies[0], "diachi.parcels 3000\n")
	assert.Contains(t, replies[0], "diachi.street_tree_s ")
	got := map[string]string{}
	for l := range strings.Lines(replies[1]) {
		k, v, _ := strings.Cut(strings.TrimSpace(l), " ")
		got[k] = v
	}
	for _, k := range []string{"build_s", "join_us_per_point", "join_sorted_us_per_point", "single_us", "knn_us_per_point", "single_knn_us"} {
		assert.Contains(t, got, "diachi."+k)
	}
	assert.Equal(t, got["diachi.join_hits"], got["diachi.join_sorted_hits"], "the same points in another order")
	assert.Equal(t, "500 of 500", got["diachi.knn_found"])
	assert.Equal(t, "error unknown command \"bogus\"\n", replies[2])
}

func TestWriteSorted(t *testing.T) {
	points, sorted := testFiles(t, 500)
	a, err := os.ReadFile(points)
	require.NoError(t, err)
	b, err := os.ReadFile(sorted)
	require.NoError(t, err)
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	assert.NotEqual(t, la, lb)
	slices.Sort(la)
	slices.Sort(lb)
	assert.Equal(t, la, lb, "the same lines, reordered")
}

func TestBadPoints(t *testing.T) {
	for _, s := range []string{"1;106.7", "x;106.7;10.7", "1;106.7;91", "1;NaN;10", "1;106.7;1e309"} {
		_, err := parsePoint(s)
		assert.Error(t, err, s)
	}
	_, err := newPeer(testCfg, []orb.Point{{106.6, 10.7}}, nil, 1)
	assert.Error(t, err)
}

func FuzzParsePoint(f *testing.F) {
	f.Add("0;106.60011670544037;10.70224581502585")
	f.Add("1;-180;90")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := parsePoint(s)
		if err != nil {
			return
		}
		if !(q[0] >= -180 && q[0] <= 180 && q[1] >= -90 && q[1] <= 90) {
			t.Fatalf("%q read as %v", s, q)
		}
	})
}
