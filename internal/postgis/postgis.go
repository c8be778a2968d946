// Package postgis stores the layers of a registry in PostgreSQL/PostGIS
// and reads them back: the same layers, fields and metadata as the
// GeoPackage (internal/gpkg), one schema per registry.
//
// Decisions:
//   - One schema holds one registry: a table per layer with fid (bigint,
//     the feature's position from 1), geom in the layer's CRS, geom_wgs84
//     (EPSG:4326, computed by the caller, who transforms exactly), then
//     the fields as text, bigint or double precision; a GiST index on
//     both geometry columns; diachi_layers (the layers in order) and
//     diachi_meta (the application metadata, the content digest and, with
//     a key, the seal).
//   - Write replaces the schema in one transaction: readers see the old
//     registry or the new one. It refuses to replace a schema that holds
//     anything but a registry it wrote.
//   - Rows go in with COPY, geometries as EWKB with their SRID.
//   - The digest is gpkg.Hasher's, over layers, features in order and
//     metadata: Read recomputes it from what it reads, so a row changed,
//     added or removed in the database is refused (ErrCorrupt), and with
//     a key a changed row whose digest was recomputed too (ErrTampered).
//   - A CRS the server's spatial_ref_sys lacks (EPSG:9210 in PostGIS 3.3,
//     say) is added with its WKT.
package postgis

import (
	"context"
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// SchemaVersion is the version of the layout Write makes.
const SchemaVersion = 1

var (
	// ErrCorrupt: the schema is not a complete registry as written (a
	// table or row missing, added or changed).
	ErrCorrupt = errors.New("postgis: schema is not a registry as written")
	// ErrTampered: read with a key, the seal does not verify.
	ErrTampered = errors.New("postgis: schema fails its seal check")
	// ErrSchema: the layers cannot be stored as given, or the schema name
	// is not usable.
	ErrSchema = errors.New("postgis: invalid layer or schema")
)

var ident = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// reserved are the metadata keys this package writes itself.
var reserved = map[string]bool{"schema_version": true, "digest": true, "seal": true, "key_id": true}

// ToWGS84 gives the WGS84 (lon, lat) form of a geometry of a layer.
type ToWGS84 func(layer string, g orb.Geometry) (orb.Geometry, error)

func sqlType(t gpkg.FieldType) string {
	switch t {
	case gpkg.Integer:
		return "bigint"
	case gpkg.Real:
		return "double precision"
	}
	return "text"
}

// geomType is the PostGIS type modifier of a GeoPackage geometry type.
func geomType(t string) (string, error) {
	switch strings.ToUpper(t) {
	case "GEOMETRY":
		return "Geometry", nil
	case "":
		return "", nil // a table of attributes
	case "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
		return strings.ToUpper(t), nil
	}
	return "", fmt.Errorf("%w: geometry type %q", ErrSchema, t)
}

// Write stores layers in schema, replacing what a previous Write put
// there, in one transaction. srs lists the CRS the layers use besides
// EPSG:4326; wgs84 gives each geometry in WGS84; meta is stored and read
// back exactly; key, when given, seals the content.
func Write(ctx context.Context, conn *pgx.Conn, schema string, srs []gpkg.SRS, layers []gpkg.Layer, meta [][2]string, wgs84 ToWGS84, key []byte) error {
	if !ident.MatchString(schema) || strings.HasPrefix(schema, "pg_") || schema == "public" {
		return fmt.Errorf("%w: schema name %q (lower-case letters, digits and _, not public or pg_*)", ErrSchema, schema)
	}
	seen := map[string]bool{}
	for _, kv := range meta {
		if reserved[kv[0]] || seen[kv[0]] || kv[0] == "" {
			return fmt.Errorf("%w: metadata key %q is reserved, empty or repeated", ErrSchema, kv[0])
		}
		seen[kv[0]] = true
	}
	srids := map[int]gpkg.SRS{4326: gpkg.WGS84()}
	for _, s := range srs {
		srids[s.ID] = s
	}
	names := map[string]bool{"diachi_meta": true, "diachi_layers": true}
	for _, l := range layers {
		if !ident.MatchString(l.Name) || names[l.Name] {
			return fmt.Errorf("%w: layer name %q", ErrSchema, l.Name)
		}
		names[l.Name] = true
		if l.GeomType == "" && l.SRSID != 0 {
			return fmt.Errorf("%w: layer %q: a table without geometry has no CRS (srs %d)", ErrSchema, l.Name, l.SRSID)
		}
		if _, ok := srids[l.SRSID]; !ok && l.GeomType != "" {
			return fmt.Errorf("%w: layer %q: srs %d not given", ErrSchema, l.Name, l.SRSID)
		}
		if _, err := geomType(l.GeomType); err != nil {
			return fmt.Errorf("layer %q: %w", l.Name, err)
		}
		fields := map[string]bool{"fid": true, "geom": true, "geom_wgs84": true}
		for _, f := range l.Fields {
			if !ident.MatchString(f.Name) || fields[f.Name] {
				return fmt.Errorf("%w: layer %q: field name %q", ErrSchema, l.Name, f.Name)
			}
			fields[f.Name] = true
		}
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := clearSchema(ctx, tx, schema); err != nil {
		return err
	}
	for id, s := range srids {
		// ON CONFLICT: two writers adding the same CRS at once (their
		// transactions both see it missing) both succeed.
		if _, err := tx.Exec(ctx, `INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
			VALUES ($1::int, $2::text, $3::int, $4::text, '') ON CONFLICT (srid) DO NOTHING`,
			id, s.Org, s.OrgID, s.Definition); err != nil {
			return fmt.Errorf("postgis: adding EPSG:%d to spatial_ref_sys: %w", id, err)
		}
	}
	q := func(format string, a ...any) error {
		_, err := tx.Exec(ctx, fmt.Sprintf(format, a...))
		return err
	}
	if err := q(`CREATE SCHEMA %s`, schema); err != nil {
		return err
	}
	if err := q(`CREATE TABLE %s.diachi_layers (ord int PRIMARY KEY, name text NOT NULL UNIQUE, srid int NOT NULL, geometry_type text NOT NULL)`, schema); err != nil {
		return err
	}
	if err := q(`CREATE TABLE %s.diachi_meta (key text PRIMARY KEY, value text NOT NULL)`, schema); err != nil {
		return err
	}
	h := gpkg.NewHasher()
	for k := range layers {
		l := &layers[k]
		gt, _ := geomType(l.GeomType)
		cols := []string{"fid bigint PRIMARY KEY", fmt.Sprintf("geom geometry(%s, %d)", gt, l.SRSID), fmt.Sprintf("geom_wgs84 geometry(%s, 4326)", gt)}
		copyCols := []string{"fid", "geom", "geom_wgs84"}
		if gt == "" { // a table of attributes
			cols, copyCols = cols[:1], copyCols[:1]
		}
		for _, f := range l.Fields {
			// Quoted: a field may be named as an SQL keyword (group, order).
			cols = append(cols, pgx.Identifier{f.Name}.Sanitize()+" "+sqlType(f.Type))
			copyCols = append(copyCols, f.Name)
		}
		if err := q(`CREATE TABLE %s.%s (%s)`, schema, l.Name, strings.Join(cols, ", ")); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO %s.diachi_layers VALUES ($1, $2, $3, $4)`, schema), k, l.Name, l.SRSID, strings.ToUpper(l.GeomType)); err != nil {
			return err
		}
		h.Layer(l)
		src := &rows{l: l, h: h, wgs84: wgs84}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{schema, l.Name}, copyCols, src)
		if src.err != nil {
			return src.err
		}
		if err != nil {
			return fmt.Errorf("postgis: layer %s: %w", l.Name, err)
		}
		if int(n) != src.size() {
			return fmt.Errorf("postgis: layer %s: %d of %d rows stored", l.Name, n, src.size())
		}
		for _, c := range []string{"geom", "geom_wgs84"} {
			if gt == "" {
				break
			}
			if err := q(`CREATE INDEX %[2]s_%[3]s_gist ON %[1]s.%[2]s USING gist (%[3]s)`, schema, l.Name, c); err != nil {
				return err
			}
		}
	}
	digest := h.Sum(meta)
	kv := [][2]string{{"schema_version", strconv.Itoa(SchemaVersion)}, {"digest", hex.EncodeToString(digest)}}
	if key != nil {
		kv = append(kv, [2]string{"seal", gpkg.Seal(key, digest)}, [2]string{"key_id", gpkg.KeyID(key)})
	}
	for _, e := range append(kv, meta...) {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO %s.diachi_meta VALUES ($1, $2)`, schema), e[0], e[1]); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	for _, l := range layers {
		// Planner statistics for the new tables; outside the transaction.
		if _, err := conn.Exec(ctx, fmt.Sprintf(`ANALYZE %s.%s`, schema, l.Name)); err != nil {
			return err
		}
	}
	return nil
}

// clearSchema drops schema when it holds a registry Write made (its
// tables and nothing else), and refuses to touch it otherwise.
func clearSchema(ctx context.Context, tx pgx.Tx, schema string) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return nil
	}
	var tables []string
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'f', 'p')`, schema)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ours := map[string]bool{"diachi_meta": true, "diachi_layers": true}
	if len(tables) > 0 {
		lr, err := tx.Query(ctx, fmt.Sprintf(`SELECT name FROM %s.diachi_layers`, schema))
		if err != nil {
			return fmt.Errorf("%w: schema %s exists and is not a registry (%s): not replaced", ErrSchema, schema, strings.Join(tables, ", "))
		}
		for lr.Next() {
			var n string
			if err := lr.Scan(&n); err != nil {
				lr.Close()
				return err
			}
			ours[n] = true
		}
		lr.Close()
	}
	for _, t := range tables {
		if !ours[t] {
			return fmt.Errorf("%w: schema %s holds table %s, which is not part of a registry: not replaced", ErrSchema, schema, t)
		}
	}
	_, err = tx.Exec(ctx, fmt.Sprintf(`DROP SCHEMA %s CASCADE`, schema))
	return err
}

// rows feeds COPY with the features of a layer, hashing each.
type rows struct {
	l     *gpkg.Layer
	h     *gpkg.Hasher
	wgs84 ToWGS84
	i     int
	vals  []any
	err   error
}

func (r *rows) size() int {
	if r.l.Row != nil {
		return r.l.Count
	}
	return len(r.l.Features)
}

func (r *rows) Next() bool {
	if r.err != nil || r.i >= r.size() {
		return false
	}
	var ft gpkg.Feature
	if r.l.Row != nil {
		ft, r.err = r.l.Row(r.i)
	} else {
		ft = r.l.Features[r.i]
	}
	if r.err == nil {
		r.err = r.h.Feature(r.l, r.i, ft)
	}
	var g, w []byte
	if r.err == nil && ft.Geometry != nil {
		var wg orb.Geometry
		if g, r.err = ewkb.Marshal(ft.Geometry, r.l.SRSID); r.err == nil {
			if wg, r.err = r.wgs84(r.l.Name, ft.Geometry); r.err == nil {
				w, r.err = ewkb.Marshal(wg, 4326)
			}
		}
	}
	if r.err != nil {
		r.err = fmt.Errorf("%w: layer %q feature %d: %v", ErrSchema, r.l.Name, r.i, r.err)
		return false
	}
	if r.l.GeomType == "" {
		if ft.Geometry != nil {
			r.err = fmt.Errorf("%w: layer %q feature %d: a table without geometry given a geometry", ErrSchema, r.l.Name, r.i)
			return false
		}
		r.vals = append(append(r.vals[:0], int64(r.i+1)), ft.Values...)
	} else {
		r.vals = append(append(r.vals[:0], int64(r.i+1), geomArg(g), geomArg(w)), ft.Values...)
	}
	r.i++
	return true
}

// geomArg is an EWKB value, or SQL NULL for no geometry.
func geomArg(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

func (r *rows) Values() ([]any, error) { return r.vals, nil }
func (r *rows) Err() error             { return r.err }

// Read reads the layers and application metadata Write stored in schema,
// checking the digest (and, given key, the seal).
func Read(ctx context.Context, conn *pgx.Conn, schema string, key []byte) ([]gpkg.Layer, [][2]string, error) {
	if !ident.MatchString(schema) {
		return nil, nil, fmt.Errorf("%w: schema name %q", ErrSchema, schema)
	}
	// One snapshot for every table: a concurrent Write is seen whole or
	// not at all.
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback(ctx)
	meta := map[string]string{}
	mr, err := tx.Query(ctx, fmt.Sprintf(`SELECT key, value FROM %s.diachi_meta`, schema))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, schema, err)
	}
	for mr.Next() {
		var k, v string
		if err := mr.Scan(&k, &v); err != nil {
			mr.Close()
			return nil, nil, err
		}
		meta[k] = v
	}
	mr.Close()
	if err := mr.Err(); err != nil {
		return nil, nil, err
	}
	if meta["schema_version"] != strconv.Itoa(SchemaVersion) {
		return nil, nil, fmt.Errorf("%w: %s: schema version %q, this reader knows %d", ErrCorrupt, schema, meta["schema_version"], SchemaVersion)
	}
	var layers []gpkg.Layer
	lr, err := tx.Query(ctx, fmt.Sprintf(`SELECT name, srid, geometry_type FROM %s.diachi_layers ORDER BY ord`, schema))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, schema, err)
	}
	for lr.Next() {
		var l gpkg.Layer
		var srid int32
		if err := lr.Scan(&l.Name, &srid, &l.GeomType); err != nil {
			lr.Close()
			return nil, nil, err
		}
		l.SRSID = int(srid)
		layers = append(layers, l)
	}
	lr.Close()
	if err := lr.Err(); err != nil {
		return nil, nil, err
	}
	h := gpkg.NewHasher()
	for k := range layers {
		l := &layers[k]
		if !ident.MatchString(l.Name) {
			return nil, nil, fmt.Errorf("%w: %s: layer name %q", ErrCorrupt, schema, l.Name)
		}
		cr, err := tx.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, schema, l.Name)
		if err != nil {
			return nil, nil, err
		}
		for cr.Next() {
			var name, typ string
			if err := cr.Scan(&name, &typ); err != nil {
				cr.Close()
				return nil, nil, err
			}
			switch name {
			case "fid", "geom", "geom_wgs84":
				continue
			}
			ft := gpkg.Text
			switch typ {
			case "bigint":
				ft = gpkg.Integer
			case "double precision":
				ft = gpkg.Real
			case "text":
			default:
				cr.Close()
				return nil, nil, fmt.Errorf("%w: %s.%s: column %s of type %s", ErrCorrupt, schema, l.Name, name, typ)
			}
			l.Fields = append(l.Fields, gpkg.Field{Name: name, Type: ft})
		}
		cr.Close()
		if err := cr.Err(); err != nil {
			return nil, nil, err
		}
		h.Layer(l)
		sel := []string{"fid", "ST_AsBinary(geom)"}
		if l.GeomType == "" {
			sel[1] = "NULL::bytea"
		}
		for _, f := range l.Fields {
			sel = append(sel, pgx.Identifier{f.Name}.Sanitize())
		}
		fr, err := tx.Query(ctx, fmt.Sprintf(`SELECT %s FROM %s.%s ORDER BY fid`, strings.Join(sel, ", "), schema, l.Name))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s.%s: %v", ErrCorrupt, schema, l.Name, err)
		}
		for fr.Next() {
			vals, err := fr.Values()
			if err != nil {
				fr.Close()
				return nil, nil, err
			}
			i := len(l.Features)
			if fid, ok := vals[0].(int64); !ok || fid != int64(i+1) {
				fr.Close()
				return nil, nil, fmt.Errorf("%w: %s.%s: feature %d has fid %v: rows were removed or added", ErrCorrupt, schema, l.Name, i+1, vals[0])
			}
			var g orb.Geometry
			if b, ok := vals[1].([]byte); ok {
				if g, err = wkb.Unmarshal(b); err != nil {
					fr.Close()
					return nil, nil, fmt.Errorf("%w: %s.%s feature %d: %v", ErrCorrupt, schema, l.Name, i+1, err)
				}
			}
			ft := gpkg.Feature{Geometry: g, Values: make([]any, len(l.Fields))}
			for c, v := range vals[2:] {
				switch v := v.(type) {
				case nil, string, int64:
					ft.Values[c] = v
				case float64:
					if math.IsNaN(v) || math.IsInf(v, 0) {
						fr.Close()
						return nil, nil, fmt.Errorf("%w: %s.%s feature %d: %s is %v", ErrCorrupt, schema, l.Name, i+1, l.Fields[c].Name, v)
					}
					ft.Values[c] = v
				default:
					fr.Close()
					return nil, nil, fmt.Errorf("%w: %s.%s feature %d: %s of type %T", ErrCorrupt, schema, l.Name, i+1, l.Fields[c].Name, v)
				}
			}
			if err := h.Feature(l, i, ft); err != nil {
				fr.Close()
				return nil, nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
			}
			l.Features = append(l.Features, ft)
		}
		fr.Close()
		if err := fr.Err(); err != nil {
			return nil, nil, err
		}
	}
	var extra [][2]string
	for k, v := range meta {
		if !reserved[k] {
			extra = append(extra, [2]string{k, v})
		}
	}
	digest := h.Sum(extra)
	got := hex.EncodeToString(digest)
	if key != nil {
		s, sealed := meta["seal"]
		switch {
		case !sealed:
			return nil, nil, fmt.Errorf("%w: %s has no seal (written without a key)", ErrTampered, schema)
		case meta["key_id"] != gpkg.KeyID(key):
			return nil, nil, fmt.Errorf("%w: %s is sealed with key id %q, not with the key given (key id %s)", ErrTampered, schema, meta["key_id"], gpkg.KeyID(key))
		case !hmac.Equal([]byte(s), []byte(gpkg.Seal(key, digest))):
			return nil, nil, fmt.Errorf("%w: the content of %s does not match its seal: changed since it was written", ErrTampered, schema)
		}
	}
	if got != meta["digest"] {
		return nil, nil, fmt.Errorf("%w: %s: content digest %.16s does not match the one written, %.16s: the tables were changed", ErrCorrupt, schema, got, meta["digest"])
	}
	slices.SortFunc(extra, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return layers, extra, nil
}
