package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quad is a label's rectangle as four corners, rebuilt from what the SVG
// says (position, rotation, font size, width).
type quad [4][2]float64

func quadOf(x, y, w, h, deg float64) quad {
	s, c := math.Sincos(deg * math.Pi / 180)
	var q quad
	for k, d := range [4][2]float64{{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}} {
		q[k] = [2]float64{x + d[0]*c - d[1]*s, y + d[0]*s + d[1]*c}
	}
	return q
}

// inside reports whether p is strictly inside the convex quad q.
func (q quad) inside(p [2]float64) bool {
	sign := 0.0
	for k := range 4 {
		a, b := q[k], q[(k+1)%4]
		cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
		if cross == 0 || (sign != 0 && (cross > 0) != (sign > 0)) {
			return false
		}
		sign = cross
	}
	return true
}

func crosses(a, b, c, d [2]float64) bool {
	o := func(p, q, r [2]float64) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	return o(a, b, c)*o(a, b, d) < 0 && o(c, d, a)*o(c, d, b) < 0
}

// meet reports whether two quads share an interior point: an edge of one
// crosses an edge of the other, or one lies inside the other.
func meet(p, q quad) bool {
	for i := range 4 {
		for j := range 4 {
			if crosses(p[i], p[(i+1)%4], q[j], q[(j+1)%4]) {
				return true
			}
		}
	}
	return p.inside(q[0]) || q.inside(p[0])
}

// The map names every street and alley of the sample town, no two names
// overlap, and it carries a legend in the language asked for, a scale bar
// and an arrow to true north turned by the meridian convergence.
func TestTownMapFurniture(t *testing.T) {
	for _, c := range []struct{ lang, legend, finding, north string }{
		{"vi", "Chú giải", "Sai sót cần xử lý", "B"},
		{"en", "Legend", "Finding to act on", "N"},
	} {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run([]string{"town", "--in", townDir, "--out", out, "--lang", c.lang}, nil, &stdout, &stderr), stderr.String())
		raw, err := os.ReadFile(filepath.Join(out, "town.svg"))
		require.NoError(t, err)
		svg := string(raw)

		names := svg[strings.Index(svg, `id="street-names"`):]
		names = names[:strings.Index(names, "</g>")]
		re := regexp.MustCompile(`<text x="([0-9.]+)" y="([0-9.]+)" font-size="([0-9]+)" transform="rotate\(([-0-9.]+) [0-9.]+ [0-9.]+\)" dy="[0-9.]+" data-w="([0-9.]+)">([^<]+)</text>`)
		var quads []quad
		var labels []string
		for _, m := range re.FindAllStringSubmatch(names, -1) {
			v := make([]float64, 5)
			for k := range v {
				v[k], err = strconv.ParseFloat(m[k+1], 64)
				require.NoError(t, err)
			}
			quads = append(quads, quadOf(v[0], v[1], v[4], v[2], v[3]))
			labels = append(labels, m[6])
		}
		assert.Len(t, quads, 31, "every street and alley named")
		assert.Contains(t, labels, "Đường Nguyễn Văn Linh")
		for i := range quads {
			for j := i + 1; j < len(quads); j++ {
				assert.False(t, meet(quads[i], quads[j]), "%q overlaps %q", labels[i], labels[j])
			}
		}

		assert.Contains(t, svg, ">"+c.legend+"</text>")
		assert.Contains(t, svg, ">"+c.finding+"</text>")
		assert.Contains(t, svg, ">200 m</text>", "a scale bar of a round length")
		m := regexp.MustCompile(`id="north" transform="rotate\(([-0-9.]+) `).FindStringSubmatch(svg)
		require.NotNil(t, m)
		got, _ := strconv.ParseFloat(m[1], 64)
		// TM-3 105°45′ at the town (106.73°E, 10.745°N): grid north is
		// turned by the convergence atan(tan Δλ · sin φ) from true north,
		// east of the central meridian to the east, so true north points
		// that much to the left of the map's up.
		gamma := math.Atan(math.Tan((106.73-105.75)*math.Pi/180)*math.Sin(10.745*math.Pi/180)) * 180 / math.Pi
		assert.InDelta(t, -gamma, got, 0.01)
		assert.Contains(t, svg, `>`+c.north+`</text>`)
	}
}
