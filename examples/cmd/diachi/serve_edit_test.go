package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

const testToken = "s3cret-edit-token-0123"

// editableTown is an editable service over a copy of the sample town
// saved in a temporary directory (the demo key, as 'diachi town' saves
// it).
func editableTown(t *testing.T) (*editor, string) {
	t.Helper()
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, "../../../testdata/town", 0)
	require.NoError(t, err)
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	reg, err = openForChange(ctx, path, nil)
	require.NoError(t, err)
	ed, err := newEditor(reg, path, []byte(testToken))
	require.NoError(t, err)
	return ed, path
}

// edit sends a change to the editable service.
func edit(t *testing.T, h http.Handler, target, body string, hdr ...string) answer {
	t.Helper()
	req := httptest.NewRequest("POST", target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return answer{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}

func errorCode(t *testing.T, a answer) string {
	t.Helper()
	var e struct {
		Error *apiError `json:"error"`
	}
	require.NoError(t, json.Unmarshal(a.body, &e), "%s", a.body)
	require.NotNil(t, e.Error, "%s", a.body)
	require.Equal(t, a.status, e.Error.Status)
	return e.Error.Code
}

func readGet(t *testing.T, h http.Handler, target string) answer {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
	return answer{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}

// lotPoint is the planned lot of the registry's own example (VN-2000
// 607060, 1188330 on ew-0, numbered 116A) in WGS84.
func lotPoint(t *testing.T, reg *registry.Registry) orb.Point {
	toWGS, err := wgs84Projection(reg.CRS())
	require.NoError(t, err)
	p, err := toWGS(orb.Point{607060, 1188330})
	require.NoError(t, err)
	return p
}

// A change needs the token: none is 401 with a Bearer challenge, another
// is 403, and a read-only service refuses every change (403 read_only).
// Nothing is changed by a refused request.
func TestServeEditAuthorisation(t *testing.T) {
	ed, _ := editableTown(t)
	body := `{"house":"b000003"}`
	a := edit(t, ed, "/api/edit/retire", body)
	assert.Equal(t, http.StatusUnauthorized, a.status)
	assert.Equal(t, "unauthorized", errorCode(t, a))
	assert.Contains(t, a.header.Get("WWW-Authenticate"), "Bearer")
	for _, h := range []string{"Bearer ", "Basic " + testToken, testToken, "bearer"} {
		a = edit(t, ed, "/api/edit/retire", body, "Authorization", h)
		assert.Equal(t, http.StatusUnauthorized, a.status, "%q", h)
	}
	for _, tok := range []string{"wrong", testToken + "x", testToken[:len(testToken)-1], strings.ToUpper(testToken)} {
		a = edit(t, ed, "/api/edit/retire", body, "Authorization", "Bearer "+tok)
		assert.Equal(t, http.StatusForbidden, a.status, "%q", tok)
		assert.Equal(t, "forbidden", errorCode(t, a))
		assert.NotContains(t, string(a.body), testToken)
	}
	assert.Equal(t, http.StatusOK, readGet(t, ed, "/api/sources/b000003").status, "no change made")

	ro := townServer(t)
	a = call(t, ro, "POST", "/api/edit/retire", []byte(body), "Authorization", "Bearer "+testToken)
	assert.Equal(t, http.StatusForbidden, a.status)
	assert.Equal(t, "read_only", errorCode(t, a))
	assert.Equal(t, true, get(t, ro, "/api/info")["read_only"])
	var info map[string]any
	require.NoError(t, json.Unmarshal(readGet(t, ed, "/api/info").body, &info))
	assert.Equal(t, false, info["read_only"])
}

// A planned lot added from the map is numbered by the growth rules, saved
// to the file, and answered for at once: by its building id, by its
// address ID and at its point.
func TestServeEditPlannedLot(t *testing.T) {
	ed, path := editableTown(t)
	auth := []string{"Authorization", "Bearer " + testToken}
	p := lotPoint(t, ed.live.Load())
	body := fmt.Sprintf(`{"geometry":{"type":"Point","coordinates":[%.9f,%.9f]},"id":"lot-1","street":"ew-0","date":"2026-03-01","ref":"QĐ 12/2026"}`, p[0], p[1])
	a := edit(t, ed, "/api/edit/planned", body, auth...)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	var out struct {
		Event  map[string]any `json:"event"`
		Houses []apiHouse     `json:"houses"`
	}
	require.NoError(t, json.Unmarshal(a.body, &out))
	assert.Equal(t, "add", out.Event["kind"])
	assert.Equal(t, "2026-03-01", out.Event["date"])
	require.Len(t, out.Houses, 1)
	lot := out.Houses[0]
	assert.Equal(t, "lot-1", lot.Building)
	assert.Equal(t, "116A", lot.Number)
	require.NotEmpty(t, lot.AddressID)

	// At once, to every reader.
	var byID apiHouse
	r := readGet(t, ed, "/api/ids/"+strings.ReplaceAll(lot.AddressID, " ", ""))
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	require.NoError(t, json.Unmarshal(r.body, &byID))
	assert.Equal(t, "lot-1", byID.Building)
	assert.Equal(t, http.StatusOK, readGet(t, ed, "/api/sources/lot-1").status)
	var place placeJSON
	require.NoError(t, json.Unmarshal(readGet(t, ed, fmt.Sprintf("/api/at?lat=%.7f&lon=%.7f", p[1], p[0])).body, &place))
	require.NotNil(t, place.House)
	assert.Equal(t, "lot-1", place.House.Building)

	// Saved: the file opened again holds the lot with its number and ID.
	reg, err := registry.Open(context.Background(), path, registry.Options{DemoKey: true})
	require.NoError(t, err)
	h, ok := reg.BySource("lot-1")
	require.True(t, ok)
	assert.Equal(t, "116A", h.Number.String())
	assert.Equal(t, lot.AddressID, h.ID.Grouped())

	// The same id again is refused whole; the file is left as it was.
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	a = edit(t, ed, "/api/edit/planned", body, auth...)
	assert.Equal(t, http.StatusConflict, a.status, "%s", a.body)
	assert.Equal(t, "refused", errorCode(t, a))
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)

	// A parcel polygon with no id given: the lot gets one.
	d := 0.00003
	poly := fmt.Sprintf(`{"geometry":{"type":"Polygon","coordinates":[[[%[1]f,%[2]f],[%[3]f,%[2]f],[%[3]f,%[4]f],[%[1]f,%[4]f],[%[1]f,%[2]f]]]},"street":"ew-0","date":"2026-03-02"}`,
		p[0]-3*d, p[1]-d, p[0]-d, p[1]+d)
	a = edit(t, ed, "/api/edit/planned", poly, auth...)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	require.NoError(t, json.Unmarshal(a.body, &out))
	require.Len(t, out.Houses, 1)
	assert.True(t, strings.HasPrefix(out.Houses[0].Building, "lot-"), out.Houses[0].Building)
	assert.NotEmpty(t, out.Houses[0].Number)
}

// Bad requests to change are refused with a JSON error and change
// nothing: bad geometry, bad JSON, an unknown house, a bad date.
func TestServeEditBadInput(t *testing.T) {
	ed, path := editableTown(t)
	auth := []string{"Authorization", "Bearer " + testToken}
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, c := range []struct {
		target, body string
		status       int
		code         string
	}{
		{"/api/edit/planned", `{}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":null}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":{"type":"LineString","coordinates":[[106.72,10.73],[106.73,10.74]]}}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":{"type":"Point","coordinates":[200,10.73]}}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":{"type":"Point","coordinates":[106.72]}}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":{"type":"Polygon","coordinates":[[[106.72,10.73],[106.73,10.73],[106.73,10.74]]]}}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":{"type":"Polygon","coordinates":[[[106.72,10.73],[106.72,10.73],[106.72,10.73],[106.72,10.73]]]}}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":{"type":"Polygon","coordinates":[]}}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":"x"}`, 400, "invalid_geometry"},
		{"/api/edit/planned", `{"geometry":{"type":"Point","coordinates":[106.72,10.73]},"id":"a b"}`, 400, "invalid_text"},
		{"/api/edit/planned", `{"geometry":{"type":"Point","coordinates":[106.72,10.73]},"date":"1/3/2026"}`, 400, "invalid_date"},
		{"/api/edit/planned", `{"geometry":{"type":"Point","coordinates":[106.72,10.73]},"street":"no-such-street"}`, 409, "refused"},
		{"/api/edit/planned", `{"geometry":`, 400, "invalid_json"},
		{"/api/edit/planned", `{"geometry":{"type":"Point","coordinates":[106.72,10.73]},"extra":1}`, 400, "invalid_json"},
		{"/api/edit/retire", `{"house":"no-such-building"}`, 404, "not_found"},
		{"/api/edit/retire", `{"address_id":"12345"}`, 400, "invalid_id"},
		{"/api/edit/planned", `{"geometry":{"type":"Point","coordinates":[106.0,10.0]}}`, 409, "refused"}, // no street near: not numbered
		{"/api/edit/retire", `{}`, 400, "missing_parameter"},
		{"/api/edit/retire", `{"house":"b000003","address_id":"1234567890"}`, 400, "missing_parameter"},
		{"/api/edit/retire", `{"house":"b000003","ref":"` + strings.Repeat("x", 2000) + `"}`, 413, "text_too_long"},
		{"/api/edit/retire", `[1]`, 400, "invalid_json"},
	} {
		a := edit(t, ed, c.target, c.body, auth...)
		if assert.Equal(t, c.status, a.status, "%s %s: %s", c.target, c.body, a.body) {
			assert.Equal(t, c.code, errorCode(t, a), "%s %s", c.target, c.body)
		}
	}
	// A retired house cannot be retired again.
	a := edit(t, ed, "/api/edit/retire", `{"house":"b000003","date":"2026-03-01"}`, auth...)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	a = edit(t, ed, "/api/edit/retire", `{"house":"b000003","date":"2026-03-01"}`, auth...)
	assert.Equal(t, http.StatusNotFound, a.status, "%s", a.body)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotEqual(t, before, after, "the retirement saved")
}

// A retired house is gone at once from every answer and from the file;
// its address ID resolves no more.
func TestServeEditRetire(t *testing.T) {
	ed, path := editableTown(t)
	auth := []string{"Authorization", "Bearer " + testToken}
	var old apiHouse
	require.NoError(t, json.Unmarshal(readGet(t, ed, "/api/sources/b000003").body, &old))
	a := edit(t, ed, "/api/edit/retire", fmt.Sprintf(`{"address_id":%q,"date":"2026-03-01","ref":"GP 7/2026"}`, old.AddressID), auth...)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	var out struct {
		Event map[string]any `json:"event"`
	}
	require.NoError(t, json.Unmarshal(a.body, &out))
	assert.Equal(t, "retire", out.Event["kind"])
	assert.Equal(t, http.StatusNotFound, readGet(t, ed, "/api/sources/b000003").status)
	assert.Equal(t, http.StatusNotFound, readGet(t, ed, "/api/ids/"+strings.ReplaceAll(old.AddressID, " ", "")).status)
	reg, err := registry.Open(context.Background(), path, registry.Options{DemoKey: true})
	require.NoError(t, err)
	_, ok := reg.BySource("b000003")
	assert.False(t, ok)
}

// Readers go on while changes are made: every answer is whole (200) and
// from the registry before or after a change, never an error; run with
// -race.
func TestServeEditConcurrentReaders(t *testing.T) {
	ed, _ := editableTown(t)
	auth := []string{"Authorization", "Bearer " + testToken}
	p := lotPoint(t, ed.live.Load())
	var stop atomic.Bool
	var wg sync.WaitGroup
	var reads atomic.Int64
	var failures sync.Map
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			targets := []string{fmt.Sprintf("/api/at?lat=%.7f&lon=%.7f", p[1], p[0]), "/api/info", "/api/sources/b000001",
				"/tiles/18/208543/123000.mvt", fmt.Sprintf("/api/features?bbox=%f,%f,%f,%f&zoom=18", p[1]-0.001, p[0]-0.001, p[1]+0.001, p[0]+0.001)}
			for i := c; !stop.Load(); i++ {
				a := readGet(t, ed, targets[i%len(targets)])
				if a.status != http.StatusOK {
					failures.Store(targets[i%len(targets)], fmt.Sprintf("%d %s", a.status, a.body))
				}
				reads.Add(1)
			}
		}()
	}
	a := edit(t, ed, "/api/edit/planned", fmt.Sprintf(`{"geometry":{"type":"Point","coordinates":[%.9f,%.9f]},"id":"lot-c","street":"ew-0","date":"2026-03-01"}`, p[0], p[1]), auth...)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	a = edit(t, ed, "/api/edit/retire", `{"house":"b000002","date":"2026-03-01"}`, auth...)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	stop.Store(true)
	wg.Wait()
	failures.Range(func(k, v any) bool {
		t.Errorf("%s: %s", k, v)
		return true
	})
	assert.Positive(t, reads.Load())
	var place placeJSON
	require.NoError(t, json.Unmarshal(readGet(t, ed, fmt.Sprintf("/api/at?lat=%.7f&lon=%.7f", p[1], p[0])).body, &place))
	require.NotNil(t, place.House)
	assert.Equal(t, "lot-c", place.House.Building)
}

// The edit token file: one printable word of 16 bytes or more; an error
// never shows it.
func TestReadTokenFile(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, fmt.Sprint(len(s), "-tok"))
		require.NoError(t, os.WriteFile(p, []byte(s), 0o600))
		return p
	}
	tok, err := readTokenFile(write(testToken + "\n"))
	require.NoError(t, err)
	assert.Equal(t, testToken, string(tok))
	for _, bad := range []string{"short\n", "two words of sixteen bytes", "", "tab\tinside-a-long-token"} {
		_, err := readTokenFile(write(bad))
		require.Error(t, err, "%q", bad)
		if len(bad) > 5 {
			assert.NotContains(t, err.Error(), strings.TrimSpace(bad))
		}
	}
	_, err = readTokenFile(filepath.Join(dir, "missing"))
	assert.Error(t, err)
	_, err = readTokenFile(write(strings.Repeat("x", 5000)))
	assert.ErrorContains(t, err, "not a token file")
}

// diachi serve --edit-token-file: editable over HTTP with the token,
// which never appears in what it prints; refused (exit 2) with a token
// too short, or over a registry sealed with a key not given.
func TestServeEditCommand(t *testing.T) {
	dir := t.TempDir()
	tokFile := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(tokFile, []byte(testToken+"\n"), 0o600))
	short := filepath.Join(dir, "short")
	require.NoError(t, os.WriteFile(short, []byte("abc\n"), 0o600))

	var out, errs bytes.Buffer
	assert.Equal(t, 2, run([]string{"serve", "--gpkg", smallRegistry(t), "--addr", "127.0.0.1:0", "--edit-token-file", tokFile}, nil, &out, &errs))
	assert.Contains(t, errs.String(), "no key")
	errs.Reset()
	assert.Equal(t, 2, run([]string{"serve", "--gpkg", "x.gpkg", "--edit-token-file", short}, nil, &out, &errs))
	assert.Contains(t, errs.String(), "at least 16")
	assert.NotContains(t, errs.String(), "abc")

	_, path := editableTown(t)
	ctx, cancel := context.WithCancel(context.Background())
	sout, serr := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, []string{"--gpkg", path, "--addr", "127.0.0.1:0", "--edit-token-file", tokFile}, sout, serr)
	}()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		base = addr.FindString(sout.String())
	}
	require.NotEmpty(t, base, "stdout: %s stderr: %s", sout.String(), serr.String())
	post := func(tok string) *http.Response {
		req, err := http.NewRequest("POST", base+"/api/edit/retire", strings.NewReader(`{"house":"b000003","date":"2026-03-01"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res
	}
	assert.Equal(t, http.StatusUnauthorized, post("").StatusCode)
	assert.Equal(t, http.StatusForbidden, post("not-the-token-at-all").StatusCode)
	assert.Equal(t, http.StatusOK, post(testToken).StatusCode)
	res, err := http.Get(base + "/api/sources/b000003")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, serr.String())
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, serr.String(), "editable")
	assert.NotContains(t, sout.String()+serr.String(), testToken)
}

// FuzzLotGeometry: any body's geometry is either refused with a 400
// naming it, or a Point or Polygon within range that the registry's CRS
// takes; never a panic.
func FuzzLotGeometry(f *testing.F) {
	f.Add([]byte(`{"type":"Point","coordinates":[106.7306,10.7441]}`))
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[106.72,10.73],[106.73,10.73],[106.73,10.74],[106.72,10.73]]]}`))
	f.Add([]byte(`{"type":"MultiPoint","coordinates":[[1,2]]}`))
	f.Add([]byte(`{"type":"Point","coordinates":[1e400,0]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		g, err := lotGeometry(raw)
		if err != nil {
			ae, ok := err.(*apiError)
			if !ok || ae.Status != http.StatusBadRequest || ae.Code != "invalid_geometry" {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		switch g := g.(type) {
		case orb.Point:
		case orb.Polygon:
			for _, r := range g {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("%q: ring %v accepted", raw, r)
				}
			}
		default:
			t.Fatalf("%q: a %T accepted", raw, g)
		}
		b := g.Bound()
		if !(b.Min[0] >= -180 && b.Max[0] <= 180 && b.Min[1] >= -90 && b.Max[1] <= 90) {
			t.Fatalf("%q: %v out of range accepted", raw, b)
		}
		_, _ = toRegistryCRS(g, 9210)
	})
}
