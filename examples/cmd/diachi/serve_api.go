package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
)

// The service's request limits. A request beyond one is refused with a
// JSON error naming the limit, never cut short or read in part.
const (
	maxBodyBytes   = 256 << 10 // a POST body
	maxTextBytes   = 1024      // one address text (a written address is well under 200 bytes)
	maxBatch       = 1000      // points or texts in one POST
	maxPageSize    = 1000      // findings in one page
	defaultPage    = 100       // findings in a page when limit is not given
	maxHeaderBytes = 64 << 10  // request line and headers; beyond it net/http answers 431 itself
)

// apiError is the body of every error the service answers with:
// {"error": {"status": 400, "code": "invalid_point", "message": "..."}}.
type apiError struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, format string, a ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, a...)}
}

// route is one operation of the service: what the OpenAPI description
// lists and the test checks it against.
type route struct {
	method  string
	pattern string   // a ServeMux path pattern
	query   []string // the query parameters it reads; any other is refused
	handle  func(w http.ResponseWriter, r *http.Request, q url.Values) error
}

// server answers for one registry. Everything it holds is built once and
// read only, so requests share it without locks (the tile cache has its
// own).
type server struct {
	reg      *registry.Registry
	findings []registry.Finding
	byRecord map[recordKey][]int // indexes in findings
	flagged  []uint64            // bit i: the house at position i has findings
	layers   []string            // the layers findings name, sorted
	mapData  *mapData
	tiles    *tileCache
	routes   []route
	handler  http.Handler
	info     map[string]any
	assets   map[string]asset
	edit     *editor // nil for a read-only service
}

func newServer(reg *registry.Registry) (*server, error) {
	s := &server{reg: reg, findings: reg.Findings(), byRecord: map[recordKey][]int{}}
	for i, f := range s.findings {
		k := recordKey{f.Layer, f.Record}
		s.byRecord[k] = append(s.byRecord[k], i)
		if !slices.Contains(s.layers, f.Layer) {
			s.layers = append(s.layers, f.Layer)
		}
	}
	slices.Sort(s.layers)
	for h := range reg.Houses() {
		if len(s.byRecord[recordKey{registry.LayerBuildings, h.Source}]) == 0 {
			continue
		}
		if i, ok := h.Ref().Index(); ok {
			for len(s.flagged) <= i/64 {
				s.flagged = append(s.flagged, 0)
			}
			s.flagged[i/64] |= 1 << (i % 64)
		}
	}
	md, err := newMapData(reg, s.findings)
	if err != nil {
		return nil, err
	}
	s.mapData = md
	if s.assets, err = assets(); err != nil {
		return nil, err
	}
	s.tiles = newTileCache(tileCacheBytes)
	info := map[string]any{
		"houses": reg.HouseCount(), "parcels": reg.ParcelCount(), "streets": reg.StreetCount(),
		"findings": len(s.findings), "demo_key": reg.DemoKey(), "sealed": reg.Sealed(),
		"read_only": true, "extent": nil, "crs": fmt.Sprintf("EPSG:%d", int(reg.CRS())),
	}
	if b, ok := reg.Extent(); ok {
		info["extent"] = []float64{b.Min[1], b.Min[0], b.Max[1], b.Max[0]}
	}
	s.info = info
	s.routes = []route{
		{"GET", "/api/info", nil, s.handleInfo},
		{"GET", "/api/at", []string{"lat", "lon"}, s.handleAt},
		{"POST", "/api/at", nil, s.handleAtBatch},
		{"GET", "/api/lookup", []string{"q"}, s.handleLookup},
		{"POST", "/api/lookup", nil, s.handleLookupBatch},
		{"GET", "/api/ids/{id}", nil, s.handleID},
		{"GET", "/api/external/{scheme}/{value}", nil, s.handleExternal},
		{"GET", "/api/sources/{id}", nil, s.handleSource},
		{"GET", "/api/parcels", []string{"key"}, s.handleParcelKey},
		{"GET", "/api/parcel-ids/{id}", nil, s.handleParcelID},
		{"GET", "/api/parse", []string{"q", "units"}, s.handleParse},
		{"GET", "/api/format", []string{"q", "style"}, s.handleFormat},
		{"GET", "/api/findings", []string{"offset", "limit", "layer", "reason"}, s.handleFindings},
		{"GET", "/api/features", []string{"bbox", "zoom"}, s.handleFeatures},
		{"POST", "/api/edit/planned", nil, s.handleAddPlanned},
		{"POST", "/api/edit/retire", nil, s.handleRetire},
		{"GET", "/tiles/{z}/{x}/{y}", nil, s.handleTile},
		{"GET", "/openapi.json", nil, s.handleOpenAPI},
		{"GET", "/{$}", []string{"lang"}, s.handleIndex},
		{"GET", "/static/{file...}", nil, s.handleStatic},
	}
	mux := http.NewServeMux()
	byPattern := map[string][]route{}
	var order []string
	for _, rt := range s.routes {
		if _, ok := byPattern[rt.pattern]; !ok {
			order = append(order, rt.pattern)
		}
		byPattern[rt.pattern] = append(byPattern[rt.pattern], rt)
	}
	for _, p := range order {
		mux.Handle(p, s.dispatch(byPattern[p]))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, errorf(http.StatusNotFound, "not_found", "no such path: %s", r.URL.Path))
	})
	s.handler = s.guard(mux)
	return s, nil
}

// dispatch picks the route of the request's method among those of one
// path, refuses query parameters the route does not read, and turns a
// returned error into its JSON answer.
func (s *server) dispatch(rs []route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rt *route
		var allow []string
		for i := range rs {
			allow = append(allow, rs[i].method)
			if rs[i].method == r.Method || (r.Method == http.MethodHead && rs[i].method == http.MethodGet) {
				rt = &rs[i]
			}
		}
		if rt == nil {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeAPIError(w, errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed here; allowed: %s", r.Method, strings.Join(allow, ", ")))
			return
		}
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			writeAPIError(w, errorf(http.StatusBadRequest, "bad_query", "the query string cannot be read: %v", err))
			return
		}
		for k, v := range q {
			if !slices.Contains(rt.query, k) {
				writeAPIError(w, errorf(http.StatusBadRequest, "unknown_parameter", "unknown query parameter %q (this path reads: %s)", k, paramList(rt.query)))
				return
			}
			if len(v) > 1 {
				writeAPIError(w, errorf(http.StatusBadRequest, "repeated_parameter", "query parameter %q given %d times", k, len(v)))
				return
			}
		}
		if err := rt.handle(w, r, q); err != nil {
			var ae *apiError
			if !errors.As(err, &ae) {
				// A failure of the service itself, not of the request.
				ae = errorf(http.StatusInternalServerError, "internal", "%v", err)
			}
			writeAPIError(w, ae)
		}
	})
}

func paramList(ps []string) string {
	if len(ps) == 0 {
		return "none"
	}
	return strings.Join(ps, ", ")
}

// guard is the outermost handler: a panic in a handler becomes a JSON
// 500 rather than a dropped connection, and every answer says it is not
// to be sniffed.
func (s *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				writeAPIError(w, errorf(http.StatusInternalServerError, "internal", "internal error"))
			}
		}()
		w.Header()["X-Content-Type-Options"] = nosniff
		if p := r.URL.Path; !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.Contains(p+"/", "/./") || strings.Contains(p+"/", "/../") {
			// ServeMux would redirect to the cleaned path, in HTML.
			writeAPIError(w, errorf(http.StatusNotFound, "not_found", "no such path: %q (not in its plain form)", p))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// nosniff is the X-Content-Type-Options header of every answer, shared
// (never changed) so that setting it allocates nothing.
var nosniff = []string{"nosniff"}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	h := w.Header()
	h.Del("ETag")
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	b, _ := json.Marshal(map[string]*apiError{"error": e})
	w.Write(append(b, '\n'))
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b) // a client gone away is not an error to answer
	return nil
}

// writeCached writes an immutable body with its ETag and answers 304 to a
// client that already has it.
func writeCached(w http.ResponseWriter, r *http.Request, contentType string, body []byte, etag string) {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache") // revalidate: the same path may serve another registry after a restart
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// etagMatch reads If-None-Match: "*" or a list of entity tags, weak ones
// compared weakly (RFC 9110 13.1.2).
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// text reads an address text parameter: present, within maxTextBytes,
// valid UTF-8 without control characters.
func text(q url.Values, name string) (string, error) {
	v := q.Get(name)
	if err := checkAddressText(name, v); err != nil {
		return "", err
	}
	return v, nil
}

func checkAddressText(name, v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return errorf(http.StatusBadRequest, "missing_parameter", "%s: an address text is needed", name)
	case len(v) > maxTextBytes:
		return errorf(http.StatusRequestEntityTooLarge, "text_too_long", "%s: %d bytes, at most %d", name, len(v), maxTextBytes)
	}
	if err := checkText([]byte(v)); err != nil {
		return errorf(http.StatusBadRequest, "invalid_text", "%s: %v", name, err)
	}
	return nil
}

// coordinate reads a latitude or longitude in decimal notation, as every
// command reads numbers (no hex, no NaN or Inf, no digit separators).
func coordinate(q url.Values, name string, limit float64) (float64, error) {
	v := q.Get(name)
	if v == "" {
		return 0, errorf(http.StatusBadRequest, "missing_parameter", "%s is needed", name)
	}
	f, err := parseNum([]byte(v))
	if err != nil {
		return 0, errorf(http.StatusBadRequest, "invalid_point", "%s: %v", name, err)
	}
	if math.Abs(f) > limit {
		return 0, errorf(http.StatusBadRequest, "invalid_point", "%s %s out of range ±%g", name, v, limit)
	}
	return f, nil
}

// readBody decodes a JSON body into v: at most maxBodyBytes, one value,
// no unknown members.
func readBody(r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "the body must be application/json, not %s", ct)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return errorf(http.StatusBadRequest, "bad_body", "the body cannot be read: %v", err)
	}
	if len(body) > maxBodyBytes {
		return errorf(http.StatusRequestEntityTooLarge, "body_too_large", "the body is over %d bytes", maxBodyBytes)
	}
	if !utf8.Valid(body) {
		return errorf(http.StatusBadRequest, "invalid_json", "the body is not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errorf(http.StatusBadRequest, "invalid_json", "the body is not the JSON expected: %v", err)
	}
	if dec.More() {
		return errorf(http.StatusBadRequest, "invalid_json", "the body holds more than one JSON value")
	}
	return nil
}

func unitName(c admin.Code) *string {
	if !c.IsValid() {
		return nil
	}
	if u, ok := admin.Load(c.Version()).Unit(c); ok {
		return &u.Name
	}
	return nil
}

// findingJSON is a finding as the service writes it.
type findingJSON struct {
	Layer     string   `json:"layer"`
	Record    string   `json:"record"`
	Index     int      `json:"index"`
	Reason    string   `json:"reason"`
	Evidence  string   `json:"evidence"`
	Suggested *string  `json:"suggested"`
	Lat       *float64 `json:"lat"`
	Lon       *float64 `json:"lon"`
}

func (s *server) findingOut(f registry.Finding) findingJSON {
	j := findingJSON{Layer: f.Layer, Record: f.Record, Index: f.Index, Reason: string(f.Reason), Evidence: f.Evidence, Suggested: strp(f.Suggested)}
	p := f.Point
	if p == (orb.Point{}) {
		p = findingPlace(s.reg, f)
	}
	if p != (orb.Point{}) {
		j.Lat, j.Lon = &p[1], &p[0]
	}
	return j
}

// apiHouse is a house as the service writes it: what 'registry lookup'
// writes, with its position, side, unit names and findings.
type apiHouse struct {
	houseJSON
	Lat         float64       `json:"lat"`
	Lon         float64       `json:"lon"`
	Side        *string       `json:"side"`
	AlongM      *float64      `json:"along_m"`
	CommuneName *string       `json:"commune_name"`
	LegacyName  *string       `json:"legacy_commune_name"`
	Findings    []findingJSON `json:"findings"`
}

func (s *server) houseOut(h registry.House) apiHouse {
	j := apiHouse{houseJSON: houseOut(s.reg, h), Lat: h.Point[1], Lon: h.Point[0],
		CommuneName: unitName(h.Commune), LegacyName: unitName(h.Legacy), Findings: []findingJSON{}}
	if _, ok := h.Street(); ok {
		if h.Side != geo.SideOn {
			j.Side = strp(h.Side.String())
		}
		along := float64(h.Along)
		j.AlongM = &along
	}
	for _, i := range s.byRecord[recordKey{registry.LayerBuildings, h.Source}] {
		j.Findings = append(j.Findings, s.findingOut(s.findings[i]))
	}
	return j
}

// placeJSON is a reverse geocode as the service writes it: what
// 'registry at' writes, with the house as apiHouse, the parcel ID and the
// units' names.
type placeJSON struct {
	House          *apiHouse        `json:"house"`
	HouseDistanceM *float64         `json:"house_distance_m,omitempty"`
	Parcel         *string          `json:"parcel"`
	ParcelID       *string          `json:"parcel_id"`
	Street         *placeStreetJSON `json:"street"`
	Commune        *string          `json:"commune"`
	LegacyCommune  *string          `json:"legacy_commune"`
	Postcode       *string          `json:"postcode"`
	CommuneName    *string          `json:"commune_name"`
	LegacyName     *string          `json:"legacy_commune_name"`
}

type placeStreetJSON struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Side      *string `json:"side"` // null on the centreline: no side
	AlongM    float64 `json:"along_m"`
	DistanceM float64 `json:"distance_m"`
}

func (s *server) placeOut(pl registry.Place) placeJSON {
	out := placeJSON{CommuneName: unitName(pl.Commune), LegacyName: unitName(pl.Legacy)}
	if pl.HasHouse {
		h := s.houseOut(pl.House)
		d := float64(pl.HouseDistance)
		out.House, out.HouseDistanceM = &h, &d
	}
	if pl.HasParcel {
		out.Parcel = strp(pl.Parcel.Key.String())
		if pl.Parcel.ID.IsValid() {
			out.ParcelID = strp(pl.Parcel.ID.String())
		}
	}
	if pl.HasStreet {
		st, _ := s.reg.Street(pl.Street)
		j := &placeStreetJSON{ID: st.ID, Name: st.Name, AlongM: float64(pl.Location.Along), DistanceM: float64(pl.Location.Distance)}
		if pl.Location.Side != geo.SideOn {
			j.Side = strp(pl.Location.Side.String())
		}
		out.Street = j
	}
	if pl.Commune.IsValid() {
		out.Commune = strp(pl.Commune.String())
	}
	if pl.Legacy.IsValid() {
		out.LegacyCommune = strp(pl.Legacy.String())
	}
	if pl.Postcode.IsValid() {
		out.Postcode = strp(pl.Postcode.String())
	}
	return out
}

func (s *server) handleInfo(w http.ResponseWriter, r *http.Request, q url.Values) error {
	return writeJSON(w, http.StatusOK, s.info)
}

// place reverse-geocodes one point: a *apiError for a point it cannot
// answer for.
func (s *server) place(lat, lon float64) (registry.Place, error) {
	if err := notSwapped(lat, lon); err != nil {
		return registry.Place{}, errorf(http.StatusBadRequest, "invalid_point", "%v", err)
	}
	pl, err := s.reg.At(orb.Point{lon, lat})
	if err != nil {
		if errors.Is(err, registry.ErrOutside) {
			return registry.Place{}, errorf(http.StatusNotFound, "outside", "%v", err)
		}
		return registry.Place{}, errorf(http.StatusBadRequest, "invalid_point", "%v", err)
	}
	return pl, nil
}

// at answers one point as placeJSON.
func (s *server) at(lat, lon float64) (*placeJSON, error) {
	pl, err := s.place(lat, lon)
	if err != nil {
		return nil, err
	}
	out := s.placeOut(pl)
	return &out, nil
}

// writeHouse answers with one house (apiHouse).
func (s *server) writeHouse(w http.ResponseWriter, h registry.House) error {
	return writeAppended(w, func(b []byte) ([]byte, error) {
		bad := false
		b = s.appendHouse(b, h, &bad)
		if bad {
			return b, errNotFinite
		}
		return b, nil
	})
}

func (s *server) handleAt(w http.ResponseWriter, r *http.Request, q url.Values) error {
	lat, err := coordinate(q, "lat", 90)
	if err != nil {
		return err
	}
	lon, err := coordinate(q, "lon", 180)
	if err != nil {
		return err
	}
	pl, err := s.place(lat, lon)
	if err != nil {
		return err
	}
	return writeAppended(w, func(b []byte) ([]byte, error) { return s.appendPlace(b, pl) })
}

// batchResult is one answer of a batch: the result or the error of its
// item, in the order given.
type batchResult struct {
	Result any       `json:"result"`
	Error  *apiError `json:"error"`
}

func (s *server) handleAtBatch(w http.ResponseWriter, r *http.Request, q url.Values) error {
	var req struct {
		Points [][]float64 `json:"points"`
	}
	if err := readBody(r, &req); err != nil {
		return err
	}
	if err := batchSize(len(req.Points), "points"); err != nil {
		return err
	}
	out := make([]batchResult, len(req.Points))
	for i, p := range req.Points {
		if len(p) != 2 {
			out[i].Error = errorf(http.StatusBadRequest, "invalid_point", "point %d: [lat, lon] expected, %d numbers given", i, len(p))
			continue
		}
		if math.Abs(p[0]) > 90 || math.Abs(p[1]) > 180 {
			out[i].Error = errorf(http.StatusBadRequest, "invalid_point", "point %d: latitude %g or longitude %g out of range", i, p[0], p[1])
			continue
		}
		res, err := s.at(p[0], p[1])
		if err != nil {
			out[i].Error = err.(*apiError)
			continue
		}
		out[i].Result = res
	}
	return writeJSON(w, http.StatusOK, map[string]any{"results": out})
}

func batchSize(n int, what string) error {
	switch {
	case n == 0:
		return errorf(http.StatusBadRequest, "empty_batch", "no %s given", what)
	case n > maxBatch:
		return errorf(http.StatusRequestEntityTooLarge, "batch_too_large", "%d %s, at most %d in one request", n, what, maxBatch)
	}
	return nil
}

func (s *server) lookup(q string) (map[string]any, error) {
	hs, a, err := s.reg.Lookup(q)
	if err != nil {
		return nil, errorf(http.StatusUnprocessableEntity, "unparsable", "%v", err)
	}
	out := []apiHouse{}
	for _, h := range hs {
		out = append(out, s.houseOut(h))
	}
	return map[string]any{"input": q, "parsed": parsedOut(q, a), "houses": out}, nil
}

func (s *server) handleLookup(w http.ResponseWriter, r *http.Request, q url.Values) error {
	txt, err := text(q, "q")
	if err != nil {
		return err
	}
	out, err := s.lookup(txt)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *server) handleLookupBatch(w http.ResponseWriter, r *http.Request, q url.Values) error {
	var req struct {
		Texts []string `json:"texts"`
	}
	if err := readBody(r, &req); err != nil {
		return err
	}
	if err := batchSize(len(req.Texts), "texts"); err != nil {
		return err
	}
	out := make([]batchResult, len(req.Texts))
	for i, t := range req.Texts {
		if err := checkAddressText(fmt.Sprintf("texts[%d]", i), t); err != nil {
			out[i].Error = err.(*apiError)
			continue
		}
		res, err := s.lookup(t)
		if err != nil {
			out[i].Error = err.(*apiError)
			continue
		}
		out[i].Result = res
	}
	return writeJSON(w, http.StatusOK, map[string]any{"results": out})
}

// pathValue is a path segment, within the text limit.
func pathValue(r *http.Request, name string) (string, error) {
	v := r.PathValue(name)
	if len(v) > maxTextBytes {
		return "", errorf(http.StatusRequestEntityTooLarge, "text_too_long", "%s: %d bytes, at most %d", name, len(v), maxTextBytes)
	}
	return v, nil
}

func (s *server) handleID(w http.ResponseWriter, r *http.Request, q url.Values) error {
	v, err := pathValue(r, "id")
	if err != nil {
		return err
	}
	id, err := address.ParseID(v)
	if err != nil {
		return errorf(http.StatusBadRequest, "invalid_id", "%q: %v", v, err)
	}
	h, ok := s.reg.ByID(id)
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no house has the address ID %s", id.Grouped())
	}
	return s.writeHouse(w, h)
}

func (s *server) handleExternal(w http.ResponseWriter, r *http.Request, q url.Values) error {
	name, err := pathValue(r, "scheme")
	if err != nil {
		return err
	}
	v, err := pathValue(r, "value")
	if err != nil {
		return err
	}
	sc, err := address.ParseScheme(name)
	if err != nil {
		return errorf(http.StatusBadRequest, "invalid_scheme", "%v", err)
	}
	e, err := address.ParseExternalID(sc, v)
	if err != nil {
		return errorf(http.StatusBadRequest, "invalid_external_id", "%v", err)
	}
	h, ok := s.reg.ByExternal(e)
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no house has the external ID %s", e)
	}
	return s.writeHouse(w, h)
}

func (s *server) handleSource(w http.ResponseWriter, r *http.Request, q url.Values) error {
	v, err := pathValue(r, "id")
	if err != nil {
		return err
	}
	h, ok := s.reg.BySource(v)
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no building has the id %q", v)
	}
	return s.writeHouse(w, h)
}

// parseParcelKey reads a parcel key as ParcelKey.String writes it:
// "2025:commune:27478/12/345" (the commune as admin.Code's text, then the
// sheet and the parcel number, whole numbers from 1).
func parseParcelKey(v string) (registry.ParcelKey, error) {
	var k registry.ParcelKey
	parts := strings.Split(v, "/")
	if len(parts) != 3 {
		return k, fmt.Errorf("%q: a parcel key is commune/sheet/number, such as 2025:commune:27478/12/345", v)
	}
	if err := k.Commune.UnmarshalText([]byte(parts[0])); err != nil {
		return k, fmt.Errorf("%q: commune: %v", v, err)
	}
	if k.Commune.Level() != admin.Commune {
		return k, fmt.Errorf("%q: %s is not a commune", v, parts[0])
	}
	for i, dst := range []*int{&k.Sheet, &k.Number} {
		n, err := strconv.Atoi(parts[i+1])
		if err != nil || n < 1 || parts[i+1][0] == '+' {
			return k, fmt.Errorf("%q: %q is not a whole number from 1", v, parts[i+1])
		}
		*dst = n
	}
	return k, nil
}

func (s *server) parcelOut(p registry.Parcel, hs []registry.House) map[string]any {
	houses := []apiHouse{}
	for _, h := range hs {
		houses = append(houses, s.houseOut(h))
	}
	out := map[string]any{"key": p.Key.String(), "parcel_id": nil, "commune": nil, "commune_name": unitName(p.Commune),
		"valid": p.Valid, "houses": houses, "findings": []findingJSON{}}
	if p.ID.IsValid() {
		out["parcel_id"] = p.ID.String()
	}
	if p.Commune.IsValid() {
		out["commune"] = p.Commune.String()
	}
	var fs []findingJSON
	for _, i := range s.byRecord[recordKey{registry.LayerParcels, p.Key.String()}] {
		fs = append(fs, s.findingOut(s.findings[i]))
	}
	if fs != nil {
		out["findings"] = fs
	}
	return out
}

func (s *server) handleParcelKey(w http.ResponseWriter, r *http.Request, q url.Values) error {
	v := q.Get("key")
	if v == "" {
		return errorf(http.StatusBadRequest, "missing_parameter", "key is needed")
	}
	if len(v) > maxTextBytes {
		return errorf(http.StatusRequestEntityTooLarge, "text_too_long", "key: %d bytes, at most %d", len(v), maxTextBytes)
	}
	k, err := parseParcelKey(v)
	if err != nil {
		return errorf(http.StatusBadRequest, "invalid_parcel_key", "%v", err)
	}
	p, hs, ok := s.reg.ByParcelKey(k)
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no parcel has the key %s", k)
	}
	return writeJSON(w, http.StatusOK, s.parcelOut(p, hs))
}

func (s *server) handleParcelID(w http.ResponseWriter, r *http.Request, q url.Values) error {
	v, err := pathValue(r, "id")
	if err != nil {
		return err
	}
	id, err := address.ParseParcelID(v)
	if err != nil {
		return errorf(http.StatusBadRequest, "invalid_parcel_id", "%v", err)
	}
	p, hs, ok := s.reg.ByParcelID(id)
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no parcel has the parcel ID %s", id)
	}
	return writeJSON(w, http.StatusOK, s.parcelOut(p, hs))
}

func (s *server) handleParse(w http.ResponseWriter, r *http.Request, q url.Values) error {
	txt, err := text(q, "q")
	if err != nil {
		return err
	}
	units := q.Get("units")
	if units == "" {
		units = "auto"
	}
	mode, err := address.ParseUnitsMode(units)
	if err != nil {
		return errorf(http.StatusBadRequest, "invalid_parameter", "units: %v", err)
	}
	a, err := address.ParseWith(txt, address.ParseOptions{Units: mode})
	if err != nil {
		return errorf(http.StatusUnprocessableEntity, "unparsable", "%v", err)
	}
	return writeJSON(w, http.StatusOK, parsedOut(txt, a))
}

var formatStyles = map[string]address.Style{"official": address.Official, "legacy": address.Legacy, "southern": address.Southern, "ascii": address.ASCII}

func (s *server) handleFormat(w http.ResponseWriter, r *http.Request, q url.Values) error {
	txt, err := text(q, "q")
	if err != nil {
		return err
	}
	name := q.Get("style")
	if name == "" {
		name = "official"
	}
	st, ok := formatStyles[name]
	if !ok && name != "label" {
		return errorf(http.StatusBadRequest, "invalid_parameter", "style: %q is not official, legacy, southern, ascii or label", name)
	}
	a, err := address.Parse(txt)
	if err != nil {
		return errorf(http.StatusUnprocessableEntity, "unparsable", "%v", err)
	}
	if strings.TrimSpace(a.Remainder) != "" {
		return errorf(http.StatusUnprocessableEntity, "remainder", "remainder %q: text the parse did not place in the address, which no style writes", a.Remainder)
	}
	out := map[string]any{"input": txt, "style": name, "text": nil, "lines": nil, "warning": nil}
	if name == "label" {
		out["lines"] = address.Label(a, "")
	} else {
		out["text"] = address.Format(a, st)
		if kept, cands := address.Unconverted(a, st); kept {
			out["warning"] = unconvertedNote(a, cands)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// intParam reads a whole-number query parameter in [lo, hi], def when
// absent.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || v[0] == '+' {
		return 0, errorf(http.StatusBadRequest, "invalid_parameter", "%s: %q is not a whole number", name, v)
	}
	if n < lo || n > hi {
		return 0, errorf(http.StatusBadRequest, "invalid_parameter", "%s: %d is not within %d–%d", name, n, lo, hi)
	}
	return n, nil
}

func (s *server) handleFindings(w http.ResponseWriter, r *http.Request, q url.Values) error {
	offset, err := intParam(q, "offset", 0, 0, math.MaxInt32)
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", defaultPage, 1, maxPageSize)
	if err != nil {
		return err
	}
	layer, reason := q.Get("layer"), q.Get("reason")
	if layer != "" && !slices.Contains(s.layers, layer) && !slices.Contains(sourceLayers, layer) {
		return errorf(http.StatusBadRequest, "invalid_parameter", "layer: %q is not a layer (%s)", layer, strings.Join(sourceLayers, ", "))
	}
	total := 0
	page := []findingJSON{}
	for _, f := range s.findings {
		if (layer != "" && f.Layer != layer) || (reason != "" && string(f.Reason) != reason) {
			continue
		}
		if total >= offset && len(page) < limit {
			page = append(page, s.findingOut(f))
		}
		total++
	}
	var next any
	if offset+len(page) < total {
		next = offset + len(page)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"total": total, "offset": offset, "limit": limit, "next_offset": next, "findings": page})
}

var sourceLayers = []string{registry.LayerStreets, registry.LayerParcels, registry.LayerBuildings, registry.LayerEntrances, registry.LayerCommunes, registry.LayerPostalZones}
