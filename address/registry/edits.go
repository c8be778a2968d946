package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/internal/gpkg"
)

// ErrNoRowHashes: a registry file saved before Save kept row hashes
// (schema 2 or earlier), or not saved by diachi: Edits cannot tell what
// changed in it.
var ErrNoRowHashes = gpkg.ErrNoRowHashes

// LayerEdits is what was edited in a layer of a saved registry file
// outside diachi (in QGIS, with GDAL, in SQL) since Save wrote it.
type LayerEdits struct {
	Layer string
	// New: a layer Save did not write; Gone: one it wrote that is not
	// there any more.
	New, Gone bool
	// The columns as saved and as they are now ("name TYPE, …"), when
	// they differ.
	ColumnsSaved, ColumnsNow string
	// The rows changed, added and deleted.
	Changed, Added, Deleted []EditedRow
	RowsSaved, RowsNow      int
}

// EditedRow is a row of a layer edited outside diachi: its fid and, for a
// row still there, the record it is (a building's or street's id, a
// parcel's key) when the row says.
type EditedRow struct {
	FID    int64
	Record string
}

// Edits reports what was edited in the saved registry file at path since
// Save wrote it, layer by layer (only the layers edited; none for a file
// as saved). Save keeps a hash of every row for this; a file saved before
// it did gives ErrNoRowHashes. Load reads such a file as input and
// reports each edit as a finding (finding.EditedRecord) beside the
// registry's own, so that the office re-validates and rebuilds it with
// its edits and keeps its issued numbers and IDs.
func Edits(ctx context.Context, path string) ([]LayerEdits, error) {
	cs, err := gpkg.Changes(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	var names []string
	for _, c := range cs {
		if !c.Unchanged() && !c.Gone {
			names = append(names, c.Layer)
		}
	}
	var tables map[string]gpkg.Table
	if len(names) > 0 {
		ts, err := gpkg.ReadAny(ctx, path, names)
		if err != nil {
			return nil, fmt.Errorf("registry: %w", err)
		}
		tables = map[string]gpkg.Table{}
		for _, t := range ts {
			tables[t.Name] = t
		}
	}
	return layerEdits(cs, tables), nil
}

// layerEdits names the records of the edited rows from the tables as they
// are now (tables may lack some; then the rows are named by fid only).
func layerEdits(cs []gpkg.LayerChanges, tables map[string]gpkg.Table) []LayerEdits {
	var out []LayerEdits
	for _, c := range cs {
		if c.Unchanged() {
			continue
		}
		e := LayerEdits{Layer: c.Layer, New: c.New, Gone: c.Gone, RowsSaved: c.RowsWritten, RowsNow: c.RowsNow}
		if c.ColumnsWritten != c.ColumnsNow && !c.New && !c.Gone {
			e.ColumnsSaved, e.ColumnsNow = c.ColumnsWritten, c.ColumnsNow
		}
		t, ok := tables[c.Layer]
		name := func(fid int64) EditedRow {
			r := EditedRow{FID: fid}
			if ok {
				if i, found := slices.BinarySearch(t.FIDs, fid); found && i < len(t.Features) {
					r.Record = recordOf(t.Fields, t.Features[i].Values)
				}
			}
			return r
		}
		for _, f := range c.Changed {
			e.Changed = append(e.Changed, name(f))
		}
		for _, f := range c.Added {
			e.Added = append(e.Added, name(f))
		}
		for _, f := range c.Deleted {
			e.Deleted = append(e.Deleted, EditedRow{FID: f})
		}
		out = append(out, e)
	}
	return out
}

// recordOf names the record of a saved row: the building a footprint
// belongs to, a house's or street's id (a typed column, else in the JSON
// of properties), a parcel's key.
func recordOf(fields []gpkg.Field, values []any) string {
	get := func(name string) string {
		k := slices.IndexFunc(fields, func(f gpkg.Field) bool { return f.Name == name })
		if k < 0 || k >= len(values) {
			return ""
		}
		s, _ := values[k].(string)
		return s
	}
	for _, c := range []string{footprintColumn, "id", "parcel_key", "street_id"} {
		if s := get(c); s != "" {
			return s
		}
	}
	if s := get(propertiesColumn); s != "" {
		var p struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal([]byte(s), &p) == nil && len(p.ID) > 0 {
			var id string
			if json.Unmarshal(p.ID, &id) == nil {
				return id
			}
			return string(p.ID)
		}
	}
	return ""
}

// editFindings are the input findings of a saved registry file read by
// Load, from what gpkg.Changes gave (cs, err): one for each row edited, added or deleted, and one for each layer
// whose columns changed, that appeared or went. A file without row
// hashes (not a saved registry, or one saved before they were kept) has
// none.
func editFindings(cs []gpkg.LayerChanges, err error, tables map[string]gpkg.Table) ([]Finding, error) {
	if errors.Is(err, gpkg.ErrNoRowHashes) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSource, err)
	}
	var out []Finding
	add := func(layer, record, evidence string) {
		out = append(out, Finding{Layer: layer, Record: record, Index: -1, Reason: finding.EditedRecord, Evidence: evidence})
	}
	for _, e := range layerEdits(cs, tables) {
		switch {
		case e.New:
			add(e.Layer, e.Layer, fmt.Sprintf("layer %s was added to the registry file after it was saved (%d rows)", e.Layer, e.RowsNow))
			continue
		case e.Gone:
			add(e.Layer, e.Layer, fmt.Sprintf("layer %s of the saved registry is gone (%d rows)", e.Layer, e.RowsSaved))
			continue
		case e.ColumnsSaved != "":
			add(e.Layer, e.Layer, fmt.Sprintf("the columns of %s changed since the registry was saved: %s, now %s", e.Layer, e.ColumnsSaved, e.ColumnsNow))
		}
		row := func(how string, r EditedRow) {
			what := fmt.Sprintf("fid %d", r.FID)
			if r.Record != "" {
				what += " (" + r.Record + ")"
			}
			rec := r.Record
			if rec == "" {
				rec = fmt.Sprintf("fid %d", r.FID)
			}
			add(e.Layer, rec, fmt.Sprintf("%s row %s was %s since the registry was saved", e.Layer, what, how))
		}
		for _, r := range e.Changed {
			row("changed", r)
		}
		for _, r := range e.Added {
			row("added", r)
		}
		for _, r := range e.Deleted {
			row("deleted", r)
		}
	}
	return out, nil
}

// String is a line of the edits of a layer.
func (e LayerEdits) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:", e.Layer)
	switch {
	case e.New:
		fmt.Fprintf(&b, " a layer added (%d rows)", e.RowsNow)
		return b.String()
	case e.Gone:
		fmt.Fprintf(&b, " gone (%d rows saved)", e.RowsSaved)
		return b.String()
	}
	fmt.Fprintf(&b, " %d changed, %d added, %d deleted (%d rows saved, %d now)", len(e.Changed), len(e.Added), len(e.Deleted), e.RowsSaved, e.RowsNow)
	if e.ColumnsSaved != "" {
		fmt.Fprintf(&b, "; columns %s, now %s", e.ColumnsSaved, e.ColumnsNow)
	}
	return b.String()
}
