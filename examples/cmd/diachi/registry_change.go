package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
)

const registryChangeUsage = `usage: diachi registry add    --gpkg FILE.gpkg --key-file KEY [--date D] [--ref DOC] < buildings.geojson
       diachi registry split  --gpkg FILE.gpkg --key-file KEY --house B [--date D] [--ref DOC] < parts.geojson
       diachi registry merge  --gpkg FILE.gpkg --key-file KEY --houses B1,B2… [--date D] [--ref DOC] < merged.geojson
       diachi registry retire --gpkg FILE.gpkg --key-file KEY --house B [--date D] [--ref DOC]
       diachi registry rename --gpkg FILE.gpkg --key-file KEY --street S --name NAME [--date D] [--ref DOC]
       diachi registry history --gpkg FILE.gpkg [--key-file KEY] [--id ID | --house B | --street S --number N | --address TEXT]

Each change is made to the saved registry and written back to it, whole
or not at all: every number and address ID already issued is kept, and a
retired one is never issued again.

add     adds the buildings or planned lots ("planned": true) of a GeoJSON
        FeatureCollection, each with an "id" no building has or had; they
        are numbered by the Circular's growth rules (infill 20A or 20-1,
        the next numbers at the ends of a street).
split   splits house B into the features given: the one whose id is B
        keeps its number and address ID, the others are numbered after it.
merge   merges the houses into the one feature given, whose id is one of
        theirs: it keeps that house's number and ID, the others are
        retired.
retire  retires house B: its number and ID are never issued again.
rename  renames or re-classes street S (the type word is in the name).
history prints the history, one JSON event per line; given --id, --house,
        --street and --number, or --address (as written, under a street's
        name now or before a rename), the houses that have or had that ID
        or number now, with the changes that led there.

A registry sealed with the public demo key (the sample town of 'diachi
town') is changed without a key, with that key; any other needs the key
that sealed it.

--date is the day the change takes effect (YYYY-MM-DD, default today);
--ref the document it is made by, kept in the history. The features read
are in the registry's CRS: a GeoJSON "crs" member, or --crs, must name it.
A change prints one JSON line: the event and the houses it left.

` + keyHelp + `

Exit status: 0 when the change was applied and the file written, and when
history answered; 1 when the change is refused (the reason is printed),
the file cannot be opened, read or written, the features cannot be read,
or history finds nothing; 2 for a usage error (a flag missing or wrong, a
change without a key, a key that cannot be used).`

// changeFlags are the flags every change takes.
type changeFlags struct {
	fs         *flag.FlagSet
	path, date *string
	ref, crs   *string
	keys       *keyFlags
}

func newChangeFlags(kind string, stderr io.Writer) *changeFlags {
	fs := flag.NewFlagSet("registry "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &changeFlags{fs: fs,
		path: fs.String("gpkg", "", "registry saved by 'diachi registry build' or 'diachi town', written back"),
		date: fs.String("date", "", "the day the change takes effect, YYYY-MM-DD (default today)"),
		ref:  fs.String("ref", "", "the document the change is made by"),
		crs:  fs.String("crs", "", "CRS of features that name none (default: the GeoJSON's, WGS84)"),
		keys: addKeyFlags(fs, false),
	}
	fs.Usage = func() {
		fmt.Fprintln(stderr, registryChangeUsage)
		fs.PrintDefaults()
	}
	return c
}

func runRegistryChange(kind string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cf := newChangeFlags(kind, stderr)
	fs := cf.fs
	house := fs.String("house", "", "the house (building id)")
	houses := fs.String("houses", "", "the houses merged, comma-separated building ids")
	street := fs.String("street", "", "the street id")
	name := fs.String("name", "", "the street's new name")
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	fail := func(status int, format string, a ...any) int {
		fmt.Fprintf(stderr, "diachi registry %s: %s\n", kind, fmt.Sprintf(format, a...))
		return status
	}
	missing := *cf.path == "" || fs.NArg() > 0
	switch kind {
	case "split", "retire":
		missing = missing || *house == ""
	case "merge":
		missing = missing || *houses == ""
	case "rename":
		missing = missing || *street == "" || *name == ""
	}
	if missing {
		fs.Usage()
		return 2
	}
	c := registry.Change{Ref: *cf.ref}
	if *cf.date != "" {
		d, err := time.Parse("2006-01-02", *cf.date)
		if err != nil {
			return fail(2, "--date %q: want YYYY-MM-DD", *cf.date)
		}
		c.Date = d
	}
	key, _, err := cf.keys.load()
	if err != nil {
		return fail(2, "%v", err)
	}
	var given crs.Code
	if *cf.crs != "" {
		if given, err = crs.ParseCode(*cf.crs); err != nil {
			return fail(2, "%v", err)
		}
	}
	ctx := context.Background()
	reg, err := openForChange(ctx, *cf.path, key)
	if errors.Is(err, errNoKey) {
		return fail(2, "%v", err)
	}
	if err != nil {
		return fail(1, "%v", err)
	}
	// The features of add, split and merge, in the registry's CRS.
	var feats []registry.Feature
	if kind == "add" || kind == "split" || kind == "merge" {
		fc, code, err := registry.ReadGeoJSON(stdin)
		if err != nil {
			return fail(1, "reading the features: %v", err)
		}
		if code == 0 {
			code = given
		}
		if code == 0 {
			code = crs.WGS84
		}
		if code != reg.CRS() {
			return fail(1, "the features are in %s, the registry in %s: give them in the registry's CRS", code, reg.CRS())
		}
		feats = fc
	}
	var next *registry.Registry
	switch kind {
	case "add":
		next, err = reg.Add(ctx, c, feats...)
	case "split":
		next, err = reg.Split(ctx, c, *house, feats...)
	case "merge":
		if len(feats) != 1 {
			return fail(1, "%d features given: a merge takes the one merged building", len(feats))
		}
		next, err = reg.Merge(ctx, c, strings.Split(*houses, ","), feats[0])
	case "retire":
		next, err = reg.Retire(ctx, c, *house)
	case "rename":
		next, err = reg.RenameStreet(ctx, c, *street, *name)
	}
	if err != nil {
		return fail(1, "%v", err)
	}
	if err := next.Save(ctx, *cf.path); err != nil {
		return fail(1, "%s: %v", *cf.path, err)
	}
	hist := next.History()
	ev := hist[len(hist)-1]
	out := map[string]any{"event": eventOut(ev)}
	var hs []houseJSON
	for _, b := range ev.Houses {
		if h, ok := next.BySource(b); ok {
			hs = append(hs, houseOut(next, h))
		}
	}
	if hs != nil {
		out["houses"] = hs
	}
	jsonLine(stdout, out)
	return 0
}

// jsonLine writes v as one JSON line, "->" as written (not \u003e).
func jsonLine(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

var errNoKey = fmt.Errorf("no key: a change issues numbers and IDs and seals the file again: give the office's secret with --key-file FILE or %s", keyEnv)

// openForChange opens a registry to change: the key must verify its seal;
// without one, only a registry of the public demo key (the sample town)
// is changed, with that key.
func openForChange(ctx context.Context, path string, key []byte) (*registry.Registry, error) {
	if key != nil {
		return registry.Open(ctx, path, registry.Options{IDKey: key})
	}
	reg, err := registry.Open(ctx, path, registry.Options{})
	if err != nil {
		return nil, err
	}
	if !reg.DemoKey() {
		return nil, errNoKey
	}
	return registry.Open(ctx, path, registry.Options{DemoKey: true})
}

func eventOut(e registry.Event) map[string]any {
	out := map[string]any{"seq": e.Seq, "kind": string(e.Kind), "date": e.Date.Format("2006-01-02"),
		"subject": e.Subject, "old": strp(e.Old), "new": strp(e.New), "ref": strp(e.Ref), "text": e.String()}
	if len(e.Houses) > 0 {
		out["houses"] = e.Houses
	}
	return out
}

func runRegistryHistory(args []string, stdout, stderr io.Writer) int {
	rf := newRegistryFlags("registry history", registryChangeUsage, stderr, true)
	fs := rf.fs
	idText := fs.String("id", "", "an address ID, current or retired")
	house := fs.String("house", "", "a building id")
	street := fs.String("street", "", "a street id (with --number)")
	number := fs.String("number", "", "a house number on --street, current or former")
	text := fs.String("address", "", "an address as written, current or former")
	rf.valid = func() bool {
		selectors := 0
		for _, s := range []string{*idText, *house, *street, *text} {
			if s != "" {
				selectors++
			}
		}
		return selectors <= 1 && (*street == "") == (*number == "")
	}
	key, status, parsed := rf.parse(args, stderr)
	if !parsed {
		return status
	}
	path := rf.path
	fail := func(status int, format string, a ...any) int {
		fmt.Fprintf(stderr, "diachi registry history: %s\n", fmt.Sprintf(format, a...))
		return status
	}
	reg, err := registry.Open(context.Background(), *path, registry.Options{IDKey: key})
	if err != nil {
		return fail(1, "%v", err)
	}
	write := func(v any) { jsonLine(stdout, v) }
	var (
		tr registry.Trace
		ok bool
	)
	switch {
	case *idText != "":
		id, err := address.ParseID(*idText)
		if err != nil {
			return fail(2, "--id: %v", err)
		}
		tr, ok = reg.TraceID(id)
	case *street != "":
		n, err := address.ParseHouseNumber(*number)
		if err != nil {
			return fail(2, "--number: %v", err)
		}
		tr, ok = reg.TraceNumber(*street, n)
	case *text != "":
		var err error
		if tr, ok, err = reg.TraceAddress(*text); err != nil {
			return fail(1, "--address: %v", err)
		}
	case *house != "":
		var h registry.House
		if h, ok = reg.BySource(*house); ok {
			tr, ok = reg.TraceID(h.ID)
		}
	default:
		for _, e := range reg.History() {
			write(eventOut(e))
		}
		return 0
	}
	if !ok {
		return fail(1, "the registry never issued it")
	}
	out := map[string]any{"houses": []houseJSON{}}
	for _, h := range tr.Houses {
		out["houses"] = append(out["houses"].([]houseJSON), houseOut(reg, h))
	}
	if rt := tr.Retired; rt != nil {
		out["retired"] = map[string]any{"building": rt.Source, "number": rt.Number.String(), "address_id": rt.ID.Grouped(),
			"street": rt.Street, "retired": rt.Date.Format("2006-01-02")}
	}
	evs := []map[string]any{}
	for _, e := range tr.Events {
		evs = append(evs, eventOut(e))
	}
	out["events"] = evs
	write(out)
	return 0
}
