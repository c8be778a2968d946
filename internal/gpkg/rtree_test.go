package gpkg_test

import (
	"context"
	"database/sql"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// writeSample writes sample() and opens it with SQLite for inspection.
func writeSample(t *testing.T) (string, []gpkg.Layer, *sql.DB) {
	t.Helper()
	srs, layers := sample()
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return path, layers, db
}

// box is an R-tree row.
type box struct{ minx, maxx, miny, maxy float64 }

func rtreeRows(t *testing.T, db *sql.DB, layer string) map[int64]box {
	t.Helper()
	rows, err := db.Query("SELECT id, minx, maxx, miny, maxy FROM rtree_" + layer + "_geom")
	require.NoError(t, err)
	defer rows.Close()
	out := map[int64]box{}
	for rows.Next() {
		var id int64
		var b box
		require.NoError(t, rows.Scan(&id, &b.minx, &b.maxx, &b.miny, &b.maxy))
		out[id] = b
	}
	require.NoError(t, rows.Err())
	return out
}

// Every feature layer carries the R-tree index of the GeoPackage
// specification: declared in gpkg_extensions, one row per feature (fid)
// whose box holds the geometry, and the six triggers that keep it in
// step.
func TestSpatialIndex(t *testing.T) {
	_, layers, db := writeSample(t)
	for _, l := range layers {
		var scope string
		require.NoError(t, db.QueryRow(`SELECT scope FROM gpkg_extensions WHERE table_name = ? AND column_name = 'geom' AND extension_name = 'gpkg_rtree_index'`, l.Name).Scan(&scope), l.Name)
		assert.Equal(t, "write-only", scope)
		var triggers []string
		rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name`, l.Name)
		require.NoError(t, err)
		for rows.Next() {
			var n string
			require.NoError(t, rows.Scan(&n))
			triggers = append(triggers, strings.TrimPrefix(n, "rtree_"+l.Name+"_geom_"))
		}
		rows.Close()
		assert.Equal(t, []string{"delete", "insert", "update1", "update2", "update3", "update4"}, triggers, l.Name)

		got := rtreeRows(t, db, l.Name)
		require.Len(t, got, len(l.Features), l.Name)
		for i, f := range l.Features {
			b, ok := got[int64(i+1)]
			require.True(t, ok, "%s fid %d not indexed", l.Name, i+1)
			want := f.Geometry.Bound()
			// Stored as 32-bit floats rounded outwards: the box holds the
			// geometry and is at most one float32 step larger.
			assert.True(t, b.minx <= want.Min[0] && b.maxx >= want.Max[0] && b.miny <= want.Min[1] && b.maxy >= want.Max[1],
				"%s fid %d: box %v does not hold %v", l.Name, i+1, b, want)
			assert.InDelta(t, want.Min[0], b.minx, 0.07)
			assert.InDelta(t, want.Max[1], b.maxy, 0.07)
		}
	}
}

// The triggers keep the index right when a GIS edits the table: an
// inserted feature is indexed, a moved one re-indexed, a deleted or
// emptied one dropped. They run on this process's own SQL functions.
func TestSpatialIndexTriggers(t *testing.T) {
	_, _, db := writeSample(t)
	var blob []byte
	require.NoError(t, db.QueryRow(`SELECT geom FROM parcels WHERE fid = 1`).Scan(&blob))

	res, err := db.Exec(`INSERT INTO parcels (geom, sheet, number, commune, area) SELECT geom, 99, 1, '27478', 1.0 FROM parcels WHERE fid = 2`)
	require.NoError(t, err)
	fid, err := res.LastInsertId()
	require.NoError(t, err)
	rows := rtreeRows(t, db, "parcels")
	require.Contains(t, rows, fid)
	assert.Equal(t, rows[2], rows[fid], "the copy of fid 2 has its box")

	_, err = db.Exec(`UPDATE parcels SET geom = ? WHERE fid = ?`, blob, fid)
	require.NoError(t, err)
	assert.Equal(t, rtreeRows(t, db, "parcels")[1], rtreeRows(t, db, "parcels")[fid], "moved onto fid 1's geometry")

	_, err = db.Exec(`UPDATE parcels SET geom = NULL WHERE fid = ?`, fid)
	require.NoError(t, err)
	assert.NotContains(t, rtreeRows(t, db, "parcels"), fid, "a feature without geometry is not indexed")

	_, err = db.Exec(`DELETE FROM parcels WHERE fid = 3`)
	require.NoError(t, err)
	assert.NotContains(t, rtreeRows(t, db, "parcels"), int64(3))

	// Points have no envelope in their header: the box comes from WKB.
	_, err = db.Exec(`UPDATE houses SET geom = (SELECT geom FROM houses WHERE fid = 5) WHERE fid = 4`)
	require.NoError(t, err)
	h := rtreeRows(t, db, "houses")
	assert.Equal(t, h[5], h[4])
	assert.InDelta(t, h[4].minx, h[4].maxx, 1e-5, "a point's box is the point, to float32 rounding")

	// Not a geometry: the functions refuse it rather than index nonsense.
	_, err = db.Exec(`UPDATE houses SET geom = x'0102' WHERE fid = 4`)
	assert.ErrorContains(t, err, "not a GeoPackage geometry")
}

// The index is derived data outside the digest: a file whose index a GIS
// rebuilt (or dropped) reads the same; its features still may not change.
func TestSpatialIndexNotInDigest(t *testing.T) {
	path, layers, _ := writeSample(t)
	rebuilt := alter(t, path, `DELETE FROM rtree_parcels_geom WHERE id = 7`)
	got, _, err := gpkg.Read(context.Background(), rebuilt)
	require.NoError(t, err)
	assert.Equal(t, layers[0].Features, got[0].Features)
}

// GDAL's own checks, where GDAL is installed: its GeoPackage validator
// passes, and a bounding-box query is answered from the R-tree, with
// exactly the features whose boxes meet the query box.
func TestGDALSpatialIndex(t *testing.T) {
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo (Debian gdal-bin) not installed; skipping the GDAL check")
	}
	path, layers, _ := writeSample(t)
	validateGPKG(t, path)

	q := orb.Bound{Min: orb.Point{600012, 1187030}, Max: orb.Point{600031, 1187071}}
	want := 0
	for _, f := range layers[0].Features {
		if f.Geometry.Bound().Intersects(q) {
			want++
		}
	}
	require.Positive(t, want)
	cmd := exec.Command(ogr, "-ro", "-so", path, "parcels", "-spat", "600012", "1187030", "600031", "1187071", "--debug", "on")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	s := string(out)
	assert.Contains(t, s, `"rtree_parcels_geom"`, "GDAL answers the bounding box from the R-tree")
	assert.Contains(t, s, "Feature Count: "+strconv.Itoa(want))
}

// rtreeCheck runs SQLite's own consistency check of an R-tree.
func rtreeCheck(t *testing.T, db *sql.DB, layer string) {
	t.Helper()
	var res string
	require.NoError(t, db.QueryRow(`SELECT rtreecheck('rtree_`+layer+`_geom')`).Scan(&res))
	assert.Equal(t, "ok", res, layer)
}

// The packed tree is one SQLite's R-tree module reads as its own: deep
// enough to have three levels, rtreecheck passes, every box query gives
// exactly the features whose boxes meet it, and it stays right through
// inserts, moves and deletes made by SQL afterwards.
func TestPackedRTree(t *testing.T) {
	layer := gpkg.Layer{Name: "points", SRSID: 4326, GeomType: "GEOMETRY", Fields: []gpkg.Field{{"k", gpkg.Integer}}}
	rng := rand.New(rand.NewPCG(7, 8))
	var want []orb.Bound
	for i := range 6000 {
		x, y := 106+rng.Float64(), 10+rng.Float64()
		var g orb.Geometry = orb.Point{x, y}
		if i%3 == 0 {
			w := rng.Float64() * 1e-3
			g = orb.Polygon{{{x, y}, {x + w, y}, {x + w, y + w}, {x, y + w}, {x, y}}}
		}
		if i%1000 == 5 {
			g = nil // no geometry: not indexed
		}
		layer.Features = append(layer.Features, gpkg.Feature{Geometry: g, Values: []any{int64(i)}})
		if g != nil {
			want = append(want, g.Bound())
		} else {
			want = append(want, orb.Bound{Min: orb.Point{math.NaN(), math.NaN()}})
		}
	}
	path := filepath.Join(t.TempDir(), "pts.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, nil, []gpkg.Layer{layer}))
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var root []byte
	require.NoError(t, db.QueryRow(`SELECT data FROM rtree_points_geom_node WHERE nodeno = 1`).Scan(&root))
	depth := int(root[0])<<8 | int(root[1])
	rtreeCheck(t, db, "points")

	query := func(b orb.Bound) []int64 {
		rows, err := db.Query(`SELECT id FROM rtree_points_geom WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id`, b.Min[0], b.Max[0], b.Min[1], b.Max[1])
		require.NoError(t, err)
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			require.NoError(t, rows.Scan(&id))
			ids = append(ids, id)
		}
		return ids
	}
	brute := func(b orb.Bound) []int64 {
		var ids []int64
		for i, w := range want {
			if !math.IsNaN(w.Min[0]) && w.Intersects(b) {
				ids = append(ids, int64(i+1))
			}
		}
		return ids
	}
	for range 200 {
		x, y, s := 106+rng.Float64(), 10+rng.Float64(), rng.Float64()*0.05
		b := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + s, y + s}}
		// The stored boxes are float32 rounded outwards: a feature may
		// only be added by the rounding, within a float32 step of b.
		got, exp := query(b), brute(b)
		assert.Subset(t, got, exp)
		assert.Subset(t, brute(b.Pad(1e-5)), got)
	}
	assert.Equal(t, 2, depth, "6,000 entries of 51 a node: leaves, one level above, the root")

	// Changes through SQL afterwards go through SQLite's R-tree.
	_, err = db.Exec(`INSERT INTO points (geom, k) SELECT geom, -1 FROM points WHERE fid = 2`)
	require.NoError(t, err)
	_, err = db.Exec(`UPDATE points SET geom = (SELECT geom FROM points WHERE fid = 9) WHERE fid BETWEEN 100 AND 2000`)
	require.NoError(t, err)
	_, err = db.Exec(`DELETE FROM points WHERE fid BETWEEN 5000 AND 9000`)
	require.NoError(t, err)
	rtreeCheck(t, db, "points")
	var n, indexed int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM points WHERE geom IS NOT NULL`).Scan(&n))
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM rtree_points_geom`).Scan(&indexed))
	assert.Equal(t, n, indexed)
}

// A layer without geometry is a GeoPackage table of attributes: no
// geometry column, no index, registered as attributes; it reads back
// exactly, GDAL lists it with no geometry type and validates the file,
// and a geometry given to it is refused.
func TestAttributesTable(t *testing.T) {
	srs, layers := sample()
	history := gpkg.Layer{Name: "history", Fields: []gpkg.Field{{"seq", gpkg.Integer}, {"what", gpkg.Text}}}
	for i := range 5 {
		history.Features = append(history.Features, gpkg.Feature{Values: []any{int64(i), "đổi tên đường"}})
	}
	layers = append(layers, history)
	path := filepath.Join(t.TempDir(), "attrs.gpkg")
	require.NoError(t, gpkg.Write(context.Background(), path, srs, layers))
	got, _, err := gpkg.Read(context.Background(), path)
	require.NoError(t, err)
	require.Len(t, got, len(layers))
	assert.Equal(t, "", got[3].GeomType)
	assert.Equal(t, 0, got[3].SRSID)
	assert.Equal(t, history.Features, got[3].Features)
	validateGPKG(t, path)
	if ogr, err := exec.LookPath("ogrinfo"); err == nil {
		out, err := exec.Command(ogr, "-ro", "-q", path).CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Contains(t, string(out), "history (None)")
	}

	bad := history
	bad.Features = []gpkg.Feature{{Geometry: orb.Point{1, 2}, Values: []any{int64(1), "x"}}}
	assert.ErrorIs(t, gpkg.Write(context.Background(), path, nil, []gpkg.Layer{bad}), gpkg.ErrSchema)
	bad = history
	bad.SRSID = 4326
	assert.ErrorIs(t, gpkg.Write(context.Background(), path, nil, []gpkg.Layer{bad}), gpkg.ErrSchema)
}
