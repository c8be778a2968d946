package gpkg

import (
	"context"
	"database/sql"
)

// Style is a layer's default style for QGIS: the layer_styles table, a
// convention QGIS and GDAL share (not a GeoPackage extension), one row
// per styled layer with useAsDefault set, which QGIS applies when it
// opens the layer. Styles are presentation, not data: the table is
// outside the digest and the seal, so a style saved over it in QGIS
// leaves the file readable, and Read does not return it.
type Style struct {
	Name        string // styleName
	QML         string // styleQML: the QGIS layer style document
	SLD         string // styleSLD, optional
	Description string
}

// stylesTable is the name of the table of styles.
const stylesTable = "layer_styles"

// writeStyles creates layer_styles with a default style for each layer
// that has one, and registers it as a table of attributes (as GDAL does
// when QGIS saves a style), when any layer has one.
func writeStyles(ctx context.Context, tx *sql.Tx, layers []Layer) error {
	var styled []Layer
	for _, l := range layers {
		if l.Style.QML != "" {
			styled = append(styled, l)
		}
	}
	if len(styled) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT,
		f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
		styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT,
		owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`); err != nil {
		return err
	}
	for _, l := range styled {
		geom := "geom"
		if l.GeomType == "" {
			geom = ""
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,
			styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, '', NULL)`,
			l.Name, geom, l.Style.Name, l.Style.QML, l.Style.SLD, l.Style.Description); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES (?, 'attributes', ?)`, stylesTable, stylesTable)
	return err
}
