package shapefile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Errors. Every error of this package wraps one of them.
var (
	// ErrFormat: a file is not what its format says (cut short, a count
	// that does not fit, an unknown shape or field type).
	ErrFormat = errors.New("shapefile: malformed file")
	// ErrLimit: a file is beyond a limit of Options.
	ErrLimit = errors.New("shapefile: over a limit")
	// ErrMissing: a file of the set that is required is absent.
	ErrMissing = errors.New("shapefile: file missing")
)

// ShapeType is the shape type of a .shp file and of its records.
type ShapeType int32

// The shape types. Z and M variants are read as 2D.
const (
	Null        ShapeType = 0
	Point       ShapeType = 1
	PolyLine    ShapeType = 3
	Polygon     ShapeType = 5
	MultiPoint  ShapeType = 8
	PointZ      ShapeType = 11
	PolyLineZ   ShapeType = 13
	PolygonZ    ShapeType = 15
	MultiPointZ ShapeType = 18
	PointM      ShapeType = 21
	PolyLineM   ShapeType = 23
	PolygonM    ShapeType = 25
	MultiPointM ShapeType = 28
	MultiPatch  ShapeType = 31
)

var shapeNames = map[ShapeType]string{Null: "Null", Point: "Point", PolyLine: "PolyLine", Polygon: "Polygon", MultiPoint: "MultiPoint",
	PointZ: "PointZ", PolyLineZ: "PolyLineZ", PolygonZ: "PolygonZ", MultiPointZ: "MultiPointZ",
	PointM: "PointM", PolyLineM: "PolyLineM", PolygonM: "PolygonM", MultiPointM: "MultiPointM", MultiPatch: "MultiPatch"}

func (t ShapeType) String() string {
	if s, ok := shapeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("ShapeType(%d)", int32(t))
}

// base is the 2D type of t: PolygonZ and PolygonM are Polygon.
func (t ShapeType) base() ShapeType {
	switch t {
	case PointZ, PointM:
		return Point
	case PolyLineZ, PolyLineM:
		return PolyLine
	case PolygonZ, PolygonM:
		return Polygon
	case MultiPointZ, MultiPointM:
		return MultiPoint
	}
	return t
}

// Default limits: what a zero field of Options means.
const (
	DefaultMaxBytes          = 2 << 30 // the format's own bound: offsets are 32-bit counts of 16-bit words
	DefaultMaxRecords        = 1 << 26
	DefaultMaxRecordVertices = 1 << 22
	DefaultMaxVertices       = 1 << 28
)

// Options bound what is read, so that a hostile file cannot exhaust
// memory or time. Zero fields take the defaults.
type Options struct {
	MaxBytes          int64 // of each file of the set
	MaxRecords        int   // records of a file
	MaxRecordVertices int   // vertices of one record
	MaxVertices       int   // vertices of a file
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRecords <= 0 {
		o.MaxRecords = DefaultMaxRecords
	}
	if o.MaxRecordVertices <= 0 {
		o.MaxRecordVertices = DefaultMaxRecordVertices
	}
	if o.MaxVertices <= 0 {
		o.MaxVertices = DefaultMaxVertices
	}
	return o
}

const headerLen = 100

// header reads the 100-byte header of a .shp or .shx file: its shape
// type, after checking the file code, version and declared length.
func header(b []byte, what string) (ShapeType, error) {
	if len(b) < headerLen {
		return 0, fmt.Errorf("%w: %s: %d bytes, shorter than its 100-byte header", ErrFormat, what, len(b))
	}
	if code := binary.BigEndian.Uint32(b[0:]); code != 9994 {
		return 0, fmt.Errorf("%w: %s: file code %d, not 9994", ErrFormat, what, code)
	}
	if v := binary.LittleEndian.Uint32(b[28:]); v != 1000 {
		return 0, fmt.Errorf("%w: %s: version %d, not 1000", ErrFormat, what, v)
	}
	declared := int64(binary.BigEndian.Uint32(b[24:])) * 2
	if declared != int64(len(b)) {
		return 0, fmt.Errorf("%w: %s: header declares %d bytes, the file has %d (cut short or damaged)", ErrFormat, what, declared, len(b))
	}
	t := ShapeType(int32(binary.LittleEndian.Uint32(b[32:])))
	if _, ok := shapeNames[t]; !ok {
		return 0, fmt.Errorf("%w: %s: shape type %d", ErrFormat, what, int32(t))
	}
	return t, nil
}

// Index is the place of one record in a .shp file, as its .shx gives
// it: the byte offset of its record header and the length of its content
// in bytes.
type Index struct {
	Offset, Length int64
}

// ReadSHX reads a .shx index file.
func ReadSHX(b []byte, opts Options) (ShapeType, []Index, error) {
	opts = opts.withDefaults()
	if int64(len(b)) > opts.MaxBytes {
		return 0, nil, fmt.Errorf("%w: .shx: %d bytes, more than %d", ErrLimit, len(b), opts.MaxBytes)
	}
	t, err := header(b, ".shx")
	if err != nil {
		return 0, nil, err
	}
	if (len(b)-headerLen)%8 != 0 {
		return 0, nil, fmt.Errorf("%w: .shx: %d bytes of records is not a whole number of 8-byte entries", ErrFormat, len(b)-headerLen)
	}
	n := (len(b) - headerLen) / 8
	if n > opts.MaxRecords {
		return 0, nil, fmt.Errorf("%w: .shx: %d records, more than %d", ErrLimit, n, opts.MaxRecords)
	}
	out := make([]Index, n)
	for i := range out {
		p := b[headerLen+8*i:]
		out[i] = Index{int64(binary.BigEndian.Uint32(p)) * 2, int64(binary.BigEndian.Uint32(p[4:])) * 2}
	}
	return t, out, nil
}

// ReadSHP reads the geometries of a .shp file, one per record in order: a
// Null shape is a nil geometry; points are orb.Point, multipoints
// orb.MultiPoint; polylines orb.LineString, or orb.MultiLineString for
// several parts; polygons orb.Polygon, or orb.MultiPolygon for several
// outer rings: a clockwise ring is an outer ring and a counter-clockwise
// one a hole of the smallest outer ring that holds it, and the rings are
// returned in the order of RFC 7946 (outer rings counter-clockwise, holes
// clockwise: each ring's vertices reversed from the file's). Z and M values are dropped. Every record must have the
// file's shape type or Null, and fit its declared length exactly.
func ReadSHP(b []byte, opts Options) (ShapeType, []orb.Geometry, error) {
	opts = opts.withDefaults()
	if int64(len(b)) > opts.MaxBytes {
		return 0, nil, fmt.Errorf("%w: .shp: %d bytes, more than %d", ErrLimit, len(b), opts.MaxBytes)
	}
	t, err := header(b, ".shp")
	if err != nil {
		return 0, nil, err
	}
	if t == MultiPatch {
		return 0, nil, fmt.Errorf("%w: .shp: MultiPatch shapes (3D surfaces) are not read", ErrFormat)
	}
	var out []orb.Geometry
	vertices := 0
	for off := headerLen; off < len(b); {
		if len(b)-off < 12 {
			return 0, nil, fmt.Errorf("%w: .shp: record %d at byte %d: cut short", ErrFormat, len(out)+1, off)
		}
		num := int64(binary.BigEndian.Uint32(b[off:]))
		size := int64(binary.BigEndian.Uint32(b[off+4:])) * 2
		if num != int64(len(out))+1 {
			return 0, nil, fmt.Errorf("%w: .shp: record at byte %d is numbered %d, expected %d", ErrFormat, off, num, len(out)+1)
		}
		if size < 4 || size > int64(len(b)-off-8) {
			return 0, nil, fmt.Errorf("%w: .shp: record %d at byte %d declares %d bytes, the file holds %d after its header", ErrFormat, num, off, size, len(b)-off-8)
		}
		if len(out) >= opts.MaxRecords {
			return 0, nil, fmt.Errorf("%w: .shp: more than %d records", ErrLimit, opts.MaxRecords)
		}
		g, n, err := record(b[off+8:off+8+int(size)], t, opts)
		if err != nil {
			return 0, nil, fmt.Errorf(".shp: record %d: %w", num, err)
		}
		if vertices += n; vertices > opts.MaxVertices {
			return 0, nil, fmt.Errorf("%w: .shp: more than %d vertices", ErrLimit, opts.MaxVertices)
		}
		out = append(out, g)
		off += 8 + int(size)
	}
	return t, out, nil
}

// record decodes the content of one record and counts its vertices.
func record(c []byte, fileType ShapeType, opts Options) (orb.Geometry, int, error) {
	t := ShapeType(int32(binary.LittleEndian.Uint32(c)))
	if t == Null {
		if len(c) != 4 {
			return nil, 0, fmt.Errorf("%w: a Null shape of %d bytes", ErrFormat, len(c))
		}
		return nil, 0, nil
	}
	if t != fileType {
		return nil, 0, fmt.Errorf("%w: shape type %v in a %v file", ErrFormat, t, fileType)
	}
	c = c[4:]
	f64 := func(p []byte) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(p)) }
	point := func(p []byte) (orb.Point, error) {
		x, y := f64(p), f64(p[8:])
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
			return orb.Point{}, fmt.Errorf("%w: a coordinate is not a finite number", ErrFormat)
		}
		return orb.Point{x, y}, nil
	}
	switch t.base() {
	case Point:
		// X Y, then Z and M, or M; some writers leave the optional M out.
		want := map[ShapeType][]int{Point: {16}, PointM: {24}, PointZ: {24, 32}}[t]
		if len(c) != want[0] && (len(want) < 2 || len(c) != want[1]) {
			return nil, 0, fmt.Errorf("%w: a %v of %d bytes", ErrFormat, t, len(c)+4)
		}
		p, err := point(c)
		return p, 1, err
	case MultiPoint:
		if len(c) < 36 {
			return nil, 0, fmt.Errorf("%w: a %v of %d bytes", ErrFormat, t, len(c)+4)
		}
		n := int64(int32(binary.LittleEndian.Uint32(c[32:])))
		if n < 0 || n > int64(opts.MaxRecordVertices) {
			return nil, 0, fmt.Errorf("%w: %d points in one record", limitOrFormat(n), n)
		}
		if err := extraLen(t, int64(len(c)), 36+16*n, n); err != nil {
			return nil, 0, err
		}
		mp := make(orb.MultiPoint, n)
		for i := range mp {
			p, err := point(c[36+16*i:])
			if err != nil {
				return nil, 0, err
			}
			mp[i] = p
		}
		return mp, int(n), nil
	}
	// PolyLine and Polygon: box, part and point counts, parts, points.
	if len(c) < 40 {
		return nil, 0, fmt.Errorf("%w: a %v of %d bytes", ErrFormat, t, len(c)+4)
	}
	np := int64(int32(binary.LittleEndian.Uint32(c[32:])))
	n := int64(int32(binary.LittleEndian.Uint32(c[36:])))
	if np < 1 || n < 0 || np > n {
		return nil, 0, fmt.Errorf("%w: %d parts of %d points", ErrFormat, np, n)
	}
	if n > int64(opts.MaxRecordVertices) {
		return nil, 0, fmt.Errorf("%w: %d points in one record, more than %d", ErrLimit, n, opts.MaxRecordVertices)
	}
	base := 40 + 4*np
	if err := extraLen(t, int64(len(c)), base+16*n, n); err != nil {
		return nil, 0, err
	}
	parts := make([]int, np+1)
	for i := range np {
		parts[i] = int(int32(binary.LittleEndian.Uint32(c[40+4*i:])))
	}
	parts[np] = int(n)
	if parts[0] != 0 {
		return nil, 0, fmt.Errorf("%w: the first part starts at point %d, not 0", ErrFormat, parts[0])
	}
	pts := make([]orb.Point, n)
	for i := range pts {
		p, err := point(c[base+16*int64(i):])
		if err != nil {
			return nil, 0, err
		}
		pts[i] = p
	}
	lines := make([][]orb.Point, np)
	for i := range np {
		lo, hi := parts[i], parts[i+1]
		if lo < 0 || hi > int(n) || hi <= lo {
			return nil, 0, fmt.Errorf("%w: part %d runs from point %d to %d of %d", ErrFormat, i, lo, hi, n)
		}
		lines[i] = pts[lo:hi:hi]
	}
	if t.base() == PolyLine {
		for i, l := range lines {
			if len(l) < 2 {
				return nil, 0, fmt.Errorf("%w: part %d of a polyline has %d point", ErrFormat, i, len(l))
			}
		}
		if len(lines) == 1 {
			return orb.LineString(lines[0]), int(n), nil
		}
		ml := make(orb.MultiLineString, len(lines))
		for i, l := range lines {
			ml[i] = l
		}
		return ml, int(n), nil
	}
	g, err := polygon(lines)
	return g, int(n), err
}

func limitOrFormat(n int64) error {
	if n < 0 {
		return ErrFormat
	}
	return ErrLimit
}

// extraLen checks the length of a record of type t whose 2D part ends at
// byte end, with n points: Z variants follow it with a Z range and n Z
// values, then optionally an M range and n M values; M variants with an
// optional M range and values.
func extraLen(t ShapeType, got, end, n int64) error {
	ok := false
	switch t {
	case Point, PolyLine, Polygon, MultiPoint:
		ok = got == end
	case PolyLineZ, PolygonZ, MultiPointZ:
		z := end + 16 + 8*n
		ok = got == z || got == z+16+8*n
	case PolyLineM, PolygonM, MultiPointM:
		ok = got == end || got == end+16+8*n
	}
	if !ok {
		return fmt.Errorf("%w: a %v of %d points in %d bytes", ErrFormat, t, n, got+4)
	}
	return nil
}

// polygon assembles rings into polygons: each clockwise ring is an outer
// ring, each counter-clockwise one a hole of the smallest outer ring that
// holds it. A file with no clockwise ring in a record (written by a tool
// that ignores the rule) has every ring read as an outer ring; a hole
// that no outer ring holds is an error rather than a guess.
func polygon(lines [][]orb.Point) (orb.Geometry, error) {
	type outer struct {
		poly orb.Polygon
		area float64
	}
	var outers []outer
	var holes []orb.Ring
	var flat []bool // an outer ring of no area: no orientation, kept as stored
	for i, l := range lines {
		if len(l) < 4 || l[0] != l[len(l)-1] {
			return nil, fmt.Errorf("%w: ring %d is not closed or has fewer than 4 points", ErrFormat, i)
		}
		r := orb.Ring(l)
		switch r.Orientation() {
		case orb.CW:
			outers = append(outers, outer{orb.Polygon{r}, math.Abs(planar.Area(r))})
			flat = append(flat, false)
		case orb.CCW:
			holes = append(holes, r)
		default:
			outers = append(outers, outer{orb.Polygon{r}, 0})
			flat = append(flat, true)
		}
	}
	flip := true
	if len(outers) == 0 {
		flip = false // already counter-clockwise
		for _, h := range holes {
			outers = append(outers, outer{orb.Polygon{h}, math.Abs(planar.Area(h))})
			flat = append(flat, true)
		}
		holes = nil
	}
	for i, h := range holes {
		best := -1
		for k, o := range outers {
			if planar.RingContains(o.poly[0], h[0]) && (best < 0 || o.area < outers[best].area) {
				best = k
			}
		}
		if best < 0 {
			return nil, fmt.Errorf("%w: hole %d lies in no outer ring", ErrFormat, i)
		}
		outers[best].poly = append(outers[best].poly, h)
	}
	// The rings in the order of RFC 7946 and OGC simple features: outer
	// rings counter-clockwise, holes clockwise.
	for k, o := range outers {
		for j, r := range o.poly {
			if flip && (j > 0 || !flat[k]) {
				r.Reverse()
			}
		}
	}
	if len(outers) == 1 {
		return outers[0].poly, nil
	}
	mp := make(orb.MultiPolygon, len(outers))
	for i, o := range outers {
		mp[i] = o.poly
	}
	return mp, nil
}
