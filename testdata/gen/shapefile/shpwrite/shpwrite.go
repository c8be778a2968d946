// Package shpwrite writes small Shapefiles (.shp, .shx, .dbf, .prj,
// .cpg) for tests and for the generator of testdata/shapefile: points,
// polylines and polygons with their rings as given, and text, number and
// logical fields. It writes what the format says and nothing more; it is
// not a general writer.
package shpwrite

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
)

// Field is a .dbf column: Type 'C', 'N' or 'L'.
type Field struct {
	Name             string
	Type             byte
	Length, Decimals int
}

// Set is one Shapefile to write.
type Set struct {
	Type   int32 // 1 point, 3 polyline, 5 polygon (or 11, 13, 15 with Z = 0)
	Geoms  []orb.Geometry
	Fields []Field
	Rows   [][]any // per record, per field: []byte or string (written as is), a number, bool, or nil
	PRJ    string  // written when not empty
	CPG    string  // written when not empty
}

// Write writes dir/name.shp, .shx, .dbf and, when given, .prj and .cpg.
func Write(dir, name string, s Set) error {
	shp, shx, err := SHP(s.Type, s.Geoms)
	if err != nil {
		return err
	}
	dbf, err := DBF(s.Fields, s.Rows)
	if err != nil {
		return err
	}
	files := map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf}
	if s.PRJ != "" {
		files[".prj"] = []byte(s.PRJ)
	}
	if s.CPG != "" {
		files[".cpg"] = []byte(s.CPG)
	}
	for ext, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name+ext), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// SHP returns the .shp and .shx of the geometries (nil writes a Null
// shape).
func SHP(typ int32, geoms []orb.Geometry) (shp, shx []byte, err error) {
	var recs [][]byte
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	z := typ == 11 || typ == 13 || typ == 15
	for i, g := range geoms {
		var c bytes.Buffer
		le := func(v any) { binary.Write(&c, binary.LittleEndian, v) }
		if g == nil {
			le(int32(0))
			recs = append(recs, c.Bytes())
			continue
		}
		b = b.Union(g.Bound())
		le(typ)
		var parts [][]orb.Point
		switch g := g.(type) {
		case orb.Point:
			if typ != 1 && typ != 11 {
				return nil, nil, fmt.Errorf("record %d: a point in a type %d file", i, typ)
			}
			le([2]float64{g[0], g[1]})
			if z {
				le([2]float64{0, 0})
			}
			recs = append(recs, c.Bytes())
			continue
		case orb.LineString:
			parts = [][]orb.Point{g}
		case orb.MultiLineString:
			for _, l := range g {
				parts = append(parts, l)
			}
		case orb.Polygon:
			for _, r := range g {
				parts = append(parts, r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				for _, r := range p {
					parts = append(parts, r)
				}
			}
		default:
			return nil, nil, fmt.Errorf("record %d: %T", i, g)
		}
		gb := g.Bound()
		le([4]float64{gb.Min[0], gb.Min[1], gb.Max[0], gb.Max[1]})
		n := 0
		for _, p := range parts {
			n += len(p)
		}
		le(int32(len(parts)))
		le(int32(n))
		at := 0
		for _, p := range parts {
			le(int32(at))
			at += len(p)
		}
		for _, p := range parts {
			for _, q := range p {
				le([2]float64{q[0], q[1]})
			}
		}
		if z {
			le([2]float64{0, 0})
			for range n {
				le(float64(0))
			}
		}
		recs = append(recs, c.Bytes())
	}
	if b.Min[0] > b.Max[0] {
		b = orb.Bound{}
	}
	head := func(total int) []byte {
		h := make([]byte, 100)
		binary.BigEndian.PutUint32(h[0:], 9994)
		binary.BigEndian.PutUint32(h[24:], uint32(total/2))
		binary.LittleEndian.PutUint32(h[28:], 1000)
		binary.LittleEndian.PutUint32(h[32:], uint32(typ))
		for k, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
			binary.LittleEndian.PutUint64(h[36+8*k:], math.Float64bits(v))
		}
		return h
	}
	total := 100
	for _, r := range recs {
		total += 8 + len(r)
	}
	var sb, xb bytes.Buffer
	sb.Write(head(total))
	xb.Write(head(100 + 8*len(recs)))
	off := 100
	for i, r := range recs {
		binary.Write(&sb, binary.BigEndian, [2]int32{int32(i + 1), int32(len(r) / 2)})
		sb.Write(r)
		binary.Write(&xb, binary.BigEndian, [2]int32{int32(off / 2), int32(len(r) / 2)})
		off += 8 + len(r)
	}
	return sb.Bytes(), xb.Bytes(), nil
}

// DBF returns a dBASE III table of the rows.
func DBF(fields []Field, rows [][]any) ([]byte, error) {
	var b bytes.Buffer
	rlen := 1
	for _, f := range fields {
		rlen += f.Length
	}
	hlen := 32 + 32*len(fields) + 1
	h := make([]byte, 32)
	h[0] = 3
	h[1], h[2], h[3] = 126, 1, 1
	binary.LittleEndian.PutUint32(h[4:], uint32(len(rows)))
	binary.LittleEndian.PutUint16(h[8:], uint16(hlen))
	binary.LittleEndian.PutUint16(h[10:], uint16(rlen))
	b.Write(h)
	for _, f := range fields {
		d := make([]byte, 32)
		if len(f.Name) > 10 {
			return nil, fmt.Errorf("field name %q is longer than 10 bytes", f.Name)
		}
		copy(d, f.Name)
		d[11] = f.Type
		d[16] = byte(f.Length)
		d[17] = byte(f.Decimals)
		b.Write(d)
	}
	b.WriteByte(0x0D)
	for i, row := range rows {
		b.WriteByte(' ')
		for k, f := range fields {
			var s []byte
			switch v := row[k].(type) {
			case nil:
			case []byte:
				s = v
			case string:
				s = []byte(v)
			case bool:
				s = []byte("F")
				if v {
					s = []byte("T")
				}
			case int:
				s = fmt.Appendf(nil, "%d", v)
			case float64:
				s = fmt.Appendf(nil, "%.*f", f.Decimals, v)
			default:
				return nil, fmt.Errorf("row %d field %q: %T", i, f.Name, v)
			}
			if len(s) > f.Length {
				return nil, fmt.Errorf("row %d field %q: %d bytes for %d", i, f.Name, len(s), f.Length)
			}
			pad := bytes.Repeat([]byte{' '}, f.Length-len(s))
			if f.Type == 'N' {
				b.Write(pad)
				b.Write(s)
			} else {
				b.Write(s)
				b.Write(pad)
			}
		}
	}
	b.WriteByte(0x1A)
	return b.Bytes(), nil
}
