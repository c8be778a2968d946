package index

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo"
)

// A nearest search of the packed tree (through its grid for short
// bounds, else its tree) finds exactly the k boxes a full scan finds
// nearest (by exact distance, ties by item), whatever the count (empty,
// one, around the fanout, many levels) and shape (points, equal boxes,
// all on one vertical line), and for points hands back each point
// exactly. The grid answers most of the short searches of the larger
// sets.
func TestPackedNearestAgainstScan(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	type hit struct {
		d    float64
		item uint32
	}
	byDist := func(a, b hit) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.item, b.item)) }
	for _, n := range []int{0, 1, 2, 15, 16, 17, 255, 256, 257, 5000, 40000} {
		for shape := range 6 {
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
				case 4, 5: // points (4) or small boxes (5), nine in ten in a cluster of 50 m
					if i%10 != 0 {
						x, y = 106.05+r.Float64()*0.0005, 10.05+r.Float64()*0.0005
					}
					w, h = w*float64(shape-4)/20, h*float64(shape-4)/20
				}
				boxes[i] = [4]float64{x, y, x + w, y + h}
			}
			tr := newPacked(boxes, nil, shape == 1 || shape == 4)
			short, byGrid := 0, 0
			for range 200 {
				p := orb.Point{105.99 + r.Float64()*0.12, 9.99 + r.Float64()*0.12}
				if r.IntN(8) == 0 && n > 0 {
					b := boxes[r.IntN(n)]
					p = orb.Point{b[0], b[1]} // on a corner
				}
				pl := geo.NewPlane(p)
				k, radius := 1+r.IntN(5), 100+r.Float64()*3000
				if r.IntN(2) == 0 {
					radius = r.Float64() * 100
					short++
					q, b, none := tr.query(pl), radius, func(int, uint32) {}
					if tr.pgrid != nil && tr.pgrid.nearest(tr, &pl, &b, none) || tr.bgrid != nil && tr.bgrid.nearest(tr, &q, &b, none) {
						byGrid++
					}
				}
				dist := func(i uint32) float64 {
					b := boxes[i]
					return float64(pl.BoundDistance(orb.Bound{Min: orb.Point{b[0], b[1]}, Max: orb.Point{b[2], b[3]}}))
				}
				var want []hit
				for i := range boxes {
					if d := dist(uint32(i)); d <= radius {
						want = append(want, hit{d, uint32(i)})
					}
				}
				slices.SortFunc(want, byDist)
				want = want[:min(k, len(want))]
				var got []hit
				bound := radius
				tr.search(pl, &bound, func(leaf int, item uint32) {
					if shape == 1 || shape == 4 {
						require.Equal(t, orb.Point{boxes[item][0], boxes[item][1]}, tr.pts[leaf])
					}
					d := dist(item)
					if d > radius {
						return
					}
					got = append(got, hit{d, item})
					slices.SortFunc(got, byDist)
					if len(got) >= k {
						got = got[:k]
						bound = got[k-1].d
					}
				})
				require.Equal(t, want, got, "n=%d shape=%d p=%v k=%d", n, shape, p, k)
			}
			if n >= 5000 && shape >= 4 {
				// In the cluster the grid's cells are crowded: the tree answers.
				pl := geo.NewPlane(orb.Point{106.05025, 10.05025})
				q, b, none := tr.query(pl), 30.0, func(int, uint32) {}
				require.False(t, tr.pgrid != nil && tr.pgrid.nearest(tr, &pl, &b, none) || tr.bgrid != nil && tr.bgrid.nearest(tr, &q, &b, none), "n=%d shape=%d", n, shape)
			}
			if n >= 5000 && shape < 2 { // spread boxes or points
				require.Greater(t, byGrid, short/2, "n=%d shape=%d: grid answered %d of %d short searches", n, shape, byGrid, short)
			}
		}
	}
}
