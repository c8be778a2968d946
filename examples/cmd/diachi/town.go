package main

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
)

// runTown is the main job: load the sample town (or any directory of
// layers), build the registry, and write the GeoPackage, the GeoJSON of
// the houses, the findings and a map.
func runTown(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("town", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", filepath.Join("testdata", "town"), "directory of layers: streets.geojson, parcels.geojson, buildings.geojson, entrances.geojson, communes.geojson, postal_zones.geojson")
	out := fs.String("out", "", "directory to write town.gpkg, town.geojson, findings.csv, findings.json and town.svg to (required)")
	lang := fs.String("lang", "vi", "language of the reasons' descriptions in findings.csv and findings.json: vi or en")
	keys := addKeyFlags(fs, false)
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi town --out DIR [--in testdata/town] [--key-file KEY] [--lang vi|en]

Builds the registry of a town: numbers every building by Circular 08/2024,
links it to its parcel, commune (2025 and legacy) and postcode, issues its
address ID and Plus Code, validates every record, and writes
  DIR/town.gpkg      GeoPackage (layers parcels, streets, houses as points,
                     buildings as footprints, …; opens in QGIS)
  DIR/town.geojson   the houses as points, WGS84
  DIR/town.LAYER.geojson  each layer (parcels, streets, houses as footprints,
                     entrances, communes, postal_zones), WGS84 to 7 decimals
  DIR/findings.csv   every rule broken: reason, severity, what it means (in
                     Vietnamese, or English with --lang en), the house's
                     number and address, VN-2000 x/y, WGS84, the evidence
                     (and findings.json)
  DIR/town.svg       a map of the numbered houses and the findings, with a
                     legend, a scale bar and an arrow to true north
then prints a summary.

Each file is written whole or not at all: to a temporary file in DIR,
renamed over the old one once every output is written. The first failure
stops the run and names its file, and leaves DIR as it was.

With no key the run uses diachi's public demo key, fine for the sample
town and trials only: anyone can compute the IDs it issues and forge a
file it seals. The summary, town.gpkg (metadata id_key), town.geojson
("id_key") and the map say so.

`+keyHelp+`

Exit status: 0 when every output was written (findings or not), 1 when the
run failed (a layer that cannot be read or is refused, a build that failed,
an output not written), 2 for a usage error (--out missing, a key that
cannot be used).`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	key, _, err := keys.load()
	if err != nil {
		fmt.Fprintf(stderr, "diachi town: %v\n", err)
		return 2
	}
	language, err := finding.ParseLang(*lang)
	if err != nil {
		fmt.Fprintf(stderr, "diachi town: --lang: %v\n", err)
		return 2
	}
	start := time.Now()
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, *in, 0)
	if err != nil {
		fmt.Fprintf(stderr, "diachi town: %v\n", err)
		return 1
	}
	prog := newProgress(stderr)
	reg, err := registry.Build(ctx, src, registry.Options{Progress: prog.update, IDKey: key, DemoKey: key == nil})
	prog.done()
	if err != nil {
		fmt.Fprintf(stderr, "diachi town: %v\n", err)
		return 1
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "diachi town: %v\n", err)
		return 1
	}
	outs := []output{
		{"town.gpkg", func(path string) error { return reg.Save(ctx, path) }},
		{"town.geojson", streamed(reg.WriteGeoJSON)},
		{"findings.csv", streamed(func(w io.Writer) error { return reg.WriteFindingsCSV(w, language) })},
		{"findings.json", streamed(func(w io.Writer) error { return reg.WriteFindingsJSON(w, language) })},
		{"town.svg", streamed(func(w io.Writer) error { return writeSVG(w, reg, language) })},
	}
	for _, l := range []string{registry.LayerParcels, registry.LayerStreets, registry.LayerHouses, registry.LayerEntrances, registry.LayerCommunes, registry.LayerPostalZones} {
		outs = append(outs, output{"town." + l + ".geojson", streamed(func(w io.Writer) error { return reg.WriteGeoJSONLayer(w, l) })})
	}
	err = writeAll(*out, outs)
	if err != nil {
		fmt.Fprintf(stderr, "diachi town: %v\n", err)
		return 1
	}
	summary(stdout, reg, *out, time.Since(start))
	return 0
}

// output is a file of the town job: its name and how to write it whole
// to a path.
type output struct {
	name  string
	write func(path string) error
}

// testHookOutput, when set by a test, stands between each streamed
// output and its file (to make a write fail as on a full disk).
var testHookOutput func(name string, w io.Writer) io.Writer

// streamed writes an output through a buffer to a new file at path,
// synced before it is closed.
func streamed(fn func(w io.Writer) error) func(path string) error {
	return func(path string) error {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		var w io.Writer = f
		if testHookOutput != nil {
			w = testHookOutput(filepath.Base(path), w)
		}
		bw := bufio.NewWriterSize(w, 64<<10)
		err = fn(bw)
		if err == nil {
			err = bw.Flush()
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
}

// writeAll writes every output to a temporary file in dir, stopping at
// the first failure, then renames them over the outputs: a failure leaves
// no partial file and, before the renames, dir as it was. Each error
// names its output.
func writeAll(dir string, outs []output) (err error) {
	var temps []string
	defer func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t)
			}
		}
	}()
	for _, o := range outs {
		dst := filepath.Join(dir, o.name)
		if st, err := os.Lstat(dst); err == nil && !st.Mode().IsRegular() {
			return fmt.Errorf("%s: exists and is not a regular file", dst)
		}
	}
	for _, o := range outs {
		dst := filepath.Join(dir, o.name)
		f, err := os.CreateTemp(dir, "."+o.name+".*.tmp")
		if err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		temps = append(temps, f.Name())
		f.Close()
		if err := o.write(f.Name()); err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		if err := os.Chmod(f.Name(), 0o644); err != nil { // a temporary file is private
			return fmt.Errorf("%s: %w", dst, err)
		}
	}
	for i, o := range outs {
		dst := filepath.Join(dir, o.name)
		if err := os.Rename(temps[i], dst); err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		temps[i] = ""
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // the renames; not every system can sync a directory
		d.Close()
	}
	return nil
}

func summary(w io.Writer, reg *registry.Registry, out string, took time.Duration) {
	status := map[string]int{}
	numbered, linked := 0, 0
	for h := range reg.Houses() {
		if _, ok := h.Street(); ok {
			numbered++
			status[h.Status.String()]++
		}
		if _, ok := h.Parcel(); ok {
			linked++
		}
	}
	var st []string
	for _, k := range []string{"fresh", "kept", "infill", "extended", "before", "split", "grouped"} {
		if status[k] > 0 {
			st = append(st, fmt.Sprintf("%d %s", status[k], k))
		}
	}
	alleys := 0
	for s := range reg.Streets() {
		if _, ok := s.Parent(); ok {
			alleys++
		}
	}
	fmt.Fprintf(w, "town: %d streets and alleys (%d alleys), %d parcels, %d buildings (EPSG:%d)\n",
		reg.StreetCount(), alleys, reg.ParcelCount(), reg.HouseCount(), int(reg.CRS()))
	fmt.Fprintf(w, "numbered: %d houses (%s); %d in a parcel; %d address IDs\n", numbered, strings.Join(st, ", "), linked, reg.HouseCount())
	if reg.DemoKey() {
		fmt.Fprintln(w, "key: the public demo key issued the address IDs and sealed town.gpkg: anyone can compute them; give --key-file or "+keyEnv+" for a real registry")
	} else {
		fmt.Fprintln(w, "key: the office key issued the address IDs and sealed town.gpkg")
	}
	byReason := map[finding.Reason]int{}
	for _, f := range reg.Findings() {
		byReason[f.Reason]++
	}
	var rs []finding.Reason
	for r := range byReason {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%s %d", r, byReason[r]))
	}
	fmt.Fprintf(w, "findings: %d (%s)\n", len(reg.Findings()), strings.Join(parts, ", "))
	for _, name := range []string{"town.gpkg", "town.geojson", "findings.csv", "findings.json", "town.svg"} {
		fmt.Fprintf(w, "wrote %s\n", filepath.Join(out, name))
	}
	fmt.Fprintf(w, "wrote %s (each layer)\n", filepath.Join(out, "town.*.geojson"))
	fmt.Fprintf(w, "in %.2f s\n", took.Seconds())
}

// writeSVG draws the town in its source CRS: parcels, buildings, streets
// with their names, each house's number, and the findings as red rings
// (hover for the evidence).
func writeSVG(w io.Writer, reg *registry.Registry, lang finding.Lang) error {
	src := reg.Source()
	toSrc, err := crs.NewTransformer(crs.WGS84, reg.CRS())
	if err != nil && reg.CRS() != crs.WGS84 {
		return err
	}
	geographic := reg.CRS() == crs.WGS84 || reg.CRS() == 4756
	var b orb.Bound
	first := true
	grow := func(g orb.Geometry) {
		if g == nil {
			return
		}
		if first {
			b, first = g.Bound(), false
		} else {
			b = b.Union(g.Bound())
		}
	}
	for _, f := range src.Parcels {
		grow(f.Geometry)
	}
	for _, f := range src.Streets {
		grow(f.Geometry)
	}
	kx, ky := 1.0, 1.0 // projected: metres already
	if geographic {
		kx, ky = geo.NewPlane(b.Center()).Scale()
	}
	const margin, footer = 20.0, 76.0
	width := (b.Max[0]-b.Min[0])*kx + 2*margin
	mapBottom := (b.Max[1]-b.Min[1])*ky + 2*margin
	height := mapBottom + footer
	xy := func(p orb.Point) (float64, float64) {
		return (p[0]-b.Min[0])*kx + margin, (b.Max[1]-p[1])*ky + margin
	}
	fromWGS := func(p orb.Point) orb.Point {
		if reg.CRS() == crs.WGS84 {
			return p
		}
		a, c, err := toSrc.Transform(p[1], p[0])
		if err != nil {
			return orb.Point{}
		}
		if geographic {
			return orb.Point{c, a}
		}
		return orb.Point{a, c}
	}
	e := &errWriter{w: w}
	e.printf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" font-family="sans-serif">`+"\n", width, height, width*1.5, height*1.5)
	e.printf(`<rect width="100%%" height="100%%" fill="#fbfaf6"/>` + "\n")
	path := func(rings [][]orb.Point) string {
		var sb strings.Builder
		for _, r := range rings {
			for k, p := range r {
				x, y := xy(p)
				if k == 0 {
					fmt.Fprintf(&sb, "M%.1f %.1f", x, y)
				} else {
					fmt.Fprintf(&sb, "L%.1f %.1f", x, y)
				}
			}
			sb.WriteString("Z")
		}
		return sb.String()
	}
	polys := func(g orb.Geometry) [][]orb.Point {
		var out [][]orb.Point
		switch g := g.(type) {
		case orb.Polygon:
			for _, r := range g {
				out = append(out, r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				for _, r := range p {
					out = append(out, r)
				}
			}
		}
		return out
	}
	// Communes, cut at the map's edge so they stay out of the legend.
	e.printf(`<clipPath id="map-area"><rect x="0" y="0" width="%.1f" height="%.1f"/></clipPath>`+"\n", width, mapBottom)
	e.printf(`<g fill="none" stroke="#8a7fb0" stroke-width="1.5" stroke-dasharray="6 4" clip-path="url(#map-area)">` + "\n")
	for _, f := range src.Communes {
		if strings.HasPrefix(f.Props.String("code"), "legacy") {
			continue
		}
		e.printf(`<path d="%s"/>`+"\n", path(polys(f.Geometry)))
	}
	e.printf("</g>\n")
	e.printf(`<g fill="#f1eee4" stroke="#c9c2ae" stroke-width="0.3">` + "\n")
	for _, f := range src.Parcels {
		e.printf(`<path d="%s" fill-rule="evenodd"/>`+"\n", path(polys(f.Geometry)))
	}
	e.printf("</g>\n")
	e.printf(`<g fill="#d9cbb0" stroke="#9c8a6a" stroke-width="0.3">` + "\n")
	for _, f := range src.Buildings {
		if ps := polys(f.Geometry); len(ps) > 0 {
			e.printf(`<path d="%s"/>`+"\n", path(ps))
		}
	}
	e.printf("</g>\n")
	// Streets, then their names at their middle.
	e.printf(`<g fill="none" stroke="#ffffff" stroke-linecap="round">` + "\n")
	for _, f := range src.Streets {
		ls, ok := f.Geometry.(orb.LineString)
		if !ok {
			if ml, isML := f.Geometry.(orb.MultiLineString); isML && len(ml) > 0 {
				ls = ml[0]
			}
		}
		if len(ls) < 2 {
			continue
		}
		wd, _, _ := f.Props.Float("cross_section")
		wd = math.Max(2, wd*0.6)
		var sb strings.Builder
		for k, p := range ls {
			x, y := xy(p)
			if k == 0 {
				fmt.Fprintf(&sb, "M%.1f %.1f", x, y)
			} else {
				fmt.Fprintf(&sb, "L%.1f %.1f", x, y)
			}
		}
		e.printf(`<path d="%s" stroke-width="%.1f"/>`+"\n", sb.String(), wd)
	}
	e.printf("</g>\n")
	// Names of streets before those of alleys, each where it meets no
	// name placed before it.
	e.printf(`<g id="street-names" font-size="6" fill="#5a5040" text-anchor="middle">` + "\n")
	var names placer
	streets := slices.Collect(reg.Streets())
	slices.SortStableFunc(streets, func(a, b registry.Street) int {
		_, alleyA := a.Parent()
		_, alleyB := b.Parent()
		return cmp.Compare(btoi(alleyA), btoi(alleyB))
	})
	for _, s := range streets {
		i, _ := s.Ref().Index()
		f := src.Streets[i]
		ls, ok := f.Geometry.(orb.LineString)
		if !ok || len(ls) < 2 {
			continue
		}
		label := s.Name
		if label == "" && s.Number.IsValid() {
			label = address.Hem.String() + " " + s.Number.String()
		}
		if label == "" {
			continue
		}
		x0, y0 := xy(ls[0])
		x1, y1 := xy(ls[len(ls)-1])
		size := 6.0
		if _, alley := s.Parent(); alley {
			size = 3
		}
		l, ok := names.place(x0, y0, x1, y1, textWidth(label, size), size)
		if !ok {
			continue
		}
		// dy centres the letters on the line: the baseline sits a third
		// of the size below the label's middle.
		e.printf(`<text x="%.1f" y="%.1f" font-size="%.0f" transform="rotate(%.1f %.1f %.1f)" dy="%.1f" data-w="%.1f">%s</text>`+"\n",
			l.x, l.y, size, l.ang, l.x, l.y, size/3, l.w, html.EscapeString(label))
	}
	e.printf("</g>\n")
	// House numbers.
	e.printf(`<g font-size="2.4" fill="#1d3557" text-anchor="middle">` + "\n")
	for h := range reg.Houses() {
		if _, numbered := h.Street(); !numbered {
			continue
		}
		x, y := xy(fromWGS(h.Point))
		e.printf(`<text x="%.1f" y="%.1f">%s</text>`+"\n", x, y+0.8, html.EscapeString(h.Number.String()))
	}
	e.printf("</g>\n")
	// Findings: a red ring at the record, with the evidence on hover.
	e.printf(`<g id="findings" fill="none" stroke="#d62828" stroke-width="1">` + "\n")
	fs := reg.Findings() // a copy
	slices.SortStableFunc(fs, func(a, b registry.Finding) int { return cmp.Compare(a.Layer, b.Layer) })
	for _, f := range fs {
		p := f.Point
		if p == (orb.Point{}) {
			p = findingPlace(reg, f)
		}
		if p == (orb.Point{}) {
			continue
		}
		x, y := xy(fromWGS(p))
		e.printf(`<circle cx="%.1f" cy="%.1f" r="6"><title>%s %s: %s</title></circle>`+"\n", x, y,
			html.EscapeString(f.Record), f.Reason, html.EscapeString(f.Evidence))
		e.printf(`<text x="%.1f" y="%.1f" font-size="4" fill="#d62828" stroke="none">%s</text>`+"\n", x+7, y-4, f.Reason)
	}
	e.printf("</g>\n")
	demo := ""
	if reg.DemoKey() {
		demo = "; address IDs from the public demo key"
	}
	// The legend, a scale bar and an arrow to true north below the map.
	legend(e, margin, mapBottom+2, lang)
	scaleBar(e, margin+100, mapBottom+40, width-margin-100, kx)
	north := orb.Point{0, -1}
	if c := b.Center(); reg.CRS() != crs.WGS84 {
		if toWGS, err := crs.NewTransformer(reg.CRS(), crs.WGS84); err == nil {
			a, d := c[0], c[1]
			if geographic {
				a, d = c[1], c[0]
			}
			if lat, lon, err := toWGS.Transform(a, d); err == nil {
				x0, y0 := xy(c)
				x1, y1 := xy(fromWGS(orb.Point{lon, lat + 0.001}))
				north = orb.Point{x1 - x0, y1 - y0}
			}
		}
	}
	northArrow(e, width-margin-10, mapBottom+40, north[0], north[1], lang)
	e.printf(`<text x="%.0f" y="14" font-size="10" fill="#333">diachi registry: %d houses numbered, %d findings (red)%s</text>`+"\n", margin, reg.HouseCount(), len(reg.Findings()), demo)
	e.printf("</svg>\n")
	return e.err
}

// findingPlace is a WGS84 point for a finding without one: the middle of
// its street, or its parcel's ID point (an invalid parcel's finding has
// the first vertex of its outline already).
func findingPlace(reg *registry.Registry, f registry.Finding) orb.Point {
	switch f.Layer {
	case registry.LayerStreets:
		if s, ok := reg.Street(registry.StreetAt(f.Index)); ok && s.Line != nil {
			if p, err := s.Line.PointAt(s.Line.Length()/2, 0); err == nil {
				return p
			}
		}
	case registry.LayerParcels:
		if p, ok := reg.Parcel(registry.ParcelAt(f.Index)); ok && p.ID.IsValid() {
			return p.ID.Point()
		}
	}
	return orb.Point{}
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// progress shows a stage, a rate and the time left on a terminal, and
// nothing otherwise.
type progress struct {
	w     io.Writer
	tty   bool
	stage string
	start time.Time
	last  time.Time
	shown bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(stage string, done, total int) {
	if !p.tty {
		return
	}
	now := time.Now()
	if stage != p.stage {
		p.stage, p.start = stage, now
	}
	if now.Sub(p.last) < 200*time.Millisecond && done < total {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(done) / el
	}
	left := "?"
	if rate > 0 && total >= done {
		left = time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%-12s %9d/%-9d %8.0f/s  %s left   ", stage, done, total, rate, left)
	p.shown = true
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}
