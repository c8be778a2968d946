package gpkg

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
)

// Partial reads chosen rows of a file written by WriteMeta or
// WriteSealed without reading it whole: the rows of a layer whose box
// meets a box, found by the layer's R-tree, or whole small layers. It is
// what answers a query on a saved registry of a million rows in a
// fraction of a second.
//
// Opening checks what can be checked without reading every row: the
// SQLite header against the file's size (a file cut short is refused),
// the GeoPackage application id and version, diachi's schema version,
// and, given a key, that the stored digest carries a seal made with that
// key (ErrTampered otherwise). It does not recompute the whole digest;
// it checks the parts (parts.go): the metadata and the metadata tables on
// opening, a whole layer as All reads it, the snapshot as Snapshot reads
// it. Rows read by Search or Rows are not checked: a row changed after
// the file was sealed is detected by Read, ReadMeta, ReadSealed and
// Verify, which check every row, and a caller that must know the file is
// unchanged uses them. A file written before files kept parts is read
// unchecked.
type Partial struct {
	db     *sql.DB
	path   string
	meta   map[string]string
	layers map[string]Layer // name, CRS, geometry type and fields, no features
	parts  *parsedParts     // the parts' digests, checked on opening (parts.go); nil in an older file
	keyed  bool             // opened with a key: the parts were checked against their seal
	// unchanged: SQLite's change counter is the one recorded when the
	// file was written (parts.go)
	unchanged bool
}

// OpenPartial opens path for reading rows in part. With key, the file
// must carry a seal of its stored digest made with that key (ErrTampered
// otherwise); with none, the seal is not looked at. Any other failure
// wraps ErrCorrupt (or is the I/O error of opening the file).
func OpenPartial(ctx context.Context, path string, key []byte) (*Partial, error) {
	head, err := readHeader(path, ErrCorrupt)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	// Two connections: the queries are few, but a large read (the
	// snapshot) may go on beside the others; each connection reads the
	// schema again, which costs little.
	db.SetMaxOpenConns(2)
	p := &Partial{db: db, path: path}
	if err := p.open(ctx, key); err != nil {
		db.Close()
		return nil, err
	}
	p.unchanged = head[18] == 1 && head[19] == 1 && p.meta["written_counter"] == strconv.FormatUint(uint64(fileCounter(head)), 10)
	return p, nil
}

func (p *Partial) open(ctx context.Context, key []byte) error {
	corrupt := func(err error) error { return fmt.Errorf("%w: %s: %v", ErrCorrupt, p.path, err) }
	var app, ver int
	if err := p.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return corrupt(err)
	}
	if err := p.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return corrupt(err)
	}
	if app != 1196444487 || ver != 10300 {
		return corrupt(fmt.Errorf("application id %d, version %d: not a GeoPackage 1.3", app, ver))
	}
	p.meta = map[string]string{}
	rows, err := p.db.QueryContext(ctx, "SELECT key, value FROM diachi_meta")
	if err != nil {
		return corrupt(err)
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return corrupt(err)
		}
		p.meta[k] = v
	}
	rows.Close()
	if v := p.meta["schema_version"]; v != fmt.Sprint(SchemaVersion) {
		return corrupt(fmt.Errorf("schema version %q, this reader knows %d", v, SchemaVersion))
	}
	if key != nil {
		digest, err := hex.DecodeString(p.meta["digest"])
		s, sealed := p.meta["seal"]
		switch {
		case !sealed:
			return fmt.Errorf("%s: %w: it has no seal (written without a key, or its seal was removed)", p.path, ErrTampered)
		case p.meta["key_id"] != KeyID(key):
			return fmt.Errorf("%s: %w: sealed with key id %q, not with the key given (key id %s): the wrong key, or the file was altered", p.path, ErrTampered, p.meta["key_id"], KeyID(key))
		case err != nil || len(digest) == 0 || !hmac.Equal([]byte(s), []byte(seal(key, digest))):
			return fmt.Errorf("%s: %w: its stored digest does not match its seal: changed since it was written", p.path, ErrTampered)
		}
	}
	p.keyed = key != nil
	if err := p.checkParts(ctx, key); err != nil {
		return err
	}
	p.layers = map[string]Layer{}
	rows, err = p.db.QueryContext(ctx, `SELECT c.table_name, coalesce(c.srs_id, 0), coalesce(g.geometry_type_name, '') FROM gpkg_contents c
		LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		WHERE (c.data_type = 'attributes' AND c.table_name <> 'layer_styles') OR g.table_name IS NOT NULL ORDER BY c.rowid`)
	if err != nil {
		return corrupt(err)
	}
	var names []Layer
	for rows.Next() {
		var l Layer
		if err := rows.Scan(&l.Name, &l.SRSID, &l.GeomType); err != nil {
			rows.Close()
			return corrupt(err)
		}
		names = append(names, l)
	}
	rows.Close()
	for _, l := range names {
		if !ident.MatchString(l.Name) {
			return corrupt(fmt.Errorf("layer name %q", l.Name))
		}
		cols, err := p.db.QueryContext(ctx, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", l.Name)
		if err != nil {
			return corrupt(err)
		}
		for cols.Next() {
			var name, typ string
			if err := cols.Scan(&name, &typ); err != nil {
				cols.Close()
				return corrupt(err)
			}
			if name != "fid" && name != "geom" {
				if !ident.MatchString(name) {
					cols.Close()
					return corrupt(fmt.Errorf("layer %q: column name %q", l.Name, name))
				}
				l.Fields = append(l.Fields, Field{name, FieldType(strings.ToUpper(typ))})
			}
		}
		cols.Close()
		p.layers[l.Name] = l
	}
	return nil
}

// Close closes the file.
func (p *Partial) Close() error { return p.db.Close() }

// Meta returns the application metadata written by WriteMeta, sorted by
// key, as ReadMeta does (but unchecked against the digest).
func (p *Partial) Meta() [][2]string {
	var out [][2]string
	for k, v := range p.meta {
		if !reserved[k] {
			out = append(out, [2]string{k, v})
		}
	}
	slices.SortFunc(out, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// Layer returns a layer's name, CRS, geometry type and fields, without
// features; ok is false when the file has no such layer.
func (p *Partial) Layer(name string) (Layer, bool) {
	l, ok := p.layers[name]
	l.Fields = slices.Clone(l.Fields)
	return l, ok
}

// Row is a feature read in part: its position in its layer (fid - 1)
// with its geometry and values, in the layer's field order.
type Row struct {
	Index int
	Feature
}

// All reads every row of a layer, in order.
func (p *Partial) All(ctx context.Context, layer string) ([]Row, error) {
	return p.rows(ctx, layer, "", nil)
}

// Search reads the rows of a layer whose geometry's box meets the box
// (minx, miny, maxx, maxy, in the layer's CRS), in order, as the
// layer's R-tree finds them. The R-tree holds each box rounded outward
// to 32-bit floats, so a row whose box only comes within that rounding
// of the query box may be among them: the caller tests the geometry.
func (p *Partial) Search(ctx context.Context, layer string, box [4]float64) ([]Row, error) {
	return p.rows(ctx, layer, fmt.Sprintf("fid IN (SELECT id FROM %s WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?)", rtreeName(layer)),
		[]any{box[0], box[2], box[1], box[3]})
}

// Rows reads the rows of a layer at the given positions (fid - 1), in
// order; positions that are not in the layer are left out.
func (p *Partial) Rows(ctx context.Context, layer string, idx []int) ([]Row, error) {
	if len(idx) == 0 {
		return nil, nil
	}
	var b strings.Builder
	b.WriteString("fid IN (")
	for k, i := range idx {
		if k > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, int64(i)+1)
	}
	b.WriteByte(')')
	return p.rows(ctx, layer, b.String(), nil)
}

func (p *Partial) rows(ctx context.Context, layer, where string, args []any) ([]Row, error) {
	l, ok := p.layers[layer]
	if !ok {
		return nil, fmt.Errorf("%w: %s: no layer %q", ErrCorrupt, p.path, layer)
	}
	names := []string{"fid", "geom"}
	if l.GeomType == "" {
		names[1] = "NULL"
	}
	for _, f := range l.Fields {
		names = append(names, quote(f.Name)) // a field may be named as an SQL keyword
	}
	q := fmt.Sprintf("SELECT %s FROM %s", strings.Join(names, ", "), quote(l.Name))
	if where != "" {
		q += " WHERE " + where
	}
	rs, err := p.db.QueryContext(ctx, q+" ORDER BY fid", args...)
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err() // cancelled: not a fault of the file
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: layer %q: %v", ErrCorrupt, p.path, layer, err)
	}
	defer rs.Close()
	// A whole layer is checked against its digest, when the file keeps it.
	var lh hash.Hash
	want, check := p.layerChecked(layer)
	if check && where == "" {
		lh = layerHash(&l)
	}
	var scratch []byte
	var out []Row
	for rs.Next() {
		var (
			fid  int64
			blob []byte
		)
		vals := make([]any, len(l.Fields))
		ptrs := make([]any, len(names))
		ptrs[0], ptrs[1] = &fid, &blob
		for k := range vals {
			ptrs[k+2] = &vals[k]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("%w: %s: layer %q: %v", ErrCorrupt, p.path, layer, err)
		}
		if fid < 1 {
			return nil, fmt.Errorf("%w: %s: layer %q: fid %d", ErrCorrupt, p.path, layer, fid)
		}
		if lh != nil {
			if fid != int64(len(out))+1 {
				return nil, p.changed(fmt.Sprintf("layer %s", layer))
			}
			scratch = hashFeature(lh, scratch[:0], blob, vals) // a value of another type is refused below
		}
		for k, v := range vals {
			switch x := v.(type) {
			case nil, string, int64, float64:
			case []byte:
				vals[k] = string(x)
			default:
				return nil, fmt.Errorf("%w: %s: layer %q: value of type %T", ErrCorrupt, p.path, layer, v)
			}
		}
		g, err := decode(blob)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: layer %q feature %d: %v", ErrCorrupt, p.path, layer, fid, err)
		}
		out = append(out, Row{Index: int(fid - 1), Feature: Feature{Geometry: g, Values: vals}})
	}
	if err := rs.Err(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %s: layer %q: %v", ErrCorrupt, p.path, layer, err)
	}
	if lh != nil && hex.EncodeToString(lh.Sum(nil)) != want {
		return nil, p.changed(fmt.Sprintf("layer %s", layer))
	}
	return out, nil
}
