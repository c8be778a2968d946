package geojsonio_test

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/geojsonio"
)

var large = flag.Bool("large", false, "read a generated 100 MB file (TestLarge)")

// fabric writes n parcels as a cadastre exports them: quadrilaterals to
// hexagons in VN-2000 metres with centimetres (or in WGS84 degrees with
// eight decimals), and a few attributes.
func fabric(n int, degrees bool) []byte {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::9210"}},"features":[` + "\n")
	coord := func(x float64) {
		if degrees {
			b.WriteString(strconv.FormatFloat(x, 'f', 8, 64))
		} else {
			b.WriteString(strconv.FormatFloat(x, 'f', 2, 64))
		}
	}
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		x0, y0, scale := 600000+float64(i%1000)*30, 1180000+float64(i/1000)*30, 1.0
		if degrees {
			x0, y0, scale = 106.6+float64(i%1000)*0.0003, 10.7+float64(i/1000)*0.0003, 1e-5
		}
		b.WriteString(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[`)
		k := 4 + rng.IntN(3)
		for v := 0; v <= k; v++ {
			if v > 0 {
				b.WriteByte(',')
			}
			a := float64(v%k) / float64(k) * 6.283185307179586
			r := 12 + rng.Float64()*3
			b.WriteByte('[')
			coord(x0 + scale*r*cos(a))
			b.WriteByte(',')
			coord(y0 + scale*r*sin(a))
			b.WriteByte(']')
		}
		fmt.Fprintf(&b, `]]},"properties":{"commune":"27478","sheet":%d,"number":%d,"area":%.1f,"owner":"Nguyễn Văn %c"}}`,
			i/500+1, i%500+1, 400+rng.Float64()*300, 'A'+rune(i%26))
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

// BenchmarkDecode reads the same file with this package and with orb's
// decoder, one after the other in each run; -count repeats each in a row,
// so to interleave them run the test binary several times:
//
//	go test -c -o gj.test ./geo/geojsonio
//	for i in 1 2 3 4 5; do ./gj.test -test.run X -test.bench Decode; done
func BenchmarkDecode(b *testing.B) {
	for _, tc := range []struct {
		name    string
		parcels int
		degrees bool
	}{{"vn2000-50k", 50_000, false}, {"wgs84-50k", 50_000, true}} {
		data := fabric(tc.parcels, tc.degrees)
		b.Run(tc.name+"/diachi", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				c, err := geojsonio.Read(bytes.NewReader(data), geojsonio.Options{})
				if err != nil || len(c.Features) != tc.parcels {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/orb", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				c, err := geojson.UnmarshalFeatureCollection(data)
				if err != nil || len(c.Features) != tc.parcels {
					b.Fatal(err)
				}
			}
		})
	}
}

// A valid 100 MB file reads in seconds (go test -large -run TestLarge).
func TestLarge(t *testing.T) {
	if !*large && os.Getenv("DIACHI_EXHAUSTIVE") == "" {
		t.Skip("reads a generated 100 MB file: run with -large or DIACHI_EXHAUSTIVE=1")
	}
	data := fabric(500_000, true)
	require.Greater(t, len(data), 100<<20)
	start := time.Now()
	c, err := geojsonio.Read(bytes.NewReader(data), geojsonio.Options{})
	took := time.Since(start)
	require.NoError(t, err)
	require.Len(t, c.Features, 500_000)
	t.Logf("%d MB in %v (speed is measured by BenchmarkDecode, not asserted)", len(data)>>20, took)
}

func cos(a float64) float64 { return math.Cos(a) }
func sin(a float64) float64 { return math.Sin(a) }
