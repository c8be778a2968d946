package numbering

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo"
)

// InfillStyle is how a new house between two numbered houses is written.
type InfillStyle uint8

const (
	// Letters: 20A, 20B, … after house 20 (the default).
	Letters InfillStyle = iota
	// Dashes: 20-1, 20-2, … after house 20.
	Dashes
)

// Options tune numbering. The zero value is the Circular's plain rules.
type Options struct {
	// Infill chooses 20A or 20-1 for new houses between numbered ones.
	Infill InfillStyle
	// Spacing, when positive, switches on metric reservation: a house's
	// number comes from its distance along the street, one number per
	// Spacing metres on each side (the k-th stretch gives 2k+1 on the left
	// and 2k+2 on the right), so vacant stretches keep their numbers for
	// later houses. Off by default: the Circular prescribes no distance.
	Spacing geo.Meters
	// MaxDistance is how far a door may be from its street's centreline
	// (default 200 m); farther doors are reported, not numbered.
	MaxDistance geo.Meters
}

const defaultMaxDistance = 200

// StreetRef refers to one of the streets given to [New] by its position
// in that slice ([StreetAt]). The zero StreetRef refers to none: a street
// that is no alley has no parent, a house on no known street has none.
type StreetRef struct {
	pos int32 // position + 1; 0 for none
}

// StreetAt is the ref of the street at position i of the slice given to
// New; a negative i gives the zero StreetRef, which refers to none.
func StreetAt(i int) StreetRef {
	if i < 0 || i >= math.MaxInt32 {
		return StreetRef{}
	}
	return StreetRef{int32(i) + 1}
}

// Index is the street's position in the slice given to New; ok is false
// for the zero StreetRef.
func (r StreetRef) Index() (i int, ok bool) { return int(r.pos) - 1, r.pos > 0 }

// String writes the ref as "street #3" ("no street" for the zero ref).
func (r StreetRef) String() string {
	if i, ok := r.Index(); ok {
		return fmt.Sprintf("street #%d", i)
	}
	return "no street"
}

// Door is an entrance of a house or lot on a street.
type Door struct {
	Street StreetRef // the street it opens on
	Point  orb.Point // WGS84 lon/lat
	Main   bool      // the main door, for corner houses
}

// Frontage is a house, building or planned lot to number.
type Frontage struct {
	// ID names the frontage in messages and reports; unique among those
	// given together. Results refer to a frontage by its position.
	ID string
	// Doors on one or more streets; a house with doors on two streets is a
	// corner house (see docs/design.md).
	Doors []Door
	// Planned marks a lot from the approved detailed plan: it takes (and so
	// reserves) a number before a house stands there.
	Planned bool
	// Group is the key of the housing group the house belongs to; houses of
	// a group are numbered inside it (A10) instead of along the street.
	Group string
	// Number is the number the house already has; it is kept. A new house
	// (zero Number) on a street side with numbered houses is numbered as
	// infill or extension.
	Number address.HouseNumber
	// SplitOf is the number of the house this one was split from: one part
	// keeps the number, the others get the next suffixes of it.
	SplitOf address.HouseNumber
}

// Status says how a house got its number.
type Status uint8

const (
	Fresh    Status = iota // numbered in sequence on a side without numbers
	Kept                   // the number it had
	Infill                 // a new house between numbered ones
	Extended               // a new house after the last number of its side
	Before                 // a new house before the first number of its side
	Split                  // a part of a split house
	Grouped                // a house of a housing group
)

func (s Status) String() string {
	return [...]string{"fresh", "kept", "infill", "extended", "before", "split", "grouped"}[s]
}

// House is the outcome for one frontage.
type House struct {
	Frontage int       // the frontage's position in the slice given to Assign
	ID       string    // the frontage's ID
	Street   StreetRef // the street or alley it is numbered on
	// Number is the full number, alley chain included (130/20/2), or a
	// group number (A10).
	Number  address.HouseNumber
	Side    geo.Side
	Along   geo.Meters // along the street in its numbering direction
	Offset  geo.Meters // positive on the left
	Status  Status
	Planned bool
	Corner  bool
	// Note explains anything unusual (a house before the first number, no
	// number left in order between two neighbours).
	Note string
}

// AlleyNumber is the outcome for an alley or sub-alley.
type AlleyNumber struct {
	Street StreetRef // the alley
	ID     string    // the alley's ID
	Parent StreetRef // the street it is entered from
	// Chain is the alley's number with its parents' (130/20 for sub-alley
	// 20 of alley 130); zero for a named alley.
	Chain    address.HouseNumber
	Side     geo.Side   // side of the parent it opens on
	Along    geo.Meters // entrance along the parent
	Entrance orb.Point
	Kept     bool // the number the alley already had
	Note     string
}

// StreetInfo tells how a street was oriented.
type StreetInfo struct {
	ID       string // the street's ID
	Rule     Rule
	Reversed bool    // numbered against the drawn direction
	Heading  float64 // from its start to its end, degrees from north
	Start    orb.Point
	Length   geo.Meters
}

// Problem is a frontage that could not be numbered, with why.
type Problem struct {
	Frontage int    // its position in the slice given to Assign
	ID       string // its ID
	Err      error
}

// Result is the outcome of [Numberer.Assign]. Houses are in the order of
// the frontages given (those in Problems are left out).
type Result struct {
	Houses   []House
	Alleys   []AlleyNumber
	Streets  []StreetInfo
	Problems []Problem
	// ByCount are the frontages (positions) whose street the corner
	// rule's last test chose: doors on streets as wide, equally main, and
	// the street with more numbered houses taken. Such a choice may go the
	// other way once more houses are numbered.
	ByCount []int
}

// Numberer numbers houses on a fixed set of streets. It is immutable after
// New and safe for concurrent use.
type Numberer struct {
	opts    Options
	streets []*prepared // parents before their alleys
	all     []*prepared // in the order given to New
}

type prepared struct {
	s        Street
	idx      int
	line     *geo.Line
	info     StreetInfo
	level    int
	parent   *prepared // entrance street of an alley
	entrance geo.Location
	side     geo.Side // side of the parent the alley opens on
	entryPt  orb.Point
	children []*prepared // alleys opening on this street
}

// New prepares streets for numbering: joins and orients every centreline,
// finds every alley's entrance on its parent. Streets are copied.
func New(streets []Street, opts Options) (*Numberer, error) {
	if opts.MaxDistance <= 0 {
		opts.MaxDistance = defaultMaxDistance
	}
	if math.IsNaN(float64(opts.Spacing)) || opts.Spacing < 0 || math.IsInf(float64(opts.Spacing), 0) {
		return nil, fmt.Errorf("%w: spacing %v", ErrStreet, opts.Spacing)
	}
	n := &Numberer{opts: opts}
	all := make([]*prepared, len(streets))
	ids := make(map[string]bool, len(streets))
	for i := range streets {
		s := streets[i]
		if s.ID == "" {
			return nil, fmt.Errorf("%w: street %d has no ID", ErrStreet, i)
		}
		if ids[s.ID] {
			return nil, fmt.Errorf("%w %q: duplicate ID", ErrStreet, s.ID)
		}
		ids[s.ID] = true
		if c := float64(s.CrossSection); math.IsNaN(c) || c < 0 || math.IsInf(c, 0) {
			return nil, fmt.Errorf("%w %q: cross-section %v", ErrStreet, s.ID, s.CrossSection)
		}
		if s.Regime > AsDrawn {
			return nil, fmt.Errorf("%w %q: unknown regime %d", ErrStreet, s.ID, s.Regime)
		}
		if s.Centre != nil {
			if err := geo.CheckPoint(*s.Centre); err != nil {
				return nil, fmt.Errorf("%w %q: centre: %v", ErrStreet, s.ID, err)
			}
		}
		ls, err := join(s.ID, s.Centreline)
		if err != nil {
			return nil, err
		}
		p := &prepared{s: s, idx: i}
		p.info = StreetInfo{ID: s.ID}
		if s.Parent.pos == 0 {
			ls, p.info.Rule = orient(&s, ls)
			if err := p.setLine(ls, streets[i].Centreline); err != nil {
				return nil, err
			}
		} else {
			p.line, err = geo.NewLine(ls) // oriented once the parent is known
			if err != nil {
				return nil, fmt.Errorf("%w %q: %v", ErrStreet, s.ID, err)
			}
		}
		all[i] = p
	}
	n.all = all
	// Levels: streets 0, alleys one more than their parent.
	var level func(p *prepared, depth int) (int, error)
	level = func(p *prepared, depth int) (int, error) {
		if p.s.Parent.pos == 0 {
			return 0, nil
		}
		if depth > len(all) {
			return 0, fmt.Errorf("%w %q: its parents form a cycle", ErrStreet, p.s.ID)
		}
		par, ok := n.street(p.s.Parent)
		if !ok || par == p {
			return 0, fmt.Errorf("%w %q: parent %v is not another of the %d streets", ErrStreet, p.s.ID, p.s.Parent, len(all))
		}
		if p.s.Other.pos != 0 {
			oth, ok := n.street(p.s.Other)
			if !ok || oth == p {
				return 0, fmt.Errorf("%w %q: other end %v is not another of the %d streets", ErrStreet, p.s.ID, p.s.Other, len(all))
			}
			if p.s.Name == "" && !p.s.Number.IsValid() && oth.s.CrossSection > par.s.CrossSection {
				par = oth
			}
		}
		l, err := level(par, depth+1)
		if err != nil {
			return 0, err
		}
		p.parent = par
		return l + 1, nil
	}
	for _, p := range all {
		l, err := level(p, 0)
		if err != nil {
			return nil, err
		}
		p.level = l
	}
	n.streets = slices.Clone(all)
	slices.SortStableFunc(n.streets, func(a, b *prepared) int { return cmp.Compare(a.level, b.level) })
	for _, p := range n.streets {
		if p.parent != nil {
			if err := p.orientAlley(); err != nil {
				return nil, err
			}
			p.parent.children = append(p.parent.children, p)
		}
	}
	return n, nil
}

func (p *prepared) setLine(ls orb.LineString, drawn orb.MultiLineString) error {
	line, err := geo.NewLine(ls)
	if err != nil {
		return fmt.Errorf("%w %q: %v", ErrStreet, p.s.ID, err)
	}
	p.line = line
	first := drawn[0]
	for _, part := range drawn {
		if len(part) > 0 {
			first = part
			break
		}
	}
	p.info.Reversed = len(first) > 0 && ls[0] != first[0]
	p.info.Start = ls[0]
	p.info.Length = line.Length()
	p.info.Heading = heading(ls[0], ls[len(ls)-1])
	return nil
}

// orientAlley finds the alley's entrance on its parent and runs the alley
// from there (a legacy or as-drawn alley keeps its drawn direction).
func (p *prepared) orientAlley() error {
	ls := p.line.Points()
	a, err := p.parent.line.Locate(ls[0])
	if err != nil {
		return fmt.Errorf("%w %q: %v", ErrStreet, p.s.ID, err)
	}
	b, err := p.parent.line.Locate(ls[len(ls)-1])
	if err != nil {
		return fmt.Errorf("%w %q: %v", ErrStreet, p.s.ID, err)
	}
	entry := ls[0]
	if b.Distance < a.Distance {
		a, entry = b, ls[len(ls)-1]
		if p.s.Regime == Circular08 {
			ls = reversed(ls)
		}
	}
	p.info.Rule = RuleAlley
	if p.s.Regime != Circular08 {
		p.info.Rule = RuleKept
	}
	if err := p.setLine(ls, p.s.Centreline); err != nil {
		return err
	}
	p.entrance, p.entryPt = a, entry
	// The side of the parent the alley opens on: where its inside lies.
	inner, err := p.line.PointAt(min(p.line.Length()/2, 10), 0)
	if err == nil && entry != ls[0] {
		inner, err = p.line.PointAt(max(p.line.Length()-10, p.line.Length()/2), 0)
	}
	if err != nil {
		return fmt.Errorf("%w %q: %v", ErrStreet, p.s.ID, err)
	}
	in, err := p.parent.line.Locate(inner)
	if err != nil {
		return fmt.Errorf("%w %q: %v", ErrStreet, p.s.ID, err)
	}
	p.side = in.Side
	if p.side == geo.SideOn {
		p.side = a.Side
	}
	if p.side == geo.SideOn {
		return fmt.Errorf("%w %q: the alley lies along its parent's centreline; its side is undefined", ErrStreet, p.s.ID)
	}
	return nil
}

// Streets returns how each street was oriented, in the order given to New.
func (n *Numberer) Streets() []StreetInfo {
	out := make([]StreetInfo, len(n.streets))
	for _, p := range n.streets {
		out[p.idx] = p.info
	}
	return out
}

// Line returns the centreline of a street in its numbering direction.
func (n *Numberer) Line(s StreetRef) (*geo.Line, bool) {
	p, ok := n.street(s)
	if !ok {
		return nil, false
	}
	return p.line, true
}

// unknown says why a ref refers to no street of the Numberer.
func (n *Numberer) unknown(s StreetRef) string {
	if s.pos == 0 {
		return "no street given"
	}
	return fmt.Sprintf("%v is not one of the %d streets", s, len(n.all))
}

// street is the street a ref refers to; ok is false for the zero ref and
// for a position beyond the streets given to New.
func (n *Numberer) street(s StreetRef) (*prepared, bool) {
	i, ok := s.Index()
	if !ok || i >= len(n.all) {
		return nil, false
	}
	return n.all[i], true
}
