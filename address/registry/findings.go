package registry

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/finding"
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

var csvHeader = []string{"layer", "record", "reason", "evidence", "suggested", "lon", "lat"}

// WriteCSV writes findings as CSV with a header row.
func WriteCSV(w io.Writer, fs []Finding) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	for _, f := range fs {
		lon, lat := "", ""
		if f.Point != (orb.Point{}) {
			lon = strconv.FormatFloat(f.Point[0], 'f', 7, 64)
			lat = strconv.FormatFloat(f.Point[1], 'f', 7, 64)
		}
		cw.Write([]string{f.Layer, f.Record, string(f.Reason), f.Evidence, f.Suggested, lon, lat})
	}
	cw.Flush()
	return cw.Error()
}

type jsonFinding struct {
	Layer     string         `json:"layer"`
	Record    string         `json:"record"`
	Reason    finding.Reason `json:"reason"`
	Evidence  string         `json:"evidence"`
	Suggested *string        `json:"suggested"`
	Point     *[2]float64    `json:"point"`
}

// WriteJSON writes findings as a JSON object: {"count": N, "by_reason":
// {...}, "findings": [...]}.
func WriteJSON(w io.Writer, fs []Finding) error {
	out := struct {
		Count    int                    `json:"count"`
		ByReason map[finding.Reason]int `json:"by_reason"`
		Findings []jsonFinding          `json:"findings"`
	}{Count: len(fs), ByReason: map[finding.Reason]int{}, Findings: make([]jsonFinding, 0, len(fs))}
	for _, f := range fs {
		out.ByReason[f.Reason]++
		j := jsonFinding{Layer: f.Layer, Record: f.Record, Reason: f.Reason, Evidence: f.Evidence}
		if f.Suggested != "" {
			s := f.Suggested
			j.Suggested = &s
		}
		if f.Point != (orb.Point{}) {
			j.Point = &[2]float64{f.Point[0], f.Point[1]}
		}
		out.Findings = append(out.Findings, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
