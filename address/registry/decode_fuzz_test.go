package registry_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/registry"
)

// FuzzDecode gives any attribute of the schema any value, as text or as a
// JSON number, on a small town of every layer: Build decodes it into a
// registry with findings, or fails with a typed error, never a panic.
func FuzzDecode(f *testing.F) {
	f.Add(uint8(0), "Phố Huế", false)
	f.Add(uint8(7), "12//3", false)
	f.Add(uint8(9), "1e309", true)
	f.Add(uint8(20), "2025:commune:27478", false)
	f.Add(uint8(33), "0x10", false)
	schema := registry.Schema()
	f.Fuzz(func(t *testing.T, which uint8, value string, number bool) {
		var read []registry.Attribute
		for _, a := range schema {
			if !a.Saved {
				read = append(read, a)
			}
		}
		a := read[int(which)%len(read)]
		name := a.Name
		if a.Kind == registry.KindExternalID {
			name = "ext_vnpost-2021"
		}
		var v any = value
		if number {
			v = json.Number(value)
		}
		props := func(kv ...any) registry.Props {
			var ps registry.Props
			for i := 0; i+1 < len(kv); i += 2 {
				ps = append(ps, registry.Prop{Key: kv[i].(string), Value: kv[i+1]})
			}
			return ps
		}
		src := &registry.Source{
			Streets: []registry.Feature{
				{Geometry: orb.LineString{{106.70, 10.77}, {106.71, 10.77}}, Props: props("id", "s", "name", "Phố Huế")},
				{Geometry: orb.LineString{{106.705, 10.77}, {106.705, 10.769}}, Props: props("id", "a", "parent", "s")},
			},
			Parcels: []registry.Feature{{Geometry: orb.Polygon{{{106.7045, 10.7701}, {106.7055, 10.7701}, {106.7055, 10.7709}, {106.7045, 10.7709}, {106.7045, 10.7701}}},
				Props: props("commune", "27478", "sheet", json.Number("1"), "number", json.Number("2"))}},
			Buildings: []registry.Feature{{Geometry: orb.Point{106.705, 10.7702}, Props: props("id", "b", "number", "2")}},
			Entrances: []registry.Feature{{Geometry: orb.Point{106.705, 10.77005}, Props: props("building", "b", "street", "s")}},
			Communes: []registry.Feature{{Geometry: orb.Polygon{{{106.69, 10.76}, {106.72, 10.76}, {106.72, 10.78}, {106.69, 10.78}, {106.69, 10.76}}},
				Props: props("code", "27478")}},
			PostalZones: []registry.Feature{{Geometry: orb.Polygon{{{106.69, 10.76}, {106.72, 10.76}, {106.72, 10.78}, {106.69, 10.78}, {106.69, 10.76}}},
				Props: props("postcode", "72917")}},
		}
		layer, _ := src.Layer(a.Layer)
		set := false
		for k, p := range (*layer)[0].Props {
			if p.Key == name {
				(*layer)[0].Props[k].Value, set = v, true
			}
		}
		if !set {
			(*layer)[0].Props = append((*layer)[0].Props, registry.Prop{Key: name, Value: v})
		}
		reg, err := registry.Build(context.Background(), src, registry.Options{ParcelZone: 9210, DemoKey: true})
		if err != nil {
			if !errors.Is(err, registry.ErrSource) {
				t.Fatalf("%s = %q: untyped error %v", name, value, err)
			}
			return
		}
		if reg.HouseCount() != 1 || reg.StreetCount() != 2 || reg.ParcelCount() != 1 {
			t.Fatalf("%s = %q: records lost", name, value)
		}
		for _, f := range reg.Findings() {
			if f.Evidence == "" || !f.Reason.Known() {
				t.Fatalf("%s = %q: finding %+v", name, value, f)
			}
		}
	})
}
