package numbering_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
)

// Scenes are drawn in metres east (x) and north (y) of a point in Hà Nội.
const lon0, lat0 = 105.80, 21.03

func pt(x, y float64) orb.Point {
	// Metres per degree from the WGS84 radii of curvature at lat0.
	const a, e2 = 6378137.0, 0.00669437999014
	s := math.Sin(lat0 * math.Pi / 180)
	w := 1 - e2*s*s
	mLat := a * (1 - e2) / (w * math.Sqrt(w)) * math.Pi / 180
	mLon := a / math.Sqrt(w) * math.Cos(lat0*math.Pi/180) * math.Pi / 180
	return orb.Point{lon0 + x/mLon, lat0 + y/mLat}
}

func line(xy ...float64) orb.MultiLineString {
	var ls orb.LineString
	for i := 0; i+1 < len(xy); i += 2 {
		ls = append(ls, pt(xy[i], xy[i+1]))
	}
	return orb.MultiLineString{ls}
}

func house(id string, street numbering.StreetRef, x, y float64) numbering.Frontage {
	return numbering.Frontage{ID: id, Doors: []numbering.Door{{Street: street, Point: pt(x, y)}}}
}

// numbers runs Assign and returns id -> number, failing on any problem.
func numbers(t *testing.T, streets []numbering.Street, fs []numbering.Frontage, opts numbering.Options) (map[string]string, *numbering.Result) {
	t.Helper()
	n, err := numbering.New(streets, opts)
	require.NoError(t, err)
	res, err := n.Assign(fs)
	require.NoError(t, err)
	for _, p := range res.Problems {
		t.Errorf("problem %s: %v", p.ID, p.Err)
	}
	out := map[string]string{}
	for _, h := range res.Houses {
		out[h.ID] = h.Number.String()
	}
	return out, res
}

func TestStraightEastWest(t *testing.T) {
	// Drawn west to east; the Circular runs it east to west, so the south
	// side is on the left (odd) and numbers grow westwards.
	st := []numbering.Street{{ID: "s", Name: "Phố Hàng Bài", Centreline: line(0, 0, 200, 0)}}
	var fs []numbering.Frontage
	for i, x := range []float64{190, 150, 110, 70, 30} {
		fs = append(fs, house(fmt.Sprintf("S%d", i), numbering.StreetAt(0), x, -12))
	}
	for i, x := range []float64{180, 120, 60} {
		fs = append(fs, house(fmt.Sprintf("N%d", i), numbering.StreetAt(0), x, 12))
	}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{"S0": "1", "S1": "3", "S2": "5", "S3": "7", "S4": "9", "N0": "2", "N1": "4", "N2": "6"}, got)
	assert.True(t, res.Streets[0].Reversed)
	assert.Equal(t, numbering.RuleCardinal, res.Streets[0].Rule)
	assert.InDelta(t, 270, res.Streets[0].Heading, 0.01)
	for _, h := range res.Houses {
		if h.ID[0] == 'S' {
			assert.Equal(t, geo.SideLeft, h.Side)
		}
	}
}

func TestNorthSouthAndDiagonals(t *testing.T) {
	// Drawn south to north: numbered north to south, east side (left) odd.
	st := []numbering.Street{
		{ID: "ns", Centreline: line(0, 0, 3, 300)},      // heading almost north: reversed
		{ID: "ne", Centreline: line(0, 0, 100, 100)},    // drawn towards NE: runs NE→SW
		{ID: "nw", Centreline: line(500, 0, 400, 100)},  // drawn towards NW: kept (SE→NW)
		{ID: "ssw", Centreline: line(900, 300, 880, 0)}, // drawn towards S: kept
	}
	fs := []numbering.Frontage{
		house("e-north", numbering.StreetAt(0), 10, 280), house("e-south", numbering.StreetAt(0), 10, 20), house("w-north", numbering.StreetAt(0), -10, 250),
		// NE→SW: left of a south-west heading is south-east.
		house("ne-se", numbering.StreetAt(1), 60, 40), house("ne-nw", numbering.StreetAt(1), 40, 60),
		// SE→NW: left of a north-west heading is south-west.
		house("nw-sw", numbering.StreetAt(2), 440, 40), house("nw-ne", numbering.StreetAt(2), 460, 60),
		house("ssw-e", numbering.StreetAt(3), 900, 150),
	}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{
		"e-north": "1", "e-south": "3", "w-north": "2",
		"ne-se": "1", "ne-nw": "2",
		"nw-sw": "1", "nw-ne": "2",
		"ssw-e": "1",
	}, got)
	rev := map[string]bool{}
	for _, s := range res.Streets {
		rev[s.ID] = s.Reversed
	}
	assert.Equal(t, map[string]bool{"ns": true, "ne": true, "nw": false, "ssw": false}, rev)
}

func TestCurvedStreet(t *testing.T) {
	// A quarter circle of radius 100 around (0,0) from (0,100) (north) to
	// (100,0) (east): the chord heads south-east, so it runs from east to
	// north (SE→NW). Heading round the arc anticlockwise, the centre is on
	// the left (odd).
	var xy []float64
	for a := 90.0; a >= 0; a -= 5 {
		r := a * math.Pi / 180
		xy = append(xy, 100*math.Cos(r), 100*math.Sin(r))
	}
	st := []numbering.Street{{ID: "arc", Centreline: line(xy...)}}
	var fs []numbering.Frontage
	for _, a := range []float64{10, 40, 80} { // inner houses, r = 90
		r := a * math.Pi / 180
		fs = append(fs, house(fmt.Sprintf("in%.0f", a), numbering.StreetAt(0), 90*math.Cos(r), 90*math.Sin(r)))
	}
	for _, a := range []float64{20, 60} { // outer houses, r = 110
		r := a * math.Pi / 180
		fs = append(fs, house(fmt.Sprintf("out%.0f", a), numbering.StreetAt(0), 110*math.Cos(r), 110*math.Sin(r)))
	}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{"in10": "1", "in40": "3", "in80": "5", "out20": "2", "out60": "4"}, got)
	assert.True(t, res.Streets[0].Reversed)
	for _, h := range res.Houses {
		if h.ID == "in40" {
			assert.InDelta(t, 100*40*math.Pi/180, float64(h.Along), 1.0) // along the arc, not the chord
		}
	}
}

func TestRadialStreet(t *testing.T) {
	// Drawn towards the centre, heading west (which the cardinal rule would
	// keep); radial from the centre it runs east, so the north side is left.
	centre := pt(0, 0)
	st := []numbering.Street{{ID: "r", Centreline: line(300, 0, 50, 0), Centre: &centre}}
	fs := []numbering.Frontage{house("n1", numbering.StreetAt(0), 100, 10), house("n2", numbering.StreetAt(0), 250, 10), house("s1", numbering.StreetAt(0), 80, -10)}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{"n1": "1", "n2": "3", "s1": "2"}, got)
	assert.Equal(t, numbering.RuleRadial, res.Streets[0].Rule)
	assert.True(t, res.Streets[0].Reversed)
}

func TestLoopStreet(t *testing.T) {
	// A square block drawn clockwise from its south-west corner. The loop
	// starts at the northernmost (then easternmost) corner, (100,100), and
	// runs anticlockwise: west along the top, down the west side, east along
	// the bottom, up the east side. Inside is on the left (odd).
	st := []numbering.Street{{ID: "loop", Centreline: line(0, 0, 0, 100, 100, 100, 100, 0, 0, 0)}}
	fs := []numbering.Frontage{
		house("top-in", numbering.StreetAt(0), 50, 90), house("west-in", numbering.StreetAt(0), 10, 50), house("bottom-in", numbering.StreetAt(0), 50, 10), house("east-in", numbering.StreetAt(0), 90, 50),
		house("top-out", numbering.StreetAt(0), 70, 110), house("east-out", numbering.StreetAt(0), 110, 30),
	}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{"top-in": "1", "west-in": "3", "bottom-in": "5", "east-in": "7", "top-out": "2", "east-out": "4"}, got)
	assert.Equal(t, numbering.RuleLoop, res.Streets[0].Rule)
	assert.InDelta(t, pt(100, 100)[0], res.Streets[0].Start[0], 1e-12)
}

func TestLegacyKeepsDirection(t *testing.T) {
	// Numbered before the Circular from west to east: kept, north is left.
	st := []numbering.Street{{ID: "old", Regime: numbering.Legacy, Centreline: line(0, 0, 200, 0)}}
	fs := []numbering.Frontage{house("n", numbering.StreetAt(0), 20, 10), house("s", numbering.StreetAt(0), 30, -10), house("n2", numbering.StreetAt(0), 150, 10)}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{"n": "1", "n2": "3", "s": "2"}, got)
	assert.False(t, res.Streets[0].Reversed)
	assert.Equal(t, numbering.RuleKept, res.Streets[0].Rule)
}

// alleyScene: an east-west street, south houses 1, 3, 5 (east to west), an
// unnamed alley going south between 3 and 5, a sub-alley going east from
// the alley between its houses 1 and 3.
func alleyScene() ([]numbering.Street, []numbering.Frontage) {
	st := []numbering.Street{
		{ID: "main", Name: "Phố Trần Quốc Hoàn", Centreline: line(0, 0, 300, 0), CrossSection: 20},
		{ID: "alley", Parent: numbering.StreetAt(0), Centreline: line(150, -100, 150, 0)}, // drawn towards the street
		{ID: "sub", Parent: numbering.StreetAt(1), Centreline: line(150, -50, 220, -50)},
	}
	fs := []numbering.Frontage{
		house("m1", numbering.StreetAt(0), 280, -10), house("m3", numbering.StreetAt(0), 200, -10), house("m5", numbering.StreetAt(0), 100, -10),
		house("m2", numbering.StreetAt(0), 250, 10),
		// In the alley (running south: east is left, odd).
		house("a1", numbering.StreetAt(1), 160, -20), house("a3", numbering.StreetAt(1), 160, -70), house("a2", numbering.StreetAt(1), 140, -30),
		// In the sub-alley (running east: north is left, odd).
		house("s1", numbering.StreetAt(2), 180, -40), house("s2", numbering.StreetAt(2), 190, -60),
	}
	return st, fs
}

func TestAlleysInsideAlleys(t *testing.T) {
	st, fs := alleyScene()
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{
		"m1": "1", "m3": "3", "m5": "5", "m2": "2",
		"a1": "3/1", "a3": "3/3", "a2": "3/2",
		"s1": "3/1/1", "s2": "3/1/2",
	}, got)
	require.Len(t, res.Alleys, 2)
	assert.Equal(t, "3", res.Alleys[0].Chain.String())
	assert.Equal(t, geo.SideLeft, res.Alleys[0].Side)
	assert.Equal(t, "3/1", res.Alleys[1].Chain.String())
	for _, s := range res.Streets {
		if s.ID == "alley" {
			assert.Equal(t, numbering.RuleAlley, s.Rule)
			assert.True(t, s.Reversed) // drawn towards the street, runs from it
		}
	}
}

func TestAlleyNumberingRules(t *testing.T) {
	st := []numbering.Street{
		{ID: "wide", Centreline: line(0, 0, 300, 0), CrossSection: 30},
		{ID: "narrow", Centreline: line(0, -100, 300, -100), CrossSection: 8},
		// Unnamed, linking both, Parent the narrow one: entered from the
		// wider street at its north end.
		{ID: "link", Parent: numbering.StreetAt(1), Other: numbering.StreetAt(0), Centreline: line(120, -100, 120, 0)},
		// Named: no number, its houses carry none.
		{ID: "named", Name: "Ngõ Trại Cá", Parent: numbering.StreetAt(0), Centreline: line(250, 0, 250, 60)},
		// An alley before any house on its side takes the side's first number.
		{ID: "first", Parent: numbering.StreetAt(0), Centreline: line(290, 0, 290, 50)},
		// Two alleys after the same house: the second takes a letter.
		{ID: "twin1", Parent: numbering.StreetAt(0), Centreline: line(60, 0, 60, -50)},
		{ID: "twin2", Parent: numbering.StreetAt(0), Centreline: line(50, 0, 50, -50)},
		// An alley that already has a number keeps it.
		{ID: "kept", Parent: numbering.StreetAt(0), Number: address.MustParseHouseNumber("47"), Centreline: line(20, 0, 20, -30)},
	}
	fs := []numbering.Frontage{
		house("w1", numbering.StreetAt(0), 200, -10), house("w3", numbering.StreetAt(0), 130, -10), house("w5", numbering.StreetAt(0), 70, -10),
		house("in-link", numbering.StreetAt(2), 110, -50), house("in-named", numbering.StreetAt(3), 260, 30),
	}
	_, res := numbers(t, st, fs, numbering.Options{})
	chains := map[string]string{}
	for _, a := range res.Alleys {
		chains[a.ID] = a.Chain.String()
		if a.ID == "link" {
			assert.Equal(t, numbering.StreetAt(0), a.Parent)
		}
	}
	assert.Equal(t, map[string]string{"link": "3", "named": "", "first": "2", "twin1": "5", "twin2": "5A", "kept": "47"}, chains)
	got := map[string]string{}
	for _, h := range res.Houses {
		got[h.ID] = h.Number.String()
	}
	// link runs south from the wide street: west is right (even).
	assert.Equal(t, "3/2", got["in-link"])
	// named runs north from the wide street: east is right (even).
	assert.Equal(t, "2", got["in-named"])
}

func TestCornerHouse(t *testing.T) {
	st := []numbering.Street{
		{ID: "wide", Centreline: line(0, 0, 200, 0), CrossSection: 24},
		{ID: "narrow", Centreline: line(100, 0, 100, -200), CrossSection: 10},
		{ID: "narrow2", Centreline: line(300, 0, 300, -200), CrossSection: 10},
		{ID: "narrow3", Centreline: line(300, -200, 500, -200), CrossSection: 10},
	}
	corner := numbering.Frontage{ID: "corner", Doors: []numbering.Door{
		{Street: numbering.StreetAt(1), Point: pt(110, -20), Main: true}, {Street: numbering.StreetAt(0), Point: pt(120, -10)},
	}}
	// Equal streets: the main door decides.
	corner2 := numbering.Frontage{ID: "corner2", Doors: []numbering.Door{
		{Street: numbering.StreetAt(2), Point: pt(310, -190)}, {Street: numbering.StreetAt(3), Point: pt(310, -190), Main: true},
	}}
	fs := []numbering.Frontage{corner, corner2, house("w", numbering.StreetAt(0), 150, -10)}
	_, res := numbers(t, st, fs, numbering.Options{})
	by := map[string]numbering.House{}
	for _, h := range res.Houses {
		by[h.ID] = h
	}
	assert.Equal(t, numbering.StreetAt(0), by["corner"].Street)
	assert.True(t, by["corner"].Corner)
	assert.Equal(t, "3", by["corner"].Number.String()) // after w (1) going west
	assert.Equal(t, numbering.StreetAt(3), by["corner2"].Street)
}

func TestInfillSplitExtension(t *testing.T) {
	st := []numbering.Street{{ID: "s", Centreline: line(0, 0, 400, 0)}}
	// Existing north side (right, even) 20, 22, 24 from east to west.
	existing := []numbering.Frontage{
		withNumber(house("h20", numbering.StreetAt(0), 300, 10), "20"),
		withNumber(house("h22", numbering.StreetAt(0), 250, 10), "22"),
		withNumber(house("h24", numbering.StreetAt(0), 200, 10), "24"),
	}
	cases := []struct {
		name  string
		opts  numbering.Options
		added []numbering.Frontage
		want  map[string]string
	}{
		{"letters", numbering.Options{}, []numbering.Frontage{house("x1", numbering.StreetAt(0), 280, 10), house("x2", numbering.StreetAt(0), 270, 10)},
			map[string]string{"x1": "20A", "x2": "20B"}},
		{"dashes", numbering.Options{Infill: numbering.Dashes}, []numbering.Frontage{house("x1", numbering.StreetAt(0), 280, 10), house("x2", numbering.StreetAt(0), 270, 10)},
			map[string]string{"x1": "20-1", "x2": "20-2"}},
		{"extension", numbering.Options{}, []numbering.Frontage{house("x1", numbering.StreetAt(0), 150, 10), house("x2", numbering.StreetAt(0), 100, 10)},
			map[string]string{"x1": "26", "x2": "28"}},
		{"before first", numbering.Options{}, []numbering.Frontage{house("x1", numbering.StreetAt(0), 350, 10), house("x2", numbering.StreetAt(0), 390, 10)},
			// x2 (nearer the start) first: 18; then x1 lies between 18 and 20.
			map[string]string{"x2": "18", "x1": "18A"}},
		{"split keeps the number", numbering.Options{}, []numbering.Frontage{
			withSplit(house("p1", numbering.StreetAt(0), 305, 10), "20"), withSplit(house("p2", numbering.StreetAt(0), 295, 10), "20")},
			map[string]string{"p1": "20A", "p2": "20B"}},
		{"other side starts fresh", numbering.Options{}, []numbering.Frontage{house("x1", numbering.StreetAt(0), 260, -10)},
			map[string]string{"x1": "1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := append(append([]numbering.Frontage{}, existing...), c.added...)
			got, _ := numbers(t, st, fs, c.opts)
			for id, want := range c.want {
				assert.Equal(t, want, got[id], id)
			}
			assert.Equal(t, "20", got["h20"])
			assert.Equal(t, "22", got["h22"])
		})
	}
	// A split where the original frontage is gone: the first part keeps it.
	fs := []numbering.Frontage{existing[1], existing[2], withSplit(house("p1", numbering.StreetAt(0), 305, 10), "20"), withSplit(house("p2", numbering.StreetAt(0), 295, 10), "20")}
	got, _ := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, "20", got["p1"])
	assert.Equal(t, "20A", got["p2"])
	// No number sorts between 20 and 20A in either infill form: the next
	// free one is given, with a note.
	fs = []numbering.Frontage{existing[0], withNumber(house("h20A", numbering.StreetAt(0), 270, 10), "20A"), house("x", numbering.StreetAt(0), 290, 10)}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, "20B", got["x"])
	for _, h := range res.Houses {
		if h.ID == "x" {
			assert.Contains(t, h.Note, "out of order")
		}
	}
}

func withNumber(f numbering.Frontage, n string) numbering.Frontage {
	f.Number = address.MustParseHouseNumber(n)
	return f
}

func withSplit(f numbering.Frontage, n string) numbering.Frontage {
	f.SplitOf = address.MustParseHouseNumber(n)
	return f
}

func TestMetricReservation(t *testing.T) {
	st := []numbering.Street{{ID: "s", Centreline: line(0, 0, 0, 300)}} // runs north to south
	// along = 300 - y; left (east) odd.
	fs := []numbering.Frontage{house("a", numbering.StreetAt(0), 10, 295), house("b", numbering.StreetAt(0), 10, 255), house("c", numbering.StreetAt(0), 10, 252), house("w", numbering.StreetAt(0), -10, 200)}
	got, _ := numbers(t, st, fs, numbering.Options{Spacing: 10})
	// a: stretch 0 → 1; b: along 45 → stretch 4 → 9; c: along 48 is in
	// stretch 4 too, so the next: 11; w: along 100 → stretch 10 → 22.
	assert.Equal(t, map[string]string{"a": "1", "b": "9", "c": "11", "w": "22"}, got)
	// A later house in the vacant stretch takes its reserved number.
	fs = []numbering.Frontage{withNumber(fs[0], "1"), withNumber(fs[1], "9"), house("new", numbering.StreetAt(0), 10, 275)}
	got, _ = numbers(t, st, fs, numbering.Options{Spacing: 10})
	assert.Equal(t, "5", got["new"]) // along 25 → stretch 2 → 5
	// Sequential mode takes the smallest free number between neighbours.
	got, _ = numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, "3", got["new"])
}

func TestPlannedLotsReserve(t *testing.T) {
	st := []numbering.Street{{ID: "s", Centreline: line(0, 0, 300, 0)}}
	lot := house("lot", numbering.StreetAt(0), 200, -10)
	lot.Planned = true
	fs := []numbering.Frontage{house("a", numbering.StreetAt(0), 250, -10), lot, house("b", numbering.StreetAt(0), 100, -10)}
	got, res := numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, map[string]string{"a": "1", "lot": "3", "b": "5"}, got)
	assert.True(t, res.Houses[1].Planned)
}

func TestHousingGroups(t *testing.T) {
	st := []numbering.Street{{ID: "s", Abbrev: "BL", Centreline: line(0, 0, 300, 0)}}
	g := func(id, grp string, x, y float64) numbering.Frontage {
		f := house(id, numbering.StreetAt(0), x, y)
		f.Group = grp
		return f
	}
	// Running west: south is left. Groups in order from the east end.
	fs := []numbering.Frontage{
		g("p1", "south-near", 250, -30), g("p2", "south-near", 240, -40),
		g("q1", "north-near", 230, 30),
		g("r1", "south-far", 100, -30), g("r2", "south-far", 90, -30), g("r3", "south-far", 80, -30),
		g("t1", "north-far", 50, 30),
		house("plain", numbering.StreetAt(0), 150, -10),
	}
	got, _ := numbers(t, st, fs, numbering.Options{})
	// The audit reads the groups' sides from their letters: all agree.
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	var hs []numbering.Numbered
	for _, f := range fs {
		hs = append(hs, numbering.Numbered{ID: f.ID, Street: numbering.StreetAt(0), Point: f.Doors[0].Point, Text: got[f.ID]})
	}
	for _, f := range n.Audit(hs, numbering.AuditOptions{}).Houses {
		assert.Equal(t, finding.OK, f.Verdict, "%s %s: %s", f.ID, f.Text, f.Explanation)
	}
	// A group lettered for the other side is reported.
	hs[0].Text = "BL.B-7"
	f := n.Audit(hs, numbering.AuditOptions{}).Houses[0]
	assert.Equal(t, finding.Parity, f.Verdict)
	assert.Contains(t, f.Explanation, "groups lettered A, C, E… belong on this side")
	assert.Equal(t, map[string]string{
		"p1": "BL.A-1", "p2": "BL.A-2", "q1": "BL.B-1",
		"r1": "BL.C-1", "r2": "BL.C-2", "r3": "BL.C-3", "t1": "BL.D-1",
		"plain": "1",
	}, got)
	// A new house of an existing group continues it.
	fs = []numbering.Frontage{withNumber(g("p1", "south-near", 250, -30), "BL.A-1"), g("p3", "south-near", 200, -30)}
	got, _ = numbers(t, st, fs, numbering.Options{})
	assert.Equal(t, "BL.A-2", got["p3"])
	// A house of a group with a plain number keeps it; a second letter in
	// one group is a problem. Every frontage is in the houses or the
	// problems, each house on its street.
	fs = []numbering.Frontage{withNumber(g("p1", "south-near", 250, -30), "2"), g("p3", "south-near", 200, -30),
		withNumber(g("x1", "mixed", 120, -30), "BL.A-4"), withNumber(g("x2", "mixed", 110, -30), "BL.C-5")}
	n, err = numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	res, err := n.Assign(fs)
	require.NoError(t, err)
	require.Len(t, res.Problems, 1)
	assert.Equal(t, 3, res.Problems[0].Frontage)
	require.Len(t, res.Houses, 3)
	for _, h := range res.Houses {
		assert.Equal(t, numbering.StreetAt(0), h.Street, h.ID)
		assert.Equal(t, fs[h.Frontage].ID, h.ID)
	}
	assert.Equal(t, "2", res.Houses[0].Number.String())
	assert.Equal(t, numbering.Kept, res.Houses[0].Status)
}

func TestRenumberPlan(t *testing.T) {
	st := []numbering.Street{{ID: "s", Centreline: line(0, 0, 300, 0)}}
	fs := []numbering.Frontage{
		withNumber(house("a", numbering.StreetAt(0), 250, -10), "7"), withNumber(house("b", numbering.StreetAt(0), 200, -10), "3"), house("c", numbering.StreetAt(0), 100, -10),
	}
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	_, plan, err := n.Renumber(fs)
	require.NoError(t, err)
	require.Len(t, plan, 3)
	assert.Equal(t, numbering.Change{ID: "a", Street: numbering.StreetAt(0), Old: address.MustParseHouseNumber("7"), New: address.MustParseHouseNumber("1")}, plan[0])
	assert.Equal(t, "3", plan[1].Old.String())
	assert.Equal(t, "3", plan[1].New.String())
	assert.False(t, plan[2].Old.IsValid())
	assert.Equal(t, "5", plan[2].New.String())
}

func TestFlats(t *testing.T) {
	// Stair at the origin, a person arriving faces north: flats counted
	// clockwise from the west.
	flats := []numbering.Flat{
		{ID: "east", Floor: 12, Centre: pt(10, 0)}, {ID: "west", Floor: 12, Centre: pt(-10, 0)},
		{ID: "north", Floor: 12, Centre: pt(0, 10)}, {ID: "south", Floor: 12, Centre: pt(0, -10)},
		{ID: "g", Floor: 1, Centre: pt(5, 5)},
	}
	out, err := numbering.NumberFlats("B", pt(0, 0), 0, flats)
	require.NoError(t, err)
	got := map[string]string{}
	for _, f := range out {
		got[f.ID] = f.Apartment.String()
	}
	assert.Equal(t, map[string]string{"west": "B-1201", "north": "B-1202", "east": "B-1203", "south": "B-1204", "g": "B-101"}, got)
	_, err = numbering.NumberFlats("B", pt(0, 0), 0, []numbering.Flat{{ID: "x", Floor: 0, Centre: pt(1, 1)}})
	assert.ErrorIs(t, err, numbering.ErrFrontage)
}

func TestProblemsAndErrors(t *testing.T) {
	st := []numbering.Street{{ID: "s", Centreline: line(0, 0, 300, 0)}}
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	res, err := n.Assign([]numbering.Frontage{
		{ID: "nodoor"},
		house("unknown", numbering.StreetAt(7), 10, 10),
		house("none", numbering.StreetRef{}, 10, 10),
		house("far", numbering.StreetAt(0), 10, 500),
		house("on", numbering.StreetAt(0), 100, 0),
		{ID: "nan", Doors: []numbering.Door{{Street: numbering.StreetAt(0), Point: orb.Point{math.NaN(), 21}}}},
		house("ok", numbering.StreetAt(0), 100, 10),
	})
	require.NoError(t, err)
	require.Len(t, res.Houses, 1)
	require.Len(t, res.Problems, 6)
	// Results refer to the frontages by position.
	assert.Equal(t, 6, res.Houses[0].Frontage)
	for k, p := range res.Problems {
		assert.ErrorIs(t, p.Err, numbering.ErrFrontage, p.ID)
		assert.Equal(t, k, p.Frontage, p.ID)
	}
	assert.ErrorContains(t, res.Problems[1].Err, "street #7 is not one of the 1 streets")
	assert.ErrorContains(t, res.Problems[2].Err, "door 0: no street given")
	_, err = n.Assign([]numbering.Frontage{house("a", numbering.StreetAt(0), 1, 1), house("a", numbering.StreetAt(0), 2, 2)})
	assert.ErrorIs(t, err, numbering.ErrFrontage)

	bad := [][]numbering.Street{
		{{ID: "", Centreline: line(0, 0, 1, 1)}},
		{{ID: "a", Centreline: line(0, 0, 1, 1)}, {ID: "a", Centreline: line(0, 0, 1, 1)}},
		{{ID: "a"}},
		{{ID: "a", Centreline: line(0, 0, 0, 0)}},
		{{ID: "a", Centreline: orb.MultiLineString{{{200, 0}, {201, 0}}}}},
		{{ID: "a", Parent: numbering.StreetAt(5), Centreline: line(0, 0, 1, 1)}},
		{{ID: "a", Parent: numbering.StreetAt(0), Centreline: line(0, 0, 1, 1)}},
		{{ID: "a", Parent: numbering.StreetAt(1), Centreline: line(0, 0, 10, 10)}, {ID: "b", Parent: numbering.StreetAt(0), Centreline: line(0, 0, 10, -10)}},
		{{ID: "a", Centreline: line(0, 0, 10, 10)}, {ID: "b", Parent: numbering.StreetAt(0), Other: numbering.StreetAt(9), Centreline: line(0, 0, 10, -10)}},
		{{ID: "a", CrossSection: -1, Centreline: line(0, 0, 1, 1)}},
		{{ID: "a", Regime: 9, Centreline: line(0, 0, 1, 1)}},
	}
	for i, b := range bad {
		_, err := numbering.New(b, numbering.Options{})
		assert.ErrorIs(t, err, numbering.ErrStreet, "case %d", i)
	}
}

// TestStability adds houses to numbered streets one at a time in random
// orders: no existing number ever changes, numbers stay unique per street
// and of the right parity, and the same input gives the same output.
func TestStability(t *testing.T) {
	st, base := alleyScene()
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	res, err := n.Assign(base)
	require.NoError(t, err)
	numbered := withResult(base, res)
	rng := rand.New(rand.NewPCG(7, 8))
	var extra []numbering.Frontage
	for i := range 40 {
		street := []string{"main", "alley", "sub"}[rng.IntN(3)]
		var x, y float64
		switch street {
		case "main":
			x, y = 5+rng.Float64()*290, (rng.Float64()*2-1)*25
		case "alley":
			x, y = 150+(rng.Float64()*2-1)*15, -5-rng.Float64()*90
		case "sub":
			x, y = 155+rng.Float64()*60, -50+(rng.Float64()*2-1)*12
		}
		if math.Abs(y) < 1 || street == "alley" && math.Abs(x-150) < 1 || street == "sub" && math.Abs(y+50) < 1 {
			continue
		}
		ref := numbering.StreetAt(map[string]int{"main": 0, "alley": 1, "sub": 2}[street])
		extra = append(extra, house(fmt.Sprintf("x%02d", i), ref, x, y))
	}
	for trial := range 5 {
		cur := append([]numbering.Frontage{}, numbered...)
		order := rng.Perm(len(extra))
		for _, k := range order {
			cur = append(cur, extra[k])
			res, err := n.Assign(cur)
			require.NoError(t, err)
			require.Empty(t, res.Problems)
			checkUniqueParity(t, res)
			for i, h := range res.Houses[:len(cur)-1] {
				require.Equal(t, cur[i].Number, h.Number, "trial %d: %s changed", trial, h.ID)
			}
			cur = withResult(cur, res)
		}
	}
	// Same input, same output, byte for byte.
	a, _ := n.Assign(base)
	b, _ := n.Assign(base)
	assert.Equal(t, fmt.Sprint(a.Houses), fmt.Sprint(b.Houses))
}

func withResult(fs []numbering.Frontage, res *numbering.Result) []numbering.Frontage {
	out := append([]numbering.Frontage{}, fs...)
	for i := range out {
		out[i].Number = res.Houses[i].Number
	}
	return out
}

func checkUniqueParity(t *testing.T, res *numbering.Result) {
	t.Helper()
	seen := map[string]string{}
	for _, h := range res.Houses {
		key := h.Street.String() + " " + h.Number.String()
		if prev, dup := seen[key]; dup {
			t.Fatalf("%s and %s both numbered %s", prev, h.ID, key)
		}
		seen[key] = h.ID
		if h.Note == "" {
			require.Equal(t, h.Side == geo.SideLeft, h.Number.Odd(), "%s %s on the %v", h.ID, h.Number, h.Side)
		}
	}
}

// TestConcurrentReads shares one Numberer between goroutines.
func TestConcurrentReads(t *testing.T) {
	st, fs := alleyScene()
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	want, err := n.Assign(fs)
	require.NoError(t, err)
	done := make(chan string)
	for range 8 {
		go func() {
			res, err := n.Assign(fs)
			if err != nil {
				done <- err.Error()
				return
			}
			var hs []numbering.Numbered
			for i, h := range res.Houses {
				hs = append(hs, numbering.Numbered{ID: h.ID, Street: h.Street, Point: fs[i].Doors[0].Point, Text: h.Number.String()})
			}
			n.Audit(hs, numbering.AuditOptions{})
			done <- fmt.Sprint(res.Houses)
		}()
	}
	for range 8 {
		assert.Equal(t, fmt.Sprint(want.Houses), <-done)
	}
}

// TestAssignOn: a house added to one street numbered alone (AssignOn,
// given the street's numbered houses and the alley's chain) gets what
// Assign gives it numbering every street again.
func TestAssignOn(t *testing.T) {
	st, fs := alleyScene()
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	res, err := n.Assign(fs)
	require.NoError(t, err)
	fs = withResult(fs, res)
	chains := map[numbering.StreetRef]address.HouseNumber{}
	for _, a := range res.Alleys {
		chains[a.Street] = a.Chain
	}
	rng := rand.New(rand.NewPCG(4, 18))
	for k := range 40 {
		s := numbering.StreetAt(rng.IntN(len(st)))
		x, y := rng.Float64()*300, -rng.Float64()*120+10
		add := house(fmt.Sprintf("new%d", k), s, x, y)
		add.Planned = k%2 == 0
		want, err := n.Assign(append(slices.Clone(fs), add))
		require.NoError(t, err)
		var on []numbering.Frontage
		for _, h := range res.Houses {
			if h.Street == s {
				on = append(on, fs[h.Frontage])
			}
		}
		got, err := n.AssignOn(s, chains[s], append(on, add))
		require.NoError(t, err)
		wantProblem := slices.ContainsFunc(want.Problems, func(p numbering.Problem) bool { return p.ID == add.ID })
		gotProblem := slices.ContainsFunc(got.Problems, func(p numbering.Problem) bool { return p.ID == add.ID })
		require.Equal(t, wantProblem, gotProblem, add.ID)
		if wantProblem {
			continue
		}
		w, g := want.Houses[len(want.Houses)-1], got.Houses[len(got.Houses)-1]
		require.Equal(t, add.ID, w.ID)
		w.Frontage, g.Frontage = 0, 0
		require.Equal(t, w, g, add.ID)
	}
	_, err = n.AssignOn(numbering.StreetAt(9), address.HouseNumber{}, nil)
	require.ErrorIs(t, err, numbering.ErrFrontage)
	_, err = n.AssignOn(numbering.StreetAt(0), address.HouseNumber{}, []numbering.Frontage{house("x", numbering.StreetAt(1), 0, 0)})
	require.ErrorIs(t, err, numbering.ErrFrontage)
}

// TestByCount: a corner house whose street only the count of numbered
// houses chooses is reported.
func TestByCount(t *testing.T) {
	st := []numbering.Street{
		{ID: "a", Centreline: line(0, 0, 200, 0), CrossSection: 10},
		{ID: "b", Centreline: line(100, 0, 100, -200), CrossSection: 10},
	}
	corner := numbering.Frontage{ID: "corner", Doors: []numbering.Door{
		{Street: numbering.StreetAt(0), Point: pt(110, -10)}, {Street: numbering.StreetAt(1), Point: pt(110, -20)},
	}}
	_, res := numbers(t, st, []numbering.Frontage{corner, house("w", numbering.StreetAt(0), 150, -10)}, numbering.Options{})
	assert.Equal(t, []int{0}, res.ByCount)
	corner.Doors[1].Main = true
	_, res = numbers(t, st, []numbering.Frontage{corner}, numbering.Options{})
	assert.Empty(t, res.ByCount)
}

// TestOnStreet: houses added one at a time to a prepared street
// (Prepare, OnStreet.Add) get what Assign gives each, numbering every
// street again with the houses added before it kept; the states added
// from stay as they were.
func TestOnStreet(t *testing.T) {
	for _, spacing := range []geo.Meters{0, 8} {
		st, fs := alleyScene()
		opts := numbering.Options{Spacing: spacing}
		n, err := numbering.New(st, opts)
		require.NoError(t, err)
		res, err := n.Assign(fs)
		require.NoError(t, err)
		fs = withResult(fs, res)
		chains := map[numbering.StreetRef]address.HouseNumber{}
		for _, a := range res.Alleys {
			chains[a.Street] = a.Chain
			// Kept from now on, as a registry keeps the numbers it issued.
			k, _ := a.Street.Index()
			st[k].Number = a.Chain
		}
		n, err = numbering.New(st, opts)
		require.NoError(t, err)
		states := map[numbering.StreetRef]*numbering.OnStreet{}
		resumed := 0
		for k := range st {
			s := numbering.StreetAt(k)
			var on []numbering.Frontage
			for _, h := range res.Houses {
				if h.Street == s {
					on = append(on, fs[h.Frontage])
				}
			}
			o, err := n.Prepare(s, chains[s], on)
			require.NoError(t, err)
			require.Equal(t, len(on), o.Len())
			states[s] = o
			// Resumed from where Assign placed the houses, some of them
			// given as frontages to place again: the same state.
			var placed []numbering.House
			var again []numbering.Frontage
			for i, h := range res.Houses {
				if h.Street == s {
					if i%3 == 0 {
						again = append(again, fs[h.Frontage])
					} else {
						placed = append(placed, h)
					}
				}
			}
			r, err := n.Resume(s, chains[s], placed, again)
			if err != nil {
				require.ErrorIs(t, err, numbering.ErrFrontage)
				continue
			}
			require.True(t, r.Equal(o), "street %d resumed", k)
			require.False(t, r.Equal(nil))
			resumed++
		}
		require.Greater(t, resumed, len(st)/2, "streets resumed")
		rng := rand.New(rand.NewPCG(5, 18))
		compared := 0
		for k := range 60 {
			s := numbering.StreetAt(rng.IntN(len(st)))
			add := house(fmt.Sprintf("new%d", k), s, rng.Float64()*300, -rng.Float64()*120+10)
			add.Planned = k%3 == 0
			if k%7 == 0 && len(fs) > 0 {
				add.SplitOf = fs[rng.IntN(len(fs))].Number
			}
			want, err := n.Assign(append(slices.Clone(fs), add))
			require.NoError(t, err)
			before := states[s]
			nextState, got, err := before.Add(add)
			wantProblem := slices.ContainsFunc(want.Problems, func(p numbering.Problem) bool { return p.ID == add.ID })
			if wantProblem {
				require.Error(t, err, add.ID)
				continue
			}
			if err != nil {
				require.ErrorIs(t, err, numbering.ErrFrontage)
				continue // as far along as a numbered house: the caller numbers the street
			}
			w := want.Houses[len(want.Houses)-1]
			require.Equal(t, add.ID, w.ID)
			if want.Houses[len(want.Houses)-1].Street != s {
				continue // placed elsewhere: not this street's
			}
			w.Frontage, got.Frontage = 0, 0
			require.Equal(t, w, got, add.ID)
			require.Equal(t, before.Len()+1, nextState.Len())
			add.Number = got.Number
			fs = append(fs, add)
			states[s] = nextState
			compared++
		}
		require.Greater(t, compared, 30, "houses compared")
	}
}
