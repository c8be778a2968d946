package gpkg

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Read reads every layer of a GeoPackage written by Write, in the order
// written, after checking that the file is whole and its content digest
// matches. Any failure wraps ErrCorrupt (or is the I/O error of opening
// the file). With no key, only accidental damage is detected: anyone can
// change the file and recompute its digest (use ReadSealed).
func Read(ctx context.Context, path string) ([]Layer, []SRS, error) {
	layers, srs, _, err := ReadMeta(ctx, path)
	return layers, srs, err
}

// ReadMeta is Read that also returns the application metadata written by
// WriteMeta, sorted by key. A sealed file is read too, its seal unchecked.
func ReadMeta(ctx context.Context, path string) ([]Layer, []SRS, [][2]string, error) {
	return readFile(ctx, path, nil, false, false)
}

// ReadSealed is ReadMeta for a file written by WriteSealed with key: a
// file with no seal, or whose seal does not verify with key, is refused
// with ErrTampered, so a change by anyone without the key is detected.
func ReadSealed(ctx context.Context, path string, key []byte) ([]Layer, []SRS, [][2]string, error) {
	if len(key) == 0 {
		return nil, nil, nil, fmt.Errorf("%w: %s: no key to check the seal with", ErrTampered, path)
	}
	return readFile(ctx, path, key, false, false)
}

// Verify checks a file as ReadSealed (with key) or ReadMeta (without)
// do, every row against the digest and, with key, the seal, but keeps no
// row: a file of any size is checked in little memory. It returns the
// application metadata.
func Verify(ctx context.Context, path string, key []byte) ([][2]string, error) {
	_, _, meta, err := readFile(ctx, path, key, false, true)
	return meta, err
}

// ContentDigest returns the content digest of the file as Read computes
// it, whatever digest the file stores: what anyone can compute, which is
// why only a seal proves who wrote a file.
func ContentDigest(ctx context.Context, path string) (string, error) {
	_, _, meta, err := readFile(ctx, path, nil, true, false)
	if err != nil {
		return "", err
	}
	return meta[0][1], nil
}

// readFile reads path; with digestOnly, its metadata is only the digest
// computed, unchecked; with discard, the rows are checked but not kept.
func readFile(ctx context.Context, path string, key []byte, digestOnly, discard bool) ([]Layer, []SRS, [][2]string, error) {
	if _, err := readHeader(path, ErrCorrupt); err != nil {
		return nil, nil, nil, err
	}
	db, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	defer db.Close()
	layers, srs, meta, err := read(ctx, db, key, digestOnly, discard)
	if errors.Is(err, ErrTampered) {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	return layers, srs, meta, nil
}

// checkSize compares the size of a file with its SQLite header: the page
// size, and the number of pages the header declares (0: not recorded).
// Each way a file can disagree has its own message: a file cut at a page
// boundary is a whole number of pages, only fewer than declared.
func checkSize(size, pageSize, pages int64) error {
	switch {
	case pageSize < 512 || pageSize&(pageSize-1) != 0:
		return fmt.Errorf("page size %d in the header is not a SQLite page size", pageSize)
	case size%pageSize != 0:
		return fmt.Errorf("%d bytes is not a whole number of %d-byte pages: cut short or damaged", size, pageSize)
	case pages != 0 && size/pageSize < pages:
		return fmt.Errorf("%d bytes holds %d of the %d %d-byte pages its header declares: cut short", size, size/pageSize, pages, pageSize)
	case pages != 0 && size/pageSize > pages:
		return fmt.Errorf("%d bytes holds %d %d-byte pages, its header declares %d: data added after its end", size, size/pageSize, pageSize, pages)
	}
	return nil
}

func read(ctx context.Context, db *sql.DB, key []byte, digestOnly, discard bool) ([]Layer, []SRS, [][2]string, error) {
	var app, ver int
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return nil, nil, nil, err
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return nil, nil, nil, err
	}
	if app != 1196444487 || ver != 10300 {
		return nil, nil, nil, fmt.Errorf("application id %d, version %d: not a GeoPackage 1.3", app, ver)
	}
	var ok string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&ok); err != nil {
		return nil, nil, nil, err
	}
	if ok != "ok" {
		return nil, nil, nil, fmt.Errorf("integrity check: %s", ok)
	}
	meta := map[string]string{}
	rows, err := db.QueryContext(ctx, "SELECT key, value FROM diachi_meta")
	if err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		meta[k] = v
	}
	rows.Close()
	if v := meta["schema_version"]; v == "1" {
		return nil, nil, nil, fmt.Errorf("schema version 1, written by an earlier diachi whose digest left the metadata tables out and which had no seal; this reader knows %d: rebuild the file", SchemaVersion)
	} else if v != fmt.Sprint(SchemaVersion) {
		return nil, nil, nil, fmt.Errorf("schema version %q, this reader knows %d", v, SchemaVersion)
	}
	var srs []SRS
	rows, err = db.QueryContext(ctx, "SELECT srs_id, srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id NOT IN (-1, 0, 4326) ORDER BY srs_id")
	if err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var s SRS
		if err := rows.Scan(&s.ID, &s.Name, &s.Org, &s.OrgID, &s.Definition); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		srs = append(srs, s)
	}
	rows.Close()
	var layers []Layer
	// Feature tables with their geometry column, and tables of
	// attributes (no geometry, no CRS), in the order written.
	rows, err = db.QueryContext(ctx, `SELECT c.table_name, coalesce(c.srs_id, 0), coalesce(g.geometry_type_name, '') FROM gpkg_contents c
		LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		WHERE (c.data_type = 'attributes' AND c.table_name <> 'layer_styles') OR g.table_name IS NOT NULL ORDER BY c.rowid`)
	if err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var l Layer
		if err := rows.Scan(&l.Name, &l.SRSID, &l.GeomType); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		layers = append(layers, l)
	}
	rows.Close()
	h := sha256.New()
	layerSums := map[string]string{}
	for i := range layers {
		l := &layers[i]
		if !ident.MatchString(l.Name) {
			return nil, nil, nil, fmt.Errorf("layer name %q", l.Name)
		}
		cols, err := db.QueryContext(ctx, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", l.Name)
		if err != nil {
			return nil, nil, nil, err
		}
		for cols.Next() {
			var name, typ string
			if err := cols.Scan(&name, &typ); err != nil {
				cols.Close()
				return nil, nil, nil, err
			}
			if name != "fid" && name != "geom" {
				l.Fields = append(l.Fields, Field{name, FieldType(strings.ToUpper(typ))})
			}
		}
		cols.Close()
		hashLayer(h, *l)
		lh := layerHash(l)
		hw := io.MultiWriter(h, lh)
		names := []string{"geom"}
		if l.GeomType == "" {
			names[0] = "NULL" // a table of attributes
		}
		for _, f := range l.Fields {
			names = append(names, quote(f.Name))
		}
		rs, err := db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s ORDER BY fid", strings.Join(names, ", "), l.Name))
		if err != nil {
			return nil, nil, nil, err
		}
		var scratch []byte
		for rs.Next() {
			var blob []byte
			vals := make([]any, len(l.Fields))
			ptrs := make([]any, len(names))
			ptrs[0] = &blob
			for k := range vals {
				ptrs[k+1] = &vals[k]
			}
			if err := rs.Scan(ptrs...); err != nil {
				rs.Close()
				return nil, nil, nil, err
			}
			for _, v := range vals {
				switch v.(type) {
				case nil, string, int64, float64, []byte:
				default:
					rs.Close()
					return nil, nil, nil, fmt.Errorf("layer %q: value of type %T", l.Name, v)
				}
			}
			// Hashed as stored: a cell changed from TEXT to BLOB (which GDAL
			// and QGIS read as binary) no longer matches the digest, written
			// from text.
			scratch = hashFeature(hw, scratch[:0], blob, vals)
			for k, v := range vals {
				if x, ok := v.([]byte); ok {
					vals[k] = string(x)
				}
			}
			g, err := decode(blob)
			if err != nil {
				rs.Close()
				return nil, nil, nil, fmt.Errorf("layer %q: %v", l.Name, err)
			}
			if !discard {
				l.Features = append(l.Features, Feature{Geometry: g, Values: vals})
			}
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return nil, nil, nil, err
		}
		layerSums[l.Name] = hex.EncodeToString(lh.Sum(nil))
	}
	if err := hashTables(ctx, db, h); err != nil {
		return nil, nil, nil, err
	}
	var extra [][2]string
	for k, v := range meta {
		if !reserved[k] {
			extra = append(extra, [2]string{k, v})
		}
	}
	slices.SortFunc(extra, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	hashMeta(h, extra)
	digest := h.Sum(nil)
	got := hex.EncodeToString(digest)
	if digestOnly {
		return layers, srs, [][2]string{{"digest", got}}, nil
	}
	if key != nil {
		// The seal first: with a key, any change is tampering, whether or
		// not the digest was recomputed to match.
		s, sealed := meta["seal"]
		switch {
		case !sealed:
			return nil, nil, nil, fmt.Errorf("%w: it has no seal (written without a key, or its seal was removed)", ErrTampered)
		case meta["key_id"] != KeyID(key):
			return nil, nil, nil, fmt.Errorf("%w: sealed with key id %q, not with the key given (key id %s): the wrong key, or the file was altered", ErrTampered, meta["key_id"], KeyID(key))
		case !hmac.Equal([]byte(s), []byte(seal(key, digest))):
			return nil, nil, nil, fmt.Errorf("%w: its content does not match its seal: changed since it was written", ErrTampered)
		case got != meta["digest"]:
			return nil, nil, nil, fmt.Errorf("%w: its stored digest was changed", ErrTampered)
		}
		if err := checkPartsWhole(ctx, db, meta, extra, layerSums, key); err != nil {
			return nil, nil, nil, err
		}
		return layers, srs, extra, nil
	}
	if got != meta["digest"] {
		return nil, nil, nil, fmt.Errorf("content digest %s does not match the one written, %s: the file was altered", got[:16], meta["digest"][:min(16, len(meta["digest"]))])
	}
	if err := checkPartsWhole(ctx, db, meta, extra, layerSums, key); err != nil {
		return nil, nil, nil, err
	}
	return layers, srs, extra, nil
}
