package numbering

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo"
)

// Errors of this package; each error returned wraps one of them.
var (
	// ErrStreet: a street or alley cannot be numbered as given (no
	// centreline, bad coordinates, unknown or cyclic parent, duplicate ID).
	ErrStreet = errors.New("numbering: invalid street")
	// ErrFrontage: a house or lot cannot be numbered as given (no door,
	// unknown street, door too far or on the centreline, bad number).
	ErrFrontage = errors.New("numbering: invalid frontage")
)

// Regime is the rule set a street is numbered under.
type Regime uint8

const (
	// Circular08 numbers by Circular 08/2024/TT-BXD: the direction comes
	// from the rules (see [Street]). The default.
	Circular08 Regime = iota
	// Legacy is a street numbered before 15 October 2024 (Decision
	// 05/2006/QĐ-BXD): it keeps its direction, which is the direction the
	// centreline is drawn in.
	Legacy
	// AsDrawn is a direction decided locally for a special street: the
	// direction the centreline is drawn in.
	AsDrawn
)

func (r Regime) String() string {
	switch r {
	case Circular08:
		return "circular08"
	case Legacy:
		return "legacy"
	case AsDrawn:
		return "as-drawn"
	}
	return fmt.Sprintf("Regime(%d)", uint8(r))
}

// ParseRegime reads the names String gives ("" is Circular08).
func ParseRegime(s string) (Regime, error) {
	switch s {
	case "", "circular08":
		return Circular08, nil
	case "legacy":
		return Legacy, nil
	case "as-drawn":
		return AsDrawn, nil
	}
	return 0, fmt.Errorf("%w: unknown regime %q (circular08, legacy, as-drawn)", ErrStreet, s)
}

// Street is a street, or an alley (ngõ, kiệt, hẻm) or sub-alley (ngách)
// when Parent is set. Coordinates are WGS84 lon/lat.
type Street struct {
	// ID names the street in messages and reports; unique among the
	// streets given together. Refs ([StreetRef]) refer to a street by its
	// position.
	ID string
	// Name as written ("Phố Trần Quốc Hoàn"); empty for an unnamed alley.
	Name string
	// Centreline: one LineString, or several parts in order that are joined
	// end to end (a part drawn backwards is turned round; a gap between
	// parts is bridged by a straight piece that counts in the distance).
	Centreline orb.MultiLineString
	// CrossSection is the width of the street's cross-section; a corner
	// house is numbered on the wider street.
	CrossSection geo.Meters
	// Regime decides the direction; see [Regime].
	Regime Regime
	// Centre, when set, makes the street radial: numbered from the end
	// nearer the centre outwards.
	Centre *orb.Point
	// Abbrev is the street abbreviation written before housing-group
	// letters (BL gives BL.A-10); empty gives A10.
	Abbrev string
	// Parent is the street (or alley) this alley opens on and is named
	// after; the zero StreetRef for a street.
	Parent StreetRef
	// Other is, for an alley linking two streets, the street at its other
	// end. An unnamed linking alley is entered from the wider of Parent and
	// Other (Parent on a tie).
	Other StreetRef
	// Number is the number an alley already has (ngõ 201 is 201, hẻm
	// 130/20 is 130/20): kept, and checked by [Numberer.Audit]. An alley
	// with neither Number nor Name takes the number of the house before its
	// entrance; a named alley has no number and its houses none before
	// theirs.
	Number address.HouseNumber
	// Median is, for a dual carriageway drawn as one centreline between its
	// two carriageways, half the distance between them: a point nearer the
	// centreline than that lies between the carriageways, where [Numberer.Audit]
	// reads no side. Zero for a single carriageway.
	Median geo.Meters
}

// Rule says how a street's direction was chosen.
type Rule uint8

const (
	RuleCardinal Rule = iota // N→S, E→W, NE→SW or SE→NW from the street's ends
	RuleRadial               // from the end nearer the centre
	RuleLoop                 // a closed street: from its northernmost point, counter-clockwise
	RuleKept                 // Legacy or AsDrawn: the drawn direction
	RuleAlley                // from the entrance on the parent street
)

func (r Rule) String() string {
	return [...]string{"cardinal", "radial", "loop", "kept", "alley"}[r]
}

// Heading names a compass direction in degrees clockwise from north.
func headingName(deg float64) string {
	names := [...]string{"north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"}
	return names[int(math.Floor(math.Mod(deg+22.5, 360)/45))%8]
}

// vector returns the east and north components in metres of b-a, on the
// local plane of their midpoint.
func vector(a, b orb.Point) (dx, dy float64) {
	pl := geo.NewPlane(orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
	ax, ay := pl.XY(a)
	bx, by := pl.XY(b)
	return bx - ax, by - ay
}

// heading returns the compass heading of b seen from a, in [0, 360).
func heading(a, b orb.Point) float64 {
	dx, dy := vector(a, b)
	h := math.Atan2(dx, dy) * 180 / math.Pi
	if h < 0 {
		h += 360
	}
	return h
}

// ruleHeading reports whether heading h is one the Circular allows: south,
// south-west, west or north-west, each with half the gap to its
// neighbours, i.e. [157.5°, 337.5°). Every street has exactly one of its
// two directions in that range.
func ruleHeading(h float64) bool { return h >= 157.5 && h < 337.5 }

// join turns the parts of a centreline into one line.
func join(id string, parts orb.MultiLineString) (orb.LineString, error) {
	var out orb.LineString
	for k, p := range parts {
		if len(p) == 0 {
			continue
		}
		for i, pt := range p {
			if err := geo.CheckPoint(pt); err != nil {
				return nil, fmt.Errorf("%w %q: part %d vertex %d: %v", ErrStreet, id, k, i, err)
			}
		}
		if len(out) > 0 {
			last := out[len(out)-1]
			if geo.Distance(last, p[len(p)-1]) < geo.Distance(last, p[0]) {
				p = reversed(p)
			}
		}
		for _, pt := range p {
			if len(out) == 0 || out[len(out)-1] != pt {
				out = append(out, pt)
			}
		}
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("%w %q: the centreline needs two distinct points", ErrStreet, id)
	}
	return out, nil
}

func reversed(p orb.LineString) orb.LineString {
	r := make(orb.LineString, len(p))
	for i, pt := range p {
		r[len(p)-1-i] = pt
	}
	return r
}

// orient returns the centreline in its numbering direction for a street
// (not an alley), with the rule that chose it.
func orient(s *Street, ls orb.LineString) (orb.LineString, Rule) {
	switch {
	case s.Regime == Legacy || s.Regime == AsDrawn:
		return ls, RuleKept
	case ls[0] == ls[len(ls)-1]:
		return loopStart(ls), RuleLoop
	case s.Centre != nil:
		if geo.Distance(*s.Centre, ls[len(ls)-1]) < geo.Distance(*s.Centre, ls[0]) {
			return reversed(ls), RuleRadial
		}
		return ls, RuleRadial
	}
	if !ruleHeading(heading(ls[0], ls[len(ls)-1])) {
		return reversed(ls), RuleCardinal
	}
	return ls, RuleCardinal
}

// loopStart rotates a closed ring to start at its northernmost vertex
// (easternmost on a tie) and runs it counter-clockwise, so that its first
// stretch heads west as the east-to-west rule would and the odd numbers
// are inside the loop.
func loopStart(ring orb.LineString) orb.LineString {
	n := len(ring) - 1 // the last vertex repeats the first
	best := 0
	area := 0.0
	for i := 0; i < n; i++ {
		p, q := ring[i], ring[i+1]
		area += p[0]*q[1] - q[0]*p[1]
		if b := ring[best]; p[1] > b[1] || p[1] == b[1] && p[0] > b[0] {
			best = i
		}
	}
	out := make(orb.LineString, 0, n+1)
	for k := 0; k <= n; k++ {
		out = append(out, ring[(best+k)%n])
	}
	if area < 0 { // clockwise: turn round, keeping the start
		for i, j := 1, n-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}
