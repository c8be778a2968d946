// Package registry_test benchmarks the registry the way an application
// uses it: a generated town of a given size (testdata/gen/town/towngen,
// the sample's generator scaled up), built, queried and saved.
//
//	go test ./examples/bench/registry -run XXX -bench . -benchmem -timeout 60m
//
// Build, Save and Open take seconds, so the default benchtime runs each
// once; the queries run for the default benchtime (-benchtime 1x would
// time a single query). DIACHI_BENCH_BLOCKS sets the grid (blocks per
// side; 134 gives about 1,000,000 parcels and 1,000,000 houses, the
// default); -short uses 20.
package registry_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/internal/benchcheck"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

func blocks() int {
	if s := os.Getenv("DIACHI_BENCH_BLOCKS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 2 {
			return n
		}
	}
	if testing.Short() {
		return 20
	}
	return 134
}

// benchKey issues the IDs and seals the saved file, as an office's key.
var benchKey = []byte("benchmark office key, not secret")

var (
	once   sync.Once
	theSrc *registry.Source
	theReg *registry.Registry
	setup  error
	srcMB  float64
)

func fixture(b *testing.B) (*registry.Source, *registry.Registry) {
	once.Do(func() {
		n := blocks()
		before := heapMB()
		t0 := time.Now()
		tw, err := towngen.Generate(context.Background(), towngen.Config{Seed: 7, Cols: n, Rows: n, ParcelIDs: true})
		if err != nil {
			setup = err
			return
		}
		theSrc = tw.Source
		tw.Planted = nil
		srcMB = heapMB() - before
		fmt.Fprintf(os.Stderr, "town %d×%d blocks: %d parcels, %d buildings, %d streets (generated in %.1f s)\n",
			n, n, len(theSrc.Parcels), len(theSrc.Buildings), len(theSrc.Streets), time.Since(t0).Seconds())
		theReg, setup = registry.Build(context.Background(), theSrc, registry.Options{IDKey: benchKey})
	})
	if setup != nil {
		b.Fatal(setup)
	}
	return theSrc, theReg
}

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// BenchmarkBuild: load-to-ready for the whole town: transform from
// VN-2000, index, compute parcel IDs, number, audit, link, issue IDs.
func BenchmarkBuild(b *testing.B) {
	src, _ := fixture(b)
	base := heapMB()
	var reg *registry.Registry
	for b.Loop() {
		var err error
		reg, err = registry.Build(context.Background(), src, registry.Options{IDKey: benchKey})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(src.Parcels)), "parcels")
	b.ReportMetric(float64(len(src.Buildings)), "houses")
	b.ReportMetric(heapMB()-base, "MB-registry")
	b.ReportMetric(srcMB, "MB-source")
	runtime.KeepAlive(reg)
}

func points(reg *registry.Registry, n int) []orb.Point {
	rng := rand.New(rand.NewPCG(1, 2))
	hs := slices.Collect(reg.Houses())
	ps := make([]orb.Point, n)
	for i := range ps {
		h := hs[rng.IntN(len(hs))]
		// Near a house: within about 10 m of it.
		ps[i] = orb.Point{h.Point[0] + (rng.Float64()-0.5)*2e-4, h.Point[1] + (rng.Float64()-0.5)*2e-4}
	}
	return ps
}

// BenchmarkReverseGeocode: house, parcel, nearest street with side and
// along, commune (2025 and legacy) and postcode of a point.
func BenchmarkReverseGeocode(b *testing.B) {
	_, reg := fixture(b)
	ps := points(reg, 1<<16)
	hits, i := 0, 0
	for b.Loop() {
		if pl, err := reg.At(ps[i&(len(ps)-1)]); err == nil && pl.HasHouse {
			hits++
		}
		i++
	}
	b.ReportMetric(float64(hits)/float64(b.N), "found")
}

func BenchmarkReverseGeocodeParallel(b *testing.B) {
	_, reg := fixture(b)
	ps := points(reg, 1<<16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := rand.IntN(len(ps))
		for pb.Next() {
			_, _ = reg.At(ps[i&(len(ps)-1)])
			i++
		}
	})
}

func BenchmarkByID(b *testing.B) {
	_, reg := fixture(b)
	hs := slices.Collect(reg.Houses())
	ids := make([]address.ID, 1<<16)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range ids {
		ids[i] = hs[rng.IntN(len(hs))].ID
	}
	i := 0
	for b.Loop() {
		if _, ok := reg.ByID(ids[i&(len(ids)-1)]); !ok {
			b.Fatal("missing")
		}
		i++
	}
}

// lookupTexts is how many addresses BenchmarkLookupText goes round.
const lookupTexts = 1024

// BenchmarkLookupText: an address as written, parsed, resolved and
// matched. Every text is looked up once before timing: the parser loads
// its tables on first use.
func BenchmarkLookupText(b *testing.B) {
	_, reg := fixture(b)
	hs := slices.Collect(reg.Houses())
	texts := make([]string, lookupTexts)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range texts {
		texts[i] = address.Format(reg.Address(hs[rng.IntN(len(hs))]), address.Official)
	}
	for _, s := range texts {
		if _, _, err := reg.Lookup(s); err != nil {
			b.Fatal(err)
		}
	}
	found, i := 0, 0
	for b.Loop() {
		got, _, err := reg.Lookup(texts[i&(len(texts)-1)])
		if err != nil {
			b.Fatal(err)
		}
		if len(got) > 0 {
			found++
		}
		i++
	}
	b.ReportMetric(float64(found)/float64(b.N), "found")
}

func BenchmarkSave(b *testing.B) {
	_, reg := fixture(b)
	path := filepath.Join(b.TempDir(), "town.gpkg")
	for b.Loop() {
		if err := reg.Save(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
	if st, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "MB-file")
	}
}

// BenchmarkOpen: read a saved registry back (checked, digest and seal verified)
// and rebuild it with its stored IDs.
func BenchmarkOpen(b *testing.B) {
	_, reg := fixture(b)
	path := filepath.Join(b.TempDir(), "town.gpkg")
	if err := reg.Save(context.Background(), path); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := registry.Open(context.Background(), path, registry.Options{IDKey: benchKey}); err != nil {
			b.Fatal(err)
		}
	}
}

// savedFile is the fixture saved once, for the benchmarks that read it.
func savedFile(b *testing.B) string {
	_, reg := fixture(b)
	path := filepath.Join(b.TempDir(), "town.gpkg")
	if err := reg.Save(context.Background(), path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkOpenSaved: open a saved registry for reading in part (seal
// checked against its stored digest; the streets, communes and postal
// zones read and the streets numbered again), as 'registry at' does.
func BenchmarkOpenSaved(b *testing.B) {
	path := savedFile(b)
	for b.Loop() {
		s, err := registry.OpenSaved(context.Background(), path, registry.Options{IDKey: benchKey})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkSavedAt: reverse geocode a point of a saved registry read in
// part (the parcels and houses near it read through the R-trees), the
// answer the same as Registry.At's.
func BenchmarkSavedAt(b *testing.B) {
	_, reg := fixture(b)
	path := savedFile(b)
	s, err := registry.OpenSaved(context.Background(), path, registry.Options{IDKey: benchKey})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ps := points(reg, 1<<12)
	hits, i := 0, 0
	for b.Loop() {
		if a, err := s.At(context.Background(), ps[i&(len(ps)-1)]); err == nil && a.HasHouse {
			hits++
		}
		i++
	}
	b.ReportMetric(float64(hits)/float64(b.N), "found")
}

// TestQueryBenchmarksTimeOnlyQueries: what a query loads on first use (the
// parser's tables for a lookup by text) is loaded before timing, so a run
// of one op (-benchtime 1x) reports a query, not a load. One op against
// two: the first two texts looked up allocate alike (35 and 37 times,
// 10.7 and 8.8 KB). The town is the small one of -short.
func TestQueryBenchmarksTimeOnlyQueries(t *testing.T) {
	benchcheck.OneOffs(t, "^Benchmark(ReverseGeocode|ByID|LookupText)$", 1)
}

// BenchmarkAddHouse: one planned lot added to the built town (Add), each
// time to the town as built: the lot stands a metre east of a numbered
// house's centroid, on its street, so it is numbered by infill, without
// a rebuild. The first add on a street resumes the street's numbering
// state (its houses sorted along it as the build placed them): it is
// timed apart, before the loop, as first-add-ms.
func BenchmarkAddHouse(b *testing.B) {
	src, reg := fixture(b)
	spots := lotSpots(src, reg)
	if len(spots) < 2 {
		b.Fatal("no numbered house")
	}
	at, street := spots[0].at, spots[0].street
	at[0]++
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	lot := func(k int) registry.Feature {
		return registry.Feature{Geometry: at, Props: registry.Props{{Key: "id", Value: fmt.Sprintf("bench-lot-%d", k)},
			{Key: "street", Value: street}, {Key: "planned", Value: true}}}
	}
	// A first add on another street: what a process does once (its
	// tables made on first use) is not the add's.
	warm := spots[len(spots)-1]
	if _, err := reg.Add(ctx, registry.Change{Date: day}, registry.Feature{Geometry: orb.Point{warm.at[0] + 1, warm.at[1]},
		Props: registry.Props{{Key: "id", Value: "bench-warm"}, {Key: "street", Value: warm.street}, {Key: "planned", Value: true}}}); err != nil {
		b.Fatal(err)
	}
	runtime.GC() // the fixture's garbage is set-up, not the add's
	t0 := time.Now()
	next, err := reg.Add(ctx, registry.Change{Date: day}, lot(0))
	if err != nil {
		b.Fatal(err)
	}
	first := time.Since(t0)
	k := 0
	for b.Loop() {
		k++
		if next, err = reg.Add(ctx, registry.Change{Date: day}, lot(k)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(next.HouseCount()), "houses")
	b.ReportMetric(float64(first.Microseconds())/1000, "first-add-ms")
}

// spot is the centre of a numbered house's building and its street.
type spot struct {
	at     orb.Point
	street string
}

// lotSpots are the numbered houses' spots, in source order.
func lotSpots(src *registry.Source, reg *registry.Registry) []spot {
	var spots []spot
	for _, f := range src.Buildings {
		if h, ok := reg.BySource(f.Props.String("id")); ok && h.Number.IsValid() && f.Geometry != nil {
			if s, ok := h.Street(); ok {
				st, _ := reg.Street(s)
				spots = append(spots, spot{f.Geometry.Bound().Center(), st.ID})
			}
		}
	}
	return spots
}

// firstOn is how many streets BenchmarkAddHouseFirstOnStreet has added
// to in this process: each street is resumed once per build.
var firstOn int

// BenchmarkAddHouseFirstOnStreet: one planned lot added to the built
// town on a street no lot was added to before in the process (streets
// in a random order), so that every add resumes its street's numbering
// state: the first add on a street after a build, a street of the town
// at each op.
func BenchmarkAddHouseFirstOnStreet(b *testing.B) {
	src, reg := fixture(b)
	byStreet := map[string]spot{}
	var order []string
	for _, sp := range lotSpots(src, reg) {
		if _, ok := byStreet[sp.street]; !ok {
			byStreet[sp.street] = sp
			order = append(order, sp.street)
		}
	}
	rand.New(rand.NewPCG(2, 18)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var took []time.Duration
	runtime.GC() // the fixture's garbage is set-up, not the adds'
	for b.Loop() {
		t0 := time.Now()
		if firstOn >= len(order) {
			b.Fatal("every street added to: run fewer ops")
		}
		sp := byStreet[order[firstOn]]
		firstOn++
		lot := registry.Feature{Geometry: orb.Point{sp.at[0] + 1, sp.at[1]}, Props: registry.Props{
			{Key: "id", Value: fmt.Sprintf("first-lot-%d", firstOn)}, {Key: "street", Value: sp.street}, {Key: "planned", Value: true}}}
		if _, err := reg.Add(ctx, registry.Change{Date: day}, lot); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t0))
	}
	spread(b, took)
}

// spread reports the spread of the adds' times: most take the fast path;
// one that cannot (a street left unsettled by the build, an address
// another house of the commune has, …) rebuilds, at the cost of a build.
func spread(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(took[len(took)/2]), "median-ms")
	b.ReportMetric(ms(took[len(took)*9/10]), "p90-ms")
	b.ReportMetric(ms(took[len(took)*99/100]), "p99-ms")
	b.ReportMetric(ms(took[len(took)-1]), "max-ms")
	slow := 0
	for _, d := range took {
		if d >= 100*time.Millisecond {
			slow++
		}
	}
	b.ReportMetric(float64(slow), "adds-over-100ms")
}

// BenchmarkAddHouseChain: lots added one after the other, each to the
// registry the one before made, a metre or more east of numbered houses
// all over the town (Live's use): the houses added without a rebuild are
// laid over the build in segments merged as a binary counter (the 2^k-th
// add merges 2^k houses), and the first add on each street resumes its
// numbering state, so ns/op is what an add costs on average over a long
// run.
func BenchmarkAddHouseChain(b *testing.B) {
	src, reg := fixture(b)
	spots := lotSpots(src, reg)
	rng := rand.New(rand.NewPCG(1, 18))
	rng.Shuffle(len(spots), func(i, j int) { spots[i], spots[j] = spots[j], spots[i] })
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var took []time.Duration
	k := 0
	runtime.GC() // the fixture's garbage is set-up, not the adds'
	for b.Loop() {
		t0 := time.Now()
		sp := spots[k%len(spots)]
		at := orb.Point{sp.at[0] + 1 + float64(k/len(spots)), sp.at[1]}
		lot := registry.Feature{Geometry: at, Props: registry.Props{{Key: "id", Value: fmt.Sprintf("chain-lot-%d", k)},
			{Key: "street", Value: sp.street}, {Key: "planned", Value: true}}}
		k++
		next, err := reg.Add(ctx, registry.Change{Date: day}, lot)
		if err != nil {
			b.Fatal(err)
		}
		reg = next
		took = append(took, time.Since(t0))
	}
	b.ReportMetric(float64(reg.HouseCount()), "houses")
	spread(b, took)
}
