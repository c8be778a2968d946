package main

import (
	"context"
	"encoding/json"
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
       diachi registry at     --gpkg FILE.gpkg [--key-file KEY]  < "lat lon" lines
       diachi registry lookup --gpkg FILE.gpkg [--key-file KEY]  < address lines
       diachi registry id     --gpkg FILE.gpkg [--key-file KEY]  < address ID lines
       diachi registry add|split|merge|retire|rename|history …  (see diachi registry add -h)

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
        error line, not an empty answer.
lookup  finds the houses an address as written names; one JSON per line.
id      finds the house of an address ID; one JSON per line.
add, split, merge, retire, rename
        change a saved registry without renumbering; history prints its
        changes and traces an old number or ID (diachi registry add -h).

at, lookup and id given the key refuse a file whose seal does not verify
with it (changed by anyone without the key); given none they check the
file's digest only, which detects accidental damage, not a deliberate
change, and say so on standard error.

` + keyHelp + `

Exit status: 0 when build wrote the registry (findings or not) and when at,
lookup or id answered every line; 1 when build failed (a layer that cannot
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
	j := houseJSON{AddressID: h.ID.Grouped(), Building: h.Source, PlusCode: reg.PlusCode(h).String()}
	if on, ok := h.Street(); ok {
		s, _ := reg.Street(on)
		main, _ := reg.Street(s.Main())
		j.Number = h.Number.String()
		j.Street = main.Name
		j.Address = formatAddress(reg, h)
	}
	if in, ok := h.Parcel(); ok {
		p, _ := reg.Parcel(in)
		j.Parcel = strp(p.Key.String())
		if p.ID.IsValid() {
			j.ParcelID = strp(p.ID.String())
		}
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
	fs := flag.NewFlagSet("registry "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("gpkg", "", "registry saved by 'diachi registry build' or 'diachi town'")
	keys := addKeyFlags(fs, false)
	fs.Usage = func() {
		fmt.Fprintln(stderr, registryUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *path == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	key, _, err := keys.load()
	if err != nil {
		fmt.Fprintf(stderr, "diachi registry %s: %v\n", kind, err)
		return 2
	}
	reg, err := registry.Open(context.Background(), *path, registry.Options{IDKey: key})
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
			lat, lon, err := fields2(raw)
			if err != nil {
				return buf, err
			}
			if err := notSwapped(lat, lon); err != nil {
				return buf, err
			}
			pl, err := reg.At(orb.Point{lon, lat})
			if err != nil {
				return buf, err
			}
			v = placeOut(reg, pl)
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

// placeOut is the JSON of a reverse geocode, as 'registry at' and the
// service's /api/at write it: null for what the point has not.
func placeOut(reg *registry.Registry, pl registry.Place) map[string]any {
	out := map[string]any{"house": nil, "parcel": nil, "street": nil, "commune": nil, "legacy_commune": nil, "postcode": nil}
	if pl.HasHouse {
		out["house"] = houseOut(reg, pl.House)
		out["house_distance_m"] = float64(pl.HouseDistance)
	}
	if pl.HasParcel {
		out["parcel"] = pl.Parcel.Key.String()
	}
	if pl.HasStreet {
		s, _ := reg.Street(pl.Street)
		var side any // null on the centreline: no side
		if pl.Location.Side != geo.SideOn {
			side = pl.Location.Side.String()
		}
		out["street"] = map[string]any{"id": s.ID, "name": s.Name, "side": side,
			"along_m": float64(pl.Location.Along), "distance_m": float64(pl.Location.Distance)}
	}
	if pl.Commune.IsValid() {
		out["commune"] = pl.Commune.String()
	}
	if pl.Legacy.IsValid() {
		out["legacy_commune"] = pl.Legacy.String()
	}
	if pl.Postcode.IsValid() {
		out["postcode"] = pl.Postcode.String()
	}
	return out
}
