package registry

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/geo/crs"
)

// Finding is one rule broken by one record, with the evidence.
type Finding struct {
	Layer  string // the source layer: buildings, parcels, streets…
	Record string // the record's id (building or street id, parcel key)
	Index  int    // position in its layer (HouseAt(Index) is a building's house, StreetAt and ParcelAt likewise)
	Reason finding.Reason
	// Evidence says what was found, in words, with the figures.
	Evidence string
	// Suggested is a value that would fix it, when there is one (a
	// number, a commune, a postcode).
	Suggested string
	Point     orb.Point // where (WGS84); zero when unknown
}

// findingRow is a finding as the findings files give it: the finding,
// what its reason means, the record's current number and address, and
// where it is in the registry's CRS as well as in WGS84.
type findingRow struct {
	f           *Finding
	severity    string
	description string
	number      string // the house's (or alley's) current number
	address     string // the house's full address, 2025 units
	x, y        string // in the registry's CRS: metres to the centimetre, or degrees
	lon, lat    string // WGS84, 7 decimals (about a centimetre)
}

// findingRows gives each finding of the registry its row, in order.
func (r *Registry) findingRows(lang finding.Lang) func(yield func(findingRow) bool) {
	return func(yield func(findingRow) bool) {
		var (
			back      *crs.Transformer
			projected bool
		)
		if c := r.sourceCRS; c != 0 && c != crs.WGS84 {
			if info, err := crs.Lookup(c); err == nil {
				projected = info.Kind() == crs.Projected
				back, _ = crs.NewTransformer(crs.WGS84, c)
			}
		}
		fs := r.allFindings()
		for i := range fs {
			f := &fs[i]
			row := findingRow{f: f, severity: f.Reason.Severity().String(), description: f.Reason.Describe(lang)}
			switch f.Layer {
			case LayerBuildings:
				if h, ok := r.House(HouseAt(f.Index)); ok {
					if _, numbered := h.Street(); numbered {
						row.number = h.Number.String()
						row.address = address.Format(r.Address(h), address.Official)
					}
				}
			case LayerStreets:
				if s, ok := get(r.streets, int32(f.Index+1)); ok && s.Number.IsValid() {
					row.number = s.Number.String()
				}
			}
			if p := f.Point; p != (orb.Point{}) {
				row.lon = strconv.FormatFloat(p[0], 'f', 7, 64)
				row.lat = strconv.FormatFloat(p[1], 'f', 7, 64)
				row.x, row.y = row.lon, row.lat
				if back != nil {
					a, b, err := back.Transform(p[1], p[0])
					switch {
					case err != nil:
						row.x, row.y = "", ""
					case projected:
						row.x, row.y = strconv.FormatFloat(a, 'f', 2, 64), strconv.FormatFloat(b, 'f', 2, 64)
					default: // geographic: latitude, longitude
						row.x, row.y = strconv.FormatFloat(b, 'f', 7, 64), strconv.FormatFloat(a, 'f', 7, 64)
					}
				}
			}
			if !yield(row) {
				return
			}
		}
	}
}

var csvHeader = []string{"layer", "record", "reason", "severity", "description", "number", "address", "x", "y", "lon", "lat", "evidence", "suggested"}

// WriteFindingsCSV writes the findings as CSV with a header row: layer,
// record, reason (the code), severity (error, warning, info), description
// (what the reason means, in lang), number and address (the house's
// current number and full address, or an alley's number), x and y (in
// the registry's CRS: VN-2000 metres to the centimetre, or degrees), lon
// and lat (WGS84), evidence and suggested.
func (r *Registry) WriteFindingsCSV(w io.Writer, lang finding.Lang) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	for row := range r.findingRows(lang) {
		f := row.f
		cw.Write([]string{f.Layer, f.Record, string(f.Reason), row.severity, row.description, row.number, row.address,
			row.x, row.y, row.lon, row.lat, f.Evidence, f.Suggested})
	}
	cw.Flush()
	return cw.Error()
}

type jsonFinding struct {
	Layer       string          `json:"layer"`
	Record      string          `json:"record"`
	Reason      finding.Reason  `json:"reason"`
	Severity    string          `json:"severity"`
	Description string          `json:"description"`
	Number      *string         `json:"number"`
	Address     *string         `json:"address"`
	Evidence    string          `json:"evidence"`
	Suggested   *string         `json:"suggested"`
	XY          *[2]json.Number `json:"xy"`
	Point       *[2]json.Number `json:"point"`
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// WriteFindingsJSON writes the findings as a JSON object: {"count": N,
// "by_reason": {...}, "by_severity": {...}, "findings": [...]}, each
// finding with the fields of WriteFindingsCSV ("xy" in the registry's
// CRS, "point" as [lon, lat]).
func (r *Registry) WriteFindingsJSON(w io.Writer, lang finding.Lang) error {
	out := struct {
		Count      int                    `json:"count"`
		ByReason   map[finding.Reason]int `json:"by_reason"`
		BySeverity map[string]int         `json:"by_severity"`
		Findings   []jsonFinding          `json:"findings"`
	}{Count: len(r.allFindings()), ByReason: map[finding.Reason]int{}, BySeverity: map[string]int{}, Findings: make([]jsonFinding, 0, len(r.allFindings()))}
	for row := range r.findingRows(lang) {
		f := row.f
		out.ByReason[f.Reason]++
		out.BySeverity[row.severity]++
		j := jsonFinding{Layer: f.Layer, Record: f.Record, Reason: f.Reason, Severity: row.severity, Description: row.description,
			Number: orNull(row.number), Address: orNull(row.address), Evidence: f.Evidence, Suggested: orNull(f.Suggested)}
		if row.x != "" {
			j.XY = &[2]json.Number{json.Number(row.x), json.Number(row.y)}
		}
		if row.lon != "" {
			j.Point = &[2]json.Number{json.Number(row.lon), json.Number(row.lat)}
		}
		out.Findings = append(out.Findings, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
