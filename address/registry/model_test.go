package registry_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

// Build takes ownership of the features and keeps its own copy of the
// layers: a caller appending a building to its source after Build, or
// dropping a layer, changes nothing of the registry, and Save writes the
// registry as built (this panicked with an index out of range when the
// registry shared the caller's Source).
func TestSaveAfterAppend(t *testing.T) {
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, sampleDir, 0)
	require.NoError(t, err)
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	built := reg.HouseCount()

	src.Buildings = append(src.Buildings, registry.Feature{Geometry: orb.Point{600000, 1190000}, Props: registry.Props{{Key: "id", Value: "late"}}})
	src.Streets = nil
	src.CRS = 4326
	assert.Equal(t, built, reg.HouseCount())
	assert.Len(t, reg.Source().Buildings, built)
	_, ok := reg.BySource("late")
	assert.False(t, ok)

	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	back, err := registry.Open(ctx, path, registry.Options{DemoKey: true})
	require.NoError(t, err)
	assert.Equal(t, built, back.HouseCount())
	assert.Equal(t, reg.StreetCount(), back.StreetCount())
	assert.Equal(t, slices.Collect(reg.Houses()), slices.Collect(back.Houses()))
}

// What the registry hands out is a copy: changing it changes nothing of
// the registry.
func TestReadAccessCopies(t *testing.T) {
	reg := sample(t)
	fs := reg.Findings()
	require.NotEmpty(t, fs)
	want := fs[0].Evidence
	fs[0].Evidence = "changed"
	assert.Equal(t, want, reg.Findings()[0].Evidence)

	src := reg.Source()
	src.Buildings[0].Props[0].Value = "changed"
	src.Buildings = src.Buildings[:1]
	again := reg.Source()
	assert.Len(t, again.Buildings, reg.HouseCount())
	assert.NotEqual(t, "changed", again.Buildings[0].Props[0].Value)

	h, ok := reg.House(registry.HouseAt(0))
	require.True(t, ok)
	h.Number = h.Number.Base()
	h.Source = "changed"
	back, _ := reg.House(registry.HouseAt(0))
	assert.NotEqual(t, "changed", back.Source)
}

// Links are refs with an ok-form: a house that could not be numbered has
// no street, one outside every parcel no parcel, never a position of -1;
// a ref outside the registry finds nothing.
func TestRefs(t *testing.T) {
	line := func(id, name string, y float64) registry.Feature {
		return registry.Feature{Geometry: orb.LineString{{106.70, y}, {106.71, y}},
			Props: registry.Props{{Key: "id", Value: id}, {Key: "name", Value: name}}}
	}
	alley := line("n1", "", 10.7695)
	alley.Geometry = orb.LineString{{106.7052, 10.77}, {106.7052, 10.7695}}
	alley.Props = append(alley.Props, registry.Prop{Key: "parent", Value: "s"})
	orphan := line("n2", "", 10.7695)
	orphan.Geometry = orb.LineString{{106.7062, 10.78}, {106.7062, 10.7805}}
	orphan.Props = append(orphan.Props, registry.Prop{Key: "parent", Value: "nowhere"})
	src := &registry.Source{
		Streets: []registry.Feature{line("s", "Phố Lý Thường Kiệt", 10.77), alley, orphan},
		Buildings: []registry.Feature{
			{Geometry: orb.Point{106.705, 10.7701}, Props: registry.Props{{Key: "id", Value: "near"}}},
			{Geometry: orb.Point{106.705, 10.79}, Props: registry.Props{{Key: "id", Value: "far"}}},
		},
	}
	reg, err := registry.Build(context.Background(), src, registry.Options{DemoKey: true})
	require.NoError(t, err)

	near, ok := reg.BySource("near")
	require.True(t, ok)
	on, ok := near.Street()
	require.True(t, ok)
	assert.Equal(t, registry.StreetAt(0), on)
	i, ok := near.Ref().Index()
	assert.True(t, ok)
	assert.Equal(t, 0, i)
	_, inParcel := near.Parcel()
	assert.False(t, inParcel)

	far, ok := reg.BySource("far")
	require.True(t, ok)
	_, numbered := far.Street()
	assert.False(t, numbered)
	assert.Equal(t, registry.StreetRef{}, func() registry.StreetRef { s, _ := far.Street(); return s }())

	s, ok := reg.Street(registry.StreetAt(1))
	require.True(t, ok)
	parent, ok := s.Parent()
	assert.True(t, ok)
	assert.Equal(t, registry.StreetAt(0), parent)
	assert.Equal(t, registry.StreetAt(0), s.Main())
	o, ok := reg.Street(registry.StreetAt(2))
	require.True(t, ok)
	_, ok = o.Parent()
	assert.False(t, ok, "a parent not in the layer is no parent")
	assert.Equal(t, registry.StreetAt(2), o.Main())
	main, _ := reg.Street(registry.StreetAt(0))
	_, ok = main.Parent()
	assert.False(t, ok)

	for _, bad := range []int{-1, 3, 1 << 40} {
		_, ok := reg.Street(registry.StreetAt(bad))
		assert.False(t, ok, bad)
		_, ok = reg.House(registry.HouseAt(bad))
		assert.False(t, ok, bad)
		_, ok = reg.Parcel(registry.ParcelAt(bad))
		assert.False(t, ok, bad)
	}
	_, ok = registry.StreetRef{}.Index()
	assert.False(t, ok)
	assert.Equal(t, 3, reg.StreetCount())
	assert.Equal(t, 2, reg.HouseCount())
	assert.Zero(t, reg.ParcelCount())
}

// Build assembles typed records: no attribute is read by its name outside
// the decode layer (decode.go, by the schema of schema.go), the format
// readers and the source's own accessors.
func TestNoAttributeLookupOutsideDecode(t *testing.T) {
	for _, name := range []string{"build.go", "query.go", "registry.go", "findings.go", "table.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if recv, ok := sel.X.(*ast.SelectorExpr); ok && recv.Sel.Name == "Props" {
				t.Errorf("%s: reads an attribute by name (Props.%s)", name, sel.Sel.Name)
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Buildings" || sel.Sel.Name == "Streets" ||
				sel.Sel.Name == "Parcels" || sel.Sel.Name == "Entrances") {
				if x, ok := sel.X.(*ast.SelectorExpr); ok && x.Sel.Name == "src" {
					t.Errorf("%s: reads the source's features (src.%s) rather than decoded records", name, sel.Sel.Name)
				}
			}
			return true
		})
	}
}
