package index

import (
	"math"
	"math/big"
)

// orient returns the sign of the cross product (b - a) × (p - a): +1 when p
// is to the left of the directed line a→b, -1 to the right, 0 on it. The
// sign is exact: the floating-point determinant is trusted only when it is
// larger than its error bound (Shewchuk's orient2d bound), and otherwise
// recomputed in exact rational arithmetic.
func orient(ax, ay, bx, by, px, py float64) int {
	l := (bx - ax) * (py - ay)
	r := (by - ay) * (px - ax)
	det := l - r
	bound := orientErrBound * (math.Abs(l) + math.Abs(r))
	if det > bound {
		return 1
	}
	if -det > bound {
		return -1
	}
	// A difference of two floats is zero only when they are equal, so a
	// zero factor in each product means the determinant is exactly zero
	// (the common case of a point on a vertex or an axis-parallel edge).
	if (bx-ax == 0 || py-ay == 0) && (by-ay == 0 || px-ax == 0) {
		return 0
	}
	if (px == ax && py == ay) || (px == bx && py == by) {
		return 0 // the point is an end of the segment
	}
	return orientExact(ax, ay, bx, by, px, py)
}

// orientErrBound is (3 + 16ε)ε with ε = 2⁻⁵³.
const orientErrBound = (3 + 16*0x1p-53) * 0x1p-53

// orientExact computes the sign in exact integer arithmetic: every input is
// an integer mantissa times a power of two, so scaling all six to the
// smallest exponent turns them into integers whose differences and products
// are exact.
func orientExact(ax, ay, bx, by, px, py float64) int {
	vals := [6]float64{ax, ay, bx, by, px, py}
	var mant [6]int64
	var exp [6]int
	minE := math.MaxInt
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0 // excluded by validation; never reached for indexed data
		}
		if v == 0 {
			continue
		}
		f, e := math.Frexp(v) // v = f · 2^e, 0.5 ≤ |f| < 1
		mant[i] = int64(f * (1 << 53))
		exp[i] = e - 53
		minE = min(minE, exp[i])
	}
	var n [6]*big.Int
	for i := range vals {
		n[i] = big.NewInt(mant[i])
		if mant[i] != 0 {
			n[i].Lsh(n[i], uint(exp[i]-minE))
		}
	}
	dx1 := new(big.Int).Sub(n[2], n[0])
	dy2 := new(big.Int).Sub(n[5], n[1])
	dy1 := new(big.Int).Sub(n[3], n[1])
	dx2 := new(big.Int).Sub(n[4], n[0])
	return dx1.Mul(dx1, dy2).Cmp(dy1.Mul(dy1, dx2))
}

// crosses decides one edge of the half-open crossing rule for the point
// (px, py): the edge counts when it straddles the horizontal line through
// the point (one end strictly above, the other on or below) and lies
// strictly to the right of the point. The question is asked of the edge in
// a canonical direction (lower end first), so two polygons sharing the
// edge, whatever their ring directions, get the same answer.
func crosses(ax, ay, bx, by, px, py float64) bool {
	if (ay > py) == (by > py) {
		return false
	}
	if ay > by {
		ax, ay, bx, by = bx, by, ax, ay
	}
	// Quick accept and reject when the point is clearly left or right of
	// the edge's horizontal extent.
	if px < ax && px < bx {
		return true
	}
	if px >= ax && px >= bx {
		return false
	}
	return orient(ax, ay, bx, by, px, py) > 0
}
