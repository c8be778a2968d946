package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
)

func runRegistry(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "build":
			return runRegistryBuild(args[1:], stdout, stderr)
		case "at", "lookup", "id":
			return runRegistryQuery(args[0], args[1:], stdin, stdout, stderr)
		case "add", "split", "merge", "retire", "rename":
			return runRegistryChange(args[0], args[1:], stdin, stdout, stderr)
		case "history":
			return runRegistryHistory(args[1:], stdout, stderr)
		case "verify":
			return runRegistryVerify(args[1:], stdout, stderr)
		case "diff":
			return runRegistryDiff(args[1:], stdout, stderr)
		}
		if isHelp(args[0]) {
			fmt.Fprintln(stderr, registryUsage)
			return 0
		}
		fmt.Fprintf(stderr, "diachi registry: unknown subcommand %q\n", args[0])
	}
	fmt.Fprintln(stderr, registryUsage)
	return 2
}

const registryUsage = `usage: diachi registry build --in DIR|FILE.gpkg|postgis:SCHEMA --out FILE.gpkg|postgis:SCHEMA --key-file KEY [--crs EPSG:9210]
                             [--map-file FILE] [--map in=name,...]
       diachi registry at     --gpkg FILE.gpkg [--key-file KEY] [--full]  < "lat lon" lines
       diachi registry lookup --gpkg FILE.gpkg [--key-file KEY]  < address lines
       diachi registry id     --gpkg FILE.gpkg [--key-file KEY]  < address ID lines
       diachi registry verify --gpkg FILE.gpkg [--key-file KEY]
       diachi registry add|split|merge|retire|rename|history …  (see diachi registry add -h)
       diachi registry diff   --gpkg FILE.gpkg

build   reads the layers streets, parcels, buildings and, when present,
        entrances, communes and postal_zones: from DIR as GeoJSON
        (streets.geojson) or Shapefiles (streets.shp with its .dbf, .prj,
        .cpg), or from the feature tables of a GeoPackage written by any
        tool, or from the tables of a PostGIS schema (--in postgis:SCHEMA).
        --map and --map-file name layers and attributes that are
        named otherwise (cross_sect=cross_section, layer:parcels=thua_dat;
        one entry a line in the file). What reading found (attributes not
        understood or missing, text converted from TCVN3, VNI or
        Windows-1258) is printed on standard error. It builds the registry
        (with progress on a terminal) and saves it as a GeoPackage sealed
        with the key, or to a PostGIS schema (--out postgis:SCHEMA: a table
        a layer, geometry in the source CRS and in WGS84, GiST indexes; the
        schema is replaced only if it holds nothing but a registry). The
        server is the one DIACHI_POSTGIS_URL names (postgres://user@host/db),
        else PostgreSQL's PGHOST, PGUSER… A key is required ('diachi town'
        uses a public demo key for the sample).
at      reverse-geocodes WGS84 points, "lat lon" as every command reads
        them: house, parcel, street with side (null on its centreline)
        and along, commune (2025 and legacy), postcode; one JSON per line.
        A point out of range (a "lon lat" pair inside Vietnam among them)
        or outside the registry's extent, search radii included, is an
        error line, not an empty answer. It reads only the rows near each
        point (through the file's spatial indexes), so it answers at once
        whatever the size of the file; --full opens the whole registry
        first, as lookup and id do (from the snapshot Save keeps in the
        file: seconds at a million houses). The answers are the same
        either way.
lookup  finds the houses an address as written names; one JSON per line.
id      finds the house of an address ID; one JSON per line.
verify  checks every row of a saved registry against its digest and,
        given the key, its seal, as lookup and id do before they answer,
        without keeping the rows (little memory whatever the file's size);
        prints what it checked.
add, split, merge, retire, rename
        change a saved registry without renumbering; history prints its
        changes and traces an old number or ID (diachi registry add -h).
diff    says what was edited in a saved file outside diachi: rows changed,
        added and deleted, layer by layer (diachi registry diff -h).

lookup, id and at --full answer from what they check: given the key, the
registry's snapshot, its small layers and its metadata against the file's
seal (what anyone without the key changed in them is refused); given none,
against the file's digests only, which detect accidental damage, not a
deliberate change (they say so on standard error). A file changed by any
program since it was saved, or saved without a snapshot, is read whole and
every row checked. at (without --full) checks less: given the key, that the
file's stored digest carries its seal (a file sealed with another key, or
not sealed, is refused) and the small layers it reads, but not the rows it
reads near each point; given none, only that the file is a whole saved
registry. It says so on standard error. verify checks every row. A file
saved by an earlier version (registry schema 3 or earlier) is read whole.

` + keyHelp + `

Exit status: 0 when build wrote the registry (findings or not), when at,
lookup or id answered every line and when verify found the file whole and
unchanged; 1 when build failed (a layer that cannot
be read or is refused, a build that failed, the file not written), when a
line failed (its output line says why), or when the registry file cannot be
opened or is refused, the input read or the output written; 2 for a usage
error (a flag missing or wrong, build without a key, a key that cannot be
used).`

func runRegistryBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("registry build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "directory of layers (GeoJSON or Shapefile), or a GeoPackage")
	mapList := fs.String("map", "", "attribute and layer names of the input: in=name,... (cross_sect=cross_section, layer:parcels=thua_dat)")
	mapFile := fs.String("map-file", "", "a file of mapping entries, one a line")
	out := fs.String("out", "", "GeoPackage to write")
	code := fs.String("crs", "", "CRS of layers that name none (default WGS84)")
	keys := addKeyFlags(fs, false)
	fs.Usage = func() {
		fmt.Fprintln(stderr, registryUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *in == "" || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	key, _, err := keys.load()
	if err != nil {
		fmt.Fprintf(stderr, "diachi registry build: %v\n", err)
		return 2
	}
	if key == nil {
		fmt.Fprintf(stderr, "diachi registry build: no key: give the office's secret with --key-file FILE or %s; it makes the address IDs unpredictable and seals the file (for a demonstration, 'diachi town' uses a public demo key)\n", keyEnv)
		return 2
	}
	var c crs.Code
	if *code != "" {
		if c, err = crs.ParseCode(*code); err != nil {
			fmt.Fprintf(stderr, "diachi registry build: %v\n", err)
			return 2
		}
	}
	var m *registry.Mapping
	if *mapFile != "" {
		f, err := os.Open(*mapFile)
		if err == nil {
			m, err = registry.ReadMapping(f)
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(stderr, "diachi registry build: --map-file %s: %v\n", *mapFile, err)
			return 2
		}
	}
	if *mapList != "" {
		ml, err := registry.ParseMapping(*mapList)
		if err == nil && m != nil {
			err = m.Merge(ml)
		} else if err == nil {
			m = ml
		}
		if err != nil {
			fmt.Fprintf(stderr, "diachi registry build: --map: %v\n", err)
			return 2
		}
	}
	ctx := context.Background()
	var conn *pgx.Conn
	if strings.HasPrefix(*in, postgisPrefix) || strings.HasPrefix(*out, postgisPrefix) {
		if conn, err = pgx.Connect(ctx, os.Getenv("DIACHI_POSTGIS_URL")); err != nil {
			fmt.Fprintf(stderr, "diachi registry build: PostGIS (DIACHI_POSTGIS_URL): %v\n", err)
			return 1
		}
		defer conn.Close(ctx)
	}
	lopts := registry.LoadOptions{CRS: c, Mapping: m}
	var (
		src   *registry.Source
		input []registry.Finding
	)
	if schema, ok := strings.CutPrefix(*in, postgisPrefix); ok {
		src, input, err = registry.LoadPostGIS(ctx, conn, schema, lopts)
	} else {
		src, input, err = registry.Load(ctx, *in, lopts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachi registry build: %v\n", err)
		return 1
	}
	for _, f := range input {
		where := f.Layer
		if where == "" {
			where = "input"
		}
		fmt.Fprintf(stderr, "diachi registry build: %s: %s %s: %s\n", where, f.Reason, f.Record, f.Evidence)
	}
	prog := newProgress(stderr)
	reg, err := registry.Build(ctx, src, registry.Options{Progress: prog.update, IDKey: key})
	prog.done()
	if err == nil {
		if schema, ok := strings.CutPrefix(*out, postgisPrefix); ok {
			err = reg.SavePostGIS(ctx, conn, schema)
		} else {
			err = reg.Save(ctx, *out)
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", *out, err)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachi registry build: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d houses, %d parcels, %d streets, %d findings (and %d on reading the input)\n", *out, reg.HouseCount(), reg.ParcelCount(), reg.StreetCount(), len(reg.Findings()), len(input))
	return 0
}

// registryFlags are the flags of a command on a saved registry: --gpkg
// FILE and, where the command takes one, the key flags.
type registryFlags struct {
	fs   *flag.FlagSet
	path *string
	keys *keyFlags
	// valid, when set, says whether the command's own flags go together
	// (a usage error otherwise).
	valid func() bool
}

func newRegistryFlags(name, usage string, stderr io.Writer, withKey bool) *registryFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	r := &registryFlags{fs: fs, path: fs.String("gpkg", "", "registry saved by 'diachi registry build' or 'diachi town'")}
	if withKey {
		r.keys = addKeyFlags(fs, false)
	}
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	return r
}

// parse reads args: --gpkg is required and no argument is allowed. It
// returns the key (nil when none was given) or, with ok false, the exit
// status the command ends with, having said why.
func (r *registryFlags) parse(args []string, stderr io.Writer) (key []byte, status int, ok bool) {
	if err := parseFlags(r.fs, args); err != nil {
		return nil, flagStatus(err), false
	}
	if *r.path == "" || r.fs.NArg() > 0 || (r.valid != nil && !r.valid()) {
		r.fs.Usage()
		return nil, 2, false
	}
	if r.keys != nil {
		k, _, err := r.keys.load()
		if err != nil {
			fmt.Fprintf(stderr, "diachi %s: %v\n", r.fs.Name(), err)
			return nil, 2, false
		}
		key = k
	}
	return key, 0, true
}

func runRegistryVerify(args []string, stdout, stderr io.Writer) int {
	rf := newRegistryFlags("registry verify", registryUsage, stderr, true)
	key, status, ok := rf.parse(args, stderr)
	if !ok {
		return status
	}
	path := rf.path
	v, err := registry.Verify(context.Background(), *path, registry.Options{IDKey: key})
	if err != nil {
		fmt.Fprintf(stderr, "diachi registry verify: %v\n", err)
		return 1
	}
	switch {
	case v.Sealed:
		fmt.Fprintf(stdout, "%s: registry schema %d; every row matches its digest, sealed with the office's key\n", *path, v.Schema)
	case v.DemoKey:
		fmt.Fprintf(stdout, "%s: registry schema %d; every row matches its digest (the public demo key issued its IDs: accidental damage is detected, not a deliberate change)\n", *path, v.Schema)
	default:
		fmt.Fprintf(stdout, "%s: registry schema %d; every row matches its digest (no key given: accidental damage is detected, not a deliberate change)\n", *path, v.Schema)
	}
	return 0
}

// postgisPrefix marks --in and --out of registry build that name a
// PostGIS schema instead of a file.
const postgisPrefix = "postgis:"

type houseJSON struct {
	AddressID string  `json:"address_id"`
	Building  string  `json:"building"`
	Number    string  `json:"number"`
	Street    string  `json:"street"`
	Address   string  `json:"address"`
	Parcel    *string `json:"parcel"`
	ParcelID  *string `json:"parcel_id"`
	Commune   *string `json:"commune"`
	Legacy    *string `json:"legacy_commune"`
	Postcode  *string `json:"postcode"`
	PlusCode  string  `json:"plus_code"`
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func houseOut(reg *registry.Registry, h registry.House) houseJSON {
	return houseAnswerOut(reg.HouseAnswer(h))
}

// houseAnswerOut is the JSON of a house, however it was read (a registry
// opened whole, or a file read in part).
func houseAnswerOut(h registry.HouseAnswer) houseJSON {
	j := houseJSON{AddressID: h.ID.Grouped(), Building: h.Source, PlusCode: h.PlusCode.String()}
	if h.Numbered {
		j.Number = h.Number.String()
		j.Street = h.Street
		j.Address = h.Address
	}
	j.Parcel = strp(h.Parcel)
	if h.ParcelID.IsValid() {
		j.ParcelID = strp(h.ParcelID.String())
	}
	if h.Commune.IsValid() {
		t, _ := h.Commune.MarshalText()
		j.Commune = strp(string(t))
	}
	if h.Legacy.IsValid() {
		t, _ := h.Legacy.MarshalText()
		j.Legacy = strp(string(t))
	}
	if h.Postcode.IsValid() {
		j.Postcode = strp(h.Postcode.String())
	}
	return j
}

func runRegistryQuery(kind string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	rf := newRegistryFlags("registry "+kind, registryUsage, stderr, true)
	full := new(bool)
	if kind == "at" {
		full = rf.fs.Bool("full", false, "open the whole registry first and answer from what is checked, as lookup and id do (default: read only the rows near each point)")
	}
	key, status, ok := rf.parse(args, stderr)
	if !ok {
		return status
	}
	path := rf.path
	ctx := context.Background()
	if kind == "at" && !*full {
		s, err := registry.OpenSaved(ctx, *path, registry.Options{IDKey: key})
		if err == nil {
			defer s.Close()
			switch {
			case s.DemoKey():
				fmt.Fprintf(stderr, "diachi registry at: %s was sealed with the public demo key: anyone can compute its address IDs; read in part, its rows are not checked against its digest (--full answers from what it checks; verify checks every row)\n", *path)
			case s.Sealed():
				fmt.Fprintf(stderr, "diachi registry at: %s carries the office's seal; read in part, its rows are not checked against it (--full answers from what it checks; verify checks every row)\n", *path)
			default:
				fmt.Fprintf(stderr, "diachi registry at: no key given (--key-file or %s): %s is read in part and its rows are not checked, not even against accidental damage (--full answers from what it checks against the file's digests; verify checks every row)\n", keyEnv, *path)
			}
			return finish("registry at", stdin, stdout, stderr, func(raw, buf []byte) ([]byte, error) {
				return atLine(raw, buf, func(p orb.Point) (any, error) {
					a, err := s.At(ctx, p)
					return answerOut(a), err
				})
			})
		}
		if !errors.Is(err, registry.ErrPartial) {
			fmt.Fprintf(stderr, "diachi registry at: %v\n", err)
			return 1
		}
		// Saved before the file kept what a partial read needs: read whole.
	}
	reg, err := registry.Open(ctx, *path, registry.Options{IDKey: key})
	if err != nil {
		fmt.Fprintf(stderr, "diachi registry %s: %v\n", kind, err)
		return 1
	}
	switch {
	case reg.DemoKey():
		fmt.Fprintf(stderr, "diachi registry %s: %s was sealed with the public demo key: its check detects accidental damage only, and anyone can compute its address IDs\n", kind, *path)
	case !reg.Sealed():
		fmt.Fprintf(stderr, "diachi registry %s: no key given (--key-file or %s): %s is checked against accidental damage only, not against a deliberate change\n", kind, keyEnv, *path)
	}
	return finish("registry "+kind, stdin, stdout, stderr, func(raw, buf []byte) ([]byte, error) {
		line := string(raw)
		var v any
		switch kind {
		case "at":
			return atLine(raw, buf, func(p orb.Point) (any, error) {
				pl, err := reg.At(p)
				return placeOut(reg, pl), err
			})
		case "lookup":
			hs, _, err := reg.Lookup(line)
			if err != nil {
				return buf, err
			}
			out := []houseJSON{}
			for _, h := range hs {
				out = append(out, houseOut(reg, h))
			}
			v = map[string]any{"input": line, "houses": out}
		case "id":
			id, err := address.ParseID(line)
			if err != nil {
				return buf, err
			}
			h, ok := reg.ByID(id)
			if !ok {
				return buf, fmt.Errorf("no house has the address ID %s", id.Grouped())
			}
			v = houseOut(reg, h)
		}
		b, err := json.Marshal(v)
		return append(buf, b...), err
	})
}

// atLine answers a line of registry at, "lat lon", by at.
func atLine(raw, buf []byte, at func(orb.Point) (any, error)) ([]byte, error) {
	lat, lon, err := fields2(raw)
	if err != nil {
		return buf, err
	}
	if err := notSwapped(lat, lon); err != nil {
		return buf, err
	}
	v, err := at(orb.Point{lon, lat})
	if err != nil {
		return buf, err
	}
	b, err := json.Marshal(v)
	return append(buf, b...), err
}

// placeOut is the JSON of a reverse geocode, as 'registry at' and the
// service's /api/at write it: null for what the point has not.
func placeOut(reg *registry.Registry, pl registry.Place) map[string]any {
	return answerOut(reg.Answer(pl))
}

// answerOut is placeOut of an answer, however it was read.
func answerOut(a registry.Answer) map[string]any {
	out := map[string]any{"house": nil, "parcel": nil, "street": nil, "commune": nil, "legacy_commune": nil, "postcode": nil}
	if a.HasHouse {
		out["house"] = houseAnswerOut(a.House)
		out["house_distance_m"] = float64(a.HouseDistance)
	}
	if a.HasParcel {
		out["parcel"] = a.Parcel
	}
	if a.HasStreet {
		var side any // null on the centreline: no side
		if a.Location.Side != geo.SideOn {
			side = a.Location.Side.String()
		}
		out["street"] = map[string]any{"id": a.StreetID, "name": a.StreetName, "side": side,
			"along_m": float64(a.Location.Along), "distance_m": float64(a.Location.Distance)}
	}
	if a.Commune.IsValid() {
		out["commune"] = a.Commune.String()
	}
	if a.Legacy.IsValid() {
		out["legacy_commune"] = a.Legacy.String()
	}
	if a.Postcode.IsValid() {
		out["postcode"] = a.Postcode.String()
	}
	return out
}
