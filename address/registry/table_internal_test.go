package registry

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The table answers as a map from key to the records in the order added
// would: for tables sized up front and grown from empty, with keys held by
// several records, and with every hash the same (all records in one run).
func TestTable(t *testing.T) {
	for _, c := range []struct {
		name   string
		sized  bool
		hash   func(string) uint32
		n, key int
	}{
		{"sized", true, hashOf[string], 20000, 15000},
		{"grown", false, hashOf[string], 20000, 15000},
		{"one hash", false, func(string) uint32 { return 7 }, 600, 400},
		{"one hash, wrapping round", false, func(string) uint32 { return 1<<32 - 1 }, 600, 400},
		{"tiny", false, hashOf[string], 3, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(c.n)))
			keys := make([]string, c.n)
			want := map[string][]int32{}
			var tb table
			if c.sized {
				tb = newTable(c.n)
			}
			for i := range keys {
				keys[i] = fmt.Sprint("k", rng.IntN(c.key))
				tb.add(c.hash(keys[i]), i)
				want[keys[i]] = append(want[keys[i]], int32(i))
			}
			require.Equal(t, c.n, tb.n)
			require.LessOrEqual(t, 2*tb.n, len(tb.slots))
			for k := range c.key + 10 {
				key := fmt.Sprint("k", k)
				is := func(i int) bool { return keys[i] == key }
				got := tb.all(nil, c.hash(key), is)
				require.Equal(t, want[key], got, key)
				i, ok := tb.find(c.hash(key), is)
				require.Equal(t, len(want[key]) > 0, ok, key)
				if ok {
					require.Equal(t, int(want[key][0]), i)
				} else {
					require.Equal(t, -1, i)
				}
			}
		})
	}
	var empty table
	_, ok := empty.find(1, func(int) bool { return true })
	require.False(t, ok)
	require.Empty(t, empty.all(nil, 1, func(int) bool { return true }))
}
