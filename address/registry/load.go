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
	"unicode/utf8"

	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/geojsonio"
)

// Limits on what ReadGeoJSON accepts, so that a hostile file cannot
// exhaust memory or time: the defaults of geo/geojsonio, which also limits
// the vertices of one geometry and of a file. ReadGeoJSONWith raises them.
const (
	MaxFileBytes = geojsonio.DefaultMaxBytes    // one GeoJSON file
	MaxFeatures  = geojsonio.DefaultMaxFeatures // features in one layer
)

// ReadGeoJSON reads a GeoJSON FeatureCollection with the default limits
// of geo/geojsonio. The CRS is the one its "crs" member names (GeoJSON
// 2008: "EPSG:9210", "urn:ogc:def:crs:EPSG::9210",
// "urn:ogc:def:crs:OGC:1.3:CRS84"), else zero: RFC 7946 GeoJSON is WGS84
// lon/lat. Attributes keep their order and numbers their written form.
// Errors wrap ErrSource, or ErrTooLarge for input beyond a limit.
func ReadGeoJSON(r io.Reader) ([]Feature, crs.Code, error) {
	return ReadGeoJSONWith(r, geojsonio.Options{})
}

// ReadGeoJSONWith is ReadGeoJSON with the limits of opts. Positions with
// an altitude are refused (a registry is 2D) unless opts.DropAltitude.
func ReadGeoJSONWith(r io.Reader, opts geojsonio.Options) ([]Feature, crs.Code, error) {
	c, err := geojsonio.Read(r, opts)
	if errors.Is(err, geojsonio.ErrLimit) {
		return nil, 0, fmt.Errorf("%w: %w", ErrTooLarge, err)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrSource, err)
	}
	fs := make([]Feature, len(c.Features))
	for i, f := range c.Features {
		fs[i].Geometry = f.Geometry
		if fs[i].Props, err = orderedProps(f.Properties); err != nil {
			return nil, 0, fmt.Errorf("%w: GeoJSON feature %d: properties: %w", ErrSource, i, err)
		}
	}
	return fs, c.CRS, nil
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
	var seen keySeen
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
		if seen.dup(ps, k) {
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
	var seen keySeen
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
			if seen.dup(ps, k) {
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

// LoadDir reads the layers of a Source from a directory holding
// streets.geojson, parcels.geojson, buildings.geojson and, when present,
// entrances.geojson, communes.geojson and postal_zones.geojson. Each file
// is in the CRS its "crs" member names, else in code when not zero, else
// in WGS84 (RFC 7946); every file must be in the same CRS, and files in
// different ones are an error that names them (a layer is never read in
// another layer's CRS).
func LoadDir(ctx context.Context, dir string, code crs.Code) (*Source, error) {
	byDefault := code
	if byDefault == 0 {
		byDefault = crs.WGS84
	}
	src := &Source{}
	first := ""
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
		how := "names"
		if c == 0 {
			c, how = byDefault, "names no CRS, so is in"
		}
		switch {
		case src.CRS == 0:
			src.CRS, first = c, fmt.Sprintf("%s %s %s", filepath.Base(path), how, c)
		case c != src.CRS:
			return nil, fmt.Errorf("%w: %s %s %s but %s: all layers must be in one CRS (name it in each file's crs member; the CRS of files that name none is WGS84 unless given)",
				ErrSource, path, how, c, first)
		}
		l, _ := src.Layer(name)
		*l = fs
	}
	return src, nil
}

// keySeen tells whether a key is already among an object's properties
// read so far: by scanning them while there are few, by a set once there
// are many, so that an object of 100,000 keys is not read in quadratic
// time.
type keySeen struct{ set map[string]struct{} }

// dup reports whether k is among ps (the properties read so far, to which
// the caller appends k when it is not) and records it.
func (s *keySeen) dup(ps Props, k string) bool {
	const scan = 32
	if s.set == nil {
		if len(ps) < scan {
			_, found := ps.Get(k)
			return found
		}
		s.set = make(map[string]struct{}, 2*len(ps))
		for _, p := range ps {
			s.set[p.Key] = struct{}{}
		}
	}
	if _, found := s.set[k]; found {
		return true
	}
	s.set[k] = struct{}{}
	return false
}
