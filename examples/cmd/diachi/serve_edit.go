package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
)

// minTokenBytes is the shortest edit token accepted: a token is a
// password anyone who can reach the service may try.
const minTokenBytes = 16

// maxTokenFile is the size beyond which a token file is refused: a token
// is a few dozen bytes, so a larger file is the wrong file.
const maxTokenFile = 4096

// editor makes the changes of an editable service (--edit-token-file):
// each change is applied to the current registry (registry.Live), saved
// to the GeoPackage (atomically, by Registry.Save) and only then made
// current, with a new map; readers keep the registry they started with
// and see the next one at once after. Changes are made one at a time.
type editor struct {
	token [sha256.Size]byte // the token's digest: compared in constant time, the token itself not kept
	path  string
	live  *registry.Live
	mu    sync.Mutex // one change at a time, from the registry to the server answering for it
	cur   atomic.Pointer[server]
}

// newEditor serves reg, saved at path, with changes authorised by token.
func newEditor(reg *registry.Registry, path string, token []byte) (*editor, error) {
	ed := &editor{token: sha256.Sum256(token), path: path, live: registry.NewLive(reg)}
	s, err := newServer(reg)
	if err != nil {
		return nil, err
	}
	ed.install(s)
	return ed, nil
}

// install makes s the server answering, editable by ed.
func (ed *editor) install(s *server) {
	s.edit = ed
	s.info["read_only"] = false
	ed.cur.Store(s)
}

// ServeHTTP answers with the current server.
func (ed *editor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ed.cur.Load().handler.ServeHTTP(w, r)
}

// readTokenFile reads the edit token: the file's text less surrounding
// white space, at least minTokenBytes, printable. Errors never hold it.
func readTokenFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--edit-token-file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return nil, fmt.Errorf("--edit-token-file: %w", err)
	}
	if len(data) > maxTokenFile {
		return nil, fmt.Errorf("--edit-token-file %s: more than %d bytes: not a token file", path, maxTokenFile)
	}
	tok := []byte(strings.TrimSpace(string(data)))
	if len(tok) < minTokenBytes {
		return nil, fmt.Errorf("--edit-token-file %s: a token of %d bytes, at least %d needed", path, len(tok), minTokenBytes)
	}
	if !utf8.Valid(tok) || strings.ContainsFunc(string(tok), func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return nil, fmt.Errorf("--edit-token-file %s: the token must be one word of printable characters (it is sent in an HTTP header)", path)
	}
	return tok, nil
}

// authorize checks the request's bearer token: 401 without one, 403 for
// another.
func (ed *editor) authorize(w http.ResponseWriter, r *http.Request) error {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="diachi"`)
		return errorf(http.StatusUnauthorized, "unauthorized", "a change needs the edit token: Authorization: Bearer TOKEN")
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	if subtle.ConstantTimeCompare(sum[:], ed.token[:]) != 1 {
		return errorf(http.StatusForbidden, "forbidden", "the edit token is not the service's")
	}
	return nil
}

// editRequest is what every change takes: when and by what document.
type editRequest struct {
	Date string `json:"date"` // YYYY-MM-DD; empty: today
	Ref  string `json:"ref"`
}

func (e editRequest) change() (registry.Change, error) {
	c := registry.Change{Ref: e.Ref}
	if len(e.Ref) > maxTextBytes {
		return c, errorf(http.StatusRequestEntityTooLarge, "text_too_long", "ref: %d bytes, at most %d", len(e.Ref), maxTextBytes)
	}
	if e.Ref != "" {
		if err := checkText([]byte(e.Ref)); err != nil {
			return c, errorf(http.StatusBadRequest, "invalid_text", "ref: %v", err)
		}
	}
	if e.Date != "" {
		d, err := time.Parse("2006-01-02", e.Date)
		if err != nil {
			return c, errorf(http.StatusBadRequest, "invalid_date", "date %q: YYYY-MM-DD expected", e.Date)
		}
		c.Date = d
	}
	return c, nil
}

// apply makes one change: applied to the current registry, saved, then
// answered for. A refused change is a 409 naming the rule it breaks.
func (ed *editor) apply(ctx context.Context, change func(r *registry.Registry) (*registry.Registry, error)) (*server, registry.Event, error) {
	ed.mu.Lock()
	defer ed.mu.Unlock()
	next, err := ed.live.Apply(func(r *registry.Registry) (*registry.Registry, error) {
		next, err := change(r)
		if err != nil {
			return nil, err
		}
		if err := next.Save(ctx, ed.path); err != nil {
			return nil, fmt.Errorf("saving %s: %w", ed.path, err)
		}
		return next, nil
	})
	if err != nil {
		var ce *registry.ChangeError
		if errors.As(err, &ce) || errors.Is(err, registry.ErrChange) {
			return nil, registry.Event{}, errorf(http.StatusConflict, "refused", "%v", err)
		}
		return nil, registry.Event{}, err
	}
	s, err := newServer(next)
	if err != nil {
		return nil, registry.Event{}, err
	}
	ed.install(s)
	hist := next.History()
	return s, hist[len(hist)-1], nil
}

// changeAnswer is the answer to a change: the event and the houses it
// left, as the service writes houses.
func changeAnswer(s *server, ev registry.Event) map[string]any {
	hs := []apiHouse{}
	for _, b := range ev.Houses {
		if h, ok := s.reg.BySource(b); ok {
			hs = append(hs, s.houseOut(h))
		}
	}
	return map[string]any{"event": eventOut(ev), "houses": hs}
}

// editable is the editor of the request, or the error of a service that
// cannot be changed or a request without the token.
func (s *server) editable(w http.ResponseWriter, r *http.Request) (*editor, error) {
	if s.edit == nil {
		return nil, errorf(http.StatusForbidden, "read_only", "this service is read-only: it was started without --edit-token-file")
	}
	if err := s.edit.authorize(w, r); err != nil {
		return nil, err
	}
	return s.edit, nil
}

// plannedRequest is a planned lot: a point or a parcel polygon (GeoJSON
// geometry, WGS84), numbered on the street it opens on.
type plannedRequest struct {
	editRequest
	Geometry json.RawMessage `json:"geometry"`
	ID       string          `json:"id"`     // the lot's building id; empty: one is made
	Street   string          `json:"street"` // the street id it opens on; empty: the nearest
}

func (s *server) handleAddPlanned(w http.ResponseWriter, r *http.Request, q url.Values) error {
	ed, err := s.editable(w, r)
	if err != nil {
		return err
	}
	var req plannedRequest
	if err := readBody(r, &req); err != nil {
		return err
	}
	c, err := req.change()
	if err != nil {
		return err
	}
	g, err := lotGeometry(req.Geometry)
	if err != nil {
		return err
	}
	if g, err = toRegistryCRS(g, s.reg.CRS()); err != nil {
		return errorf(http.StatusBadRequest, "invalid_geometry", "%v", err)
	}
	id := req.ID
	if id == "" {
		var b [6]byte
		rand.Read(b[:])
		id = "lot-" + hex.EncodeToString(b[:])
	}
	for name, v := range map[string]string{"id": id, "street": req.Street} {
		if len(v) > maxTextBytes {
			return errorf(http.StatusRequestEntityTooLarge, "text_too_long", "%s: %d bytes, at most %d", name, len(v), maxTextBytes)
		}
		if err := checkText([]byte(v)); err != nil || strings.ContainsFunc(v, unicode.IsSpace) {
			return errorf(http.StatusBadRequest, "invalid_text", "%s %q: one word of printable text expected", name, v)
		}
	}
	props := registry.Props{{Key: "id", Value: id}, {Key: "planned", Value: true}}
	if req.Street != "" {
		props = append(props, registry.Prop{Key: "street", Value: req.Street})
	}
	lot := registry.Feature{Geometry: g, Props: props}
	// A change once started is finished, whether or not its client waits.
	ctx := context.WithoutCancel(r.Context())
	ns, ev, err := ed.apply(ctx, func(reg *registry.Registry) (*registry.Registry, error) {
		return reg.Add(ctx, c, lot)
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, changeAnswer(ns, ev))
}

// lotGeometry reads a planned lot's geometry: a GeoJSON Point or Polygon
// in WGS84, finite, within range, a polygon's rings closed.
func lotGeometry(raw json.RawMessage) (orb.Geometry, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errorf(http.StatusBadRequest, "invalid_geometry", "geometry is needed: a GeoJSON Point or Polygon (WGS84)")
	}
	var gg geojson.Geometry
	if err := json.Unmarshal(raw, &gg); err != nil {
		return nil, errorf(http.StatusBadRequest, "invalid_geometry", "geometry: %v", err)
	}
	bad := func(format string, a ...any) error {
		return errorf(http.StatusBadRequest, "invalid_geometry", "geometry: "+format, a...)
	}
	point := func(p orb.Point) error {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
			return bad("%v is not a longitude, latitude pair", p)
		}
		return nil
	}
	switch g := gg.Geometry().(type) {
	case orb.Point:
		if err := point(g); err != nil {
			return nil, err
		}
		return g, nil
	case orb.Polygon:
		if len(g) == 0 {
			return nil, bad("a polygon without rings")
		}
		for i, ring := range g {
			if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
				return nil, bad("ring %d: a closed ring of at least 4 positions expected, %d given", i, len(ring))
			}
			for _, p := range ring {
				if err := point(p); err != nil {
					return nil, err
				}
			}
		}
		if g.Bound().Max == g.Bound().Min || math.Abs(orbRingArea(g[0])) == 0 {
			return nil, bad("a polygon of no area")
		}
		return g, nil
	case nil:
		return nil, bad("a GeoJSON Point or Polygon expected")
	default:
		return nil, bad("a %s; a Point or a Polygon expected", g.GeoJSONType())
	}
}

// orbRingArea is twice the signed area of a ring, in squared degrees.
func orbRingArea(r orb.Ring) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a
}

// toRegistryCRS puts a WGS84 geometry in the registry's CRS.
func toRegistryCRS(g orb.Geometry, code crs.Code) (orb.Geometry, error) {
	if code == crs.WGS84 || code == 0 {
		return g, nil
	}
	conv, err := registryPoints(code, false)
	if err != nil {
		return nil, err
	}
	switch g := g.(type) {
	case orb.Point:
		return conv(g)
	case orb.Polygon:
		out := make(orb.Polygon, len(g))
		for i, ring := range g {
			out[i] = make(orb.Ring, len(ring))
			for j, p := range ring {
				q, err := conv(p)
				if err != nil {
					return nil, err
				}
				out[i][j] = q
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("a %s cannot be put in %s", g.GeoJSONType(), code)
}

// retireRequest names the house to retire: its building id or its
// address ID, one of the two.
type retireRequest struct {
	editRequest
	House     string `json:"house"`
	AddressID string `json:"address_id"`
}

func (s *server) handleRetire(w http.ResponseWriter, r *http.Request, q url.Values) error {
	ed, err := s.editable(w, r)
	if err != nil {
		return err
	}
	var req retireRequest
	if err := readBody(r, &req); err != nil {
		return err
	}
	c, err := req.change()
	if err != nil {
		return err
	}
	if (req.House == "") == (req.AddressID == "") {
		return errorf(http.StatusBadRequest, "missing_parameter", "give house (a building id) or address_id, one of the two")
	}
	if len(req.House) > maxTextBytes || len(req.AddressID) > maxTextBytes {
		return errorf(http.StatusRequestEntityTooLarge, "text_too_long", "house or address_id over %d bytes", maxTextBytes)
	}
	cur := ed.live.Load()
	var h registry.House
	var ok bool
	if req.AddressID != "" {
		id, err := address.ParseID(req.AddressID)
		if err != nil {
			return errorf(http.StatusBadRequest, "invalid_id", "%q: %v", req.AddressID, err)
		}
		if h, ok = cur.ByID(id); !ok {
			return errorf(http.StatusNotFound, "not_found", "no house has the address ID %s", id.Grouped())
		}
	} else if h, ok = cur.BySource(req.House); !ok {
		return errorf(http.StatusNotFound, "not_found", "no house has the building id %q", req.House)
	}
	ctx := context.WithoutCancel(r.Context())
	ns, ev, err := ed.apply(ctx, func(reg *registry.Registry) (*registry.Registry, error) {
		return reg.Retire(ctx, c, h.Source)
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, changeAnswer(ns, ev))
}
