package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

var (
	townOnce sync.Once
	townSrv  *server
	townErr  error
)

// townServer is the service over the sample town (testdata/town), built
// once with the demo key as 'diachi town' builds it.
func townServer(t testing.TB) *server {
	t.Helper()
	townOnce.Do(func() {
		ctx := context.Background()
		src, err := registry.LoadDir(ctx, "../../../testdata/town", 0)
		if err != nil {
			townErr = err
			return
		}
		reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
		if err != nil {
			townErr = err
			return
		}
		townSrv, townErr = newServer(reg)
	})
	require.NoError(t, townErr)
	return townSrv
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(a.body, &v), "body: %.300s", a.body)
	return v
}

func call(t testing.TB, s *server, method, target string, body []byte, hdr ...string) answer {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, req)
	return answer{w.Code, w.Header(), w.Body.Bytes()}
}

func get(t testing.TB, s *server, target string) map[string]any {
	t.Helper()
	a := call(t, s, "GET", target, nil)
	require.Equal(t, http.StatusOK, a.status, "%s: %s", target, a.body)
	require.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"))
	return a.json(t)
}

// house37 is 37 Nguyễn Thị Thập as the registry has it.
func house37(t *testing.T, s *server) registry.House {
	hs, _, err := s.reg.Lookup("37 Nguyễn Thị Thập, Phú Thuận")
	require.NoError(t, err)
	require.Len(t, hs, 1)
	return hs[0]
}

// Every endpoint answers a good request with what the registry holds.
func TestServeEndpoints(t *testing.T) {
	s := townServer(t)
	h := house37(t, s)
	id := h.ID.Grouped()

	info := get(t, s, "/api/info")
	assert.EqualValues(t, 1411, info["houses"])
	assert.EqualValues(t, 1433, info["parcels"])
	assert.EqualValues(t, 14, info["findings"])
	assert.Equal(t, true, info["demo_key"])
	assert.Equal(t, true, info["read_only"])

	// Lookup by text: the house, its links and the address as parsed.
	lk := get(t, s, "/api/lookup?q="+url.QueryEscape("37 nguyen thi thap, phu thuan"))
	houses := lk["houses"].([]any)
	require.Len(t, houses, 1)
	j := houses[0].(map[string]any)
	assert.Equal(t, id, j["address_id"])
	assert.Equal(t, "37", j["number"])
	assert.Equal(t, "Số 37 Đường Nguyễn Thị Thập, Phường Phú Thuận, Thành phố Hồ Chí Minh, 72907", j["address"])
	assert.Equal(t, "72907", j["postcode"])
	assert.Equal(t, "Phường Phú Thuận", j["commune_name"])
	assert.Equal(t, "left", j["side"], "37 is odd: left of its street")
	assert.Equal(t, "37", lk["parsed"].(map[string]any)["house_number"])

	// Reverse geocode at the house's point: the same house, its parcel,
	// the street with side and along, commune and postcode.
	at := get(t, s, fmt.Sprintf("/api/at?lat=%.9f&lon=%.9f", h.Point[1], h.Point[0]))
	assert.Equal(t, id, at["house"].(map[string]any)["address_id"])
	assert.Equal(t, j["parcel"], at["parcel"])
	assert.Equal(t, j["parcel_id"], at["parcel_id"])
	assert.Equal(t, "Phường Phú Thuận", at["commune_name"])
	assert.Equal(t, "72907", at["postcode"])
	// The nearest street may be the cross street of a corner: any street
	// of the registry, with a side and a distance along.
	st := at["street"].(map[string]any)
	var names []any
	for x := range s.reg.Streets() {
		names = append(names, x.Name)
	}
	assert.Contains(t, names, st["name"])
	assert.Contains(t, []any{"left", "right", nil}, st["side"])
	assert.GreaterOrEqual(t, st["along_m"], 0.0)

	// By ID (grouped or not), by building, by external ID.
	for _, v := range []string{id, strings.ReplaceAll(id, " ", ""), strings.ReplaceAll(id, " ", "-")} {
		assert.Equal(t, "37", get(t, s, "/api/ids/"+url.PathEscape(v))["number"], v)
	}
	assert.Equal(t, id, get(t, s, "/api/sources/"+h.Source)["address_id"])
	ext := get(t, s, "/api/external/vnpost-2021/7000000164")
	assert.NotEmpty(t, ext["address_id"])
	bySrc, ok := s.reg.BySource(ext["building"].(string))
	require.True(t, ok)
	assert.Equal(t, ext["address_id"], bySrc.ID.Grouped())

	// The parcel by key and by parcel ID, with the house in it.
	pk := get(t, s, "/api/parcels?key="+url.QueryEscape(j["parcel"].(string)))
	assert.Equal(t, j["parcel"], pk["key"])
	assert.Equal(t, j["parcel_id"], pk["parcel_id"])
	var ids []any
	for _, x := range pk["houses"].([]any) {
		ids = append(ids, x.(map[string]any)["address_id"])
	}
	assert.Contains(t, ids, id)
	assert.Equal(t, pk, get(t, s, "/api/parcel-ids/"+j["parcel_id"].(string)))

	// Parse and format.
	ps := get(t, s, "/api/parse?q="+url.QueryEscape("12A Ngõ 5 Phố Huế, P. Hàng Bài, Q. Hoàn Kiếm, Hà Nội"))
	assert.Equal(t, "12A", ps["house_number"])
	assert.Equal(t, "Hoàn Kiếm", ps["district"].(map[string]any)["name"].(string)[len("Quận "):])
	fm := get(t, s, "/api/format?style=official&q="+url.QueryEscape("37 Nguyễn Thị Thập, phu thuan, tp hcm"))
	assert.Equal(t, "Số 37 Nguyễn Thị Thập, Phường Phú Thuận, Thành phố Hồ Chí Minh", fm["text"])
	fm = get(t, s, "/api/format?style=legacy&q="+url.QueryEscape("37 Nguyễn Thị Thập, P. Tân Phú, Q.7, TP.HCM"))
	assert.Contains(t, fm["text"], "Quận 7")
	lb := get(t, s, "/api/format?style=label&q="+url.QueryEscape("37 Nguyễn Thị Thập, Phú Thuận, TP.HCM"))
	assert.NotEmpty(t, lb["lines"])

	// Findings, a page at a time, and by layer.
	all := get(t, s, "/api/findings?limit=1000")
	assert.EqualValues(t, 14, all["total"])
	assert.Nil(t, all["next_offset"])
	p1 := get(t, s, "/api/findings?limit=5")
	p2 := get(t, s, "/api/findings?limit=5&offset=5")
	assert.EqualValues(t, 5, p1["next_offset"])
	assert.EqualValues(t, 10, p2["next_offset"])
	got := append(p1["findings"].([]any), p2["findings"].([]any)...)
	assert.Equal(t, all["findings"].([]any)[:10], got)
	bl := get(t, s, "/api/findings?layer=buildings")
	for _, f := range bl["findings"].([]any) {
		assert.Equal(t, "buildings", f.(map[string]any)["layer"])
	}
	assert.Less(t, bl["total"], all["total"])

	// Features of a box around the house: its number among the houses.
	fc := get(t, s, fmt.Sprintf("/api/features?bbox=%f,%f,%f,%f&zoom=19", h.Point[1]-0.0003, h.Point[0]-0.0003, h.Point[1]+0.0003, h.Point[0]+0.0003))
	var numbers []any
	layers := map[any]int{}
	for _, f := range fc["features"].([]any) {
		p := f.(map[string]any)["properties"].(map[string]any)
		layers[p["layer"]]++
		if p["layer"] == "houses" && p["address_id"] == id {
			numbers = append(numbers, p["number"])
		}
	}
	assert.Equal(t, []any{"37"}, numbers)
	for _, l := range []string{"parcels", "buildings", "streets", "houses", "communes"} {
		assert.NotZero(t, layers[l], l)
	}
	assert.Equal(t, false, fc["truncated"])
	// Below the houses' zoom, no houses.
	fc = get(t, s, fmt.Sprintf("/api/features?bbox=%f,%f,%f,%f&zoom=12", h.Point[1]-0.0003, h.Point[0]-0.0003, h.Point[1]+0.0003, h.Point[0]+0.0003))
	for _, f := range fc["features"].([]any) {
		assert.NotEqual(t, "houses", f.(map[string]any)["properties"].(map[string]any)["layer"])
	}

	// The page, in both languages, its assets and the map library.
	page := call(t, s, "GET", "/", nil)
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, string(page.body), `<html lang="vi">`)
	assert.Contains(t, string(page.body), "/static/vendor/leaflet/leaflet.js")
	assert.Contains(t, string(call(t, s, "GET", "/?lang=en", nil).body), `<html lang="en">`)
	for _, f := range []string{"app.js", "style.css", "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/leaflet/LICENSE"} {
		a := call(t, s, "GET", "/static/"+f, nil)
		assert.Equal(t, http.StatusOK, a.status, f)
		assert.NotEmpty(t, a.body, f)
		assert.NotEmpty(t, a.header.Get("ETag"), f)
	}
	assert.Contains(t, call(t, s, "GET", "/static/app.js", nil).header.Get("Content-Type"), "javascript")
}

// The batches answer each item in order, an item's error in its place.
func TestServeBatches(t *testing.T) {
	s := townServer(t)
	h := house37(t, s)
	body := fmt.Sprintf(`{"points": [[%f, %f], [91, 0], [10.7, 106.7, 1], [0, 0]]}`, h.Point[1], h.Point[0])
	a := call(t, s, "POST", "/api/at", []byte(body))
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	rs := a.json(t)["results"].([]any)
	require.Len(t, rs, 4)
	r0 := rs[0].(map[string]any)
	assert.Nil(t, r0["error"])
	assert.Equal(t, h.ID.Grouped(), r0["result"].(map[string]any)["house"].(map[string]any)["address_id"])
	for i, code := range []string{"", "invalid_point", "invalid_point", "outside"} {
		if code == "" {
			continue
		}
		e := rs[i].(map[string]any)["error"].(map[string]any)
		assert.Equal(t, code, e["code"], "item %d", i)
		assert.Nil(t, rs[i].(map[string]any)["result"])
	}

	a = call(t, s, "POST", "/api/lookup", []byte(`{"texts": ["37 Nguyễn Thị Thập, Phú Thuận", "", "`+strings.Repeat("x", 2000)+`"]}`))
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	rs = a.json(t)["results"].([]any)
	require.Len(t, rs, 3)
	assert.Len(t, rs[0].(map[string]any)["result"].(map[string]any)["houses"], 1)
	assert.Equal(t, "missing_parameter", rs[1].(map[string]any)["error"].(map[string]any)["code"])
	assert.Equal(t, "text_too_long", rs[2].(map[string]any)["error"].(map[string]any)["code"])
}

// Bad input of every kind is a JSON error with its status and code, never
// a 500 or a panic.
func TestServeBadInput(t *testing.T) {
	s := townServer(t)
	mb := strings.Repeat("Nguyễn ", 1<<20/len("Nguyễn "))
	points := make([][2]float64, maxBatch+1)
	bigBatch, _ := json.Marshal(map[string]any{"points": points})
	for _, c := range []struct {
		method, target, body string
		status               int
		code                 string
	}{
		// Points.
		{"GET", "/api/at?lat=91&lon=106", "", 400, "invalid_point"},
		{"GET", "/api/at?lat=10&lon=-181", "", 400, "invalid_point"},
		{"GET", "/api/at?lat=abc&lon=106", "", 400, "invalid_point"},
		{"GET", "/api/at?lat=NaN&lon=106", "", 400, "invalid_point"},
		{"GET", "/api/at?lat=0x10&lon=106", "", 400, "invalid_point"},
		{"GET", "/api/at?lat=1e400&lon=106", "", 400, "invalid_point"},
		{"GET", "/api/at?lat=106.73&lon=10.745", "", 400, "invalid_point"}, // "lon lat" inside Vietnam
		{"GET", "/api/at?lat=10", "", 400, "missing_parameter"},
		{"GET", "/api/at?lat=21.03&lon=105.85", "", 404, "outside"},
		// Bodies.
		{"POST", "/api/at", `{"points": [[10, 106]`, 400, "invalid_json"},
		{"POST", "/api/at", `{"pts": []}`, 400, "invalid_json"},
		{"POST", "/api/at", `{"points": [[10, 106]]} {}`, 400, "invalid_json"},
		{"POST", "/api/at", `{"points": "no"}`, 400, "invalid_json"},
		{"POST", "/api/at", "\xff\xfe", 400, "invalid_json"},
		{"POST", "/api/at", `{"points": []}`, 400, "empty_batch"},
		{"POST", "/api/at", string(bigBatch), 413, "batch_too_large"},
		{"POST", "/api/lookup", `{"texts": ["` + mb + `"]}`, 413, "body_too_large"},
		// Texts: 1 MB, empty, control characters, invalid UTF-8.
		{"GET", "/api/lookup?q=" + url.QueryEscape(mb), "", 413, "text_too_long"},
		{"GET", "/api/parse?q=" + url.QueryEscape(mb), "", 413, "text_too_long"},
		{"GET", "/api/format?q=" + url.QueryEscape(mb), "", 413, "text_too_long"},
		{"GET", "/api/lookup?q=", "", 400, "missing_parameter"},
		{"GET", "/api/lookup?q=%20%20", "", 400, "missing_parameter"},
		{"GET", "/api/lookup?q=12%00Hu%E1%BA%BF", "", 400, "invalid_text"},
		{"GET", "/api/parse?q=%FF%FE", "", 400, "invalid_text"},
		{"GET", "/api/parse?q=12+Hu%E1%BA%BF&units=1990", "", 400, "invalid_parameter"},
		{"GET", "/api/format?q=12+Hu%E1%BA%BF&style=fancy", "", 400, "invalid_parameter"},
		{"GET", "/api/format?q=" + url.QueryEscape("37 Nguyễn Thị Thập, Phú Thuận, TP.HCM, xyz qwv 99 zz"), "", 422, "remainder"},
		// Identifiers: malformed, wrong check digit, unknown.
		{"GET", "/api/ids/123", "", 400, "invalid_id"},
		{"GET", "/api/ids/0000000001", "", 400, "invalid_id"},
		{"GET", "/api/ids/0000000000", "", 404, "not_found"},
		{"GET", "/api/ids/" + strings.Repeat("1", 2000), "", 413, "text_too_long"},
		{"GET", "/api/external/nosuch/123", "", 400, "invalid_scheme"},
		{"GET", "/api/external/vnpost-2021/12", "", 400, "invalid_external_id"},
		{"GET", "/api/external/vnpost-2021/0123456789", "", 404, "not_found"},
		{"GET", "/api/sources/nosuch", "", 404, "not_found"},
		{"GET", "/api/parcels?key=27478/1/1", "", 400, "invalid_parcel_key"},
		{"GET", "/api/parcels?key=2025:commune:27478/0/1", "", 400, "invalid_parcel_key"},
		{"GET", "/api/parcels?key=2025:commune:27478/1/%2B1", "", 400, "invalid_parcel_key"},
		{"GET", "/api/parcels?key=2025:province:79/1/1", "", 400, "invalid_parcel_key"},
		{"GET", "/api/parcels?key=2025:commune:27478/999/999", "", 404, "not_found"},
		{"GET", "/api/parcels", "", 400, "missing_parameter"},
		{"GET", "/api/parcel-ids/abc", "", 400, "invalid_parcel_id"},
		{"GET", "/api/parcel-ids/s00000000000", "", 404, "not_found"},
		// Paging, boxes and tiles.
		{"GET", "/api/findings?limit=0", "", 400, "invalid_parameter"},
		{"GET", "/api/findings?limit=1001", "", 400, "invalid_parameter"},
		{"GET", "/api/findings?offset=-1", "", 400, "invalid_parameter"},
		{"GET", "/api/findings?limit=abc", "", 400, "invalid_parameter"},
		{"GET", "/api/findings?layer=roads", "", 400, "invalid_parameter"},
		{"GET", "/api/features", "", 400, "missing_parameter"},
		{"GET", "/api/features?bbox=1,2,3", "", 400, "invalid_bbox"},
		{"GET", "/api/features?bbox=10,106,9,107", "", 400, "invalid_bbox"},
		{"GET", "/api/features?bbox=10,106,91,107", "", 400, "invalid_bbox"},
		{"GET", "/api/features?bbox=10,106,11,107&zoom=30", "", 400, "invalid_parameter"},
		{"GET", "/tiles/23/0/0.mvt", "", 400, "invalid_tile"},
		{"GET", "/tiles/2/4/0.mvt", "", 400, "invalid_tile"},
		{"GET", "/tiles/2/0/-1.mvt", "", 400, "invalid_tile"},
		{"GET", "/tiles/02/0/0.mvt", "", 400, "invalid_tile"},
		{"GET", "/tiles/2/0/0.png", "", 404, "not_found"},
		// The service's own rules.
		{"GET", "/api/at?lat=10&lon=106&radius=5", "", 400, "unknown_parameter"},
		{"GET", "/api/at?lat=10&lat=11&lon=106", "", 400, "repeated_parameter"},
		{"GET", "/api/lookup?q=%zz", "", 400, "bad_query"},
		{"DELETE", "/api/at", "", 405, "method_not_allowed"},
		{"POST", "/api/ids/1234567890", "{}", 405, "method_not_allowed"},
		{"GET", "/api/nothing", "", 404, "not_found"},
		{"GET", "/static/../serve.go", "", 404, "not_found"},
		{"GET", "/static/./app.js", "", 404, "not_found"},
		{"GET", "//api/info", "", 404, "not_found"},
		{"GET", "/static/", "", 404, "not_found"},
		{"GET", "/?lang=fr", "", 400, "invalid_parameter"},
	} {
		var body []byte
		if c.body != "" {
			body = []byte(c.body)
		}
		a := call(t, s, c.method, c.target, body)
		name := c.method + " " + c.target
		if len(name) > 100 {
			name = name[:100] + "…"
		}
		assert.Equal(t, c.status, a.status, "%s: %.300s", name, a.body)
		assert.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"), name)
		var e struct {
			Error apiError `json:"error"`
		}
		if assert.NoError(t, json.Unmarshal(a.body, &e), name) {
			assert.Equal(t, c.code, e.Error.Code, "%s: %s", name, e.Error.Message)
			assert.Equal(t, c.status, e.Error.Status, name)
			assert.NotEmpty(t, e.Error.Message, name)
		}
	}
	// The wrong media type for a body.
	req := httptest.NewRequest("POST", "/api/at", strings.NewReader(`{"points": [[10, 106]]}`))
	req.Header.Set("Content-Type", "text/plain")
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, req)
	assert.Equal(t, http.StatusUnsupportedMediaType, w.Code)
	assert.Contains(t, w.Body.String(), `"code":"unsupported_media_type"`)
	// 405 says what is allowed.
	assert.Equal(t, "GET, POST", call(t, s, "PUT", "/api/at", nil).header.Get("Allow"))
}

// Through a real listener as well: a 1 MB text in the URL is still the
// service's JSON error, and a request past the header limit is refused by
// net/http before any handler.
func TestServeOverHTTP(t *testing.T) {
	s := townServer(t)
	ts := httptest.NewUnstartedServer(s.handler)
	ts.Config = s.httpServer()
	ts.Config.Handler = s.handler
	ts.Start()
	defer ts.Close()
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Get(ts.URL + "/api/lookup?q=" + strings.Repeat("a", 60<<10))
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	assert.Contains(t, string(b), `"code":"text_too_long"`)

	res, err = client.Get(ts.URL + "/api/lookup?q=" + strings.Repeat("a", 1<<20))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)

	res, err = client.Post(ts.URL+"/api/lookup", "application/json", strings.NewReader(`{"texts": ["`+strings.Repeat("a", 1<<20)+`"]}`))
	require.NoError(t, err)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	assert.Contains(t, string(b), `"code":"body_too_large"`)
}

// A tile holds the layers of its zoom, each house with its number where
// the registry has it; it carries an ETag, and a client that has it gets
// 304 with no body.
func TestServeTiles(t *testing.T) {
	s := townServer(t)
	h := house37(t, s)
	tile := maptile.At(h.Point, 18)
	target := fmt.Sprintf("/tiles/%d/%d/%d.mvt", tile.Z, tile.X, tile.Y)
	a := call(t, s, "GET", target, nil)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	assert.Equal(t, mvtContentType, a.header.Get("Content-Type"))
	etag := a.header.Get("ETag")
	require.Regexp(t, `^"[0-9a-f]{24}"$`, etag)

	layers, err := mvt.Unmarshal(a.body)
	require.NoError(t, err)
	byName := map[string]*mvt.Layer{}
	for _, l := range layers {
		byName[l.Name] = l
	}
	for _, name := range []string{"communes", "parcels", "buildings", "streets", "houses"} {
		require.Contains(t, byName, name)
	}
	layers.ProjectToWGS84(tile)
	found := false
	for _, f := range byName["houses"].Features {
		if f.Properties["address_id"] == h.ID.Grouped() {
			found = true
			assert.Equal(t, "37", f.Properties["number"])
			p := f.Geometry.(orb.Point)
			assert.InDelta(t, h.Point[0], p[0], 1e-5)
			assert.InDelta(t, h.Point[1], p[1], 1e-5)
		}
		hh, ok := s.reg.BySource(f.Properties["building"].(string))
		require.True(t, ok)
		assert.Equal(t, hh.Number.String(), f.Properties["number"])
	}
	assert.True(t, found, "house 37 in its tile")

	again := call(t, s, "GET", target, nil, "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, again.status)
	assert.Empty(t, again.body)
	assert.Equal(t, http.StatusNotModified, call(t, s, "GET", target, nil, "If-None-Match", `"x", W/`+etag).status)
	assert.Equal(t, http.StatusOK, call(t, s, "GET", target, nil, "If-None-Match", `"other"`).status)

	// Another tile, another tag; a tile of the ocean is empty, not an error.
	next := fmt.Sprintf("/tiles/%d/%d/%d.mvt", tile.Z, tile.X+1, tile.Y)
	assert.NotEqual(t, etag, call(t, s, "GET", next, nil).header.Get("ETag"))
	sea := call(t, s, "GET", "/tiles/10/0/0.mvt", nil)
	assert.Equal(t, http.StatusOK, sea.status)
	empty, err := mvt.Unmarshal(sea.body)
	require.NoError(t, err)
	assert.Empty(t, empty)
	// Below zoom 17 no houses, parcels or buildings in tiles (the GeoJSON
	// of /api/features has parcels and buildings from 16), streets still.
	for _, z := range []maptile.Zoom{15, 16} {
		low := maptile.At(h.Point, z)
		ls, err := mvt.Unmarshal(call(t, s, "GET", fmt.Sprintf("/tiles/%d/%d/%d.mvt", z, low.X, low.Y), nil).body)
		require.NoError(t, err)
		var names []string
		for _, l := range ls {
			names = append(names, l.Name)
		}
		assert.Contains(t, names, "streets", "zoom %d", z)
		assert.NotContains(t, names, "houses", "zoom %d", z)
		assert.NotContains(t, names, "parcels", "zoom %d", z)
		assert.NotContains(t, names, "buildings", "zoom %d", z)
	}
	fc := get(t, s, fmt.Sprintf("/api/features?bbox=%f,%f,%f,%f&zoom=16", h.Point[1]-0.0005, h.Point[0]-0.0005, h.Point[1]+0.0005, h.Point[0]+0.0005))
	layers16 := map[string]bool{}
	for _, f := range fc["features"].([]any) {
		layers16[f.(map[string]any)["properties"].(map[string]any)["layer"].(string)] = true
	}
	assert.True(t, layers16["parcels"] && layers16["buildings"] && !layers16["houses"], "%v", layers16)
}

// Tiles are made at most as many at once as there are CPUs: a request
// beyond waits for a slot, and one whose client leaves meanwhile ends.
func TestTileSlots(t *testing.T) {
	s := townServer(t)
	for range cap(tileSlots) {
		tileSlots <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan answer)
	go func() {
		req := httptest.NewRequestWithContext(ctx, "GET", "/tiles/18/208543/123000.mvt", nil)
		w := httptest.NewRecorder()
		s.handler.ServeHTTP(w, req)
		done <- answer{status: w.Code, body: w.Body.Bytes()}
	}()
	select {
	case a := <-done:
		t.Fatalf("a tile made with every slot taken: %d %s", a.status, a.body)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	a := <-done
	assert.Equal(t, http.StatusServiceUnavailable, a.status, "%s", a.body)
	for range cap(tileSlots) {
		<-tileSlots
	}
	assert.Equal(t, http.StatusOK, call(t, s, "GET", "/tiles/18/208543/123000.mvt", nil).status)
}

// The tile cache keeps its bytes within its bound, dropping the least
// recently used.
func TestTileCache(t *testing.T) {
	c := newTileCache(10)
	t1, t2, t3 := maptile.New(0, 0, 1), maptile.New(1, 0, 1), maptile.New(0, 1, 1)
	c.put(t1, tileEntry{body: []byte("aaaa")})
	c.put(t2, tileEntry{body: []byte("bbbb")})
	_, ok := c.get(t1) // t1 is now the most recent
	assert.True(t, ok)
	c.put(t3, tileEntry{body: []byte("cccc")})
	_, ok = c.get(t2)
	assert.False(t, ok, "the least recently used goes first")
	_, ok = c.get(t1)
	assert.True(t, ok)
	assert.LessOrEqual(t, c.size, 10)
	c.put(maptile.New(1, 1, 1), tileEntry{body: make([]byte, 11)})
	assert.LessOrEqual(t, c.size, 10, "a tile larger than the cache is not kept")
}

// The OpenAPI description and the handlers describe the same service:
// the same operations, the same query parameters, the path parameters of
// each pattern; and each operation, called with the examples the
// description gives, answers with a status it lists, a JSON body holding
// the required members of its schema.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	s := townServer(t)
	raw, err := web.ReadFile("web/openapi.json")
	require.NoError(t, err)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Parameters []struct {
				Name     string `json:"name"`
				In       string `json:"in"`
				Required bool   `json:"required"`
				Example  any    `json:"example"`
			} `json:"parameters"`
			RequestBody *struct {
				Content map[string]struct {
					Example any `json:"example"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Required []string `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	require.NoError(t, json.Unmarshal(raw, &doc))
	assert.Equal(t, "3.1.0", doc.OpenAPI)

	// The served description is this file.
	assert.Equal(t, raw, call(t, s, "GET", "/openapi.json", nil).body)

	docPath := func(pattern string) string {
		p := strings.TrimSuffix(pattern, "{$}")
		p = strings.ReplaceAll(p, "...}", "}")
		if p == "" {
			p = "/"
		}
		return p
	}
	routes := map[string]route{}
	for _, rt := range s.routes {
		routes[strings.ToLower(rt.method)+" "+docPath(rt.pattern)] = rt
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, m+" "+p)
		}
	}
	var served []string
	for k := range routes {
		served = append(served, k)
	}
	slices.Sort(documented)
	slices.Sort(served)
	require.Equal(t, served, documented, "the operations of openapi.json and of the handlers")

	pathParam := regexp.MustCompile(`\{([a-z]+)(?:\.\.\.)?\}`)
	for p, ops := range doc.Paths {
		for m, op := range ops {
			rt := routes[m+" "+p]
			name := m + " " + p
			var query, inPath []string
			target := p
			q := url.Values{}
			for _, par := range op.Parameters {
				switch par.In {
				case "query":
					query = append(query, par.Name)
					if par.Example != nil {
						q.Set(par.Name, fmt.Sprint(par.Example))
					}
				case "path":
					inPath = append(inPath, par.Name)
					require.NotNil(t, par.Example, "%s: path parameter %s needs an example", name, par.Name)
					target = strings.Replace(target, "{"+par.Name+"}", url.PathEscape(fmt.Sprint(par.Example)), 1)
				}
			}
			var want []string
			for _, mm := range pathParam.FindAllStringSubmatch(rt.pattern, -1) {
				want = append(want, mm[1])
			}
			assert.ElementsMatch(t, rt.query, query, "%s: query parameters", name)
			assert.ElementsMatch(t, want, inPath, "%s: path parameters", name)

			// Called as documented.
			var body []byte
			if op.RequestBody != nil {
				ex := op.RequestBody.Content["application/json"].Example
				require.NotNil(t, ex, "%s: the request body needs an example", name)
				body, _ = json.Marshal(ex)
			}
			if len(q) > 0 {
				target += "?" + q.Encode()
			}
			a := call(t, s, strings.ToUpper(m), target, body)
			resp, ok := op.Responses[fmt.Sprint(a.status)]
			if !assert.True(t, ok, "%s: %s answered %d, not a documented status: %.300s", name, target, a.status, a.body) {
				continue
			}
			for ct, c := range resp.Content {
				if ct != "application/json" {
					continue
				}
				assert.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"), name)
				var v map[string]any
				require.NoError(t, json.Unmarshal(a.body, &v), name)
				if ref, ok := c.Schema["$ref"].(string); ok {
					sc, ok := doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
					require.True(t, ok, "%s: %s not defined", name, ref)
					for _, k := range sc.Required {
						assert.Contains(t, v, k, "%s: member %s of %s", name, k, ref)
					}
				}
			}
		}
	}
}

// House JSON carries every member the House schema requires, for a
// house with findings too.
func TestServeHouseSchema(t *testing.T) {
	s := townServer(t)
	raw, _ := web.ReadFile("web/openapi.json")
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Required []string `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	withFinding := ""
	for _, f := range s.findings {
		if f.Layer == registry.LayerBuildings {
			if h, ok := s.reg.BySource(f.Record); ok && h.ID.IsValid() {
				withFinding = h.Source
				break
			}
		}
	}
	require.NotEmpty(t, withFinding)
	j := get(t, s, "/api/sources/"+withFinding)
	for _, k := range doc.Components.Schemas["House"].Required {
		assert.Contains(t, j, k)
	}
	fs := j["findings"].([]any)
	require.NotEmpty(t, fs)
	for _, k := range doc.Components.Schemas["Finding"].Required {
		assert.Contains(t, fs[0], k)
	}
}

// serve starts on a free loopback port, answers, and on the end of its
// context stops and returns 0.
func TestServeRunsAndStops(t *testing.T) {
	gpkg := smallRegistry(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	errs := &lockedBuffer{}
	done := make(chan int, 1)
	go func() { done <- serve(ctx, []string{"--gpkg", gpkg, "--addr", "127.0.0.1:0"}, out, errs) }()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		base = addr.FindString(out.String())
	}
	require.NotEmpty(t, base, "stdout: %s stderr: %s", out.String(), errs.String())
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Get(base + "/api/at?lat=10.7705&lon=106.7025")
	require.NoError(t, err)
	var place map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&place))
	res.Body.Close()
	assert.Equal(t, "a1", place["house"].(map[string]any)["building"])
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, errs.String())
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, errs.String(), "stopped")
	assert.Contains(t, errs.String(), "no key given")
	assert.NotContains(t, errs.String(), "reachable from other machines")
	_, err = client.Get(base + "/api/info")
	assert.Error(t, err, "the listener is closed")
}

func TestServeUsage(t *testing.T) {
	var out, errs bytes.Buffer
	assert.Equal(t, 2, run([]string{"serve"}, nil, &out, &errs))
	assert.Contains(t, errs.String(), "usage: diachi serve")
	errs.Reset()
	assert.Equal(t, 2, run([]string{"serve", "--gpkg", "x.gpkg", "--addr", "nohost"}, nil, &out, &errs))
	assert.Contains(t, errs.String(), "--addr")
	errs.Reset()
	assert.Equal(t, 1, run([]string{"serve", "--gpkg", "/nonexistent/x.gpkg", "--addr", "127.0.0.1:0"}, nil, &out, &errs))
	errs.Reset()
	assert.Equal(t, 0, run([]string{"serve", "-h"}, nil, &out, &errs))
	assert.Contains(t, errs.String(), "127.0.0.1:8080", "loopback by default")
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func FuzzParseParcelKey(f *testing.F) {
	for _, s := range []string{"2025:commune:27478/1/2", "27478/1/2", "2025:commune:27478/0/1", "a/b/c", "//", "2025:commune:27478/1/2/3", "2025:commune:27478/+1/2", "2025:commune:27478/99999999999999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := parseParcelKey(s)
		if err != nil {
			return
		}
		if k.Sheet < 1 || k.Number < 1 || !k.Commune.IsValid() {
			t.Fatalf("%q read as %v", s, k)
		}
		// What it reads, it writes back the same way.
		k2, err := parseParcelKey(k.String())
		if err != nil || k2 != k {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, k, k.String(), k2, err)
		}
	})
}

// Any request, whatever its path and query, is answered without a panic
// and never with a 500; every error is the service's JSON.
func FuzzServeRequest(f *testing.F) {
	s := townServer(f)
	for _, s := range []string{"/api/at?lat=10.745&lon=106.73", "/api/lookup?q=37+Nguyen", "/api/ids/1234567890", "/api/parcels?key=2025:commune:27478/1/1",
		"/tiles/18/1/2.mvt", "/api/features?bbox=10.7,106.7,10.8,106.8&zoom=17", "/api/findings?offset=3&limit=2", "/api/external/vnpost-2021/7000000164",
		"/api/format?q=12+Hue&style=label", "/api/parse?q=%C4%90", "/static/app.js", "/?lang=en"} {
		f.Add("GET", s, "")
	}
	f.Add("POST", "/api/at", `{"points":[[10.745,106.73]]}`)
	f.Add("POST", "/api/lookup", `{"texts":["37 Nguyễn Thị Thập"]}`)
	f.Fuzz(func(t *testing.T, method, target, body string) {
		if method != "GET" && method != "POST" && method != "HEAD" {
			method = "GET"
		}
		u, err := url.ParseRequestURI(target)
		if err != nil || !strings.HasPrefix(target, "/") {
			return
		}
		req := &http.Request{Method: method, URL: u, RequestURI: target, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Host: "x"}
		w := httptest.NewRecorder()
		s.handler.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s: %d %s", method, target, w.Code, w.Body)
		}
		if w.Code >= 400 && method != "HEAD" {
			var e struct {
				Error *apiError `json:"error"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == nil || e.Error.Status != w.Code {
				t.Fatalf("%s %s: %d not the JSON error: %s", method, target, w.Code, w.Body)
			}
		}
	})
}

// BenchmarkServeAt is the service's own cost of a reverse geocode (the
// handler, without the network): points within the sample town.
func BenchmarkServeAt(b *testing.B) {
	s := townServer(b)
	var targets []string
	for h := range s.reg.Houses() {
		targets = append(targets, fmt.Sprintf("/api/at?lat=%.7f&lon=%.7f", h.Point[1]+0.00003, h.Point[0]-0.00002))
	}
	i := 0
	for b.Loop() {
		req := httptest.NewRequest("GET", targets[i%len(targets)], nil)
		w := httptest.NewRecorder()
		s.handler.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code, w.Body)
		}
		i++
	}
}

// BenchmarkServeTile is the cost of a tile not in the cache.
func BenchmarkServeTile(b *testing.B) {
	s := townServer(b)
	var tiles []maptile.Tile
	seen := map[maptile.Tile]bool{}
	for h := range s.reg.Houses() {
		for _, z := range []maptile.Zoom{16, 17, 18} {
			if t := maptile.At(h.Point, z); !seen[t] {
				seen[t] = true
				tiles = append(tiles, t)
			}
		}
	}
	i := 0
	for b.Loop() {
		if _, err := s.mapData.tile(tiles[i%len(tiles)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// tileGeometry puts a geometry where orb's own ProjectToTile puts it.
func TestTileGeometryAsOrb(t *testing.T) {
	tile := maptile.At(orb.Point{106.7301, 10.7452}, 17)
	b := tile.Bound(0.5)
	c := b.Center()
	dx, dy := (b.Max[0]-b.Min[0])/5, (b.Max[1]-b.Min[1])/5
	ring := orb.Ring{{c[0] - dx, c[1] - dy}, {c[0] + dx, c[1] - dy}, {c[0] + 2*dx, c[1] + 2*dy}, {c[0] - dx, c[1] + dy}, {c[0] - dx, c[1] - dy}}
	for _, g := range []orb.Geometry{c, orb.LineString(ring), orb.MultiLineString{orb.LineString(ring)}, orb.Polygon{ring}, orb.MultiPolygon{{ring}, {ring}}, orb.MultiPoint(ring)} {
		ml := &mvt.Layer{Extent: mvt.DefaultExtent, Features: []*geojson.Feature{geojson.NewFeature(orb.Clone(g))}}
		ml.ProjectToTile(tile)
		want := ml.Features[0].Geometry
		got := tileGeometry(g, tile)
		require.Equal(t, want.GeoJSONType(), got.GeoJSONType())
		wb, gb := want.Bound(), got.Bound()
		for i := range 2 {
			assert.InDelta(t, wb.Min[i], gb.Min[i], 1.01, "%T", g)
			assert.InDelta(t, wb.Max[i], gb.Max[i], 1.01, "%T", g)
		}
	}
}

// BenchmarkServeHTTPAt is reverse geocoding through the service over
// loopback TCP, server and clients in one process: eight clients, each on
// one kept-alive connection writing its requests and reading the answers
// by hand, over the sample town's houses. ns/op is the wall time per
// request of the eight together (so 1e9/ns-op requests a second).
func BenchmarkServeHTTPAt(b *testing.B) {
	s := townServer(b)
	ts := httptest.NewUnstartedServer(s.handler)
	ts.Config = s.httpServer()
	ts.Start()
	defer ts.Close()
	var targets []string
	for h := range s.reg.Houses() {
		targets = append(targets, fmt.Sprintf("/api/at?lat=%.7f&lon=%.7f", h.Point[1]+0.00003, h.Point[0]-0.00002))
	}
	addr := strings.TrimPrefix(ts.URL, "http://")
	const clients = 8
	var conns []net.Conn
	for range clients {
		c, err := net.Dial("tcp", addr)
		require.NoError(b, err)
		defer c.Close()
		conns = append(conns, c)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	b.ResetTimer()
	for _, conn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := bufio.NewReader(conn)
			var req []byte
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				req = fmt.Appendf(req[:0], "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", targets[i%int64(len(targets))])
				if _, err := conn.Write(req); err != nil {
					failed.Store(err.Error())
					return
				}
				status, err := r.ReadString('\n')
				if err != nil || !strings.Contains(status, " 200 ") {
					failed.Store(fmt.Sprint(status, err))
					return
				}
				n := -1
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						failed.Store(err.Error())
						return
					}
					if l == "\r\n" {
						break
					}
					if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, "Content-Length") {
						n, _ = strconv.Atoi(strings.TrimSpace(v))
					}
				}
				if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
					failed.Store(err.Error())
					return
				}
			}
		}()
	}
	wg.Wait()
	if f := failed.Load(); f != nil {
		b.Fatal(f)
	}
}

// A client that sends its headers too slowly is cut off at the header
// timeout; one that sends nothing more on an idle connection, at the idle
// timeout.
func TestServeTimeouts(t *testing.T) {
	s := townServer(t)
	saved := serveTimeouts
	defer func() { serveTimeouts = saved }()
	serveTimeouts.header, serveTimeouts.read, serveTimeouts.idle = 300*time.Millisecond, time.Second, 300*time.Millisecond
	ts := httptest.NewUnstartedServer(s.handler)
	ts.Config = s.httpServer()
	ts.Start()
	defer ts.Close()
	addr := strings.TrimPrefix(ts.URL, "http://")

	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("GET /api/info HTTP/1.1\r\nHost: x\r\n")) // the blank line never comes
	require.NoError(t, err)
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	io.ReadAll(c) // until the server closes
	assert.Less(t, time.Since(start), 5*time.Second, "closed at the header timeout")

	c2, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c2.Close()
	_, err = c2.Write([]byte("GET /api/info HTTP/1.1\r\nHost: x\r\n\r\n"))
	require.NoError(t, err)
	start = time.Now()
	c2.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, _ := io.ReadAll(c2) // the answer, then the close of the idle connection
	assert.Contains(t, string(b), "200 OK")
	assert.Less(t, time.Since(start), 5*time.Second, "closed at the idle timeout")
}

// Stopping the service lets a request in flight finish: a body still
// being sent when the stop comes is read, answered, and only then is the
// service gone.
func TestServeStopsGracefully(t *testing.T) {
	gpkg := smallRegistry(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errs := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan int, 1)
	go func() { done <- serve(ctx, []string{"--gpkg", gpkg, "--addr", "127.0.0.1:0"}, out, errs) }()
	addr := regexp.MustCompile(`127\.0\.0\.1:\d+`)
	var host string
	for deadline := time.Now().Add(20 * time.Second); host == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		host = addr.FindString(out.String())
	}
	require.NotEmpty(t, host, errs.String())
	c, err := net.Dial("tcp", host)
	require.NoError(t, err)
	defer c.Close()
	body := `{"points": [[10.7705, 106.7025]]}`
	_, err = fmt.Fprintf(c, "POST /api/at HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond) // the handler is reading the body
	cancel()
	time.Sleep(200 * time.Millisecond)
	select {
	case <-done:
		t.Fatal("serve returned with a request in flight")
	default:
	}
	_, err = c.Write([]byte(body[10:]))
	require.NoError(t, err)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, _ := io.ReadAll(c)
	assert.Contains(t, string(b), "200 OK")
	assert.Contains(t, string(b), `"building":"a1"`)
	select {
	case code := <-done:
		assert.Equal(t, 0, code, errs.String())
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
