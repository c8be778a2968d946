package registry

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
)

// ErrChange: a change the registry refuses (ChangeError says why).
var ErrChange = errors.New("registry: change refused")

// ChangeError is a refused change: what was asked, of what, and the rule
// it breaks. Nothing of a refused change is applied.
type ChangeError struct {
	Kind    EventKind
	Subject string // the building or street
	Reason  string
}

func (e *ChangeError) Error() string {
	return fmt.Sprintf("%v: %s %s: %s", ErrChange, e.Kind, e.Subject, e.Reason)
}

// Unwrap returns ErrChange.
func (e *ChangeError) Unwrap() error { return ErrChange }

// Change says when a change takes effect and by what document.
type Change struct {
	// Date is the day it takes effect; zero means the day of the
	// registry's clock (Options.Clock). It may not come before the last
	// change's.
	Date time.Time
	// Ref is the document it is made by (a decision, a permit number),
	// kept in the history.
	Ref string
}

// Changes. A change never edits a registry: it makes the next one (a new source
// and ledger, built; or, for Add of one building when it can, the house
// numbered on its street and laid over the registry's shared records:
// fast.go), checks it and returns it; the registry it was made
// from is untouched, so readers of it never see a change half applied
// (Live swaps whole registries). Every change keeps every number and
// address ID issued to the houses it does not concern (and checks that it
// did), numbers new houses by the Circular's growth rules (address/
// numbering: infill 20A or 20-1, extension at the ends, a split house's
// parts after its number) and never issues a retired number or ID again.

// edit is what a change does to the next source and ledger; it returns
// the event (Kind, Subject, Old and Houses) and the buildings whose
// numbers and IDs it may take away (retired or merged).
type edit func(src *Source, l *Ledger, ev *Event) (gone []string, err error)

// apply makes the next registry: the edit, a build on the change's day,
// the check that nothing issued changed, then done (which may refuse
// and completes the event: its New value).
func (r *Registry) apply(ctx context.Context, c Change, kind EventKind, subject string, ed edit,
	done func(next *Registry, ev *Event) error) (*Registry, []PlanLine, error) {
	refuse := func(format string, a ...any) error {
		return &ChangeError{Kind: kind, Subject: subject, Reason: fmt.Sprintf(format, a...)}
	}
	if _, err := r.opts.key(); err != nil {
		return nil, nil, fmt.Errorf("registry: %s %s: %w", kind, subject, err)
	}
	date := dayOf(c.Date)
	if date.IsZero() {
		date = r.opts.today()
	}
	if n := len(r.ledger.events); n > 0 && date.Before(r.ledger.events[n-1].Date) {
		return nil, nil, refuse("dated %s, before the last change (%s): the history is kept in order", day(date), day(r.ledger.events[n-1].Date))
	}
	src := &Source{CRS: r.src.CRS}
	for _, name := range []string{LayerStreets, LayerParcels, LayerBuildings, LayerEntrances, LayerCommunes, LayerPostalZones} {
		from, _ := r.source().Layer(name)
		to, _ := src.Layer(name)
		*to = slices.Clone(*from)
	}
	l := r.ledger.clone()
	ev := Event{Kind: kind, Date: date, Ref: c.Ref, Subject: subject}
	gone, err := ed(src, l, &ev)
	if err != nil {
		return nil, nil, err
	}
	seq := l.event(ev)
	for i := range l.retired {
		if l.retired[i].Event == 0 {
			l.retired[i].Event = seq
		}
	}
	src.Ledger = l
	next, plan, err := buildWith(ctx, src, r.opts, r.savedIDs(), buildPlan{today: date, renumber: kind == EventRenumber})
	if err != nil {
		return nil, nil, fmt.Errorf("registry: %s %s: %w", kind, subject, err)
	}
	next.demo = r.demo
	// Nothing issued to a house the change does not concern may change.
	for i := range r.HouseCount() {
		h := r.house(i)
		if slices.Contains(gone, h.Source) || !h.ID.IsValid() && !h.Number.IsValid() {
			continue
		}
		n, ok := next.BySource(h.Source)
		switch {
		case !ok:
			return nil, nil, refuse("%s would no longer be in the registry", h.Source)
		case n.ID != h.ID:
			return nil, nil, refuse("%s would change address ID, %s to %s", h.Source, h.ID, n.ID)
		case n.Number != h.Number && kind != EventRenumber:
			return nil, nil, refuse("%s would change number, %s to %s (only a renumbering plan renumbers)", h.Source, h.Number, n.Number)
		}
	}
	e := &next.ledger.events[seq-1]
	if done != nil {
		if err := done(next, e); err != nil {
			return nil, nil, err
		}
	}
	if kind == EventRenumber {
		// One event per house renumbered, after the plan's: every old ->
		// new pair is in the history.
		for _, p := range plan {
			next.ledger.event(Event{Kind: EventRenumber, Date: date, Ref: c.Ref, Subject: p.House,
				Old: p.Old.String(), New: p.New.String(), Houses: []string{p.House}})
		}
		e = &next.ledger.events[seq-1]
		e.New = fmt.Sprintf("%d houses renumbered", len(plan))
	}
	return next, plan, nil
}

// change is apply for the changes that make no plan.
func (r *Registry) change(ctx context.Context, c Change, kind EventKind, subject string, ed edit,
	done func(next *Registry, ev *Event) error) (*Registry, error) {
	next, _, err := r.apply(ctx, c, kind, subject, ed, done)
	return next, err
}

// savedIDs are the registry's parcel IDs and counter, kept by the next
// build (the parcels layer is not changed by a change).
func (r *Registry) savedIDs() *saved {
	sv := &saved{parcelIDs: make([]address.ParcelID, len(r.parcels)), next: r.nextCounter}
	for i := range r.parcels {
		sv.parcelIDs[i] = r.parcels[i].ID
	}
	return sv
}

// buildingAt is the position of a building in the layer, by id; -1 when
// absent.
func buildingAt(fs []Feature, id string) int {
	return slices.IndexFunc(fs, func(f Feature) bool { return f.Props.String("id") == id })
}

// withProp returns ps with key set to v (a copy: the features of the
// registry are never changed).
func withProp(ps Props, key string, v any) Props {
	out := slices.Clone(ps)
	for i := range out {
		if out[i].Key == key {
			out[i].Value = v
			return out
		}
	}
	return append(out, Prop{Key: key, Value: v})
}

// newBuildings checks the buildings a change adds: each with an id no
// building has, had (retired) or is given twice, and a geometry.
func (r *Registry) newBuildings(kind EventKind, subject string, fs []Feature) error {
	seen := map[string]bool{}
	for k, f := range fs {
		id := f.Props.String("id")
		why := ""
		switch {
		case id == "":
			why = fmt.Sprintf("building %d has no id", k+1)
		case seen[id]:
			why = fmt.Sprintf("building id %q given twice", id)
		case r.ledger.isRetired(id):
			why = fmt.Sprintf("building id %q is a retired house's: ids are never reused", id)
		case f.Geometry == nil:
			why = fmt.Sprintf("building %q has no geometry", id)
		}
		if _, there := r.BySource(id); why == "" && there {
			why = fmt.Sprintf("building id %q is already in the registry", id)
		}
		if why != "" {
			return &ChangeError{Kind: kind, Subject: subject, Reason: why}
		}
		seen[id] = true
	}
	return nil
}

// numbered refuses a change that left one of the buildings without a
// number, saying why (the build's finding).
func numbered(next *Registry, kind EventKind, subject string, ids []string) ([]string, error) {
	var nums []string
	for _, id := range ids {
		h, _ := next.BySource(id)
		if !h.Number.IsValid() {
			why := "it could not be numbered"
			for _, f := range next.allFindings() {
				if f.Layer == LayerBuildings && f.Record == id {
					why = fmt.Sprintf("it could not be numbered: %s: %s", f.Reason, f.Evidence)
					break
				}
			}
			return nil, &ChangeError{Kind: kind, Subject: subject, Reason: fmt.Sprintf("%s: %s", id, why)}
		}
		nums = append(nums, h.Number.String())
	}
	return nums, nil
}

func ids(fs []Feature) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Props.String("id")
	}
	return out
}

// Add adds buildings or planned lots (planned = true), each numbered by
// the growth rules without touching any other house's number: infill
// (20A or 20-1) between numbered houses, the next numbers at the ends. It
// is refused, whole, when a building has no id or one already used (or
// retired), or cannot be numbered.
//
// One building is added without a rebuild, in time proportional to its
// street and the houses added since the last build (fast.go), whenever
// that is sure to give what a rebuild gives; otherwise, and for several
// buildings, Add rebuilds as the other changes (Split, Merge, Retire,
// RenameStreet, MoveEntrance, Renumber) always do.
func (r *Registry) Add(ctx context.Context, c Change, buildings ...Feature) (*Registry, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, err
		}
		return w.Add(ctx, c, buildings...)
	}
	return r.add(ctx, c, true, buildings...)
}

// add is Add, without a rebuild when fast allows and addFast can.
func (r *Registry) add(ctx context.Context, c Change, fast bool, buildings ...Feature) (*Registry, error) {
	added := ids(buildings)
	subject := strings.Join(added, ",")
	if len(buildings) == 0 {
		return nil, &ChangeError{Kind: EventAdd, Reason: "no building given"}
	}
	if err := r.newBuildings(EventAdd, subject, buildings); err != nil {
		return nil, err
	}
	if fast && len(buildings) == 1 && ctx.Err() == nil {
		date := dayOf(c.Date)
		if date.IsZero() {
			date = r.opts.today()
		}
		if n := len(r.ledger.events); n == 0 || !date.Before(r.ledger.events[n-1].Date) {
			if next, ok := r.addFast(c, date, buildings[0]); ok {
				return next, nil
			}
		}
	}
	return r.change(ctx, c, EventAdd, subject, func(src *Source, _ *Ledger, ev *Event) ([]string, error) {
		src.Buildings = append(src.Buildings, buildings...)
		ev.Houses = added
		return nil, nil
	}, func(next *Registry, ev *Event) error {
		nums, err := numbered(next, EventAdd, subject, added)
		ev.New = strings.Join(nums, ", ")
		return err
	})
}

// Split splits a house: the part whose id is the house's keeps its number
// and address ID (and the building's attributes; its geometry is the
// part's), the others are new buildings numbered after it (20A, 20B or
// 20-1, 20-2). At least two parts, exactly one with the house's id.
func (r *Registry) Split(ctx context.Context, c Change, house string, parts ...Feature) (*Registry, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, err
		}
		return w.Split(ctx, c, house, parts...)
	}
	refuse := func(format string, a ...any) error {
		return &ChangeError{Kind: EventSplit, Subject: house, Reason: fmt.Sprintf(format, a...)}
	}
	h, ok := r.BySource(house)
	switch {
	case !ok:
		return nil, refuse("no such house")
	case !h.Number.IsValid():
		return nil, refuse("the house has no number to split")
	case len(parts) < 2:
		return nil, refuse("%d part(s): a split makes two or more", len(parts))
	}
	keep := slices.IndexFunc(parts, func(f Feature) bool { return f.Props.String("id") == house })
	if keep < 0 {
		return nil, refuse("no part has the house's id, %q: that part keeps its number and ID", house)
	}
	var others []Feature
	for k, p := range parts {
		if k != keep {
			others = append(others, p)
		}
	}
	if err := r.newBuildings(EventSplit, house, others); err != nil {
		return nil, err
	}
	if parts[keep].Geometry == nil {
		return nil, refuse("the part %q has no geometry", house)
	}
	return r.change(ctx, c, EventSplit, house, func(src *Source, _ *Ledger, ev *Event) ([]string, error) {
		i := buildingAt(src.Buildings, house)
		src.Buildings[i] = Feature{Geometry: parts[keep].Geometry, Props: src.Buildings[i].Props}
		street := src.Buildings[i].Props.String("street")
		for _, p := range others {
			ps := withProp(p.Props, "split_of", h.Number.String())
			if _, given := ps.Get("street"); !given && street != "" {
				ps = withProp(ps, "street", street)
			}
			src.Buildings = append(src.Buildings, Feature{Geometry: p.Geometry, Props: ps})
		}
		ev.Old = h.Number.String()
		ev.Houses = append([]string{house}, ids(others)...)
		return nil, nil
	}, func(next *Registry, ev *Event) error {
		nums, err := numbered(next, EventSplit, house, ev.Houses)
		ev.New = strings.Join(nums, ", ")
		return err
	})
}

// Merge merges houses into one: the merged building's id is one of
// theirs, whose number and address ID it keeps (its attributes too; its
// geometry is the merged one); the others are retired, their numbers
// and IDs never issued again and resolving to it (TraceID, TraceNumber).
func (r *Registry) Merge(ctx context.Context, c Change, houses []string, merged Feature) (*Registry, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, err
		}
		return w.Merge(ctx, c, houses, merged)
	}
	into := merged.Props.String("id")
	refuse := func(format string, a ...any) error {
		return &ChangeError{Kind: EventMerge, Subject: into, Reason: fmt.Sprintf(format, a...)}
	}
	if len(houses) < 2 {
		return nil, refuse("%d house(s): a merge takes two or more", len(houses))
	}
	if !slices.Contains(houses, into) {
		return nil, refuse("the merged building's id %q is none of the houses merged: it keeps the number and ID of the one it names", into)
	}
	if merged.Geometry == nil {
		return nil, refuse("the merged building has no geometry")
	}
	hs := make([]House, len(houses))
	for k, id := range houses {
		h, ok := r.BySource(id)
		if !ok {
			return nil, refuse("no such house %q", id)
		}
		if slices.Index(houses, id) != k {
			return nil, refuse("house %q given twice", id)
		}
		hs[k] = h
	}
	var gone []string
	for _, id := range houses {
		if id != into {
			gone = append(gone, id)
		}
	}
	return r.change(ctx, c, EventMerge, into, func(src *Source, l *Ledger, ev *Event) ([]string, error) {
		i := buildingAt(src.Buildings, into)
		src.Buildings[i] = Feature{Geometry: merged.Geometry, Props: src.Buildings[i].Props}
		var old []string
		for _, h := range hs {
			old = append(old, h.Number.String())
			if h.Source != into {
				r.retire(src, l, h, ev.Date, []string{into})
			}
		}
		ev.Old = strings.Join(old, ", ")
		ev.Houses = []string{into}
		return gone, nil
	}, func(next *Registry, ev *Event) error {
		h, _ := next.BySource(into)
		ev.New = h.Number.String()
		return nil
	})
}

// retire takes house h out of the next source (the building and its
// entrances) and into the ledger's retired houses (the event is set by
// apply).
func (r *Registry) retire(src *Source, l *Ledger, h House, date time.Time, into []string) {
	src.Buildings = slices.DeleteFunc(src.Buildings, func(f Feature) bool { return f.Props.String("id") == h.Source })
	src.Entrances = slices.DeleteFunc(src.Entrances, func(f Feature) bool { return f.Props.String("building") == h.Source })
	e := l.houses[h.Source]
	delete(l.houses, h.Source)
	l.retired = append(l.retired, Retired{Source: h.Source, Street: e.Street, Number: h.Number, ID: h.ID, Door: h.Door,
		Issued: h.Issued, Date: date, Into: into})
}

// Retire takes a house out of the registry (demolished, or a planned lot
// given up): its number and address ID are never issued again, and both
// still resolve (TraceID, TraceNumber) with the history.
func (r *Registry) Retire(ctx context.Context, c Change, house string) (*Registry, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, err
		}
		return w.Retire(ctx, c, house)
	}
	h, ok := r.BySource(house)
	if !ok {
		return nil, &ChangeError{Kind: EventRetire, Subject: house, Reason: "no such house"}
	}
	return r.change(ctx, c, EventRetire, house, func(src *Source, l *Ledger, ev *Event) ([]string, error) {
		r.retire(src, l, h, ev.Date, nil)
		ev.Old = h.Number.String()
		return []string{house}, nil
	}, nil)
}

// RenameStreet renames or re-classes a street or alley (the type word is
// part of the name: "Hẻm 12" to "Đường Số 12"): every house keeps its
// number and ID; their addresses read the new name.
func (r *Registry) RenameStreet(ctx context.Context, c Change, street, name string) (*Registry, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, err
		}
		return w.RenameStreet(ctx, c, street, name)
	}
	refuse := func(format string, a ...any) error {
		return &ChangeError{Kind: EventRename, Subject: street, Reason: fmt.Sprintf(format, a...)}
	}
	k := slices.IndexFunc(r.streets, func(s Street) bool { return s.ID == street })
	switch {
	case k < 0:
		return nil, refuse("no such street")
	case strings.TrimSpace(name) == "":
		return nil, refuse("no name given")
	case name == r.streets[k].Name:
		return nil, refuse("already named %q", name)
	}
	old := r.streets[k].Name
	return r.change(ctx, c, EventRename, street, func(src *Source, _ *Ledger, ev *Event) ([]string, error) {
		f := src.Streets[k]
		src.Streets[k] = Feature{Geometry: f.Geometry, Props: withProp(f.Props, "name", name)}
		ev.Old, ev.New = old, name
		return nil, nil
	}, nil)
}

// MoveEntrance gives a house a new main entrance on a street, at a point
// in the registry's CRS, in place of the entrances it had. The house
// keeps its number and ID (a number is not changed by a door moving).
func (r *Registry) MoveEntrance(ctx context.Context, c Change, house, street string, at orb.Point) (*Registry, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, err
		}
		return w.MoveEntrance(ctx, c, house, street, at)
	}
	refuse := func(format string, a ...any) error {
		return &ChangeError{Kind: EventEntrance, Subject: house, Reason: fmt.Sprintf(format, a...)}
	}
	h, ok := r.BySource(house)
	if !ok {
		return nil, refuse("no such house")
	}
	if !slices.ContainsFunc(r.streets, func(s Street) bool { return s.ID == street && s.Line != nil }) {
		return nil, refuse("street %q is not a usable street of the registry", street)
	}
	return r.change(ctx, c, EventEntrance, house, func(src *Source, _ *Ledger, ev *Event) ([]string, error) {
		src.Entrances = slices.DeleteFunc(src.Entrances, func(f Feature) bool { return f.Props.String("building") == house })
		src.Entrances = append(src.Entrances, Feature{Geometry: at, Props: Props{{Key: "building", Value: house},
			{Key: "street", Value: street}, {Key: "main", Value: true}}})
		ev.Old = fmt.Sprintf("%.6f %.6f", h.Door[0], h.Door[1])
		ev.Houses = []string{house}
		return nil, nil
	}, func(next *Registry, ev *Event) error {
		n, _ := next.BySource(house)
		ev.New = fmt.Sprintf("%.6f %.6f", n.Door[0], n.Door[1])
		return nil
	})
}

// Plan is the renumbering plan of the whole registry (numbering's
// Renumber: every house numbered afresh by the Circular), without applying
// it: one line per house whose number would change.
func (r *Registry) Plan(ctx context.Context) ([]PlanLine, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, err
		}
		return w.Plan(ctx)
	}
	src := r.Source()
	_, plan, err := buildWith(ctx, src, r.opts, r.savedIDs(), buildPlan{today: r.opts.today(), renumber: true})
	return plan, err
}

// Renumber applies the renumbering plan (Plan) as one change: every house
// numbered afresh, each old -> new pair an event of the history, the old
// numbers resolving (TraceNumber) to the houses that had them. Address IDs
// never change. Nothing is ever renumbered but by this.
func (r *Registry) Renumber(ctx context.Context, c Change) (*Registry, []PlanLine, error) {
	if r.lazy != nil {
		w, err := r.whole(ctx)
		if err != nil {
			return nil, nil, err
		}
		return w.Renumber(ctx, c)
	}
	next, plan, err := r.apply(ctx, c, EventRenumber, "registry", func(*Source, *Ledger, *Event) ([]string, error) {
		return nil, nil
	}, nil)
	if next != nil {
		// Its findings are the renumbering's, not those a build of its
		// saved source and ledger gives (the source's old numbers): saved
		// without a snapshot, it is built again on opening, as a change
		// would build it.
		next.noSnapshot = true
	}
	return next, plan, err
}

// Live holds the current registry of a changing registry: readers take
// it (Load) and query it while changes are applied; a change (Apply) makes
// the next registry from the current one and swaps it in whole, so no
// reader ever sees a change half applied. Changes are applied one at a
// time. Safe for concurrent use.
type Live struct {
	mu  sync.Mutex
	cur atomic.Pointer[Registry]
}

// NewLive holds r.
func NewLive(r *Registry) *Live {
	l := &Live{}
	l.cur.Store(r)
	return l
}

// Load returns the current registry: immutable, to query as long as
// needed.
func (l *Live) Load() *Registry { return l.cur.Load() }

// Apply applies a change to the current registry and makes its result
// current; a refused change leaves the current registry as it was.
//
//	next, err := live.Apply(func(r *registry.Registry) (*registry.Registry, error) {
//		return r.Add(ctx, registry.Change{Ref: "QĐ 12/2026"}, lot)
//	})
func (l *Live) Apply(change func(r *Registry) (*Registry, error)) (*Registry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	next, err := change(l.cur.Load())
	if err != nil {
		return nil, err
	}
	if next == nil {
		return nil, errors.New("registry: a change gave no registry")
	}
	l.cur.Store(next)
	return next, nil
}
