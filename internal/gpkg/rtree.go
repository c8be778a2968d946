package gpkg

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

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

// rtreeEntry is a feature's box as the R-tree keeps it: 32-bit floats,
// minx, maxx, miny, maxy, rounded outwards so that it holds the geometry.
type rtreeEntry struct {
	id  int64
	box [4]float32
}

// entryOf is the entry of feature fid with envelope b (minx, maxx, miny,
// maxy).
func entryOf(fid int64, b [4]float64) rtreeEntry {
	down := func(v float64) float32 {
		f := float32(v)
		if float64(f) > v {
			f = math.Nextafter32(f, float32(math.Inf(-1)))
		}
		return f
	}
	up := func(v float64) float32 {
		f := float32(v)
		if float64(f) < v {
			f = math.Nextafter32(f, float32(math.Inf(1)))
		}
		return f
	}
	return rtreeEntry{fid, [4]float32{down(b[0]), up(b[1]), down(b[2]), up(b[3])}}
}

// buildRTree makes layer t's index from its features' entries, declares
// it and adds the triggers.
//
// The tree is packed, not grown row by row: SQLite's R-tree inserts one
// row at a time, each choosing a leaf by comparing boxes down the tree,
// which took longer than writing the features themselves. Here the
// entries are sorted into tiles (sort-tile-recursive packing: slabs by x,
// each by y), cut into full nodes level by level up to one root, and the
// nodes written straight into the R-tree's own tables in its format
// (nodes of the size SQLite chose for the file: a 2-byte depth on the
// root, a 2-byte count, then cells of an 8-byte id and four big-endian
// 32-bit floats; a rowid -> leaf and a node -> parent table). Later
// changes go through SQLite's R-tree as usual; rtreecheck() passes on
// the result.
func buildRTree(ctx context.Context, tx *sql.Tx, t string, entries []rtreeEntry) error {
	r := rtreeName(t)
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE VIRTUAL TABLE %s USING rtree(id, minx, maxx, miny, maxy)`, r)); err != nil {
		return fmt.Errorf("spatial index of %s: %w", t, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_extensions VALUES (?, 'geom', ?, 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`, t, rtreeExtension); err != nil {
		return err
	}
	if len(entries) > 0 {
		if err := packRTree(ctx, tx, r, entries); err != nil {
			return fmt.Errorf("spatial index of %s: %w", t, err)
		}
	}
	for _, q := range rtreeTriggers(t) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("spatial index of %s: %w", t, err)
		}
	}
	return nil
}

// rtreeCell is a cell of a packed node: a feature id (leaf) or a child
// node's position in its level (internal), and its box.
type rtreeCell struct {
	ref int64
	box [4]float32
}

func union(a, b [4]float32) [4]float32 {
	return [4]float32{min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])}
}

// strOrder sorts cells into sort-tile-recursive order for nodes of
// fanout cells: slabs of whole nodes by box centre x, each slab by y.
func strOrder(cells []rtreeCell, fanout int) {
	cx := func(c rtreeCell) float32 { return c.box[0]/2 + c.box[1]/2 }
	cy := func(c rtreeCell) float32 { return c.box[2]/2 + c.box[3]/2 }
	byKey := func(key func(rtreeCell) float32) func(a, b rtreeCell) int {
		return func(a, b rtreeCell) int {
			if c := cmp.Compare(key(a), key(b)); c != 0 {
				return c
			}
			return cmp.Compare(a.ref, b.ref)
		}
	}
	slices.SortFunc(cells, byKey(cx))
	nodes := (len(cells) + fanout - 1) / fanout
	slabs := int(math.Ceil(math.Sqrt(float64(nodes))))
	per := ((nodes + slabs - 1) / slabs) * fanout
	for lo := 0; lo < len(cells); lo += per {
		slices.SortFunc(cells[lo:min(lo+per, len(cells))], byKey(cy))
	}
}

// packRTree writes the packed tree of entries into the tables of the
// empty R-tree r.
func packRTree(ctx context.Context, tx *sql.Tx, r string, entries []rtreeEntry) error {
	var size int
	if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT length(data) FROM %s_node WHERE nodeno = 1`, r)).Scan(&size); err != nil {
		return err
	}
	const cellBytes = 8 + 4*4
	fanout := (size - 4) / cellBytes
	if fanout < 4 {
		return fmt.Errorf("R-tree node of %d bytes", size)
	}
	// levels[0] are the leaves; node k of a level holds its cells
	// [k*fanout, (k+1)*fanout), in STR order; the last level is the root.
	cells := make([]rtreeCell, len(entries))
	for i, e := range entries {
		cells[i] = rtreeCell{e.id, e.box}
	}
	var levels [][]rtreeCell
	for {
		strOrder(cells, fanout)
		levels = append(levels, cells)
		if len(cells) <= fanout {
			break
		}
		up := make([]rtreeCell, 0, (len(cells)+fanout-1)/fanout)
		for lo := 0; lo < len(cells); lo += fanout {
			node := cells[lo:min(lo+fanout, len(cells))]
			b := node[0].box
			for _, c := range node[1:] {
				b = union(b, c.box)
			}
			up = append(up, rtreeCell{int64(len(up)), b})
		}
		cells = up
	}
	// Node numbers: the root is 1, then the levels from the top down.
	depth := len(levels) - 1
	first := make([]int64, len(levels)) // the number of node 0 of each level
	first[depth] = 1
	next := int64(2)
	for l := depth - 1; l >= 0; l-- {
		first[l] = next
		next += int64((len(levels[l]) + fanout - 1) / fanout)
	}
	nodeStmt, err := tx.PrepareContext(ctx, fmt.Sprintf(`INSERT OR REPLACE INTO %s_node (nodeno, data) VALUES (?, ?)`, r))
	if err != nil {
		return err
	}
	defer nodeStmt.Close()
	// The rowid and parent rows go in many to a statement: a statement
	// executed costs more than the rows it inserts.
	parents := &pairInserter{ctx: ctx, tx: tx, table: r + "_parent", cols: "nodeno, parentnode"}
	rowids := &pairInserter{ctx: ctx, tx: tx, table: r + "_rowid", cols: "rowid, nodeno"}
	defer parents.close()
	defer rowids.close()
	blob := make([]byte, size)
	for l, lv := range levels {
		for k, lo := 0, 0; lo < len(lv); k, lo = k+1, lo+fanout {
			if k%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			nodeNo := first[l] + int64(k)
			node := lv[lo:min(lo+fanout, len(lv))]
			clear(blob)
			if nodeNo == 1 {
				binary.BigEndian.PutUint16(blob, uint16(depth))
			}
			binary.BigEndian.PutUint16(blob[2:], uint16(len(node)))
			for c, cell := range node {
				ref := cell.ref
				if l > 0 {
					ref += first[l-1] // a child node: its number
					if err := parents.add(ref, nodeNo); err != nil {
						return err
					}
				} else if err := rowids.add(ref, nodeNo); err != nil {
					return err
				}
				at := blob[4+c*cellBytes:]
				binary.BigEndian.PutUint64(at, uint64(ref))
				for j, v := range cell.box {
					binary.BigEndian.PutUint32(at[8+4*j:], math.Float32bits(v))
				}
			}
			if _, err := nodeStmt.ExecContext(ctx, nodeNo, blob); err != nil {
				return err
			}
		}
	}
	if err := parents.flush(); err != nil {
		return err
	}
	return rowids.flush()
}

// pairBatch is how many rows of two integers pairInserter puts in one
// statement.
const pairBatch = 256

// pairInserter inserts rows of two integers into a table, pairBatch to a
// statement.
type pairInserter struct {
	ctx         context.Context
	tx          *sql.Tx
	table, cols string
	full        *sql.Stmt
	args        []any
}

func (p *pairInserter) add(a, b int64) error {
	p.args = append(p.args, a, b)
	if len(p.args) < 2*pairBatch {
		return nil
	}
	if p.full == nil {
		st, err := p.tx.PrepareContext(p.ctx, p.insert(pairBatch))
		if err != nil {
			return err
		}
		p.full = st
	}
	_, err := p.full.ExecContext(p.ctx, p.args...)
	p.args = p.args[:0]
	return err
}

// flush inserts the rows left.
func (p *pairInserter) flush() error {
	if len(p.args) == 0 {
		return nil
	}
	_, err := p.tx.ExecContext(p.ctx, p.insert(len(p.args)/2), p.args...)
	p.args = p.args[:0]
	return err
}

func (p *pairInserter) insert(n int) string {
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", p.table, p.cols, strings.TrimSuffix(strings.Repeat("(?, ?),", n), ","))
}

func (p *pairInserter) close() {
	if p.full != nil {
		p.full.Close()
	}
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
