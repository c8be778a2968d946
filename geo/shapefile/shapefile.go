package shapefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/crs"
)

// File is a Shapefile read whole: the .shp with its .shx, .dbf, .prj and
// .cpg.
type File struct {
	Type   ShapeType
	Fields []Field
	// Records are the records not flagged as deleted in the .dbf, in
	// order. Index is the record's number in the file, from 0.
	Records []Record
	// Deleted counts the records skipped because the .dbf flags them.
	Deleted int
	// PRJ is the text of the .prj file ("" when there is none), and CRS
	// the code crs.FromWKT reads from it (0 when there is no .prj).
	PRJ string
	CRS crs.Code
	// CodePage is the text of the .cpg file, trimmed ("" when there is
	// none): the encoding of the text values, such as "UTF-8" or "1258".
	CodePage string
}

// Record is one feature of a Shapefile.
type Record struct {
	Index    int
	Geometry orb.Geometry // nil for a Null shape
	Values   []any        // one per field, as Table.Rows
}

// Open reads the Shapefile whose .shp is at path (or whose base name it
// is: "parcels" reads parcels.shp, parcels.dbf…, with extensions in
// either case). The .shp and .dbf are required and must hold the same
// number of records; the .shx, when present, must index the .shp
// exactly; the .prj, when present, must name a CRS that geo/crs knows.
// Each file is bounded by opts. Errors wrap ErrFormat, ErrLimit,
// ErrMissing, crs.ErrWKT or crs.ErrUnknownCRS, or are the error of
// reading a file.
func Open(path string, opts Options) (*File, error) {
	opts = opts.withDefaults()
	base := path
	if ext := filepath.Ext(path); strings.EqualFold(ext, ".shp") {
		base = strings.TrimSuffix(path, ext)
	}
	read := func(ext string, required bool) ([]byte, string, error) {
		for _, e := range []string{ext, strings.ToUpper(ext)} {
			p := base + e
			b, err := readLimited(p, opts.MaxBytes)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, p, err
			}
			return b, p, nil
		}
		if required {
			return nil, base + ext, fmt.Errorf("%w: %s", ErrMissing, base+ext)
		}
		return nil, "", nil
	}
	shp, shpPath, err := read(".shp", true)
	if err != nil {
		return nil, err
	}
	t, geoms, err := ReadSHP(shp, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", shpPath, err)
	}
	if shx, shxPath, err := read(".shx", false); err != nil {
		return nil, err
	} else if shx != nil {
		if err := checkIndex(shx, shp, t, len(geoms), opts); err != nil {
			return nil, fmt.Errorf("%s: %w", shxPath, err)
		}
	}
	dbf, dbfPath, err := read(".dbf", true)
	if err != nil {
		return nil, err
	}
	tab, err := ReadDBF(dbf, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dbfPath, err)
	}
	if len(tab.Rows) != len(geoms) {
		return nil, fmt.Errorf("%w: %s has %d records, %s has %d", ErrFormat, dbfPath, len(tab.Rows), shpPath, len(geoms))
	}
	f := &File{Type: t, Fields: tab.Fields}
	if prj, prjPath, err := read(".prj", false); err != nil {
		return nil, err
	} else if prj != nil {
		f.PRJ = strings.TrimSpace(strings.TrimPrefix(string(prj), "\uFEFF"))
		if f.CRS, err = crs.FromWKT(f.PRJ); err != nil {
			return nil, fmt.Errorf("%s: %w", prjPath, err)
		}
	}
	if cpg, _, err := read(".cpg", false); err != nil {
		return nil, err
	} else if cpg != nil {
		f.CodePage = strings.TrimSpace(strings.TrimPrefix(string(cpg), "\uFEFF"))
	}
	f.Records = make([]Record, 0, len(geoms))
	for i, g := range geoms {
		if tab.Deleted[i] {
			f.Deleted++
			continue
		}
		f.Records = append(f.Records, Record{Index: i, Geometry: g, Values: tab.Rows[i]})
	}
	return f, nil
}

// checkIndex checks that a .shx indexes the .shp: same shape type, one
// entry per record, each at the offset and of the length of its record.
func checkIndex(shx, shp []byte, t ShapeType, n int, opts Options) error {
	it, idx, err := ReadSHX(shx, opts)
	if err != nil {
		return err
	}
	if it != t {
		return fmt.Errorf("%w: shape type %v, the .shp's is %v", ErrFormat, it, t)
	}
	if len(idx) != n {
		return fmt.Errorf("%w: %d entries for the %d records of the .shp", ErrFormat, len(idx), n)
	}
	off := int64(headerLen)
	for i, e := range idx {
		if e.Offset != off || off+8 > int64(len(shp)) || int64(uint32(shp[off+4])<<24|uint32(shp[off+5])<<16|uint32(shp[off+6])<<8|uint32(shp[off+7]))*2 != e.Length {
			return fmt.Errorf("%w: entry %d (offset %d, %d bytes) does not match record %d of the .shp", ErrFormat, i+1, e.Offset, e.Length, i+1)
		}
		off += 8 + e.Length
	}
	return nil
}

// readLimited reads a whole file of at most max bytes.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrFormat, path)
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%w: %s: %d bytes, more than %d", ErrLimit, path, st.Size(), max)
	}
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
