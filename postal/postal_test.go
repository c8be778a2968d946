package postal_test

import (
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/postal"
)

func TestParse(t *testing.T) {
	c, err := postal.Parse(" 01000 ")
	require.NoError(t, err)
	assert.Equal(t, "01000", c.String(), "leading zeros kept")
	assert.Equal(t, "01", c.Prefix())
	assert.Equal(t, 0, c.Region())
	_, err = postal.Parse("100000")
	assert.ErrorIs(t, err, postal.ErrLegacyFormat)
	for _, bad := range []string{"", "1000", "1000O", "1000-0", "１００００", "1234567"} {
		_, err := postal.Parse(bad)
		assert.ErrorIs(t, err, postal.ErrSyntax, bad)
	}
	b, _ := json.Marshal(map[string]postal.Code{"pc": c})
	assert.Equal(t, `{"pc":"01000"}`, string(b))
	var back map[string]postal.Code
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back["pc"])
	assert.False(t, postal.Code{}.IsValid())
}

func TestDirectoryAndPrefixes(t *testing.T) {
	n := admin.Load(admin.V2025)
	// Every 2025 commune has a postcode, whose prefix is its province's.
	for _, u := range n.Units(admin.Commune) {
		pc, err := postal.ForCommune(u.Code)
		require.NoError(t, err, u.Name)
		prov, _ := n.Province(u.Code)
		assert.Contains(t, postal.Prefixes(prov.Code), pc.Prefix(), "%s %s", u.Name, pc)
	}
	bn := admin.MustCode(admin.V2025, admin.Province, "24") // Bắc Ninh since 2025
	assert.Equal(t, []string{"16", "26"}, postal.Prefixes(bn))
	hcm := admin.MustCode(admin.V2025, admin.Province, "79")
	assert.Equal(t, []string{"70", "71", "72", "73", "74", "75", "78"}, postal.Prefixes(hcm))
	hn := admin.MustCode(admin.Legacy, admin.Province, "01")
	assert.Equal(t, []string{"10", "11", "12", "13", "14"}, postal.Prefixes(hn))
	// Old Bắc Giang (24) and old Bắc Ninh (27) keep their own prefixes.
	assert.Equal(t, []string{"26"}, postal.Prefixes(admin.MustCode(admin.Legacy, admin.Province, "24")))
	assert.Equal(t, []string{"16"}, postal.Prefixes(admin.MustCode(admin.Legacy, admin.Province, "27")))
	assert.Equal(t, []admin.Code{bn}, postal.Provinces(postal.MustParse("16000")))

	// Legacy communes reach their successor's code.
	pc, err := postal.ForCommune(admin.MustCode(admin.Legacy, admin.Commune, "00001"))
	require.NoError(t, err)
	own, _ := postal.ForCommune(admin.MustCode(admin.V2025, admin.Commune, "00097"))
	assert.Equal(t, own, pc)
}

func TestCheck(t *testing.T) {
	hh := admin.MustCode(admin.V2025, admin.Commune, "00097") // Phường Hồng Hà, Hà Nội
	own, err := postal.ForCommune(hh)
	require.NoError(t, err)
	v, err := postal.Check(own, hh)
	require.NoError(t, err)
	assert.Equal(t, postal.Match, v)
	v, _ = postal.Check(postal.MustParse("10000"), hh)
	assert.Equal(t, postal.SameProvince, v)
	v, _ = postal.Check(postal.MustParse("70000"), hh)
	assert.Equal(t, postal.Mismatch, v)
	v, _ = postal.Check(postal.MustParse("26000"), admin.MustCode(admin.V2025, admin.Province, "24"))
	assert.Equal(t, postal.SameProvince, v)
	v, _ = postal.Check(postal.MustParse("26000"), admin.MustCode(admin.Legacy, admin.Province, "27"))
	assert.Equal(t, postal.Mismatch, v, "26 was Bắc Giang's, not old Bắc Ninh's")
	_, err = postal.Check(postal.Code{}, hh)
	assert.Error(t, err)
}

func TestZones(t *testing.T) {
	z, err := postal.NewZones([]index.Feature[postal.Code]{
		{Geometry: orb.Polygon{{{105, 21}, {106, 21}, {106, 22}, {105, 22}, {105, 21}}}, Value: postal.MustParse("10000")},
	})
	require.NoError(t, err)
	pc, ok := postal.ZoneAt(z, orb.Point{105.5, 21.5})
	require.True(t, ok)
	assert.Equal(t, "10000", pc.String())
	_, ok = postal.ZoneAt(z, orb.Point{107, 21.5})
	assert.False(t, ok)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"10000", " 01000", "100000", "", "1e4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := postal.Parse(s)
		if err != nil {
			return
		}
		again, err := postal.Parse(c.String())
		require.NoError(t, err)
		require.Equal(t, c, again)
	})
}
