package registry

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// Schema 3 saves the buildings in two layers of one geometry type each,
// as GIS tools want them: houses, a point per building (its position, or
// the point of a planned lot) with its number, IDs, links, findings and
// source attributes, and buildings, the footprints (polygons), each
// naming the house it belongs to in the column building, the building's
// id. A planned lot, drawn as a point, has no footprint: its house point
// is its source geometry. Reading joins the two back into the source.

// footprintColumn is the one column of the saved buildings layer.
const footprintColumn = "building"

// footprintColumns are the columns of the saved buildings layer, as the
// schema lists them.
var footprintColumns = []column{
	{Attribute{Layer: LayerBuildings, Name: footprintColumn, Kind: KindBuildingID,
		Meaning: "the building whose footprint this is: the house of that id"}, nil},
}

// isFootprint says whether a building's source geometry is saved in the
// buildings layer (anything but a point or no geometry).
func isFootprint(g orb.Geometry) bool {
	switch g.(type) {
	case nil, orb.Point:
		return false
	}
	return true
}

// splitHouses replaces the houses layer of layers (each building with its
// source geometry, as layers makes it) by the layers schema 3 saves: the
// houses as points and, after them, the footprints in the layer
// buildings.
func (r *Registry) splitHouses(layers []gpkg.Layer) ([]gpkg.Layer, error) {
	k := -1
	for i := range layers {
		if layers[i].Name == LayerHouses {
			k = i
		}
	}
	if k < 0 {
		return nil, fmt.Errorf("no layer %s to save", LayerHouses)
	}
	fs := r.source().Buildings
	// The house point in the source CRS: the planned lot's own point, else
	// the house's position (WGS84) taken back into the source CRS.
	var back *crs.Transformer
	geographic := false
	if r.sourceCRS != crs.WGS84 {
		info, err := crs.Lookup(r.sourceCRS)
		if err != nil {
			return nil, err
		}
		if back, err = crs.NewTransformer(crs.WGS84, r.sourceCRS); err != nil {
			return nil, err
		}
		geographic = info.Kind() == crs.Geographic
	}
	point := func(i int) (orb.Geometry, error) {
		g := fs[i].Geometry
		if !isFootprint(g) {
			return g, nil
		}
		p := r.house(i).Point
		if p == (orb.Point{}) {
			return nil, nil // no position: its footprint is not usable
		}
		if back == nil {
			return p, nil
		}
		a, b, err := back.Transform(p[1], p[0])
		if err != nil {
			return nil, fmt.Errorf("house %s: its point in %s: %w", r.house(i).Source, r.sourceCRS, err)
		}
		if geographic {
			a, b = b, a
		}
		return orb.Point{a, b}, nil
	}
	houses := layers[k]
	row := houses.Row
	houses.GeomType = "POINT"
	houses.Row = func(i int) (gpkg.Feature, error) {
		f, err := row(i)
		if err != nil {
			return f, err
		}
		f.Geometry, err = point(i)
		return f, err
	}
	var at []int32 // the building of each footprint
	types := map[string]bool{}
	for i, f := range fs {
		if isFootprint(f.Geometry) {
			at = append(at, int32(i))
			types[strings.ToUpper(f.Geometry.GeoJSONType())] = true
		}
	}
	buildings := gpkg.Layer{Name: LayerBuildings, SRSID: houses.SRSID, GeomType: "POLYGON",
		Fields: []gpkg.Field{{Name: footprintColumn, Type: gpkg.Text}}, Count: len(at)}
	if len(types) == 1 {
		for t := range types {
			buildings.GeomType = t
		}
	} else if len(types) > 1 {
		buildings.GeomType = "GEOMETRY" // polygons and multipolygons, or another type a build refused
	}
	buildings.Row = func(j int) (gpkg.Feature, error) {
		i := at[j]
		return gpkg.Feature{Geometry: fs[i].Geometry, Values: []any{r.house(int(i)).Source}}, nil
	}
	out := make([]gpkg.Layer, 0, len(layers)+1)
	out = append(out, layers[:k]...)
	out = append(out, houses, buildings)
	return append(out, layers[k+1:]...), nil
}

// footprintsOf reads the saved buildings layer: each footprint by the id
// of its building. A footprint without a building id, or a second one for
// the same building, is an error.
func footprintsOf(l *gpkg.Layer) (map[string]orb.Geometry, error) {
	if len(l.Fields) != 1 || l.Fields[0].Name != footprintColumn {
		return nil, fmt.Errorf("layer %s: columns %v, want only %s", l.Name, fieldNames(l.Fields), footprintColumn)
	}
	out := make(map[string]orb.Geometry, len(l.Features))
	for j, f := range l.Features {
		id, _ := f.Values[0].(string)
		if err := addFootprint(out, id, f.Geometry); err != nil {
			return nil, fmt.Errorf("layer %s feature %d: %w", l.Name, j+1, err)
		}
	}
	return out, nil
}

func addFootprint(out map[string]orb.Geometry, id string, g orb.Geometry) error {
	switch {
	case id == "":
		return fmt.Errorf("a footprint without the id of its building")
	case !isFootprint(g):
		return fmt.Errorf("building %q: a footprint that is not an area (%v)", id, typeOf(g))
	}
	if _, dup := out[id]; dup {
		return fmt.Errorf("building %q has two footprints", id)
	}
	out[id] = g
	return nil
}

func typeOf(g orb.Geometry) string {
	if g == nil {
		return "no geometry"
	}
	return g.GeoJSONType()
}

func fieldNames(fs []gpkg.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// joinFootprints gives each house of fs (read from the saved houses
// layer, Props its source attributes) its footprint as its geometry, and
// takes every footprint out of fp: what is left in fp names no house.
func joinFootprints(fs []Feature, fp map[string]orb.Geometry) {
	for i := range fs {
		id := fs[i].Props.String("id")
		if g, ok := fp[id]; ok {
			fs[i].Geometry = g
			delete(fp, id)
		}
	}
}

// orphanError is the error of footprints that name no house.
func orphanError(fp map[string]orb.Geometry) error {
	for id := range fp {
		return fmt.Errorf("%d footprints name a building that no house of layer %s has (%q…)", len(fp), LayerHouses, id)
	}
	return nil
}

// migrateV2 brings the layers of a file of schema 2 to schema 3: the
// footprints of its houses (every geometry but a point) move to the layer
// buildings, named by their building's id; its source attributes are all
// in the JSON (no typed source columns, source_columns.go). The house point of a building
// with a footprint is derived data, made again by the build; it is left
// empty here.
func migrateV2(layers []gpkg.Layer, meta map[string]string) ([]gpkg.Layer, error) {
	if _, ok := meta[metaSourceColumns]; ok {
		return nil, fmt.Errorf("a schema 2 file with the metadata %s", metaSourceColumns)
	}
	k := -1
	for i := range layers {
		switch layers[i].Name {
		case LayerHouses:
			k = i
		case LayerBuildings:
			return nil, fmt.Errorf("a schema 2 file with a layer %s", LayerBuildings)
		}
	}
	if k < 0 {
		return nil, fmt.Errorf("no layer %s", LayerHouses)
	}
	houses := &layers[k]
	pk := -1
	for c, f := range houses.Fields {
		if f.Name == propertiesColumn {
			pk = c
		}
	}
	if pk < 0 {
		return nil, fmt.Errorf("layer %s has no %s column", LayerHouses, propertiesColumn)
	}
	buildings := gpkg.Layer{Name: LayerBuildings, SRSID: houses.SRSID, GeomType: "GEOMETRY",
		Fields: []gpkg.Field{{Name: footprintColumn, Type: gpkg.Text}}}
	for i := range houses.Features {
		f := &houses.Features[i]
		if !isFootprint(f.Geometry) {
			continue
		}
		s, _ := f.Values[pk].(string)
		ps, err := orderedProps(json.RawMessage(s))
		if err != nil {
			return nil, fmt.Errorf("house %d: properties: %w", i+1, err)
		}
		id := ps.String("id")
		if id == "" {
			return nil, fmt.Errorf("house %d has no id", i+1)
		}
		buildings.Features = append(buildings.Features, gpkg.Feature{Geometry: f.Geometry, Values: []any{id}})
		f.Geometry = nil
	}
	houses.GeomType = "POINT"
	out := make([]gpkg.Layer, 0, len(layers)+1)
	out = append(out, layers[:k+1]...)
	out = append(out, buildings)
	return append(out, layers[k+1:]...), nil
}

// savedBuildings reads the buildings of a registry file of schema 3 (or a
// copy of one) as one source layer: when in, the layer found as
// buildings, holds footprints only (its one column building) and the
// input has a houses layer of the registry's layout, each house gets its
// footprint as its geometry. Any other layer is given back as it is.
func savedBuildings(in *inputLayer, open func(name string) (*inputLayer, error)) (*inputLayer, error) {
	if len(in.fields) != 1 || in.fields[0] != footprintColumn {
		return in, nil
	}
	houses, err := open(LayerHouses)
	if err != nil || houses == nil || houses.saved != LayerHouses {
		return in, err
	}
	if in.crs != houses.crs {
		return nil, fmt.Errorf("%w: %s is in %v but %s in %v: all layers must be in one CRS", ErrSource, in.file, in.crs, houses.file, houses.crs)
	}
	fp := make(map[string]orb.Geometry, len(in.features))
	for j, f := range in.features {
		id := f.Props.String(footprintColumn)
		if len(f.Props) > 1 {
			return nil, fmt.Errorf("%w: %s: record %d: attributes beside %s in a layer of footprints", ErrSource, in.file, j+1, footprintColumn)
		}
		if err := addFootprint(fp, id, f.Geometry); err != nil {
			return nil, fmt.Errorf("%w: %s: record %d: %w", ErrSource, in.file, j+1, err)
		}
	}
	joinFootprints(houses.features, fp)
	if err := orphanError(fp); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrSource, in.file, err)
	}
	houses.file += " with the footprints of " + in.file
	houses.findings = append(houses.findings, in.findings...)
	return houses, nil
}
