package osm

import (
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/internal/decimal"
)

// Data is what Read takes from an OpenStreetMap XML file.
type Data struct {
	// Streets: one per chain of connected ways with highway and the same
	// name (a dual carriageway gives two). An alley named "Ngõ 201" or
	// "Ngách 9/12 …" gets its number and, as Parent, the nearest street (or
	// shallower alley) within 30 m of one of its ends, preferring one whose
	// name follows the number ("Ngõ 201 Phố Trần Quốc Hoàn").
	Streets []numbering.Street
	// Houses: every node and way with addr:housenumber, located by the node
	// or a point inside the way's outline, matched to the nearest chain of
	// the street its addr:street names (Street empty when none matches).
	Houses []numbering.Numbered
	// AddrStreet holds each house's addr:street as written, by house ID.
	AddrStreet map[string]string
	// Ignored counts the streets and addressed ways left out: those that
	// reference nodes missing from the file (each reference is in
	// Missing; a way is never drawn without one of its vertices) and
	// those of fewer than two nodes.
	Ignored int
	// Missing lists each reference of a way left out to a node the file
	// does not hold, as a cut extract has at its edges: streets first,
	// then houses, each in file order.
	Missing []MissingNode
	// Duplicates lists, in file order, each element ("node/5", "way/7")
	// the file gives again after its first definition: the first is used,
	// and every later one left out.
	Duplicates []string
}

// MissingNode is a way's reference to a node missing from the file.
type MissingNode struct {
	Way, Node int64
}

// ErrInvalid: the file cannot be read (malformed XML, bad coordinates or
// identifiers, beyond a limit). Every error Read returns wraps it.
var ErrInvalid = errors.New("osm: invalid OpenStreetMap data")

// Limits on what Read accepts; beyond them it fails rather than
// exhausting memory.
const (
	maxOSMElements = 20_000_000
	maxOSMWayNodes = 2_000 // OSM's own limit
)

type osmWay struct {
	id   int64
	nds  []int64
	tags map[string]string
	dup  bool // given again: read, not used
}

// Read reads an OpenStreetMap XML file (nodes, ways; relations are
// skipped). Malformed XML, bad coordinates and oversized input give an
// error wrapping ErrInvalid. What it reads but cannot use as given, a way
// referencing a missing node or an element given twice, is listed in
// Missing and Duplicates for the caller to report.
func Read(r io.Reader) (*Data, error) {
	dec := xml.NewDecoder(r)
	nodes := map[int64]orb.Point{}
	type tagged struct {
		id   int64
		pt   orb.Point
		tags map[string]string
		dup  bool // given again: read, not used
	}
	var addrNodes []tagged
	var ways []osmWay
	var cur *osmWay
	seenWays := map[int64]bool{}
	var dups []string
	var curNode *tagged
	count := 0
	fail := func(format string, a ...any) (*Data, error) {
		line, _ := dec.InputPos()
		return nil, fmt.Errorf("%w: line %d: %s", ErrInvalid, line, fmt.Sprintf(format, a...))
	}
	attr := func(se xml.StartElement, name string) string {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	root := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail("%v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if count++; count > maxOSMElements {
				return fail("more than %d elements", maxOSMElements)
			}
			switch t.Name.Local {
			case "osm":
				root = true
			case "node":
				id, err := strconv.ParseInt(attr(t, "id"), 10, 64)
				if err != nil {
					return fail("node id %q", attr(t, "id"))
				}
				// Decimal notation only: not "0x1p-2", "Inf" or "1_0".
				lat, err1 := decimal.Float(attr(t, "lat"))
				lon, err2 := decimal.Float(attr(t, "lon"))
				if err1 != nil || err2 != nil {
					return fail("node %d: coordinates lat=%q lon=%q", id, attr(t, "lat"), attr(t, "lon"))
				}
				p := orb.Point{lon, lat}
				if err := geo.CheckPoint(p); err != nil {
					return fail("node %d: %v", id, err)
				}
				curNode = &tagged{id: id, pt: p}
				if _, dup := nodes[id]; dup {
					dups = append(dups, fmt.Sprintf("node/%d", id))
					curNode.dup = true
				} else {
					nodes[id] = p
				}
			case "way":
				id, err := strconv.ParseInt(attr(t, "id"), 10, 64)
				if err != nil {
					return fail("way id %q", attr(t, "id"))
				}
				cur = &osmWay{id: id, tags: map[string]string{}}
				if seenWays[id] {
					dups = append(dups, fmt.Sprintf("way/%d", id))
					cur.dup = true
				}
				seenWays[id] = true
			case "nd":
				if cur == nil {
					return fail("nd outside a way")
				}
				ref, err := strconv.ParseInt(attr(t, "ref"), 10, 64)
				if err != nil {
					return fail("way %d: nd ref %q", cur.id, attr(t, "ref"))
				}
				if len(cur.nds) >= maxOSMWayNodes {
					return fail("way %d has more than %d nodes", cur.id, maxOSMWayNodes)
				}
				cur.nds = append(cur.nds, ref)
			case "tag":
				k, v := attr(t, "k"), attr(t, "v")
				switch {
				case cur != nil:
					cur.tags[k] = v
				case curNode != nil:
					if curNode.tags == nil {
						curNode.tags = map[string]string{}
					}
					curNode.tags[k] = v
				}
			case "relation":
				if err := dec.Skip(); err != nil {
					return fail("%v", err)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "node":
				if curNode != nil && !curNode.dup && curNode.tags["addr:housenumber"] != "" {
					addrNodes = append(addrNodes, *curNode)
				}
				curNode = nil
			case "way":
				if cur != nil && !cur.dup {
					ways = append(ways, *cur)
				}
				cur = nil
			}
		}
	}
	if !root {
		return nil, fmt.Errorf("%w: no <osm> element", ErrInvalid)
	}
	out := &Data{AddrStreet: map[string]string{}, Duplicates: dups}
	leftOut := map[int64]bool{}
	leaveOut := func(w osmWay) {
		if leftOut[w.id] {
			return
		}
		leftOut[w.id] = true
		out.Ignored++
		for _, id := range w.nds {
			if _, ok := nodes[id]; !ok {
				out.Missing = append(out.Missing, MissingNode{Way: w.id, Node: id})
			}
		}
	}
	resolve := func(w osmWay) (orb.LineString, bool) {
		ls := make(orb.LineString, 0, len(w.nds))
		for _, id := range w.nds {
			p, ok := nodes[id]
			if !ok {
				return nil, false
			}
			ls = append(ls, p)
		}
		return ls, len(ls) >= 2
	}
	// Streets: named highway ways joined into chains.
	byName := map[string][]osmWay{}
	var names []string
	for _, w := range ways {
		name := w.tags["name"]
		if w.tags["highway"] == "" || name == "" || w.tags["area"] == "yes" {
			continue
		}
		if _, ok := resolve(w); !ok {
			leaveOut(w)
			continue
		}
		if _, seen := byName[name]; !seen {
			names = append(names, name)
		}
		byName[name] = append(byName[name], w)
	}
	slices.Sort(names)
	type chain struct {
		name  string
		key   string
		ls    orb.LineString
		line  *geo.Line
		alley address.HouseNumber
		depth int
		after string // the name after an alley's number
		// median is half the distance between merged carriageways
		median geo.Meters
	}
	var chains []*chain
	for _, name := range names {
		for _, nds := range joinWays(byName[name]) {
			ls := make(orb.LineString, len(nds))
			for i, id := range nds {
				ls[i] = nodes[id]
			}
			line, err := geo.NewLine(ls)
			if err != nil {
				continue // a way of one repeated point
			}
			c := &chain{name: name, key: streetKey(name), ls: ls, line: line}
			c.alley, c.after, c.depth = alleyName(name)
			chains = append(chains, c)
		}
	}
	chains = mergeCarriageways(chains, func(c *chain) *geo.Line { return c.line }, func(a, b *chain) bool { return a.name == b.name && a.depth == 0 && b.depth == 0 },
		func(c *chain, mid orb.LineString, line *geo.Line, half geo.Meters) {
			c.ls, c.line, c.median = mid, line, half
		})
	ids := make([]string, len(chains))
	seen := map[string]int{}
	for i, c := range chains {
		seen[c.name]++
		ids[i] = c.name
		if seen[c.name] > 1 {
			ids[i] = fmt.Sprintf("%s #%d", c.name, seen[c.name])
		}
	}
	for i, c := range chains {
		s := numbering.Street{ID: ids[i], Name: c.name, Centreline: orb.MultiLineString{c.ls}, Median: c.median}
		if c.depth > 0 {
			// The parent: nearest shallower chain within 30 m of an end,
			// preferring the street named after the number.
			best, bestD, bestNamed := -1, math.Inf(1), false
			parentNum := c.alley.AlleyChain() // 31 for ngách 31/18
			for j, o := range chains {
				if j == i || o.depth != c.depth-1 {
					continue
				}
				if parentNum.IsValid() && o.alley != parentNum {
					continue // a sub-alley opens on the alley its number names
				}
				named := c.after != "" && o.key == streetKey(c.after) ||
					parentNum.IsValid() && o.alley == parentNum
				for _, end := range []orb.Point{c.ls[0], c.ls[len(c.ls)-1]} {
					loc, err := o.line.Locate(end)
					if err != nil || loc.Distance > 30 {
						continue
					}
					d := float64(loc.Distance)
					if named && !bestNamed || named == bestNamed && d < bestD {
						best, bestD, bestNamed = j, d, named
					}
				}
			}
			if best >= 0 {
				s.Parent, s.Number = numbering.StreetAt(best), c.alley
			}
		}
		out.Streets = append(out.Streets, s)
	}
	// Houses.
	nearest := func(street string, p orb.Point) numbering.StreetRef {
		key := streetKey(street)
		var best numbering.StreetRef
		bestD := math.Inf(1)
		if key == "" {
			return best
		}
		for i, c := range chains {
			if c.key != key {
				continue
			}
			loc, err := c.line.Locate(p)
			if err == nil && float64(loc.Distance) < bestD {
				best, bestD = numbering.StreetAt(i), float64(loc.Distance)
			}
		}
		return best
	}
	add := func(id string, p orb.Point, tags map[string]string) {
		street := tags["addr:street"]
		out.AddrStreet[id] = street
		out.Houses = append(out.Houses, numbering.Numbered{ID: id, Street: nearest(street, p), Point: p, Text: tags["addr:housenumber"]})
	}
	for _, nd := range addrNodes {
		add(fmt.Sprintf("node/%d", nd.id), nd.pt, nd.tags)
	}
	for _, w := range ways {
		if w.tags["addr:housenumber"] == "" {
			continue
		}
		ls, ok := resolve(w)
		if !ok {
			leaveOut(w)
			continue
		}
		add(fmt.Sprintf("way/%d", w.id), inside(ls), w.tags)
	}
	return out, nil
}

// inside returns a point inside a closed way's outline (its pole of
// inaccessibility), or the middle vertex of an open way.
func inside(ls orb.LineString) orb.Point {
	if len(ls) >= 4 && ls[0] == ls[len(ls)-1] {
		if p, _, err := geo.Polylabel(orb.Polygon{orb.Ring(ls)}, 0.1); err == nil {
			return p
		}
	}
	return ls[len(ls)/2]
}

// joinWays joins ways that share end nodes into chains of node IDs, in a
// deterministic order (by the smallest way ID of each chain).
func joinWays(ws []osmWay) [][]int64 {
	ws = slices.Clone(ws)
	slices.SortFunc(ws, func(a, b osmWay) int { return cmp.Compare(a.id, b.id) })
	used := make([]bool, len(ws))
	var out [][]int64
	for i := range ws {
		if used[i] {
			continue
		}
		used[i] = true
		c := slices.Clone(ws[i].nds)
		for grown := true; grown && c[0] != c[len(c)-1]; {
			grown = false
			for j := range ws {
				if used[j] {
					continue
				}
				nd := ws[j].nds
				switch {
				case nd[0] == c[len(c)-1]:
					c = append(c, nd[1:]...)
				case nd[len(nd)-1] == c[len(c)-1]:
					c = append(c, reversedIDs(nd)[1:]...)
				case nd[len(nd)-1] == c[0]:
					c = append(slices.Clone(nd), c[1:]...)
				case nd[0] == c[0]:
					c = append(reversedIDs(nd), c[1:]...)
				default:
					continue
				}
				used[j], grown = true, true
				break
			}
		}
		out = append(out, c)
	}
	return out
}

func reversedIDs(s []int64) []int64 {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}

// streetKey is the matching key of a street name without its kind
// ([fold.NameKey]): "Đường Xuân Thủy", "Đ. Xuân Thuỷ" and "Xuân Thuỷ" all
// give "xuan thuy".
func streetKey(name string) string { return fold.NameKey(name) }

// alleyName reads "Ngõ 201 Phố Trần Quốc Hoàn" as alley 201 with the name
// after it, and its depth (1 for ngõ 201, 2 for ngách 9/12).
func alleyName(name string) (address.HouseNumber, string, int) {
	words := strings.Fields(name)
	if len(words) < 2 {
		return address.HouseNumber{}, "", 0
	}
	if w, ok := fold.Lookup(fold.Key(words[0])); !ok || w.Kind.Class() != fold.Alley {
		return address.HouseNumber{}, "", 0
	}
	h, err := address.ParseHouseNumber(words[1])
	if g, _ := h.Group(); err != nil || g != "" || h.Sub() != 0 {
		return address.HouseNumber{}, "", 0
	}
	return h, strings.Join(words[2:], " "), len(h.Alleys()) + 1
}

// mergeCarriageways replaces each pair of parallel chains of one street (a
// dual carriageway drawn as two one-way ways) by their middle line, so that
// a house between or beside them gets its side from the street's axis:
// relative to one carriageway, a point in the median would be on the wrong
// side. set receives the middle line and half the median distance apart.
func mergeCarriageways[C any](cs []C, lineOf func(C) *geo.Line, same func(a, b C) bool, set func(C, orb.LineString, *geo.Line, geo.Meters)) []C {
	const maxApart = 50.0
	for i := 0; i < len(cs); i++ {
		for j := i + 1; j < len(cs); j++ {
			if !same(cs[i], cs[j]) {
				continue
			}
			a, b := lineOf(cs[i]), lineOf(cs[j])
			if b.Length() > a.Length() {
				a, b = b, a
			}
			// Samples every 5 m, at most 4,000 of them.
			step := max(5, float64(a.Length())/4000)
			var mid orb.LineString
			var apart []float64
			for d := 0.0; ; d += step {
				last := d >= float64(a.Length())
				if last {
					d = float64(a.Length())
				}
				p, err := a.PointAt(geo.Meters(d), 0)
				if err != nil {
					break
				}
				if loc, err := b.Locate(p); err == nil && loc.Past == geo.PastNone && loc.Distance <= maxApart {
					apart = append(apart, float64(loc.Distance))
					p = orb.Point{(p[0] + loc.Point[0]) / 2, (p[1] + loc.Point[1]) / 2}
				}
				if len(mid) == 0 || mid[len(mid)-1] != p {
					mid = append(mid, p)
				}
				if last {
					break
				}
			}
			// Parallel when most of the shorter one lies beside the longer.
			if float64(len(apart))*step < 0.5*float64(b.Length()) || len(mid) < 2 {
				continue
			}
			line, err := geo.NewLine(mid)
			if err != nil {
				continue
			}
			slices.Sort(apart)
			set(cs[i], mid, line, geo.Meters(apart[len(apart)/2]/2))
			cs = slices.Delete(cs, j, j+1)
			j = i // look again for a further piece beside the merged line
		}
	}
	return cs
}
