package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/postal"
)

type unitJSON struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Version string `json:"version"`
}

type alleyJSON struct {
	Kind   string  `json:"kind"`
	Number *string `json:"number"`
	Name   *string `json:"name"`
}

// streetJSON is a street: its type word in full ("Đường", "Phố", "Quốc
// lộ"; null when none is written), its name, and the text as written.
type streetJSON struct {
	Type *string `json:"type"`
	Name string  `json:"name"`
	Text string  `json:"text"`
}

type repairJSON struct {
	Kind string `json:"kind"`
	Span [2]int `json:"span"`
	Text string `json:"text"`
	To   string `json:"to,omitempty"`
}

type readingJSON struct {
	Commune  *unitJSON `json:"commune"`
	District *unitJSON `json:"district"`
	Province *unitJSON `json:"province"`
}

type parsedJSON struct {
	Input        string            `json:"input"`
	HouseNumber  *string           `json:"house_number"`
	Alleys       []alleyJSON       `json:"alleys"`
	Street       *streetJSON       `json:"street"`
	Place        *string           `json:"place"`
	Commune      *unitJSON         `json:"commune"`
	District     *unitJSON         `json:"district"`
	Province     *unitJSON         `json:"province"`
	Implied      []string          `json:"implied"`
	Postcode     *string           `json:"postcode"`
	Remainder    *string           `json:"remainder"`
	Status       string            `json:"status"`
	Confidence   float64           `json:"confidence"`
	Spans        map[string][2]int `json:"spans"`
	Repairs      []repairJSON      `json:"repairs"`
	Alternatives []readingJSON     `json:"alternatives"`
	// Successors: the 2025 communes a legacy commune became (every
	// candidate of a split one); Predecessors: the legacy communes a 2025
	// commune was made of.
	Successors   []unitJSON `json:"successors,omitempty"`
	Predecessors []unitJSON `json:"predecessors,omitempty"`
}

var componentJSON = map[address.Component]string{
	address.CompHouseNumber: "house_number", address.CompAlleys: "alleys", address.CompStreet: "street",
	address.CompPlace: "place", address.CompCommune: "commune", address.CompDistrict: "district",
	address.CompProvince: "province", address.CompPostcode: "postcode", address.CompCountry: "country", address.CompLabel: "label",
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func unitOrNil(u admin.Unit) *unitJSON {
	if !u.IsValid() {
		return nil
	}
	return &unitJSON{Code: u.Code.String(), Name: u.Name, Version: u.Code.Version().String()}
}

func alleyKind(k address.AlleyKind) string {
	if k == address.Slash {
		return "slash"
	}
	return k.String()
}

func runParse(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	units := fs.String("units", "auto", "the units the text is written in: auto, legacy (63 provinces, with districts) or 2025")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi parse [--units auto|legacy|2025] < addresses

Reads one address per line, any form and spelling, and writes one JSON object
per line: house_number, alleys, street ({"type", "name", "text"}), place,
commune, district, province (each unit as {"code", "name", "version"}),
implied (the levels not written but implied by a unit below them), postcode,
remainder (text not understood), status (ok, implied, ambiguous, partial,
unknown), confidence, spans (byte offsets in the line), repairs (the noise
read through: {"kind", "span", "text", "to"}), alternatives (every reading
of an ambiguous address; for a complete one, the reading in the other system
of units when it is as complete), and successors (the 2025 communes a legacy
commune became) or predecessors (the legacy communes a 2025 one was made
of); null when absent.

Exit status: 0 when every line parsed, 1 when a line could not be parsed
(empty, invalid UTF-8, a control character, too long: its output line says
why) or the input could not be read or the output written, 2 for a usage
error.`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	mode, err := address.ParseUnitsMode(*units)
	if err != nil {
		fmt.Fprintf(stderr, "diachi parse: %v\n", err)
		return 2
	}
	return finish("parse", stdin, stdout, stderr, func(line, out []byte) ([]byte, error) {
		a, err := address.ParseWith(string(line), address.ParseOptions{Units: mode})
		if err != nil {
			return out, err
		}
		b, err := json.Marshal(parsedOut(string(line), a))
		if err != nil {
			return out, err
		}
		return append(out, b...), nil
	})
}

func runFormat(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("format", flag.ContinueOnError)
	fs.SetOutput(stderr)
	style := fs.String("style", "official", "official, legacy, southern, ascii or label")
	recipient := fs.String("recipient", "", "first line of a label")
	dropRemainder := fs.Bool("drop-remainder", false, "format a line whose parse left a remainder without it, instead of refusing the line")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi format [--style official|legacy|southern|ascii|label] [--drop-remainder] < parsed.jsonl

Reads the JSON objects diachi parse writes and writes each address in the
style: one line of text, or for label a JSON array of the label's lines.

A line is an error (error: line N) when it is not such an object: a key
written twice, a key parse does not write, a unit whose name does not name
the unit of its code, a version other than "2025" or "legacy", units of
both versions or not one within the other. So is a line whose parse left
a remainder (text not placed in the address: a second house number and
street, a unit name that fits several places): no style writes it, and it
is not dropped unless --drop-remainder says so.

A legacy commune split in 2025 cannot be named in the 2025 units without a
location: the styles other than legacy write it in its legacy form,
district included, and a warning on standard error names its 2025
candidates.

Exit status: 0 when every line was formatted, 1 when any line failed (its
output line says why) or the input could not be read or the output written,
2 for a usage error (an unknown style among them).`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return flagStatus(err)
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	styles := map[string]address.Style{"official": address.Official, "legacy": address.Legacy, "southern": address.Southern, "ascii": address.ASCII, "label": 0}
	st, ok := styles[*style]
	if !ok {
		fmt.Fprintf(stderr, "diachi format: unknown style %q\n", *style)
		return 2
	}
	return finishAt("format", stdin, stdout, stderr, func(n int, line, out []byte) ([]byte, error) {
		if err := checkText(line); err != nil {
			return out, err
		}
		p, err := decodeParsed(line)
		if err != nil {
			return out, fmt.Errorf("not a parse object: %v", err)
		}
		if p.Remainder != nil && strings.TrimSpace(*p.Remainder) != "" && !*dropRemainder {
			return out, fmt.Errorf("remainder %q: text the parse did not place in the address, which no style writes; not formatted (--drop-remainder formats without it)", *p.Remainder)
		}
		a, err := fromJSON(p)
		if err != nil {
			return out, err
		}
		if st == 0 {
			b, err := json.Marshal(address.Label(a, *recipient))
			if err != nil {
				return out, err
			}
			return append(out, b...), nil
		}
		if kept, cands := address.Unconverted(a, st); kept {
			fmt.Fprintf(stderr, "diachi format: line %d: warning: %s\n", n, unconvertedNote(a, cands))
		}
		return append(out, address.Format(a, st)...), nil
	})
}

// unconvertedNote says why an address is written in its legacy units.
func unconvertedNote(a address.Address, cands []admin.Unit) string {
	u, became := a.Commune, "communes"
	if !u.IsValid() {
		u, became = a.Province, "provinces"
	}
	if len(cands) == 0 {
		return fmt.Sprintf("%s (legacy %s %s) has no 2025 successor in the conversion tables: written in its legacy form", u.Name, u.Code.Level(), u.Code)
	}
	names := make([]string, len(cands))
	for i, c := range cands {
		names[i] = fmt.Sprintf("%s (%s)", c.Name, c.Code)
	}
	return fmt.Sprintf("%s (legacy %s %s) became %d 2025 %s: %s; written in its legacy form (only a location tells which)", u.Name, u.Code.Level(), u.Code, len(cands), became, strings.Join(names, ", "))
}

// decodeParsed reads one parse object. A key written twice is an error
// (a decoder would keep one of the two without a word), and so is a key
// parse does not write or anything after the object.
func decodeParsed(line []byte) (parsedJSON, error) {
	var p parsedJSON
	if err := checkKeys(line); err != nil {
		return p, err
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, err
	}
	return p, nil
}

// checkKeys reads a JSON text of one value and refuses a key written twice
// in one object. Keys are compared case-folded, as encoding/json matches
// them to fields.
func checkKeys(b []byte) error {
	type frame struct {
		keys    map[string]bool // nil in an array
		wantKey bool
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var stack []frame
	values := 0
	for {
		t, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if len(stack) == 0 {
			if values++; values > 1 {
				return errors.New("more than one JSON value on the line")
			}
		}
		top := len(stack) - 1
		if key, ok := t.(string); ok && top >= 0 && stack[top].keys != nil && stack[top].wantKey {
			k := caselessKey(key)
			if stack[top].keys[k] {
				return fmt.Errorf("key %q written twice", key)
			}
			stack[top].keys[k] = true
			stack[top].wantKey = false
			continue
		}
		switch t {
		case json.Delim('{'):
			stack = append(stack, frame{keys: map[string]bool{}, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:top]
			top--
		}
		if top >= 0 && stack[top].keys != nil {
			stack[top].wantKey = true // a value done: a key or the end next
		}
	}
	return nil
}

// caselessKey maps every rune of s to the smallest of its case-folding
// orbit (Unicode simple folding, as strings.EqualFold).
func caselessKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}

// fromJSON rebuilds an Address from parse output; units are looked up by
// code and version, and a name given with them must name the same unit.
func fromJSON(p parsedJSON) (address.Address, error) {
	var a address.Address
	var err error
	if p.HouseNumber != nil {
		if a.HouseNumber, err = address.ParseHouseNumber(*p.HouseNumber); err != nil {
			return a, err
		}
	}
	kinds := map[string]address.AlleyKind{"slash": address.Slash}
	for k := range address.Slash {
		if k.String() != "" {
			kinds[k.String()] = k // "ngõ", "hẻm"…
		}
	}
	for _, al := range p.Alleys {
		k, ok := kinds[al.Kind]
		if !ok {
			return a, fmt.Errorf("unknown alley kind %q", al.Kind)
		}
		x := address.Alley{Kind: k}
		if al.Number != nil {
			x.Number = *al.Number
		}
		if al.Name != nil {
			x.Name = *al.Name
		}
		if strings.TrimSpace(x.Number) == "" && strings.TrimSpace(x.Name) == "" {
			return a, fmt.Errorf("%s with neither number nor name", al.Kind)
		}
		a.Alleys = append(a.Alleys, x)
	}
	if p.Street != nil {
		a.Street = p.Street.Text
		if p.Street.Type != nil {
			a.StreetType = *p.Street.Type
		}
		a.StreetName = p.Street.Name
		if a.Street == "" {
			a.Street = strings.TrimSpace(a.StreetType + " " + a.StreetName)
		}
	}
	if p.Place != nil {
		a.Place = *p.Place
	}
	for _, s := range []string{a.Street, a.StreetType, a.StreetName, a.Place} {
		if err := checkText([]byte(s)); err != nil {
			return a, err
		}
	}
	for _, al := range a.Alleys {
		if err := checkText([]byte(al.Number + al.Name)); err != nil {
			return a, err
		}
	}
	for _, u := range []struct {
		j     *unitJSON
		level admin.Level
		dst   *admin.Unit
	}{{p.Commune, admin.Commune, &a.Commune}, {p.District, admin.District, &a.District}, {p.Province, admin.Province, &a.Province}} {
		if u.j == nil {
			continue
		}
		var v admin.Version
		switch u.j.Version {
		case "2025":
			v = admin.V2025
		case "legacy":
			v = admin.Legacy
		default:
			return a, fmt.Errorf("%s %s: version %q, want \"2025\" or \"legacy\"", u.level, u.j.Code, u.j.Version)
		}
		if a.Version != 0 && v != a.Version {
			return a, fmt.Errorf("units of both versions: the %s is %s", u.level, v)
		}
		ds := admin.Load(v)
		unit, err := ds.Lookup(u.level, u.j.Code)
		if err != nil {
			return a, err
		}
		if !names(ds, unit, u.j.Name) {
			return a, fmt.Errorf("%s %s (%s) is %s, not %q", u.level, unit.Code, v, unit.Name, u.j.Name)
		}
		*u.dst = unit
		a.Version = v
	}
	if err := nested(a); err != nil {
		return a, err
	}
	if p.Postcode != nil {
		if a.Postcode, err = postal.Parse(*p.Postcode); err != nil {
			return a, err
		}
	}
	if !a.HouseNumber.IsValid() && a.Street == "" && a.Place == "" && !a.Province.IsValid() && !a.Commune.IsValid() {
		return a, errors.New("nothing to format")
	}
	return a, nil
}

// names reports whether name, as written, may mean unit u: empty (the
// code alone), its name, or any spelling, abbreviation or alias the
// matcher reads as u.
func names(ds *admin.Dataset, u admin.Unit, name string) bool {
	if name == "" || name == u.Name {
		return true
	}
	for _, c := range ds.Match(u.Code.Level(), name, admin.Code{}) {
		if c.Unit.Code == u.Code {
			return true
		}
	}
	return false
}

// nested refuses units not one within the other.
func nested(a address.Address) error {
	ds := admin.Load(a.Version)
	if a.Commune.IsValid() && a.District.IsValid() && a.Commune.Parent != a.District.Code {
		return fmt.Errorf("commune %s (%s) is not in district %s (%s)", a.Commune.Code, a.Commune.Name, a.District.Code, a.District.Name)
	}
	if !a.Province.IsValid() {
		return nil
	}
	for _, u := range []admin.Unit{a.Commune, a.District} {
		if !u.IsValid() {
			continue
		}
		if p, _ := ds.Province(u.Code); p.Code != a.Province.Code {
			return fmt.Errorf("%s %s (%s) is not in province %s (%s)", u.Code.Level(), u.Code, u.Name, a.Province.Code, a.Province.Name)
		}
	}
	return nil
}

// parsedOut is the JSON of a parsed address, as 'diachi parse' and the
// service's /api/parse write it.
func parsedOut(line string, a address.Address) parsedJSON {
	p := parsedJSON{Input: line, Place: strOrNil(a.Place),
		Commune: unitOrNil(a.Commune), District: unitOrNil(a.District), Province: unitOrNil(a.Province),
		Remainder: strOrNil(a.Remainder), Confidence: a.Confidence, Alleys: []alleyJSON{},
		Spans: map[string][2]int{}, Status: a.Status().String(), Implied: []string{}, Repairs: []repairJSON{}, Alternatives: []readingJSON{}}
	if a.Street != "" {
		p.Street = &streetJSON{Type: strOrNil(a.StreetType), Name: a.StreetName, Text: a.Street}
	}
	if a.ImpliedDistrict {
		p.Implied = append(p.Implied, "district")
	}
	if a.ImpliedProvince {
		p.Implied = append(p.Implied, "province")
	}
	for _, r := range a.Repairs {
		p.Repairs = append(p.Repairs, repairJSON{Kind: r.Kind.String(), Span: [2]int{r.Span.Start, r.Span.End}, Text: r.Text, To: r.To})
	}
	for _, r := range a.Alternatives {
		p.Alternatives = append(p.Alternatives, readingJSON{unitOrNil(r.Commune), unitOrNil(r.District), unitOrNil(r.Province)})
	}
	for _, u := range a.Successors() {
		p.Successors = append(p.Successors, *unitOrNil(u))
	}
	for _, u := range a.Predecessors() {
		p.Predecessors = append(p.Predecessors, *unitOrNil(u))
	}
	if a.HouseNumber.IsValid() {
		p.HouseNumber = strOrNil(a.HouseNumber.String())
	}
	if a.Postcode.IsValid() {
		p.Postcode = strOrNil(a.Postcode.String())
	}
	for _, al := range a.Alleys {
		p.Alleys = append(p.Alleys, alleyJSON{Kind: alleyKind(al.Kind), Number: strOrNil(al.Number), Name: strOrNil(al.Name)})
	}
	for c, sp := range a.Spans {
		if sp.End > 0 { // a component not found has the zero span
			p.Spans[componentJSON[address.Component(c)]] = [2]int{sp.Start, sp.End}
		}
	}
	return p
}
