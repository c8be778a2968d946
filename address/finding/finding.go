// Package finding is the vocabulary of the rules a record can break: one
// [Reason] code for each, shared by the audit of house numbers
// (address/numbering) and the validation of a whole registry
// (address/registry), so that a parity finding is the same value whether
// the audit of one street or the build of a town reports it.
//
// A Reason is a short snake_case code, stable across versions: it fills
// the column "reason" of the findings files and keys the counts by reason.
// [OK] is the verdict of an audit that found nothing. Each code's comment
// says what it means; the evidence (figures, names) travels with the
// finding that carries it, never in the code. [Reasons] lists every code
// in the order declared, and [Reason.Known] tells a code of the list from
// any other text.
//
// Which package checks which rule, and why, is in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#addressfinding
package finding

// Reason is the code of a finding: the rule a record breaks.
type Reason string

// The reasons. The audit of house numbers (address/numbering) gives OK,
// the house-number and street reasons; the registry gives all but OK.
const (
	// OK: an audit found nothing wrong.
	OK Reason = "ok"

	// Geometry and attributes that cannot be used.
	InvalidGeometry  Reason = "invalid_geometry"  // self-intersecting, too few vertices, out of range…
	BadAttribute     Reason = "bad_attribute"     // an attribute that is read is malformed
	BadCommune       Reason = "bad_commune"       // a commune code or name that is not a unit
	DuplicateParcel  Reason = "duplicate_parcel"  // two parcels with one key
	ParcelCommune    Reason = "parcel_commune"    // the parcel lies in another commune than its key says
	UnknownStreet    Reason = "unknown_street"    // a house, entrance or alley names a street that is not there
	NotNumbered      Reason = "not_numbered"      // no street within reach, or numbering refused it
	UnreadableNumber Reason = "unreadable_number" // a house or alley number as written is not one

	// House numbers: the audit of the numbers on the walls.
	Parity        Reason = "parity"         // an odd number on the right or an even one on the left
	Order         Reason = "order"          // the number breaks the increasing order of its side
	Duplicate     Reason = "duplicate"      // another house of the street has the same number
	AlleyMismatch Reason = "alley_mismatch" // an alley's number is not that of the house before its entrance
	Far           Reason = "far"            // the house is too far from its street for its side to say much
	OnCentreline  Reason = "on_centreline"  // on the centreline or between two carriageways: no side
	// Streets, by the same audit.
	LegacyDirection Reason = "legacy_direction" // numbers rise against the Circular's direction, kept
	Gap             Reason = "gap"              // neighbours on one side skip more numbers than allowed

	// Links and identifiers, by the registry.
	DuplicateAddress Reason = "duplicate_address" // the same full address on two houses
	OutsideParcel    Reason = "outside_parcel"    // the house is in no parcel
	ParcelMismatch   Reason = "parcel_mismatch"   // the house is in another parcel than the one it names
	CommuneMismatch  Reason = "commune_mismatch"  // the commune written in the address is not where the house is
	PostcodeMismatch Reason = "postcode_mismatch" // the postcode written is not the commune's
	BadID            Reason = "bad_id"            // an address ID that fails its check digit or syntax
	DuplicateID      Reason = "duplicate_id"      // one address ID on two houses
	BadExternalID    Reason = "bad_external_id"   // an external ID that does not fit its scheme
	BadParcelID      Reason = "bad_parcel_id"     // a parcel ID that is not a GeoHash-12, or one on two parcels

	// The input as read, before any record is: what reading a layer found.
	UnknownAttribute Reason = "unknown_attribute" // an attribute of a layer that is not read (kept as is): a name to map?
	MissingAttribute Reason = "missing_attribute" // an attribute the layer's schema reads that no record of the input has
	ConvertedText    Reason = "converted_text"    // text converted to Unicode from a legacy encoding (TCVN3, VNI, Windows-1258)
	DeletedRecord    Reason = "deleted_record"    // records their file flags deleted (a .dbf's '*'), not read
	EditedRecord     Reason = "edited_record"     // a record of a saved registry changed, added or deleted outside diachi since it was saved
)

var reasons = []Reason{OK,
	InvalidGeometry, BadAttribute, BadCommune, DuplicateParcel, ParcelCommune, UnknownStreet, NotNumbered, UnreadableNumber,
	Parity, Order, Duplicate, AlleyMismatch, Far, OnCentreline, LegacyDirection, Gap,
	DuplicateAddress, OutsideParcel, ParcelMismatch, CommuneMismatch, PostcodeMismatch, BadID, DuplicateID, BadExternalID, BadParcelID,
	UnknownAttribute, MissingAttribute, ConvertedText, DeletedRecord, EditedRecord,
}

// Reasons returns every reason, in the order declared.
func Reasons() []Reason {
	out := make([]Reason, len(reasons))
	copy(out, reasons)
	return out
}

// Known reports whether r is one of the reasons declared here.
func (r Reason) Known() bool {
	for _, k := range reasons {
		if k == r {
			return true
		}
	}
	return false
}
