package admin

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/index"
)

//go:embed data/convert.tsv
var convertData []byte

// Kind says how a legacy commune became 2025 communes.
type Kind uint8

const (
	// OneToOne: the commune became one 2025 commune that has no other
	// predecessor (renamed or recoded at most).
	OneToOne Kind = iota + 1
	// Merged: the commune became one 2025 commune together with others.
	Merged
	// Split: the commune was divided among several 2025 communes; a point,
	// a parcel or a street decides which (see [ConvertAt]).
	Split
)

func (k Kind) String() string {
	return [...]string{"", "one-to-one", "merged", "split"}[min(int(k), 3)]
}

// Successor is a 2025 commune that received (part of) a legacy commune.
type Successor struct {
	Unit Unit
	// Share is the part of the legacy commune it received, when a source
	// publishes it. Neither source used here does, so it is nil: never a
	// guess.
	Share *float64
}

// Conversion is what became of a legacy commune (or of a legacy island
// district that had no communes).
type Conversion struct {
	From Unit
	To   []Successor
	Kind Kind
	// Sources says where the candidates come from: "both" (the two
	// reference sources agree), "union" (they disagreed and every candidate
	// of either is kept), or the one source that lists the commune.
	Sources string
}

type conversionTable struct {
	to      map[Code][]Code // legacy -> 2025
	sources map[Code]string // legacy -> which sources
	from    map[Code][]Code // 2025 -> legacy predecessors
}

var conversions = sync.OnceValue(func() *conversionTable {
	t := &conversionTable{to: map[Code][]Code{}, sources: map[Code]string{}, from: map[Code][]Code{}}
	sc := bufio.NewScanner(bytes.NewReader(convertData))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			panic("admin: corrupt conversion table line " + sc.Text()) // generated and tested; never reached
		}
		lvl := Commune
		if f[0] == "D" {
			lvl = District
		}
		old := MustCode(Legacy, lvl, f[1])
		for _, n := range strings.Split(f[2], ",") {
			nc := MustCode(V2025, Commune, n)
			t.to[old] = append(t.to[old], nc)
			t.from[nc] = append(t.from[nc], old)
		}
		t.sources[old] = f[3]
	}
	return t
})

// Convert returns the 2025 commune(s) a legacy commune became, every
// candidate of a split commune included. A legacy island district without
// communes (Bạch Long Vĩ, Cồn Cỏ, Lý Sơn, Côn Đảo, Phú Quốc's neighbours…)
// converts too.
func Convert(legacy Code) (Conversion, error) {
	if legacy.v != Legacy {
		return Conversion{}, fmt.Errorf("%w: %v is not a legacy code", ErrInvalidCode, legacy)
	}
	old, ok := Load(Legacy).Unit(legacy)
	if !ok {
		return Conversion{}, fmt.Errorf("%w: legacy %v %v", ErrUnknown, legacy.l, legacy)
	}
	c, ok := madeConversions()[legacy]
	if !ok {
		return Conversion{}, fmt.Errorf("%w: no conversion for legacy %v %s (%s)", ErrUnknown, legacy.l, legacy, old.Name)
	}
	c.To = slices.Clone(c.To) // the caller's own
	return c, nil
}

// SoleSuccessor returns the 2025 commune a legacy commune (or island
// district) became when it became exactly one, as [Convert] lists it; ok
// is false for a split commune and for a code Convert has no conversion
// of. Unlike Convert it makes nothing for the caller: a list cleaned asks
// it for every row.
func SoleSuccessor(legacy Code) (u Unit, ok bool) {
	u, ok = soleSuccessors()[legacy.Key()]
	return u, ok
}

// soleSuccessors holds the successor of every legacy unit that became
// exactly one, by its code's Key: a map of integer keys, the quickest to
// ask.
var soleSuccessors = sync.OnceValue(func() map[uint64]Unit {
	m := map[uint64]Unit{}
	for legacy, c := range madeConversions() {
		if len(c.To) == 1 {
			m[legacy.Key()] = c.To[0].Unit
		}
	}
	return m
})

// madeConversions holds the Conversion of every legacy unit that has one,
// made once: a list cleaned converts every row's commune, some twice.
var madeConversions = sync.OnceValue(func() map[Code]Conversion {
	t := conversions()
	o, n := Load(Legacy), Load(V2025)
	out := make(map[Code]Conversion, len(t.to))
	for legacy, to := range t.to {
		old, ok := o.Unit(legacy)
		if !ok || len(to) == 0 {
			continue
		}
		c := Conversion{From: old, Sources: t.sources[legacy], To: make([]Successor, 0, len(to))}
		for _, code := range to {
			u, _ := n.Unit(code)
			c.To = append(c.To, Successor{Unit: u})
		}
		switch {
		case len(to) > 1:
			c.Kind = Split
		case len(t.from[to[0]]) > 1:
			c.Kind = Merged
		default:
			c.Kind = OneToOne
		}
		out[legacy] = c
	}
	return out
})

// Predecessors returns the legacy communes (or island districts) a 2025
// commune was made of, wholly or in part.
func Predecessors(c Code) ([]Unit, error) {
	if c.v != V2025 || c.l != Commune {
		return nil, fmt.Errorf("%w: %v is not a 2025 commune code", ErrInvalidCode, c)
	}
	l := Load(Legacy)
	var out []Unit
	for _, o := range conversions().from[c] {
		u, _ := l.Unit(o)
		out = append(out, u)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: 2025 commune %v", ErrUnknown, c)
	}
	return out, nil
}

// MadeFrom reports whether 2025 commune c was made, wholly or in part,
// of a legacy commune of legacy district d (or of island district d
// itself). It allocates nothing.
func MadeFrom(c, d Code) bool {
	if c.v != V2025 || c.l != Commune || d.v != Legacy || d.l != District {
		return false
	}
	return slices.Contains(madeFrom().districts(c), d)
}

// MadeFromProvince reports whether 2025 commune c was made, wholly or in
// part, of a legacy commune of legacy province p. It allocates nothing.
func MadeFromProvince(c, p Code) bool {
	if c.v != V2025 || c.l != Commune || p.v != Legacy || p.l != Province {
		return false
	}
	return slices.Contains(madeFrom().provinces(c), p)
}

// madeFromTable holds, for each 2025 unit (by its index in its dataset),
// the legacy districts and provinces its predecessors lay in: the parser
// asks MadeFrom and MadeFromProvince of every 2025 commune read beside a
// legacy district or province, and walking the conversions and the
// predecessors' parents each time cost more than the rest of the reading.
type madeFromTable struct {
	d2025 *Dataset
	// up[off[i]:mid[i]] are the districts of unit i (an island district
	// itself), up[mid[i]:off[i+1]] its provinces; each listed once.
	up       []Code
	off, mid []int32
}

// districts returns the legacy districts 2025 commune c was made from.
func (t *madeFromTable) districts(c Code) []Code {
	i, ok := t.d2025.byCode.get(c)
	if !ok {
		return nil
	}
	return t.up[t.off[i]:t.mid[i]]
}

// provinces returns the legacy provinces 2025 commune c was made from.
func (t *madeFromTable) provinces(c Code) []Code {
	i, ok := t.d2025.byCode.get(c)
	if !ok {
		return nil
	}
	return t.up[t.mid[i]:t.off[i+1]]
}

var madeFrom = sync.OnceValue(func() *madeFromTable {
	l, n := Load(Legacy), Load(V2025)
	from := conversions().from
	t := &madeFromTable{d2025: n, off: make([]int32, len(n.units)+1), mid: make([]int32, len(n.units))}
	add := func(start int, c Code) {
		if !slices.Contains(t.up[start:], c) {
			t.up = append(t.up, c)
		}
	}
	for i, u := range n.units {
		t.off[i] = int32(len(t.up))
		// A predecessor of district d: a commune of d, or d itself.
		for _, o := range from[u.Code] {
			if o.l == District {
				add(int(t.off[i]), o)
			}
			if pu, ok := l.Unit(o); ok && pu.Parent.l == District {
				add(int(t.off[i]), pu.Parent)
			}
		}
		t.mid[i] = int32(len(t.up))
		// Of province p: a commune of a district of p, or an island
		// district of p.
		for _, o := range from[u.Code] {
			pu, ok := l.Unit(o)
			if !ok {
				continue
			}
			if pu.Parent.l == Province {
				add(int(t.mid[i]), pu.Parent)
			}
			if d, ok := l.Unit(pu.Parent); ok && d.Parent.l == Province {
				add(int(t.mid[i]), d.Parent)
			}
		}
	}
	t.off[len(n.units)] = int32(len(t.up))
	return t
})

// Evidence says how a split commune's successor was chosen.
type Evidence uint8

const (
	// Only: the legacy commune had one successor; no choice was made.
	Only Evidence = iota + 1
	// Boundary: the point lies inside the successor's boundary polygon.
	Boundary
	// Centroid: no boundary holds the point (none was given, or none of the
	// candidates' covers it); the successor is the candidate whose
	// published centroid is nearest. Weaker evidence: near a border the
	// nearest centroid is often the wrong commune.
	Centroid
)

func (e Evidence) String() string {
	return [...]string{"", "only-candidate", "boundary", "nearest-centroid"}[min(int(e), 3)]
}

// ConvertAt picks the 2025 successor of a legacy commune that holds point
// p (WGS84 lon, lat): by the candidates' boundaries when the caller gives
// them (an index of 2025 commune polygons, see [NewBoundaries]), otherwise
// by the nearest published centroid among the candidates, reported as the
// weaker evidence it is.
func ConvertAt(legacy Code, p orb.Point, boundaries *index.PolygonIndex[Code]) (Unit, Evidence, error) {
	c, err := Convert(legacy)
	if err != nil {
		return Unit{}, 0, err
	}
	if len(c.To) == 1 {
		return c.To[0].Unit, Only, nil
	}
	if err := geo.CheckPoint(p); err != nil {
		return Unit{}, 0, err
	}
	if boundaries != nil {
		for code := range boundaries.AllContaining(p) {
			for _, s := range c.To {
				if s.Unit.Code == code {
					return s.Unit, Boundary, nil
				}
			}
		}
	}
	best, bestD := -1, math.Inf(1)
	for i, s := range c.To {
		if s.Unit.Center == (orb.Point{}) {
			continue
		}
		if d := float64(geo.Distance(p, s.Unit.Center)); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return Unit{}, 0, fmt.Errorf("%w: no boundary or centroid decides among %d successors of %s", ErrUnknown, len(c.To), c.From.Name)
	}
	return c.To[best].Unit, Centroid, nil
}

// NewBoundaries indexes boundary polygons of units, for [ConvertAt] and
// [UnitAt]: each feature is matched to a unit of level l in d by the name
// in its property nameProp (any spelling [Dataset.Match] accepts). A
// feature whose name matches no unit, or several, is an error naming it;
// so is invalid geometry.
func NewBoundaries(fc *geojson.FeatureCollection, d *Dataset, l Level, nameProp string) (*index.PolygonIndex[Code], error) {
	var feats []index.Feature[Code]
	for i, f := range fc.Features {
		name, _ := f.Properties[nameProp].(string)
		cs := d.Match(l, name, Code{})
		if len(cs) != 1 {
			return nil, fmt.Errorf("%w: boundary feature %d: %q matches %d %v units", ErrUnknown, i, name, len(cs), l)
		}
		feats = append(feats, index.Feature[Code]{Geometry: f.Geometry, Value: cs[0].Unit.Code})
	}
	return index.BuildPolygonIndex(feats)
}

// UnitAt returns the unit whose boundary holds p.
func UnitAt(boundaries *index.PolygonIndex[Code], d *Dataset, p orb.Point) (Unit, bool) {
	c, ok := boundaries.Containing(p)
	if !ok {
		return Unit{}, false
	}
	return d.Unit(c)
}
