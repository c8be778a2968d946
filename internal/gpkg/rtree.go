package gpkg

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"modernc.org/sqlite"
)

// The R-tree spatial index extension (OGC 12-128r18, annex F.3): each
// feature table t with geometry column geom gets a virtual table
// rtree_t_geom (id, minx, maxx, miny, maxy) holding the envelope of
// every non-empty geometry under its fid, a row in gpkg_extensions
// declaring it, and the six triggers that keep it in step with the table
// on insert, update and delete. GDAL and QGIS answer a bounding-box query
// from it instead of reading every geometry.
//
// The triggers call the SQL functions ST_IsEmpty, ST_MinX, ST_MaxX,
// ST_MinY and ST_MaxY, which GeoPackage readers provide; this package
// registers its own with the SQLite driver, so that a table of a file it
// wrote can be changed in this process too and its index follows.
//
// The index is derived data: the digest and the seal do not cover it, so
// a file written before the index existed reads the same, and one whose
// index a GIS rebuilt is not taken for changed.

const rtreeExtension = "gpkg_rtree_index"

// rtreeName is the index table of layer l's geometry column.
func rtreeName(layer string) string { return "rtree_" + layer + "_geom" }

// rtreeTriggers are the statements that keep rtreeName(t) in step with t,
// as the extension defines them (its version of GeoPackage 1.2 and 1.3,
// which GDAL writes and checks).
func rtreeTriggers(t string) []string {
	r := rtreeName(t)
	env := "NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)"
	return []string{
		fmt.Sprintf(`CREATE TRIGGER %[1]s_insert AFTER INSERT ON %[2]s WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN INSERT OR REPLACE INTO %[1]s VALUES (%[3]s); END`, r, t, env),
		fmt.Sprintf(`CREATE TRIGGER %[1]s_update1 AFTER UPDATE OF geom ON %[2]s WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN INSERT OR REPLACE INTO %[1]s VALUES (%[3]s); END`, r, t, env),
		fmt.Sprintf(`CREATE TRIGGER %[1]s_update2 AFTER UPDATE OF geom ON %[2]s WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom)) BEGIN DELETE FROM %[1]s WHERE id = OLD.fid; END`, r, t),
		fmt.Sprintf(`CREATE TRIGGER %[1]s_update3 AFTER UPDATE ON %[2]s WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN DELETE FROM %[1]s WHERE id = OLD.fid; INSERT OR REPLACE INTO %[1]s VALUES (%[3]s); END`, r, t, env),
		fmt.Sprintf(`CREATE TRIGGER %[1]s_update4 AFTER UPDATE ON %[2]s WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom)) BEGIN DELETE FROM %[1]s WHERE id IN (OLD.fid, NEW.fid); END`, r, t),
		fmt.Sprintf(`CREATE TRIGGER %[1]s_delete AFTER DELETE ON %[2]s WHEN old.geom NOT NULL BEGIN DELETE FROM %[1]s WHERE id = OLD.fid; END`, r, t),
	}
}

// createExtensions makes the gpkg_extensions table (once per file).
func createExtensions(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`)
	return err
}

// createRTree makes layer t's index table and declares it; the caller
// fills it (insertRTree) and then adds the triggers (finishRTree), so that
// the bulk load does not run a trigger for every row.
func createRTree(ctx context.Context, tx *sql.Tx, t string) (*sql.Stmt, error) {
	r := rtreeName(t)
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE VIRTUAL TABLE %s USING rtree(id, minx, maxx, miny, maxy)`, r)); err != nil {
		return nil, fmt.Errorf("spatial index of %s: %w", t, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_extensions VALUES (?, 'geom', ?, 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`, t, rtreeExtension); err != nil {
		return nil, err
	}
	return tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO %s VALUES (?, ?, ?, ?, ?)`, r))
}

// insertRTree indexes feature fid by its envelope. SQLite's R-tree keeps
// 32-bit floats, rounded outwards, so the box it stores always holds the
// geometry.
func insertRTree(ctx context.Context, stmt *sql.Stmt, fid int64, b [4]float64) error {
	_, err := stmt.ExecContext(ctx, fid, b[0], b[1], b[2], b[3])
	return err
}

func finishRTree(ctx context.Context, tx *sql.Tx, t string) error {
	for _, q := range rtreeTriggers(t) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("spatial index of %s: %w", t, err)
		}
	}
	return nil
}

// errNotGeometry is what the ST_ functions raise for a value that is not
// GeoPackage binary.
var errNotGeometry = errors.New("not a GeoPackage geometry")

// envelope reads the xy box of a GeoPackage geometry blob: from its
// header when it has one, else from its WKB. empty is true for an empty
// geometry.
func envelope(blob []byte) (box [4]float64, empty bool, err error) {
	if len(blob) < 8 || blob[0] != 'G' || blob[1] != 'P' {
		return box, false, errNotGeometry
	}
	flags := blob[3]
	if flags&(1<<4) != 0 {
		return box, true, nil
	}
	order := binary.ByteOrder(binary.BigEndian)
	if flags&1 != 0 {
		order = binary.LittleEndian
	}
	if env := (flags >> 1) & 7; env >= 1 && env <= 4 && len(blob) >= 8+32 {
		// minx, maxx, miny, maxy come first in every envelope kind.
		for i := range box {
			box[i] = math.Float64frombits(order.Uint64(blob[8+8*i:]))
		}
		return box, false, nil
	}
	g, err := decode(blob)
	if err != nil {
		return box, false, err
	}
	if g == nil || isEmpty(g) {
		return box, true, nil
	}
	b := g.Bound()
	return [4]float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}, false, nil
}

func init() {
	blobArg := func(args []driver.Value) ([]byte, bool) {
		b, ok := args[0].([]byte)
		return b, ok && b != nil
	}
	// ST_IsEmpty is true for an empty geometry; the envelope functions
	// are NULL for one, and NULL for NULL.
	sqlite.MustRegisterDeterministicScalarFunction("ST_IsEmpty", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		b, ok := blobArg(args)
		if !ok {
			return nil, nil
		}
		_, empty, err := envelope(b)
		if err != nil {
			return nil, err
		}
		if empty {
			return int64(1), nil
		}
		return int64(0), nil
	})
	for k, name := range []string{"ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"} {
		sqlite.MustRegisterDeterministicScalarFunction(name, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			b, ok := blobArg(args)
			if !ok {
				return nil, nil
			}
			box, empty, err := envelope(b)
			if err != nil || empty {
				return nil, err
			}
			return box[k], nil
		})
	}
}
