package crs_test

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
)

const (
	tolMetres  = 0.001 // 1 mm against PROJ in projected coordinates
	tolDegrees = 1e-8  // against PROJ in geographic coordinates
	tolRound   = 1e-4  // 0.1 mm for round trips
)

// geographic tells how to compare a pair: degrees or metres.
func geographic(c crs.Code) bool { return c == crs.WGS84 || c == crs.VN2000 }

// pairError is the error of a result pair in metres (projected) or degrees
// (geographic, the larger of the two axes).
func pairError(to crs.Code, a, b, wantA, wantB float64) float64 {
	if geographic(to) {
		return math.Max(math.Abs(a-wantA), math.Abs(b-wantB))
	}
	return math.Hypot(a-wantA, b-wantB)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(recs), 1)
	return recs[1:]
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}

type maxErr struct {
	metres, degrees, roundTrip float64
	n                          int
}

func (m *maxErr) add(to crs.Code, e float64) {
	m.n++
	if geographic(to) {
		m.degrees = math.Max(m.degrees, e)
	} else {
		m.metres = math.Max(m.metres, e)
	}
}

// TestPROJVectors checks every row of the repository's own PROJ vectors
// (testdata/crs/proj_vectors.csv, made by testdata/gen/projvectors), both
// directions, with the national datum shift EPSG:6960.
func TestPROJVectors(t *testing.T) {
	rows := readCSV(t, "../../testdata/crs/proj_vectors.csv")
	require.GreaterOrEqual(t, len(rows), 2000*2)
	var m maxErr
	var closure2D float64
	seen := map[crs.Code]bool{}
	for i, r := range rows {
		require.Equal(t, "6960", r[0], "row %d", i+2)
		from, to := crs.Code(num(t, r[1])), crs.Code(num(t, r[2]))
		seen[from], seen[to] = true, true
		a, b := num(t, r[3]), num(t, r[4])
		wantA, wantB := num(t, r[5]), num(t, r[6])
		tr, err := crs.NewTransformer(from, to)
		require.NoError(t, err)
		gotA, gotB, err := tr.Transform(a, b)
		require.NoError(t, err, "row %d", i+2)
		e := pairError(to, gotA, gotB, wantA, wantB)
		m.add(to, e)
		if geographic(to) {
			require.LessOrEqual(t, e, tolDegrees, "row %d: %v -> %v: got %.10f %.10f want %v %v", i+2, from, to, gotA, gotB, r[5], r[6])
		} else {
			require.LessOrEqual(t, e, tolMetres, "row %d: %v -> %v: got %.6f %.6f want %v %v", i+2, from, to, gotA, gotB, r[5], r[6])
		}
		back, err := crs.NewTransformer(to, from)
		require.NoError(t, err)
		// A 2D round trip through the datum shift closes only as well as
		// PROJ's own (heights dropped); measured, not bounded here: the
		// inverse rows above already pin it to PROJ's answer.
		ra, rb, err := back.Transform(gotA, gotB)
		require.NoError(t, err)
		closure2D = math.Max(closure2D, roundTripMetres(from, a, b, ra, rb))
		// With heights carried the round trip is exact.
		x, y, h, err := tr.Transform3(a, b, 0)
		require.NoError(t, err)
		ra, rb, rh, err := back.Transform3(x, y, h)
		require.NoError(t, err)
		m.roundTrip = math.Max(m.roundTrip, math.Max(roundTripMetres(from, a, b, ra, rb), math.Abs(rh)))
	}
	assert.LessOrEqual(t, m.roundTrip, tolRound)
	for _, c := range crs.All() {
		assert.True(t, seen[c.Code()], "no vector for %v", c)
	}
	t.Logf("%d rows: max error %.2e m projected, %.2e° geographic; max 3D round trip %.2e m; 2D datum round trip up to %.2e m (as PROJ)",
		m.n, m.metres, m.degrees, m.roundTrip, closure2D)
}

// TestPROJMekongVectors checks [crs.WithMekong5194] against plain cs2cs
// (testdata/crs/proj_mekong.csv, made by testdata/gen/projvectors): every
// VN-2000 CRS, both directions, on points inside the Mekong blocks and on,
// just inside and just outside their edges, and on VN-2000 points near the
// edges projected first. The option must give cs2cs's answer on every row,
// whichever shift cs2cs chose there; the rows say which, and the national
// default must agree exactly where that was EPSG:6960.
func TestPROJMekongVectors(t *testing.T) {
	rows := readCSV(t, "../../testdata/crs/proj_mekong.csv")
	type dir struct{ from, to crs.Code }
	count := map[dir]map[string]int{}
	var m maxErr
	bad := 0
	for i, r := range rows {
		from, to := crs.Code(num(t, r[0])), crs.Code(num(t, r[1]))
		a, b := num(t, r[2]), num(t, r[3])
		wantA, wantB := num(t, r[4]), num(t, r[5])
		shift := r[6]
		require.Contains(t, []string{"5194", "6960"}, shift, "row %d", i+2)
		if count[dir{from, to}] == nil {
			count[dir{from, to}] = map[string]int{}
		}
		count[dir{from, to}][shift]++
		tol, apart := tolMetres, 0.1 // the two shifts differ by 0.5 m and more
		if geographic(to) {
			tol, apart = tolDegrees, 1e-6
		}

		tr, err := crs.NewTransformer(from, to, crs.WithMekong5194())
		require.NoError(t, err)
		gotA, gotB, err := tr.Transform(a, b)
		require.NoError(t, err, "row %d", i+2)
		e := pairError(to, gotA, gotB, wantA, wantB)
		m.add(to, e)
		if e > tol {
			if bad++; bad <= 10 {
				t.Errorf("row %d: %v -> %v at %v %v: cs2cs used EPSG:%s and gives %v %v, got %.10f %.10f",
					i+2, from, to, r[2], r[3], shift, r[4], r[5], gotA, gotB)
			}
			continue
		}

		national, err := crs.NewTransformer(from, to)
		require.NoError(t, err)
		gotA, gotB, err = national.Transform(a, b)
		require.NoError(t, err)
		if shift == "6960" {
			require.LessOrEqual(t, pairError(to, gotA, gotB, wantA, wantB), tol, "row %d", i+2)
		} else {
			require.Greater(t, pairError(to, gotA, gotB, wantA, wantB), apart, "row %d", i+2)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d rows differ from cs2cs", bad, len(rows))
	}
	for _, c := range crs.All() {
		if !c.IsVN2000() {
			continue
		}
		fwd, rev := count[dir{crs.WGS84, c.Code()}], count[dir{c.Code(), crs.WGS84}]
		assert.Positive(t, fwd["6960"]+fwd["5194"], "no row from WGS84 to %v", c)
		assert.Positive(t, rev["6960"]+rev["5194"], "no row from %v to WGS84", c)
		assert.Positive(t, fwd["6960"], "%v: no row where cs2cs keeps the national shift", c)
		t.Logf("%v %-26s from WGS84: %3d by 5194, %3d by 6960; to WGS84: %3d by 5194, %3d by 6960",
			c, c.Name(), fwd["5194"], fwd["6960"], rev["5194"], rev["6960"])
	}
	t.Logf("%d rows: max error %.2e m projected, %.2e° geographic", m.n, m.metres, m.degrees)
}

// TestProjectionRoundTrip: VN-2000 geographic to every projected CRS and
// back, on a grid over the whole area, closes within 0.1 mm (no datum shift
// involved, so no height convention either).
func TestProjectionRoundTrip(t *testing.T) {
	worst := 0.0
	for _, c := range crs.All() {
		if c.Kind() != crs.Projected {
			continue
		}
		fwd, err := crs.NewTransformer(crs.VN2000, c.Code())
		require.NoError(t, err)
		inv, err := crs.NewTransformer(c.Code(), crs.VN2000)
		require.NoError(t, err)
		for lat := crs.Area().MinLat + 0.25; lat < crs.Area().MaxLat; lat += 0.5 {
			for lon := crs.Area().MinLon + 0.25; lon < crs.Area().MaxLon; lon += 0.5 {
				e, n, err := fwd.Transform(lat, lon)
				require.NoError(t, err)
				rlat, rlon, err := inv.Transform(e, n)
				require.NoError(t, err)
				d := float64(geo.Distance(orb.Point{lon, lat}, orb.Point{rlon, rlat}))
				worst = math.Max(worst, d)
				require.LessOrEqual(t, d, tolRound, "%v at %g %g", c, lat, lon)
			}
		}
	}
	t.Logf("worst projection round trip over the area: %.2e m", worst)
}

// TestMekongCRSs pins which CRSs [crs.WithMekong5194] concerns, as its
// documentation lists them: the VN-2000 CRSs whose EPSG area of use meets
// the Mekong blocks.
func TestMekongCRSs(t *testing.T) {
	want := map[crs.Code]bool{crs.VN2000: true, crs.TM3Zone482: true, crs.TM3Zone491: true,
		crs.TM3_10430: true, crs.TM3_10445: true, crs.TM3_10530: true, crs.TM3_10545: true,
		crs.TM3_10745: true, crs.UTM48N: true}
	for _, c := range crs.All() {
		got := c.IsVN2000() && c.AreaOfUse().Intersects(crs.MekongArea())
		assert.Equal(t, want[c.Code()], got, "%v %s: area of use %+v", c, c.Name(), c.AreaOfUse())
	}
	b := crs.Bounds{MinLat: 1, MaxLat: 2, MinLon: 3, MaxLon: 4}
	assert.True(t, b.Contains(1, 4), "edges belong to the box")
	assert.False(t, b.Contains(0.999, 3.5))
	assert.True(t, b.Intersects(crs.Bounds{MinLat: 2, MaxLat: 5, MinLon: 0, MaxLon: 3}), "touching boxes meet")
	assert.False(t, b.Intersects(crs.Bounds{MinLat: 2.01, MaxLat: 5, MinLon: 0, MaxLon: 3}))
}

// TestSharedPROJVectors checks the independent vectors kept beside the
// project (../shared/testvectors/vn2000_proj.csv), when present. They were
// made with plain cs2cs, so [crs.WithMekong5194] must reproduce every row;
// the national default must reproduce every row outside the Mekong blocks.
func TestSharedPROJVectors(t *testing.T) {
	const path = "../../../shared/testvectors/vn2000_proj.csv"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared PROJ vectors not found at %s: skipping the independent check", path)
	}
	rows := readCSV(t, path)
	var m maxErr
	national, mekong := 0, 0
	check := func(to crs.Code, a, b float64, wantA, wantB string, row int) {
		tol := tolMetres
		if geographic(to) {
			tol = tolDegrees
		}
		tr, err := crs.NewTransformer(crs.WGS84, to, crs.WithMekong5194())
		require.NoError(t, err)
		x, y, err := tr.Transform(a, b)
		require.NoError(t, err)
		e := pairError(to, x, y, num(t, wantA), num(t, wantB))
		m.add(to, e)
		assert.LessOrEqual(t, e, tol, "row %d: %v: got %.10f %.10f, cs2cs %s %s", row, to, x, y, wantA, wantB)

		tr, err = crs.NewTransformer(crs.WGS84, to)
		require.NoError(t, err)
		x, y, err = tr.Transform(a, b)
		require.NoError(t, err)
		if pairError(to, x, y, num(t, wantA), num(t, wantB)) <= tol {
			national++
			return
		}
		mekong++
		assert.True(t, a >= crs.MekongArea().MinLat && a <= crs.MekongArea().MaxLat &&
			b >= crs.MekongArea().MinLon && b <= crs.MekongArea().MaxLon, "row %d: EPSG:5194 outside its area", row)
	}
	for i, r := range rows {
		lat, lon := num(t, r[0]), num(t, r[1])
		check(crs.VN2000, lat, lon, r[2], r[3], i+2)
		check(crs.Code(num(t, r[4])), lat, lon, r[5], r[6], i+2)
	}
	t.Logf("%d comparisons (%d as by EPSG:6960, %d by EPSG:5194 inside the Mekong blocks): max error %.2e m projected, %.2e° geographic",
		m.n, national, mekong, m.metres, m.degrees)
}

func TestWorkedExample(t *testing.T) {
	// DOMAIN.md §7, checked with PROJ 9.1.1.
	tr, err := crs.NewTransformer(crs.WGS84, crs.TM3Zone482)
	require.NoError(t, err)
	e, n, err := tr.Transform(21.03, 105.85)
	require.NoError(t, err)
	assert.InDelta(t, 588154.4766, e, 0.0001)
	assert.InDelta(t, 2326509.0539, n, 0.0001)

	p, err := crs.ToVN2000(orb.Point{105.85, 21.03})
	require.NoError(t, err)
	assert.InDelta(t, 21.03098594, p[1], 1e-8)
	assert.InDelta(t, 105.84811732, p[0], 1e-8)
	// Back to WGS84 in 2D: cs2cs EPSG:4756 EPSG:4326 gives 21.0299999961
	// 105.8500000073 for this VN-2000 point (heights dropped both ways).
	q, err := crs.FromVN2000(orb.Point{105.8481173175, 21.0309859356})
	require.NoError(t, err)
	assert.InDelta(t, 21.0299999961, q[1], 1e-10)
	assert.InDelta(t, 105.8500000073, q[0], 1e-10)
}

func TestProjection(t *testing.T) {
	pr, err := crs.NewProjection(crs.TM3Zone482)
	require.NoError(t, err)
	assert.Equal(t, crs.TM3Zone482, pr.CRS().Code())
	g, err := pr.Forward(orb.Point{105.85, 21.03})
	require.NoError(t, err)
	assert.InDelta(t, 588154.4766, float64(g.Easting), 0.0001)
	assert.InDelta(t, 2326509.0539, float64(g.Northing), 0.0001)
	// cs2cs -d 10 EPSG:5897 EPSG:4326 on 588154.4766 2326509.0539.
	p, err := pr.Inverse(gridPointFromPROJ())
	require.NoError(t, err)
	assert.InDelta(t, 21.0299999958, p[1], 1e-10)
	assert.InDelta(t, 105.8500000070, p[0], 1e-10)

	_, err = crs.NewProjection(crs.VN2000)
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)

	src := []orb.Point{{105.85, 21.03}, {105.86, 21.04}, {105.87, 21.05}}
	dst := make([]crs.GridPoint, 0, len(src))
	dst, err = pr.ForwardSlice(dst, src)
	require.NoError(t, err)
	require.Len(t, dst, 3)
	back, err := pr.InverseSlice(nil, dst)
	require.NoError(t, err)
	for i := range src {
		// 2D through the datum and back: PROJ's millimetre closure.
		assert.InDelta(t, 0, float64(geo.Distance(src[i], back[i])), 0.002)
	}
	// A bad point in a batch names its index and keeps what came before.
	dst, err = pr.ForwardSlice(dst[:0], []orb.Point{{105.85, 21.03}, {math.NaN(), 21}})
	var be *crs.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Index)
	assert.Len(t, dst, 1)
	assert.ErrorIs(t, err, crs.ErrInvalidCoordinate)
}

func gridPointFromPROJ() crs.GridPoint {
	return crs.GridPoint{Easting: 588154.4766, Northing: 2326509.0539}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name     string
		from, to crs.Code
		a, b     float64
		err      error
	}{
		{"nan-lat", crs.WGS84, crs.TM3_10545, math.NaN(), 105.8, crs.ErrInvalidCoordinate},
		{"inf-lon", crs.WGS84, crs.VN2000, 21, math.Inf(1), crs.ErrInvalidCoordinate},
		{"lat-over-90", crs.WGS84, crs.TM3_10545, 90.5, 105, crs.ErrInvalidCoordinate},
		{"lon-over-180", crs.WGS84, crs.WGS84, 10, 180.1, crs.ErrInvalidCoordinate},
		{"paris-in-tm3", crs.WGS84, crs.TM3_10545, 48.85, 2.35, crs.ErrOutsideArea},
		{"sydney-in-vn2000", crs.WGS84, crs.VN2000, -33.87, 151.21, crs.ErrOutsideArea},
		{"bangkok-in-utm48", crs.WGS84, crs.UTM48N, 13.75, 100.5, crs.ErrOutsideArea},
		{"absurd-easting", crs.TM3_10545, crs.WGS84, 5e9, 2e6, crs.ErrOutsideArea},
		{"absurd-northing", crs.TM3_10545, crs.WGS84, 500000, -9e6, crs.ErrOutsideArea},
		{"northing-past-the-pole", crs.TM3Zone482, crs.WGS84, 588154.4766, 8.14309718865e+07, crs.ErrOutsideArea},
		{"nan-easting", crs.TM3_10545, crs.WGS84, math.NaN(), 2e6, crs.ErrInvalidCoordinate},
		{"vn2000-outside", crs.VN2000, crs.WGS84, 40, 105, crs.ErrOutsideArea},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := crs.NewTransformer(tc.from, tc.to)
			require.NoError(t, err)
			_, _, err = tr.Transform(tc.a, tc.b)
			require.ErrorIs(t, err, tc.err)
			var ce *crs.CoordError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.from, ce.CRS)
			assert.True(t, strings.HasPrefix(err.Error(), "crs: "), err.Error())
		})
	}
	// WGS84 to WGS84 has no area of use: anywhere on Earth is fine.
	tr, _ := crs.NewTransformer(crs.WGS84, crs.WGS84)
	_, _, err := tr.Transform(48.85, 2.35)
	assert.NoError(t, err)
}

func TestLookup(t *testing.T) {
	for _, s := range []string{"EPSG:9210", "epsg:9210", " 9210 "} {
		c, err := crs.ParseCode(s)
		require.NoError(t, err, s)
		assert.Equal(t, crs.TM3_10545, c)
	}
	for _, s := range []string{"", "EPSG:", "EPSG:3857", "abc", "-4326", "EPSG:9210x"} {
		_, err := crs.ParseCode(s)
		assert.ErrorIs(t, err, crs.ErrUnknownCRS, s)
	}
	_, err := crs.NewTransformer(crs.WGS84, 3857)
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)

	all := crs.All()
	assert.Len(t, all, 22) // 4326, 4756, 18 TM-3 zones, 2 UTM zones
	for i, c := range all {
		assert.True(t, c.IsValid())
		if i > 0 {
			assert.Less(t, all[i-1].Code(), c.Code(), "ordered by code")
		}
		got, err := crs.Lookup(c.Code())
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
	c, err := crs.Lookup(crs.TM3_10745)
	require.NoError(t, err)
	assert.Equal(t, "VN-2000 / TM-3 107-45", c.Name())
	assert.Equal(t, 107.75, c.CentralMeridian())
	assert.Equal(t, 0.9999, c.ScaleFactor())
	assert.Equal(t, crs.Projected, c.Kind())
	assert.Equal(t, "EPSG:5899", c.String())
	u, _ := crs.Lookup(crs.UTM49N)
	assert.Equal(t, 111.0, u.CentralMeridian())
	assert.Equal(t, 0.9996, u.ScaleFactor())
	assert.False(t, crs.CRS{}.IsValid())
}

func TestLegacyProvinces(t *testing.T) {
	ps := crs.LegacyProvinces()
	require.Len(t, ps, 63)
	for _, p := range ps {
		c := p.TM3()
		require.True(t, c.IsValid(), "%s has no TM-3 zone for %g", p.Name, p.CentralMeridian)
		assert.Equal(t, p.CentralMeridian, c.CentralMeridian())
	}
	hn, err := crs.LegacyProvinceByCode("1")
	require.NoError(t, err)
	assert.Equal(t, "Hà Nội", hn.Name)
	assert.Equal(t, crs.TM3Zone482, hn.TM3().Code())
	hcm, err := crs.LegacyProvinceByCode("79")
	require.NoError(t, err)
	assert.Equal(t, crs.TM3_10545, hcm.TM3().Code())
	_, err = crs.LegacyProvinceByCode("03")
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)
	_, err = crs.LegacyProvinceByCode("x")
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)
}

// TestLegacyProvincesAgainstReference compares codes and names with the
// reference administrative data beside the project, when present.
func TestLegacyProvincesAgainstReference(t *testing.T) {
	const path = "../../../shared/data/admin/vietnamadminunits/convert_legacy_2025_simple.csv"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("reference admin data not found at %s: skipping", path)
	}
	rows := readCSV(t, path)
	names := map[string]string{}
	for _, r := range rows {
		code, err := strconv.Atoi(r[0])
		require.NoError(t, err)
		names[strconv.Itoa(100 + code)[1:]] = r[8]
	}
	require.Len(t, names, 63)
	for _, p := range crs.LegacyProvinces() {
		full, ok := names[p.Code]
		require.True(t, ok, "code %s not in the reference", p.Code)
		assert.True(t, strings.HasSuffix(full, p.Name), "%s: %q vs %q", p.Code, full, p.Name)
	}
}

func FuzzTransform(f *testing.F) {
	f.Add(21.03, 105.85, int(crs.TM3Zone482))
	f.Add(588154.4766, 2326509.0539, -int(crs.TM3Zone482))
	f.Add(1e300, -1e300, int(crs.UTM49N))
	f.Fuzz(func(t *testing.T, a, b float64, code int) {
		codes := crs.All()
		c := codes[(code%len(codes)+len(codes))%len(codes)].Code()
		from, to := crs.WGS84, c
		if code < 0 {
			from, to = c, crs.WGS84
		}
		tr, err := crs.NewTransformer(from, to)
		require.NoError(t, err)
		x, y, h, err := tr.Transform3(a, b, 0)
		if err != nil {
			var ce *crs.CoordError
			require.ErrorAs(t, err, &ce)
			require.True(t, errors.Is(err, crs.ErrInvalidCoordinate) || errors.Is(err, crs.ErrOutsideArea))
			return
		}
		require.False(t, math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0), "garbage out: %v %v", x, y)
		back, err := crs.NewTransformer(to, from)
		require.NoError(t, err)
		ra, rb, _, err := back.Transform3(x, y, h)
		require.NoError(t, err)
		if geographic(from) {
			require.InDelta(t, a, ra, 1e-9)
			require.InDelta(t, b, rb, 1e-9)
		} else {
			require.InDelta(t, a, ra, 1e-4)
			require.InDelta(t, b, rb, 1e-4)
		}
	})
}

// roundTripMetres expresses a round-trip difference in metres.
func roundTripMetres(c crs.Code, a, b, ra, rb float64) float64 {
	if geographic(c) {
		return float64(geo.Distance(orb.Point{b, a}, orb.Point{rb, ra}))
	}
	return math.Hypot(ra-a, rb-b)
}
