package postgis

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// ErrLimit: a table holds more rows than the reader takes.
var ErrLimit = errors.New("postgis: table too large")

// Table is a table of any PostGIS database read as a layer: its geometry
// (the first geometry column, or the one named geom), its other columns
// but an integer primary key as typed fields, and its rows in the order
// of that key (else of their columns, first to last).
type Table struct {
	Name     string
	Geometry string // the geometry column
	SRID     int
	SRSText  string // the WKT of SRID in spatial_ref_sys ("" when none)
	Fields   []gpkg.Field
	Features []gpkg.Feature
}

// TableNames lists the tables (and views) of schema that have a geometry
// column, as geometry_columns registers them.
func TableNames(ctx context.Context, conn *pgx.Conn, schema string) ([]string, error) {
	rows, err := conn.Query(ctx, `SELECT DISTINCT f_table_name::text FROM geometry_columns WHERE f_table_schema = $1 ORDER BY 1`, schema)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// ReadTable reads table of schema (a name TableNames gave) with at most
// maxRows rows (ErrLimit beyond). Values come as the column types say:
// integers as int64, reals as float64, numeric as a decimal string in a
// field of type NUMERIC, booleans as 0/1 in a field of type BOOLEAN, text
// as text and any other type (dates, JSON) as its text; geometries in 2D.
func ReadTable(ctx context.Context, conn *pgx.Conn, schema, table string, maxRows int) (*Table, error) {
	t := &Table{Name: table}
	type col struct{ name, typ string }
	var cols []col
	rows, err := conn.Query(ctx, `SELECT column_name::text, udt_name::text FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, schema, table)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.name, &c.typ); err != nil {
			rows.Close()
			return nil, err
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range cols {
		if c.typ == "geometry" && (t.Geometry == "" || c.name == "geom") {
			t.Geometry = c.name
		}
	}
	if t.Geometry == "" {
		return nil, fmt.Errorf("postgis: %s.%s has no geometry column", schema, table)
	}
	var srid int32
	if err := conn.QueryRow(ctx, `SELECT srid FROM geometry_columns WHERE f_table_schema = $1 AND f_table_name = $2 AND f_geometry_column = $3`, schema, table, t.Geometry).Scan(&srid); err != nil {
		return nil, fmt.Errorf("postgis: %s.%s.%s: %w", schema, table, t.Geometry, err)
	}
	t.SRID = int(srid)
	var srtext *string
	if err := conn.QueryRow(ctx, `SELECT srtext FROM spatial_ref_sys WHERE srid = $1`, srid).Scan(&srtext); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if srtext != nil {
		t.SRSText = *srtext
	}
	// A primary key of one integer column is the feature's id, as GDAL
	// reads it (fid, gid, ogc_fid): the rows' order, not an attribute.
	var keys []string
	kr, err := conn.Query(ctx, `SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND i.indisprimary`, schema, table)
	if err != nil {
		return nil, err
	}
	if keys, err = pgx.CollectRows(kr, pgx.RowTo[string]); err != nil {
		return nil, err
	}
	key := ""
	for _, c := range cols {
		if len(keys) == 1 && c.name == keys[0] && (c.typ == "int2" || c.typ == "int4" || c.typ == "int8") {
			key = c.name
		}
	}
	sel := []string{"ST_AsBinary(ST_Force2D(" + quote(t.Geometry) + "))"}
	for _, c := range cols {
		if c.typ == "geometry" || c.typ == "geography" || c.name == key {
			continue
		}
		f := gpkg.Field{Name: c.name, Type: gpkg.Text}
		expr := quote(c.name) + "::text"
		switch c.typ {
		case "int2", "int4", "int8":
			f.Type, expr = gpkg.Integer, quote(c.name)+"::bigint"
		case "float4", "float8":
			f.Type, expr = gpkg.Real, quote(c.name)+"::double precision"
		case "numeric":
			f.Type = "NUMERIC"
		case "bool":
			f.Type, expr = "BOOLEAN", "("+quote(c.name)+")::int::bigint"
		}
		t.Fields = append(t.Fields, f)
		sel = append(sel, expr)
	}
	var n int64
	if err := conn.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM %s.%s`, quote(schema), quote(table))).Scan(&n); err != nil {
		return nil, err
	}
	if maxRows > 0 && n > int64(maxRows) {
		return nil, fmt.Errorf("%w: %s.%s has %d rows, more than %d", ErrLimit, schema, table, n, maxRows)
	}
	// Rows in the order of their columns, first to last (the first is
	// most often the table's key): the same table reads the same.
	order := ""
	if key != "" {
		order = "," + quote(key)
	} else {
		for k := 2; k <= len(sel); k++ {
			order += fmt.Sprintf(",%d", k)
		}
	}
	if order != "" {
		order = " ORDER BY " + order[1:]
	}
	fr, err := conn.Query(ctx, fmt.Sprintf(`SELECT %s FROM %s.%s%s`, strings.Join(sel, ", "), quote(schema), quote(table), order))
	if err != nil {
		return nil, err
	}
	defer fr.Close()
	for fr.Next() {
		vals, err := fr.Values()
		if err != nil {
			return nil, err
		}
		i := len(t.Features)
		var g orb.Geometry
		if b, ok := vals[0].([]byte); ok {
			if g, err = wkb.Unmarshal(b); err != nil {
				return nil, fmt.Errorf("postgis: %s.%s row %d: %v", schema, table, i+1, err)
			}
		}
		ft := gpkg.Feature{Geometry: g, Values: make([]any, len(t.Fields))}
		for k, v := range vals[1:] {
			switch v := v.(type) {
			case nil, int64, float64:
				ft.Values[k] = v
			case string:
				if t.Fields[k].Type == "NUMERIC" {
					if _, ok := new(big.Float).SetString(v); !ok {
						return nil, fmt.Errorf("postgis: %s.%s row %d: %s = %q is not a number", schema, table, i+1, t.Fields[k].Name, v)
					}
				}
				ft.Values[k] = v
			default:
				return nil, fmt.Errorf("postgis: %s.%s row %d: %s: a value of type %T", schema, table, i+1, t.Fields[k].Name, v)
			}
		}
		t.Features = append(t.Features, ft)
		if len(t.Features) > int(n) {
			return nil, fmt.Errorf("%w: %s.%s grew while read", ErrLimit, schema, table)
		}
	}
	return t, fr.Err()
}

// quote is an SQL identifier, quoted.
func quote(name string) string { return pgx.Identifier{name}.Sanitize() }
