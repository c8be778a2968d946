package registry

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// fastDay0 is the day the town of these tests is built on.
var fastDay0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fastTown builds the sample town on a fixed day.
func fastTown(t testing.TB) *Registry {
	t.Helper()
	ctx := context.Background()
	src, err := LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	require.NoError(t, err)
	reg, err := Build(ctx, src, Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }})
	require.NoError(t, err)
	return reg
}

// saveDigest is the content digest of what Save writes: every row of
// every layer (the ledger's tables included) and the metadata.
func saveDigest(t *testing.T, r *Registry) []byte {
	t.Helper()
	_, layers, meta, err := r.saveParts()
	require.NoError(t, err)
	h := gpkg.NewHasher()
	for i := range layers {
		l := &layers[i]
		h.Layer(l)
		n := len(l.Features)
		if l.Row != nil {
			n = l.Count
		}
		for k := range n {
			var gf gpkg.Feature
			if l.Row != nil {
				gf, err = l.Row(k)
				require.NoError(t, err)
			} else {
				gf = l.Features[k]
			}
			require.NoError(t, h.Feature(l, k, gf))
		}
	}
	return h.Sum(meta)
}

// sameAnswers requires two registries to answer alike: every house (all
// its fields), the findings, the ledger and history, the next counter
// and extent, At around every house and at random points, Lookup by
// every address, TraceID, TraceNumber, AsOf and the saved rows.
func sameAnswers(t *testing.T, what string, a, b *Registry, rng *rand.Rand, save bool) {
	t.Helper()
	require.Equal(t, a.HouseCount(), b.HouseCount(), what)
	for i := range a.HouseCount() {
		require.Equal(t, *a.house(i), *b.house(i), what)
		ea, oka := a.ledger.House(a.house(i).Source)
		eb, okb := b.ledger.House(b.house(i).Source)
		require.Equal(t, oka, okb, what)
		require.Equal(t, ea, eb, what)
	}
	require.Equal(t, a.Findings(), b.Findings(), what)
	require.Equal(t, a.History(), b.History(), what)
	require.Equal(t, a.ledger.Retired(), b.ledger.Retired(), what)
	require.Equal(t, a.ledger.alleys, b.ledger.alleys, what)
	require.Equal(t, a.ledger.next, b.ledger.next, what)
	require.Equal(t, a.nextCounter, b.nextCounter, what)
	require.Equal(t, a.extent, b.extent, what)
	require.Equal(t, a.reach, b.reach, what)
	require.Equal(t, a.sealed, b.sealed, what)
	require.Equal(t, a.demo, b.demo, what)
	require.Equal(t, a.Source().Buildings, b.Source().Buildings, what)
	require.Equal(t, slices.Collect(a.Streets()), slices.Collect(b.Streets()), what)
	at := func(p orb.Point) {
		pa, ea := a.At(p)
		pb, eb := b.At(p)
		require.Equal(t, ea, eb, what)
		require.Equal(t, pa, pb, "%s: At %v", what, p)
	}
	ext := a.extent
	for i := range a.HouseCount() {
		h := a.house(i)
		if h.Point == (orb.Point{}) {
			continue
		}
		at(h.Point)
		at(orb.Point{h.Point[0] + 0.0002*(rng.Float64()-0.5), h.Point[1] + 0.0002*(rng.Float64()-0.5)})
		if h.Number.IsValid() {
			text := address.Format(a.Address(*h), address.Official)
			la, _, erra := a.Lookup(text)
			lb, _, errb := b.Lookup(text)
			require.Equal(t, erra, errb, what)
			require.Equal(t, la, lb, "%s: Lookup %q", what, text)
			st, _ := a.Street(h.street)
			ta, oka := a.TraceNumber(st.ID, h.Number)
			tb, okb := b.TraceNumber(st.ID, h.Number)
			require.Equal(t, oka, okb, what)
			require.Equal(t, ta, tb, what)
		}
		if h.ID.IsValid() {
			ta, oka := a.TraceID(h.ID)
			tb, okb := b.TraceID(h.ID)
			require.Equal(t, oka, okb, what)
			require.Equal(t, ta, tb, what)
		}
	}
	for range 200 {
		at(orb.Point{ext.Min[0] + rng.Float64()*(ext.Max[0]-ext.Min[0]), ext.Min[1] + rng.Float64()*(ext.Max[1]-ext.Min[1])})
	}
	for _, rt := range a.ledger.retired {
		ta, oka := a.TraceID(rt.ID)
		tb, okb := b.TraceID(rt.ID)
		require.Equal(t, oka, okb, what)
		require.Equal(t, ta, tb, what)
	}
	for _, d := range []time.Time{fastDay0, fastDay0.AddDate(0, 0, 3), fastDay0.AddDate(0, 0, 30), fastDay0.AddDate(1, 0, 0)} {
		pa, pb := a.AsOf(d), b.AsOf(d)
		require.Equal(t, pa.houses, pb.houses, what)
		require.Equal(t, pa.byID, pb.byID, what)
	}
	for _, pk := range []int{0, len(a.parcels) / 2, len(a.parcels) - 1} {
		if pk < 0 {
			continue
		}
		p := a.parcels[pk]
		_, ha, _ := a.ByParcelKey(p.Key)
		_, hb, _ := b.ByParcelKey(p.Key)
		require.Equal(t, ha, hb, what)
	}
	if save {
		require.Equal(t, saveDigest(t, a), saveDigest(t, b), "%s: saved rows", what)
	}
}

// randomLot is a new building or planned lot near a random numbered
// house of r (in the source CRS, metres): a point or a small footprint,
// naming its street or not.
func randomLot(rng *rand.Rand, r *Registry, id string) Feature {
	src := r.source()
	var cands []int
	for i := range r.HouseCount() {
		if r.house(i).Number.IsValid() {
			cands = append(cands, i)
		}
	}
	i := cands[rng.IntN(len(cands))]
	h := r.house(i)
	c := src.Buildings[i].Geometry.Bound().Center()
	c = orb.Point{c[0] + (rng.Float64()-0.5)*30, c[1] + (rng.Float64()-0.5)*30}
	if rng.IntN(6) == 0 { // anywhere in the town, or beyond
		all := orb.Bound{Min: orb.Point{1e300, 1e300}, Max: orb.Point{-1e300, -1e300}}
		for _, f := range src.Buildings {
			all = all.Union(f.Geometry.Bound())
		}
		c = orb.Point{all.Min[0] - 300 + rng.Float64()*(all.Max[0]-all.Min[0]+600), all.Min[1] - 300 + rng.Float64()*(all.Max[1]-all.Min[1]+600)}
	}
	props := Props{{Key: "id", Value: id}}
	var g orb.Geometry = c
	if rng.IntN(2) == 0 {
		w := 2 + rng.Float64()*4
		g = orb.Polygon{{{c[0] - w, c[1] - w}, {c[0] + w, c[1] - w}, {c[0] + w, c[1] + w}, {c[0] - w, c[1] + w}, {c[0] - w, c[1] - w}}}
	} else {
		props = append(props, Prop{Key: "planned", Value: true})
	}
	if rng.IntN(2) == 0 {
		st, _ := r.Street(h.street)
		props = append(props, Prop{Key: "street", Value: st.ID})
	}
	return Feature{Geometry: g, Props: props}
}

// TestFastAddEquivalence applies random sequences of changes to the
// sample town twice: adds without a rebuild where Add can (the fast
// path) and always by a rebuild, with other changes (rebuilds) and Save
// and Open in between; both registries must answer alike after every
// step, and the fast path must have been taken for most adds.
func TestFastAddEquivalence(t *testing.T) {
	ctx := context.Background()
	seeds, steps := []uint64{1}, 16
	switch {
	case os.Getenv("DIACHI_EXHAUSTIVE") != "":
		seeds, steps = []uint64{1, 2, 3, 4, 5, 6}, 60
	case raceBuild:
		// Under the race detector the concurrency tests matter
		// (TestFastAddReaders); four steps keep this one's paths run.
		seeds, steps = []uint64{1}, 4
	}
	base := fastTown(t)
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 18))
			fast, slow := base, base
			adds, taken := 0, 0
			// Each side saves to a file of its own: a registry opened from
			// its snapshot reads its file whole on its first change, and
			// refuses a file replaced since (ErrChanged).
			path, slowPath := filepath.Join(t.TempDir(), "town.gpkg"), filepath.Join(t.TempDir(), "slow.gpkg")
			for k := range steps {
				c := Change{Date: fastDay0.AddDate(0, 0, 1+k/3), Ref: fmt.Sprintf("doc %d", k)}
				var what string
				var nf, ns *Registry
				var ef, es error
				switch roll := rng.IntN(10); {
				case roll < 7:
					lot := randomLot(rng, fast, fmt.Sprintf("new-%d-%d", seed, k))
					what = fmt.Sprintf("add %v", lot.Props)
					nf, ef = fast.add(ctx, c, true, lot)
					ns, es = slow.add(ctx, c, false, lot)
					if ef == nil {
						adds++
						if nf.more.count() == fast.more.count()+1 {
							taken++
						}
					}
				case roll == 7:
					var hs []string
					for i := range fast.HouseCount() {
						if fast.house(i).Number.IsValid() {
							hs = append(hs, fast.house(i).Source)
						}
					}
					h := hs[rng.IntN(len(hs))]
					what = "retire " + h
					nf, ef = fast.Retire(ctx, c, h)
					ns, es = slow.Retire(ctx, c, h)
				case roll == 8 && k%2 == 0:
					// A split or a moved entrance (both rebuild).
					var hs []int
					for i := range fast.HouseCount() {
						if _, poly := fast.source().Buildings[i].Geometry.(orb.Polygon); poly && fast.house(i).Number.IsValid() {
							hs = append(hs, i)
						}
					}
					i := hs[rng.IntN(len(hs))]
					h := *fast.house(i)
					b := fast.source().Buildings[i].Geometry.Bound()
					if rng.IntN(2) == 0 {
						mid := (b.Min[0] + b.Max[0]) / 2
						left, right := b, b
						left.Max[0], right.Min[0] = mid, mid
						keep := Feature{Geometry: left.ToPolygon(), Props: Props{{Key: "id", Value: h.Source}}}
						other := Feature{Geometry: right.ToPolygon(), Props: Props{{Key: "id", Value: fmt.Sprintf("part-%d", k)}}}
						what = "split " + h.Source
						nf, ef = fast.Split(ctx, c, h.Source, keep, other)
						ns, es = slow.Split(ctx, c, h.Source, keep, other)
					} else {
						st, _ := fast.Street(h.street)
						what = "entrance of " + h.Source
						nf, ef = fast.MoveEntrance(ctx, c, h.Source, st.ID, b.Center())
						ns, es = slow.MoveEntrance(ctx, c, h.Source, st.ID, b.Center())
					}
				case roll == 8:
					ss := slices.Collect(fast.Streets())
					s := ss[rng.IntN(len(ss))]
					what = "rename " + s.ID
					nf, ef = fast.RenameStreet(ctx, c, s.ID, fmt.Sprintf("Đường Thử %d", k))
					ns, es = slow.RenameStreet(ctx, c, s.ID, fmt.Sprintf("Đường Thử %d", k))
				default:
					what = "save and open"
					require.NoError(t, fast.Save(ctx, path))
					nf, ef = Open(ctx, path, Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }})
					require.NoError(t, slow.Save(ctx, slowPath))
					ns, es = Open(ctx, slowPath, Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }})
				}
				t.Log(what)
				require.Equal(t, ef, es, what)
				if ef != nil {
					continue
				}
				fast, slow = nf, ns
				sameAnswers(t, what, fast, slow, rng, k%4 == 3 || k == steps-1)
			}
			t.Logf("%d adds, %d without a rebuild", adds, taken)
			require.Greater(t, taken, adds/2, "the fast path is taken for most adds")
		})
	}
}

// TestFastAddBranches: two adds made from the same registry without a
// rebuild are independent, each what a rebuild gives, and leave the
// registry they were made from as it was.
func TestFastAddBranches(t *testing.T) {
	if raceBuild && testing.Short() {
		t.Skip("-race -short: two branches compared with their rebuilds take long under the race detector; run without -short or without -race")
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 18))
	base := fastTown(t)
	c := Change{Date: fastDay0.AddDate(0, 0, 1)}
	r, err := base.add(ctx, c, true, randomLot(rng, base, "first"))
	require.NoError(t, err)
	require.Equal(t, 1, r.more.count(), "the fast path")
	before := saveDigest(t, r)
	hist := r.History()
	x, y := randomLot(rng, r, "left"), randomLot(rng, r, "right")
	a, err := r.add(ctx, c, true, x)
	require.NoError(t, err)
	b, err := r.add(ctx, c, true, y)
	require.NoError(t, err)
	require.Equal(t, 2, a.more.count(), "the fast path")
	require.Equal(t, 2, b.more.count(), "the fast path")
	require.Equal(t, before, saveDigest(t, r), "the registry added to is unchanged")
	require.Equal(t, hist, r.History())
	_, ok := r.BySource("left")
	require.False(t, ok)
	_, ok = b.BySource("left")
	require.False(t, ok)
	_, ok = a.BySource("right")
	require.False(t, ok)
	sa, err := r.add(ctx, c, false, x)
	require.NoError(t, err)
	sb, err := r.add(ctx, c, false, y)
	require.NoError(t, err)
	sameAnswers(t, "left", a, sa, rng, true)
	sameAnswers(t, "right", b, sb, rng, true)
}

// TestFastAddReaders: readers query a registry, and each one added to it,
// while houses are added to it without a rebuild (run with -race).
func TestFastAddReaders(t *testing.T) {
	ctx := context.Background()
	base := fastTown(t)
	rng := rand.New(rand.NewPCG(9, 18))
	var lots []Feature
	for k := range 20 {
		lots = append(lots, randomLot(rng, base, fmt.Sprintf("r-%d", k)))
	}
	live := NewLive(base)
	var done atomic.Bool
	var reads atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	var points []orb.Point
	for h := range base.Houses() {
		points = append(points, h.Point)
	}
	for w := range 4 {
		wg.Go(func() {
			for k := 0; !done.Load(); k++ {
				r := base // the registry added to, and the current one
				if w%2 == 1 {
					r = live.Load()
				}
				p := points[k%len(points)]
				pl, err := r.At(p)
				if err != nil {
					errs <- err
					return
				}
				if pl.HasHouse {
					if _, ok := r.BySource(pl.House.Source); !ok {
						errs <- fmt.Errorf("house %s of At not found", pl.House.Source)
						return
					}
				}
				n := 0
				for h := range r.Houses() {
					if _, ok := r.ByID(h.ID); h.ID.IsValid() && !ok {
						errs <- fmt.Errorf("ID of %s not found", h.Source)
						return
					}
					n++
				}
				if n != r.HouseCount() || len(r.History()) != r.HouseCount()-base.HouseCount() {
					errs <- fmt.Errorf("%d houses, %d events", n, len(r.History()))
					return
				}
				reads.Add(1)
			}
		})
	}
	fastAdds := 0
	for k, lot := range lots {
		// The readers read between adds (an add is over in microseconds).
		for r0, t0 := reads.Load(), time.Now(); reads.Load() <= r0 && time.Since(t0) < 10*time.Second; {
			runtime.Gosched()
		}
		_, err := live.Apply(func(r *Registry) (*Registry, error) {
			next, err := r.Add(ctx, Change{Date: fastDay0.AddDate(0, 0, 1+k)}, lot)
			if err == nil && next.more.count() == r.more.count()+1 {
				fastAdds++
			}
			return next, err
		})
		if !errors.Is(err, ErrChange) {
			require.NoError(t, err)
		}
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.Greater(t, fastAdds, len(lots)/2)
	require.GreaterOrEqual(t, reads.Load(), int64(len(lots)))
}

// TestFastAddRefusals: an add both ways refused alike, or alike
// accepted: an id a building without geometry holds, a lot far from any
// street, a number of its own.
func TestFastAddRefusals(t *testing.T) {
	ctx := context.Background()
	src, err := LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	require.NoError(t, err)
	src.Buildings = append(src.Buildings, Feature{Props: Props{{Key: "id", Value: "ghost"}}})
	base, err := Build(ctx, src, Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(3, 18))
	near := randomLot(rng, base, "ghost")
	far := Feature{Geometry: orb.Point{0, 0}, Props: Props{{Key: "id", Value: "far"}}}
	own := randomLot(rng, base, "own")
	own.Props = append(own.Props, Prop{Key: "number", Value: "999"})
	c := Change{Date: fastDay0.AddDate(0, 0, 1)}
	for _, f := range []Feature{near, far, own} {
		a, ea := base.add(ctx, c, true, f)
		b, eb := base.add(ctx, c, false, f)
		require.Equal(t, eb, ea, f.Props.String("id"))
		if ea == nil {
			sameAnswers(t, f.Props.String("id"), a, b, rng, true)
		}
	}
}

// TestFastAddLongRun: a long run of adds without a rebuild, each to the
// registry the one before made, keeps the added houses in segments of
// halving sizes (never more than log2(n)+1 of them) and answers as a
// rebuild does: the last add is made both ways from the run's end, and
// the run is saved and opened again.
func TestFastAddLongRun(t *testing.T) {
	ctx := context.Background()
	want := 70
	if raceBuild {
		want = 20
	}
	rng := rand.New(rand.NewPCG(3, 18))
	r := fastTown(t)
	c := Change{Date: fastDay0.AddDate(0, 0, 1)}
	for k := 0; r.more.count() < want; k++ {
		require.Less(t, k, 20*want, "too few adds take the fast path")
		next, err := r.add(ctx, c, true, randomLot(rng, r, fmt.Sprintf("run-%d", k)))
		if err != nil || next.more.count() != r.more.count()+1 {
			continue // refused, or rebuilt: the run goes on from r
		}
		r = next
		// The segments: contiguous, each under half the size of the
		// one before, as many as the bits of the count.
		m := r.more
		pos, size := len(r.houses), 1<<30
		for _, s := range m.segs {
			require.Equal(t, pos, s.base)
			require.Less(t, len(s.houses), size)
			require.Equal(t, 1, bits.OnesCount(uint(len(s.houses))), "a power of two")
			require.Len(t, s.buildings, len(s.houses))
			pos, size = pos+len(s.houses), len(s.houses)
		}
		require.Equal(t, r.HouseCount(), pos)
		require.Equal(t, bits.OnesCount(uint(m.n)), len(m.segs))
		h := r.house(r.HouseCount() - 1)
		i, ok := r.houseBySource(h.Source)
		require.True(t, ok)
		require.Equal(t, r.HouseCount()-1, i)
		i, ok = r.houseByID(h.ID)
		require.True(t, ok)
		require.Equal(t, r.HouseCount()-1, i)
	}
	require.Len(t, r.History(), want)
	// The last add both ways: the rebuild numbers every house again.
	var fast, slow *Registry
	for k := 0; fast == nil; k++ {
		lot := randomLot(rng, r, fmt.Sprintf("last-%d", k))
		f, err := r.add(ctx, c, true, lot)
		if err != nil || f.more.count() != r.more.count()+1 {
			continue
		}
		s, err := r.add(ctx, c, false, lot)
		require.NoError(t, err)
		fast, slow = f, s
	}
	sameAnswers(t, "the last add", fast, slow, rng, true)
	path := filepath.Join(t.TempDir(), "run.gpkg")
	require.NoError(t, fast.Save(ctx, path))
	opened, err := Open(ctx, path, Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }})
	require.NoError(t, err)
	sameAnswers(t, "saved and opened", fast, opened, rng, false)
}

// TestResumeStreetAsPrepared: every street's numbering state resumed from
// where the build placed its houses is the state numbering them again
// gives, on the sample town and after retirements (numbers kept for
// houses gone) and adds.
func TestResumeStreetAsPrepared(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 18))
	r := fastTown(t)
	check := func(what string, r *Registry) {
		resumed := 0
		for k := range r.streets {
			if r.numPos[k] < 0 {
				continue
			}
			want, werr := r.prepareStreet(k)
			got, gerr := r.resumeStreet(k)
			if gerr != nil {
				t.Logf("%s: street %s left to Prepare: %v", what, r.streets[k].ID, gerr)
				continue
			}
			require.NoError(t, werr, "%s: street %s: Resume succeeds where Prepare fails", what, r.streets[k].ID)
			require.True(t, got.Equal(want), "%s: street %s", what, r.streets[k].ID)
			resumed++
		}
		require.Greater(t, resumed, len(r.streets)*9/10, what)
	}
	check("as built", r)
	c := Change{Date: fastDay0.AddDate(0, 0, 1)}
	for k := range 6 {
		var hs []string
		for i := range r.HouseCount() {
			if r.house(i).Number.IsValid() {
				hs = append(hs, r.house(i).Source)
			}
		}
		next, err := r.Retire(ctx, c, hs[rng.IntN(len(hs))])
		require.NoError(t, err)
		next, err = next.add(ctx, c, false, randomLot(rng, next, fmt.Sprintf("resume-%d", k)))
		if err == nil {
			r = next
		}
	}
	require.NotEmpty(t, r.ledger.retired)
	check("after retirements and adds", r)
}
