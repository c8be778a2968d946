package numbering

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo"
)

// slot is a numbered house on one side of a street, for infill and alleys.
type slot struct {
	along float64
	num   address.HouseNumber // local: without the alley chain
}

// ref is a frontage and the door it is numbered by.
type ref struct{ fi, door int }

// upTo returns how many slots lie at or before along (slots are in order
// along the street): the index of the first slot after along.
func upTo(slots []slot, along float64) int {
	k, _ := slices.BinarySearchFunc(slots, along, func(s slot, a float64) int {
		if s.along <= a {
			return -1
		}
		return 1
	})
	return k
}

// item is a frontage placed on a street.
type item struct {
	fi       int
	along    float64
	off      float64
	side     geo.Side
	id       string
	existing address.HouseNumber // local
	splitOf  address.HouseNumber // local
	planned  bool
	corner   bool
	group    string
}

// streetState is what numbering one street leaves for its alleys.
type streetState struct {
	left, right []slot
	chain       address.HouseNumber // the alley's chain; zero for streets and named alleys
	note        string
	kept        bool
	reversed    bool                         // audited against its rule direction (numbered the other way)
	used        map[address.HouseNumber]bool // the numbers of its sides (nil for none)
}

func (s *streetState) slots(side geo.Side) []slot {
	if side == geo.SideLeft {
		return s.left
	}
	return s.right
}

// Assign numbers the frontages. Frontages with a Number keep it; the others
// are numbered by the rules (see docs/design.md). The same input gives the
// same result; adding frontages never changes the number of one that had
// it. Frontages that cannot be numbered are listed in Result.Problems with
// the reason. Assign fails only on frontages without a unique ID.
func (n *Numberer) Assign(fs []Frontage) (*Result, error) {
	seen := make(map[string]struct{}, len(fs))
	for i := range fs {
		id := fs[i].ID
		if id == "" {
			return nil, fmt.Errorf("%w: frontage %d has no ID", ErrFrontage, i)
		}
		if _, dup := seen[id]; dup {
			return nil, fmt.Errorf("%w %q: duplicate ID", ErrFrontage, id)
		}
		seen[id] = struct{}{}
	}
	houses := make([]House, len(fs))
	probs := make([]error, len(fs))
	perStreet, byCount := n.place(fs, probs)
	states := make([]streetState, len(n.streets))

	// Streets level by level: a level's streets are independent; alleys
	// take their numbers from their parent, one level up.
	for lo := 0; lo < len(n.streets); {
		hi := lo
		for hi < len(n.streets) && n.streets[hi].level == n.streets[lo].level {
			hi++
		}
		if n.streets[lo].level > 0 {
			n.alleyChains(n.streets[lo:hi], states)
		}
		level := n.streets[lo:hi]
		var wg sync.WaitGroup
		next := make(chan *prepared)
		for range min(runtime.GOMAXPROCS(0), len(level)) {
			wg.Go(func() {
				for p := range next {
					n.numberStreet(p, fs, perStreet[p.idx], &states[p.idx], houses, probs)
				}
			})
		}
		for _, p := range level {
			next <- p
		}
		close(next)
		wg.Wait()
		lo = hi
	}

	res := &Result{Streets: n.Streets(), ByCount: byCount}
	res.collect(fs, houses, probs)
	for _, p := range n.all {
		if p.parent == nil {
			continue
		}
		st := &states[p.idx]
		res.Alleys = append(res.Alleys, AlleyNumber{
			Street: StreetAt(p.idx), ID: p.s.ID, Parent: StreetAt(p.parent.idx), Chain: st.chain, Side: p.side,
			Along: p.entrance.Along, Entrance: p.entryPt, Kept: st.kept, Note: st.note,
		})
	}
	return res, nil
}

// AssignOn numbers frontages on one street as Assign numbers that street's
// houses, without numbering the others: fs are every frontage Assign
// would place on street s (each with its one door on s), and chain is the
// alley's chain number as Assign would find it (Result.Alleys; zero for a
// street or a named alley). Given the same frontages, it gives the same
// numbers as Assign.
func (n *Numberer) AssignOn(s StreetRef, chain address.HouseNumber, fs []Frontage) (*Result, error) {
	res, _, err := n.assignOn(s, chain, fs)
	return res, err
}

// assignOn is AssignOn, with the street's state after it.
func (n *Numberer) assignOn(s StreetRef, chain address.HouseNumber, fs []Frontage) (*Result, *streetState, error) {
	p, ok := n.street(s)
	if !ok {
		return nil, nil, fmt.Errorf("%w: %s", ErrFrontage, n.unknown(s))
	}
	seen := make(map[string]struct{}, len(fs))
	idx := make([]ref, 0, len(fs))
	probs := make([]error, len(fs))
	for i := range fs {
		f := &fs[i]
		if f.ID == "" {
			return nil, nil, fmt.Errorf("%w: frontage %d has no ID", ErrFrontage, i)
		}
		if _, dup := seen[f.ID]; dup {
			return nil, nil, fmt.Errorf("%w %q: duplicate ID", ErrFrontage, f.ID)
		}
		seen[f.ID] = struct{}{}
		if len(f.Doors) != 1 || f.Doors[0].Street != s {
			return nil, nil, fmt.Errorf("%w %q: one door on %s expected", ErrFrontage, f.ID, s)
		}
		if err := geo.CheckPoint(f.Doors[0].Point); err != nil {
			probs[i] = fmt.Errorf("%w %q: door 0: %v", ErrFrontage, f.ID, err)
			continue
		}
		idx = append(idx, ref{i, 0})
	}
	houses := make([]House, len(fs))
	st := &streetState{chain: chain}
	n.numberStreet(p, fs, idx, st, houses, probs)
	res := &Result{}
	res.collect(fs, houses, probs)
	return res, st, nil
}

// collect sets the houses numbered (compacted in place in houses) and a
// problem for each frontage that could not be.
func (res *Result) collect(fs []Frontage, houses []House, probs []error) {
	res.Houses = houses[:0]
	for i := range fs {
		if probs[i] != nil {
			res.Problems = append(res.Problems, Problem{Frontage: i, ID: fs[i].ID, Err: probs[i]})
			continue
		}
		res.Houses = append(res.Houses, houses[i])
	}
}

// place chooses each frontage's street (the corner rule) and buckets the
// frontages by street index; byCount lists the frontages whose street
// the rule's last test chose (how many houses each street has numbered).
func (n *Numberer) place(fs []Frontage, probs []error) (per [][]ref, byCount []int) {
	// Streets already numbered: frontages with a number and one street.
	numbered := make([]int, len(n.all))
	for i := range fs {
		if f := &fs[i]; f.Number.IsValid() && len(f.Doors) == 1 {
			if p, ok := n.street(f.Doors[0].Street); ok {
				numbered[p.idx]++
			}
		}
	}
	per = make([][]ref, len(n.streets))
	for i := range fs {
		f := &fs[i]
		if len(f.Doors) == 0 {
			probs[i] = fmt.Errorf("%w %q: no door", ErrFrontage, f.ID)
			continue
		}
		best := -1
		var bp *prepared
		for k, d := range f.Doors {
			p, ok := n.street(d.Street)
			if !ok {
				probs[i] = fmt.Errorf("%w %q: door %d: %s", ErrFrontage, f.ID, k, n.unknown(d.Street))
				break
			}
			if err := geo.CheckPoint(d.Point); err != nil {
				probs[i] = fmt.Errorf("%w %q: door %d: %v", ErrFrontage, f.ID, k, err)
				break
			}
			if best >= 0 && p != bp && p.s.CrossSection == bp.s.CrossSection && d.Main == f.Doors[best].Main &&
				(len(byCount) == 0 || byCount[len(byCount)-1] != i) {
				byCount = append(byCount, i)
			}
			if best < 0 || betterDoor(p, d, bp, f.Doors[best], numbered) {
				best, bp = k, p
			}
		}
		if probs[i] != nil {
			continue
		}
		per[bp.idx] = append(per[bp.idx], ref{i, best})
	}
	return per, byCount
}

// betterDoor is the corner rule: the wider street, then the main door,
// then the street already numbered (more numbered houses), then the first.
func betterDoor(p *prepared, d Door, q *prepared, e Door, numbered []int) bool {
	if p == q {
		return d.Main && !e.Main
	}
	if p.s.CrossSection != q.s.CrossSection {
		return p.s.CrossSection > q.s.CrossSection
	}
	if d.Main != e.Main {
		return d.Main
	}
	return numbered[p.idx] > numbered[q.idx]
}

// alleyChains gives each alley of a level its number from its parent's
// houses: the house just before the entrance on the alley's side.
func (n *Numberer) alleyChains(level []*prepared, states []streetState) {
	// Siblings in entrance order, so that a clash goes to the later one.
	order := slices.Clone(level)
	slices.SortStableFunc(order, func(a, b *prepared) int {
		if c := cmp.Compare(a.parent.idx, b.parent.idx); c != 0 {
			return c
		}
		if c := cmp.Compare(a.entrance.Along, b.entrance.Along); c != 0 {
			return c
		}
		return cmp.Compare(a.s.ID, b.s.ID)
	})
	used := make(map[address.HouseNumber]bool)
	for _, p := range order {
		if p.s.Number.IsValid() {
			used[p.s.Number] = true
		}
	}
	for _, p := range order {
		st := &states[p.idx]
		par := &states[p.parent.idx]
		switch {
		case p.s.Number.IsValid():
			st.chain, st.kept = p.s.Number, true
			continue
		case p.s.Name != "":
			continue // a named alley: its houses carry no chain
		}
		slots := par.slots(p.side)
		k := upTo(slots, float64(p.entrance.Along))
		var base address.HouseNumber
		if k > 0 {
			base = slots[k-1].num.Base()
			if sfx := slots[k-1].num.Suffix(); sfx != "" {
				base, _ = base.WithSuffix(sfx)
			}
		} else {
			first := 2
			if p.side == geo.SideLeft {
				first = 1
			}
			base, _ = address.NewHouseNumber(first)
			st.note = "no house before the entrance: the alley takes the side's first number"
		}
		chain := base
		if par.chain.IsValid() {
			c, err := base.InAlley(par.chain)
			if err != nil {
				st.note = err.Error()
				continue
			}
			chain = c
		}
		for used[chain] {
			next, ok := nextLetters(chain.Suffix())
			if !ok {
				break
			}
			chain, _ = chain.WithSuffix(next)
			st.note = "another alley already has the number of the house before the entrance"
		}
		used[chain] = true
		st.chain = chain
	}
}

// numberStreet locates and numbers the frontages of one street.
func (n *Numberer) numberStreet(p *prepared, fs []Frontage, idx []ref, st *streetState, houses []House, probs []error) {
	sides := [2][]item{make([]item, 0, len(idx)/2+1), make([]item, 0, len(idx)/2+1)}
	var groups map[string][]item
	for _, v := range idx {
		fi, di := v.fi, v.door
		f := &fs[fi]
		d := f.Doors[di]
		loc, err := p.line.Locate(d.Point)
		if err != nil {
			probs[fi] = fmt.Errorf("%w %q: %v", ErrFrontage, f.ID, err)
			continue
		}
		if loc.Distance > n.opts.MaxDistance {
			probs[fi] = fmt.Errorf("%w %q: door %.1f m from street %q (at most %v m)", ErrFrontage, f.ID, float64(loc.Distance), p.s.ID, float64(n.opts.MaxDistance))
			continue
		}
		if loc.Side == geo.SideOn {
			probs[fi] = fmt.Errorf("%w %q: door on the centreline of %q: its side is undefined", ErrFrontage, f.ID, p.s.ID)
			continue
		}
		it := item{fi: fi, along: float64(loc.Along), off: float64(loc.Offset), side: loc.Side, id: f.ID,
			existing: f.Number.Local(), splitOf: f.SplitOf.Local(), planned: f.Planned, corner: len(f.Doors) > 1, group: f.Group}
		if f.Group != "" || f.Number.IsValid() && groupOf(f.Number) != "" {
			if it.group == "" {
				it.group = "\x00" + groupOf(f.Number)
			}
			if groups == nil {
				groups = map[string][]item{}
			}
			groups[it.group] = append(groups[it.group], it)
			continue
		}
		s := 0
		if loc.Side == geo.SideRight {
			s = 1
		}
		sides[s] = append(sides[s], it)
	}
	var used map[address.HouseNumber]bool
	for s := range sides {
		for _, it := range sides[s] {
			if it.existing.IsValid() || it.splitOf.IsValid() {
				if used == nil {
					used = make(map[address.HouseNumber]bool)
				}
				if it.existing.IsValid() {
					used[it.existing] = true
				}
			}
		}
	}
	set := func(it *item, num address.HouseNumber, status Status, note string) {
		full := num
		if status == Kept {
			full = fs[it.fi].Number // exactly as given
		} else if st.chain.IsValid() {
			c, err := num.InAlley(st.chain)
			if err != nil {
				probs[it.fi] = fmt.Errorf("%w %q: %v", ErrFrontage, it.id, err)
				return
			}
			full = c
		}
		houses[it.fi] = House{Frontage: it.fi, ID: it.id, Street: StreetAt(p.idx), Number: full, Side: it.side,
			Along: geo.Meters(it.along), Offset: geo.Meters(it.off), Status: status,
			Planned: it.planned, Corner: it.corner, Note: note}
	}
	fail := func(it *item, format string, a ...any) {
		probs[it.fi] = fmt.Errorf("%w %q: "+format, append([]any{ErrFrontage, it.id}, a...)...)
	}
	st.left = n.numberSide(sides[0], true, used, set, fail)
	st.right = n.numberSide(sides[1], false, used, set, fail)
	st.used = used
	if len(groups) > 0 {
		n.numberGroups(p, groups, set, fail)
	}
}

func groupOf(h address.HouseNumber) string {
	g, _ := h.Group()
	return g
}

func byPosition(a, b item) int {
	if c := cmp.Compare(a.along, b.along); c != 0 {
		return c
	}
	if c := cmp.Compare(math.Abs(a.off), math.Abs(b.off)); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// numberSide numbers one side of a street and returns its numbered houses
// in order along the street.
func (n *Numberer) numberSide(items []item, left bool, used map[address.HouseNumber]bool,
	set func(*item, address.HouseNumber, Status, string), fail func(*item, string, ...any)) []slot {
	slices.SortFunc(items, byPosition)
	parity := 0
	if left {
		parity = 1
	}
	fresh := true
	for i := range items {
		if items[i].existing.IsValid() || items[i].splitOf.IsValid() {
			fresh = false
			break
		}
	}
	slots := make([]slot, 0, len(items))
	if fresh {
		k := -1
		for i := range items {
			it := &items[i]
			next := k + 1
			if n.opts.Spacing > 0 {
				next = max(next, int(it.along/float64(n.opts.Spacing)))
			}
			num, err := address.NewHouseNumber(2*next + 2 - parity)
			for err == nil && used[num] { // a kept number of the wrong side
				next++
				num, err = address.NewHouseNumber(2*next + 2 - parity)
			}
			if err != nil {
				fail(it, "%v", err)
				continue
			}
			if used != nil {
				used[num] = true
			}
			k = next
			set(it, num, Fresh, "")
			slots = append(slots, slot{it.along, num})
		}
		return slots
	}
	has := func(h address.HouseNumber) bool { return used[h] }
	// Kept numbers; infill is reckoned among those of the side's parity (a
	// kept number on the wrong side is the audit's business).
	good := make([]slot, 0, len(items))
	for i := range items {
		if it := &items[i]; it.existing.IsValid() {
			set(it, it.existing, Kept, "")
			slots = append(slots, slot{it.along, it.existing})
			if it.existing.Number()%2 == parity {
				good = append(good, slot{it.along, it.existing})
			}
		}
	}
	insert := func(ss []slot, s slot) []slot {
		return slices.Insert(ss, upTo(ss, s.along), s)
	}
	lastFresh := 0
	for i := range items {
		it := &items[i]
		if it.existing.IsValid() {
			continue
		}
		var (
			num    address.HouseNumber
			status Status
			note   string
			err    error
		)
		switch {
		case it.splitOf.IsValid():
			num, status, note, err = n.splitNumber(it, slots, has)
		case len(good) == 0: // no number of this side's parity yet
			status = Fresh
			x := 2 - parity
			if lastFresh > 0 {
				x = lastFresh + 2
			}
			for num, err = address.NewHouseNumber(x); err == nil && used[num]; num, err = address.NewHouseNumber(x) {
				x += 2
			}
			lastFresh = x
		default:
			num, status, note, err = n.newNumber(it, good, parity, has)
		}
		if err != nil {
			fail(it, "%v", err)
			continue
		}
		used[num] = true
		set(it, num, status, note)
		slots = insert(slots, slot{it.along, num})
		if num.Number()%2 == parity {
			good = insert(good, slot{it.along, num})
		}
	}
	return slots
}

// newNumber numbers a new house among numbered ones: before the first,
// after the last (extension) or between two (infill).
func (n *Numberer) newNumber(it *item, slots []slot, parity int, used func(address.HouseNumber) bool) (address.HouseNumber, Status, string, error) {
	k := upTo(slots, it.along)
	plain := func(x int) (address.HouseNumber, bool) {
		if x < 1 {
			return address.HouseNumber{}, false
		}
		h, err := address.NewHouseNumber(x)
		return h, err == nil && !used(h)
	}
	slotNum := -1
	if n.opts.Spacing > 0 {
		slotNum = 2*int(it.along/float64(n.opts.Spacing)) + 2 - parity
	}
	switch {
	case len(slots) == 0:
		return address.HouseNumber{}, 0, "", fmt.Errorf("no numbered house on this side") // unreachable: such a side is fresh
	case k == len(slots): // extension
		L := slots[k-1].num
		x := L.Number() + 1
		if x%2 != parity {
			x++
		}
		x = max(x, slotNum)
		for x <= 99999 {
			if h, ok := plain(x); ok {
				return h, Extended, "", nil
			}
			x += 2
		}
		return address.HouseNumber{}, 0, "", fmt.Errorf("no number left after %s", L)
	case k == 0: // before the first
		R := slots[0].num
		x := R.Number() - 1
		if x%2 != parity {
			x--
		}
		for ; x >= 1; x -= 2 {
			if h, ok := plain(x); ok {
				return h, Before, "", nil
			}
		}
		h, ok := n.after(R, address.HouseNumber{}, used)
		if !ok {
			return address.HouseNumber{}, 0, "", fmt.Errorf("no number left before %s", R)
		}
		return h, Before, fmt.Sprintf("before the first number %s, and no smaller number is free: written as infill after it", R), nil
	}
	L, R := slots[k-1].num, slots[k].num
	// A free plain number between the neighbours: the metric slot first,
	// then the smallest (numbers reserved for this stretch).
	if slotNum > L.Number() && slotNum < R.Number() && slotNum%2 == parity {
		if h, ok := plain(slotNum); ok && L.Alleys() == nil {
			return h, Infill, "", nil
		}
	}
	for x := L.Number() + 1; x < R.Number(); x++ {
		if x%2 == parity {
			if h, ok := plain(x); ok {
				return h, Infill, "", nil
			}
		}
	}
	if h, ok := n.after(L, R, used); ok {
		return h, Infill, "", nil
	}
	h, ok := n.after(L, address.HouseNumber{}, used)
	if !ok {
		return address.HouseNumber{}, 0, "", fmt.Errorf("no infill number left after %s", L)
	}
	return h, Infill, fmt.Sprintf("no number left between %s and %s: numbered after %s out of order", L, R, L), nil
}

// splitNumber numbers a part of a split house: the first part keeps the
// number while nobody holds it, the others take its next suffixes.
func (n *Numberer) splitNumber(it *item, slots []slot, used func(address.HouseNumber) bool) (address.HouseNumber, Status, string, error) {
	note := ""
	if it.splitOf.Odd() != (it.side == geo.SideLeft) {
		note = fmt.Sprintf("split from %s, whose parity is not this side's", it.splitOf)
	}
	if !used(it.splitOf) {
		return it.splitOf, Split, note, nil
	}
	var R address.HouseNumber
	for _, s := range slots {
		if s.num.Compare(it.splitOf) > 0 && (!R.IsValid() || s.num.Compare(R) < 0) {
			R = s.num
		}
	}
	if h, ok := n.after(it.splitOf, R, used); ok {
		return h, Split, note, nil
	}
	h, ok := n.after(it.splitOf, address.HouseNumber{}, used)
	if !ok {
		return address.HouseNumber{}, 0, "", fmt.Errorf("no suffix left for split house %s", it.splitOf)
	}
	return h, Split, fmt.Sprintf("no number left between %s and %s", it.splitOf, R), nil
}

// after returns the first free infill form after L (letters or dashes as
// configured, the other form when the first runs out) that sorts before R
// (no bound when R is zero).
func (n *Numberer) after(L, R address.HouseNumber, used func(address.HouseNumber) bool) (address.HouseNumber, bool) {
	ok := func(h address.HouseNumber) bool {
		return !used(h) && (!R.IsValid() || h.Compare(R) < 0)
	}
	letters := func() (address.HouseNumber, bool) {
		if L.Sub() != 0 {
			return address.HouseNumber{}, false
		}
		s := L.Suffix()
		if s == "bis" || s == "ter" {
			s = ""
		}
		for {
			next, more := nextLetters(s)
			if !more {
				return address.HouseNumber{}, false
			}
			s = next
			h, err := L.WithSuffix(s)
			if err != nil {
				return address.HouseNumber{}, false
			}
			if R.IsValid() && h.Compare(R) >= 0 {
				return address.HouseNumber{}, false
			}
			if ok(h) {
				return h, true
			}
		}
	}
	dashes := func() (address.HouseNumber, bool) {
		for k := L.Sub() + 1; k < L.Number(); k++ {
			h, err := L.WithSub(k)
			if err != nil {
				return address.HouseNumber{}, false
			}
			if R.IsValid() && h.Compare(R) >= 0 {
				return address.HouseNumber{}, false
			}
			if ok(h) {
				return h, true
			}
		}
		return address.HouseNumber{}, false
	}
	first, second := letters, dashes
	if n.opts.Infill == Dashes {
		first, second = dashes, letters
	}
	if h, found := first(); found {
		return h, true
	}
	return second()
}

// nextLetters returns the suffix after s: "" → A, A → B, Z → AA, AZ → BA,
// up to ZZZ.
func nextLetters(s string) (string, bool) {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 'Z' {
			b[i]++
			return string(b), true
		}
		b[i] = 'A'
	}
	if len(b) >= 3 {
		return "", false
	}
	return "A" + string(b), true
}

// letterAt returns the i-th group letter: A, B, …, Z, AA, AB, ….
func letterAt(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return letterAt(i/26-1) + string(rune('A'+i%26))
}

// numberGroups letters the housing groups of a street from its start (its
// entrance): groups on the left A, C, E…, on the right B, D, F…, and
// numbers the houses of each group from 1 in order along the street.
func (n *Numberer) numberGroups(p *prepared, groups map[string][]item,
	set func(*item, address.HouseNumber, Status, string), fail func(*item, string, ...any)) {
	type grp struct {
		key    string
		items  []item
		letter string
		along  float64
		side   geo.Side
	}
	var gs []*grp
	taken := map[string]bool{}
	for key, items := range groups {
		slices.SortFunc(items, byPosition)
		g := &grp{key: key, items: items, along: items[0].along, side: items[0].side}
		for _, it := range items {
			if l := groupOf(it.existing); l != "" {
				if g.letter != "" && g.letter != l {
					fail(&it, "group %q already has letter %s", key, g.letter)
					continue
				}
				g.letter = l
				taken[l] = true
			}
		}
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b *grp) int {
		if c := cmp.Compare(a.along, b.along); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	next := [2]int{0, 1} // left A, C, …; right B, D, …
	for _, g := range gs {
		if g.letter == "" {
			s := 0
			if g.side == geo.SideRight {
				s = 1
			}
			for taken[letterAt(next[s])] {
				next[s] += 2
			}
			g.letter = letterAt(next[s])
			taken[g.letter] = true
		}
		last := 0
		for _, it := range g.items {
			if it.existing.IsValid() && groupOf(it.existing) == g.letter {
				last = max(last, it.existing.Number())
			}
		}
		for i := range g.items {
			it := &g.items[i]
			if it.existing.IsValid() {
				// Kept: a number of the group's letter, or a plain one
				// (another letter failed above).
				if l := groupOf(it.existing); l == g.letter || l == "" {
					set(it, it.existing, Kept, "")
				}
				continue
			}
			if p.parent != nil {
				fail(it, "housing groups are lettered on streets, not in alleys")
				continue
			}
			last++
			num, err := address.NewHouseNumber(last)
			if err == nil {
				num, err = num.InGroup(p.s.Abbrev, g.letter)
			}
			if err != nil {
				fail(it, "%v", err)
				continue
			}
			set(it, num, Grouped, "")
		}
	}
}

// Change is one line of a renumbering plan.
type Change struct {
	Frontage int    // the frontage's position in the slice given
	ID       string // the frontage's ID
	Street   StreetRef
	Old, New address.HouseNumber
}

// Renumber numbers every frontage afresh, ignoring the numbers they have,
// and returns the result with the plan old -> new for every house (Old is
// zero for a house that had none). Use it only when a full renumbering is
// decided; Assign keeps existing numbers.
func (n *Numberer) Renumber(fs []Frontage) (*Result, []Change, error) {
	clean := make([]Frontage, len(fs))
	for i, f := range fs {
		f.Number, f.SplitOf = address.HouseNumber{}, address.HouseNumber{}
		clean[i] = f
	}
	res, err := n.Assign(clean)
	if err != nil {
		return nil, nil, err
	}
	plan := make([]Change, len(res.Houses))
	for i, h := range res.Houses {
		plan[i] = Change{Frontage: h.Frontage, ID: h.ID, Street: h.Street, Old: fs[h.Frontage].Number, New: h.Number}
	}
	return res, plan, nil
}
