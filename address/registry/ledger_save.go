package registry

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// The tables of a saved registry's ledger, beside its layers: rows
// without geometry, covered by the file's digest and seal like every
// layer.
const (
	// LayerHistory is the history: one row per change (Event).
	LayerHistory = "history"
	// LayerRetired holds the retired houses (Retired), whose numbers and
	// IDs are never issued again.
	LayerRetired = "retired"
)

// ledgerColumns are the columns of the history and retired tables, as
// the schema lists them.
var ledgerColumns = []column{
	{Attribute{Layer: LayerHistory, Name: "seq", Kind: KindInteger, Meaning: "the change's number: 1, 2, 3… in the order applied"}, nil},
	{Attribute{Layer: LayerHistory, Name: "date", Kind: KindText, Meaning: "the day it took effect (YYYY-MM-DD)"}, nil},
	{Attribute{Layer: LayerHistory, Name: "kind", Kind: KindText, Meaning: "add, split, merge, retire, rename, renumber or entrance"}, nil},
	{Attribute{Layer: LayerHistory, Name: "subject", Kind: KindText, Meaning: "the building or street changed"}, nil},
	{Attribute{Layer: LayerHistory, Name: "old", Kind: KindText, Meaning: "the value before (a number, a name)"}, nil},
	{Attribute{Layer: LayerHistory, Name: "new", Kind: KindText, Meaning: "the value after"}, nil},
	{Attribute{Layer: LayerHistory, Name: "houses", Kind: KindText, Meaning: "the buildings that stand for the subject after it, a JSON array"}, nil},
	{Attribute{Layer: LayerHistory, Name: "ref", Kind: KindText, Meaning: "the document the change was made by"}, nil},
	{Attribute{Layer: LayerRetired, Name: "building", Kind: KindText, Meaning: "the retired building's id"}, nil},
	{Attribute{Layer: LayerRetired, Name: "street_id", Kind: KindStreetID, Meaning: "the street its number was on"}, nil},
	{Attribute{Layer: LayerRetired, Name: "number", Kind: KindHouseNumber, Meaning: "its number, never issued again on that street"}, nil},
	{Attribute{Layer: LayerRetired, Name: "address_id", Kind: KindAddressID, Meaning: "its address ID, never issued again"}, nil},
	{Attribute{Layer: LayerRetired, Name: "door_lon", Kind: KindNumber, Meaning: "where its number stood (WGS84 longitude)"}, nil},
	{Attribute{Layer: LayerRetired, Name: "door_lat", Kind: KindNumber, Meaning: "and latitude"}, nil},
	{Attribute{Layer: LayerRetired, Name: "issued", Kind: KindText, Meaning: "the day its number was issued"}, nil},
	{Attribute{Layer: LayerRetired, Name: "retired", Kind: KindText, Meaning: "the day it was retired"}, nil},
	{Attribute{Layer: LayerRetired, Name: "event", Kind: KindInteger, Meaning: "the change (history seq) that retired it"}, nil},
	{Attribute{Layer: LayerRetired, Name: "merged_into", Kind: KindText, Meaning: "the buildings that stand for it now (a JSON array), if any"}, nil},
}

// ledgerFields are the table's columns.
func ledgerFields(table string) []gpkg.Field {
	var out []gpkg.Field
	for _, c := range ledgerColumns {
		if c.Layer != table {
			continue
		}
		t := gpkg.Text
		switch c.Kind {
		case KindInteger:
			t = gpkg.Integer
		case KindNumber:
			t = gpkg.Real
		}
		out = append(out, gpkg.Field{Name: c.Name, Type: t})
	}
	return out
}

var historyFields, retiredFields = ledgerFields(LayerHistory), ledgerFields(LayerRetired)

// ledgerLayers are the history and retired tables of the ledger.
func (r *Registry) ledgerLayers() []gpkg.Layer {
	l := r.ledger
	if l == nil {
		l = newLedger()
	}
	hist := gpkg.Layer{Name: LayerHistory, Fields: historyFields} // a table of attributes
	for _, e := range l.events {
		hist.Features = append(hist.Features, gpkg.Feature{Values: []any{int64(e.Seq), day(e.Date), string(e.Kind),
			e.Subject, nullable(e.Old), nullable(e.New), jsonList(e.Houses), nullable(e.Ref)}})
	}
	ret := gpkg.Layer{Name: LayerRetired, Fields: retiredFields}
	for _, rt := range l.retired {
		var lon, lat any
		if rt.Door != (orb.Point{}) {
			lon, lat = rt.Door[0], rt.Door[1]
		}
		ret.Features = append(ret.Features, gpkg.Feature{Values: []any{rt.Source, nullable(rt.Street), textOrNull(rt.Number),
			textOrNull(rt.ID), lon, lat, nullable(day(rt.Issued)), day(rt.Date), int64(rt.Event), jsonList(rt.Into)}})
	}
	return []gpkg.Layer{hist, ret}
}

// tableReader reads the rows of a saved table by column name, each
// failure an ErrSchema naming the table, row and column.
type tableReader struct {
	path string
	l    *gpkg.Layer
	col  map[string]int
	row  int
	err  error
}

func newTableReader(path string, l *gpkg.Layer, want []gpkg.Field) (*tableReader, error) {
	t := &tableReader{path: path, l: l, col: map[string]int{}}
	for k, f := range l.Fields {
		t.col[f.Name] = k
	}
	for _, f := range want {
		if _, ok := t.col[f.Name]; !ok {
			return nil, fmt.Errorf("%w: %s: table %s has no column %s", ErrSchema, path, l.Name, f.Name)
		}
	}
	return t, nil
}

func (t *tableReader) fail(name string, v any, why string) {
	if t.err == nil {
		t.err = fmt.Errorf("%w: %s: table %s row %d: %s = %v: %s", ErrSchema, t.path, t.l.Name, t.row+1, name, v, why)
	}
}

// text is a text column's value ("" for NULL).
func (t *tableReader) text(name string) string {
	switch v := t.l.Features[t.row].Values[t.col[name]].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		t.fail(name, v, "not text")
		return ""
	}
}

func (t *tableReader) integer(name string) int {
	v, ok := t.l.Features[t.row].Values[t.col[name]].(int64)
	if !ok || v < 0 || v > 1<<31 {
		t.fail(name, t.l.Features[t.row].Values[t.col[name]], "not a count")
	}
	return int(v)
}

func (t *tableReader) real(name string) (float64, bool) {
	switch v := t.l.Features[t.row].Values[t.col[name]].(type) {
	case nil:
		return 0, false
	case float64:
		return v, true
	case int64:
		return float64(v), true
	default:
		t.fail(name, v, "not a number")
		return 0, false
	}
}

func (t *tableReader) date(name string) time.Time {
	d, err := parseDay(t.text(name))
	if err != nil {
		t.fail(name, t.text(name), err.Error())
	}
	return d
}

func (t *tableReader) number(name string) address.HouseNumber {
	s := t.text(name)
	if s == "" {
		return address.HouseNumber{}
	}
	n, err := address.ParseHouseNumber(s)
	if err != nil {
		t.fail(name, s, err.Error())
	}
	return n
}

func (t *tableReader) id(name string) address.ID {
	s := t.text(name)
	if s == "" {
		return address.ID{}
	}
	id, err := address.ParseID(s)
	if err != nil {
		t.fail(name, s, err.Error())
	}
	return id
}

// jsonList writes building ids as a JSON array (ids may hold commas);
// none is NULL.
func jsonList(ids []string) any {
	if len(ids) == 0 {
		return nil
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// list reads a column jsonList wrote.
func (t *tableReader) list(name string) []string {
	s := t.text(name)
	if s == "" {
		return nil
	}
	var ids []string
	if err := json.Unmarshal([]byte(s), &ids); err != nil || len(ids) == 0 {
		t.fail(name, s, "not a JSON array of building ids")
		return nil
	}
	return ids
}

// readHistory reads the history table into l.
func readHistory(path string, layer *gpkg.Layer, l *Ledger) error {
	t, err := newTableReader(path, layer, historyFields)
	if err != nil {
		return err
	}
	for t.row = range layer.Features {
		e := Event{Seq: t.integer("seq"), Date: t.date("date"), Kind: EventKind(t.text("kind")), Subject: t.text("subject"),
			Old: t.text("old"), New: t.text("new"), Houses: t.list("houses"), Ref: t.text("ref")}
		if t.err == nil && e.Seq != t.row+1 {
			t.fail("seq", e.Seq, fmt.Sprintf("want %d: the history is numbered 1, 2, 3… in order", t.row+1))
		}
		if t.err == nil && !validKind(e.Kind) {
			t.fail("kind", e.Kind, "not a kind of change")
		}
		if t.err != nil {
			return t.err
		}
		l.events = append(l.events, e)
	}
	return nil
}

func validKind(k EventKind) bool {
	for _, v := range eventKinds {
		if v == k {
			return true
		}
	}
	return false
}

// readRetired reads the retired table into l.
func readRetired(path string, layer *gpkg.Layer, l *Ledger) error {
	t, err := newTableReader(path, layer, retiredFields)
	if err != nil {
		return err
	}
	for t.row = range layer.Features {
		rt := Retired{Source: t.text("building"), Street: t.text("street_id"), Number: t.number("number"), ID: t.id("address_id"),
			Issued: t.date("issued"), Date: t.date("retired"), Event: t.integer("event"), Into: t.list("merged_into")}
		lon, okLon := t.real("door_lon")
		lat, okLat := t.real("door_lat")
		if okLon && okLat {
			rt.Door = orb.Point{lon, lat}
		}
		if t.err == nil && rt.Source == "" {
			t.fail("building", "", "empty")
		}
		if t.err != nil {
			return t.err
		}
		l.retired = append(l.retired, rt)
	}
	for _, rt := range l.retired {
		if rt.Event < 1 || rt.Event > len(l.events) {
			return fmt.Errorf("%w: %s: retired %s names event %d, the history has %d", ErrSchema, path, rt.Source, rt.Event, len(l.events))
		}
	}
	return nil
}

// parseStatus reads a numbering status as Status.String writes it.
func parseStatus(s string) (numbering.Status, error) {
	for st := numbering.Fresh; st <= numbering.Grouped; st++ {
		if st.String() == s {
			return st, nil
		}
	}
	return 0, fmt.Errorf("status %q: not a numbering status", s)
}

// readIssued reads what was issued to the house of a saved row: its
// number, street, ID, status and date.
func readIssued(vals []any, col map[string]int) (Issued, error) {
	var e Issued
	text := func(name string) string {
		k, ok := col[name]
		if !ok {
			return ""
		}
		s, _ := vals[k].(string)
		return s
	}
	var err error
	if s := text("number"); s != "" {
		if e.Number, err = address.ParseHouseNumber(s); err != nil {
			return e, fmt.Errorf("number %q: %w", s, err)
		}
		if e.Status, err = parseStatus(text("status")); err != nil {
			return e, err
		}
		e.Street = text("street_id")
	}
	if s := text("address_id"); s != "" {
		if e.ID, err = address.ParseID(s); err != nil {
			return e, fmt.Errorf("stored address_id %q: %w", s, err)
		}
	}
	if e.Date, err = parseDay(text("issued")); err != nil {
		return e, fmt.Errorf("issued: %w", err)
	}
	return e, nil
}

// migrateV1 brings a file of schema 1 to schema 2: its houses had no
// issue date (read as unknown), and it has no history or retired house.
func migrateV1(layers []gpkg.Layer, _ map[string]string) error {
	for i := range layers {
		l := &layers[i]
		if l.Name != LayerHouses {
			continue
		}
		for _, f := range l.Fields {
			if f.Name == "issued" {
				return fmt.Errorf("a schema 1 file with an issued column")
			}
		}
		// The column goes before properties, where schema 2 has it.
		at := len(l.Fields)
		for k, f := range l.Fields {
			if f.Name == propertiesColumn {
				at = k
			}
		}
		for k := range l.Features {
			l.Features[k].Values = insertAt(l.Features[k].Values, at, nil)
		}
		l.Fields = insertAt(l.Fields, at, gpkg.Field{Name: "issued", Type: gpkg.Text})
	}
	return nil
}

func insertAt[T any](xs []T, at int, x T) []T {
	xs = append(xs, x)
	copy(xs[at+1:], xs[at:])
	xs[at] = x
	return xs
}
