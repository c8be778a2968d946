package registry_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// town builds the sample town with the demo key.
func town(t testing.TB) *registry.Registry {
	t.Helper()
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	require.NoError(t, err)
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true, Clock: func() time.Time { return day0 }})
	require.NoError(t, err)
	return reg
}

// day0 is the day the sample town is first built on.
var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// lot is a planned lot on street ew-0, west of b000001 (232), where the
// street's numbers grow.
func lot(id string, x float64) registry.Feature {
	return registry.Feature{Geometry: orb.Point{x, 1188330}, Props: registry.Props{
		{Key: "id", Value: id}, {Key: "street", Value: "ew-0"}, {Key: "planned", Value: true}}}
}

type issuedHouse struct{ number, id string }

func issuedOf(reg *registry.Registry) map[string]issuedHouse {
	out := map[string]issuedHouse{}
	for h := range reg.Houses() {
		out[h.Source] = issuedHouse{h.Number.String(), h.ID.String()}
	}
	return out
}

// requireKept fails when a house of before is missing from after or has
// another number or ID there.
func requireKept(t *testing.T, before, after map[string]issuedHouse) {
	t.Helper()
	changed := 0
	for src, b := range before {
		a, ok := after[src]
		if !ok || a != b {
			if changed < 5 {
				t.Errorf("%s: %v, now %v (present %v)", src, b, a, ok)
			}
			changed++
		}
	}
	require.Zero(t, changed, "houses whose number or ID changed")
}

// TestAddLotRebuildKeepsNeighbours: a lot added to a built registry's
// source and built again gets a number, and no house that had one
// changes number or ID.
func TestAddLotRebuildKeepsNeighbours(t *testing.T) {
	ctx := context.Background()
	reg := town(t)
	before := issuedOf(reg)
	src := reg.Source()
	src.Buildings = append(src.Buildings, lot("lot-1", 607060))
	next, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	requireKept(t, before, issuedOf(next))
	l := issuedOf(next)["lot-1"]
	require.NotEmpty(t, l.number)
	require.NotEqual(t, before["b000001"].number, l.number)
}

// TestSaveOpenAddBuildKeepsIDs: Save, Open, add a lot to the opened
// registry's source and Build: every house keeps its number and ID.
func TestSaveOpenAddBuildKeepsIDs(t *testing.T) {
	ctx := context.Background()
	reg := town(t)
	before := issuedOf(reg)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	opened, err := registry.Open(ctx, path, registry.Options{DemoKey: true})
	require.NoError(t, err)
	requireKept(t, before, issuedOf(opened))
	// The lot comes first in the layer, as a layer exported in another
	// order would have it.
	src := opened.Source()
	src.Buildings = append([]registry.Feature{lot("lot-1", 607060)}, src.Buildings...)
	next, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)
	requireKept(t, before, issuedOf(next))
}

var (
	day1 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	day2 = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
)

// rect is a 5 m by 18 m building at x on the south side of ew-0.
func rect(id string, x0, x1 float64) registry.Feature {
	return registry.Feature{Geometry: orb.Polygon{{{x0, 1188321}, {x1, 1188321}, {x1, 1188339}, {x0, 1188339}, {x0, 1188321}}},
		Props: registry.Props{{Key: "id", Value: id}, {Key: "street", Value: "ew-0"}}}
}

func TestChanges(t *testing.T) {
	ctx := context.Background()
	reg := town(t)
	before := issuedOf(reg)

	// Add: a lot in the gap west of 116 gets a number of its own.
	r1, err := reg.Add(ctx, registry.Change{Date: day1, Ref: "QĐ 1/2026"}, lot("lot-1", 607060))
	require.NoError(t, err)
	requireKept(t, before, issuedOf(r1))
	l1, _ := r1.BySource("lot-1")
	require.True(t, l1.Number.IsValid())
	require.Equal(t, day1, l1.Issued)
	h1, _ := r1.BySource("b000001")
	require.Equal(t, "232", h1.Number.String())

	// Split b000001 (232, x 606669.5-606674.5) in two: the part that
	// keeps its id keeps 232 and its ID; the other is 232A.
	r2, err := r1.Split(ctx, registry.Change{Date: day1, Ref: "permit 7"}, "b000001",
		rect("b000001", 606669.5, 606672), rect("b000001-2", 606672, 606674.5))
	require.NoError(t, err)
	requireKept(t, issuedOf(r1), issuedOf(r2))
	p2, _ := r2.BySource("b000001-2")
	require.Equal(t, "232A", p2.Number.String())

	// Merge b000002 (230) and b000003 (228) into b000002: b000003 is
	// retired, its number and ID resolve to b000002.
	h3, _ := r2.BySource("b000003")
	r3, err := r2.Merge(ctx, registry.Change{Date: day2}, []string{"b000002", "b000003"}, rect("b000002", 606675.5, 606686.5))
	require.NoError(t, err)
	_, there := r3.BySource("b000003")
	require.False(t, there)
	tr, ok := r3.TraceID(h3.ID)
	require.True(t, ok)
	require.Len(t, tr.Houses, 1)
	require.Equal(t, "b000002", tr.Houses[0].Source)
	require.Equal(t, "merged 2026-04-01: 230, 228 -> 230", tr.String())
	tr, ok = r3.TraceNumber("ew-0", h3.Number)
	require.True(t, ok)
	require.Equal(t, "b000002", tr.Houses[0].Source)

	// Retire b000004: its number is never given again, even to a house
	// built where it stood.
	h4, _ := r3.BySource("b000004")
	r4, err := r3.Retire(ctx, registry.Change{Date: day2, Ref: "demolition 3"}, "b000004")
	require.NoError(t, err)
	r5, err := r4.Add(ctx, registry.Change{Date: day2}, rect("new-4", 606687.5, 606692.5))
	require.NoError(t, err)
	n4, _ := r5.BySource("new-4")
	require.NotEqual(t, h4.Number, n4.Number)
	require.NotEqual(t, h4.ID, n4.ID)
	tr, ok = r5.TraceID(h4.ID)
	require.True(t, ok)
	require.Empty(t, tr.Houses)
	require.Equal(t, "retired 2026-04-01: "+h4.Number.String()+" (demolition 3)", tr.String())

	// Rename: numbers and IDs stay, addresses read the new name.
	r6, err := r5.RenameStreet(ctx, registry.Change{Date: day2}, "ew-0", "Đường Số 1")
	require.NoError(t, err)
	requireKept(t, issuedOf(r5), issuedOf(r6))
	hs, _, err := r6.Lookup("232 Đường Số 1")
	require.NoError(t, err)
	require.NotEmpty(t, hs)
	// By an address as written before the rename and the merge: 228
	// Nguyễn Văn Linh is b000002 now.
	tr, ok, err = r6.TraceAddress("228 Đường Nguyễn Văn Linh, Phường Tân Thuận")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "b000002", tr.Houses[0].Source)
	require.Equal(t, "merged 2026-04-01: 230, 228 -> 230\nrenamed 2026-04-01: Đường Nguyễn Văn Linh -> Đường Số 1", tr.String())
	_, ok, err = r6.TraceAddress("9999 Đường Nguyễn Văn Linh")
	require.NoError(t, err)
	require.False(t, ok)

	// A house's entrance moved (to the other end of its front): its
	// number and ID stay.
	h5, _ := r6.BySource("b000005")
	r7, err := r6.MoveEntrance(ctx, registry.Change{Date: day2}, "b000005", "ew-0", orb.Point{606698, 1188321})
	require.NoError(t, err)
	m5, _ := r7.BySource("b000005")
	require.Equal(t, h5.Number, m5.Number)
	require.Equal(t, h5.ID, m5.ID)
	require.NotEqual(t, h5.Door, m5.Door)
	require.Equal(t, registry.EventEntrance, r7.History()[len(r7.History())-1].Kind)
	_, err = r6.MoveEntrance(ctx, registry.Change{Date: day2}, "b000005", "nowhere", orb.Point{606698, 1188321})
	require.ErrorIs(t, err, registry.ErrChange)

	// As of a day before the changes: the town as first built.
	past := r6.AsOf(day1.AddDate(0, 0, -1))
	require.Equal(t, len(before), past.Len())
	e, ok := past.BySource("b000004")
	require.True(t, ok)
	require.Equal(t, h4.Number, e.Number)
	_, ok = past.BySource("lot-1")
	require.False(t, ok)

	// Saved and opened, the registry is the same, history included.
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, r6.Save(ctx, path))
	opened, err := registry.Open(ctx, path, registry.Options{DemoKey: true})
	require.NoError(t, err)
	require.Equal(t, issuedOf(r6), issuedOf(opened))
	require.Equal(t, r6.History(), opened.History())
	require.Equal(t, r6.Ledger().Retired(), opened.Ledger().Retired())
	require.Len(t, opened.History(), 6)

	// Refused, whole: a retired id, a house that cannot be numbered, a
	// change dated before the last one.
	var ce *registry.ChangeError
	_, err = opened.Add(ctx, registry.Change{Date: day2}, lot("b000004", 607000))
	require.ErrorAs(t, err, &ce)
	_, err = opened.Add(ctx, registry.Change{Date: day2}, registry.Feature{Geometry: orb.Point{600000, 1180000},
		Props: registry.Props{{Key: "id", Value: "far"}}})
	require.ErrorAs(t, err, &ce)
	require.Contains(t, err.Error(), "could not be numbered")
	_, err = opened.Retire(ctx, registry.Change{Date: day1}, "b000005")
	require.ErrorIs(t, err, registry.ErrChange)
	require.Equal(t, issuedOf(r6), issuedOf(opened))
}

// TestRenumberPlan: the plan is applied as one change, every old -> new
// pair in the history; IDs never change; an old number resolves to the
// house that had it.
func TestRenumberPlan(t *testing.T) {
	ctx := context.Background()
	reg, err := town(t).Add(ctx, registry.Change{Date: day1}, lot("lot-1", 607060))
	require.NoError(t, err)
	plan, err := reg.Plan(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, plan)
	next, applied, err := reg.Renumber(ctx, registry.Change{Date: day2, Ref: "QĐ 9/2026"})
	require.NoError(t, err)
	require.Equal(t, plan, applied)
	hist := next.History()
	require.Len(t, hist, 2+len(plan))
	require.Equal(t, registry.EventRenumber, hist[1].Kind)
	for k, p := range plan {
		e := hist[2+k]
		require.Equal(t, registry.Event{Seq: 3 + k, Kind: registry.EventRenumber, Date: day2, Ref: "QĐ 9/2026", Subject: p.House,
			Old: p.Old.String(), New: p.New.String(), Houses: []string{p.House}}, e)
		h, _ := next.BySource(p.House)
		require.Equal(t, p.New, h.Number)
		was, _ := reg.BySource(p.House)
		require.Equal(t, was.ID, h.ID)
		require.Equal(t, was.Number, p.Old)
	}
	// 232 of b000001 (ew-0), renumbered: the old number finds it.
	p := plan[slices.IndexFunc(plan, func(p registry.PlanLine) bool { return p.House == "b000001" })]
	tr, ok := next.TraceNumber("ew-0", p.Old)
	require.True(t, ok)
	require.True(t, slices.ContainsFunc(tr.Houses, func(h registry.House) bool { return h.Source == "b000001" }))
	require.Contains(t, tr.String(), "renumbered 2026-04-01: 232 -> "+p.New.String()+" (QĐ 9/2026)")
	// As of the day before, the old numbers.
	e, ok := next.AsOf(day1).BySource("b000001")
	require.True(t, ok)
	require.Equal(t, "232", e.Number.String())
	// Nothing is renumbered otherwise: a change after the plan keeps it.
	after, err := next.Retire(ctx, registry.Change{Date: day2}, "lot-1")
	require.NoError(t, err)
	h, _ := after.BySource("b000001")
	require.Equal(t, p.New, h.Number)
}

// The history and the retired houses are under the file's seal: a file
// whose history or retired table was changed is refused as tampered.
func TestLedgerTablesSealed(t *testing.T) {
	ctx := context.Background()
	reg, err := sample(t).Retire(ctx, registry.Change{Date: day1, Ref: "demolition 1"}, "b000004")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	_, err = registry.Open(ctx, path, registry.Options{IDKey: testKey})
	require.NoError(t, err)
	for _, q := range []string{
		"UPDATE history SET ref = 'forged'",
		"DELETE FROM retired",
		"UPDATE houses SET issued = '2020-01-01' WHERE issued IS NOT NULL",
	} {
		_, err = registry.Open(ctx, sqlOn(t, path, q), registry.Options{IDKey: testKey})
		require.ErrorIs(t, err, gpkg.ErrTampered, q)
	}
}
