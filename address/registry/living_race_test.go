package registry_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

// TestLiveReadersDuringChanges: readers query the current registry while
// lots are added one by one (run with -race). Each registry a reader
// takes is whole: as many houses as the town plus the lots its history
// says were added, each of them numbered, every earlier house as issued.
func TestLiveReadersDuringChanges(t *testing.T) {
	ctx := context.Background()
	base := town(t)
	before := issuedOf(base)
	live := registry.NewLive(base)
	const changes = 4
	var done atomic.Bool
	var reads atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 3 {
		wg.Go(func() {
			for !done.Load() {
				r := live.Load()
				n := len(r.History())
				if r.HouseCount() != base.HouseCount()+n {
					errs <- fmt.Errorf("%d houses with %d changes", r.HouseCount(), n)
					return
				}
				for k := range n {
					h, ok := r.BySource(fmt.Sprintf("lot-%d", k))
					if !ok || !h.Number.IsValid() {
						errs <- fmt.Errorf("change %d in the history, lot-%d not numbered", k+1, k)
						return
					}
				}
				h, ok := r.BySource("b000001")
				if !ok || h.Number.String() != before["b000001"].number || h.ID.String() != before["b000001"].id {
					errs <- fmt.Errorf("b000001 is %v", h)
					return
				}
				if _, err := r.At(h.Point); err != nil {
					errs <- err
					return
				}
				reads.Add(1)
			}
		})
	}
	for k := range changes {
		// The readers read between changes (an add without a rebuild is
		// over before a reader has started).
		for r0, t0 := reads.Load(), time.Now(); reads.Load() <= r0 && time.Since(t0) < 10*time.Second; {
			runtime.Gosched()
		}
		_, err := live.Apply(func(r *registry.Registry) (*registry.Registry, error) {
			return r.Add(ctx, registry.Change{Date: day1}, lot(fmt.Sprintf("lot-%d", k), 606700+float64(k)*150))
		})
		require.NoError(t, err)
	}
	// A refused change leaves the current registry as it was.
	cur := live.Load()
	_, err := live.Apply(func(r *registry.Registry) (*registry.Registry, error) {
		return r.Retire(ctx, registry.Change{Date: day1}, "no-such-house")
	})
	require.ErrorIs(t, err, registry.ErrChange)
	require.Same(t, cur, live.Load())
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.Len(t, live.Load().History(), changes)
	require.Positive(t, reads.Load())
	requireKept(t, before, issuedOf(live.Load()))
}
