package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/address/osm"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/index"
)

func runNumber(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "audit":
			return runNumberAudit(args[1:], stdout, stderr)
		case "assign":
			return runNumberAssign(args[1:], stdout, stderr)
		}
	}
	code := 2
	switch {
	case len(args) > 0 && isHelp(args[0]):
		code = 0
	case len(args) > 0:
		fmt.Fprintf(stderr, "diachi number: unknown subcommand %q\n", args[0])
	}
	fmt.Fprintln(stderr, `usage: diachi number audit --osm FILE.osm
       diachi number assign --streets STREETS.geojson --buildings BUILDINGS.geojson

audit   checks the house numbers of an OpenStreetMap extract against the
        Circular 08/2024 rules: one JSON object per addressed building or
        node, then {"summary": {...}}.
assign  numbers buildings along streets and writes the buildings as GeoJSON
        with their numbers.

Exit status: 0 when the file was audited whole (audit) or every building
was numbered (assign), 1 when the file gives elements twice or ways had to
be left out (audit), a building was not numbered (assign), an input file
could not be read or was refused, or the output could not be written, 2 for
a usage error.`)
	return code
}

func runNumberAudit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("number audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	osmPath := fs.String("osm", "", "OpenStreetMap XML file")
	maxGap := fs.Int("max-gap", 20, "report neighbours that skip more than `N` numbers")
	maxBytes := fs.Int64("max-bytes", 1<<30, "refuse a file of more than this many `bytes`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi number audit --osm FILE.osm

Writes one JSON object per element with addr:housenumber: street, number,
side ("left"/"right" of the direction the street is audited in, null when
the point has none: on the centreline or between the carriageways), along
(metres), expected_parity, verdict ("ok" or a reason code), suggested,
explanation; then {"summary": {...}} with the agreement of sides and
parities, per street and overall, and under "input" what the file gives but
the audit cannot use as given: elements given twice (the first is used),
references to missing nodes, and the streets and addressed ways left out
for them (a warning each, and exit status 1).

Exit status: 0 when the file was audited whole, 1 when it gives elements
twice or ways had to be left out (a warning each), the file could not be
read or was refused, or the output could not be written, 2 for a usage
error.`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *osmPath == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	f, err := os.Open(*osmPath)
	if err != nil {
		fmt.Fprintf(stderr, "diachi number audit: %v\n", err)
		return 1
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > *maxBytes {
		fmt.Fprintf(stderr, "diachi number audit: %s: %d bytes is more than --max-bytes %d\n", *osmPath, st.Size(), *maxBytes)
		return 1
	}
	data, err := osm.Read(bufio.NewReader(io.LimitReader(f, *maxBytes)))
	if err != nil {
		fmt.Fprintf(stderr, "diachi number audit: %s: %v\n", *osmPath, err)
		return 1
	}
	n, err := numbering.New(data.Streets, numbering.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "diachi number audit: %s: %v\n", *osmPath, err)
		return 1
	}
	input := osmInput{Duplicates: data.Duplicates, Missing: []missingNode{}, LeftOut: data.Ignored}
	if input.Duplicates == nil {
		input.Duplicates = []string{}
	}
	for _, m := range data.Missing {
		input.Missing = append(input.Missing, missingNode{fmt.Sprintf("way/%d", m.Way), fmt.Sprintf("node/%d", m.Node)})
	}
	if k := len(input.Duplicates); k > 0 {
		fmt.Fprintf(stderr, "diachi number audit: warning: %s: %d elements given twice (%s first); the first of each is used, the others left out\n",
			*osmPath, k, input.Duplicates[0])
	}
	if k := len(input.Missing); k > 0 {
		fmt.Fprintf(stderr, "diachi number audit: warning: %s: %d references to nodes missing from the file (%s of %s first)\n",
			*osmPath, k, input.Missing[0].Node, input.Missing[0].Way)
	}
	if input.LeftOut > 0 {
		fmt.Fprintf(stderr, "diachi number audit: warning: %s: %d streets or addressed ways left out (a missing node, or fewer than two); see the summary's input\n",
			*osmPath, input.LeftOut)
	}
	rep := n.Audit(data.Houses, numbering.AuditOptions{MaxGap: *maxGap})
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// name is the name of the street a ref refers to ("" for none).
	name := func(r numbering.StreetRef) string {
		if k, ok := r.Index(); ok && k < len(data.Streets) {
			return data.Streets[k].Name
		}
		return ""
	}
	verdicts := map[string]int{}
	for _, h := range rep.Houses {
		verdicts[string(h.Verdict)]++
		street := name(h.Street)
		if street == "" {
			street = data.AddrStreet[h.ID]
		}
		row := auditRow{ID: h.ID, Street: street, AddrStreet: data.AddrStreet[h.ID], Number: h.Text,
			Verdict: string(h.Verdict), Explanation: nullable(h.Explanation)}
		if name(h.Street) != "" {
			along := round2(float64(h.Along))
			offset := round2(float64(h.Offset))
			row.Along, row.Offset = &along, &offset
			if h.Side != geo.SideOn {
				side := h.Side.String()
				row.Side = &side
			}
			if h.Side != geo.SideOn && h.Verdict != finding.OnCentreline {
				p := "even"
				if h.ExpectedOdd {
					p = "odd"
				}
				row.ExpectedParity = &p
			}
		}
		if h.Suggested.IsValid() {
			s := h.Suggested.String()
			row.Suggested = &s
		}
		if err := enc.Encode(row); err != nil {
			fmt.Fprintf(stderr, "diachi number audit: %v\n", err)
			return 1
		}
	}
	sum := auditSummary{Buildings: len(rep.Houses), Numbers: rep.Numbers, Agree: rep.Agree, Streets: []streetSummary{}, Alleys: []alleySummary{},
		Agreement: round4(rep.Agreement()), Verdicts: verdicts, Input: input}
	for _, s := range rep.Streets {
		ss := streetSummary{Street: s.Name, Direction: s.Direction, Reversed: s.Reversed, Numbers: s.Numbers, Agree: s.Agree, Findings: []streetFinding{}}
		if s.Numbers > 0 {
			r := round4(float64(s.Agree) / float64(s.Numbers))
			ss.Agreement = &r
		}
		for _, f := range s.Findings {
			ss.Findings = append(ss.Findings, streetFinding{string(f.Reason), f.Explanation})
		}
		sum.Streets = append(sum.Streets, ss)
	}
	for _, a := range rep.Alleys {
		as := alleySummary{Alley: a.ID, Parent: name(a.Parent), Number: a.Number.String(), Side: a.Side.String(),
			Along: round2(float64(a.Along)), Verdict: string(a.Verdict), Explanation: nullable(a.Explanation)}
		if a.Suggested.IsValid() {
			s := a.Suggested.String()
			as.Suggested = &s
		}
		sum.Alleys = append(sum.Alleys, as)
	}
	if err := enc.Encode(map[string]auditSummary{"summary": sum}); err != nil {
		fmt.Fprintf(stderr, "diachi number audit: %v\n", err)
		return 1
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "diachi number audit: %v\n", err)
		return 1
	}
	if len(input.Duplicates) > 0 || input.LeftOut > 0 {
		return 1
	}
	return 0
}

// osmInput is what the audit read but could not use as given.
type osmInput struct {
	Duplicates []string      `json:"duplicates"`
	Missing    []missingNode `json:"missing_nodes"`
	LeftOut    int           `json:"ways_left_out"`
}

type missingNode struct {
	Way  string `json:"way"`
	Node string `json:"node"`
}

type auditRow struct {
	ID             string   `json:"id"`
	Street         string   `json:"street"`
	AddrStreet     string   `json:"addr_street"`
	Number         string   `json:"number"`
	Side           *string  `json:"side"`
	Along          *float64 `json:"along"`
	Offset         *float64 `json:"offset"`
	ExpectedParity *string  `json:"expected_parity"`
	Verdict        string   `json:"verdict"`
	Suggested      *string  `json:"suggested"`
	Explanation    *string  `json:"explanation"`
}

type streetFinding struct {
	Reason      string `json:"reason"`
	Explanation string `json:"explanation"`
}

type streetSummary struct {
	Street    string          `json:"street"`
	Direction string          `json:"direction"`
	Reversed  bool            `json:"reversed"`
	Numbers   int             `json:"numbers"`
	Agree     int             `json:"agree"`
	Agreement *float64        `json:"agreement"`
	Findings  []streetFinding `json:"findings"`
}

type alleySummary struct {
	Alley       string  `json:"alley"`
	Parent      string  `json:"parent"`
	Number      string  `json:"number"`
	Side        string  `json:"side"`
	Along       float64 `json:"along"`
	Verdict     string  `json:"verdict"`
	Suggested   *string `json:"suggested"`
	Explanation *string `json:"explanation"`
}

type auditSummary struct {
	Buildings int             `json:"buildings"`
	Numbers   int             `json:"numbers_with_side"`
	Agree     int             `json:"agree"`
	Agreement float64         `json:"agreement"`
	Verdicts  map[string]int  `json:"verdicts"`
	Streets   []streetSummary `json:"streets"`
	Alleys    []alleySummary  `json:"alleys"`
	Input     osmInput        `json:"input"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

func runNumberAssign(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("number assign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	streetsPath := fs.String("streets", "", "GeoJSON streets (LineString/MultiLineString)")
	buildingsPath := fs.String("buildings", "", "GeoJSON buildings or lots (Point, Polygon, MultiPolygon)")
	infill := fs.String("infill", "letters", "infill form for new houses between numbered ones: letters (20A) or dashes (20-1)")
	spacing := fs.Float64("spacing", 0, "metric reservation: one number per this many `metres` of each side (0: sequential)")
	maxDist := fs.Float64("max-distance", 200, "farthest a building may be from its street, in `metres`")
	maxBytes := fs.Int64("max-bytes", 2<<30, "refuse an input file of more than this many `bytes`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi number assign --streets STREETS.geojson --buildings BUILDINGS.geojson > numbered.geojson

Street properties: id (or the feature id), name, cross_section (metres),
regime (circular08, legacy, as-drawn), centre ([lon, lat], radial street),
abbrev, parent and other (alleys), number (an alley's existing number).
Building properties: id (or the feature id), street (else the nearest
street), also_on (other streets of a corner house, comma-separated), main
(door), planned, group, number (kept), split_of. A building's
door is its point, or a point inside its footprint. Output: the buildings
with number, numbered_on, side, along (metres), status, note, or problem,
and their other attributes as written. Both files are WGS84 GeoJSON
FeatureCollections (another CRS is refused); an empty buildings file gives
an empty collection, with a warning.

Exit status: 0 when every building was numbered, 1 when any was not (its
problem says why), an input file could not be read or was refused, or the
output could not be written, 2 for a usage error (an --infill other than
letters or dashes among them).`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if *streetsPath == "" || *buildingsPath == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	switch {
	case *spacing < 0:
		fmt.Fprintf(stderr, "diachi number assign: --spacing %g: want 0 (sequential) or a length in metres\n", *spacing)
		return 2
	case *maxDist <= 0:
		fmt.Fprintf(stderr, "diachi number assign: --max-distance %g: want a length in metres above 0\n", *maxDist)
		return 2
	}
	opts := numbering.Options{Spacing: geo.Meters(*spacing), MaxDistance: geo.Meters(*maxDist)}
	switch *infill {
	case "letters":
	case "dashes":
		opts.Infill = numbering.Dashes
	default:
		fmt.Fprintf(stderr, "diachi number assign: --infill %q: letters or dashes\n", *infill)
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "diachi number assign: %v\n", err)
		return 1
	}
	sfeats, empty, err := readFeatures(*streetsPath, *maxBytes)
	if err != nil {
		return fail(err)
	}
	if empty {
		fmt.Fprintf(stderr, "diachi number assign: warning: %s has no features: no street to number along\n", *streetsPath)
	}
	streets, err := streetsFromGeoJSON(sfeats)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", *streetsPath, err))
	}
	n, err := numbering.New(streets, opts)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", *streetsPath, err))
	}
	bfeats, empty, err := readFeatures(*buildingsPath, *maxBytes)
	if err != nil {
		return fail(err)
	}
	if empty {
		fmt.Fprintf(stderr, "diachi number assign: warning: %s has no features: nothing to number\n", *buildingsPath)
	}
	fronts, problems, err := frontagesFromGeoJSON(bfeats, streets, opts.MaxDistance)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", *buildingsPath, err))
	}
	res, err := n.Assign(fronts)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", *buildingsPath, err))
	}
	// Results refer to buildings and streets by their position in the
	// files.
	houses := make([]*numbering.House, len(fronts))
	for k := range res.Houses {
		houses[res.Houses[k].Frontage] = &res.Houses[k]
	}
	for _, p := range res.Problems {
		if problems[p.Frontage] == nil {
			problems[p.Frontage] = p.Err
		}
	}
	failed := 0
	for i, f := range bfeats {
		if h := houses[i]; h != nil {
			k, _ := h.Street.Index()
			f.Properties["number"] = h.Number.String()
			f.Properties["numbered_on"] = streets[k].ID
			f.Properties["side"] = h.Side.String()
			f.Properties["along"] = round2(float64(h.Along))
			f.Properties["status"] = h.Status.String()
			if h.Note != "" {
				f.Properties["note"] = h.Note
			}
			continue
		}
		f.Properties["number"] = nil
		if err := problems[i]; err != nil {
			f.Properties["problem"] = err.Error()
		}
		failed++
	}
	out, err := json.Marshal(geojson.FeatureCollection{Type: "FeatureCollection", Features: bfeats})
	if err == nil {
		_, err = stdout.Write(append(out, '\n'))
	}
	if err != nil { // the output not written: the run failed
		fmt.Fprintf(stderr, "diachi number assign: %v\n", err)
		return 1
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "diachi number assign: %d of %d buildings not numbered (see their \"problem\")\n", failed, len(bfeats))
		return 1
	}
	return 0
}

func propString(p geojson.Properties, key string) string {
	switch v := p[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// propFloat reads a number attribute (read as json.Number).
func propFloat(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

func featureID(f *geojson.Feature, i int) string {
	if s := propString(f.Properties, "id"); s != "" {
		return s
	}
	if f.ID != nil {
		return fmt.Sprint(f.ID)
	}
	return fmt.Sprintf("#%d", i+1)
}

// streetsFromGeoJSON reads the streets; parent and other, which name a
// street by its id, become refs to its position.
func streetsFromGeoJSON(feats []*geojson.Feature) ([]numbering.Street, error) {
	out := make([]numbering.Street, 0, len(feats))
	pos := map[string]int{}
	for i, f := range feats {
		if f.Properties == nil {
			f.Properties = geojson.Properties{}
		}
		id := featureID(f, i)
		if _, dup := pos[id]; dup {
			return nil, fmt.Errorf("street %q: id given twice", id)
		}
		pos[id] = i
	}
	ref := func(s *numbering.Street, f *geojson.Feature, key string) (numbering.StreetRef, error) {
		v := propString(f.Properties, key)
		if v == "" {
			return numbering.StreetRef{}, nil
		}
		k, ok := pos[v]
		if !ok {
			return numbering.StreetRef{}, fmt.Errorf("street %q: %s %q is not a street of the file", s.ID, key, v)
		}
		return numbering.StreetAt(k), nil
	}
	for i, f := range feats {
		s := numbering.Street{ID: featureID(f, i), Name: propString(f.Properties, "name"),
			Abbrev: propString(f.Properties, "abbrev")}
		var err error
		if s.Parent, err = ref(&s, f, "parent"); err != nil {
			return nil, err
		}
		if s.Other, err = ref(&s, f, "other"); err != nil {
			return nil, err
		}
		switch g := f.Geometry.(type) {
		case orb.LineString:
			s.Centreline = orb.MultiLineString{g}
		case orb.MultiLineString:
			s.Centreline = g
		default:
			return nil, fmt.Errorf("street %q: %T is not a LineString or MultiLineString", s.ID, f.Geometry)
		}
		if v, ok := propFloat(f.Properties["cross_section"]); ok {
			s.CrossSection = geo.Meters(v)
		}
		r, err := numbering.ParseRegime(propString(f.Properties, "regime"))
		if err != nil {
			return nil, err
		}
		s.Regime = r
		if c, ok := f.Properties["centre"].([]any); ok && len(c) == 2 {
			lon, ok1 := propFloat(c[0])
			lat, ok2 := propFloat(c[1])
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("street %q: centre must be [lon, lat]", s.ID)
			}
			s.Centre = &orb.Point{lon, lat}
		}
		if num := propString(f.Properties, "number"); num != "" {
			h, err := address.ParseHouseNumber(num)
			if err != nil {
				return nil, fmt.Errorf("street %q: %w", s.ID, err)
			}
			s.Number = h
		}
		out = append(out, s)
	}
	return out, nil
}

// frontagesFromGeoJSON reads the buildings. Their street and also_on name
// streets by id; a building naming a street the streets file lacks gets no
// door, and a problem at its position.
func frontagesFromGeoJSON(feats []*geojson.Feature, streets []numbering.Street, maxDist geo.Meters) ([]numbering.Frontage, map[int]error, error) {
	var near index.LineIndex[int]
	built := false
	out := make([]numbering.Frontage, len(feats))
	problems := map[int]error{}
	pos := make(map[string]int, len(streets))
	for k, s := range streets {
		pos[s.ID] = k
	}
	for i, f := range feats {
		if f.Properties == nil {
			f.Properties = geojson.Properties{}
		}
		fr := numbering.Frontage{ID: featureID(f, i), Group: propString(f.Properties, "group")}
		fr.Planned, _ = f.Properties["planned"].(bool)
		main, _ := f.Properties["main"].(bool)
		var door orb.Point
		switch g := f.Geometry.(type) {
		case orb.Point:
			door = g
		case orb.Polygon:
			p, _, err := geo.Polylabel(g, 0.1)
			if err != nil {
				return nil, nil, fmt.Errorf("building %q: %w", fr.ID, err)
			}
			door = p
		case orb.MultiPolygon:
			if len(g) == 0 {
				return nil, nil, fmt.Errorf("building %q: empty MultiPolygon", fr.ID)
			}
			p, _, err := geo.Polylabel(g[0], 0.1)
			if err != nil {
				return nil, nil, fmt.Errorf("building %q: %w", fr.ID, err)
			}
			door = p
		default:
			return nil, nil, fmt.Errorf("building %q: %T is not a Point, Polygon or MultiPolygon", fr.ID, f.Geometry)
		}
		street := propString(f.Properties, "street")
		if street == "" {
			if !built {
				for k, s := range streets {
					for _, part := range s.Centreline {
						if err := near.Insert(part, k); err != nil {
							return nil, nil, fmt.Errorf("street %q: %w", s.ID, err)
						}
					}
				}
				built = true
			}
			if m, ok := near.Nearest(door, maxDist); ok {
				street = streets[m.Value].ID
			}
		}
		for _, pair := range []struct {
			key string
			dst *address.HouseNumber
		}{{"number", &fr.Number}, {"split_of", &fr.SplitOf}} {
			if s := propString(f.Properties, pair.key); s != "" {
				h, err := address.ParseHouseNumber(s)
				if err != nil {
					return nil, nil, fmt.Errorf("building %q: %s: %w", fr.ID, pair.key, err)
				}
				*pair.dst = h
			}
		}
		on := func(id string, main bool) {
			k, ok := pos[id]
			if !ok {
				if problems[i] == nil {
					problems[i] = fmt.Errorf("building %q: street %q is not in the streets file", fr.ID, id)
				}
				return
			}
			fr.Doors = append(fr.Doors, numbering.Door{Street: numbering.StreetAt(k), Point: door, Main: main})
		}
		if street != "" {
			on(street, main)
		}
		for _, extra := range strings.Split(propString(f.Properties, "also_on"), ",") {
			if extra = strings.TrimSpace(extra); extra != "" {
				on(extra, false)
			}
		}
		if problems[i] != nil {
			fr.Doors = nil // not numbered on some of its streets only
		}
		out[i] = fr
	}
	return out, problems, nil
}
