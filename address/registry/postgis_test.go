package registry_test

import (
	"context"
	neturl "net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/postgis"
	"github.com/diachi-vn/diachi/internal/postgis/postgistest"
)

// pgConn opens the server named by DIACHI_POSTGIS_URL, or skips.
func pgConn(t testing.TB) *pgx.Conn { return postgistest.Conn(t) }

// diachi -> PostGIS -> diachi gives the same registry: the source layers,
// every house, parcel and street with its number and ID, the findings and
// the counter; a changed row is refused, a wrong key too.
func TestPostGISRoundTrip(t *testing.T) {
	conn := pgConn(t)
	ctx := context.Background()
	reg := sample(t)
	require.NoError(t, reg.SavePostGIS(ctx, conn, "diachi_test_town"))
	back, err := registry.OpenPostGIS(ctx, conn, "diachi_test_town", registry.Options{IDKey: testKey})
	require.NoError(t, err)
	assert.True(t, back.Sealed())
	assert.Equal(t, reg.Source(), back.Source(), "source layers read back exactly")
	assert.Equal(t, slices.Collect(reg.Houses()), slices.Collect(back.Houses()))
	assert.Equal(t, slices.Collect(reg.Parcels()), slices.Collect(back.Parcels()))
	assert.Equal(t, slices.Collect(reg.Streets()), slices.Collect(back.Streets()))
	assert.Equal(t, reg.Findings(), back.Findings())
	assert.Equal(t, reg.NextCounter(), back.NextCounter())

	// The WGS84 column is each vertex as the registry transforms it, with
	// the national VN-2000 parameters: PROJ inside PostGIS, given the same
	// parameters, agrees to a centimetre on every building. (PROJ's own
	// choice for EPSG:9210 in the south is another official set, up to
	// about a metre away: the column is what diachi computed.)
	const tm3 = "+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 " +
		"+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +units=m +no_defs"
	var worst float64
	require.NoError(t, conn.QueryRow(ctx, `SELECT max(ST_HausdorffDistance(geom_wgs84, ST_Transform(geom, $1::text, 4326))) FROM diachi_test_town.houses`, tm3).Scan(&worst))
	assert.Less(t, worst, 1e-7, "degrees")
	h, _ := reg.House(registry.HouseAt(10))
	var lon float64
	require.NoError(t, conn.QueryRow(ctx, `SELECT ST_X(ST_Centroid(geom_wgs84)) FROM diachi_test_town.houses WHERE fid = 11`).Scan(&lon))
	assert.InDelta(t, h.Point[0], lon, 2e-4, "the footprint's centre is near the house point")
	assert.Equal(t, crs.Code(9210), back.CRS())

	_, err = registry.OpenPostGIS(ctx, conn, "diachi_test_town", registry.Options{IDKey: []byte("another office's secret key")})
	assert.ErrorIs(t, err, postgis.ErrTampered)
	_, err = conn.Exec(ctx, `UPDATE diachi_test_town.houses SET number = '999' WHERE fid = 3`)
	require.NoError(t, err)
	_, err = registry.OpenPostGIS(ctx, conn, "diachi_test_town", registry.Options{IDKey: testKey})
	assert.ErrorIs(t, err, postgis.ErrTampered)
	_, err = registry.OpenPostGIS(ctx, conn, "diachi_test_town", registry.Options{})
	assert.ErrorIs(t, err, postgis.ErrCorrupt)
}

// Tables an office keeps in PostGIS, written there by GDAL from the
// sample layers, build the same registry as the GeoJSON, house by house,
// and reading them finds what reading the GeoJSON finds.
func TestTownFromPostGISTables(t *testing.T) {
	conn := pgConn(t)
	url := os.Getenv("DIACHI_POSTGIS_URL")
	ctx := context.Background()
	want, wantInput := townFromGeoJSON(t)
	_, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS diachi_test_office CASCADE; CREATE SCHEMA diachi_test_office`)
	require.NoError(t, err)
	for _, l := range []string{"streets", "parcels", "buildings", "entrances", "communes", "postal_zones"} {
		ogr2ogr(t, "-f", "PostgreSQL", "PG:"+pgDSN(url), filepath.Join(townDir, l+".geojson"), "-nln", "diachi_test_office."+l,
			"-lco", "GEOMETRY_NAME=geom", "-lco", "FID=gid", "-lco", "LAUNDER=NO") // names as they are (else ext_vnpost-2021 becomes ext_vnpost_2021, a name to map)
	}
	src, input, err := registry.LoadPostGIS(ctx, conn, "diachi_test_office", registry.LoadOptions{})
	require.NoError(t, err)
	reg := buildTown(t, src)
	wh, wf := registryText(t, want, false)
	gh, gf := registryText(t, reg, false)
	require.Equal(t, wh, gh)
	require.Equal(t, wf, gf)
	// GDAL's key column gid is the rows' id, not an attribute.
	assert.Equal(t, inputText(wantInput), inputText(input))
}

// A registry saved to PostGIS reads back as its source through
// LoadPostGIS, and builds the same registry, its address IDs kept.
func TestLoadPostGISSavedRegistry(t *testing.T) {
	conn := pgConn(t)
	ctx := context.Background()
	want, _ := townFromGeoJSON(t)
	require.NoError(t, want.SavePostGIS(ctx, conn, "diachi_test_saved"))
	src, _, err := registry.LoadPostGIS(ctx, conn, "diachi_test_saved", registry.LoadOptions{})
	require.NoError(t, err)
	reg := buildTown(t, src)
	wh, wf := registryText(t, want, false)
	gh, gf := registryText(t, reg, false)
	require.Equal(t, wh, gh)
	require.Equal(t, wf, gf)

	_, _, err = registry.LoadPostGIS(ctx, conn, "diachi_test_nothing_here", registry.LoadOptions{})
	assert.ErrorIs(t, err, registry.ErrSource)
}

// pgDSN turns a postgres:// URL into GDAL's PG: connection string.
func pgDSN(url string) string {
	u, err := neturl.Parse(url)
	if err != nil {
		return url
	}
	parts := []string{"host=" + u.Hostname(), "port=" + u.Port(), "dbname=" + strings.TrimPrefix(u.Path, "/"), "user=" + u.User.Username()}
	if p, ok := u.User.Password(); ok {
		parts = append(parts, "password="+p)
	}
	return strings.Join(parts, " ")
}
