package numbering_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
)

func claim(id string, street numbering.StreetRef, x, y float64, text string) numbering.Numbered {
	return numbering.Numbered{ID: id, Street: street, Point: pt(x, y), Text: text}
}

func verdicts(rep *numbering.Report) map[string]finding.Reason {
	out := map[string]finding.Reason{}
	for _, f := range rep.Houses {
		out[f.ID] = f.Verdict
	}
	return out
}

func TestAuditFindings(t *testing.T) {
	// Runs east to west: south (left) odd, numbers grow westwards.
	st := []numbering.Street{
		{ID: "s", Name: "Phố Huế", Centreline: line(0, 0, 400, 0)},
		{ID: "a", Parent: numbering.StreetAt(0), Number: address.MustParseHouseNumber("9"), Centreline: line(250, 0, 250, -60)},
		{ID: "b", Parent: numbering.StreetAt(0), Number: address.MustParseHouseNumber("5"), Centreline: line(150, 0, 150, -60)},
	}
	hs := []numbering.Numbered{
		claim("h1", numbering.StreetAt(0), 390, -10, "1"),
		claim("h3", numbering.StreetAt(0), 350, -10, "3"),
		claim("h5", numbering.StreetAt(0), 300, -10, "5"),
		claim("h9", numbering.StreetAt(0), 200, -10, "9"),    // before 7: out of order (the longest increasing run keeps 7)
		claim("h7", numbering.StreetAt(0), 180, -10, "7"),    // alley a (9) opens at x=250, after 5: should be 5
		claim("h11", numbering.StreetAt(0), 120, -10, "11"),  // alley b (5) opens at x=150 after 11: wrong
		claim("h11b", numbering.StreetAt(0), 110, -10, "11"), // duplicate
		claim("h90", numbering.StreetAt(0), 20, -10, "99"),   // a gap of 43 numbers
		claim("e4", numbering.StreetAt(0), 330, 10, "4"),     // even on the right: fine
		claim("e7", numbering.StreetAt(0), 300, 10, "7"),     // odd on the right
		claim("e6", numbering.StreetAt(0), 250, 10, "6"),
		claim("bad", numbering.StreetAt(0), 200, 10, "số nhà"),
		claim("nost", numbering.StreetAt(9), 10, 10, "2"),
		claim("none", numbering.StreetRef{}, 10, 10, "2"),
		claim("ngo", numbering.StreetAt(0), 260, -8, "ngõ 7"), // an alley mark with the right parity, in order
		claim("far", numbering.StreetAt(0), 60, 300, "8"),
		claim("mid", numbering.StreetAt(0), 100, 0, "10"),
	}
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	rep := n.Audit(hs, numbering.AuditOptions{MaxGap: 20})
	assert.Equal(t, map[string]finding.Reason{
		"h1": finding.OK, "h3": finding.OK, "h5": finding.OK, "h7": finding.OK,
		"h9":  finding.Order,
		"h11": finding.OK, "h11b": finding.Duplicate, "h90": finding.OK,
		"e4": finding.OK, "e7": finding.Parity, "e6": finding.OK,
		"bad": finding.UnreadableNumber, "nost": finding.UnknownStreet, "none": finding.UnknownStreet,
		"ngo": finding.OK, "far": finding.Far, "mid": finding.OnCentreline,
	}, verdicts(rep))
	by := map[string]numbering.Finding{}
	for _, f := range rep.Houses {
		by[f.ID] = f
	}
	e7 := by["e7"]
	assert.Equal(t, geo.SideRight, e7.Side)
	assert.False(t, e7.ExpectedOdd)
	assert.InDelta(t, 100, float64(e7.Along), 0.5)
	assert.Contains(t, e7.Explanation, "odd number 7 on the right of Phố Huế")
	assert.Equal(t, "4A", e7.Suggested.String()) // between 4 and 6
	assert.Contains(t, by["h9"].Explanation, "comes after 5 at 100.0 m and before 7 at 220.0 m")
	assert.Equal(t, "5A", by["h9"].Suggested.String())
	assert.Contains(t, by["h11b"].Explanation, "h11")
	require.Len(t, rep.Streets, 1)
	sa := rep.Streets[0]
	assert.Equal(t, "towards the west", sa.Direction)
	assert.False(t, sa.Reversed)
	require.Len(t, sa.Findings, 1)
	assert.Equal(t, finding.Gap, sa.Findings[0].Reason)
	assert.Contains(t, sa.Findings[0].Explanation, "43 numbers missing")
	// Located readable numbers: all but bad, nost, mid; all agree but e7.
	assert.Equal(t, 13, rep.Numbers)
	assert.Equal(t, 12, rep.Agree)
	alleys := map[string]finding.Reason{}
	for _, a := range rep.Alleys {
		alleys[a.ID] = a.Verdict
	}
	assert.Equal(t, map[string]finding.Reason{"a": finding.AlleyMismatch, "b": finding.AlleyMismatch}, alleys)
	assert.Equal(t, "5", rep.Alleys[0].Suggested.String())
	assert.Contains(t, rep.Alleys[0].Explanation, "before house 7")
	assert.Contains(t, rep.Alleys[1].Explanation, "after house 7")
}

func TestAuditLegacyDirection(t *testing.T) {
	// Numbers grow eastwards: against the Circular, so the street is
	// audited eastwards, where north is left (odd).
	st := []numbering.Street{{ID: "s", Name: "Phố Cũ", Centreline: line(0, 0, 400, 0)}}
	hs := []numbering.Numbered{
		claim("1", numbering.StreetAt(0), 10, 10, "1"), claim("3", numbering.StreetAt(0), 100, 10, "3"), claim("5", numbering.StreetAt(0), 200, 10, "5"),
		claim("2", numbering.StreetAt(0), 20, -10, "2"), claim("4", numbering.StreetAt(0), 150, -10, "4"), claim("x", numbering.StreetAt(0), 300, -10, "7"),
	}
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	rep := n.Audit(hs, numbering.AuditOptions{})
	require.Len(t, rep.Streets, 1)
	assert.True(t, rep.Streets[0].Reversed)
	assert.Equal(t, "towards the east", rep.Streets[0].Direction)
	assert.Equal(t, finding.LegacyDirection, rep.Streets[0].Findings[0].Reason)
	v := verdicts(rep)
	assert.Equal(t, finding.OK, v["1"])
	assert.Equal(t, finding.OK, v["4"])
	assert.Equal(t, finding.Parity, v["x"])
	assert.Equal(t, geo.SideLeft, rep.Houses[0].Side)
	assert.InDelta(t, 10, float64(rep.Houses[0].Along), 0.5)
}

// TestAuditAgreesWithAssign: numbers that Assign gave are all "ok".
func TestAuditAgreesWithAssign(t *testing.T) {
	st, fs := alleyScene()
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	res, err := n.Assign(fs)
	require.NoError(t, err)
	var hs []numbering.Numbered
	for i, h := range res.Houses {
		hs = append(hs, numbering.Numbered{ID: h.ID, Street: h.Street, Point: fs[i].Doors[0].Point, Text: h.Number.String()})
	}
	rep := n.Audit(hs, numbering.AuditOptions{})
	for _, f := range rep.Houses {
		assert.Equal(t, finding.OK, f.Verdict, "%s %s: %s", f.ID, f.Text, f.Explanation)
	}
	assert.Equal(t, 1.0, rep.Agreement())
}
