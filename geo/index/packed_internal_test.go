package index

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// The packed tree reports exactly the boxes a full scan finds, each once,
// whatever the count (empty, one, around the fanout, many levels) and
// shape (points, equal boxes, all on one vertical line).
func TestPackedAgainstScan(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 255, 256, 257, 5000} {
		for shape := range 4 {
			boxes := make([][4]float64, n)
			for i := range boxes {
				x, y := 106+r.Float64()*0.1, 10+r.Float64()*0.1
				w, h := r.Float64()*0.002, r.Float64()*0.002
				switch shape {
				case 1: // points
					w, h = 0, 0
				case 2: // a few boxes many times over
					if i >= 3 {
						boxes[i] = boxes[i%3]
						continue
					}
				case 3: // one vertical line
					x, w = 106, 0
				}
				boxes[i] = [4]float64{x, y, x + w, y + h}
			}
			tr := newPacked(boxes)
			for range 200 {
				x, y := 105.99+r.Float64()*0.12, 9.99+r.Float64()*0.12
				q := [4]float64{x, y, x + r.Float64()*0.01, y + r.Float64()*0.01}
				if r.IntN(8) == 0 && n > 0 {
					q = boxes[r.IntN(n)] // edges touching count
				}
				var want, got []uint32
				for i := range boxes {
					if intersects(&boxes[i], &q) {
						want = append(want, uint32(i))
					}
				}
				tr.search(q, func(b *[4]float64, item uint32) {
					require.Equal(t, boxes[item], *b)
					got = append(got, item)
				})
				slices.Sort(got)
				require.Equal(t, want, got, "n=%d shape=%d q=%v", n, shape, q)
			}
		}
	}
}
