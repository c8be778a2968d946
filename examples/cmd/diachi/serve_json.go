package main

import (
	"errors"
	"maps"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/postal"
)

// The answers asked for most (a reverse geocode, a house) are written by
// hand into a reused buffer rather than through encoding/json: the same
// bytes json.Marshal writes for placeJSON and apiHouse (the tests compare
// the two over every house of the sample town, random points and a fuzz
// target), without reflection and with a few small allocations instead of
// about a hundred.

// jsonBufs are the buffers answers are written into: taken for one
// answer, given back once it is written.
var jsonBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// maxPooledBuf is the largest buffer given back to the pool: a rare huge
// answer is left to the collector rather than kept.
const maxPooledBuf = 64 << 10

// errNotFinite is the answer to a number JSON cannot carry (NaN or an
// infinity), as json.Marshal refuses it.
var errNotFinite = errors.New("json: unsupported value: a number that is not finite")

// writeAppended writes an answer made by fill into a pooled buffer: 200,
// JSON, with its length.
func writeAppended(w http.ResponseWriter, fill func(b []byte) ([]byte, error)) error {
	bp := jsonBufs.Get().(*[]byte)
	b, err := fill((*bp)[:0])
	if err == nil {
		b = append(b, '\n')
		h := w.Header()
		h["Content-Type"] = jsonContentType
		h["Content-Length"] = []string{strconv.Itoa(len(b))}
		w.WriteHeader(http.StatusOK)
		w.Write(b) // a client gone away is not an error to answer
	}
	if cap(b) <= maxPooledBuf {
		*bp = b[:0]
		jsonBufs.Put(bp)
	}
	return err
}

// jsonContentType is the Content-Type header of a JSON answer, shared
// (never changed) so that setting it allocates nothing.
var jsonContentType = []string{"application/json; charset=utf-8"}

// appendJSONString appends s as encoding/json writes a string: quoted,
// with <, > and & escaped for HTML, U+2028 and U+2029 escaped, and each
// byte of invalid UTF-8 replaced by U+FFFD.
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	// Valid UTF-8 (as nearly every text is) needs no rune decoded: of its
	// characters beyond ASCII only U+2028 and U+2029 (E2 80 A8, E2 80 A9)
	// are escaped.
	valid := utf8.ValidString(string(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if valid {
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hex[s[i+2]&0xF])
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		// A few bytes turned into a string, which stays on the stack.
		r, size := utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendJSONStringOrNull is a *string field as strp fills it: null for
// the empty string.
func appendJSONStringOrNull(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, "null"...)
	}
	return appendJSONString(dst, s)
}

// appendJSONFloat appends f as encoding/json writes a float64 (the
// shortest text that reads back as f; exponent form below 1e-6 and from
// 1e21). A number that is not finite sets *bad: JSON cannot carry it.
func appendJSONFloat(dst []byte, f float64, bad *bool) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		*bad = true
		return append(dst, '0')
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// unitText is what the answers write of an administrative unit: its
// versioned code ("2025:commune:26734"), its digits and its name.
type unitText struct {
	text, digits, name string
}

// textCache keeps the texts of values met again and again (units,
// postcodes): a map read without a lock, replaced by a copy when a new
// value is added (there are a few thousand units at most).
type textCache[K comparable, V any] struct {
	mu   sync.Mutex
	m    atomic.Pointer[map[K]V]
	make func(K) V
}

func (c *textCache[K, V]) get(k K) V {
	if m := c.m.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			return v
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	if old != nil {
		if v, ok := (*old)[k]; ok {
			return v
		}
	}
	next := map[K]V{}
	if old != nil {
		next = maps.Clone(*old)
	}
	v := c.make(k)
	next[k] = v
	c.m.Store(&next)
	return v
}

// answerTexts are the caches the hand-written answers read; the texts
// depend on the value alone, so one set serves every registry.
var answerTexts = struct {
	units     textCache[admin.Code, unitText]
	postcodes textCache[postal.Code, string]
}{
	units: textCache[admin.Code, unitText]{make: func(c admin.Code) unitText {
		var u unitText
		if !c.IsValid() {
			return u
		}
		t, _ := c.MarshalText()
		u.text, u.digits = string(t), c.String()
		if n := unitName(c); n != nil {
			u.name = *n
		}
		return u
	}},
	postcodes: textCache[postal.Code, string]{make: postal.Code.String},
}

// recordKey names a source record: its layer and id.
type recordKey struct{ layer, record string }

// formatAddress is a house's address in the official style, as every
// answer writes it.
func formatAddress(reg *registry.Registry, h registry.House) string {
	return address.Format(reg.Address(h), address.Official)
}

// appendPlace appends the reverse geocode pl: the bytes of
// json.Marshal(s.placeOut(pl)).
func (s *server) appendPlace(b []byte, pl registry.Place) ([]byte, error) {
	bad := false
	b = append(b, `{"house":`...)
	if pl.HasHouse {
		b = s.appendHouse(b, pl.House, &bad)
		b = append(b, `,"house_distance_m":`...)
		b = appendJSONFloat(b, float64(pl.HouseDistance), &bad)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"parcel":`...)
	if pl.HasParcel {
		b = appendParcelKey(b, pl.Parcel.Key)
		b = append(b, `,"parcel_id":`...)
		b = appendParcelID(b, pl.Parcel)
	} else {
		b = append(b, `null,"parcel_id":null`...)
	}
	b = append(b, `,"street":`...)
	if pl.HasStreet {
		st, _ := s.reg.Street(pl.Street)
		b = append(b, `{"id":`...)
		b = appendJSONString(b, st.ID)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, st.Name)
		b = append(b, `,"side":`...)
		b = appendSide(b, pl.Location.Side)
		b = append(b, `,"along_m":`...)
		b = appendJSONFloat(b, float64(pl.Location.Along), &bad)
		b = append(b, `,"distance_m":`...)
		b = appendJSONFloat(b, float64(pl.Location.Distance), &bad)
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	c, l := answerTexts.units.get(pl.Commune), answerTexts.units.get(pl.Legacy)
	b = append(b, `,"commune":`...)
	b = appendJSONStringOrNull(b, c.digits)
	b = append(b, `,"legacy_commune":`...)
	b = appendJSONStringOrNull(b, l.digits)
	b = append(b, `,"postcode":`...)
	b = appendJSONStringOrNull(b, answerTexts.postcodes.get(pl.Postcode))
	b = append(b, `,"commune_name":`...)
	b = appendJSONStringOrNull(b, c.name)
	b = append(b, `,"legacy_commune_name":`...)
	b = appendJSONStringOrNull(b, l.name)
	b = append(b, '}')
	if bad {
		return b, errNotFinite
	}
	return b, nil
}

// appendParcelKey is ParcelKey.String as a *string field.
func appendParcelKey(b []byte, k registry.ParcelKey) []byte {
	c := answerTexts.units.get(k.Commune)
	if c.text == "" {
		return append(b, "null"...)
	}
	var tmp [96]byte
	t := append(tmp[:0], c.text...)
	t = append(t, '/')
	t = strconv.AppendInt(t, int64(k.Sheet), 10)
	t = append(t, '/')
	t = strconv.AppendInt(t, int64(k.Number), 10)
	return appendJSONString(b, t)
}

// appendParcelID is the parcel's ID as a *string field: null when it has
// none.
func appendParcelID(b []byte, p registry.Parcel) []byte {
	if !p.ID.IsValid() {
		return append(b, "null"...)
	}
	var tmp [64]byte
	t, _ := p.ID.AppendText(tmp[:0])
	if len(t) == 0 {
		return append(b, "null"...)
	}
	return appendJSONString(b, t)
}

// appendSide is a side as a *string field: null on the centreline.
func appendSide(b []byte, side geo.Side) []byte {
	if side == geo.SideOn {
		return append(b, "null"...)
	}
	return appendJSONString(b, side.String())
}

// appendHouse appends h as s.houseOut writes it (apiHouse).
func (s *server) appendHouse(b []byte, h registry.House, bad *bool) []byte {
	var tmp [64]byte
	b = append(b, `{"address_id":`...)
	if id, _ := h.ID.AppendText(tmp[:0]); len(id) == 10 {
		b = append(b, '"')
		b = append(b, id[:3]...)
		b = append(b, ' ')
		b = append(b, id[3:6]...)
		b = append(b, ' ')
		b = append(b, id[6:]...)
		b = append(b, '"')
	} else {
		b = appendJSONString(b, h.ID.Grouped())
	}
	b = append(b, `,"building":`...)
	b = appendJSONString(b, h.Source)
	on, onStreet := h.Street()
	b = append(b, `,"number":`...)
	if onStreet {
		n, _ := h.Number.AppendText(tmp[:0])
		b = appendJSONString(b, n)
		st, _ := s.reg.Street(on)
		main, _ := s.reg.Street(st.Main())
		b = append(b, `,"street":`...)
		b = appendJSONString(b, main.Name)
		b = append(b, `,"address":`...)
		b = appendJSONString(b, formatAddress(s.reg, h))
	} else {
		b = append(b, `"","street":"","address":""`...)
	}
	b = append(b, `,"parcel":`...)
	if in, ok := h.Parcel(); ok {
		p, _ := s.reg.Parcel(in)
		b = appendParcelKey(b, p.Key)
		b = append(b, `,"parcel_id":`...)
		b = appendParcelID(b, p)
	} else {
		b = append(b, `null,"parcel_id":null`...)
	}
	c, l := answerTexts.units.get(h.Commune), answerTexts.units.get(h.Legacy)
	b = append(b, `,"commune":`...)
	b = appendJSONStringOrNull(b, c.text)
	b = append(b, `,"legacy_commune":`...)
	b = appendJSONStringOrNull(b, l.text)
	b = append(b, `,"postcode":`...)
	b = appendJSONStringOrNull(b, answerTexts.postcodes.get(h.Postcode))
	b = append(b, `,"plus_code":`...)
	b = appendJSONString(b, s.reg.PlusCode(h).String())
	b = append(b, `,"lat":`...)
	b = appendJSONFloat(b, h.Point[1], bad)
	b = append(b, `,"lon":`...)
	b = appendJSONFloat(b, h.Point[0], bad)
	b = append(b, `,"side":`...)
	if onStreet {
		b = appendSide(b, h.Side)
		b = append(b, `,"along_m":`...)
		b = appendJSONFloat(b, float64(h.Along), bad)
	} else {
		b = append(b, `null,"along_m":null`...)
	}
	b = append(b, `,"commune_name":`...)
	b = appendJSONStringOrNull(b, c.name)
	b = append(b, `,"legacy_commune_name":`...)
	b = appendJSONStringOrNull(b, l.name)
	b = append(b, `,"findings":[`...)
	for i, fi := range s.houseFindings(h) {
		if i > 0 {
			b = append(b, ',')
		}
		b = s.appendFinding(b, s.findings[fi], bad)
	}
	return append(b, "]}"...)
}

// appendFinding appends f as s.findingOut writes it (findingJSON).
func (s *server) appendFinding(b []byte, f registry.Finding, bad *bool) []byte {
	b = append(b, `{"layer":`...)
	b = appendJSONString(b, f.Layer)
	b = append(b, `,"record":`...)
	b = appendJSONString(b, f.Record)
	b = append(b, `,"index":`...)
	b = strconv.AppendInt(b, int64(f.Index), 10)
	b = append(b, `,"reason":`...)
	b = appendJSONString(b, string(f.Reason))
	b = append(b, `,"evidence":`...)
	b = appendJSONString(b, f.Evidence)
	b = append(b, `,"suggested":`...)
	b = appendJSONStringOrNull(b, f.Suggested)
	p := f.Point
	if p == [2]float64{} {
		p = findingPlace(s.reg, f)
	}
	if p == [2]float64{} {
		return append(b, `,"lat":null,"lon":null}`...)
	}
	b = append(b, `,"lat":`...)
	b = appendJSONFloat(b, p[1], bad)
	b = append(b, `,"lon":`...)
	b = appendJSONFloat(b, p[0], bad)
	return append(b, '}')
}

// houseFindings are the indexes in s.findings of the findings of h: a
// look-up in byRecord only for a house that has some, most have none.
func (s *server) houseFindings(h registry.House) []int {
	if i, ok := h.Ref().Index(); ok && (i/64 >= len(s.flagged) || s.flagged[i/64]&(1<<(i%64)) == 0) {
		return nil
	}
	return s.byRecord[recordKey{registry.LayerBuildings, h.Source}]
}
