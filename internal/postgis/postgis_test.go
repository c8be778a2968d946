package postgis_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
	"github.com/diachi-vn/diachi/internal/postgis"
	"github.com/diachi-vn/diachi/internal/postgis/postgistest"
)

// connect opens the server named by DIACHI_POSTGIS_URL, or skips.
func connect(t testing.TB) *pgx.Conn { return postgistest.Conn(t) }

// shift is a stand-in transform to WGS84 for the tests: any function of
// the geometry will do, the store only keeps what it is given.
func shift(_ string, g orb.Geometry) (orb.Geometry, error) {
	switch g := g.(type) {
	case orb.Point:
		return orb.Point{g[0] / 1e4, g[1] / 1e5}, nil
	case orb.Polygon:
		out := orb.Polygon{}
		for _, r := range g {
			var nr orb.Ring
			for _, p := range r {
				nr = append(nr, orb.Point{p[0] / 1e4, p[1] / 1e5})
			}
			out = append(out, nr)
		}
		return out, nil
	}
	return g, nil
}

func sample() ([]gpkg.SRS, []gpkg.Layer, [][2]string) {
	tm3 := gpkg.SRS{ID: 9210, Name: "VN-2000 / TM-3 105-45", Org: "EPSG", OrgID: 9210, Definition: `PROJCS["VN-2000 / TM-3 105-45"]`}
	parcels := gpkg.Layer{Name: "parcels", SRSID: 9210, GeomType: "POLYGON",
		// order is an SQL keyword: the store quotes names.
		Fields: []gpkg.Field{{Name: "sheet", Type: gpkg.Integer}, {Name: "order", Type: gpkg.Text}, {Name: "area", Type: gpkg.Real}}}
	houses := gpkg.Layer{Name: "houses", SRSID: 9210, GeomType: "POINT", Fields: []gpkg.Field{{Name: "number", Type: gpkg.Text}}}
	for i := range 500 {
		x, y := 600000+float64(i%25)*5, 1187000+float64(i/25)*20
		var key any = fmt.Sprintf("27478/%d/%d", i/25, i%25+1)
		if i%50 == 0 {
			key = nil
		}
		parcels.Features = append(parcels.Features, gpkg.Feature{
			Geometry: orb.Polygon{{{x, y}, {x + 5, y}, {x + 5, y + 20}, {x, y + 20}, {x, y}}},
			Values:   []any{int64(i / 25), key, 100.0 + float64(i)/7},
		})
		houses.Features = append(houses.Features, gpkg.Feature{Geometry: orb.Point{x + 2.5, y + 1}, Values: []any{fmt.Sprintf("%dA", 2*i+1)}})
	}
	houses.Features[7].Geometry = nil // a house without a point
	return []gpkg.SRS{tm3}, []gpkg.Layer{parcels, houses, {Name: "empty", SRSID: 4326, GeomType: "LINESTRING"}},
		[][2]string{{"crs", "9210"}, {"note", "Phường Bến Nghé"}}
}

func TestRoundTrip(t *testing.T) {
	conn := connect(t)
	ctx := context.Background()
	srs, layers, meta := sample()
	key := []byte("a test key of at least 16 bytes")
	require.NoError(t, postgis.Write(ctx, conn, "diachi_test_rt", srs, layers, meta, shift, key))
	got, gotMeta, err := postgis.Read(ctx, conn, "diachi_test_rt", key)
	require.NoError(t, err)
	assert.Equal(t, meta, gotMeta)
	require.Len(t, got, len(layers))
	for i := range layers {
		assert.Equal(t, layers[i].Name, got[i].Name)
		assert.Equal(t, layers[i].SRSID, got[i].SRSID)
		assert.Equal(t, layers[i].Fields, got[i].Fields)
		assert.Equal(t, layers[i].Features, got[i].Features, layers[i].Name)
	}
	// The WGS84 column holds what the transform gave; both columns have
	// their SRID and a GiST index the planner uses for a box query.
	var srid, wsrid int
	var wx float64
	require.NoError(t, conn.QueryRow(ctx, `SELECT ST_SRID(geom), ST_SRID(geom_wgs84), ST_X(geom_wgs84) FROM diachi_test_rt.houses WHERE fid = 1`).Scan(&srid, &wsrid, &wx))
	assert.Equal(t, 9210, srid)
	assert.Equal(t, 4326, wsrid)
	assert.InDelta(t, 600002.5/1e4, wx, 1e-9)
	_, err = conn.Exec(ctx, `SET enable_seqscan = off`)
	require.NoError(t, err)
	rows, err := conn.Query(ctx, `EXPLAIN SELECT fid FROM diachi_test_rt.parcels WHERE geom && ST_MakeEnvelope(600010, 1187010, 600030, 1187050, 9210)`)
	require.NoError(t, err)
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Contains(t, strings.Join(plan, "\n"), "parcels_geom_gist")
	_, err = conn.Exec(ctx, `RESET enable_seqscan`)
	require.NoError(t, err)

	// Writing again replaces the registry whole.
	require.NoError(t, postgis.Write(ctx, conn, "diachi_test_rt", srs, layers[:1], meta, shift, key))
	got, _, err = postgis.Read(ctx, conn, "diachi_test_rt", key)
	require.NoError(t, err)
	assert.Len(t, got, 1)
}

// A row changed, added or removed in the database is refused; with the
// key, a change whose digest was recomputed is refused too.
func TestChangedTables(t *testing.T) {
	conn := connect(t)
	ctx := context.Background()
	srs, layers, meta := sample()
	key := []byte("a test key of at least 16 bytes")
	for _, c := range []struct {
		name, sql string
		want      error
	}{
		{"value changed", `UPDATE diachi_test_ch.houses SET number = '999' WHERE fid = 3`, postgis.ErrCorrupt},
		{"geometry moved", `UPDATE diachi_test_ch.parcels SET geom = ST_Translate(geom, 1, 0) WHERE fid = 10`, postgis.ErrCorrupt},
		{"row removed", `DELETE FROM diachi_test_ch.houses WHERE fid = 500`, postgis.ErrCorrupt},
		{"row removed inside", `DELETE FROM diachi_test_ch.houses WHERE fid = 20`, postgis.ErrCorrupt},
		{"metadata changed", `UPDATE diachi_test_ch.diachi_meta SET value = '3405' WHERE key = 'crs'`, postgis.ErrCorrupt},
		{"column added", `ALTER TABLE diachi_test_ch.houses ADD COLUMN x text`, postgis.ErrCorrupt},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, postgis.Write(ctx, conn, "diachi_test_ch", srs, layers, meta, shift, nil))
			_, err := conn.Exec(ctx, c.sql)
			require.NoError(t, err)
			_, _, err = postgis.Read(ctx, conn, "diachi_test_ch", nil)
			assert.ErrorIs(t, err, c.want)
		})
	}
	// Sealed: the wrong key, and no seal, are refused.
	require.NoError(t, postgis.Write(ctx, conn, "diachi_test_ch", srs, layers, meta, shift, key))
	_, _, err := postgis.Read(ctx, conn, "diachi_test_ch", []byte("another key of 16 bytes or more"))
	assert.ErrorIs(t, err, postgis.ErrTampered)
	require.NoError(t, postgis.Write(ctx, conn, "diachi_test_ch", srs, layers, meta, shift, nil))
	_, _, err = postgis.Read(ctx, conn, "diachi_test_ch", key)
	assert.ErrorIs(t, err, postgis.ErrTampered)
}

// Write never replaces a schema that holds anything else, and refuses
// names it could not quote safely.
func TestForeignSchema(t *testing.T) {
	conn := connect(t)
	ctx := context.Background()
	srs, layers, meta := sample()
	_, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS diachi_test_other CASCADE; CREATE SCHEMA diachi_test_other; CREATE TABLE diachi_test_other.cadastre (id int)`)
	require.NoError(t, err)
	err = postgis.Write(ctx, conn, "diachi_test_other", srs, layers, meta, shift, nil)
	assert.ErrorIs(t, err, postgis.ErrSchema)
	var n int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'diachi_test_other'`).Scan(&n))
	assert.Equal(t, 1, n, "the foreign table is untouched")
	for _, s := range []string{"public", "Bad", "x; DROP TABLE y", "pg_catalog", ""} {
		assert.ErrorIs(t, postgis.Write(ctx, conn, s, srs, layers, meta, shift, nil), postgis.ErrSchema, s)
	}
	_, _, err = postgis.Read(ctx, conn, "diachi_test_none", nil)
	assert.True(t, errors.Is(err, postgis.ErrCorrupt), "%v", err)
}

// Writers that add the same CRS to spatial_ref_sys at once all succeed
// (tests of several packages write to one server side by side).
func TestConcurrentWritersAddOneCRS(t *testing.T) {
	conns := []*pgx.Conn{connect(t), connect(t), connect(t)}
	ctx := context.Background()
	const srid = 990001 // a test CRS, removed before each round
	srs := []gpkg.SRS{{ID: srid, Name: "test", Org: "TEST", OrgID: srid, Definition: `PROJCS["test"]`}}
	layers := []gpkg.Layer{{Name: "points", SRSID: srid, GeomType: "POINT", Fields: []gpkg.Field{{Name: "n", Type: gpkg.Integer}},
		Features: []gpkg.Feature{{Geometry: orb.Point{1, 2}, Values: []any{int64(1)}}}}}
	key := []byte("a test key of at least 16 bytes")
	for round := range 5 {
		_, err := conns[0].Exec(ctx, `DELETE FROM spatial_ref_sys WHERE srid = $1`, srid)
		require.NoError(t, err)
		errs := make(chan error, len(conns))
		for i, c := range conns {
			go func() {
				errs <- postgis.Write(ctx, c, fmt.Sprintf("diachi_test_srs%d", i), srs, layers, nil, shift, key)
			}()
		}
		for range conns {
			require.NoError(t, <-errs, "round %d", round)
		}
	}
}
