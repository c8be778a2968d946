package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

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
	address.CompProvince: "province", address.CompPostcode: "postcode", address.CompCountry: "country",
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
(empty, invalid UTF-8, a control character, too long), 2 for a usage error.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
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
		p := parsedJSON{Input: string(line), Place: strOrNil(a.Place),
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
		b, err := json.Marshal(p)
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
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: diachi format [--style official|legacy|southern|ascii|label] < parsed.jsonl

Reads the JSON objects diachi parse writes and writes each address in the
style: one line of text, or for label a JSON array of the label's lines.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	styles := map[string]address.Style{"official": address.Official, "legacy": address.Legacy, "southern": address.Southern, "ascii": address.ASCII, "label": 0}
	st, ok := styles[*style]
	if !ok {
		fmt.Fprintf(stderr, "diachi format: unknown style %q\n", *style)
		return 2
	}
	return finish("format", stdin, stdout, stderr, func(line, out []byte) ([]byte, error) {
		var p parsedJSON
		if err := json.Unmarshal(line, &p); err != nil {
			return out, fmt.Errorf("not a parse object: %v", err)
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
		return append(out, address.Format(a, st)...), nil
	})
}

// fromJSON rebuilds an Address from parse output; units are looked up by
// code and version (their names are not trusted).
func fromJSON(p parsedJSON) (address.Address, error) {
	var a address.Address
	var err error
	if p.HouseNumber != nil {
		if a.HouseNumber, err = address.ParseHouseNumber(*p.HouseNumber); err != nil {
			return a, err
		}
	}
	for _, al := range p.Alleys {
		kinds := map[string]address.AlleyKind{"ngõ": address.Ngo, "ngách": address.Ngach, "hẻm": address.Hem, "kiệt": address.Kiet, "slash": address.Slash}
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
	for _, u := range []struct {
		j     *unitJSON
		level admin.Level
		dst   *admin.Unit
	}{{p.Commune, admin.Commune, &a.Commune}, {p.District, admin.District, &a.District}, {p.Province, admin.Province, &a.Province}} {
		if u.j == nil {
			continue
		}
		v := admin.V2025
		if u.j.Version == "legacy" {
			v = admin.Legacy
		}
		unit, err := admin.Load(v).Lookup(u.level, u.j.Code)
		if err != nil {
			return a, err
		}
		*u.dst = unit
		a.Version = v
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
