package registry

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// TestOpenSchema3 opens a file as schema 3 wrote it (no extent or
// parcel_bound in its metadata): Open migrates it and gives the registry
// saved, with the same extent; OpenSaved refuses it with ErrPartial, and
// saving it again makes it readable in part.
func TestOpenSchema3(t *testing.T) {
	ctx := context.Background()
	reg := sampleTown(t)
	dir := t.TempDir()
	v4 := filepath.Join(dir, "v4.gpkg")
	require.NoError(t, reg.Save(ctx, v4))

	layers, srs, meta, err := gpkg.ReadMeta(ctx, v4)
	require.NoError(t, err)
	var meta3 [][2]string
	for _, kv := range meta {
		switch kv[0] {
		case metaExtent, metaParcelBound:
			continue
		case "registry_schema":
			require.Equal(t, strconv.Itoa(SchemaVersion), kv[1])
			kv[1] = "3"
		}
		meta3 = append(meta3, kv)
	}
	srs = slices.DeleteFunc(srs, func(s gpkg.SRS) bool { return s.ID == 4326 || s.ID <= 0 })
	v3 := filepath.Join(dir, "v3.gpkg")
	require.NoError(t, gpkg.WriteSealed(ctx, v3, srs, layers, meta3, demoKey))

	_, err = OpenSaved(ctx, v3, Options{DemoKey: true})
	require.ErrorIs(t, err, ErrPartial)
	assert.Contains(t, err.Error(), "registry schema 3")

	opened, err := Open(ctx, v3, Options{DemoKey: true})
	require.NoError(t, err)
	assert.Equal(t, reg.extent, opened.extent)
	assert.Equal(t, reg.parcelBound, opened.parcelBound)
	require.Equal(t, reg.HouseCount(), opened.HouseCount())
	for i := range reg.houses {
		require.Equal(t, reg.HouseAnswer(reg.houses[i]), opened.HouseAnswer(opened.houses[i]))
	}
	again := filepath.Join(dir, "again.gpkg")
	require.NoError(t, opened.Save(ctx, again))
	s, err := OpenSaved(ctx, again, Options{DemoKey: true})
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// A schema 4 file whose extent is missing or not four numbers is refused
// by OpenSaved with ErrSchema, never read with a wrong extent.
func TestOpenSavedBadBound(t *testing.T) {
	ctx := context.Background()
	reg, err := Build(ctx, &Source{Streets: []Feature{{Geometry: orb.LineString{{106.70, 10.77}, {106.71, 10.77}},
		Props: Props{{Key: "id", Value: "s"}}}}}, Options{DemoKey: true})
	require.NoError(t, err)
	srs, layers, meta, err := reg.saveParts()
	require.NoError(t, err)
	for _, bad := range []string{"", "1 2 3", "1 2 3 x", "NaN 1 2 3", "3 1 2 4", "-Inf 1 2 3"} {
		m := slices.Clone(meta)
		for i := range m {
			if m[i][0] == metaExtent {
				m[i][1] = bad
			}
		}
		path := filepath.Join(t.TempDir(), "x.gpkg")
		require.NoError(t, gpkg.WriteSealed(ctx, path, srs, layers, m, demoKey))
		_, err := OpenSaved(ctx, path, Options{DemoKey: true})
		assert.ErrorIs(t, err, ErrSchema, bad)
	}
}

func TestParseBound(t *testing.T) {
	for _, b := range []orb.Bound{noBound, {Min: orb.Point{106.1, 10.2}, Max: orb.Point{106.3, 10.4}},
		{Min: orb.Point{math.Nextafter(106, 107), -0.0}, Max: orb.Point{106.5, 1e-300}}} {
		got, err := parseBound(formatBound(b))
		require.NoError(t, err)
		assert.Equal(t, b, got)
	}
}

// FuzzParseBound: any text is a bound that writes back to the same
// numbers, or an error; never a NaN or a bound of min above max.
func FuzzParseBound(f *testing.F) {
	for _, s := range []string{formatBound(noBound), "106.1 10.2 106.3 10.4", "1 2 3", "NaN 1 2 3", "+Inf -Inf 1 2", " 1  2 3 4 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseBound(s)
		if err != nil {
			return
		}
		if b != noBound && b.IsEmpty() {
			t.Fatalf("%q: empty bound %v", s, b)
		}
		for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
			if math.IsNaN(v) {
				t.Fatalf("%q: NaN", s)
			}
		}
		again, err := parseBound(formatBound(b))
		if err != nil || again != b {
			t.Fatalf("%q: %v does not read back (%v, %v)", s, b, again, err)
		}
	})
}
