package registry

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/numbering"
)

// Ledger is what a registry has issued, kept from one build to the next:
// each house's number, street, address ID and the day they were issued,
// each alley's number, the houses retired (whose numbers and IDs are
// never given again) and the history of every change. A registry's
// Source carries its ledger (Source.Ledger), so that building again from
// it, with buildings added, keeps everything issued; Save stores it and
// Open reads it back. A ledger is immutable: a change makes a new one.
type Ledger struct {
	// houses is what each building was issued, by building id; a built
	// registry's ledger has none but reads its houses (reg), which hold
	// the same, so that a million houses are not held twice.
	houses  map[string]Issued
	reg     *Registry
	alleys  map[string]address.HouseNumber // alley numbers by street id
	retired []Retired
	events  []Event
	// tail is how far events' array is taken, shared by the ledgers that
	// share the array (nil for an array of this ledger's own): see
	// withEvent.
	tail *atomic.Int64
	next uint64 // the allocator counter to resume from
}

// withEvent is the history with e after it, for the next ledger of a
// change that does not rebuild. A ledger never changes, yet a long run
// of such changes must not copy the whole history at each: the ledger
// whose history ends where its array is taken (tail) appends in place,
// past the end any other ledger reads, and takes one more; any other
// copies the history into a new array, with room to grow.
func (l *Ledger) withEvent(e Event) ([]Event, *atomic.Int64) {
	n := len(l.events)
	e.Seq = n + 1
	if l.tail != nil && n < cap(l.events) && l.tail.CompareAndSwap(int64(n), int64(n+1)) {
		return append(l.events, e), l.tail
	}
	out := make([]Event, n+1, max(2*n, 16))
	copy(out, l.events)
	out[n] = e
	t := new(atomic.Int64)
	t.Store(int64(n + 1))
	return out, t
}

// Issued is what the registry issued a house.
type Issued struct {
	Number address.HouseNumber
	Street string // the id of the street or alley it is numbered on
	ID     address.ID
	Status numbering.Status
	// Date is the day the number and ID were issued; zero when not known
	// (a file saved before the registry kept dates).
	Date time.Time
	// Door is where its number stands on its street (WGS84), as last
	// built: where a retired house keeps its number from being reused.
	Door orb.Point
}

// PlanLine is one line of a renumbering plan: a house's number before
// and after.
type PlanLine struct {
	House, Street string // building id, street id
	Old, New      address.HouseNumber
}

// Retired is a house taken out of the registry: its number on its street
// and its address ID are never issued again, and both still resolve
// (Registry.Trace) to the houses that stand for it now, if any.
type Retired struct {
	Source string // the building's id
	Street string
	Number address.HouseNumber
	ID     address.ID
	Door   orb.Point // WGS84: where its number stood on the street
	Issued time.Time // when its number was issued (zero when not known)
	Date   time.Time // when it was retired
	Event  int       // the event (Event.Seq) that retired it
	// Into are the houses (building ids) that stand for it now: the house
	// it was merged into; none for a house simply retired.
	Into []string
}

// EventKind names a change to the registry.
type EventKind string

// The kinds of change.
const (
	EventAdd      EventKind = "add"      // houses or planned lots added
	EventSplit    EventKind = "split"    // a house split into several
	EventMerge    EventKind = "merge"    // houses merged into one
	EventRetire   EventKind = "retire"   // a house taken out
	EventRename   EventKind = "rename"   // a street renamed or re-classed
	EventRenumber EventKind = "renumber" // a renumbering plan applied
	EventEntrance EventKind = "entrance" // a house's main entrance moved
)

var eventKinds = []EventKind{EventAdd, EventSplit, EventMerge, EventRetire, EventRename, EventRenumber, EventEntrance}

// Event is one change to the registry, as the history keeps it.
type Event struct {
	Seq  int // 1, 2, 3… in the order applied
	Kind EventKind
	Date time.Time // the day it took effect
	// Ref is the document the change was made by (a decision, a permit
	// number), as the caller gave it.
	Ref string
	// Subject is the house (building id) or street (street id) changed.
	Subject string
	// Old and New are the values before and after, in words: a number, a
	// street name, "232 -> 232A".
	Old, New string
	// Houses are the houses (building ids) the change left standing for
	// the subject: the parts of a split, the house of a merge, the houses
	// added.
	Houses []string
}

// String says what the event did and when: "renumbered 2026-03-01: 232 -> 232A".
func (e Event) String() string {
	verb := map[EventKind]string{EventAdd: "added", EventSplit: "split", EventMerge: "merged", EventRetire: "retired",
		EventRename: "renamed", EventRenumber: "renumbered", EventEntrance: "entrance moved"}[e.Kind]
	if verb == "" {
		verb = string(e.Kind)
	}
	s := fmt.Sprintf("%s %s: ", verb, day(e.Date))
	switch {
	case e.Old != "" && e.New != "":
		s += e.Old + " -> " + e.New
	case e.New != "":
		s += e.New
	default:
		s += e.Old
	}
	if e.Ref != "" {
		s += " (" + e.Ref + ")"
	}
	return s
}

// dateLayout is how dates are written: the day, in UTC.
const dateLayout = "2006-01-02"

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

// dayOf is t's day (midnight UTC); the zero time stays zero.
func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

func newLedger() *Ledger {
	return &Ledger{houses: map[string]Issued{}, alleys: map[string]address.HouseNumber{}}
}

// issuedOf is what house h of r was issued; ok is false when nothing.
func issuedOf(r *Registry, h *House) (Issued, bool) {
	e := Issued{Number: h.Number, ID: h.ID, Status: h.Status, Door: h.Door, Date: h.Issued}
	if s, ok := h.Street(); ok {
		e.Street = r.street(s).ID
	}
	return e, e.Number.IsValid() || e.ID.IsValid()
}

// get is what building id was issued.
func (l *Ledger) get(building string) (Issued, bool) {
	if l == nil {
		return Issued{}, false
	}
	if l.reg != nil {
		i, ok := l.reg.houseBySource(building)
		if !ok {
			return Issued{}, false
		}
		return issuedOf(l.reg, l.reg.house(i))
	}
	e, ok := l.houses[building]
	return e, ok
}

// all is what every building was issued, by building id: the ledger's
// own map (not to be changed) or one made from the registry's houses.
func (l *Ledger) all() map[string]Issued {
	if l == nil {
		return map[string]Issued{}
	}
	if l.reg == nil {
		return l.houses
	}
	out := make(map[string]Issued, l.reg.HouseCount())
	for i := range l.reg.HouseCount() {
		h := l.reg.house(i)
		if e, ok := issuedOf(l.reg, h); ok {
			out[h.Source] = e
		}
	}
	return out
}

// clone is a copy the next change may add to.
func (l *Ledger) clone() *Ledger {
	if l == nil {
		return newLedger()
	}
	hs := l.all()
	if l.reg == nil {
		hs = maps.Clone(hs)
	}
	c := &Ledger{houses: hs, alleys: maps.Clone(l.alleys), next: l.next,
		retired: slices.Clone(l.retired), events: slices.Clone(l.events)}
	if c.houses == nil {
		c.houses = map[string]Issued{}
	}
	if c.alleys == nil {
		c.alleys = map[string]address.HouseNumber{}
	}
	return c
}

// House is what was issued to a building; ok is false for one never
// issued anything.
func (l *Ledger) House(building string) (Issued, bool) {
	return l.get(building)
}

// Retired returns a copy of the retired houses, in the order retired.
func (l *Ledger) Retired() []Retired {
	if l == nil {
		return nil
	}
	out := slices.Clone(l.retired)
	for i := range out {
		out[i].Into = slices.Clone(out[i].Into)
	}
	return out
}

// Events returns a copy of the history, oldest first.
func (l *Ledger) Events() []Event {
	if l == nil {
		return nil
	}
	out := slices.Clone(l.events)
	for i := range out {
		out[i].Houses = slices.Clone(out[i].Houses)
	}
	return out
}

// retiredIDs is the set of the retired address IDs.
func (l *Ledger) retiredIDs() map[address.ID]bool {
	out := map[address.ID]bool{}
	if l == nil {
		return out
	}
	for _, r := range l.retired {
		if r.ID.IsValid() {
			out[r.ID] = true
		}
	}
	return out
}

// isRetired reports whether a building id is one of a retired house.
func (l *Ledger) isRetired(building string) bool {
	return l != nil && slices.ContainsFunc(l.retired, func(r Retired) bool { return r.Source == building })
}

// event appends an event and returns its number.
func (l *Ledger) event(e Event) int {
	e.Seq = len(l.events) + 1
	l.events = append(l.events, e)
	return e.Seq
}

// Trace is how an old number or address ID came to the houses that stand
// for it now: the houses (none for one retired without successor) and
// the events that led there, oldest first.
type Trace struct {
	Houses []House
	// Retired is set when the ID or number was a retired house's.
	Retired *Retired
	Events  []Event
}

// String writes the trace's events, one per line.
func (t Trace) String() string {
	var b strings.Builder
	for i, e := range t.Events {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.String())
	}
	return b.String()
}

// eventsOf returns the events that concern building id: it was their
// subject, or one of the houses they left.
func (l *Ledger) eventsOf(building string) []Event {
	var out []Event
	if l == nil {
		return nil
	}
	for _, e := range l.events {
		if e.Subject == building || slices.Contains(e.Houses, building) {
			out = append(out, e)
		}
	}
	return out
}

// TraceID answers for an address ID, current or retired: the house that
// has it now, or the houses that stand for the retired house that had it,
// with the events of their history. ok is false for an ID the registry
// never issued.
func (r *Registry) TraceID(id address.ID) (Trace, bool) {
	if h, ok := r.ByID(id); ok {
		return Trace{Houses: []House{h}, Events: r.ledger.eventsOf(h.Source)}, true
	}
	for i := range r.ledger.retired {
		if rt := r.ledger.retired[i]; rt.ID == id {
			return r.traceRetired(rt), true
		}
	}
	return Trace{}, false
}

// TraceNumber answers for a number on a street (by street id), current or
// former: the houses that have it now, then those that had it before a
// renumbering (which may give a number to another house), with their
// events; else the retired house that had it. ok is false for a number
// the street never had.
func (r *Registry) TraceNumber(street string, n address.HouseNumber) (Trace, bool) {
	var t Trace
	add := func(h House) {
		if slices.ContainsFunc(t.Houses, func(o House) bool { return o.Source == h.Source }) {
			return
		}
		t.Houses = append(t.Houses, h)
		for _, e := range r.ledger.eventsOf(h.Source) {
			if !slices.ContainsFunc(t.Events, func(o Event) bool { return o.Seq == e.Seq }) {
				t.Events = append(t.Events, e)
			}
		}
	}
	for i := range r.HouseCount() {
		h := r.house(i)
		if s, ok := h.Street(); ok && h.Number == n && r.street(s).ID == street {
			add(*h)
		}
	}
	for _, e := range r.ledger.events {
		if e.Kind == EventRenumber && e.Old == n.String() && r.ledger.street(e.Subject) == street {
			if h, ok := r.BySource(e.Subject); ok {
				add(h)
			}
		}
	}
	if len(t.Houses) > 0 {
		slices.SortFunc(t.Events, func(a, b Event) int { return a.Seq - b.Seq })
		return t, true
	}
	for i := range r.ledger.retired {
		if rt := r.ledger.retired[i]; rt.Street == street && rt.Number == n {
			return r.traceRetired(rt), true
		}
	}
	return Trace{}, false
}

// street is the street id building is numbered on.
func (l *Ledger) street(building string) string {
	e, _ := l.get(building)
	return e.Street
}

func (r *Registry) traceRetired(rt Retired) Trace {
	t := Trace{Retired: &rt}
	t.Events = r.ledger.eventsOf(rt.Source)
	if k := rt.Event - 1; k >= 0 && k < len(r.ledger.events) && !slices.ContainsFunc(t.Events, func(e Event) bool { return e.Seq == rt.Event }) {
		t.Events = append(t.Events, r.ledger.events[k])
		slices.SortFunc(t.Events, func(a, b Event) int { return a.Seq - b.Seq })
	}
	for _, into := range rt.Into {
		if h, ok := r.BySource(into); ok {
			t.Houses = append(t.Houses, h)
		}
	}
	return t
}

// Ledger returns the registry's ledger: what it issued, retired and
// changed. It is immutable and shared; a change makes a new one.
func (r *Registry) Ledger() *Ledger { return r.ledger }

// History returns a copy of every change applied to the registry, oldest
// first.
func (r *Registry) History() []Event { return r.ledger.Events() }

// Past is the registry's issued state as of a day (Registry.AsOf): the
// houses that stood then, with the numbers and IDs they had.
type Past struct {
	Day    time.Time
	houses map[string]Issued
	byID   map[address.ID]string
}

// AsOf answers as of a day: the houses whose numbers had been issued by
// the end of that day (those of unknown date count as issued before any
// change) and not yet retired, with the numbers they had before the
// renumberings that came after.
func (r *Registry) AsOf(t time.Time) *Past {
	d := dayOf(t)
	p := &Past{Day: d, houses: map[string]Issued{}, byID: map[address.ID]string{}}
	l := r.ledger
	// A house renumbered after the day stood before the renumbering when
	// it had a number then; its entry's date is the renumbering's.
	renumbered := map[string]bool{}
	for _, e := range l.events {
		if e.Kind == EventRenumber && e.Date.After(d) && e.Old != "" {
			renumbered[e.Subject] = true
		}
	}
	for src, e := range l.all() {
		if !e.Date.After(d) || renumbered[src] {
			p.houses[src] = e
		}
	}
	// Houses a change added after the day did not stand on it.
	for _, e := range l.events {
		if !e.Date.After(d) || e.Kind != EventAdd && e.Kind != EventSplit {
			continue
		}
		for _, h := range e.Houses {
			if h != e.Subject || e.Kind == EventAdd {
				delete(p.houses, h)
			}
		}
	}
	for _, rt := range l.retired {
		if !rt.Issued.After(d) && rt.Date.After(d) {
			p.houses[rt.Source] = Issued{Number: rt.Number, Street: rt.Street, ID: rt.ID, Date: rt.Issued}
		}
	}
	for i := len(l.events) - 1; i >= 0; i-- {
		e := l.events[i]
		if !e.Date.After(d) {
			break
		}
		if e.Kind != EventRenumber {
			continue
		}
		if h, ok := p.houses[e.Subject]; ok {
			old, err := address.ParseHouseNumber(e.Old)
			if err == nil {
				h.Number = old
				p.houses[e.Subject] = h
			}
		}
	}
	for src, e := range p.houses {
		if e.ID.IsValid() {
			p.byID[e.ID] = src
		}
	}
	return p
}

// BySource is what building id had on the day; ok is false when it did
// not stand then.
func (p *Past) BySource(building string) (Issued, bool) {
	e, ok := p.houses[building]
	return e, ok
}

// ByID is the building that had an address ID on the day, and what it had.
func (p *Past) ByID(id address.ID) (string, Issued, bool) {
	src, ok := p.byID[id]
	if !ok {
		return "", Issued{}, false
	}
	return src, p.houses[src], true
}

// Len is the number of houses that stood on the day.
func (p *Past) Len() int { return len(p.houses) }

// TraceAddress is TraceNumber from an address as written ("232 Nguyễn
// Văn Linh"): the street by its name now or a name it had before a
// rename (without diacritics, case or type word; an alley by its main
// street and the full number, as Lookup reads it). ok is false when no
// street of that name ever had the number; err is the text's.
func (r *Registry) TraceAddress(text string) (Trace, bool, error) {
	a, err := address.Parse(text)
	if err != nil {
		return Trace{}, false, err
	}
	num := fullNumber(a)
	key := streetKey(a.Street)
	names := map[string]bool{key: true}
	// The streets named so now, and those named so before a rename.
	var streets []string
	var renames []Event
	for _, e := range r.ledger.events {
		if e.Kind == EventRename && streetKey(e.Old) == key {
			streets = append(streets, e.Subject)
			renames = append(renames, e)
		}
	}
	for i := range r.streets {
		m, _ := r.streets[i].main.Index()
		if names[streetKey(r.streets[m].Name)] || slices.Contains(streets, r.streets[m].ID) {
			streets = append(streets, r.streets[i].ID)
		}
	}
	var t Trace
	for _, s := range streets {
		st, ok := r.TraceNumber(s, num)
		if !ok {
			continue
		}
		for _, h := range st.Houses {
			if !slices.ContainsFunc(t.Houses, func(o House) bool { return o.Source == h.Source }) {
				t.Houses = append(t.Houses, h)
			}
		}
		for _, e := range st.Events {
			if !slices.ContainsFunc(t.Events, func(o Event) bool { return o.Seq == e.Seq }) {
				t.Events = append(t.Events, e)
			}
		}
		if st.Retired != nil && t.Retired == nil {
			t.Retired = st.Retired
		}
	}
	found := len(t.Houses) > 0 || t.Retired != nil
	if found {
		for _, e := range renames { // the name it was written with
			if !slices.ContainsFunc(t.Events, func(o Event) bool { return o.Seq == e.Seq }) {
				t.Events = append(t.Events, e)
			}
		}
	}
	slices.SortFunc(t.Events, func(a, b Event) int { return a.Seq - b.Seq })
	return t, found, nil
}
