package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/postgis"
)

// LoadPostGIS reads the layers of a Source from the tables of a schema of
// a PostgreSQL/PostGIS database, as Load reads a GeoPackage: a layer is
// the table of its name (or the one opts.Mapping names), its geometry the
// table's geometry column (geom when it has several), its attributes the
// other columns, rows in the order of their columns; the CRS is the
// column's SRID (read from spatial_ref_sys when geo/crs does not know the
// code). A schema SavePostGIS wrote reads back as its source. The same
// input findings as Load come back. A table of more than MaxFeatures rows
// is refused (ErrTooLarge).
func LoadPostGIS(ctx context.Context, conn *pgx.Conn, schema string, opts LoadOptions) (*Source, []Finding, error) {
	names, err := postgis.TableNames(ctx, conn, schema)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: PostGIS schema %s: %w", ErrSource, schema, err)
	}
	where := "PostGIS schema " + schema
	open := func(name string) (*inputLayer, error) {
		t, err := tableFor(where, names, name)
		if err != nil || t == "" {
			return nil, err
		}
		tab, err := postgis.ReadTable(ctx, conn, schema, t, MaxFeatures)
		if err != nil {
			if errors.Is(err, postgis.ErrLimit) {
				return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
			}
			return nil, fmt.Errorf("%w: %w", ErrSource, err)
		}
		in := &inputLayer{file: schema + "." + t}
		if _, err := crs.Lookup(crs.Code(tab.SRID)); err == nil {
			in.crs = crs.Code(tab.SRID)
		} else if tab.SRID != 0 {
			if in.crs, err = crs.FromWKT(tab.SRSText); err != nil {
				return nil, fmt.Errorf("%w: %s.%s: SRID %d: %w", ErrSource, schema, t, tab.SRID, err)
			}
		}
		if err := in.fromColumns(tab.Fields, tab.Features); err != nil {
			return nil, fmt.Errorf("%w: %s.%s: %w", ErrSource, schema, t, err)
		}
		return in, nil
	}
	looked := func(ns []string) string { return "tables " + strings.Join(ns, ", ") + " of " + where }
	return load(ctx, where, open, looked, opts)
}
