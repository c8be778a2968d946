// Package gpkg writes and reads GeoPackage files (OGC 12-128r18, version
// 1.3): feature layers with the gpkg_* metadata tables, so QGIS and GDAL
// open them, written atomically and verified on reading.
//
// Decisions:
//   - A file is written to a temporary file beside the destination, synced,
//     closed and renamed over it: a reader never sees half a file.
//   - Each file carries, in the table diachi_meta, the schema version and a
//     SHA-256 digest of its content: layers, fields, features in order, the
//     rows of the metadata tables that give them their meaning
//     (gpkg_spatial_ref_sys, gpkg_contents but its last_change time,
//     gpkg_geometry_columns) and the application metadata. Read checks
//     SQLite's integrity_check and then the digest, so a file cut short or
//     damaged gives ErrCorrupt, never a part of its content.
//   - The digest alone detects accidental damage only: anyone can
//     recompute it after changing the file. WriteSealed adds a seal, an
//     HMAC-SHA256 of the digest under a key derived from the owner's
//     secret, and ReadSealed refuses (ErrTampered) a file whose seal does
//     not verify with that secret, or that has none. Read and ReadMeta,
//     given no key, check the digest only. The seal stores a key id (a
//     keyed hash of the secret, which reveals nothing more than the seal
//     itself) so that a wrong key is told apart in the message.
//   - Schema version 2 (this one) added the metadata tables to the digest
//     and the seal; files of version 1 are refused with that reason.
//   - Each part also has a digest of its own (each layer, the metadata
//     tables, and an optional snapshot: opaque chunks an application
//     reads back instead of its million rows), sealed with the metadata
//     apart from the whole file's digest, so that a reader of a few parts
//     (Partial) checks what it reads without reading the rest; and the
//     file records the SQLite change counter it was left with, so that a
//     file changed since by any program is told without a row read
//     (parts.go).
//   - Every feature table has the R-tree spatial index extension (its
//     table, gpkg_extensions row and triggers; rtree.go), which GDAL and
//     QGIS use for bounding-box queries. It is derived data, outside the
//     digest.
//   - A layer may carry a default style for QGIS (Layer.Style), written to
//     the table layer_styles that QGIS and GDAL share; it is presentation,
//     outside the digest, so a style saved over it in QGIS leaves the
//     file readable (styles.go).
//   - Geometries are stored in GeoPackage binary (little-endian header with
//     an xy envelope, then WKB); empty geometries are flagged as such.
//
// The package is internal: address/registry is its user.
package gpkg

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// SchemaVersion is the version of diachi's layout written in diachi_meta.
const SchemaVersion = 2

var (
	// ErrCorrupt: the file is not a complete, unaltered GeoPackage written
	// by this package (cut short, a byte changed, not SQLite at all).
	ErrCorrupt = errors.New("gpkg: file is corrupt or not a diachi GeoPackage")
	// ErrSchema: a layer or field cannot be written as given.
	ErrSchema = errors.New("gpkg: invalid layer")
	// ErrTampered: read with a key, the file's seal does not verify: it was
	// changed by someone without the key, sealed with another key, or
	// written with no seal at all.
	ErrTampered = errors.New("gpkg: file fails its seal check")
)

// reserved are the diachi_meta keys this package writes itself.
var reserved = map[string]bool{"schema_version": true, "digest": true, "seal": true, "key_id": true, "parts": true, "parts_seal": true, "written_counter": true}

// KeyID is a short public name of a secret key: the first 8 bytes of a
// keyed hash, in hex. It tells keys apart without revealing them.
func KeyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("diachi key id v1"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// seal is the HMAC-SHA256 of a content digest under a key derived from
// the secret (so the secret itself is used for nothing but derivation).
func seal(key, digest []byte) string {
	d := hmac.New(sha256.New, key)
	d.Write([]byte("diachi gpkg seal key v1"))
	m := hmac.New(sha256.New, d.Sum(nil))
	m.Write([]byte("diachi gpkg seal v2\x00"))
	m.Write(digest)
	return hex.EncodeToString(m.Sum(nil))
}

// SRS is a spatial reference system row.
type SRS struct {
	ID         int
	Name       string
	Org        string // "EPSG"
	OrgID      int
	Definition string // OGC WKT
}

// WGS84 returns EPSG:4326.
func WGS84() SRS {
	return SRS{ID: 4326, Name: "WGS 84 geodetic", Org: "EPSG", OrgID: 4326,
		Definition: `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]`}
}

// FieldType is the SQL type of a field.
type FieldType string

const (
	Text    FieldType = "TEXT"
	Integer FieldType = "INTEGER"
	Real    FieldType = "REAL"
)

// Field is an attribute column.
type Field struct {
	Name string
	Type FieldType
}

// Feature is a row: its geometry and one value per field (string, int64,
// float64 or nil).
type Feature struct {
	Geometry orb.Geometry
	Values   []any
}

// Layer is a feature table.
type Layer struct {
	Name     string
	SRSID    int
	GeomType string // POINT, LINESTRING, POLYGON, MULTIPOLYGON, GEOMETRY…; "" for a table of attributes without geometry (SRSID 0)
	Fields   []Field
	Features []Feature
	// Row, when set, gives the features instead of Features: Row(i) for i
	// in [0, Count), each called once, in order, on a goroutine of the
	// writer's while earlier features are being written. Features need
	// not all be held in memory then.
	Row   func(i int) (Feature, error)
	Count int
	// Style, when its QML is set, is the layer's default style in the
	// table layer_styles (styles.go); it is not read back.
	Style Style
}

// size is the number of features of l.
func (l *Layer) size() int {
	if l.Row != nil {
		return l.Count
	}
	return len(l.Features)
}

func (l *Layer) feature(i int) (Feature, error) {
	if l.Row != nil {
		return l.Row(i)
	}
	return l.Features[i], nil
}

// checkFeature checks the values of feature i of l.
func checkFeature(l *Layer, i int, ft Feature) error {
	if len(ft.Values) != len(l.Fields) {
		return fmt.Errorf("%w: layer %q feature %d: %d values for %d fields", ErrSchema, l.Name, i, len(ft.Values), len(l.Fields))
	}
	for k, v := range ft.Values {
		switch v.(type) {
		case nil, string, int64, float64:
		default:
			return fmt.Errorf("%w: layer %q feature %d field %q: %T", ErrSchema, l.Name, i, l.Fields[k].Name, v)
		}
	}
	return nil
}

var ident = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

func check(srs []SRS, layers []Layer) error {
	ids := map[int]bool{4326: true, -1: true, 0: true}
	for _, s := range srs {
		ids[s.ID] = true
	}
	seen := map[string]bool{}
	for _, l := range layers {
		if !ident.MatchString(l.Name) || strings.HasPrefix(l.Name, "gpkg") || strings.HasPrefix(l.Name, "sqlite") || strings.HasPrefix(l.Name, "rtree_") || l.Name == "diachi_meta" || l.Name == snapshotTable || l.Name == stylesTable {
			return fmt.Errorf("%w: layer name %q", ErrSchema, l.Name)
		}
		if seen[l.Name] {
			return fmt.Errorf("%w: duplicate layer %q", ErrSchema, l.Name)
		}
		seen[l.Name] = true
		if !ids[l.SRSID] {
			return fmt.Errorf("%w: layer %q: srs %d not given", ErrSchema, l.Name, l.SRSID)
		}
		fields := map[string]bool{"fid": true, "geom": true}
		for _, f := range l.Fields {
			if !ident.MatchString(f.Name) || fields[f.Name] {
				return fmt.Errorf("%w: layer %q: field name %q", ErrSchema, l.Name, f.Name)
			}
			fields[f.Name] = true
			if f.Type != Text && f.Type != Integer && f.Type != Real {
				return fmt.Errorf("%w: layer %q: field %q type %q", ErrSchema, l.Name, f.Name, f.Type)
			}
		}
		if l.GeomType == "" && l.SRSID != 0 {
			return fmt.Errorf("%w: layer %q: a table without geometry has no CRS (srs %d)", ErrSchema, l.Name, l.SRSID)
		}
		if l.Row != nil && l.Count < 0 {
			return fmt.Errorf("%w: layer %q: %d features", ErrSchema, l.Name, l.Count)
		}
		for i, ft := range l.Features {
			if err := checkFeature(&l, i, ft); err != nil {
				return err
			}
		}
	}
	return nil
}

// Write writes the layers to path atomically. srs lists the systems the
// layers use besides EPSG:4326.
func Write(ctx context.Context, path string, srs []SRS, layers []Layer) error {
	return WriteMeta(ctx, path, srs, layers, nil)
}

// WriteMeta is Write with application metadata: key-value pairs stored in
// diachi_meta beside the schema version and covered by the digest, so they
// are read back exactly or the file is refused. Keys schema_version,
// digest, seal and key_id are reserved.
func WriteMeta(ctx context.Context, path string, srs []SRS, layers []Layer, meta [][2]string) error {
	return writeFile(ctx, path, srs, layers, meta, nil, nil)
}

// WriteSealed is WriteMeta that also seals the file with key (see the
// package doc): ReadSealed with the same key then refuses the file if
// anyone without the key changed it. The key is not written anywhere.
func WriteSealed(ctx context.Context, path string, srs []SRS, layers []Layer, meta [][2]string, key []byte) error {
	return WriteSealedSnapshot(ctx, path, srs, layers, meta, key, nil)
}

// WriteSealedSnapshot is WriteSealed with a snapshot: opaque chunks kept
// in the file beside the layers, with their digest among the parts
// (parts.go), that Partial.Snapshot reads back checked against the seal.
func WriteSealedSnapshot(ctx context.Context, path string, srs []SRS, layers []Layer, meta [][2]string, key []byte, snapshot [][]byte) error {
	if len(key) == 0 {
		return fmt.Errorf("%w: no key to seal the file with", ErrSchema)
	}
	return writeFile(ctx, path, srs, layers, meta, key, snapshot)
}

func writeFile(ctx context.Context, path string, srs []SRS, layers []Layer, meta [][2]string, key []byte, snapshot [][]byte) (err error) {
	if err := check(srs, layers); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, kv := range meta {
		if reserved[kv[0]] || seen[kv[0]] || kv[0] == "" {
			return fmt.Errorf("%w: metadata key %q is reserved, empty or repeated", ErrSchema, kv[0])
		}
		seen[kv[0]] = true
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmpName)
		}
	}()
	db, err := sql.Open("sqlite", fileURI(tmpName, ""))
	if err != nil {
		return err
	}
	if err := write(ctx, db, srs, layers, meta, key, snapshot); err != nil {
		db.Close()
		return err
	}
	if err := recordCounter(ctx, db, tmpName, key, meta); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	f, err := os.Open(tmpName)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	f.Close()
	if err := os.Chmod(tmpName, 0o644); err != nil { // a temporary file is private
		return err
	}
	if err := os.Rename(tmpName, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // the rename itself; not all systems allow syncing a directory
		d.Close()
	}
	return nil
}

func write(ctx context.Context, db *sql.DB, srs []SRS, layers []Layer, meta [][2]string, key []byte, snapshot [][]byte) error {
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		"PRAGMA application_id = 1196444487", // 'GPKG'
		"PRAGMA user_version = 10300",
		"PRAGMA journal_mode = OFF",
		"PRAGMA synchronous = OFF",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{
		`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
		`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
		`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
		`CREATE TABLE diachi_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := createExtensions(ctx, tx); err != nil {
		return err
	}
	all := append([]SRS{WGS84(),
		{ID: -1, Name: "Undefined cartesian SRS", Org: "NONE", OrgID: -1, Definition: "undefined"},
		{ID: 0, Name: "Undefined geographic SRS", Org: "NONE", OrgID: 0, Definition: "undefined"}}, srs...)
	for _, s := range all {
		if s.ID == 4326 && s.Definition != WGS84().Definition {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,NULL)`, s.Name, s.ID, s.Org, s.OrgID, s.Definition); err != nil {
			return err
		}
	}
	h := sha256.New()
	var allHashes []rowHashes
	var layerSums [][2]string // each layer's own digest (parts.go)
	for _, l := range layers {
		// A table of attributes (GeomType "") has no geometry column: it
		// is registered as such, with no geometry column row and no index.
		attrs := l.GeomType == ""
		cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom " + l.GeomType}
		names := []string{"geom"}
		if attrs {
			cols, names = cols[:1], nil
		}
		for _, f := range l.Fields {
			// Quoted: a field may be named as an SQL keyword (group, order).
			cols = append(cols, quote(f.Name)+" "+string(f.Type))
			names = append(names, quote(f.Name))
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE %s (%s)`, l.Name, strings.Join(cols, ", "))); err != nil {
			return err
		}
		bound := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		// Rows go in many to a statement, each with its fid (1, 2, 3… in
		// order, as the table's own numbering would give them): a
		// statement executed costs more than the rows it inserts.
		names = append([]string{"fid"}, names...)
		perRow := len(names)
		batchRows := max(1, min(64, 30000/perRow))
		insert := func(n int) string {
			one := "(" + strings.TrimSuffix(strings.Repeat("?,", perRow), ",") + "),"
			return fmt.Sprintf(`INSERT INTO %s (%s) VALUES %s`, l.Name, strings.Join(names, ", "), strings.TrimSuffix(strings.Repeat(one, n), ","))
		}
		stmt, err := tx.PrepareContext(ctx, insert(batchRows))
		if err != nil {
			return err
		}
		pending := make([]any, 0, batchRows*perRow)
		flush := func(st *sql.Stmt) error {
			var err error
			if st != nil {
				_, err = st.ExecContext(ctx, pending...)
			} else if len(pending) > 0 {
				_, err = tx.ExecContext(ctx, insert(len(pending)/perRow), pending...)
			}
			pending = pending[:0]
			return err
		}
		var fid int64
		var index []rtreeEntry
		hashLayer(h, l)
		lh := layerHash(&l)
		hashes := rowHashes{layer: l.Name, columns: columnsText(l.Fields), hashes: make([]byte, 0, 8*l.size())}
		// Features are encoded and hashed, in order, on one goroutine while
		// this one inserts them: SQLite's inserts and the encoding each
		// take about half of the time.
		done := make(chan struct{})
		rows := produce(ctx, &l, len(l.Fields)+1, io.MultiWriter(h, lh), done)
		var werr error
		for batch := range rows {
			if werr != nil {
				continue // drain
			}
			for _, row := range batch {
				if row.err != nil {
					werr = row.err
					break
				}
				hashes.add(row.hash)
				args := row.args
				if attrs {
					if b, _ := args[0].([]byte); b != nil {
						werr = fmt.Errorf("%w: layer %q: a table without geometry given a geometry", ErrSchema, l.Name)
						break
					}
					args = args[1:]
				}
				fid++
				pending = append(append(pending, fid), args...)
				if len(pending) == cap(pending) {
					if werr = flush(stmt); werr != nil {
						break
					}
				}
				if b := row.bound; b != nil {
					bound = bound.Union(*b)
					index = append(index, entryOf(fid, [4]float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}))
				}
			}
			if werr != nil {
				close(done)
			}
		}
		if werr == nil {
			werr = flush(nil)
		}
		stmt.Close()
		if werr != nil {
			return werr
		}
		allHashes = append(allHashes, hashes)
		layerSums = append(layerSums, [2]string{l.Name, hex.EncodeToString(lh.Sum(nil))})
		if attrs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES (?, 'attributes', ?)`, l.Name, l.Name); err != nil {
				return err
			}
			continue
		}
		if err := buildRTree(ctx, tx, l.Name, index); err != nil {
			return err
		}
		var minX, minY, maxX, maxY any
		if !math.IsInf(bound.Min[0], 1) {
			minX, minY, maxX, maxY = bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?)`,
			l.Name, l.Name, minX, minY, maxX, maxY, l.SRSID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)`, l.Name, l.GeomType, l.SRSID); err != nil {
			return err
		}
	}
	if err := writeStyles(ctx, tx, layers); err != nil {
		return err
	}
	if err := writeRowHashes(ctx, tx, allHashes); err != nil {
		return err
	}
	if err := hashTables(ctx, tx, h); err != nil {
		return err
	}
	tables, err := tablesDigest(ctx, tx)
	if err != nil {
		return err
	}
	snap := ""
	if snapshot != nil {
		if err := writeSnapshot(ctx, tx, snapshot); err != nil {
			return err
		}
		snap = snapshotDigest(snapshot)
	}
	parts := partsText(layerSums, tables, snap)
	hashMeta(h, meta)
	digest := h.Sum(nil)
	rows := [][2]string{{"schema_version", fmt.Sprint(SchemaVersion)}, {"digest", hex.EncodeToString(digest)}, {"parts", parts}}
	if key != nil {
		rows = append(rows, [2]string{"seal", seal(key, digest)}, [2]string{"key_id", KeyID(key)})
	}
	rows = append(rows, meta...)
	for _, kv := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO diachi_meta VALUES (?, ?)`, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// row is a feature ready to insert: the geometry blob then the values.
type row struct {
	args  []any
	bound *orb.Bound
	hash  uint64 // of the row as the digest takes it (rowhash.go)
	err   error  // the feature could not be given or encoded: nothing follows
}

// produce encodes and hashes the features of l in order on a new
// goroutine and sends them in batches; it stops after an error or when
// done is closed, and closes the channel.
func produce(ctx context.Context, l *Layer, ncols int, h io.Writer, done <-chan struct{}) <-chan []row {
	const batchLen = 256
	out := make(chan []row, 8)
	go func() {
		defer close(out)
		batch := make([]row, 0, batchLen)
		send := func() bool {
			select {
			case out <- batch:
				batch = make([]row, 0, batchLen)
				return true
			case <-done:
				return false
			}
		}
		var scratch []byte
		n := l.size()
		for i := range n {
			if i%4096 == 0 && ctx.Err() != nil {
				batch = append(batch, row{err: ctx.Err()})
				send()
				return
			}
			ft, err := l.feature(i)
			if err == nil {
				err = checkFeature(l, i, ft)
			}
			var blob []byte
			var b *orb.Bound
			if err == nil {
				blob, b, err = encode(ft.Geometry, l.SRSID)
				if err != nil {
					err = fmt.Errorf("%w: layer %q feature %d: %v", ErrSchema, l.Name, i, err)
				}
			}
			if err != nil {
				batch = append(batch, row{err: err})
				send()
				return
			}
			scratch = hashFeature(h, scratch[:0], blob, ft.Values)
			args := make([]any, ncols)
			args[0] = blob
			copy(args[1:], ft.Values)
			batch = append(batch, row{args: args, bound: b, hash: rowHash(scratch)})
			if len(batch) == batchLen && !send() {
				return
			}
		}
		if len(batch) > 0 {
			send()
		}
	}()
	return out
}

// hashMeta feeds the digest with the application metadata, in key order.
func hashMeta(h io.Writer, meta [][2]string) {
	kv := slices.Clone(meta)
	slices.SortFunc(kv, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	for _, e := range kv {
		fmt.Fprintf(h, "m%d:%s%d:%s", len(e[0]), e[0], len(e[1]), e[1])
	}
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// metaTables are the GeoPackage metadata rows the digest covers, each
// query in a fixed order: everything that gives the layers their meaning
// (CRS definitions, each layer's CRS, geometry type, dimensions and
// extent), but not gpkg_contents.last_change, a time that means nothing
// about the data, nor the row of the table of styles (styles.go), which
// is presentation.
var metaTables = []string{
	`SELECT srs_name, srs_id, organization, organization_coordsys_id, definition, description FROM gpkg_spatial_ref_sys ORDER BY srs_id`,
	`SELECT table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE table_name <> 'layer_styles' ORDER BY table_name`,
	`SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns ORDER BY table_name, column_name`,
}

// hashTables feeds the digest with every row of the metaTables, each
// value with its SQLite type, so that a number rewritten as text differs.
// Write and read call it alike, on the file as stored.
func hashTables(ctx context.Context, q querier, h io.Writer) error {
	var scratch []byte
	for k, query := range metaTables {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return err
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			for _, v := range vals {
				switch v.(type) {
				case nil, string, int64, float64, []byte:
				default:
					rows.Close()
					return fmt.Errorf("metadata table %d: value of type %T", k, v)
				}
			}
			scratch = hashFeature(h, scratch[:0], []byte{byte('t'), byte(k)}, vals)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// hashLayer and hashFeature feed the digest with a length-prefixed
// encoding of everything a reader gets back.
func hashLayer(h io.Writer, l Layer) {
	put := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("layer")
	put(l.Name)
	put(fmt.Sprint(l.SRSID))
	put(l.GeomType)
	for _, f := range l.Fields {
		put(f.Name)
		put(string(f.Type))
	}
}

func hashFeature(h io.Writer, buf, blob []byte, values []any) []byte {
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(blob)))
	buf = append(buf, blob...)
	for _, v := range values {
		// Each value as a type letter and its text, length-prefixed.
		at := len(buf)
		buf = append(buf, 0, 0, 0, 0, 0, 0, 0, 0)
		switch v := v.(type) {
		case nil:
			buf = append(buf, 'n')
		case string:
			buf = append(append(buf, 's'), v...)
		case []byte: // a blob is not the text it holds (metadata tables only)
			buf = append(append(buf, 'b'), v...)
		case int64:
			buf = strconv.AppendInt(append(buf, 'i'), v, 10)
		case float64:
			buf = fmt.Appendf(append(buf, 'f'), "%016x", math.Float64bits(v))
		}
		binary.LittleEndian.PutUint64(buf[at:], uint64(len(buf)-at-8))
	}
	h.Write(buf)
	return buf
}

// encode writes GeoPackage binary: "GP", version 0, flags, srs_id, an xy
// envelope (none for points and empty geometries), then WKB.
func encode(g orb.Geometry, srsID int) ([]byte, *orb.Bound, error) {
	if g == nil {
		return nil, nil, nil
	}
	raw, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	buf.Write([]byte{'G', 'P', 0})
	b := g.Bound()
	empty := isEmpty(g)
	_, point := g.(orb.Point)
	flags := byte(1) // little endian
	switch {
	case empty:
		flags |= 1 << 4
	case !point:
		flags |= 1 << 1 // xy envelope
	}
	buf.WriteByte(flags)
	binary.Write(&buf, binary.LittleEndian, int32(srsID))
	if !empty && !point {
		binary.Write(&buf, binary.LittleEndian, [4]float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]})
	}
	buf.Write(raw)
	if empty {
		return buf.Bytes(), nil, nil
	}
	return buf.Bytes(), &b, nil
}

func isEmpty(g orb.Geometry) bool {
	// Empty: no coordinate at all, however deep ("POLYGON(())" from WKB
	// holds one ring with no point).
	switch g := g.(type) {
	case orb.Point:
		return false
	case orb.LineString:
		return len(g) == 0
	case orb.Ring:
		return len(g) == 0
	case orb.Polygon:
		for _, r := range g {
			if len(r) > 0 {
				return false
			}
		}
		return true
	case orb.MultiPolygon:
		for _, p := range g {
			if !isEmpty(p) {
				return false
			}
		}
		return true
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) > 0 {
				return false
			}
		}
		return true
	case orb.MultiPoint:
		return len(g) == 0
	case orb.Collection:
		for _, c := range g {
			if !isEmpty(c) {
				return false
			}
		}
		return true
	}
	return false
}

// decode reads GeoPackage binary.
func decode(blob []byte) (orb.Geometry, error) {
	if blob == nil {
		return nil, nil
	}
	if len(blob) < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0 {
		return nil, errors.New("not GeoPackage binary")
	}
	flags := blob[3]
	env := (flags >> 1) & 7
	size := map[byte]int{0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[env]
	if env > 4 || len(blob) < 8+size {
		return nil, errors.New("bad envelope")
	}
	g, err := wkb.Unmarshal(blob[8+size:])
	if err != nil {
		return nil, err
	}
	if !finite(g) {
		return nil, errors.New("a coordinate is not a finite number")
	}
	return g, nil
}

// finite reports whether every coordinate of g is a finite number.
func finite(g orb.Geometry) bool {
	ok := func(ps []orb.Point) bool {
		for _, p := range ps {
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
				return false
			}
		}
		return true
	}
	switch g := g.(type) {
	case orb.Point:
		return ok([]orb.Point{g})
	case orb.MultiPoint:
		return ok(g)
	case orb.LineString:
		return ok(g)
	case orb.Ring:
		return ok(g)
	case orb.MultiLineString:
		for _, l := range g {
			if !ok(l) {
				return false
			}
		}
	case orb.Polygon:
		for _, r := range g {
			if !ok(r) {
				return false
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if !finite(p) {
				return false
			}
		}
	case orb.Collection:
		for _, x := range g {
			if !finite(x) {
				return false
			}
		}
	}
	return true
}

// fileURI is the SQLite URI of the file at path, with query (e.g.
// "mode=ro") when not empty. The driver cuts a plain name at its first
// '?' and reads '#' and '%' in a URI as syntax, so a path holding them
// would name another file: the path is made absolute and those
// characters are percent-encoded, so that the file opened is always the
// one given.
func fileURI(path, query string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	var b strings.Builder
	b.WriteString("file:")
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '%', '?', '#':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	if query != "" {
		b.WriteString("?" + query)
	}
	return b.String()
}

// Hasher computes the content digest of layers and application metadata
// alone, as Write hashes them (geometries in GeoPackage binary, every
// value with its type, metadata in key order) but without the GeoPackage
// metadata tables: the digest of a store other than a GeoPackage file
// (internal/postgis), fed feature by feature as they are written, so that
// what is read back is exactly what was written or is refused.
type Hasher struct {
	h       hash.Hash
	scratch []byte
}

// NewHasher starts a digest.
func NewHasher() *Hasher { return &Hasher{h: sha256.New()} }

// Layer starts layer l (its name, CRS, geometry type and fields).
func (h *Hasher) Layer(l *Layer) { hashLayer(h.h, *l) }

// Feature checks feature i of l and adds it.
func (h *Hasher) Feature(l *Layer, i int, ft Feature) error {
	if err := checkFeature(l, i, ft); err != nil {
		return err
	}
	blob, _, err := encode(ft.Geometry, l.SRSID)
	if err != nil {
		return fmt.Errorf("%w: layer %q feature %d: %v", ErrSchema, l.Name, i, err)
	}
	h.scratch = hashFeature(h.h, h.scratch[:0], blob, ft.Values)
	return nil
}

// Sum ends the digest with the application metadata.
func (h *Hasher) Sum(meta [][2]string) []byte {
	hashMeta(h.h, meta)
	return h.h.Sum(nil)
}

// Seal is the seal of a digest under key, as WriteSealed stores it.
func Seal(key, digest []byte) string { return seal(key, digest) }
