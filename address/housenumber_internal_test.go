package address

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// A registry holds a house number per house: it stays at 32 bytes, and a
// number made by the constructors equals (==, as map keys compare) the
// same number parsed.
func TestHouseNumberCompact(t *testing.T) {
	require.LessOrEqual(t, unsafe.Sizeof(HouseNumber{}), uintptr(32))
	must := func(h HouseNumber, err error) HouseNumber {
		t.Helper()
		require.NoError(t, err)
		return h
	}
	n := MustParseHouseNumber
	cases := []struct {
		made HouseNumber
		want string
	}{
		{must(must(NewHouseNumber(2)).InAlley(n("130/20"))), "130/20/2"},
		{must(must(must(NewHouseNumber(2)).WithSuffix("b")).InAlley(n("130/20A"))), "130/20A/2B"},
		{must(must(NewHouseNumber(10)).InGroup("bl", "a")), "BL.A-10"},
		{must(must(must(NewHouseNumber(10)).WithSuffix("c")).InGroup("", "ab")), "AB10C"},
		{n("130/20/2B").Local(), "2B"},
		{n("130/20/2B-1").Base(), "130/20/2"},
		{n("BL.A-10bis").Base(), "BL.A-10"},
		{must(n("BL.A-10C").WithSuffix("")), "BL.A-10"},
		{n("41/9D/3").AlleyChain(), "41/9D"},
	}
	for _, c := range cases {
		p := n(c.want)
		require.True(t, c.made == p, "%s made %+v, parsed %+v", c.want, c.made, p)
		require.Equal(t, c.want, c.made.String())
		g, pre := c.made.Group()
		g2, pre2 := p.Group()
		require.Equal(t, [3]string{g, pre, p.Suffix()}, [3]string{g2, pre2, c.made.Suffix()})
	}
}
