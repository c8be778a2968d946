package registry

import (
	"errors"
	"reflect"
	"testing"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// FuzzLedgerTables reads rows of the history and retired tables, and a
// house's issued columns, as a saved file may hold them: never a panic;
// a row refused is an ErrSchema; a row read is written back the same.
func FuzzLedgerTables(f *testing.F) {
	f.Add(int64(1), "2026-03-01", "split", "b000001", "232", "232, 232A", `["b000001","p,1"]`, "QĐ 1", "232A", "1687367763", "kept")
	f.Add(int64(2), "2026-13-01", "bogus", "", "", "", "", "", "12//3", "1234567895", "nope")
	f.Add(int64(-1), "", "retire", "x", "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, seq int64, date, kind, subject, old, new, houses, ref, number, id, status string) {
		str := func(s string) any {
			if s == "" {
				return nil
			}
			return s
		}
		hist := gpkg.Layer{Name: LayerHistory, Fields: historyFields, Features: []gpkg.Feature{{Values: []any{seq, str(date), str(kind),
			str(subject), str(old), str(new), str(houses), str(ref)}}}}
		l := newLedger()
		err := readHistory("fuzz.gpkg", &hist, l)
		if err != nil && !errors.Is(err, ErrSchema) {
			t.Fatalf("history: %v is not ErrSchema", err)
		}
		if err == nil {
			r := &Registry{ledger: l}
			back := r.ledgerLayers()[0]
			l2 := newLedger()
			if err := readHistory("back.gpkg", &back, l2); err != nil {
				t.Fatalf("written back: %v", err)
			}
			if !reflect.DeepEqual(l2.events, l.events) {
				t.Fatalf("written back %v, read %v", l2.events, l.events)
			}
		}
		ret := gpkg.Layer{Name: LayerRetired, Fields: retiredFields, Features: []gpkg.Feature{{Values: []any{str(subject), str(old),
			str(number), str(id), 106.7, 10.7, str(date), str(date), seq, str(houses)}}}}
		if err := readRetired("fuzz.gpkg", &ret, l); err != nil && !errors.Is(err, ErrSchema) {
			t.Fatalf("retired: %v is not ErrSchema", err)
		}
		col := map[string]int{"number": 0, "status": 1, "street_id": 2, "address_id": 3, "issued": 4}
		e, err := readIssued([]any{str(number), str(status), str(subject), str(id), str(date)}, col)
		if err == nil && e.Number.IsValid() && e.Number.String() == "" {
			t.Fatalf("number %q read as %v", number, e.Number)
		}
	})
}
