package registry

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/internal/postgis"
)

// SavePostGIS writes the registry to a schema of a PostgreSQL/PostGIS
// database: the layers and fields Save writes to a GeoPackage, one table
// each, geometry in the source CRS (geom) and in WGS84 (geom_wgs84), each
// with a GiST index, the metadata, and the digest sealed with the
// registry's key. The schema is replaced whole in one transaction, and
// only when it holds nothing but a registry saved there before (a schema
// holding other tables is refused). Names are lower-case letters, digits
// and _ (not public).
func (r *Registry) SavePostGIS(ctx context.Context, conn *pgx.Conn, schema string) error {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return err
		}
		return w.SavePostGIS(ctx, conn, schema)
	}
	key, err := r.opts.key()
	if err != nil {
		return fmt.Errorf("registry: save: %w", err)
	}
	srs, layers, meta, err := r.saveParts()
	if err != nil {
		return fmt.Errorf("registry: save: %w", err)
	}
	t, err := newTransform(r.sourceCRS)
	if err != nil {
		return fmt.Errorf("registry: save: %w", err)
	}
	wgs84 := func(_ string, g orb.Geometry) (orb.Geometry, error) { return t.geometry(g) }
	if err := postgis.Write(ctx, conn, schema, srs, layers, meta, wgs84, key); err != nil {
		return fmt.Errorf("registry: save to PostGIS: %w", err)
	}
	return nil
}

// OpenPostGIS reads a registry SavePostGIS wrote to schema, as Open reads
// a file: the same checks (the seal with the key in opts, the digest
// without one; a table changed in the database is refused) and the same
// registry back, its issued numbers and IDs kept.
func OpenPostGIS(ctx context.Context, conn *pgx.Conn, schema string, opts Options) (*Registry, error) {
	var key []byte
	if opts.DemoKey || len(opts.IDKey) > 0 {
		k, err := opts.key()
		if err != nil {
			return nil, err
		}
		key = k
	}
	layers, meta, err := postgis.Read(ctx, conn, schema, key)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	return openLayers(ctx, "PostGIS schema "+schema, layers, meta, key, opts)
}
