package registry

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// snapshotCases are registries to save and open from their snapshot: the
// sample town as built, after changes that rebuild (a retirement, a
// split), and after adds that do not (houses in segments).
func snapshotCases(t *testing.T) map[string]*Registry {
	t.Helper()
	ctx := context.Background()
	r := fastTown(t)
	out := map[string]*Registry{"built": r}
	c := Change{Date: fastDay0.AddDate(0, 0, 1), Ref: "test"}
	retired, err := r.Retire(ctx, c, "b000004")
	require.NoError(t, err)
	out["retired"] = retired
	rng := rand.New(rand.NewPCG(5, 18))
	added := retired
	for k := 0; added.more.count() < 9; k++ {
		require.Less(t, k, 200)
		next, err := added.add(ctx, c, true, randomLot(rng, added, fmt.Sprintf("snap-%d", k)))
		if err == nil {
			added = next
		}
	}
	out["added without a rebuild"] = added
	return out
}

// A registry opened from its snapshot answers every query as the same
// file read whole and built again (the way Open read every file before):
// every house field for field, the findings, the ledger, At, Lookup,
// TraceID, TraceNumber, AsOf, ByParcelKey and the rows it would save.
func TestSnapshotOpen(t *testing.T) {
	ctx := context.Background()
	for name, r := range snapshotCases(t) {
		path := filepath.Join(t.TempDir(), "snap.gpkg")
		require.NoError(t, r.Save(ctx, path))
		opts := Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }}
		snap, err := Open(ctx, path, opts)
		require.NoError(t, err, name)
		require.NotNil(t, snap.lazy, "%s: opened from its snapshot", name)
		whole, err := openWhole(ctx, path, demoKey, opts)
		require.NoError(t, err, name)
		require.Nil(t, whole.lazy)
		rng := rand.New(rand.NewPCG(7, 18))
		sameAnswers(t, name, whole, snap, rng, true)
		require.Equal(t, slices.Collect(whole.Parcels()), slices.Collect(snap.Parcels()), name)
		require.Equal(t, whole.byExt, snap.byExt, name)
		require.Equal(t, whole.parcelBound, snap.parcelBound, name)
		// And as the registry that was saved.
		sameAnswers(t, name+" (saved)", r, snap, rng, false)

		// A change reads the file whole, once, and gives what the change
		// gives on the registry read whole.
		c := Change{Date: fastDay0.AddDate(0, 0, 2), Ref: "after"}
		a, err := whole.Retire(ctx, c, "b000010")
		require.NoError(t, err)
		b, err := snap.Retire(ctx, c, "b000010")
		require.NoError(t, err)
		require.Nil(t, b.lazy)
		sameAnswers(t, name+", then a change", a, b, rng, true)
		require.Same(t, snap.lazy.r, func() *Registry { w, _ := snap.whole(ctx); return w }(), "read whole once")
	}
}

// A file changed since it was written (a row edited with SQLite, as a
// GIS does) is read whole, so the edit is seen (here refused by the
// digest, as before snapshots); a file changed after it was opened from
// its snapshot is refused when a change first needs it whole.
func TestSnapshotFileChanged(t *testing.T) {
	ctx := context.Background()
	r := fastTown(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "town.gpkg")
	require.NoError(t, r.Save(ctx, path))
	data, err := os.ReadFile(path)
	require.NoError(t, err)

	edited := filepath.Join(dir, "edited.gpkg")
	require.NoError(t, os.WriteFile(edited, data, 0o644))
	db, err := sql.Open("sqlite", edited)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE history SET ref = ref WHERE 0`) // a transaction that changes no row
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE houses SET address = 'changed' WHERE fid = 3`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	_, err = Open(ctx, edited, Options{DemoKey: true})
	require.ErrorIs(t, err, gpkg.ErrTampered, "read whole, the edit is found")
	_, err = Open(ctx, edited, Options{})
	require.ErrorIs(t, err, gpkg.ErrCorrupt)

	snap, err := Open(ctx, path, Options{DemoKey: true})
	require.NoError(t, err)
	require.NotNil(t, snap.lazy)
	later := time.Now().Add(time.Hour)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	require.NoError(t, os.Chtimes(path, later, later))
	_, err = snap.Retire(ctx, Change{Date: fastDay0}, "b000001")
	require.ErrorIs(t, err, ErrChanged)
	assert.Nil(t, snap.Source())
	h, ok := snap.BySource("b000001")
	require.True(t, ok, "queries still answer from the snapshot")
	want, _ := r.BySource("b000001")
	assert.Equal(t, want, h)
}

// A snapshot cut short or damaged is refused with a typed error, never a
// panic (the fuzz test below tries any bytes).
func TestSnapshotDamaged(t *testing.T) {
	r := fastTown(t)
	chunks, err := r.snapshot()
	require.NoError(t, err)
	var data []byte
	for _, c := range chunks {
		data = append(data, c...)
	}
	step := max(1, len(data)/300)
	for n := 0; n < len(data); n += step {
		require.Error(t, restoreInto(r, [][]byte{data[:n]}), "cut at %d", n)
	}
}

// restoreInto restores a snapshot into a registry with r's small layers
// (its streets, communes, zones), recovering nothing: a panic fails the
// test.
func restoreInto(r *Registry, chunks [][]byte) error {
	_, err := restored(r, chunks)
	return err
}

func restored(r *Registry, chunks [][]byte) (*Registry, error) {
	s := &Registry{streets: slices.Clone(r.streets), names: r.names, nameOf: r.nameOf, communes: r.communes, legacy: r.legacy,
		zones: r.zones, streetIx: r.streetIx, byParts: r.byParts, postcodeOf: r.postcodeOf, d2025: r.d2025, dLegacy: r.dLegacy,
		opts: r.opts, sourceCRS: r.sourceCRS, houseIx: &index.PointIndex[int32]{}}
	return s, s.restoreSnapshot(chunks)
}

func FuzzRestoreSnapshot(f *testing.F) {
	r := fastTown(f)
	chunks, err := r.snapshot()
	require.NoError(f, err)
	var data []byte
	for _, c := range chunks {
		data = append(data, c...)
	}
	f.Add(data)
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := restored(r, [][]byte{b})
		if err != nil {
			return
		}
		for i := range min(len(s.houses), 50) {
			s.HouseAnswer(s.houses[i])
			if s.houses[i].Point != (orb.Point{}) {
				s.At(s.houses[i].Point)
			}
			h, ok := s.BySource(s.houses[i].Source)
			require.True(t, ok)
			s.ByID(h.ID)
			if p, ok := h.Parcel(); ok {
				pa, _ := s.Parcel(p)
				s.ByParcelKey(pa.Key)
			}
		}
	})
}

// Readers query a registry opened from its snapshot while others make
// changes on it, the first of which reads the file whole: each change
// gives what it gives on the registry read whole, and the file is read
// once (run with -race).
func TestSnapshotConcurrent(t *testing.T) {
	ctx := context.Background()
	r := fastTown(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, r.Save(ctx, path))
	snap, err := Open(ctx, path, Options{DemoKey: true})
	require.NoError(t, err)
	c := Change{Date: fastDay0.AddDate(0, 0, 1), Ref: "concurrent"}
	want, err := r.Retire(ctx, c, "b000007")
	require.NoError(t, err)
	var wg sync.WaitGroup
	got := make([]*Registry, 4)
	for k := range got {
		wg.Go(func() {
			var err error
			got[k], err = snap.Retire(ctx, c, "b000007")
			assert.NoError(t, err)
		})
	}
	for k := range 4 {
		wg.Go(func() {
			for i := k; i < snap.HouseCount(); i += 4 {
				h := snap.houses[i]
				if h.Point != (orb.Point{}) {
					_, err := snap.At(h.Point)
					assert.NoError(t, err)
				}
				b, ok := snap.ByID(h.ID)
				assert.Equal(t, h.ID.IsValid(), ok)
				assert.Equal(t, h.Source, b.Source)
			}
		})
	}
	wg.Wait()
	for _, g := range got {
		require.NotNil(t, g)
		require.Equal(t, slices.Collect(want.Houses()), slices.Collect(g.Houses()))
	}
	w1, _ := snap.whole(ctx)
	w2, _ := snap.whole(ctx)
	require.Same(t, w1, w2)
}

// The radii are the opener's, not the saver's: a registry opened from its
// snapshot with a wider street radius answers where the registry read
// whole with it answers.
func TestSnapshotOpenerRadii(t *testing.T) {
	ctx := context.Background()
	r := fastTown(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, r.Save(ctx, path))
	opts := Options{DemoKey: true, StreetRadius: 2000, Clock: func() time.Time { return fastDay0 }}
	snap, err := Open(ctx, path, opts)
	require.NoError(t, err)
	require.NotNil(t, snap.lazy)
	whole, err := openWhole(ctx, path, demoKey, opts)
	require.NoError(t, err)
	require.Equal(t, whole.reach, snap.reach)
	p := orb.Point{whole.extent.Max[0] + 0.01, (whole.extent.Min[1] + whole.extent.Max[1]) / 2}
	pw, ew := whole.At(p)
	ps, es := snap.At(p)
	require.NoError(t, ew)
	require.Equal(t, ew, es)
	require.Equal(t, pw, ps)
}

// A renumbered registry is saved without a snapshot: its findings are the
// renumbering's, which a build of its saved state does not give, so Open
// builds it, as its next change would.
func TestSnapshotAfterRenumber(t *testing.T) {
	ctx := context.Background()
	r, _, err := fastTown(t).Renumber(ctx, Change{Date: fastDay0.AddDate(0, 0, 1), Ref: "renumber"})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, r.Save(ctx, path))
	opts := Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }}
	opened, err := Open(ctx, path, opts)
	require.NoError(t, err)
	require.Nil(t, opened.lazy, "read whole")
	whole, err := openWhole(ctx, path, demoKey, opts)
	require.NoError(t, err)
	sameAnswers(t, "renumbered", whole, opened, rand.New(rand.NewPCG(9, 18)), true)
	// Saved again once a change has built it, it has a snapshot again.
	next, err := opened.Retire(ctx, Change{Date: fastDay0.AddDate(0, 0, 2)}, "b000003")
	require.NoError(t, err)
	again := filepath.Join(t.TempDir(), "again.gpkg")
	require.NoError(t, next.Save(ctx, again))
	snap, err := Open(ctx, again, opts)
	require.NoError(t, err)
	require.NotNil(t, snap.lazy)
	w, err := openWhole(ctx, again, demoKey, opts)
	require.NoError(t, err)
	sameAnswers(t, "renumbered, then retired", w, snap, rand.New(rand.NewPCG(10, 18)), true)
}

// A snapshot naming a house that is not there (an external ID of a
// registry without houses), or a house status or side out of range, is
// refused, not answered from.
func TestSnapshotPositions(t *testing.T) {
	r := fastTown(t)
	require.NotEmpty(t, r.byExt)
	var e address.ExternalID
	for k := range r.byExt {
		e = k
		break
	}
	forged := *r
	forged.houses = nil
	forged.byExt = map[address.ExternalID]int32{e: 7}
	chunks, err := forged.snapshot()
	require.NoError(t, err)
	require.ErrorIs(t, restoreInto(r, chunks), errSnapshot)

	for _, bad := range []func(h *House){
		func(h *House) { h.Status = numbering.Grouped + 1 },
		func(h *House) { h.Side = 2 },
	} {
		f := *r
		f.houses = slices.Clone(r.houses)
		bad(&f.houses[3])
		chunks, err := f.snapshot()
		require.NoError(t, err)
		require.ErrorIs(t, restoreInto(r, chunks), errSnapshot)
	}

	// No findings read back as none (nil), as the build leaves them.
	f := *r
	f.findings = nil
	chunks, err = f.snapshot()
	require.NoError(t, err)
	s, err := restored(r, chunks)
	require.NoError(t, err)
	require.Nil(t, s.findings)
}

// OpenWhole reads every row and builds again, as Open did before
// snapshots: the same registry, with its source layers, and a row changed
// on the disk is refused at once.
func TestOpenWhole(t *testing.T) {
	ctx := context.Background()
	r := fastTown(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, r.Save(ctx, path))
	opts := Options{DemoKey: true, Clock: func() time.Time { return fastDay0 }}
	w, err := OpenWhole(ctx, path, opts)
	require.NoError(t, err)
	require.Nil(t, w.lazy)
	sameAnswers(t, "whole", r, w, rand.New(rand.NewPCG(11, 18)), true)
	_, err = OpenWhole(ctx, path, Options{IDKey: []byte("another office's key, long enough")})
	require.ErrorIs(t, err, gpkg.ErrTampered)
}
