package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/paulmach/orb"
)

// ErrInput: a GeoPackage read as input (ReadAny) cannot be read: not a
// GeoPackage, damaged, or holding a geometry this reader does not know.
var ErrInput = errors.New("gpkg: cannot read the GeoPackage")

// The application ids of GeoPackage: "GP10" (1.0), "GP11" (1.1), "GPKG"
// (1.2 and later, with the version in user_version).
const (
	appGP10 = 0x47503130
	appGP11 = 0x47503131
	appGPKG = 0x47504B47
)

// Table is a feature table of any GeoPackage, read by ReadAny.
type Table struct {
	Name       string
	SRS        SRS    // its row of gpkg_spatial_ref_sys (ID -1 or 0: undefined)
	GeomColumn string // the geometry column
	GeomType   string // as gpkg_geometry_columns names it: POINT, MULTIPOLYGON, GEOMETRY…
	// Fields are the attribute columns: every column but the primary key
	// and the geometry, in table order, Type their declared SQL type
	// (upper case, as written: TEXT, INTEGER, REAL, BOOLEAN, DATE,
	// TEXT(80)…).
	Fields []Field
	// Features in the order of the table's key; Values hold nil, int64, float64, string or
	// []byte (a BLOB).
	Features []Feature
	// FIDs are the features' integer keys (nil, or short of the features,
	// for a view or a table whose key is not an integer).
	FIDs []int64
}

// TableNames lists the feature tables of a GeoPackage, in the order of
// gpkg_contents, after the checks of its header (ReadAny checks the
// content of what it reads).
func TableNames(ctx context.Context, path string) ([]string, error) {
	db, err := openAny(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ts, err := featureTables(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, path, err)
	}
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return names, nil
}

// ReadAny reads feature tables of any GeoPackage, whoever wrote it (GDAL,
// QGIS, ArcGIS, this package): version 1.0 to 1.4 by its application id
// and user_version, after SQLite's quick check of the metadata tables and
// of the tables read. Only the tables named are
// read (every feature table when names is nil); a name that is not a
// feature table is an error. Geometries are GeoPackage binary of either
// byte order, with any envelope, empty ones flagged as such, over WKB of
// the simple feature types in 2D, Z, M or ZM (read as 2D, in ISO or
// extended WKB codes); curves and surfaces are refused. Errors wrap
// ErrInput, or are the error of opening the file.
func ReadAny(ctx context.Context, path string, names []string) ([]Table, error) {
	db, err := openAny(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	all, err := featureTables(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, path, err)
	}
	want := all
	if names != nil {
		want = nil
		for _, n := range names {
			found := false
			for _, t := range all {
				if t.Name == n {
					want, found = append(want, t), true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("%w: %s: no feature table %q", ErrInput, path, n)
			}
		}
	}
	// SQLite's quick check of what is read: the metadata tables and the
	// tables named. Not of the whole file: an R-tree index (GDAL adds one to
	// every layer) is not read here, and checking it costs as much as
	// reading the layers.
	check := []string{"gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys"}
	for _, t := range want {
		check = append(check, t.Name)
	}
	// Each table checked and read on its own connection, as many at once
	// as there are CPUs: SQLite's reading of a table runs on one. A failed
	// check is reported before a failed read, each the first in order, as
	// when they ran one after another.
	checkErrs, readErrs := make([]error, len(check)), make([]error, len(check))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	db.SetMaxIdleConns(cap(sem)) // each connection reads the schema once
	var wg sync.WaitGroup
	for i, name := range check {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var ok string
			err := db.QueryRowContext(ctx, "PRAGMA quick_check('"+strings.ReplaceAll(name, "'", "''")+"')").Scan(&ok)
			if err == nil && ok != "ok" {
				err = errors.New(ok)
			}
			if err != nil {
				checkErrs[i] = fmt.Errorf("%w: %s: SQLite check of %s: %v", ErrInput, path, name, err)
				return
			}
			// The metadata tables come first in check, then the tables of want.
			if k := i - (len(check) - len(want)); k >= 0 {
				if err := readTable(ctx, db, &want[k]); err != nil {
					readErrs[i] = fmt.Errorf("%w: %s: table %q: %v", ErrInput, path, want[k].Name, err)
				}
			}
		})
	}
	wg.Wait()
	for _, errs := range [][]error{checkErrs, readErrs} {
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
	}
	return want, nil
}

// openAny opens a GeoPackage read-only after checking its SQLite header,
// size, application id and version.
func openAny(ctx context.Context, path string) (*sql.DB, error) {
	head, err := readHeader(path, ErrInput)
	if err != nil {
		return nil, err
	}
	app := binary.BigEndian.Uint32(head[68:])
	ver := binary.BigEndian.Uint32(head[60:])
	switch {
	case app == appGP10 || app == appGP11:
	case app == appGPKG && ver >= 10200 && ver < 10500:
	case app == appGPKG:
		return nil, fmt.Errorf("%w: %s: GeoPackage version %d, this reader knows 1.0 to 1.4", ErrInput, path, ver)
	default:
		return nil, fmt.Errorf("%w: %s: application id 0x%08x: a SQLite file, not a GeoPackage", ErrInput, path, app)
	}
	db, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInput, path, err)
	}
	return db, nil
}

// featureTables lists the feature tables with their geometry column and
// spatial reference system.
func featureTables(ctx context.Context, db *sql.DB) ([]Table, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id,
		coalesce(s.srs_name, ''), coalesce(s.organization, ''), coalesce(s.organization_coordsys_id, 0), coalesce(s.definition, '')
		FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
		WHERE lower(c.data_type) = 'features' ORDER BY c.rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Table
	for rows.Next() {
		var t Table
		if err := rows.Scan(&t.Name, &t.GeomColumn, &t.GeomType, &t.SRS.ID, &t.SRS.Name, &t.SRS.Org, &t.SRS.OrgID, &t.SRS.Definition); err != nil {
			return nil, err
		}
		t.GeomType = strings.ToUpper(t.GeomType)
		out = append(out, t)
	}
	return out, rows.Err()
}

// quote is an SQL identifier quoted.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func readTable(ctx context.Context, db *sql.DB, t *Table) error {
	cols, err := db.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", t.Name)
	if err != nil {
		return err
	}
	var pks []string
	for cols.Next() {
		var name, typ string
		var pk int
		if err := cols.Scan(&name, &typ, &pk); err != nil {
			cols.Close()
			return err
		}
		switch {
		case pk > 0:
			pks = append(pks, name)
		case strings.EqualFold(name, t.GeomColumn):
		default:
			t.Fields = append(t.Fields, Field{name, FieldType(strings.ToUpper(strings.TrimSpace(typ)))})
		}
	}
	cols.Close()
	if len(pks) > 1 {
		// Not an integer rowid key: its columns are attributes.
		return fmt.Errorf("a primary key of %d columns (%s): a feature table has one integer key", len(pks), strings.Join(pks, ", "))
	}
	sel := []string{quote(t.GeomColumn)}
	for _, f := range t.Fields {
		sel = append(sel, quote(f.Name))
	}
	if len(pks) == 1 {
		sel = append(sel, quote(pks[0]))
	}
	// In the order of the key (a feature table's rowid); a view, which has
	// none, in the order SQLite gives.
	order := ""
	if len(pks) == 1 {
		order = " ORDER BY " + quote(pks[0])
	}
	rs, err := db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s%s", strings.Join(sel, ", "), quote(t.Name), order))
	if err != nil {
		return err
	}
	defer rs.Close()
	ptrs := make([]any, len(sel))
	var blob, fid any
	ptrs[0] = &blob
	if len(pks) == 1 {
		ptrs[len(sel)-1] = &fid
	}
	for rs.Next() {
		vals := make([]any, len(t.Fields))
		for k := range vals {
			ptrs[k+1] = &vals[k]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return err
		}
		var g orb.Geometry
		switch b := blob.(type) {
		case nil:
		case []byte:
			if g, err = DecodeAny(b); err != nil {
				return fmt.Errorf("feature %d: %v", len(t.Features)+1, err)
			}
		default:
			return fmt.Errorf("feature %d: geometry stored as %T, not a blob", len(t.Features)+1, b)
		}
		for k, v := range vals {
			switch v.(type) {
			case nil, int64, float64, string:
			case []byte:
				vals[k] = append([]byte(nil), v.([]byte)...)
			default:
				return fmt.Errorf("feature %d field %q: a value of type %T", len(t.Features)+1, t.Fields[k].Name, v)
			}
		}
		t.Features = append(t.Features, Feature{Geometry: g, Values: vals})
		if id, ok := fid.(int64); ok && len(t.FIDs) == len(t.Features)-1 {
			t.FIDs = append(t.FIDs, id)
		}
	}
	return rs.Err()
}

// maxWKBDepth bounds the nesting of geometry collections.
const maxWKBDepth = 16

// DecodeAny reads a GeoPackage binary geometry as any writer stores it:
// the header's byte order, envelope (none, xy, xyz, xym or xyzm) and empty
// flag, then WKB. An empty geometry is returned empty, of its type
// (orb.Polygon{} for an empty polygon; a point flagged empty is nil).
// A geometry of an extended type (the header's X flag) is refused.
func DecodeAny(blob []byte) (orb.Geometry, error) {
	if len(blob) < 8 || blob[0] != 'G' || blob[1] != 'P' {
		return nil, errors.New("not GeoPackage binary")
	}
	if blob[2] != 0 {
		return nil, fmt.Errorf("GeoPackage binary version %d", blob[2])
	}
	flags := blob[3]
	if flags&0x20 != 0 {
		return nil, errors.New("an extended geometry type (a GeoPackage extension), not a simple feature")
	}
	env := (flags >> 1) & 7
	var size int
	switch env {
	case 0:
	case 1:
		size = 32
	case 2, 3:
		size = 48
	case 4:
		size = 64
	default:
		return nil, fmt.Errorf("envelope indicator %d", env)
	}
	if len(blob) < 8+size {
		return nil, errors.New("cut short in its envelope")
	}
	r := wkbReader{b: blob[8+size:]}
	g, err := r.geometry(0)
	if err != nil {
		return nil, err
	}
	if len(r.b) != r.i {
		return nil, fmt.Errorf("%d bytes after the geometry", len(r.b)-r.i)
	}
	if p, ok := g.(orb.Point); ok && (math.IsNaN(p[0]) && math.IsNaN(p[1])) {
		// WKB writes an empty point as NaN NaN.
		return nil, nil
	}
	if !finite(g) {
		return nil, errors.New("a coordinate is not a finite number")
	}
	return g, nil
}

// wkbReader reads WKB, bounded by its input: every count is checked
// against the bytes left before anything is allocated.
type wkbReader struct {
	b []byte
	i int
}

func (r *wkbReader) need(n int) error {
	if n < 0 || len(r.b)-r.i < n {
		return errors.New("WKB cut short")
	}
	return nil
}

func (r *wkbReader) geometry(depth int) (orb.Geometry, error) {
	if depth > maxWKBDepth {
		return nil, fmt.Errorf("geometry collections nested deeper than %d", maxWKBDepth)
	}
	if err := r.need(5); err != nil {
		return nil, err
	}
	var bo binary.ByteOrder
	switch r.b[r.i] {
	case 0:
		bo = binary.BigEndian
	case 1:
		bo = binary.LittleEndian
	default:
		return nil, fmt.Errorf("WKB byte order %d", r.b[r.i])
	}
	code := bo.Uint32(r.b[r.i+1:])
	r.i += 5
	// Dimensions: ISO codes (1000 Z, 2000 M, 3000 ZM) or the extended
	// (EWKB) flags in the high bits.
	dims := 2
	if code&0x80000000 != 0 {
		dims++
	}
	if code&0x40000000 != 0 {
		dims++
	}
	if code&0x20000000 != 0 {
		return nil, errors.New("WKB with an embedded SRID")
	}
	code &= 0x0FFFFFFF
	switch code / 1000 {
	case 0:
	case 1, 2:
		dims++
	case 3:
		dims += 2
	default:
		return nil, fmt.Errorf("WKB type %d", code)
	}
	if dims > 4 {
		return nil, fmt.Errorf("WKB type %d with more than four dimensions", code)
	}
	stride := 8 * dims
	count := func(each int) (int, error) {
		if err := r.need(4); err != nil {
			return 0, err
		}
		n := int(bo.Uint32(r.b[r.i:]))
		r.i += 4
		if n < 0 || each > 0 && n > (len(r.b)-r.i)/each {
			return 0, fmt.Errorf("a count of %d in %d bytes", n, len(r.b)-r.i)
		}
		return n, nil
	}
	points := func() ([]orb.Point, error) {
		n, err := count(stride)
		if err != nil {
			return nil, err
		}
		ps := make([]orb.Point, n)
		for k := range ps {
			ps[k] = orb.Point{math.Float64frombits(bo.Uint64(r.b[r.i:])), math.Float64frombits(bo.Uint64(r.b[r.i+8:]))}
			r.i += stride
		}
		return ps, nil
	}
	rings := func() (orb.Polygon, error) {
		n, err := count(4)
		if err != nil {
			return nil, err
		}
		p := make(orb.Polygon, n)
		for k := range p {
			ps, err := points()
			if err != nil {
				return nil, err
			}
			p[k] = ps
		}
		return p, nil
	}
	switch code % 1000 {
	case 1:
		if err := r.need(stride); err != nil {
			return nil, err
		}
		p := orb.Point{math.Float64frombits(bo.Uint64(r.b[r.i:])), math.Float64frombits(bo.Uint64(r.b[r.i+8:]))}
		r.i += stride
		return p, nil
	case 2:
		ps, err := points()
		return orb.LineString(ps), err
	case 3:
		return rings()
	case 4, 5, 6, 7:
		n, err := count(5)
		if err != nil {
			return nil, err
		}
		parts := make([]orb.Geometry, n)
		for k := range parts {
			if parts[k], err = r.geometry(depth + 1); err != nil {
				return nil, err
			}
		}
		return multi(code%1000, parts)
	}
	return nil, fmt.Errorf("WKB type %d (a curve or surface) is not read", code)
}

// multi assembles the parts of a multi-geometry, each of the right type.
func multi(code uint32, parts []orb.Geometry) (orb.Geometry, error) {
	switch code {
	case 4:
		mp := make(orb.MultiPoint, len(parts))
		for i, g := range parts {
			p, ok := g.(orb.Point)
			if !ok {
				return nil, fmt.Errorf("a %T in a MultiPoint", g)
			}
			mp[i] = p
		}
		return mp, nil
	case 5:
		ml := make(orb.MultiLineString, len(parts))
		for i, g := range parts {
			l, ok := g.(orb.LineString)
			if !ok {
				return nil, fmt.Errorf("a %T in a MultiLineString", g)
			}
			ml[i] = l
		}
		return ml, nil
	case 6:
		mp := make(orb.MultiPolygon, len(parts))
		for i, g := range parts {
			p, ok := g.(orb.Polygon)
			if !ok {
				return nil, fmt.Errorf("a %T in a MultiPolygon", g)
			}
			mp[i] = p
		}
		return mp, nil
	}
	return orb.Collection(parts), nil
}
