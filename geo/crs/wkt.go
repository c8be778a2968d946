package crs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxWKTBytes is the longest CRS definition FromWKT reads: real ones are
// under 2 KB.
const MaxWKTBytes = 64 << 10

// maxWKTDepth bounds the nesting of a definition.
const maxWKTDepth = 32

// ErrWKT: a CRS definition is not well-formed WKT.
var ErrWKT = errors.New("crs: malformed WKT")

// wktNode is one KEYWORD[...] of a WKT definition: its quoted and bare
// arguments in order, and the nodes nested in it.
type wktNode struct {
	key      string
	args     []string // quoted strings unquoted, numbers as written
	children []*wktNode
}

// child returns the first node nested in n, at any depth, whose keyword
// is one of keys (case-insensitive), searching n's direct children first.
func (n *wktNode) child(keys ...string) *wktNode {
	for _, c := range n.children {
		for _, k := range keys {
			if strings.EqualFold(c.key, k) {
				return c
			}
		}
	}
	for _, c := range n.children {
		if f := c.child(keys...); f != nil {
			return f
		}
	}
	return nil
}

// FromWKT returns the CRS a WKT definition describes: OGC WKT 1 as in a
// .prj file or a GeoPackage's gpkg_spatial_ref_sys (GDAL, QGIS, ArcGIS
// and Esri's dialect) or WKT 2. An EPSG code in the definition's own
// AUTHORITY or ID names it when it is one this package knows. Without
// one, the definition is read: a VN-2000 datum (by its name, Vietnam_2000
// or VN-2000 in any spelling, or by the TOWGS84 parameters of Decision
// 05/2007/QĐ-BTNMT) with a Transverse Mercator projection gives the TM-3
// zone (scale factor 0.9999) or the UTM zone (0.9996) of its central
// meridian; a geographic VN-2000 or WGS 84 gives EPSG:4756 or EPSG:4326.
// Anything else is an error wrapping ErrUnknownCRS that says what the
// definition holds, and a definition that cannot be parsed wraps ErrWKT.
func FromWKT(wkt string) (Code, error) {
	if len(wkt) > MaxWKTBytes {
		return 0, fmt.Errorf("%w: %d bytes, more than %d", ErrWKT, len(wkt), MaxWKTBytes)
	}
	root, err := parseWKT(wkt)
	if err != nil {
		return 0, err
	}
	if c, ok := authority(root); ok {
		if _, err := Lookup(c); err == nil {
			return c, nil
		}
	}
	switch k := strings.ToUpper(root.key); k {
	case "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return projected(root)
	case "GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS":
		datum := root.child("DATUM", "GEODETICDATUM", "TRF")
		switch {
		case isVN2000(root):
			return VN2000, nil
		case datum != nil && len(datum.args) > 0 && isWGS84Name(datum.args[0]):
			return WGS84, nil
		}
		return 0, fmt.Errorf("%w: geographic CRS %q is neither WGS 84 nor VN-2000", ErrUnknownCRS, first(root.args))
	default:
		return 0, fmt.Errorf("%w: a %s definition, not a geographic or projected CRS", ErrUnknownCRS, root.key)
	}
}

// projected reads a projected CRS without a known EPSG code.
func projected(root *wktNode) (Code, error) {
	name := first(root.args)
	if !isVN2000(root) {
		return 0, fmt.Errorf("%w: projected CRS %q is not on the VN-2000 datum", ErrUnknownCRS, name)
	}
	method := root.child("PROJECTION", "METHOD")
	if method == nil || !strings.Contains(wktKey(first(method.args)), "transversemercator") {
		return 0, fmt.Errorf("%w: projected CRS %q is not a Transverse Mercator", ErrUnknownCRS, name)
	}
	params := map[string]float64{}
	var walk func(n *wktNode)
	walk = func(n *wktNode) {
		for _, c := range n.children {
			if k := strings.ToUpper(c.key); (k == "PARAMETER" || k == "PARAMETERS") && len(c.args) >= 2 {
				if v, err := strconv.ParseFloat(c.args[1], 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
					params[wktKey(c.args[0])] = v
				}
			}
			walk(c)
		}
	}
	walk(root)
	lon0, ok := params["centralmeridian"]
	if !ok {
		lon0, ok = params["longitudeofnaturalorigin"]
	}
	if !ok {
		return 0, fmt.Errorf("%w: projected CRS %q gives no central meridian", ErrUnknownCRS, name)
	}
	k0, ok := params["scalefactor"]
	if !ok {
		k0, ok = params["scalefactoratnaturalorigin"]
	}
	if !ok {
		return 0, fmt.Errorf("%w: projected CRS %q gives no scale factor", ErrUnknownCRS, name)
	}
	fe := params["falseeasting"]
	fn := params["falsenorthing"]
	lat0 := params["latitudeoforigin"] + params["latitudeofnaturalorigin"]
	if fe != FalseEasting || fn != 0 || lat0 != 0 {
		return 0, fmt.Errorf("%w: projected CRS %q has false easting %g, false northing %g, latitude of origin %g; VN-2000 zones have 500000, 0 and 0",
			ErrUnknownCRS, name, fe, fn, lat0)
	}
	for _, c := range table {
		if c.kind == Projected && c.k0 == k0 && c.lon0 == lon0 {
			return c.code, nil
		}
	}
	return 0, fmt.Errorf("%w: projected CRS %q: no VN-2000 zone has central meridian %g° and scale factor %g", ErrUnknownCRS, name, lon0, k0)
}

// authority returns the EPSG code the definition gives itself (its own
// AUTHORITY or ID, not one of a nested datum or unit).
func authority(root *wktNode) (Code, bool) {
	for _, c := range root.children {
		if k := strings.ToUpper(c.key); (k == "AUTHORITY" || k == "ID") && len(c.args) >= 2 && strings.EqualFold(c.args[0], "EPSG") {
			n, err := strconv.Atoi(c.args[1])
			if err == nil && n > 0 {
				return Code(n), true
			}
		}
	}
	return 0, false
}

// isVN2000 reports whether the datum of a definition is VN-2000: by its
// name or by its TOWGS84 shift.
func isVN2000(root *wktNode) bool {
	d := root.child("DATUM", "GEODETICDATUM", "TRF")
	if d == nil {
		return false
	}
	if n := wktKey(first(d.args)); strings.Contains(n, "vietnam2000") || strings.Contains(n, "vn2000") {
		return true
	}
	if t := d.child("TOWGS84"); t != nil && len(t.args) >= 3 {
		var v [3]float64
		for i := range v {
			f, err := strconv.ParseFloat(t.args[i], 64)
			if err != nil {
				return false
			}
			v[i] = f
		}
		// The national shift and the southern one (helmert.go), to the
		// metre.
		for _, want := range [][3]float64{{-191.90441429, -39.30318279, -111.45032835}, {-192.873, -39.382, -111.202}} {
			if math.Abs(v[0]-want[0]) < 1 && math.Abs(v[1]-want[1]) < 1 && math.Abs(v[2]-want[2]) < 1 {
				return true
			}
		}
	}
	return false
}

func isWGS84Name(s string) bool {
	n := wktKey(s)
	return n == "wgs1984" || n == "dwgs1984" || n == "wgs84" || n == "worldgeodeticsystem1984"
}

// wktKey is s lower-cased with everything but letters and digits removed:
// "D_Vietnam_2000", "Vietnam 2000" and "VN-2000" compare alike.
func wktKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// parseWKT parses one WKT node and checks that nothing follows it.
func parseWKT(s string) (*wktNode, error) {
	p := wktParser{s: s}
	n, err := p.node(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("%w: text after the definition at byte %d", ErrWKT, p.i)
	}
	return n, nil
}

type wktParser struct {
	s string
	i int
}

func (p *wktParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *wktParser) errf(format string, a ...any) error {
	return fmt.Errorf("%w: %s at byte %d", ErrWKT, fmt.Sprintf(format, a...), p.i)
}

// node reads KEYWORD[arg, arg, NODE[...], ...] (or with parentheses).
func (p *wktParser) node(depth int) (*wktNode, error) {
	if depth > maxWKTDepth {
		return nil, p.errf("nested deeper than %d", maxWKTDepth)
	}
	p.space()
	start := p.i
	for p.i < len(p.s) && (isWKTLetter(p.s[p.i]) || p.i > start && p.s[p.i] >= '0' && p.s[p.i] <= '9') {
		p.i++
	}
	if p.i == start {
		return nil, p.errf("a keyword expected")
	}
	n := &wktNode{key: p.s[start:p.i]}
	p.space()
	if p.i >= len(p.s) || (p.s[p.i] != '[' && p.s[p.i] != '(') {
		return nil, p.errf("[ expected after %s", n.key)
	}
	closer := byte(']')
	if p.s[p.i] == '(' {
		closer = ')'
	}
	p.i++
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, p.errf("%s is not closed", n.key)
		}
		switch c := p.s[p.i]; {
		case c == '"':
			var b strings.Builder
			p.i++
			for {
				if p.i >= len(p.s) {
					return nil, p.errf("a string is not closed")
				}
				if p.s[p.i] == '"' {
					if p.i+1 < len(p.s) && p.s[p.i+1] == '"' { // "" is a quote
						b.WriteByte('"')
						p.i += 2
						continue
					}
					p.i++
					break
				}
				b.WriteByte(p.s[p.i])
				p.i++
			}
			n.args = append(n.args, b.String())
		case c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9':
			j := p.i
			for p.i < len(p.s) && strings.IndexByte("+-.0123456789eE", p.s[p.i]) >= 0 {
				p.i++
			}
			n.args = append(n.args, p.s[j:p.i])
		case isWKTLetter(c):
			// A nested node, or a bare word (an axis direction: NORTH).
			save := p.i
			for p.i < len(p.s) && (isWKTLetter(p.s[p.i]) || p.s[p.i] >= '0' && p.s[p.i] <= '9') {
				p.i++
			}
			word := p.s[save:p.i]
			p.space()
			if p.i < len(p.s) && (p.s[p.i] == '[' || p.s[p.i] == '(') {
				p.i = save
				child, err := p.node(depth + 1)
				if err != nil {
					return nil, err
				}
				n.children = append(n.children, child)
			} else {
				n.args = append(n.args, word)
			}
		default:
			return nil, p.errf("unexpected %q in %s", c, n.key)
		}
		p.space()
		if p.i >= len(p.s) {
			return nil, p.errf("%s is not closed", n.key)
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case closer:
			p.i++
			return n, nil
		default:
			return nil, p.errf("unexpected %q in %s", p.s[p.i], n.key)
		}
	}
}

func isWKTLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' }
