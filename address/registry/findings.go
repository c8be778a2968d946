package registry

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/paulmach/orb"
)

// Reason is the code of a finding.
type Reason string

// Reasons. Numbering reasons (parity, order, duplicate, gap, alley
// number, legacy direction, far) are those of address/numbering's audit.
const (
	// Geometry and attributes that cannot be used.
	InvalidGeometry  Reason = "invalid_geometry"  // self-intersecting, too few vertices, out of range…
	BadAttribute     Reason = "bad_attribute"     // an attribute the registry reads is malformed
	BadCommune       Reason = "bad_commune"       // a commune code or name that is not a unit
	DuplicateParcel  Reason = "duplicate_parcel"  // two parcels with one key
	ParcelCommune    Reason = "parcel_commune"    // the parcel lies in another commune than its key says
	UnknownStreet    Reason = "unknown_street"    // an entrance or building names a street that is not there
	NotNumbered      Reason = "not_numbered"      // no street within reach, or numbering refused it
	UnreadableNumber Reason = "unreadable_number" // the existing number cannot be read
	// House numbers (from the audit of existing numbers).
	Parity           Reason = "parity"
	Order            Reason = "order"
	Duplicate        Reason = "duplicate"
	Gap              Reason = "gap"
	AlleyMismatch    Reason = "alley_mismatch"
	LegacyDirection  Reason = "legacy_direction"
	FarFromStreet    Reason = "far"
	DuplicateAddress Reason = "duplicate_address" // the same full address on two houses
	// Links.
	OutsideParcel    Reason = "outside_parcel"    // the house is in no parcel
	ParcelMismatch   Reason = "parcel_mismatch"   // the house is in another parcel than the one it names
	CommuneMismatch  Reason = "commune_mismatch"  // the commune written in the address is not where the house is
	PostcodeMismatch Reason = "postcode_mismatch" // the postcode written is not the commune's
	BadID            Reason = "bad_id"            // an address ID that fails its check digit or syntax
	DuplicateID      Reason = "duplicate_id"      // one address ID on two houses
	BadExternalID    Reason = "bad_external_id"   // an external ID that does not fit its scheme
	BadParcelID      Reason = "bad_parcel_id"     // a stored parcel ID that is not a GeoHash-12
)

// Finding is one rule broken by one record, with the evidence.
type Finding struct {
	Layer  string // the source layer: buildings, parcels, streets…
	Record string // the record's id (building or street id, parcel key)
	Index  int    // position in its layer
	Reason Reason
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
	Layer     string      `json:"layer"`
	Record    string      `json:"record"`
	Reason    Reason      `json:"reason"`
	Evidence  string      `json:"evidence"`
	Suggested *string     `json:"suggested"`
	Point     *[2]float64 `json:"point"`
}

// WriteJSON writes findings as a JSON object: {"count": N, "by_reason":
// {...}, "findings": [...]}.
func WriteJSON(w io.Writer, fs []Finding) error {
	out := struct {
		Count    int            `json:"count"`
		ByReason map[Reason]int `json:"by_reason"`
		Findings []jsonFinding  `json:"findings"`
	}{Count: len(fs), ByReason: map[Reason]int{}, Findings: make([]jsonFinding, 0, len(fs))}
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
