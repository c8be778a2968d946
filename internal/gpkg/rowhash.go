package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc64"
	"slices"
	"strings"
)

// Row hashes: what changed in a file edited outside diachi. The digest
// says whether anything changed; to say what, Write keeps, in the table
// diachi_rows (not a layer: no GIS tool lists it), each layer's columns
// and a 64-bit hash of every row as the digest takes it, in the order of
// the fids it wrote (1, 2, 3…). Changes reads the file as it is now and
// compares: a row whose hash differs was changed, a fid beyond those
// written or not among them was added, a fid written but gone was
// deleted; a layer whose columns differ, or that is new or gone, is said
// so. The hashes detect edits, not forgeries: the seal is what proves who
// wrote a file. They are outside the digest (derived data, as the R-tree).

// ErrNoRowHashes: the file has no row hashes (written before they were
// kept, or not by this package), so what changed cannot be told.
var ErrNoRowHashes = errors.New("gpkg: the file keeps no row hashes")

var crcTable = crc64.MakeTable(crc64.ECMA)

// rowHash is the hash of a row's encoding (hashFeature's).
func rowHash(enc []byte) uint64 { return crc64.Checksum(enc, crcTable) }

// rowHashes are the hashes of a layer's rows, as written.
type rowHashes struct {
	layer, columns string
	hashes         []byte // 8 bytes a row, little-endian, in fid order
}

func (r *rowHashes) add(h uint64) { r.hashes = binary.LittleEndian.AppendUint64(r.hashes, h) }

// columnsText is a layer's columns as diachi_rows keeps them.
func columnsText(fs []Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name + " " + string(f.Type)
	}
	return strings.Join(parts, ", ")
}

func writeRowHashes(ctx context.Context, tx *sql.Tx, all []rowHashes) error {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE diachi_rows (layer TEXT PRIMARY KEY, columns TEXT NOT NULL, hashes BLOB NOT NULL)`); err != nil {
		return err
	}
	for _, r := range all {
		if _, err := tx.ExecContext(ctx, `INSERT INTO diachi_rows VALUES (?, ?, ?)`, r.layer, r.columns, r.hashes); err != nil {
			return err
		}
	}
	return nil
}

// LayerChanges is what changed in a layer of a file since it was written.
type LayerChanges struct {
	Layer string
	// New: a layer the file was not written with; Gone: a layer it was
	// written with that is no longer there.
	New, Gone bool
	// Columns as written and as they are now, when they differ ("name
	// TYPE, …").
	ColumnsWritten, ColumnsNow string
	// The fids of the rows changed, added and deleted, in order.
	Changed, Added, Deleted []int64
	// Rows written and rows now.
	RowsWritten, RowsNow int
}

// Unchanged says whether the layer is as written.
func (c *LayerChanges) Unchanged() bool {
	return !c.New && !c.Gone && c.ColumnsWritten == c.ColumnsNow && len(c.Changed)+len(c.Added)+len(c.Deleted) == 0
}

// Changes reports, layer by layer in the order of the file, what changed
// in the file at path since Write wrote it (every layer, changed or not).
// A file without row hashes gives ErrNoRowHashes; one that is not a
// GeoPackage, or fails SQLite's check, ErrCorrupt.
func Changes(ctx context.Context, path string) ([]LayerChanges, error) {
	db, err := openAny(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'diachi_rows'`).Scan(&n); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoRowHashes, path)
	}
	written := map[string]rowHashes{}
	var order []string
	rs, err := db.QueryContext(ctx, `SELECT layer, columns, hashes FROM diachi_rows ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	for rs.Next() {
		var r rowHashes
		if err := rs.Scan(&r.layer, &r.columns, &r.hashes); err != nil {
			rs.Close()
			return nil, fmt.Errorf("%w: %s: diachi_rows: %v", ErrCorrupt, path, err)
		}
		if len(r.hashes)%8 != 0 {
			rs.Close()
			return nil, fmt.Errorf("%w: %s: diachi_rows: layer %s: %d bytes of hashes", ErrCorrupt, path, r.layer, len(r.hashes))
		}
		written[r.layer] = r
		order = append(order, r.layer)
	}
	rs.Close()
	// The layers now: feature tables and tables of attributes, as Read
	// lists them.
	type table struct{ name, geom string }
	var now []table
	rs, err = db.QueryContext(ctx, `SELECT c.table_name, coalesce(g.column_name, '') FROM gpkg_contents c
		LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		WHERE (lower(c.data_type) = 'attributes' AND c.table_name <> 'layer_styles') OR g.table_name IS NOT NULL ORDER BY c.rowid`)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	for rs.Next() {
		var t table
		if err := rs.Scan(&t.name, &t.geom); err != nil {
			rs.Close()
			return nil, err
		}
		now = append(now, t)
	}
	rs.Close()
	var out []LayerChanges
	seen := map[string]bool{}
	for _, t := range now {
		seen[t.name] = true
		w, ok := written[t.name]
		c, err := tableChanges(ctx, db, t.name, t.geom, w, ok)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: table %s: %v", ErrCorrupt, path, t.name, err)
		}
		out = append(out, c)
	}
	for _, name := range order {
		if !seen[name] {
			w := written[name]
			out = append(out, LayerChanges{Layer: name, Gone: true, ColumnsWritten: w.columns, RowsWritten: len(w.hashes) / 8})
		}
	}
	return out, nil
}

// tableChanges compares a table as it is now with its rows as written.
func tableChanges(ctx context.Context, db *sql.DB, name, geom string, w rowHashes, written bool) (LayerChanges, error) {
	c := LayerChanges{Layer: name, New: !written, ColumnsWritten: w.columns, RowsWritten: len(w.hashes) / 8}
	pk := "rowid"
	var fields []Field
	cols, err := db.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", name)
	if err != nil {
		return c, err
	}
	for cols.Next() {
		var n, typ string
		var isPK int
		if err := cols.Scan(&n, &typ, &isPK); err != nil {
			cols.Close()
			return c, err
		}
		switch {
		case isPK == 1:
			pk = n
		case n != geom:
			fields = append(fields, Field{n, FieldType(strings.ToUpper(typ))})
		}
	}
	cols.Close()
	c.ColumnsNow = columnsText(fields)
	if !written {
		c.ColumnsWritten = ""
	}
	// Rows are hashed on the columns written, in their order, a column
	// gone read as NULL; a column added is reported, and a row counts as
	// changed by it only where it has a value.
	sel := []string{quote(pk), "NULL"}
	if geom != "" {
		sel[1] = quote(geom)
	}
	nHashed := len(fields)
	if !written || c.ColumnsNow == w.columns {
		for _, f := range fields {
			sel = append(sel, quote(f.Name))
		}
	} else {
		have := map[string]bool{}
		for _, f := range fields {
			have[f.Name] = true
		}
		nHashed = 0
		for col := range strings.SplitSeq(w.columns, ", ") {
			n, _, _ := strings.Cut(col, " ")
			if col == "" {
				continue
			}
			nHashed++
			if have[n] {
				sel = append(sel, quote(n))
				delete(have, n)
			} else {
				sel = append(sel, "NULL")
			}
		}
		for _, f := range fields {
			if have[f.Name] {
				sel = append(sel, quote(f.Name))
			}
		}
	}
	rs, err := db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", strings.Join(sel, ", "), quote(name), quote(pk)))
	if err != nil {
		return c, err
	}
	defer rs.Close()
	n := int64(len(w.hashes) / 8)
	present := make([]bool, n)
	var scratch []byte
	vals := make([]any, len(sel)-2)
	ptrs := make([]any, len(sel))
	var fid int64
	var blob []byte
	ptrs[0], ptrs[1] = &fid, &blob
	for k := range vals {
		ptrs[k+2] = &vals[k]
	}
	for rs.Next() {
		blob = nil
		if err := rs.Scan(ptrs...); err != nil {
			return c, err
		}
		c.RowsNow++
		if fid < 1 || fid > n {
			c.Added = append(c.Added, fid)
			continue
		}
		present[fid-1] = true
		scratch = hashFeature(discard{}, scratch[:0], blob, vals[:nHashed])
		changed := rowHash(scratch) != binary.LittleEndian.Uint64(w.hashes[8*(fid-1):])
		for _, v := range vals[nHashed:] {
			changed = changed || v != nil
		}
		if changed {
			c.Changed = append(c.Changed, fid)
		}
	}
	if err := rs.Err(); err != nil {
		return c, err
	}
	for i, ok := range present {
		if !ok {
			c.Deleted = append(c.Deleted, int64(i+1))
		}
	}
	slices.Sort(c.Added)
	return c, nil
}

// discard is a writer that keeps nothing.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
