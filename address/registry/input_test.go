package registry_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

var townDir = filepath.Join("..", "..", "testdata", "town")

// registryText is what a registry says, house by house and finding by
// finding, as the golden test records it; sorted, when the order of the
// houses may differ between inputs (a Shapefile holds one geometry type,
// so planned lots come in a file of their own).
func registryText(t *testing.T, reg *registry.Registry, sorted bool) (houses, findings []string) {
	t.Helper()
	for h := range reg.Houses() {
		street, parcel, pid := "", "", ""
		if ref, ok := h.Street(); ok {
			s, _ := reg.Street(ref)
			street = s.ID
		}
		if ref, ok := h.Parcel(); ok {
			p, _ := reg.Parcel(ref)
			parcel, pid = p.Key.String(), p.ID.String()
		}
		houses = append(houses, fmt.Sprintf("%s\t%s\t%s\t%s\t%.0f\t%.9f\t%.9f\t%.9f\t%.9f\t%s\t%s\t%v\t%v\t%v\t%v\t%v\t%s\t%s",
			h.Source, h.ID, h.Number, street, float64(h.Along)*1000, h.Point[0], h.Point[1], h.Door[0], h.Door[1],
			parcel, pid, h.Commune, h.Legacy, h.Postcode, h.Status, h.Side, reg.PlusCode(h), address.Format(reg.Address(h), address.Official)))
	}
	var b bytes.Buffer
	require.NoError(t, reg.WriteFindingsCSV(&b, finding.English))
	findings = strings.Split(strings.TrimSpace(b.String()), "\n")
	if sorted {
		slices.Sort(houses)
		slices.Sort(findings)
	}
	return houses, findings
}

func buildTown(t *testing.T, src *registry.Source) *registry.Registry {
	t.Helper()
	reg, err := registry.Build(context.Background(), src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	return reg
}

// townFromGeoJSON is the sample town as `diachi town` reads it.
func townFromGeoJSON(t *testing.T) (*registry.Registry, []registry.Finding) {
	t.Helper()
	src, input, err := registry.Load(context.Background(), townDir, registry.LoadOptions{})
	require.NoError(t, err)
	return buildTown(t, src), input
}

// The sample town as Shapefiles with 10-character field names and a
// mapping file gives the same 14 findings as from GeoJSON, and reading
// it finds what reading the GeoJSON finds; without the mapping, each
// field the registry does not understand is a finding, with the name it
// was cut from suggested.
func TestTownFromShapefiles(t *testing.T) {
	ctx := context.Background()
	want, wantInput := townFromGeoJSON(t)
	_, wantFindings := registryText(t, want, true)
	require.Len(t, want.Findings(), 14)

	dir := t.TempDir()
	src, err := registry.LoadDir(ctx, townDir, 0)
	require.NoError(t, err)
	require.NoError(t, towngen.WriteShapefiles(dir, src))
	m, err := registry.ReadMapping(strings.NewReader(towngen.ShapefileMapping))
	require.NoError(t, err)
	src, input, err := registry.Load(ctx, dir, registry.LoadOptions{Mapping: m})
	require.NoError(t, err)
	require.Equal(t, want.CRS(), src.CRS)
	reg := buildTown(t, src)
	_, got := registryText(t, reg, true)
	require.Equal(t, wantFindings, got, "the findings of the Shapefiles with the mapping")
	require.Equal(t, inputText(wantInput), inputText(input), "what reading found")

	// Without the mapping: the planned lots are not read (planned.shp is
	// no layer of the registry), and each cut name is a finding.
	src, input, err = registry.Load(ctx, dir, registry.LoadOptions{})
	require.NoError(t, err)
	unknown := map[string]string{}
	for _, f := range input {
		if f.Reason == finding.UnknownAttribute {
			unknown[f.Layer+"."+f.Record] = f.Suggested
		}
	}
	require.Equal(t, map[string]string{
		"streets.cross_sect":   "cross_sect=cross_section",
		"parcels.land_use":     "",
		"buildings.parcel_she": "parcel_she=parcel_sheet",
		"buildings.parcel_num": "parcel_num=parcel_number",
	}, unknown)
	require.Less(t, len(src.Buildings), len(want.Source().Buildings))
}

func inputText(fs []registry.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s %s", f.Layer, f.Record, f.Reason, f.Suggested))
	}
	slices.Sort(out)
	return out
}

func TestMappingEntries(t *testing.T) {
	for _, bad := range []string{"cross_sect", "=x", "layer:houses=x", "layer:roads=x", "a=b,a=c", "layer:parcels=a+"} {
		if _, err := registry.ParseMapping(bad); err == nil {
			t.Errorf("%q read as a mapping", bad)
		}
	}
	_, err := registry.ReadMapping(strings.NewReader("# names\nok=fine\n\nnot an entry\n"))
	require.ErrorContains(t, err, "line 4")
	// An entry that matches nothing is a finding, not silence.
	m, err := registry.ParseMapping("no_such=number,streets.wide=cross_section")
	require.NoError(t, err)
	_, input, err := registry.Load(context.Background(), townDir, registry.LoadOptions{Mapping: m})
	require.NoError(t, err)
	var missing []string
	for _, f := range input {
		if f.Reason == finding.MissingAttribute {
			missing = append(missing, f.Layer+"."+f.Record)
		}
	}
	require.Contains(t, missing, ".no_such")
	require.Contains(t, missing, "streets.wide")
	// Two attributes read as one name is an error.
	m, _ = registry.ParseMapping("name=id")
	_, _, err = registry.Load(context.Background(), townDir, registry.LoadOptions{Mapping: m})
	require.ErrorIs(t, err, registry.ErrSource)
}

func ogr2ogr(t *testing.T, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (GDAL) is not installed: the files other tools write are not tried (apt-get install gdal-bin)")
	}
	out, err := exec.Command("ogr2ogr", args...).CombinedOutput()
	require.NoError(t, err, "ogr2ogr %s\n%s", strings.Join(args, " "), out)
}

// A GeoPackage written by GDAL from the sample layers builds the same
// registry as the GeoJSON, house by house.
func TestTownFromGDALGeoPackage(t *testing.T) {
	want, wantInput := townFromGeoJSON(t)
	gp := filepath.Join(t.TempDir(), "town.gpkg")
	for _, l := range []string{"streets", "parcels", "buildings", "entrances", "communes", "postal_zones"} {
		ogr2ogr(t, "-f", "GPKG", "-update", "-append", gp, filepath.Join(townDir, l+".geojson"), "-nln", l)
	}
	src, input, err := registry.Load(context.Background(), gp, registry.LoadOptions{})
	require.NoError(t, err)
	reg := buildTown(t, src)
	wh, wf := registryText(t, want, false)
	gh, gf := registryText(t, reg, false)
	require.Equal(t, wh, gh)
	require.Equal(t, wf, gf)
	require.Equal(t, inputText(wantInput), inputText(input))
}

// Source attributes with types, as GDAL writes a GeoPackage of the
// sample layers (INTEGER, REAL, TEXT columns), are saved as typed
// columns that GDAL lists as fields of their types (an INTEGER column
// as Integer64), and the saved file
// opens to the same registry.
func TestTypedColumnsThroughGDAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.gpkg")
	for _, l := range []string{"streets", "parcels", "buildings", "entrances", "communes", "postal_zones"} {
		ogr2ogr(t, "-f", "GPKG", "-update", "-append", in, filepath.Join(townDir, l+".geojson"), "-nln", l)
	}
	src, _, err := registry.Load(ctx, in, registry.LoadOptions{})
	require.NoError(t, err)
	reg := buildTown(t, src)
	saved := filepath.Join(dir, "saved.gpkg")
	require.NoError(t, reg.Save(ctx, saved))

	out, err := exec.Command("ogrinfo", "-ro", "-al", "-so", saved).CombinedOutput()
	require.NoError(t, err, "%s", out)
	fields := map[string][]string{}
	layer := ""
	for line := range strings.Lines(string(out)) {
		line = strings.TrimSpace(line)
		if l, ok := strings.CutPrefix(line, "Layer name: "); ok {
			layer = l
		} else if name, typ, ok := strings.Cut(line, ": "); ok && layer != "" && !strings.Contains(name, " ") {
			fields[layer] = append(fields[layer], name+" "+strings.Fields(typ)[0])
		}
	}
	for layer, want := range map[string][]string{
		"streets": {"id String", "parent String", "cross_section Integer64", "centre_x Integer64", "number String", "properties String"},
		"parcels": {"commune String", "sheet Integer64", "number Integer64", "land_use String"},
		"houses":  {"id String", "parcel_sheet Integer64", "parcel_number Integer64", "group String", "commune String"},
	} {
		for _, w := range want {
			require.Contains(t, fields[layer], w, "ogrinfo's fields of %s: %v", layer, fields[layer])
		}
	}
	opened, err := registry.Open(ctx, saved, registry.Options{DemoKey: true})
	require.NoError(t, err)
	wh, wf := registryText(t, reg, false)
	gh, gf := registryText(t, opened, false)
	require.Equal(t, wh, gh)
	require.Equal(t, wf, gf)
	require.Equal(t, reg.Source(), opened.Source())
}

// Round trips: a registry saved by diachi, copied by ogr2ogr to a
// GeoPackage and to Shapefiles, builds the same registry again: the same
// houses with the same numbers and address IDs, the same findings.
func TestRoundTripThroughGDAL(t *testing.T) {
	ctx := context.Background()
	want, wantInput := townFromGeoJSON(t)
	dir := t.TempDir()
	saved := filepath.Join(dir, "town.gpkg")
	require.NoError(t, want.Save(ctx, saved))
	wh, wf := registryText(t, want, true)

	t.Run("GeoPackage", func(t *testing.T) {
		cp := filepath.Join(dir, "copy.gpkg")
		ogr2ogr(t, "-f", "GPKG", cp, saved)
		src, input, err := registry.Load(ctx, cp, registry.LoadOptions{})
		require.NoError(t, err)
		require.Equal(t, inputText(wantInput), inputText(input), "what reading found")
		gh, gf := registryText(t, buildTown(t, src), true)
		require.Equal(t, wh, gh)
		require.Equal(t, wf, gf)
	})
	t.Run("Shapefile", func(t *testing.T) {
		shp := filepath.Join(dir, "shp")
		for _, l := range []string{"parcels", "streets", "houses", "buildings", "entrances", "communes", "postal_zones"} {
			ogr2ogr(t, "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", shp, saved, l)
		}
		// The houses (points) and their footprints (polygons) are a
		// Shapefile each, as the file's layers are: read back as one
		// layer of buildings without a mapping.
		src, input, err := registry.Load(ctx, shp, registry.LoadOptions{})
		require.NoError(t, err)
		require.Equal(t, inputText(wantInput), inputText(input), "what reading found")
		gh, gf := registryText(t, buildTown(t, src), true)
		require.Equal(t, wh, gh)
		require.Equal(t, wf, gf)
	})
}

func FuzzReadMapping(f *testing.F) {
	f.Add(towngen.ShapefileMapping)
	f.Add("layer:parcels=thua_dat\nstreets.rong=cross_section # width\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := registry.ReadMapping(strings.NewReader(s))
		if err != nil {
			return
		}
		// What was read can be merged into an empty mapping: every entry
		// is one Add takes.
		if err := (&registry.Mapping{}).Merge(m); err != nil {
			t.Fatalf("a mapping read from %q does not merge: %v", s, err)
		}
	})
}

// A registry file edited outside diachi (a house's attributes changed in
// QGIS or SQL) is refused by Open, whose digest no longer matches, and is
// read by Load as a source: built again, it is re-validated with the
// edit, and every house keeps the address ID the registry issued.
func TestEditedRegistryFile(t *testing.T) {
	ctx := context.Background()
	want, _ := townFromGeoJSON(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, want.Save(ctx, path))

	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	res, err := db.Exec(`UPDATE houses SET properties = json_set(properties, '$.number', '12//3') WHERE id = 'b000001'`) // id is a typed column, number (the saved column's name) in the JSON
	require.NoError(t, err)
	n, _ := res.RowsAffected()
	require.EqualValues(t, 1, n)
	require.NoError(t, db.Close())

	_, err = registry.Open(ctx, path, registry.Options{DemoKey: true})
	require.Error(t, err, "an edited file opens as if unchanged")

	src, _, err := registry.Load(ctx, path, registry.LoadOptions{})
	require.NoError(t, err)
	reg := buildTown(t, src)
	ids := map[string]address.ID{}
	for h := range want.Houses() {
		ids[h.Source] = h.ID
	}
	for h := range reg.Houses() {
		require.Equal(t, ids[h.Source], h.ID, "house %s", h.Source)
	}
	var edited bool
	for _, f := range reg.Findings() {
		if f.Record == "b000001" && f.Reason == finding.UnreadableNumber {
			edited = true
		}
	}
	require.True(t, edited, "the edit is validated: %v", reg.Findings())
	require.Len(t, reg.Findings(), len(want.Findings())+1)
}

// sqlEdit runs statements on a GeoPackage as another tool would: through
// GDAL (ogrinfo -sql) where it is installed, else through SQLite.
func sqlEdit(t *testing.T, path string, stmts ...string) {
	t.Helper()
	if _, err := exec.LookPath("ogrinfo"); err == nil {
		for _, s := range stmts {
			out, err := exec.Command("ogrinfo", "-update", "-q", path, "-sql", s).CombinedOutput()
			require.NoError(t, err, "ogrinfo -sql %q\n%s", s, out)
		}
		return
	}
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	for _, s := range stmts {
		_, err := db.Exec(s)
		require.NoError(t, err, s)
	}
}

// A registry file edited outside diachi says what was edited: Edits
// lists the rows changed, added and deleted, layer by layer, with the
// records they are, and the columns changed; Load reads the file as
// input with a finding for each edit, and the registry built from it
// keeps the IDs it issued. A file as saved has no edits.
func TestRegistryEdits(t *testing.T) {
	ctx := context.Background()
	want, _ := townFromGeoJSON(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, want.Save(ctx, path))
	edits, err := registry.Edits(ctx, path)
	require.NoError(t, err)
	require.Empty(t, edits)
	src, input, err := registry.Load(ctx, path, registry.LoadOptions{})
	require.NoError(t, err)
	for _, f := range input {
		require.NotEqual(t, finding.EditedRecord, f.Reason, "%+v", f)
	}

	sqlEdit(t, path,
		`UPDATE houses SET properties = json_set(properties, '$.number', '14') WHERE id = 'b000001'`,
		`DELETE FROM houses WHERE id = 'b000002'`,
		`DELETE FROM buildings WHERE building = 'b000002'`,
		`ALTER TABLE parcels ADD COLUMN note TEXT`,
		`UPDATE parcels SET note = 'checked' WHERE fid = 3`,
		`INSERT INTO entrances (geom, building, street, properties) SELECT geom, 'b000003', street, properties FROM entrances WHERE fid = 1`,
	)
	_, err = registry.Open(ctx, path, registry.Options{DemoKey: true})
	require.Error(t, err, "an edited file opens as if unchanged")

	edits, err = registry.Edits(ctx, path)
	require.NoError(t, err)
	got := map[string]registry.LayerEdits{}
	for _, e := range edits {
		got[e.Layer] = e
	}
	require.Len(t, got, 4, "%v", edits)
	require.Equal(t, []registry.EditedRow{{FID: 1, Record: "b000001"}}, got["houses"].Changed)
	require.Equal(t, []registry.EditedRow{{FID: 2}}, got["houses"].Deleted)
	require.Len(t, got["buildings"].Deleted, 1)
	require.Equal(t, []registry.EditedRow{{FID: 3, Record: "2025:commune:27478/1/3"}}, got["parcels"].Changed)
	require.Contains(t, got["parcels"].ColumnsNow, "note TEXT")
	require.Len(t, got["entrances"].Added, 1)
	require.Empty(t, got["entrances"].Changed)

	src, input, err = registry.Load(ctx, path, registry.LoadOptions{})
	require.NoError(t, err)
	var reported []string
	for _, f := range input {
		if f.Reason == finding.EditedRecord {
			reported = append(reported, f.Layer+" "+f.Record)
		}
	}
	slices.Sort(reported)
	// The entrance added is named by the building it names.
	require.Equal(t, []string{"buildings fid 2", "entrances b000003", "houses b000001", "houses fid 2",
		"parcels 2025:commune:27478/1/3", "parcels parcels"}, reported)
	reg := buildTown(t, src)
	ids := map[string]address.ID{}
	for h := range want.Houses() {
		ids[h.Source] = h.ID
	}
	// A house whose own address_id attribute is refused (bad_id,
	// duplicate_id) is issued a new ID at each build from its source:
	// with a house deleted, the next ID issued is another.
	fresh := map[string]bool{}
	for _, f := range want.Findings() {
		if f.Reason == finding.BadID || f.Reason == finding.DuplicateID {
			fresh[f.Record] = true
		}
	}
	for h := range reg.Houses() {
		if !fresh[h.Source] {
			require.Equal(t, ids[h.Source], h.ID, "house %s", h.Source)
		}
	}
	require.Equal(t, want.HouseCount()-1, reg.HouseCount())
}

// The footprints of a registry file read back to their houses or are
// refused: a second footprint of a building, or one whose house row is
// gone, is an error of the input, not a footprint dropped or guessed at.
func TestFootprintsRefused(t *testing.T) {
	ctx := context.Background()
	want, _ := townFromGeoJSON(t)
	dir := t.TempDir()
	saved := filepath.Join(dir, "town.gpkg")
	require.NoError(t, want.Save(ctx, saved))
	data, err := os.ReadFile(saved)
	require.NoError(t, err)
	for name, stmt := range map[string]string{
		"two footprints": `INSERT INTO buildings (geom, building) SELECT geom, building FROM buildings WHERE building = 'b000001'`,
		"no house":       `DELETE FROM houses WHERE id = 'b000003'`,
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".gpkg")
		require.NoError(t, os.WriteFile(path, data, 0o644))
		sqlEdit(t, path, stmt)
		_, _, err := registry.Load(ctx, path, registry.LoadOptions{})
		require.ErrorIs(t, err, registry.ErrSource, name)
		require.ErrorContains(t, err, "b00000", name)
	}
}
