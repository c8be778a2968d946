package geojsonio

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/crs"
)

// Default limits: what a zero field of Options means.
const (
	DefaultMaxBytes            = 4 << 30
	DefaultMaxFeatures         = 1 << 26
	DefaultMaxVertices         = 1 << 28
	DefaultMaxGeometryVertices = 1 << 22
	// MaxNesting is how deep arrays and objects may nest inside a
	// property or a foreign member.
	MaxNesting = 1000
)

var (
	// ErrSyntax: the input is not JSON, or not a GeoJSON FeatureCollection
	// as this package reads it.
	ErrSyntax = errors.New("geojsonio: invalid GeoJSON")
	// ErrLimit: the input is beyond one of the limits of Options.
	ErrLimit = errors.New("geojsonio: input over a limit")
	// ErrAltitude: a position has a third value and Options.DropAltitude
	// is not set.
	ErrAltitude = errors.New("geojsonio: position with an altitude")
)

// Options are the limits Read applies; a zero (or negative) field takes
// its default.
type Options struct {
	MaxBytes            int64 // bytes of input
	MaxFeatures         int   // features in the collection
	MaxVertices         int64 // positions in the whole collection
	MaxGeometryVertices int   // positions in one feature's geometry
	// DropAltitude accepts positions with more than two values, keeps
	// (x, y) and counts them in Collection.Altitudes.
	DropAltitude bool
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxFeatures <= 0 {
		o.MaxFeatures = DefaultMaxFeatures
	}
	if o.MaxVertices <= 0 {
		o.MaxVertices = DefaultMaxVertices
	}
	if o.MaxGeometryVertices <= 0 {
		o.MaxGeometryVertices = DefaultMaxGeometryVertices
	}
	return o
}

// Collection is a FeatureCollection as read.
type Collection struct {
	// CRS is the CRS the "crs" member names, zero when there is none:
	// RFC 7946 GeoJSON, WGS84 longitude and latitude.
	CRS crs.Code
	// CRSName is the name as written ("" when none).
	CRSName  string
	Features []Feature
	// Altitudes counts the positions whose altitude was dropped
	// (Options.DropAltitude).
	Altitudes int64
}

// Feature is one feature as read.
type Feature struct {
	// ID is the feature's "id": a string, a json.Number as written, or nil.
	ID any
	// Geometry is an orb geometry, or nil for a null geometry.
	Geometry orb.Geometry
	// Properties is the properties object as written, nil when absent or
	// null. Its bytes are shared with other features: copy before changing.
	Properties json.RawMessage
}

// SyntaxError is input that is not a GeoJSON FeatureCollection as read
// here. It wraps ErrSyntax, and Err when set (ErrAltitude,
// crs.ErrUnknownCRS).
type SyntaxError struct {
	Offset  int64 // byte offset in the input where it was found
	Feature int   // index of the feature being read, -1 outside features
	Msg     string
	Err     error
}

func (e *SyntaxError) Error() string {
	if e.Feature >= 0 {
		return fmt.Sprintf("geojsonio: feature %d at byte %d: %s", e.Feature, e.Offset, e.Msg)
	}
	return fmt.Sprintf("geojsonio: at byte %d: %s", e.Offset, e.Msg)
}

func (e *SyntaxError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrSyntax, e.Err}
	}
	return []error{ErrSyntax}
}

// LimitError is input beyond one of the limits of Options. It wraps
// ErrLimit.
type LimitError struct {
	Limit   string // the field of Options: "MaxBytes", "MaxFeatures", …
	Max     int64  // its value
	Offset  int64  // byte offset where it was passed
	Feature int    // index of the feature being read, -1 outside features
}

func (e *LimitError) Error() string {
	what := map[string]string{
		"MaxBytes":            "bytes",
		"MaxFeatures":         "features",
		"MaxVertices":         "vertices in the collection",
		"MaxGeometryVertices": "vertices in one geometry",
	}[e.Limit]
	where := ""
	if e.Feature >= 0 {
		where = fmt.Sprintf("feature %d ", e.Feature)
	}
	return fmt.Sprintf("geojsonio: %sat byte %d: more than %d %s (Options.%s)", where, e.Offset, e.Max, what, e.Limit)
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// Read reads one GeoJSON FeatureCollection from r, and nothing after it.
func Read(r io.Reader, opts Options) (c *Collection, err error) {
	s := newScanner(r, opts.withDefaults())
	defer func() {
		if x := recover(); x != nil {
			a, ok := x.(abort)
			if !ok {
				panic(x)
			}
			c, err = nil, a.err
		}
	}()
	c = s.collection()
	return c, nil
}

// abort carries an error from deep in the scanner to Read.
type abort struct{ err error }

// collection reads the top-level object.
func (s *scanner) collection() *Collection {
	c := &Collection{}
	s.skipBOM()
	switch s.next() {
	case '{':
	case 'n':
		at := s.i
		s.literal("null")
		s.i = at
		s.fail("null, not a FeatureCollection")
	default:
		s.unexpected("a JSON object, a FeatureCollection")
	}
	var seen members
	typ, sawFeatures := "", false
	for l := s.open('{'); s.more(&l); {
		key := s.key()
		switch string(key) {
		case "type":
			seen.once(s, key, mType)
			typ = s.stringValue()
		case "crs":
			seen.once(s, key, mCRS)
			c.CRSName, c.CRS = s.crsMember()
		case "features":
			seen.once(s, key, mFeatures)
			sawFeatures = true
			s.features(c)
		default:
			seen.foreign(s, key)
			s.skipValue()
		}
	}
	if s.next() != 0 || s.i < s.n {
		s.fail("more input after the FeatureCollection")
	}
	s.feature = -1
	switch {
	case typ == "" && !seen.has(mType):
		s.fail("no type member: want a FeatureCollection")
	case typ != "FeatureCollection":
		s.fail(fmt.Sprintf("type %q: want a FeatureCollection", typ))
	case !sawFeatures:
		s.fail("no features member")
	}
	c.Altitudes = s.altitudes
	return c
}

func (s *scanner) features(c *Collection) {
	if s.next() == 'n' {
		at := s.i
		s.literal("null")
		s.i = at
		s.fail("features is null: want an array ([] for none)")
	}
	c.Features = []Feature{}
	for l := s.open('['); s.more(&l); {
		if len(c.Features) >= s.opts.MaxFeatures {
			s.limit("MaxFeatures", int64(s.opts.MaxFeatures))
		}
		s.feature = len(c.Features)
		c.Features = append(c.Features, s.featureObject())
	}
	s.feature = -1
}

func (s *scanner) featureObject() Feature {
	var f Feature
	if s.next() != '{' {
		s.fail("not a JSON object: want a Feature")
	}
	s.geomVertices = 0
	var seen members
	typ := ""
	for l := s.open('{'); s.more(&l); {
		key := s.key()
		switch string(key) {
		case "type":
			seen.once(s, key, mType)
			typ = s.stringValue()
		case "id":
			seen.once(s, key, mID)
			switch c := s.next(); {
			case c == '"':
				f.ID = string(s.str())
			case c == '-' || c >= '0' && c <= '9':
				raw := s.number()
				s.float(raw) // in range
				f.ID = json.Number(raw)
			case c == 'n':
				s.literal("null")
			default:
				s.fail("id is not a string or a number")
			}
		case "geometry":
			seen.once(s, key, mGeometry)
			if s.next() == 'n' {
				s.literal("null")
				continue
			}
			f.Geometry = s.geometry(0)
		case "properties":
			seen.once(s, key, mProperties)
			switch s.next() {
			case 'n':
				s.literal("null")
			case '{':
				f.Properties = s.keep(s.rawValue())
			default:
				s.fail("properties is not an object")
			}
		case "crs":
			s.fail("a crs member on a feature: name the CRS once, on the collection")
		default:
			seen.foreign(s, key)
			s.skipValue()
		}
	}
	if typ != "Feature" {
		if !seen.has(mType) {
			s.fail("no type member: want a Feature")
		}
		s.fail(fmt.Sprintf("type %q: want a Feature", typ))
	}
	return f
}

// Geometry kinds by the depth of their coordinates.
var geometryDepth = map[string]int{
	"Point": 1, "MultiPoint": 2, "LineString": 2,
	"MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4,
	"GeometryCollection": 0,
}

func (s *scanner) geometry(depth int) orb.Geometry {
	if depth > MaxNesting {
		s.fail(fmt.Sprintf("geometry collections nested more than %d deep", MaxNesting))
	}
	if s.next() != '{' {
		s.fail("geometry is not an object")
	}
	var seen members
	typ := ""
	var (
		g       orb.Geometry
		tree    *cnode
		members []orb.Geometry
	)
	for l := s.open('{'); s.more(&l); {
		key := s.key()
		switch string(key) {
		case "type":
			seen.once(s, key, mType)
			typ = s.stringValue()
			if _, ok := geometryDepth[typ]; !ok {
				s.fail(fmt.Sprintf("geometry type %q", typ))
			}
		case "coordinates":
			seen.once(s, key, mCoordinates)
			if d := geometryDepth[typ]; d > 0 {
				g = s.coordinates(typ)
			} else {
				// The type is not known yet (or is wrong): read the
				// arrays as they come, shaped when the type is known.
				t := s.anyCoords(0)
				tree = &t
			}
		case "geometries":
			seen.once(s, key, mGeometries)
			members = orb.Collection{}
			for l := s.open('['); s.more(&l); {
				members = append(members, s.geometry(depth+1))
			}
		case "crs":
			s.fail("a crs member on a geometry: name the CRS once, on the collection")
		default:
			seen.foreign(s, key)
			s.skipValue()
		}
	}
	switch {
	case !seen.has(mType):
		s.fail("geometry without a type")
	case typ == "GeometryCollection":
		if seen.has(mCoordinates) || members == nil {
			s.fail("a GeometryCollection has geometries and no coordinates")
		}
		return orb.Collection(members)
	case members != nil || !seen.has(mCoordinates):
		s.fail(fmt.Sprintf("a %s has coordinates and no geometries", typ))
	case tree != nil:
		g = s.shape(typ, *tree)
	}
	return g
}

// crsMember reads a GeoJSON 2008 named CRS.
func (s *scanner) crsMember() (string, crs.Code) {
	if s.next() != '{' {
		s.fail("crs is not an object: want {\"type\": \"name\", \"properties\": {\"name\": …}}")
	}
	var seen members
	typ, name, named := "", "", false
	for l := s.open('{'); s.more(&l); {
		key := s.key()
		switch string(key) {
		case "type":
			seen.once(s, key, mType)
			typ = s.stringValue()
		case "properties":
			seen.once(s, key, mProperties)
			var inner members
			for l := s.open('{'); s.more(&l); {
				k := s.key()
				if string(k) != "name" {
					inner.foreign(s, k)
					s.skipValue()
					continue
				}
				inner.once(s, k, mType)
				name, named = s.stringValue(), true
			}
		default:
			seen.foreign(s, key)
			s.skipValue()
		}
	}
	if typ != "name" || !named {
		s.fail("crs: only a named CRS is read ({\"type\": \"name\", \"properties\": {\"name\": …}})")
	}
	code, err := ParseCRSName(name)
	if err != nil {
		s.failErr("crs: "+err.Error(), err)
	}
	return name, code
}

// ParseCRSName reads the name of a GeoJSON 2008 named CRS: "EPSG:9210",
// "urn:ogc:def:crs:EPSG::9210" (or with a version between the colons),
// "http://www.opengis.net/def/crs/EPSG/0/9210", or the CRS84 forms
// ("urn:ogc:def:crs:OGC:1.3:CRS84"), which are WGS84; a bare "9210" is
// an EPSG code. The CRS must be one
// geo/crs knows; the error wraps crs.ErrUnknownCRS.
func ParseCRSName(name string) (crs.Code, error) {
	n := strings.TrimSpace(name)
	auth, code := "", n
	if rest, ok := cutPrefixCaseless(n, "urn:ogc:def:crs:"); ok {
		parts := strings.Split(rest, ":")
		if len(parts) != 3 {
			return 0, fmt.Errorf("%w: %q", crs.ErrUnknownCRS, name)
		}
		auth, code = parts[0], parts[2]
	} else if rest, ok := cutPrefixCaseless(n, "http://www.opengis.net/def/crs/"); ok {
		parts := strings.Split(rest, "/")
		if len(parts) != 3 {
			return 0, fmt.Errorf("%w: %q", crs.ErrUnknownCRS, name)
		}
		auth, code = parts[0], parts[2]
	} else if a, c, ok := strings.Cut(n, ":"); ok {
		auth, code = a, c
	} else {
		auth = "EPSG" // a bare code
	}
	switch {
	case strings.EqualFold(auth, "OGC") && strings.EqualFold(code, "CRS84"):
		return crs.WGS84, nil
	case strings.EqualFold(auth, "EPSG"):
		for _, r := range code {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("%w: %q", crs.ErrUnknownCRS, name)
			}
		}
		return crs.ParseCode(code)
	}
	return 0, fmt.Errorf("%w: %q", crs.ErrUnknownCRS, name)
}

func cutPrefixCaseless(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// members records which members of an object were given, so that a key
// given twice is an error.
type members struct {
	known  uint16
	others []string
}

const (
	mType = 1 << iota
	mCRS
	mFeatures
	mID
	mGeometry
	mProperties
	mCoordinates
	mGeometries
)

func (m *members) has(bit uint16) bool { return m.known&bit != 0 }

func (m *members) once(s *scanner, key []byte, bit uint16) {
	if m.known&bit != 0 {
		s.fail(fmt.Sprintf("key %q given twice", key))
	}
	m.known |= bit
}

func (m *members) foreign(s *scanner, key []byte) {
	for _, k := range m.others {
		if k == string(key) {
			s.fail(fmt.Sprintf("key %q given twice", key))
		}
	}
	m.others = append(m.others, string(key))
}
