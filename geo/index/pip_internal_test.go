package index

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOrientExact compares the integer path with big.Rat on random and on
// nearly collinear inputs.
func TestOrientExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	rat := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
	ref := func(ax, ay, bx, by, px, py float64) int {
		l := new(big.Rat).Mul(new(big.Rat).Sub(rat(bx), rat(ax)), new(big.Rat).Sub(rat(py), rat(ay)))
		rr := new(big.Rat).Mul(new(big.Rat).Sub(rat(by), rat(ay)), new(big.Rat).Sub(rat(px), rat(ax)))
		return l.Cmp(rr)
	}
	for range 20000 {
		ax, ay := 106+r.Float64(), 10+r.Float64()
		bx, by := 106+r.Float64(), 10+r.Float64()
		u := r.Float64()
		// A point on the segment up to rounding, nudged by a few ulps.
		px, py := ax+u*(bx-ax), ay+u*(by-ay)
		for range r.IntN(3) {
			py = math.Nextafter(py, 90)
		}
		require.Equal(t, ref(ax, ay, bx, by, px, py), orientExact(ax, ay, bx, by, px, py))
		require.Equal(t, ref(ax, ay, bx, by, px, py), orient(ax, ay, bx, by, px, py))
		require.Equal(t, ref(0, 0, bx, by, 1e-300, -3e-310), orientExact(0, 0, bx, by, 1e-300, -3e-310))
	}
}
