package address

import (
	"fmt"
	"strings"

	"github.com/diachi-vn/diachi/geo/olc"
)

// Scheme names a kind of identifier, with the version of its format that
// this package validates. Schemes from outside diachi are treated as opaque
// foreign keys: only their format is checked, never their meaning.
type Scheme uint8

const (
	// SchemeDiachi: diachi's own [ID] (10 digits, Damm check digit).
	SchemeDiachi Scheme = iota + 1
	// SchemeVNPost: the national digital address platform's object ID
	// (Decision 1178/QĐ-BTTTT, 2021, run by VNPost): 10 digits, no public
	// check digit.
	SchemeVNPost
	// SchemeVpostcode: VNPost's Vpostcode (2020): a 5-digit postcode then a
	// 7-character position code on a 3 m grid in the Open Location Code
	// alphabet. The written separator is not published; a space or hyphen
	// between the two parts is accepted and dropped.
	SchemeVpostcode
	// SchemeMPSLocation: the Ministry of Public Security's location identity
	// (draft as of 2026): 12 digits, no public check digit.
	SchemeMPSLocation
	// SchemeParcel: the land parcel ID, a GeoHash-12 ([ParcelID]).
	SchemeParcel
)

var schemeNames = [...]string{
	SchemeDiachi:      "diachi-v1",
	SchemeVNPost:      "vnpost-2021",
	SchemeVpostcode:   "vpostcode-2020",
	SchemeMPSLocation: "mps-draft-2026",
	SchemeParcel:      "parcel-geohash12",
}

// String returns the scheme's versioned name, e.g. "vnpost-2021".
func (s Scheme) String() string {
	if s == 0 || int(s) >= len(schemeNames) {
		return fmt.Sprintf("scheme(%d)", uint8(s))
	}
	return schemeNames[s]
}

// Schemes lists every scheme, in order.
func Schemes() []Scheme {
	return []Scheme{SchemeDiachi, SchemeVNPost, SchemeVpostcode, SchemeMPSLocation, SchemeParcel}
}

// ParseScheme reads a scheme's versioned name.
func ParseScheme(name string) (Scheme, error) {
	for _, s := range Schemes() {
		if s.String() == name {
			return s, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown identifier scheme %q", ErrIDSyntax, name)
}

// ExternalID is an identifier typed by its scheme: a foreign key into
// another system, validated for format only. It is comparable; the zero
// value is invalid. Its text form is "<scheme>:<value>", e.g.
// "vnpost-2021:0123456789".
type ExternalID struct {
	scheme Scheme
	value  string // canonical form
}

// ParseExternalID validates s as an identifier of the given scheme and
// returns it in canonical form (separators dropped, full-width digits made
// ASCII, letters upper case for Vpostcode and lower case for parcel IDs).
func ParseExternalID(scheme Scheme, s string) (ExternalID, error) {
	v, err := canonical(scheme, s)
	if err != nil {
		return ExternalID{}, err
	}
	return ExternalID{scheme: scheme, value: v}, nil
}

func canonical(scheme Scheme, s string) (string, error) {
	switch scheme {
	case SchemeDiachi:
		id, err := ParseID(s)
		if err != nil {
			return "", err
		}
		return id.String(), nil
	case SchemeVNPost:
		return fixedDigits(s, 10)
	case SchemeMPSLocation:
		return fixedDigits(s, 12)
	case SchemeParcel:
		id, err := ParseParcelID(strings.TrimSpace(s))
		if err != nil {
			return "", err
		}
		return id.String(), nil
	case SchemeVpostcode:
		return vpostcode(s)
	}
	return "", fmt.Errorf("%w: unknown identifier scheme %d", ErrIDSyntax, scheme)
}

func fixedDigits(s string, n int) (string, error) {
	var d [16]byte
	got, err := digitsOf(s, d[:])
	if err != nil {
		return "", err
	}
	if got != n {
		return "", &IDError{Input: s, Pos: -1, Err: ErrIDSyntax, Msg: fmt.Sprintf("%d digits, want %d", got, n)}
	}
	return string(d[:n]), nil
}

func vpostcode(s string) (string, error) {
	t := strings.TrimSpace(s)
	if len(t) < 5 {
		return "", &IDError{Input: s, Pos: -1, Err: ErrIDSyntax, Msg: "too short for a postcode and a position code"}
	}
	post, err := fixedDigits(t[:5], 5)
	if err != nil {
		return "", &IDError{Input: s, Pos: -1, Err: ErrIDSyntax, Msg: "the first five characters are not a postcode"}
	}
	rest := t[5:]
	if len(rest) > 0 && (rest[0] == ' ' || rest[0] == '-') {
		rest = rest[1:]
	}
	if len(rest) != 7 {
		return "", &IDError{Input: s, Pos: -1, Err: ErrIDSyntax, Msg: fmt.Sprintf("position code of %d characters, want 7", len(rest))}
	}
	pos := strings.ToUpper(rest)
	for i := 0; i < len(pos); i++ {
		// The position code uses the Open Location Code alphabet.
		if !olc.IsDigit(pos[i]) {
			return "", &IDError{Input: s, Pos: len(s) - len(rest) + i, Err: ErrIDSyntax, Msg: fmt.Sprintf("%q is not in the position code alphabet", pos[i])}
		}
	}
	return post + pos, nil
}

// Scheme returns the identifier's scheme.
func (e ExternalID) Scheme() Scheme { return e.scheme }

// Value returns the canonical identifier without its scheme.
func (e ExternalID) Value() string { return e.value }

// IsValid reports whether e holds an identifier.
func (e ExternalID) IsValid() bool { return e.scheme != 0 }

// String returns "<scheme>:<value>".
func (e ExternalID) String() string {
	if !e.IsValid() {
		return ""
	}
	return e.scheme.String() + ":" + e.value
}

// AppendText appends the text form.
func (e ExternalID) AppendText(b []byte) ([]byte, error) { return append(b, e.String()...), nil }

// MarshalText returns the text form.
func (e ExternalID) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads "<scheme>:<value>"; empty text gives the zero value.
func (e *ExternalID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*e = ExternalID{}
		return nil
	}
	name, value, ok := strings.Cut(string(text), ":")
	if !ok {
		return fmt.Errorf("%w: %q has no scheme (want <scheme>:<value>)", ErrIDSyntax, text)
	}
	s, err := ParseScheme(name)
	if err != nil {
		return err
	}
	x, err := ParseExternalID(s, value)
	if err != nil {
		return err
	}
	*e = x
	return nil
}

// SchemesOf reports every scheme whose format s fits, in the order of
// [Schemes]: a 10-digit number is a VNPost ID and, if its check digit
// holds, a diachi ID; twelve digits are an MPS location ID and also a
// well-formed GeoHash-12. It never guesses one for the caller.
func SchemesOf(s string) []Scheme {
	var out []Scheme
	for _, sc := range Schemes() {
		if _, err := canonical(sc, s); err == nil {
			out = append(out, sc)
		}
	}
	return out
}
