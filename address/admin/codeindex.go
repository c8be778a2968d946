package admin

// codeIndex finds a unit's index in its dataset by its code: a dense
// table a level (codes have at most five digits), so the lookup, which
// parsing and conversion make several times a unit, is two loads instead
// of a hash.
type codeIndex struct {
	v   Version
	idx [Commune + 1][]int32 // idx[level][n] is the unit's index + 1; 0 for none
}

// get returns the index of the unit with code c, if the dataset has it.
func (x *codeIndex) get(c Code) (int32, bool) {
	if c.v != x.v || c.l > Commune {
		return 0, false
	}
	t := x.idx[c.l]
	if int(c.n) >= len(t) || t[c.n] == 0 {
		return 0, false
	}
	return t[c.n] - 1, true
}

// at is get without the second result: 0 for a code not in the dataset.
func (x *codeIndex) at(c Code) int32 {
	i, _ := x.get(c)
	return i
}

// set records unit index i under code c (a code made by [NewCode], so of
// a valid level and at most five digits).
func (x *codeIndex) set(c Code, i int32) {
	t := x.idx[c.l]
	if int(c.n) >= len(t) {
		t = append(t, make([]int32, int(c.n)+1-len(t))...)
	}
	t[c.n] = i + 1
	x.idx[c.l] = t
}
