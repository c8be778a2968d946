package numbering

import (
	"fmt"
	"maps"
	"slices"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo"
)

// OnStreet is one street's numbered houses, kept to number houses added
// to it one at a time (Add) as Assign numbers a new house among them,
// without numbering the street again: a house added costs a search and a
// copy of its side's list, not the street's houses. It is immutable: Add
// returns the next state, and the one it was called on stays valid.
type OnStreet struct {
	n     *Numberer
	p     *prepared
	chain address.HouseNumber
	// slots are each side's numbered houses in order along the street
	// (left, right); good those of the side's parity.
	slots, good [2][]slot
	// used are the numbers of the street's sides as prepared (never
	// written afterwards) and more those given since.
	used map[address.HouseNumber]bool
	more []address.HouseNumber
}

// Prepare numbers fs on street s as AssignOn does and returns the
// street's state: fs are every frontage Assign places on s, each already
// numbered (Number) and with its one door on s; chain is as for
// AssignOn. It fails when a frontage has no number or cannot be placed
// again where it was numbered (a Problem of Assign).
func (n *Numberer) Prepare(s StreetRef, chain address.HouseNumber, fs []Frontage) (*OnStreet, error) {
	for i := range fs {
		if !fs[i].Number.IsValid() {
			return nil, fmt.Errorf("%w %q: Prepare takes numbered frontages", ErrFrontage, fs[i].ID)
		}
	}
	res, st, err := n.assignOn(s, chain, fs)
	if err != nil {
		return nil, err
	}
	if len(res.Problems) > 0 {
		return nil, res.Problems[0].Err
	}
	p, _ := n.street(s)
	o := &OnStreet{n: n, p: p, chain: chain, used: st.used}
	o.slots = [2][]slot{st.left, st.right}
	for k, parity := range []int{1, 0} {
		for _, sl := range o.slots[k] {
			if sl.num.Number()%2 == parity {
				o.good[k] = append(o.good[k], sl)
			}
		}
	}
	return o, nil
}

// Resume is Prepare without placing or numbering again the houses a run
// of Assign (or AssignOn) numbered on street s: hs are those houses as
// its Result gave them (their Number, Side and Along are read), and fs
// are other numbered frontages to place among them as Prepare places
// them (each with its one door on s: the numbers a street keeps for
// houses gone). Given the same houses it gives the state Prepare gives,
// in time linear in their number but for a sort of fs; it fails where it
// cannot be sure of that: a house of a housing group, on no side, or as
// far along its side as another (Prepare orders those by what hs do not
// keep), and wherever Prepare fails.
func (n *Numberer) Resume(s StreetRef, chain address.HouseNumber, hs []House, fs []Frontage) (*OnStreet, error) {
	p, ok := n.street(s)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrFrontage, n.unknown(s))
	}
	// Each side's houses' places, sorted without moving their numbers,
	// then the side's slots made in that order.
	type place struct {
		along float64
		i     int32 // in nums
	}
	var sides [2][]place
	nums := make([]address.HouseNumber, 0, len(hs)+len(fs))
	put := func(id string, num address.HouseNumber, side geo.Side, along float64) error {
		k := 0
		switch {
		case !num.IsValid():
			return fmt.Errorf("%w %q: Resume takes numbered houses", ErrFrontage, id)
		case groupOf(num) != "":
			return fmt.Errorf("%w %q: a house of a housing group: Prepare numbers the group", ErrFrontage, id)
		case side == geo.SideLeft:
		case side == geo.SideRight:
			k = 1
		default:
			return fmt.Errorf("%w %q: on no side of %q", ErrFrontage, id, p.s.ID)
		}
		if sides[k] == nil {
			sides[k] = make([]place, 0, len(hs)+len(fs))
		}
		sides[k] = append(sides[k], place{along, int32(len(nums))})
		nums = append(nums, num.Local())
		return nil
	}
	for i := range hs {
		h := &hs[i]
		if h.Street != s {
			return nil, fmt.Errorf("%w %q: numbered on %s, not %s", ErrFrontage, h.ID, h.Street, s)
		}
		if err := put(h.ID, h.Number, h.Side, float64(h.Along)); err != nil {
			return nil, err
		}
	}
	for i := range fs {
		f := &fs[i]
		if len(f.Doors) != 1 || f.Doors[0].Street != s {
			return nil, fmt.Errorf("%w %q: one door on %s expected", ErrFrontage, f.ID, s)
		}
		// Placed as numberStreet places it.
		loc, err := p.line.Locate(f.Doors[0].Point)
		switch {
		case err != nil:
			return nil, fmt.Errorf("%w %q: %v", ErrFrontage, f.ID, err)
		case loc.Distance > n.opts.MaxDistance:
			return nil, fmt.Errorf("%w %q: door %.1f m from street %q (at most %v m)", ErrFrontage, f.ID, float64(loc.Distance), p.s.ID, float64(n.opts.MaxDistance))
		}
		if err := put(f.ID, f.Number, loc.Side, float64(loc.Along)); err != nil {
			return nil, err
		}
	}
	o := &OnStreet{n: n, p: p, chain: chain}
	if len(nums) > 0 {
		o.used = make(map[address.HouseNumber]bool, len(nums))
	}
	for k, parity := range []int{1, 0} {
		side := sides[k]
		if len(side) == 0 {
			continue
		}
		// Places along a line are numbers, never NaN.
		slices.SortFunc(side, func(a, b place) int {
			switch {
			case a.along < b.along:
				return -1
			case a.along > b.along:
				return 1
			}
			return 0
		})
		o.slots[k] = make([]slot, len(side))
		good := 0
		for j, pl := range side {
			if j > 0 && pl.along == side[j-1].along {
				return nil, fmt.Errorf("%w: two houses as far along %q: Prepare orders them", ErrFrontage, p.s.ID)
			}
			num := nums[pl.i]
			o.slots[k][j] = slot{pl.along, num}
			o.used[num] = true
			if num.Number()%2 == parity {
				good++
			}
		}
		o.good[k] = make([]slot, 0, good)
		for _, sl := range o.slots[k] {
			if sl.num.Number()%2 == parity {
				o.good[k] = append(o.good[k], sl)
			}
		}
	}
	return o, nil
}

// Equal reports whether o and q number alike: the same street of the
// same Numberer, the same alley chain, and the same houses with the same
// numbers in the same places along it.
func (o *OnStreet) Equal(q *OnStreet) bool {
	if o == nil || q == nil {
		return o == q
	}
	return o.n == q.n && o.p == q.p && o.chain == q.chain &&
		slices.Equal(o.slots[0], q.slots[0]) && slices.Equal(o.slots[1], q.slots[1]) &&
		slices.Equal(o.good[0], q.good[0]) && slices.Equal(o.good[1], q.good[1]) &&
		maps.Equal(o.used, q.used) && slices.Equal(o.more, q.more)
}

// Len is the number of houses numbered on the street (those of housing
// groups aside).
func (o *OnStreet) Len() int { return len(o.slots[0]) + len(o.slots[1]) }

func (o *OnStreet) has(h address.HouseNumber) bool {
	return o.used[h] || slices.Contains(o.more, h)
}

// Add numbers one frontage added to the street (no number of its own, no
// housing group, its one door on the street) as Assign would number it
// among the street's houses, and returns the street's next state with it.
// A frontage Assign could not number is an error (ErrFrontage), as is one
// whose door stands exactly as far along the street as a numbered house's
// (where Assign's order depends on what Add does not keep).
func (o *OnStreet) Add(f Frontage) (*OnStreet, House, error) {
	p := o.p
	fail := func(format string, a ...any) (*OnStreet, House, error) {
		return nil, House{}, fmt.Errorf("%w %q: "+format, append([]any{ErrFrontage, f.ID}, a...)...)
	}
	switch {
	case f.ID == "":
		return nil, House{}, fmt.Errorf("%w: frontage has no ID", ErrFrontage)
	case len(f.Doors) != 1 || f.Doors[0].Street != StreetAt(p.idx):
		return fail("one door on %s expected", StreetAt(p.idx))
	case f.Number.IsValid() || f.Group != "":
		return fail("Add takes a frontage without a number or group")
	}
	d := f.Doors[0]
	if err := geo.CheckPoint(d.Point); err != nil {
		return fail("door 0: %v", err)
	}
	// Placed as numberStreet places it.
	loc, err := p.line.Locate(d.Point)
	switch {
	case err != nil:
		return fail("%v", err)
	case loc.Distance > o.n.opts.MaxDistance:
		return fail("door %.1f m from street %q (at most %v m)", float64(loc.Distance), p.s.ID, float64(o.n.opts.MaxDistance))
	case loc.Side == geo.SideOn:
		return fail("door on the centreline of %q: its side is undefined", p.s.ID)
	}
	it := item{along: float64(loc.Along), off: float64(loc.Offset), side: loc.Side, id: f.ID,
		splitOf: f.SplitOf.Local(), planned: f.Planned}
	s, parity := 1, 0
	if loc.Side == geo.SideLeft {
		s, parity = 0, 1
	}
	slots, good := o.slots[s], o.good[s]
	if slices.ContainsFunc(slots, func(sl slot) bool { return sl.along == it.along }) {
		return fail("a numbered house stands as far along %q", p.s.ID)
	}
	// Numbered as numberSide numbers the one new item of a side.
	var (
		num    address.HouseNumber
		status Status
		note   string
	)
	switch {
	case len(slots) == 0 && !it.splitOf.IsValid(): // a fresh side
		status = Fresh
		next := 0
		if o.n.opts.Spacing > 0 {
			next = max(next, int(it.along/float64(o.n.opts.Spacing)))
		}
		num, err = address.NewHouseNumber(2*next + 2 - parity)
		for err == nil && o.has(num) {
			next++
			num, err = address.NewHouseNumber(2*next + 2 - parity)
		}
	case it.splitOf.IsValid():
		num, status, note, err = o.n.splitNumber(&it, slots, o.has)
	case len(good) == 0:
		status = Fresh
		x := 2 - parity
		for num, err = address.NewHouseNumber(x); err == nil && o.has(num); num, err = address.NewHouseNumber(x) {
			x += 2
		}
	default:
		num, status, note, err = o.n.newNumber(&it, good, parity, o.has)
	}
	if err != nil {
		return fail("%v", err)
	}
	full := num
	if o.chain.IsValid() {
		if full, err = num.InAlley(o.chain); err != nil {
			return fail("%v", err)
		}
	}
	h := House{ID: f.ID, Street: StreetAt(p.idx), Number: full, Side: it.side, Along: geo.Meters(it.along),
		Offset: geo.Meters(it.off), Status: status, Planned: it.planned, Note: note}
	next := *o
	next.more = append(slices.Clip(o.more), num)
	sl := slot{it.along, num}
	next.slots[s] = inserted(slots, sl)
	if num.Number()%2 == parity {
		next.good[s] = inserted(good, sl)
	}
	return &next, h, nil
}

// inserted is a copy of slots with s at its place along the street.
func inserted(slots []slot, s slot) []slot {
	k := upTo(slots, s.along)
	out := make([]slot, len(slots)+1)
	copy(out, slots[:k])
	out[k] = s
	copy(out[k+1:], slots[k:])
	return out
}
