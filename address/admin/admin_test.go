package admin_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

func TestCounts(t *testing.T) {
	n := admin.Load(admin.V2025)
	assert.Len(t, n.Units(admin.Province), 34)
	assert.Len(t, n.Units(admin.Commune), 3321)
	assert.Len(t, n.OfType(admin.Xa), 2621)
	assert.Len(t, n.OfType(admin.Phuong), 687)
	assert.Len(t, n.OfType(admin.DacKhu), 13)
	assert.Len(t, n.OfType(admin.ThanhPhoTW), 6)
	assert.Empty(t, n.Units(admin.District))
	l := admin.Load(admin.Legacy)
	assert.Len(t, l.Units(admin.Province), 63)
	assert.Len(t, l.Units(admin.District), 696)
	assert.Len(t, l.Units(admin.Commune), 10035)
	assert.Nil(t, admin.Load(7))
}

func TestCodesCannotCrossVersions(t *testing.T) {
	// "24" was Bắc Giang and is Bắc Ninh since 2025.
	old, err := admin.Load(admin.Legacy).Lookup(admin.Province, "24")
	require.NoError(t, err)
	assert.Equal(t, "Tỉnh Bắc Giang", old.Name)
	now, err := admin.Load(admin.V2025).Lookup(admin.Province, "24")
	require.NoError(t, err)
	assert.Equal(t, "Tỉnh Bắc Ninh", now.Name)
	assert.NotEqual(t, old.Code, now.Code)
	assert.Equal(t, old.Code.String(), now.Code.String())
	_, ok := admin.Load(admin.V2025).Unit(old.Code)
	assert.False(t, ok, "a legacy code is not found in the 2025 dataset")

	b, err := json.Marshal(now.Code)
	require.NoError(t, err)
	assert.Equal(t, `"2025:province:24"`, string(b))
	var back admin.Code
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, now.Code, back)
	for _, bad := range []string{`"24"`, `"2024:province:24"`, `"2025:district:001"`, `"2025:commune:1234567"`, `"2025:commune:12a45"`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &back), bad)
	}
	_, err = admin.NewCode(admin.V2025, admin.District, "001")
	assert.ErrorIs(t, err, admin.ErrInvalidCode)
	_, err = admin.Load(admin.V2025).Lookup(admin.Commune, "99999")
	assert.ErrorIs(t, err, admin.ErrUnknown)
	c := admin.MustCode(admin.V2025, admin.Commune, "97")
	assert.Equal(t, "00097", c.String())
}

func TestLookups(t *testing.T) {
	n := admin.Load(admin.V2025)
	hh, err := n.Lookup(admin.Commune, "00097")
	require.NoError(t, err)
	assert.Equal(t, "Phường Hồng Hà", hh.Name)
	assert.Equal(t, "Hồng Hà", hh.Short)
	assert.Equal(t, admin.Phuong, hh.Type)
	assert.Equal(t, "01", hh.Parent.String())
	assert.NotZero(t, hh.Center)
	p, ok := n.Province(hh.Code)
	require.True(t, ok)
	assert.Equal(t, "Thành phố Hà Nội", p.Name)
	assert.Len(t, n.Children(p.Code), 126)

	l := admin.Load(admin.Legacy)
	px, err := l.Lookup(admin.Commune, "00001")
	require.NoError(t, err)
	assert.Equal(t, "Phường Phúc Xá", px.Name)
	d, _ := l.Unit(px.Parent)
	assert.Equal(t, "Quận Ba Đình", d.Name)
	// The sources write some types in title case: still read as types.
	vy, err := l.Lookup(admin.District, "222")
	require.NoError(t, err)
	assert.Equal(t, admin.ThiXa, vy.Type)
	assert.Equal(t, "Việt Yên", vy.Short)
}

func TestMatchSpellings(t *testing.T) {
	l := admin.Load(admin.Legacy)
	n := admin.Load(admin.V2025)
	hcm := admin.MustCode(admin.Legacy, admin.Province, "79")
	tests := []struct {
		d     *admin.Dataset
		level admin.Level
		name  string
		in    admin.Code
		want  string
		kind  admin.MatchKind
	}{
		{l, admin.Province, "Thành phố Hồ Chí Minh", admin.Code{}, "Thành phố Hồ Chí Minh", admin.Exact},
		{l, admin.Province, "TP. HCM", admin.Code{}, "Thành phố Hồ Chí Minh", admin.Alias},
		{l, admin.Province, "TPHCM", admin.Code{}, "Thành phố Hồ Chí Minh", admin.Alias},
		{l, admin.Province, "Sài Gòn", admin.Code{}, "Thành phố Hồ Chí Minh", admin.Alias},
		{l, admin.Province, "ho chi minh", admin.Code{}, "Thành phố Hồ Chí Minh", admin.Tolerant},
		{l, admin.Province, "HN", admin.Code{}, "Thành phố Hà Nội", admin.Alias},
		{l, admin.Province, "Thừa Thiên Huế", admin.Code{}, "Thành phố Huế", admin.Alias},
		{l, admin.Province, "Đắk Lắk", admin.Code{}, "Tỉnh Đắk Lắk", admin.Exact},
		{l, admin.Province, "Đăk Lăk", admin.Code{}, "Tỉnh Đắk Lắk", admin.Tolerant},
		{l, admin.Province, "Dak Lak", admin.Code{}, "Tỉnh Đắk Lắk", admin.Tolerant},
		{l, admin.Province, "\u00d0ắk Lắk", admin.Code{}, "Tỉnh Đắk Lắk", admin.Tolerant}, // Ð look-alike
		{l, admin.Province, "Khánh Hoà", admin.Code{}, "Tỉnh Khánh Hòa", admin.Tolerant},  // tone placement
		{l, admin.Province, "Bà Rịa-Vũng Tàu", admin.Code{}, "Tỉnh Bà Rịa - Vũng Tàu", admin.Tolerant},
		{l, admin.District, "Q1", hcm, "Quận 1", admin.Tolerant},
		{l, admin.District, "Q.10", hcm, "Quận 10", admin.Tolerant},
		{l, admin.District, "quan 10", hcm, "Quận 10", admin.Tolerant},
		{l, admin.District, "Q9", hcm, "Thành phố Thủ Đức", admin.Alias},
		{n, admin.Commune, "P. Hồng Hà", admin.MustCode(admin.V2025, admin.Province, "01"), "Phường Hồng Hà", admin.Tolerant},
		{n, admin.Commune, "Phường Hồng Hà", admin.Code{}, "Phường Hồng Hà", admin.Exact},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := tc.d.Match(tc.level, tc.name, tc.in)
			require.NotEmpty(t, cs)
			assert.Equal(t, tc.want, cs[0].Unit.Name)
			assert.Equal(t, tc.kind, cs[0].Kind)
		})
	}
	// Numbered wards: P14, P.14, Phường 14, F14 within Quận 10.
	q10 := l.Match(admin.District, "Quận 10", hcm)[0].Unit.Code
	for _, s := range []string{"P14", "P.14", "Phường 14", "phuong 014", "F14"} {
		cs := l.Match(admin.Commune, s, q10)
		require.Len(t, cs, 1, s)
		assert.Equal(t, "Phường 14", cs[0].Unit.Name, s)
	}
	// Same name in many places: every candidate, never the first.
	cs := l.Match(admin.Commune, "Phường 1", admin.Code{})
	assert.Greater(t, len(cs), 20)
	// A typo is found only within a known parent.
	bd := l.Match(admin.District, "Ba Đình", admin.MustCode(admin.Legacy, admin.Province, "01"))[0].Unit.Code
	typo := l.Match(admin.Commune, "Phúc Xáa", bd)
	require.Len(t, typo, 1)
	assert.Equal(t, admin.Fuzzy, typo[0].Kind)
	assert.Empty(t, l.Match(admin.Commune, "Phúc Xáa", admin.Code{}))
}

func TestResolve(t *testing.T) {
	l := admin.Load(admin.Legacy)
	tests := []struct {
		c, d, p string
		status  admin.Status
		commune string
	}{
		{"Phường Phúc Xá", "Quận Ba Đình", "Hà Nội", admin.Resolved, "00001"},
		{"P. Phuc Xa", "Q. Ba Dinh", "HN", admin.Tolerated, "00001"},
		{"P. Tân Thuận Tây", "Q7", "HCM", admin.Tolerated, "27469"},
		{"Cẩm Sơn", "Cẩm Xuyên", "Hà Tĩnh", admin.Resolved, ""},
		{"Phường 1", "", "", admin.Ambiguous, ""},
		{"Nowhere", "Nothing", "Atlantis", admin.Unknown, ""},
		{"", "", "", admin.Unknown, ""},
	}
	for _, tc := range tests {
		r := l.Resolve(tc.c, tc.d, tc.p)
		assert.Equal(t, tc.status, r.Status, "%v", tc)
		if tc.commune != "" {
			assert.Equal(t, tc.commune, r.Commune.Code.String(), "%v", tc)
		}
		if r.Status == admin.Ambiguous {
			assert.Greater(t, len(r.Alternatives), 1)
		}
	}
	// A reading found only with a typo correction is a suggestion, never
	// an answer, and a single one is no ambiguity.
	for _, tc := range [][3]string{{"Phúc Xáa", "Ba Đình", "Hà Nội"}, {"Xú0YXA", "", " HA NộY"}} {
		r := l.Resolve(tc[0], tc[1], tc[2])
		assert.Equal(t, admin.Suggested, r.Status, "%v", tc)
		assert.Equal(t, "suggested", r.Status.String())
		require.Len(t, r.Alternatives, 1, "%v", tc)
		assert.False(t, r.Commune.IsValid(), "%v", tc)
	}
	assert.Equal(t, "00001", l.Resolve("Phúc Xáa", "Ba Đình", "Hà Nội").Alternatives[0].Commune.Code.String())
	r := admin.Load(admin.V2025).Resolve("Phường Hồng Hà", "", "Hà Nội")
	assert.Equal(t, admin.Resolved, r.Status)
	assert.Equal(t, "00097", r.Commune.Code.String())
}

func TestConvert(t *testing.T) {
	px := admin.MustCode(admin.Legacy, admin.Commune, "00001")
	c, err := admin.Convert(px)
	require.NoError(t, err)
	require.Len(t, c.To, 1)
	assert.Equal(t, "Phường Hồng Hà", c.To[0].Unit.Name)
	assert.Nil(t, c.To[0].Share, "no source gives shares")
	assert.Equal(t, admin.Merged, c.Kind)
	pre, err := admin.Predecessors(c.To[0].Unit.Code)
	require.NoError(t, err)
	assert.Greater(t, len(pre), 1)
	names := []string{}
	for _, u := range pre {
		names = append(names, u.Name)
	}
	assert.Contains(t, names, "Phường Phúc Xá")

	// An island district without communes.
	blv, err := admin.Convert(admin.MustCode(admin.Legacy, admin.District, "318"))
	require.NoError(t, err)
	assert.Equal(t, "Đặc khu Bạch Long Vĩ", blv.To[0].Unit.Name)

	_, err = admin.Convert(admin.MustCode(admin.V2025, admin.Commune, "00097"))
	assert.ErrorIs(t, err, admin.ErrInvalidCode)
	_, err = admin.Convert(admin.MustCode(admin.Legacy, admin.Commune, "99999"))
	assert.ErrorIs(t, err, admin.ErrUnknown)
}

// TestSplitsAgainstReference: every split commune of the reference
// (dvhcvn splits.json) returns every one of its candidates.
func TestSplitsAgainstReference(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/data/admin/dvhcvn-20250701/splits.json")
	if err != nil {
		t.Skip("reference splits not found beside the project: skipping")
	}
	splits := parseSplits(t, raw)
	n := 0
	for _, p := range splits.Data {
		for _, c := range p.Level3s {
			if len(c.Splits) < 2 {
				continue
			}
			n++
			conv, err := admin.Convert(admin.MustCode(admin.Legacy, admin.Commune, c.ID))
			require.NoError(t, err, c.ID)
			assert.Equal(t, admin.Split, conv.Kind)
			got := map[string]bool{}
			for _, s := range conv.To {
				got[s.Unit.Code.String()] = true
			}
			for _, s := range c.Splits {
				assert.True(t, got[s.ID], "%s: candidate %s missing", c.ID, s.ID)
			}
		}
	}
	t.Logf("%d split communes in the reference, every candidate returned", n)
	assert.Equal(t, 460, n)
}

func TestConvertAt(t *testing.T) {
	// Find a split commune and a point at one successor's centroid.
	l := admin.Load(admin.Legacy)
	for _, u := range l.Units(admin.Commune) {
		c, err := admin.Convert(u.Code)
		require.NoError(t, err)
		if c.Kind != admin.Split || c.To[1].Unit.Center == (orb.Point{}) {
			continue
		}
		got, ev, err := admin.ConvertAt(u.Code, c.To[1].Unit.Center, nil)
		require.NoError(t, err)
		assert.Equal(t, c.To[1].Unit.Code, got.Code)
		assert.Equal(t, admin.Centroid, ev)
		return
	}
	t.Fatal("no split commune with centroids")
}

func TestProvinceBoundaries(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/data/boundaries/provinces34.geojson")
	if err != nil {
		t.Skip("province boundaries not found beside the project: skipping")
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	require.NoError(t, err)
	n := admin.Load(admin.V2025)
	ix, err := admin.NewBoundaries(fc, n, admin.Province, "ten_tinh")
	require.NoError(t, err)
	for _, c := range []struct {
		p    orb.Point
		want string
	}{{orb.Point{105.85, 21.03}, "01"}, {orb.Point{106.698, 10.7725}, "79"}, {orb.Point{108.22, 16.06}, "48"}, {orb.Point{103.96, 10.23}, "91"}} {
		u, ok := admin.UnitAt(ix, n, c.p)
		require.True(t, ok, "%v", c.p)
		assert.Equal(t, c.want, u.Code.String(), "%v -> %s", c.p, u.Name)
	}
	_, ok := admin.UnitAt(ix, n, orb.Point{2.35, 48.85})
	assert.False(t, ok)
}

func FuzzResolve(f *testing.F) {
	// "Xú0YXA, HA NộY" (commune and province) once came back Ambiguous
	// with a single reading.
	for _, s := range []string{"Phường Phúc Xá,Quận Ba Đình,Hà Nội", "P14,Q10,TPHCM", ",,", "ĐĐĐ,\u0300\u0301,x", strings.Repeat("Phường ", 50), "Xú0YXA, HA NộY"} {
		f.Add(s)
	}
	l := admin.Load(admin.Legacy)
	f.Fuzz(func(t *testing.T, s string) {
		parts := strings.SplitN(s, ",", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		// Read as commune, district, province, and (the way diachi admin
		// convert reads two parts) as commune and province.
		last := parts[2]
		if strings.Count(s, ",") == 1 {
			last = parts[1]
		}
		for _, r := range []admin.Resolution{l.Resolve(parts[0], parts[1], parts[2]), l.Resolve(parts[0], "", last)} {
			switch r.Status {
			case admin.Resolved, admin.Tolerated:
				require.True(t, r.Commune.IsValid() || r.District.IsValid() || r.Province.IsValid())
				require.Empty(t, r.Alternatives)
			case admin.Ambiguous:
				require.Greater(t, len(r.Alternatives), 1, "%q: ambiguous with one reading", s)
			case admin.Suggested:
				require.NotEmpty(t, r.Alternatives)
			case admin.Unknown:
				require.Empty(t, r.Alternatives)
			default:
				t.Fatalf("%q: status %v", s, r.Status)
			}
		}
		_ = fold.Key(s)
	})
}

// TestConversionAgainstSources: wherever the two reference mappings agree
// on an old commune, Convert returns exactly their candidates.
func TestConversionAgainstSources(t *testing.T) {
	const dir = "../../../shared/data/admin/"
	f, err := os.Open(dir + "vietnamadminunits/convert_legacy_2025_simple.csv")
	if err != nil {
		t.Skip("reference conversion not found beside the project: skipping")
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	require.NoError(t, err)
	vau := map[string]map[string]bool{}
	for _, r := range rows[1:] {
		if r[4] == "" {
			continue
		}
		old := fmt.Sprintf("%05d", int(must(strconv.ParseFloat(r[4], 64))))
		if vau[old] == nil {
			vau[old] = map[string]bool{}
		}
		vau[old][r[17]] = true
	}
	raw, err := os.ReadFile(dir + "dvhcvn-20250701/splits.json")
	require.NoError(t, err)
	splits := parseSplits(t, raw)
	agree := 0
	for _, p := range splits.Data {
		for _, c := range p.Level3s {
			dv := map[string]bool{}
			for _, s := range c.Splits {
				dv[s.ID] = true
			}
			if !maps.Equal(dv, vau[c.ID]) {
				continue
			}
			agree++
			conv, err := admin.Convert(admin.MustCode(admin.Legacy, admin.Commune, c.ID))
			require.NoError(t, err)
			got := map[string]bool{}
			for _, s := range conv.To {
				got[s.Unit.Code.String()] = true
			}
			require.Equal(t, dv, got, c.ID)
			assert.Equal(t, "both", conv.Sources)
		}
	}
	t.Logf("%d old communes where the two sources agree: Convert returns exactly their candidates", agree)
	assert.Equal(t, 9981, agree)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestHostileInput(t *testing.T) {
	l := admin.Load(admin.Legacy)
	huge := strings.Repeat("Phường Phúc Xá ", 100_000) // 1.6 MB
	r := l.Resolve(huge, huge, huge)
	assert.Equal(t, admin.Unknown, r.Status)
	for _, s := range []string{"", "   ", ",,,", "Москва", "東京都", "Phường \x00\xff", "\u0300\u0301\u0303", "P", "Q.", "Phường"} {
		assert.NotPanics(t, func() { l.Resolve(s, s, s) }, "%q", s)
		assert.Empty(t, l.Match(admin.Province, s, admin.Code{}), "%q", s)
	}
}

// dvhcvnSplits is the shape of dvhcvn's splits.json.
type dvhcvnSplits struct {
	Data []struct {
		Level3s []struct {
			ID     string `json:"level3_id"`
			Splits []struct {
				ID string `json:"new_id"`
			} `json:"splits"`
		} `json:"level3s"`
	} `json:"data"`
}

func parseSplits(t *testing.T, raw []byte) dvhcvnSplits {
	t.Helper()
	var s dvhcvnSplits
	require.NoError(t, json.Unmarshal(raw, &s))
	return s
}

// SoleSuccessor answers for every legacy commune and district what
// Convert lists: its successor when it has one only.
func TestSoleSuccessorAsConvert(t *testing.T) {
	old := admin.Load(admin.Legacy)
	for _, l := range []admin.Level{admin.Commune, admin.District} {
		for _, u := range old.Units(l) {
			got, ok := admin.SoleSuccessor(u.Code)
			c, err := admin.Convert(u.Code)
			if want := err == nil && len(c.To) == 1; ok != want || ok && got != c.To[0].Unit {
				t.Errorf("SoleSuccessor(%v %s) = %v, %v; Convert gives %v, %v", u.Code, u.Name, got.Name, ok, c.To, err)
			}
		}
	}
	if _, ok := admin.SoleSuccessor(admin.MustCode(admin.V2025, admin.Commune, "00004")); ok {
		t.Error("a 2025 commune has a successor")
	}
}
