package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/geo/crs"
)

// Limits on what a reader accepts, so a hostile file cannot exhaust memory.
const (
	MaxFileBytes = 4 << 30 // one GeoJSON file
	MaxFeatures  = 1 << 26 // features in one layer
)

// ReadGeoJSON reads a GeoJSON FeatureCollection. The CRS is the one its
// "crs" member names (GeoJSON 2008: "EPSG:9210",
// "urn:ogc:def:crs:EPSG::9210", "urn:ogc:def:crs:OGC:1.3:CRS84"), else
// zero: RFC 7946 GeoJSON is WGS84 lon/lat. Attributes keep their order and
// numbers their written form. Errors wrap ErrSource.
func ReadGeoJSON(r io.Reader) ([]Feature, crs.Code, error) {
	cr := &countReader{r: r, left: MaxFileBytes}
	dec := json.NewDecoder(cr)
	dec.UseNumber()
	fail := func(format string, a ...any) ([]Feature, crs.Code, error) {
		if cr.left < 0 {
			return nil, 0, fmt.Errorf("%w: larger than %d bytes", ErrTooLarge, int64(MaxFileBytes))
		}
		return nil, 0, fmt.Errorf("%w: GeoJSON at byte %d: %s", ErrSource, dec.InputOffset(), fmt.Sprintf(format, a...))
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fail("not a JSON object (%v)", err)
	}
	var (
		fs      []Feature
		code    crs.Code
		kind    string
		sawFeat bool
	)
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fail("%v", err)
		}
		key, _ := t.(string)
		switch key {
		case "type":
			if err := dec.Decode(&kind); err != nil {
				return fail("type: %v", err)
			}
		case "crs":
			var c struct {
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			}
			if err := dec.Decode(&c); err != nil {
				return fail("crs: %v", err)
			}
			code, err = crsName(c.Properties.Name)
			if err != nil {
				return fail("crs: %v", err)
			}
		case "features":
			sawFeat = true
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return fail("features is not an array")
			}
			for dec.More() {
				if len(fs) >= MaxFeatures {
					return nil, 0, fmt.Errorf("%w: more than %d features", ErrTooLarge, MaxFeatures)
				}
				var raw struct {
					Type       string          `json:"type"`
					Geometry   json.RawMessage `json:"geometry"`
					Properties json.RawMessage `json:"properties"`
				}
				if err := dec.Decode(&raw); err != nil {
					return fail("feature %d: %v", len(fs), err)
				}
				if raw.Type != "Feature" {
					return fail("feature %d: type %q, want Feature", len(fs), raw.Type)
				}
				var f Feature
				if len(raw.Geometry) > 0 && string(raw.Geometry) != "null" {
					g, err := geojson.UnmarshalGeometry(raw.Geometry)
					if err != nil {
						return fail("feature %d: geometry: %v", len(fs), err)
					}
					f.Geometry = g.Geometry()
				}
				f.Props, err = orderedProps(raw.Properties)
				if err != nil {
					return fail("feature %d: properties: %v", len(fs), err)
				}
				fs = append(fs, f)
			}
			if _, err := dec.Token(); err != nil {
				return fail("%v", err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail("%s: %v", key, err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail("%v", err)
	}
	if kind != "FeatureCollection" || !sawFeat {
		return fail("type %q, want a FeatureCollection with features", kind)
	}
	return fs, code, nil
}

func crsName(name string) (crs.Code, error) {
	n := strings.TrimSpace(name)
	if strings.HasSuffix(n, "CRS84") {
		return crs.WGS84, nil
	}
	if i := strings.LastIndex(n, "EPSG::"); i >= 0 {
		n = n[i+len("EPSG::"):]
	}
	c, err := crs.ParseCode(n)
	if err != nil {
		return 0, err
	}
	if _, err := crs.Lookup(c); err != nil {
		return 0, err
	}
	return c, nil
}

// orderedProps reads a properties object keeping the order of its keys.
func orderedProps(raw json.RawMessage) (Props, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if ps, ok := flatProps(raw); ok {
		return ps, nil
	}
	return decodeProps(raw)
}

// decodeProps is orderedProps through encoding/json: any JSON.
func decodeProps(raw json.RawMessage) (Props, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var ps Props
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, err
		}
		k := t.(string)
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		if _, dup := ps.Get(k); dup {
			return nil, fmt.Errorf("key %q given twice", k)
		}
		ps = append(ps, Prop{k, v})
	}
	return ps, nil
}

// flatProps reads the common case quickly: an object of plain strings
// (no escapes), numbers, booleans and nulls, as Save writes for flat
// attributes. It answers exactly as decodeProps does, or not at all (ok
// false) for anything else: nested values, escapes, duplicate keys,
// invalid text.
func flatProps(raw []byte) (_ Props, ok bool) {
	i := 0
	ws := func() {
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
			i++
		}
	}
	str := func() (string, bool) {
		if i >= len(raw) || raw[i] != '"' {
			return "", false
		}
		j := i + 1
		for j < len(raw) && raw[j] != '"' {
			if c := raw[j]; c == '\\' || c < 0x20 {
				return "", false
			}
			j++
		}
		if j >= len(raw) || !utf8.Valid(raw[i+1:j]) {
			return "", false
		}
		s := string(raw[i+1 : j])
		i = j + 1
		return s, true
	}
	ws()
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	i++
	ws()
	var buf [16]Prop // most features have fewer; the result is sized exactly
	ps := Props(buf[:0])
	if i < len(raw) && raw[i] == '}' {
		i++
	} else {
		for {
			ws()
			k, good := str()
			if !good {
				return nil, false
			}
			ws()
			if i >= len(raw) || raw[i] != ':' {
				return nil, false
			}
			i++
			ws()
			if i >= len(raw) {
				return nil, false
			}
			var v any
			switch c := raw[i]; {
			case c == '"':
				if v, good = str(); !good {
					return nil, false
				}
			case c == '-' || c >= '0' && c <= '9':
				j := numberEnd(raw, i)
				if j < 0 {
					return nil, false
				}
				v, i = json.Number(raw[i:j]), j
			case bytes.HasPrefix(raw[i:], []byte("true")):
				v, i = true, i+4
			case bytes.HasPrefix(raw[i:], []byte("false")):
				v, i = false, i+5
			case bytes.HasPrefix(raw[i:], []byte("null")):
				v, i = nil, i+4
			default:
				return nil, false
			}
			if _, dup := ps.Get(k); dup {
				return nil, false
			}
			ps = append(ps, Prop{k, v})
			ws()
			if i < len(raw) && raw[i] == ',' {
				i++
				continue
			}
			if i < len(raw) && raw[i] == '}' {
				i++
				break
			}
			return nil, false
		}
	}
	ws()
	if i != len(raw) {
		return nil, false
	}
	if len(ps) == 0 {
		return nil, true
	}
	return slices.Clone(ps), true
}

// numberEnd returns where the JSON number starting at raw[i] ends, or -1
// if it is not one (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?).
func numberEnd(raw []byte, i int) int {
	digits := func() int {
		n := 0
		for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(raw) && raw[i] == '-' {
		i++
	}
	switch {
	case i < len(raw) && raw[i] == '0':
		i++
	case digits() == 0:
		return -1
	}
	if i < len(raw) && raw[i] == '.' {
		i++
		if digits() == 0 {
			return -1
		}
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if digits() == 0 {
			return -1
		}
	}
	// A number ends at a delimiter; "truex" or "12a" is not JSON.
	if i < len(raw) && !(raw[i] == ',' || raw[i] == '}' || raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		return -1
	}
	return i
}

type countReader struct {
	r    io.Reader
	left int64
}

func (c *countReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}

// LoadDir reads the layers of a Source from a directory holding
// streets.geojson, parcels.geojson, buildings.geojson and, when present,
// entrances.geojson, communes.geojson and postal_zones.geojson. Every file
// must be in the same CRS; code, when not zero, is the CRS of files that
// name none (a file naming another CRS is an error).
func LoadDir(ctx context.Context, dir string, code crs.Code) (*Source, error) {
	src := &Source{CRS: code}
	named := false
	for _, name := range []string{LayerStreets, LayerParcels, LayerBuildings, LayerEntrances, LayerCommunes, LayerPostalZones} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		path := filepath.Join(dir, name+".geojson")
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) && name != LayerStreets && name != LayerParcels && name != LayerBuildings {
			continue
		}
		if err != nil {
			return nil, err
		}
		fs, c, err := ReadGeoJSON(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if c != 0 {
			if src.CRS != 0 && src.CRS != c && (named || code != 0) {
				return nil, fmt.Errorf("%w: %s is in EPSG:%d, the other layers in EPSG:%d", ErrSource, path, c, src.CRS)
			}
			src.CRS, named = c, true
		}
		l, _ := src.Layer(name)
		*l = fs
	}
	if src.CRS == 0 {
		src.CRS = crs.WGS84
	}
	return src, nil
}
