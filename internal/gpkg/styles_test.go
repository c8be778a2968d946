package gpkg_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// A layer's style is written to layer_styles as QGIS reads it (one
// default row per styled layer, the table registered as attributes), is
// not read back as a layer, and is outside the digest and the seal: a
// style saved over it leaves the file readable, while a changed feature
// is still refused. GDAL's validator passes the file.
func TestStyles(t *testing.T) {
	ctx := context.Background()
	srs, layers := sample()
	layers[1].Style = gpkg.Style{Name: "houses", QML: "<qgis/>", Description: "numbers"}
	key := []byte("a test key of sixteen bytes+")
	path := filepath.Join(t.TempDir(), "styled.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, path, srs, layers, nil, key))
	validateGPKG(t, path)

	got, _, _, err := gpkg.ReadSealed(ctx, path, key)
	require.NoError(t, err)
	require.Len(t, got, len(layers), "layer_styles is not a layer")

	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var table, geom, name, qml, schema string
	var def int
	require.NoError(t, db.QueryRow(`SELECT f_table_name, f_geometry_column, styleName, styleQML, useAsDefault, f_table_schema FROM layer_styles`).
		Scan(&table, &geom, &name, &qml, &def, &schema))
	require.Equal(t, []any{"houses", "geom", "houses", "<qgis/>", 1, ""}, []any{table, geom, name, qml, def, schema})
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM gpkg_contents WHERE table_name = 'layer_styles' AND data_type = 'attributes'`).Scan(&n))
	require.Equal(t, 1, n)

	// QGIS saves another style as the default: the data is unchanged.
	_, err = db.Exec(`UPDATE layer_styles SET useAsDefault = 0; INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, useAsDefault) VALUES ('', '', 'houses', 'geom', 'mine', '<qgis version="3.22"/>', 1)`)
	require.NoError(t, err)
	_, _, _, err = gpkg.ReadSealed(ctx, path, key)
	require.NoError(t, err)
	// A feature changed is not.
	_, err = db.Exec(`UPDATE houses SET number = '13B' WHERE fid = 1`)
	require.NoError(t, err)
	_, _, _, err = gpkg.ReadSealed(ctx, path, key)
	require.ErrorIs(t, err, gpkg.ErrTampered)

	// Without a styled layer there is no table.
	plain := filepath.Join(t.TempDir(), "plain.gpkg")
	_, layers = sample()
	require.NoError(t, gpkg.Write(ctx, plain, srs, layers))
	db2, err := sql.Open("sqlite", plain)
	require.NoError(t, err)
	defer db2.Close()
	require.NoError(t, db2.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'layer_styles'`).Scan(&n))
	require.Zero(t, n)
}
