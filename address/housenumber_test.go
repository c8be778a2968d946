package address_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

func TestHouseNumberForms(t *testing.T) {
	tests := []struct {
		in, canon string
		num       int
		suffix    string
		sub       int
		rangeEnd  int
		alleys    []string
		group     string
		prefix    string
	}{
		{in: "12", canon: "12", num: 12},
		{in: "12A", canon: "12A", num: 12, suffix: "A"},
		{in: "12a", canon: "12A", num: 12, suffix: "A"},
		{in: "20-1", canon: "20-1", num: 20, sub: 1},
		{in: "20AB", canon: "20AB", num: 20, suffix: "AB"},
		{in: "12/3B", canon: "12/3B", num: 3, suffix: "B", alleys: []string{"12"}},
		{in: "130/20/2", canon: "130/20/2", num: 2, alleys: []string{"130", "20"}},
		{in: "45/88/20P", canon: "45/88/20P", num: 20, suffix: "P", alleys: []string{"45", "88"}},
		{in: "41/9D", canon: "41/9D", num: 9, suffix: "D", alleys: []string{"41"}},
		{in: "1/2/3/4/5/6", canon: "1/2/3/4/5/6", num: 6, alleys: []string{"1", "2", "3", "4", "5"}},
		{in: "15bis", canon: "15bis", num: 15, suffix: "bis"},
		{in: "15 Bis", canon: "15bis", num: 15, suffix: "bis"},
		{in: "7 ter", canon: "7ter", num: 7, suffix: "ter"},
		{in: "A10", canon: "A10", num: 10, group: "A"},
		{in: "BL.A-10", canon: "BL.A-10", num: 10, group: "A", prefix: "BL"},
		{in: "bl.a-10", canon: "BL.A-10", num: 10, group: "A", prefix: "BL"},
		{in: "A-10", canon: "A10", num: 10, group: "A"},
		{in: "176-181", canon: "176-181", num: 176, rangeEnd: 181},
		{in: "  25/77 ", canon: "25/77", num: 77, alleys: []string{"25"}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			h, err := address.ParseHouseNumber(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.canon, h.String())
			assert.Equal(t, tc.num, h.Number())
			assert.Equal(t, tc.suffix, h.Suffix())
			assert.Equal(t, tc.sub, h.Sub())
			end, isRange := h.Range()
			assert.Equal(t, tc.rangeEnd, end)
			assert.Equal(t, tc.rangeEnd != 0, isRange)
			var alleys []string
			for _, a := range h.Alleys() {
				alleys = append(alleys, a.String())
			}
			assert.Equal(t, tc.alleys, alleys)
			g, p := h.Group()
			assert.Equal(t, tc.group, g)
			assert.Equal(t, tc.prefix, p)
			again, err := address.ParseHouseNumber(h.String())
			require.NoError(t, err)
			assert.Equal(t, h, again, "canonical form parses to the same value")
		})
	}
}

func TestHouseNumberErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
	}{
		{"", -1},
		{"   ", -1},
		{"0", 0},
		{"100000", 0},
		{"12ABCD", 2},
		{"12/", 3},
		{"/12", 0},
		{"12-", 3},
		{"12-12", 2},
		{"12A-15", 3},
		{"12-1/3", 2},
		{"A", 1},
		{"BL.-10", 3},
		{"ABCD10", 0},
		{"12 nhà", 2},
		{"1/2/3/4/5/6/7/8", -1},
		{"12\x00", 2},
		{"１２", 0},
		{strings.Repeat("1/", 40) + "1", -1},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := address.ParseHouseNumber(tc.in)
			require.ErrorIs(t, err, address.ErrHouseNumber)
			var he *address.HouseNumberError
			require.ErrorAs(t, err, &he)
			assert.Equal(t, tc.pos, he.Pos, err.Error())
		})
	}
}

// The documented order along a street.
func TestHouseNumberOrder(t *testing.T) {
	want := []string{"11", "12", "12bis", "12ter", "12A", "12B", "12AA", "12-1", "12-2", "13", "14", "176-181", "A1", "A2", "B1", "BL.A-3", "12/1", "12/3B", "12/3/1", "14/2"}
	got := slices.Clone(want)
	slices.Reverse(got)
	hs := make([]address.HouseNumber, len(got))
	for i, s := range got {
		hs[i] = address.MustParseHouseNumber(s)
	}
	slices.SortFunc(hs, address.HouseNumber.Compare)
	var out []string
	for _, h := range hs {
		out = append(out, h.String())
	}
	assert.Equal(t, want, out)
	assert.Zero(t, address.MustParseHouseNumber("12a").Compare(address.MustParseHouseNumber("12A")))
}

func TestHouseNumberParity(t *testing.T) {
	assert.True(t, address.MustParseHouseNumber("25").Odd())
	assert.False(t, address.MustParseHouseNumber("12A").Odd())
	assert.True(t, address.MustParseHouseNumber("130/20/3").Odd(), "the house's own number")
	assert.False(t, address.MustParseHouseNumber("176-181").Odd(), "a range: its first number")
}

func TestHouseNumberText(t *testing.T) {
	h := address.MustParseHouseNumber("130/20/2")
	b, err := json.Marshal(map[string]address.HouseNumber{"n": h})
	require.NoError(t, err)
	assert.Equal(t, `{"n":"130/20/2"}`, string(b))
	var back map[string]address.HouseNumber
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, h, back["n"])
	assert.Error(t, json.Unmarshal([]byte(`{"n":"0"}`), &back))
	assert.False(t, address.HouseNumber{}.IsValid())
	assert.Equal(t, "", address.HouseNumber{}.String())
	assert.Panics(t, func() { address.MustParseHouseNumber("x") })
}

func TestApartmentNumber(t *testing.T) {
	a, err := address.ParseApartmentNumber("A", "1205")
	require.NoError(t, err)
	assert.Equal(t, address.Apartment{Building: "A", Floor: 12, Flat: 5}, a)
	assert.Equal(t, "A-1205", a.String())
	b, err := address.ParseApartmentNumber("", "305")
	require.NoError(t, err)
	assert.Equal(t, 3, b.Floor)
	assert.Equal(t, "305", b.String())
	for _, bad := range []string{"", "12", "123456", "12a5", "0005", "1200"} {
		_, err := address.ParseApartmentNumber("A", bad)
		assert.ErrorIs(t, err, address.ErrHouseNumber, bad)
	}
}

func FuzzParseHouseNumber(f *testing.F) {
	for _, s := range []string{"12", "12A", "20-1", "130/20/2", "15 Bis", "BL.A-10", "176-181", "", "0", "A", "12/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := address.ParseHouseNumber(s)
		if err != nil {
			var he *address.HouseNumberError
			require.ErrorAs(t, err, &he)
			require.True(t, he.Pos >= -1 && he.Pos <= len(s), "position %d in %q", he.Pos, s)
			return
		}
		require.True(t, h.IsValid())
		again, err := address.ParseHouseNumber(h.String())
		require.NoError(t, err, "canonical %q of %q", h.String(), s)
		require.Equal(t, h, again)
		require.Zero(t, h.Compare(again))
	})
}

func TestHouseNumberConstructors(t *testing.T) {
	n, err := address.NewHouseNumber(20)
	require.NoError(t, err)
	a, err := n.WithSuffix("a")
	require.NoError(t, err)
	assert.Equal(t, "20A", a.String())
	s, err := n.WithSub(3)
	require.NoError(t, err)
	assert.Equal(t, "20-3", s.String())
	as, err := a.WithSub(1)
	require.NoError(t, err)
	assert.Equal(t, "20A-1", as.String())
	assert.Equal(t, address.MustParseHouseNumber("20A-1"), as)
	alley := address.MustParseHouseNumber("130/20")
	h, err := address.MustParseHouseNumber("2").InAlley(alley)
	require.NoError(t, err)
	assert.Equal(t, address.MustParseHouseNumber("130/20/2"), h)
	g, err := address.MustParseHouseNumber("10").InGroup("bl", "a")
	require.NoError(t, err)
	assert.Equal(t, address.MustParseHouseNumber("BL.A-10"), g)
	g, err = address.MustParseHouseNumber("10").InGroup("", "A")
	require.NoError(t, err)
	assert.Equal(t, "A10", g.String())
	for _, bad := range []func() (address.HouseNumber, error){
		func() (address.HouseNumber, error) { return address.NewHouseNumber(0) },
		func() (address.HouseNumber, error) { return address.NewHouseNumber(100000) },
		func() (address.HouseNumber, error) { return n.WithSuffix("A1") },
		func() (address.HouseNumber, error) { return n.WithSuffix("ABCD") },
		func() (address.HouseNumber, error) { return n.WithSub(20) },
		func() (address.HouseNumber, error) { return address.MustParseHouseNumber("2").WithSub(2) },
		func() (address.HouseNumber, error) { return address.MustParseHouseNumber("176-181").WithSuffix("A") },
		func() (address.HouseNumber, error) { return n.InAlley(address.MustParseHouseNumber("A10")) },
		func() (address.HouseNumber, error) { return n.InAlley(address.MustParseHouseNumber("1/2/3/4/5/6/7")) },
		func() (address.HouseNumber, error) { return n.InGroup("", "") },
		func() (address.HouseNumber, error) { return n.InGroup("B1", "A") },
		func() (address.HouseNumber, error) { return address.HouseNumber{}.WithSuffix("A") },
	} {
		_, err := bad()
		assert.ErrorIs(t, err, address.ErrHouseNumber)
	}
}

func TestHouseNumberLocalBase(t *testing.T) {
	h := address.MustParseHouseNumber("130/20/2B-1")
	assert.Equal(t, "2B-1", h.Local().String())
	assert.Equal(t, "130/20/2", h.Base().String())
	assert.Equal(t, "BL.A-10", address.MustParseHouseNumber("BL.A-10").Base().String())
	assert.Equal(t, "130/20", h.AlleyChain().String())
	assert.Equal(t, "130", h.AlleyChain().AlleyChain().String())
	assert.False(t, address.MustParseHouseNumber("12").AlleyChain().IsValid())
}
