package geojsonio_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/geojsonio"
)

func read(t testing.TB, in string) *geojsonio.Collection {
	t.Helper()
	c, err := geojsonio.Read(strings.NewReader(in), geojsonio.Options{})
	require.NoError(t, err)
	return c
}

func TestRead(t *testing.T) {
	c := read(t, `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::9210"}},"features":[
		{"type":"Feature","id":"p1","geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]},"properties":{"z":1.50,"a":"x"}},
		{"type":"Feature","id":12.0,"geometry":{"type":"Point","coordinates":[606669.5,-1188321.25]},"properties":null},
		{"type":"Feature","geometry":null},
		{"properties":{},"geometry":{"coordinates":[[[1,2],[3,4]]],"type":"MultiLineString"},"type":"Feature"},
		{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"MultiPoint","coordinates":[[1,2]]},{"type":"LineString","coordinates":[]}]}},
		{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[0,1],[0,0]]]]},"bbox":[0,0,1,1],"x-note":{"k":[1,{"j":null}]}}
	],"bbox":[0,0,10,10]}`)
	assert.EqualValues(t, 9210, c.CRS)
	assert.Equal(t, "urn:ogc:def:crs:EPSG::9210", c.CRSName)
	require.Len(t, c.Features, 6)
	f := c.Features
	assert.Equal(t, "p1", f[0].ID)
	assert.Equal(t, orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 0}}, {{1, 1}, {2, 1}, {2, 2}, {1, 1}}}, f[0].Geometry)
	assert.Equal(t, `{"z":1.50,"a":"x"}`, string(f[0].Properties), "as written")
	assert.Equal(t, json.Number("12.0"), f[1].ID, "as written")
	assert.Equal(t, orb.Point{606669.5, -1188321.25}, f[1].Geometry)
	assert.Nil(t, f[1].Properties)
	assert.Nil(t, f[2].Geometry)
	assert.Equal(t, orb.MultiLineString{{{1, 2}, {3, 4}}}, f[3].Geometry, "coordinates before the type")
	assert.Equal(t, `{}`, string(f[3].Properties))
	assert.Equal(t, orb.Collection{orb.MultiPoint{{1, 2}}, orb.LineString{}}, f[4].Geometry)
	assert.Equal(t, orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}}, f[5].Geometry)

	c = read(t, "\uFEFF"+`{"features":[],"type":"FeatureCollection"}`+"\n")
	assert.Zero(t, c.CRS, "RFC 7946: no crs member")
	assert.Empty(t, c.Features)
	assert.NotNil(t, c.Features)
}

// Every geometry type, with its members in either order, reads as orb
// reads it.
func TestReadShapes(t *testing.T) {
	for typ, coords := range map[string]string{
		"Point":           `[1.5,-2]`,
		"MultiPoint":      `[[1,2],[3,4]]`,
		"LineString":      `[[1,2],[3,4],[5,6]]`,
		"MultiLineString": `[[[1,2],[3,4]],[],[[5,6],[7,8]]]`,
		"Polygon":         `[[[0,0],[1,0],[1,1],[0,0]],[]]`,
		"MultiPolygon":    `[[[[0,0],[1,0],[1,1],[0,0]]],[],[[]]]`,
	} {
		want, err := geojson.UnmarshalGeometry([]byte(`{"type":"` + typ + `","coordinates":` + coords + `}`))
		require.NoError(t, err)
		for _, g := range []string{
			`{"type":"` + typ + `","coordinates":` + coords + `}`,
			`{"coordinates":` + coords + `,"type":"` + typ + `"}`,
		} {
			c := read(t, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":`+g+`,"properties":{}}]}`)
			assert.Equal(t, want.Geometry(), c.Features[0].Geometry, g)
		}
	}
}

func TestReadErrors(t *testing.T) {
	fc := func(features string) string { return `{"type":"FeatureCollection","features":[` + features + `]}` }
	feat := func(geometry string) string {
		return fc(`{"type":"Feature","geometry":` + geometry + `,"properties":null}`)
	}
	props := func(p string) string { return fc(`{"type":"Feature","geometry":null,"properties":` + p + `}`) }
	for name, tc := range map[string]struct{ in, msg string }{
		"empty":              {``, "end of input"},
		"null":               {`null`, "null, not a FeatureCollection"},
		"no features":        {`{"type":"FeatureCollection"}`, "no features member"},
		"features null":      {`{"type":"FeatureCollection","features":null}`, "features is null"},
		"features object":    {`{"type":"FeatureCollection","features":{}}`, `want '['`},
		"no type":            {`{"features":[]}`, "no type member"},
		"a feature":          {`{"type":"Feature","geometry":null,"properties":null}`, `type "Feature": want a FeatureCollection`},
		"a geometry":         {`{"type":"Point","coordinates":[1,2]}`, `type "Point"`},
		"an array":           {`[]`, "want a JSON object"},
		"after":              {fc(``) + ` {}`, "more input after"},
		"nul after":          {fc(``) + "\x00", "more input after"},
		"feature type":       {fc(`{"type":"Point","geometry":null}`), `type "Point": want a Feature`},
		"feature no type":    {fc(`{"geometry":null}`), "no type member: want a Feature"},
		"feature not object": {fc(`1`), "want a Feature"},
		"trailing comma":     {fc(`{"type":"Feature","geometry":null},`), "want a Feature"},
		"missing comma":      {fc(`{"type":"Feature","geometry":null} {"type":"Feature","geometry":null}`), `want ',' or ']'`},
		"truncated":          {`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null`, "end of input"},
		"dup top":            {`{"type":"FeatureCollection","features":[],"features":[]}`, `key "features" given twice`},
		"dup escaped":        {`{"type":"FeatureCollection","features":[],"feat\u0075res":[]}`, `key "features" given twice`},
		"dup foreign":        {`{"type":"FeatureCollection","x":1,"features":[],"x":2}`, `key "x" given twice`},
		"dup feature":        {fc(`{"type":"Feature","geometry":null,"geometry":null}`), `key "geometry" given twice`},
		"dup geometry":       {feat(`{"type":"Point","coordinates":[1,2],"coordinates":[3,4]}`), `key "coordinates" given twice`},
		"dup property":       {props(`{"a":1,"a":2}`), `key "a" given twice`},
		"dup property esc":   {props(`{"a":1,"\u0061":2}`), `key "a" given twice`},
		"dup nested":         {props(`{"a":{"b":1,"c":[{"d":1,"d":1}]}}`), `key "d" given twice`},
		"dup large":          {props(`{` + manyKeys(40) + `,"k7":0}`), `key "k7" given twice`},
		"properties list":    {props(`[1]`), "properties is not an object"},
		"not utf8":           {props("{\"a\":\"\xff\"}"), "not UTF-8"},
		"not utf8 key":       {props("{\"\xc3\":1}"), "not UTF-8"},
		"lone surrogate":     {props(`{"a":"\ud800x"}`), "lone surrogate"},
		"lone low":           {props(`{"a":"\udc00"}`), "lone surrogate"},
		"bad escape":         {props(`{"a":"\x"}`), `unknown escape`},
		"bad hex":            {props(`{"a":"\u12g4"}`), `invalid \u escape`},
		"control":            {props("{\"a\":\"x\ty\"}"), "control character 0x09"},
		"out of range":       {props(`{"a":1e309}`), "number 1e309 is out of range"},
		"out of range coord": {feat(`{"type":"Point","coordinates":[1e309,0]}`), "out of range"},
		"number grammar":     {props(`{"a":01}`), `want ',' or '}'`},
		"number dot":         {props(`{"a":1.}`), "want a digit"},
		"number plus":        {props(`{"a":+1}`), "want a value"},
		"number hex":         {feat(`{"type":"Point","coordinates":[0x1p-2,0]}`), `found 'x'`},
		"NaN":                {feat(`{"type":"Point","coordinates":[NaN,0]}`), "want a number"},
		"deep":               {props(strings.Repeat(`{"a":`, 1001) + `1` + strings.Repeat(`}`, 1001)), "nested more than 1000 deep"},
		"literal":            {props(`{"a":tru}`), "want true"},
		"geometry type":      {feat(`{"type":"Blob","coordinates":[]}`), `geometry type "Blob"`},
		"geometry no type":   {feat(`{"coordinates":[1,2]}`), "geometry without a type"},
		"no coordinates":     {feat(`{"type":"Point"}`), "has coordinates and no geometries"},
		"null coordinates":   {feat(`{"type":"Point","coordinates":null}`), "want '['"},
		"collection coords":  {feat(`{"type":"GeometryCollection","coordinates":[]}`), "GeometryCollection has geometries"},
		"one number":         {feat(`{"type":"Point","coordinates":[1]}`), "a second number"},
		"no number":          {feat(`{"type":"Point","coordinates":[]}`), "want a number"},
		"string coordinate":  {feat(`{"type":"Point","coordinates":["1",2]}`), "want a number"},
		"altitude":           {feat(`{"type":"Point","coordinates":[1,2,3]}`), "altitude"},
		"position comma":     {feat(`{"type":"Point","coordinates":[1,2,]}`), "want a number"},
		"shape":              {feat(`{"type":"Polygon","coordinates":[[1,2]]}`), `want '['`},
		"shape late":         {feat(`{"coordinates":[[1,2]],"type":"Polygon"}`), "not those of a Polygon"},
		"point late":         {feat(`{"coordinates":[[1,2]],"type":"Point"}`), "not those of a Point"},
		"too deep late":      {feat(`{"coordinates":[[[[[1,2]]]]],"type":"MultiPolygon"}`), "more than four arrays deep"},
		"crs on feature":     {fc(`{"type":"Feature","geometry":null,"crs":null}`), "crs member on a feature"},
		"crs on geometry":    {feat(`{"type":"Point","coordinates":[1,2],"crs":null}`), "crs member on a geometry"},
		"crs null":           {`{"type":"FeatureCollection","crs":null,"features":[]}`, "crs is not an object"},
		"crs link":           {`{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"x"}},"features":[]}`, "only a named CRS"},
		"crs unknown":        {`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:1"}},"features":[]}`, "unknown"},
		"id object":          {fc(`{"type":"Feature","id":{},"geometry":null}`), "id is not a string or a number"},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := geojsonio.Read(strings.NewReader(tc.in), geojsonio.Options{})
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, geojsonio.ErrSyntax)
			assert.Contains(t, err.Error(), tc.msg)
			var se *geojsonio.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.LessOrEqual(t, se.Offset, int64(len(tc.in)))
		})
	}
	_, err := geojsonio.Read(strings.NewReader(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:1"}},"features":[]}`), geojsonio.Options{})
	assert.ErrorIs(t, err, crs.ErrUnknownCRS)
	_, err = geojsonio.Read(strings.NewReader(fc(`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,3]}}`)), geojsonio.Options{})
	assert.ErrorIs(t, err, geojsonio.ErrAltitude)
	var se *geojsonio.SyntaxError
	_, err = geojsonio.Read(strings.NewReader(fc(`{"type":"Feature","geometry":null},{"type":"Feature","geometry":1}`)), geojsonio.Options{})
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 1, se.Feature)
	assert.Contains(t, err.Error(), "feature 1 at byte")
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":%d`, i, i)
	}
	return b.String()
}

func TestDropAltitude(t *testing.T) {
	c, err := geojsonio.Read(strings.NewReader(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2,3],[4,5],[6,7,8,9]]}}]}`),
		geojsonio.Options{DropAltitude: true})
	require.NoError(t, err)
	assert.Equal(t, orb.LineString{{1, 2}, {4, 5}, {6, 7}}, c.Features[0].Geometry)
	assert.EqualValues(t, 2, c.Altitudes, "counted, never dropped in silence")
}

func TestParseCRSName(t *testing.T) {
	for name, want := range map[string]crs.Code{
		"EPSG:9210":                                  9210,
		"epsg:9210":                                  9210,
		"9210":                                       9210,
		"urn:ogc:def:crs:EPSG::9210":                 9210,
		"urn:ogc:def:crs:EPSG:6.6:4326":              crs.WGS84,
		"urn:ogc:def:crs:OGC:1.3:CRS84":              crs.WGS84,
		"urn:ogc:def:crs:OGC::CRS84":                 crs.WGS84,
		"http://www.opengis.net/def/crs/EPSG/0/5897": 5897,
		" EPSG:3405 ":                                3405,
	} {
		got, err := geojsonio.ParseCRSName(name)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	for _, name := range []string{"", "EPSG:1", "EPSG:+9210", "EPSG:9210x", "urn:ogc:def:crs:EPSG:9210", "CRS84", "OGC:CRS83", "ESRI:102100", "urn:x:9210"} {
		_, err := geojsonio.ParseCRSName(name)
		assert.ErrorIs(t, err, crs.ErrUnknownCRS, name)
	}
}

func TestLimits(t *testing.T) {
	two := `{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}},
		{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}]}`
	for _, tc := range []struct {
		opts  geojsonio.Options
		limit string
	}{
		{geojsonio.Options{MaxFeatures: 1}, "MaxFeatures"},
		{geojsonio.Options{MaxGeometryVertices: 2}, "MaxGeometryVertices"},
		{geojsonio.Options{MaxVertices: 5}, "MaxVertices"},
		{geojsonio.Options{MaxBytes: int64(len(two) - 1)}, "MaxBytes"},
	} {
		_, err := geojsonio.Read(strings.NewReader(two), tc.opts)
		require.ErrorIs(t, err, geojsonio.ErrLimit, tc.limit)
		var le *geojsonio.LimitError
		require.ErrorAs(t, err, &le)
		assert.Equal(t, tc.limit, le.Limit)
		assert.Contains(t, err.Error(), "Options."+tc.limit)
	}
	// At the limits, the file reads.
	_, err := geojsonio.Read(strings.NewReader(two), geojsonio.Options{MaxFeatures: 2, MaxGeometryVertices: 3, MaxVertices: 6, MaxBytes: int64(len(two))})
	require.NoError(t, err)
	// Trailing white space counts too.
	_, err = geojsonio.Read(strings.NewReader(two+"\n"), geojsonio.Options{MaxBytes: int64(len(two))})
	require.ErrorIs(t, err, geojsonio.ErrLimit)
}

// endless is a Polygon whose ring never ends, as a reader; it counts the
// bytes read.
type endless struct {
	head []byte
	n    int64
}

func (e *endless) Read(p []byte) (int, error) {
	const vertex = "[606669.5,1188321],"
	k := 0
	for k < len(p) {
		if len(e.head) == 0 {
			e.head = []byte(vertex)
		}
		c := copy(p[k:], e.head)
		e.head, k = e.head[c:], k+c
	}
	e.n += int64(k)
	return k, nil
}

// A geometry beyond the vertex limit is refused while it is read, after
// reading about the limit's worth of it.
func TestLimitWhileReading(t *testing.T) {
	max := 100_000
	if !testing.Short() {
		max = geojsonio.DefaultMaxGeometryVertices
	}
	in := &endless{head: []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[`)}
	start := time.Now()
	_, err := geojsonio.Read(in, geojsonio.Options{MaxGeometryVertices: max})
	var le *geojsonio.LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "MaxGeometryVertices", le.Limit)
	assert.Equal(t, 0, le.Feature)
	assert.Less(t, in.n, int64(max)*20+1<<20, "read no more than the limit's worth")
	t.Logf("refused after %d bytes in %v", in.n, time.Since(start))
}

func sampleFiles(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	for _, glob := range []string{"../../testdata/town/*.geojson", "../../testdata/parcels/*.geojson", "../../testdata/numbering/*.geojson"} {
		paths, err := filepath.Glob(glob)
		require.NoError(t, err)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			out[p] = b
		}
	}
	require.NotEmpty(t, out)
	return out
}

// The committed samples read as orb reads them, whatever sizes the reads
// come in.
func TestSamplesAsOrb(t *testing.T) {
	for path, data := range sampleFiles(t) {
		want, err := geojson.UnmarshalFeatureCollection(data)
		require.NoError(t, err, path)
		for name, r := range map[string]io.Reader{
			"whole":    bytes.NewReader(data),
			"one byte": iotest.OneByteReader(bytes.NewReader(data)),
			"half":     iotest.HalfReader(bytes.NewReader(data)),
			"data+EOF": iotest.DataErrReader(bytes.NewReader(data)),
		} {
			c, err := geojsonio.Read(r, geojsonio.Options{})
			require.NoError(t, err, path, name)
			require.Len(t, c.Features, len(want.Features), path)
			for i, f := range c.Features {
				assert.Equal(t, want.Features[i].Geometry, f.Geometry, "%s %s feature %d", path, name, i)
				var props map[string]any
				require.NoError(t, json.Unmarshal(f.Properties, &props))
				assert.Equal(t, map[string]any(want.Features[i].Properties), props, "%s feature %d", path, i)
			}
		}
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := geojsonio.Read(io.MultiReader(strings.NewReader(`{"type":"FeatureCollection","features":[`), iotest.ErrReader(boom)), geojsonio.Options{})
	assert.ErrorIs(t, err, boom)
}

// Numbers read as strconv reads them, bit for bit.
func TestNumbers(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	var texts []string
	for range 20000 {
		var s string
		switch rng.IntN(5) {
		case 0:
			s = strconv.FormatFloat(rng.Float64()*1e7, 'f', rng.IntN(12), 64)
		case 1:
			s = strconv.FormatFloat(rng.NormFloat64()*180, 'f', -1, 64)
		case 2:
			s = strconv.FormatFloat(rng.NormFloat64()*1e300, 'e', -1, 64)
		case 3:
			s = strconv.FormatInt(rng.Int64()>>rng.IntN(63), 10)
		default:
			s = "0." + strings.Repeat("0", rng.IntN(20)) + strconv.FormatUint(rng.Uint64()>>rng.IntN(64), 10)
		}
		if rng.IntN(2) == 0 && s[0] != '-' {
			s = "-" + s
		}
		texts = append(texts, s)
	}
	texts = append(texts, "0", "-0", "0.1", "123456789012345", "1234567890123456", "0.0000000000000000000001", "9007199254740993", "1e-400", "4.9e-324", "1.7976931348623157e308")
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[`)
	for i, s := range texts {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%s,%s]", s, s)
	}
	b.WriteString(`]}}]}`)
	c := read(t, b.String())
	mp := c.Features[0].Geometry.(orb.MultiPoint)
	for i, s := range texts {
		want, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, s)
		if want != mp[i][0] || (want == 0 && (1/want != 1/mp[i][0])) {
			t.Fatalf("%s read as %v, want %v", s, mp[i][0], want)
		}
	}
}

// Values longer than the window stay whole, whatever sizes the reads
// come in.
func TestLongValues(t *testing.T) {
	long := strings.Repeat("Đường Nguyễn Thị Thập ", 10_000) // 270 kB, multi-byte
	nested := strings.Repeat(`[`, 900) + strings.Repeat(`1,`, 50_000) + `1` + strings.Repeat(`]`, 900)
	in := `{"type":"FeatureCollection","x-big":` + nested + `,"features":[{"type":"Feature","id":"` + long + `","geometry":null,"properties":{"name":"` + long + `","k\u00e9y":[` + nested + `]}}]}`
	for name, r := range map[string]io.Reader{
		"whole":    strings.NewReader(in),
		"one byte": iotest.OneByteReader(strings.NewReader(in)),
	} {
		c, err := geojsonio.Read(r, geojsonio.Options{})
		require.NoError(t, err, name)
		assert.Equal(t, long, c.Features[0].ID, name)
		var props map[string]any
		require.NoError(t, json.Unmarshal(c.Features[0].Properties, &props), name)
		assert.Equal(t, long, props["name"], name)
		assert.Contains(t, props, "kéy", name)
	}
}
