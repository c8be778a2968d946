package registry_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/registry"
)

// The main calls on the sample town of testdata/town (parcels and
// buildings of two Hồ Chí Minh City wards, in VN-2000 / TM-3 105-45):
// build the registry, find a house by address text, by ID and by point,
// then save it to a GeoPackage and open it again. One example, because the
// build numbers and links the whole town.
func ExampleBuild() {
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	if err != nil {
		panic(err)
	}
	opts := registry.Options{IDKey: []byte("the office's secret key")}
	reg, err := registry.Build(ctx, src, opts)
	if err != nil {
		panic(err)
	}
	fmt.Println(reg.HouseCount(), "houses,", len(reg.Findings()), "findings")

	// By address text, as people write it.
	hs, _, err := reg.Lookup("37 nguyen thi thap, p phu thuan, tp hcm")
	if err != nil || len(hs) != 1 {
		panic(fmt.Sprint(len(hs), err))
	}
	h := hs[0]
	fmt.Println(h.Source, h.ID.Grouped(), reg.PlusCode(h))
	fmt.Println(address.Format(reg.Address(h), address.Official))

	// By address ID, as read aloud or typed in groups.
	id, err := address.ParseID(h.ID.Grouped())
	if err != nil {
		panic(err)
	}
	byID, ok := reg.ByID(id)
	fmt.Println(ok, byID.Source)

	// By point: a phone's position at the house.
	pl, err := reg.At(orb.Point{h.Point[0], h.Point[1]})
	if err != nil {
		panic(err)
	}
	commune, _ := admin.Load(admin.V2025).Unit(pl.Commune)
	legacy, _ := admin.Load(admin.Legacy).Unit(pl.Legacy)
	fmt.Println(pl.HasHouse, pl.House.Number, pl.HasParcel, pl.Parcel.Key)
	fmt.Printf("%s (2025), %s (legacy), %s\n", commune.Name, legacy.Name, pl.Postcode)

	// Saved to a GeoPackage and opened again: the same registry.
	dir, err := os.MkdirTemp("", "diachi-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "town.gpkg")
	if err := reg.Save(ctx, path); err != nil {
		panic(err)
	}
	opened, err := registry.Open(ctx, path, opts)
	if err != nil {
		panic(err)
	}
	again, ok := opened.ByID(h.ID)
	fmt.Println(ok, again.Source, again.Number, len(opened.Findings()))
	// Output:
	// 1411 houses, 14 findings
	// b000300 074 364 2033 7P28PPVM+W7V
	// Số 37 Đường Nguyễn Thị Thập, Phường Phú Thuận, Thành phố Hồ Chí Minh, 72907
	// true b000300
	// true 37 true 2025:commune:27484/6/22
	// Phường Phú Thuận (2025), Phường Phú Thuận (legacy), 72907
	// true b000300 37 14
}

// A registry that lives: a planned lot added to the sample town is
// numbered by infill without touching its neighbours, a house retired
// keeps its number and ID from ever being issued again, and both stay in
// the history.
func ExampleRegistry_Add() {
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	if err != nil {
		panic(err)
	}
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	if err != nil {
		panic(err)
	}
	live := registry.NewLive(reg) // readers call live.Load() meanwhile
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	lot := registry.Feature{Geometry: orb.Point{607060, 1188330}, // VN-2000 / TM-3, as the town
		Props: registry.Props{{Key: "id", Value: "lot-1"}, {Key: "street", Value: "ew-0"}, {Key: "planned", Value: true}}}
	if _, err := live.Apply(func(r *registry.Registry) (*registry.Registry, error) {
		return r.Add(ctx, registry.Change{Date: day, Ref: "QĐ 12/2026"}, lot)
	}); err != nil {
		panic(err)
	}
	old, _ := live.Load().BySource("b000003")
	if _, err := live.Apply(func(r *registry.Registry) (*registry.Registry, error) {
		return r.Retire(ctx, registry.Change{Date: day}, "b000003")
	}); err != nil {
		panic(err)
	}
	cur := live.Load()
	for _, e := range cur.History() {
		fmt.Println(e)
	}
	tr, _ := cur.TraceID(old.ID)
	fmt.Println(len(tr.Houses), "house stands for", old.ID.Grouped(), "now:", tr)
	// Output:
	// added 2026-03-01: 116A (QĐ 12/2026)
	// retired 2026-03-01: 228
	// 0 house stands for 552 578 8655 now: retired 2026-03-01: 228
}
