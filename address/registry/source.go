package registry

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/decimal"
)

// Layer names: the layers a Source holds, as named in files.
const (
	LayerStreets     = "streets"
	LayerParcels     = "parcels"
	LayerBuildings   = "buildings"
	LayerEntrances   = "entrances"
	LayerCommunes    = "communes"
	LayerPostalZones = "postal_zones"
	// LayerHouses is the layer a saved registry writes its numbered
	// buildings to; read back, it is the buildings layer.
	LayerHouses = "houses"
)

// Prop is one source attribute. Value is a string, json.Number, bool, nil,
// or a []any / map[string]any of those (GeoJSON); int64 or float64 are
// accepted too.
type Prop struct {
	Key   string
	Value any
}

// Props are a feature's attributes in the order read. They are kept as
// given and written back as given.
type Props []Prop

// Get returns the value of key.
func (ps Props) Get(key string) (any, bool) {
	for _, p := range ps {
		if p.Key == key {
			return p.Value, true
		}
	}
	return nil, false
}

// String returns the value of key as text ("" when absent or null).
// Numbers are written as read.
func (ps Props) String(key string) string {
	v, _ := ps.Get(key)
	return textOf(v)
}

// Float returns the value of key as a number; ok is false when absent,
// null or not a finite number (a string in decimal notation counts).
func (ps Props) Float(key string) (f float64, ok bool, err error) {
	v, _ := ps.Get(key)
	return floatOf(key, v)
}

// Int returns the value of key as a whole number.
func (ps Props) Int(key string) (n int64, ok bool, err error) {
	v, _ := ps.Get(key)
	return intOf(key, v)
}

// Bool returns the value of key as a flag: true, 1, "true", "yes", "1".
func (ps Props) Bool(key string) bool {
	v, _ := ps.Get(key)
	return flagOf(v)
}

// textOf is an attribute value as text ("" for nil, an absent value).
func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// floatOf is the value of attribute key as a number; ok is false when it
// is absent (nil), null or empty text.
func floatOf(key string, v any) (f float64, ok bool, err error) {
	if v == nil {
		return 0, false, nil
	}
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
		if s == "" {
			return 0, false, nil
		}
	case int64:
		return float64(x), true, nil
	case float64:
		f = x
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false, fmt.Errorf("%s: %v is not a finite number", key, x)
		}
		return f, true, nil
	default:
		return 0, false, fmt.Errorf("%s: %v is not a number", key, v)
	}
	// Text is read in decimal notation only: not "1_0", "0x10" or "Inf".
	if f, err = decimal.Float(s); err != nil {
		return 0, false, fmt.Errorf("%s: %w", key, err)
	}
	return f, true, nil
}

// intOf is the value of attribute key as a whole number.
func intOf(key string, v any) (n int64, ok bool, err error) {
	f, ok, err := floatOf(key, v)
	if !ok || err != nil {
		return 0, ok, err
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false, fmt.Errorf("%s: %v is not a whole number", key, f)
	}
	return int64(f), true, nil
}

// countOf is the value of attribute key as a cadastral count: a map
// sheet (tờ) or a parcel number (thửa), a whole number from 1, written as
// digits ("7", " 7 " or 7; not "-3", "0", "5.", "1e3" or 1e3), ok false
// when absent, null or empty.
func countOf(key string, v any) (n int64, ok bool, err error) {
	var s string
	switch x := v.(type) {
	case nil:
		return 0, false, nil
	case json.Number:
		s = x.String()
	case string:
		if s = strings.TrimSpace(x); s == "" {
			return 0, false, nil
		}
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return 0, false, fmt.Errorf("%s: %v is not a whole number", key, x)
		}
		s = strconv.FormatInt(int64(x), 10)
	default:
		return 0, false, fmt.Errorf("%s: %v is not a number", key, v)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false, fmt.Errorf("%s: %q is not a whole number from 1, written in digits", key, s)
		}
	}
	n, err = decimal.Int(s, 32)
	if err == nil && n < 1 {
		err = fmt.Errorf("%q is below 1", s)
	}
	if err != nil {
		return 0, false, fmt.Errorf("%s: %w", key, err)
	}
	return n, true, nil
}

// flagOf is an attribute value as a flag.
func flagOf(v any) bool {
	switch strings.ToLower(textOf(v)) {
	case "true", "1", "yes", "có", "co":
		return true
	}
	return false
}

// Feature is one source record: its geometry in the source CRS and its
// attributes.
type Feature struct {
	Geometry orb.Geometry
	Props    Props
}

// Source is what a registry is built from, whatever the format it was
// read from: the layers of a town, district or province, all in one CRS.
// The attributes each layer is read by are those of Schema; every other
// attribute is kept and written back. Build takes ownership of the
// features (see Build).
type Source struct {
	// CRS of every geometry: EPSG:4326 (lon/lat, the default when zero)
	// or any VN-2000 CRS of geo/crs.
	CRS         crs.Code
	Streets     []Feature
	Parcels     []Feature
	Buildings   []Feature
	Entrances   []Feature
	Communes    []Feature
	PostalZones []Feature
	// Ledger is what a registry built from this source had issued
	// (Registry.Source gives it): Build keeps every number and address ID
	// in it, never gives a retired one again and carries its history on.
	// Nil for a source that was never a registry's.
	Ledger *Ledger
}

// Clone returns a deep copy of the source: its layers, each feature's
// attributes (nested values included) and geometry.
func (s *Source) Clone() *Source {
	c := &Source{CRS: s.CRS, Ledger: s.Ledger}
	for _, name := range []string{LayerStreets, LayerParcels, LayerBuildings, LayerEntrances, LayerCommunes, LayerPostalZones} {
		from, _ := s.Layer(name)
		if *from == nil {
			continue
		}
		to, _ := c.Layer(name)
		*to = make([]Feature, len(*from))
		for i, f := range *from {
			(*to)[i] = Feature{Geometry: orb.Clone(f.Geometry), Props: f.Props.clone()}
		}
	}
	return c
}

// clone is a deep copy of the attributes.
func (ps Props) clone() Props {
	if ps == nil {
		return nil
	}
	out := make(Props, len(ps))
	for i, p := range ps {
		out[i] = Prop{p.Key, cloneValue(p.Value)}
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneValue(e)
		}
		return out
	}
	return v
}

// Layer returns the features of a layer by name.
func (s *Source) Layer(name string) (*[]Feature, error) {
	switch name {
	case LayerStreets:
		return &s.Streets, nil
	case LayerParcels:
		return &s.Parcels, nil
	case LayerBuildings, LayerHouses:
		return &s.Buildings, nil
	case LayerEntrances:
		return &s.Entrances, nil
	case LayerCommunes:
		return &s.Communes, nil
	case LayerPostalZones:
		return &s.PostalZones, nil
	}
	return nil, fmt.Errorf("%w: unknown layer %q (streets, parcels, buildings, entrances, communes, postal_zones)", ErrSource, name)
}

// layerNames in the order a registry is saved.
var layerNames = []string{LayerParcels, LayerStreets, LayerHouses, LayerEntrances, LayerCommunes, LayerPostalZones}
