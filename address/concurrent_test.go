package address_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

// The parser reuses its scratch buffers between parses (tokens,
// candidates): texts parsed at once on several goroutines read exactly as
// each does alone, the same components, spans, repairs and remainder.
// Run with -race, it also checks that no buffer is shared while in use.
func TestParseConcurrentSameAsAlone(t *testing.T) {
	rows := readNoisySet(t)
	if testing.Short() || len(rows) > 1500 {
		rows = rows[:1500]
	}
	want := make([]address.Address, len(rows))
	for i, r := range rows {
		a, err := address.Parse(r.input)
		require.NoError(t, err)
		want[i] = a
	}
	const workers = 4
	var wg sync.WaitGroup
	got := make([][]address.Address, workers)
	for w := range workers {
		got[w] = make([]address.Address, len(rows))
		wg.Go(func() {
			// Each worker in its own order, so that different texts are
			// parsed at the same moment.
			for k := range rows {
				i := (k + w*373) % len(rows) // a rotation: every text once
				if w%2 == 1 {
					i = len(rows) - 1 - i
				}
				a, err := address.Parse(rows[i].input)
				if err != nil {
					t.Errorf("%q: %v", rows[i].input, err)
					return
				}
				got[w][i] = a
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for i := range rows {
			require.Equal(t, want[i], got[w][i], "worker %d, %q", w, rows[i].input)
		}
	}
}
