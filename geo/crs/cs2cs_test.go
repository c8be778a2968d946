package crs_test

import (
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/crs"
)

// TestCS2CSLive compares [crs.WithMekong5194] with PROJ's cs2cs itself, when
// it is installed, on a few points in and around the Mekong blocks, for CRSs
// on both sides of cs2cs's per-CRS choice, both directions. The committed
// vectors (TestPROJMekongVectors) cover the same ground without PROJ.
func TestCS2CSLive(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not running cs2cs")
	}
	if _, err := exec.LookPath("cs2cs"); err != nil {
		t.Skip("cs2cs (PROJ) not installed: skipping the live comparison; testdata/crs/proj_mekong.csv holds its answers")
	}
	wgs84 := [][2]float64{
		{10.7725, 106.698},  // Bến Thành market, Hồ Chí Minh City
		{10.0452, 105.7469}, // Cần Thơ
		{9.35, 104.24},      // the blocks' south-west corner, on both edges
		{11.0415, 105.75},   // just north of the blocks
		{21.03, 105.85},     // Hà Nội, far from them
	}
	// VN-2000 points a little outside the blocks, projected first: inside the
	// bounds of the blocks' projected outline for some zones, not for others.
	vn2000 := [][2]float64{{11.041, 105.75}, {11.0412, 104.5}, {9.3492, 105.7}, {10.2, 107.1108}}
	for _, to := range []crs.Code{crs.VN2000, crs.TM3_10545, crs.TM3Zone491, crs.UTM48N,
		crs.TM3_10600, crs.TM3_10615, crs.TM3_10630, crs.TM3_10700} {
		t.Run(to.String(), func(t *testing.T) {
			fwd := cs2cs(t, crs.WGS84, to, wgs84)
			compareCS2CS(t, crs.WGS84, to, wgs84, fwd)
			compareCS2CS(t, to, crs.WGS84, fwd, cs2cs(t, to, crs.WGS84, fwd))
			probes := vn2000
			if to != crs.VN2000 {
				proj, err := crs.NewTransformer(crs.VN2000, to)
				require.NoError(t, err)
				probes, err = proj.TransformPairs(nil, vn2000)
				require.NoError(t, err)
				for i := range probes { // as cs2cs would read them back
					probes[i] = [2]float64{round6(probes[i][0]), round6(probes[i][1])}
				}
			}
			compareCS2CS(t, to, crs.WGS84, probes, cs2cs(t, to, crs.WGS84, probes))
		})
	}
}

func round6(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return r
}

func compareCS2CS(t *testing.T, from, to crs.Code, in, want [][2]float64) {
	t.Helper()
	tr, err := crs.NewTransformer(from, to, crs.WithMekong5194())
	require.NoError(t, err)
	tol := tolMetres
	if geographic(to) {
		tol = tolDegrees
	}
	for i, p := range in {
		a, b, err := tr.Transform(p[0], p[1])
		require.NoError(t, err)
		assert.LessOrEqual(t, pairError(to, a, b, want[i][0], want[i][1]), tol,
			"%v -> %v at %v: cs2cs %v, got %.10f %.10f", from, to, p, want[i], a, b)
	}
}

// cs2cs runs PROJ's cs2cs on pairs in the source CRS's axis order.
func cs2cs(t *testing.T, from, to crs.Code, in [][2]float64) [][2]float64 {
	t.Helper()
	d := "6"
	if geographic(to) {
		d = "10"
	}
	cmd := exec.Command("cs2cs", "-d", d, from.String(), to.String())
	var stdin bytes.Buffer
	for _, p := range in {
		fmt.Fprintf(&stdin, "%s %s\n", strconv.FormatFloat(p[0], 'f', -1, 64), strconv.FormatFloat(p[1], 'f', -1, 64))
	}
	cmd.Stdin = &stdin
	out, err := cmd.Output()
	require.NoError(t, err, "cs2cs %v %v", from, to)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, len(in), "cs2cs %v %v: %s", from, to, out)
	res := make([][2]float64, len(in))
	for i, line := range lines {
		f := strings.Fields(line)
		require.GreaterOrEqual(t, len(f), 2, "cs2cs %v %v: %q", from, to, line)
		res[i] = [2]float64{num(t, f[0]), num(t, f[1])}
	}
	return res
}
