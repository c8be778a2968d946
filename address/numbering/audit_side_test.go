package numbering_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
)

// A point without a side (on the centreline, or between the carriageways
// of a dual carriageway) has SideOn in its finding, whatever its verdict,
// and no expected parity.
func TestAuditNoSide(t *testing.T) {
	st := []numbering.Street{{ID: "s", Name: "Đại lộ Thăng Long", Centreline: line(0, 0, 400, 0), Median: 6}}
	hs := []numbering.Numbered{
		claim("median", numbering.StreetAt(0), 200, 3, "4"),       // 3 m from the axis, the carriageways 6 m from it
		claim("median-odd", numbering.StreetAt(0), 150, -2, "7"),  // the other half of the median
		claim("unreadable", numbering.StreetAt(0), 250, 4, "???"), // no number, and no side either
		claim("axis", numbering.StreetAt(0), 100, 0, "2"),
		claim("beyond", numbering.StreetAt(0), 300, 10, "6"), // beyond the carriageway: a side
	}
	n, err := numbering.New(st, numbering.Options{})
	require.NoError(t, err)
	rep := n.Audit(hs, numbering.AuditOptions{})
	for _, f := range rep.Houses[:4] {
		assert.Equal(t, geo.SideOn, f.Side, "%s: %s", f.ID, f.Explanation)
		assert.False(t, f.ExpectedOdd, f.ID)
		assert.False(t, f.Agrees(), f.ID)
	}
	for _, f := range rep.Houses[:2] {
		assert.Equal(t, finding.OnCentreline, f.Verdict, f.ID)
		assert.Contains(t, f.Explanation, "between the carriageways", f.ID)
	}
	assert.Equal(t, finding.UnreadableNumber, rep.Houses[2].Verdict)
	assert.NotEqual(t, geo.SideOn, rep.Houses[4].Side)
	assert.Equal(t, 1, rep.Numbers, "only the house beyond the carriageway has a side")
}
