package address

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDammDetects proves the detection guarantee for the whole payload
// space from two properties of the table, both checked exhaustively.
//
// The check walks the digits through the table from state 0, and a valid
// ID ends in state 0. (1) If every row and column is a permutation (a Latin
// square), changing one digit changes the state right after it, and later
// digits map distinct states to distinct states, so the walk cannot end in
// 0 again: every single substitution is caught. (2) If T[T[c][x]][y] ≠
// T[T[c][y]][x] for every state c and digits x ≠ y (weak total
// anti-symmetry), swapping two adjacent different digits changes the state
// right after the pair, and (1) carries the difference to the end: every
// adjacent transposition is caught, the check digit's included. Finally
// T[d][d] = 0 lets the check digit (the state after the payload) close the
// walk at 0.
func TestDammDetects(t *testing.T) {
	for r := range 10 {
		row, col := map[byte]bool{}, map[byte]bool{}
		for c := range 10 {
			row[damm[r][c]] = true
			col[damm[c][r]] = true
		}
		require.Len(t, row, 10, "row %d is not a permutation", r)
		require.Len(t, col, 10, "column %d is not a permutation", r)
		require.Zero(t, damm[r][r], "diagonal at %d", r)
	}
	for c := range 10 {
		for x := range 10 {
			for y := range 10 {
				if x != y {
					require.NotEqual(t, damm[damm[c][x]][y], damm[damm[c][y]][x], "anti-symmetry at %d %d %d", c, x, y)
				}
			}
		}
	}
}

// TestPermutationIsABijection: the Feistel network has an exact inverse,
// so it is a bijection of [0, 2^30), and cycle-walking restricts it to a
// bijection of [0, 10⁹).
func TestPermutationIsABijection(t *testing.T) {
	p := newPermutation([]byte("k"))
	for _, x := range []uint64{0, 1, 2, 999_999_999, 1<<30 - 1, 123456789} {
		require.Equal(t, x, p.unfeistel(p.feistel(x)))
	}
	for x := uint64(0); x < 200_000; x++ {
		y := p.apply(x * 4999)
		require.Less(t, y, uint64(IDPayloads))
		require.Equal(t, x*4999, p.invert(y))
	}
}
