package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/postal"
)

// splitTail reads "commune, district, province" (fewer parts allowed,
// more: the last three).
func splitTail(s string) (commune, district, province string) {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) > 3 {
		parts = parts[len(parts)-3:]
	}
	switch len(parts) {
	case 3:
		return parts[0], parts[1], parts[2]
	case 2:
		return parts[0], "", parts[1]
	}
	return parts[0], "", ""
}

type jsonLegacy struct {
	Province *string `json:"province"`
	District *string `json:"district"`
	Commune  *string `json:"commune"`
}

type jsonCandidate struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Province string   `json:"province"`
	Share    *float64 `json:"share"`
}

type jsonConvert struct {
	Input        string          `json:"input"`
	Legacy       jsonLegacy      `json:"legacy"`
	Candidates   []jsonCandidate `json:"candidates"`
	Match        string          `json:"match"`
	Alternatives []jsonLegacy    `json:"alternatives,omitempty"`
}

func codeOrNil(u admin.Unit) *string {
	if !u.IsValid() {
		return nil
	}
	s := u.Code.String()
	return &s
}

func runAdmin(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintln(stderr, `usage: diachi admin convert < tails

Reads one legacy address tail per line ("Phường Phúc Xá, Quận Ba Đình, Hà Nội",
any spelling) and writes one JSON object per line: the legacy codes read,
every 2025 candidate, and how it matched (exact, tolerant, ambiguous,
suggested, unknown; an ambiguous line lists every legacy reading under
alternatives, a suggested one the readings a one-letter correction of a
name finds, to confirm: neither has candidates).
A line that is not valid UTF-8 or holds a control character is an error.

Exit status: 0 when every line was answered (unknown included), 1 when any
line failed (its output line says why) or the input could not be read or
the output written, 2 for a usage error.`)
	}
	if code, ok := subcommand("admin", "convert", args, usage, stderr); !ok {
		return code
	}
	if code, ok := noArgs("admin convert", args[1:], usage, stderr); !ok {
		return code
	}
	l := admin.Load(admin.Legacy)
	n := admin.Load(admin.V2025)
	return finish("admin convert", stdin, stdout, stderr, func(line, out []byte) ([]byte, error) {
		if err := checkText(line); err != nil {
			return out, err
		}
		in := string(line)
		c, d, p := splitTail(in)
		res := l.Resolve(c, d, p)
		if res.Status == admin.Unknown && d == "" {
			// "X, Province" may name a district (an island district has
			// no communes at all).
			if alt := l.Resolve("", c, p); alt.Status == admin.Resolved || alt.Status == admin.Tolerated {
				res = alt
			}
		}
		obj := jsonConvert{Input: in, Candidates: []jsonCandidate{}}
		obj.Legacy = jsonLegacy{codeOrNil(res.Province), codeOrNil(res.District), codeOrNil(res.Commune)}
		switch res.Status {
		case admin.Resolved:
			obj.Match = "exact"
		case admin.Tolerated:
			obj.Match = "tolerant"
		case admin.Ambiguous, admin.Suggested:
			obj.Match = res.Status.String()
			for _, a := range res.Alternatives {
				obj.Alternatives = append(obj.Alternatives, jsonLegacy{codeOrNil(a.Province), codeOrNil(a.District), codeOrNil(a.Commune)})
			}
		default:
			obj.Match = "unknown"
		}
		from := res.Commune
		if !from.IsValid() && res.District.IsValid() && len(l.Children(res.District.Code)) == 0 {
			from = res.District // an island district without communes
		}
		if from.IsValid() {
			conv, err := admin.Convert(from.Code)
			if err != nil {
				return out, err
			}
			for _, s := range conv.To {
				prov, _ := n.Province(s.Unit.Code)
				obj.Candidates = append(obj.Candidates, jsonCandidate{Code: s.Unit.Code.String(), Name: s.Unit.Name, Province: prov.Code.String(), Share: s.Share})
			}
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return out, err
		}
		return append(out, b...), nil
	})
}

// subcommand checks that args start with the one subcommand a command
// has. When they do not it prints the usage and returns the exit status
// with ok false: 0 for -h, 2 for a missing or unknown subcommand.
func subcommand(cmd, sub string, args []string, usage func(), stderr io.Writer) (code int, ok bool) {
	switch {
	case len(args) > 0 && args[0] == sub:
		return 0, true
	case len(args) > 0 && isHelp(args[0]):
		usage()
		return 0, false
	case len(args) > 0:
		fmt.Fprintf(stderr, "diachi %s: unknown subcommand %q\n", cmd, args[0])
	}
	usage()
	return 2, false
}

func runPostal(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintln(stderr, `usage: diachi postal check < lines

Reads "postcode commune-or-province" lines ("10000 Phường Hồng Hà, Hà Nội",
"26000 Bắc Ninh") and writes one JSON object per line: the unit read (2025
units first, legacy ones otherwise), its own postcode where it is a commune,
and the verdict: match, same-province, mismatch or unknown.

Exit status: 0 when every line was answered (unknown included), 1 when any
line failed (its output line says why) or the input could not be read or
the output written, 2 for a usage error.`)
	}
	if code, ok := subcommand("postal", "check", args, usage, stderr); !ok {
		return code
	}
	if code, ok := noArgs("postal check", args[1:], usage, stderr); !ok {
		return code
	}
	n := admin.Load(admin.V2025)
	l := admin.Load(admin.Legacy)
	type unitJSON struct {
		Code    string `json:"code"`
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	type result struct {
		Input    string    `json:"input"`
		Postcode string    `json:"postcode"`
		Unit     *unitJSON `json:"unit"`
		Own      *string   `json:"own_postcode"`
		Verdict  string    `json:"verdict"`
	}
	return finish("postal check", stdin, stdout, stderr, func(line, out []byte) ([]byte, error) {
		if err := checkText(line); err != nil {
			return out, err
		}
		in := string(line)
		pcText, place, _ := strings.Cut(in, " ")
		pc, err := postal.Parse(pcText)
		if err != nil {
			return out, err
		}
		r := result{Input: in, Postcode: pc.String(), Verdict: "unknown"}
		var unit admin.Unit
		c, d, p := splitTail(place)
		for _, ds := range []*admin.Dataset{n, l} {
			var res admin.Resolution
			if p == "" && d == "" {
				// One name: a province, else a commune anywhere.
				if cs := ds.Match(admin.Province, c, admin.Code{}); len(cs) == 1 {
					unit = cs[0].Unit
					break
				}
			}
			res = ds.Resolve(c, d, p)
			if res.Status == admin.Resolved || res.Status == admin.Tolerated {
				unit = res.Commune
				if !unit.IsValid() {
					unit = res.Province
				}
				break
			}
		}
		if unit.IsValid() {
			r.Unit = &unitJSON{unit.Code.String(), unit.Name, unit.Code.Version().String()}
			if own, err := postal.ForCommune(unit.Code); err == nil && unit.Code.Level() == admin.Commune {
				s := own.String()
				r.Own = &s
			}
			v, err := postal.Check(pc, unit.Code)
			if err != nil {
				return out, err
			}
			r.Verdict = v.String()
		}
		b, err := json.Marshal(r)
		if err != nil {
			return out, err
		}
		return append(out, b...), nil
	})
}
