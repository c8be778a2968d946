package postal

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/geo/index"
)

// Errors of this package.
var (
	ErrSyntax       = errors.New("postal: not a postcode")
	ErrLegacyFormat = errors.New("postal: pre-2018 six-digit postcode")
	ErrUnknown      = errors.New("postal: unknown")
)

// ParseError describes a string that is not a postcode.
type ParseError struct {
	Input string
	Err   error
	Msg   string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%v: %q: %s", e.Err, e.Input, e.Msg) }
func (e *ParseError) Unwrap() error { return e.Err }

// Code is a 5-digit postcode. It is comparable; the zero value is invalid.
type Code struct{ v uint32 } // value + 1

// Parse reads a postcode: five digits, surrounding spaces allowed.
func Parse(s string) (Code, error) {
	t := strings.TrimSpace(s)
	n := uint32(0)
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return Code{}, &ParseError{Input: s, Err: ErrSyntax, Msg: fmt.Sprintf("%q at byte %d is not a digit", t[i], i)}
		}
		n = n*10 + uint32(t[i]-'0')
	}
	switch len(t) {
	case 5:
		return Code{v: n + 1}, nil
	case 6:
		return Code{}, &ParseError{Input: s, Err: ErrLegacyFormat, Msg: "six digits is the numbering replaced on 1 January 2018; look up its five-digit successor"}
	}
	return Code{}, &ParseError{Input: s, Err: ErrSyntax, Msg: fmt.Sprintf("%d digits, want 5", len(t))}
}

// MustParse is Parse that panics on error.
func MustParse(s string) Code {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

// IsValid reports whether c holds a postcode.
func (c Code) IsValid() bool { return c.v != 0 }

// String returns the five digits ("" for the zero Code).
func (c Code) String() string {
	if c.v == 0 {
		return ""
	}
	var b [8]byte
	return string(c.appendDigits(b[:0]))
}

// appendDigits appends the five digits of a valid c.
func (c Code) appendDigits(b []byte) []byte {
	n := c.v - 1
	var d [5]byte
	for i := 4; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:]...)
}

// Region returns the first digit (the postal region).
func (c Code) Region() int { return int(c.v-1) / 10000 }

// Prefix returns the first two digits, the (old) province part.
func (c Code) Prefix() string { return c.String()[:2] }

// AppendText appends the five digits.
func (c Code) AppendText(b []byte) ([]byte, error) {
	if c.v == 0 {
		return b, nil
	}
	return c.appendDigits(b), nil
}

// MarshalText returns the five digits.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText parses text; empty text gives the zero Code.
func (c *Code) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = Code{}
		return nil
	}
	p, err := Parse(string(text))
	if err != nil {
		return err
	}
	*c = p
	return nil
}

//go:embed data/postcodes.tsv
var tableData []byte

type tables struct {
	commune  map[admin.Code]Code
	prefixes map[admin.Code][]string // province (either version) -> prefixes
	byPrefix map[string][]admin.Code // prefix -> 2025 provinces
}

var load = sync.OnceValue(func() *tables {
	t := &tables{commune: map[admin.Code]Code{}, prefixes: map[admin.Code][]string{}, byPrefix: map[string][]admin.Code{}}
	sc := bufio.NewScanner(bytes.NewReader(tableData))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch f[0] {
		case "C":
			t.commune[admin.MustCode(admin.V2025, admin.Commune, f[1])] = MustParse(f[2])
		case "P2025", "PLEG":
			v := admin.V2025
			if f[0] == "PLEG" {
				v = admin.Legacy
			}
			p := admin.MustCode(v, admin.Province, f[1])
			t.prefixes[p] = strings.Split(f[2], ",")
			if v == admin.V2025 {
				for _, x := range t.prefixes[p] {
					t.byPrefix[x] = append(t.byPrefix[x], p)
				}
			}
		}
	}
	return t
})

// ForCommune returns the postcode of a 2025 commune, or of the successor
// of a legacy commune when it has exactly one (communes kept their codes).
func ForCommune(c admin.Code) (Code, error) {
	if c.Version() == admin.Legacy {
		conv, err := admin.Convert(c)
		if err != nil {
			return Code{}, err
		}
		if len(conv.To) != 1 {
			return Code{}, fmt.Errorf("%w: legacy commune %s was split among %d communes with their own postcodes", ErrUnknown, c, len(conv.To))
		}
		c = conv.To[0].Unit.Code
	}
	pc, ok := load().commune[c]
	if !ok {
		return Code{}, fmt.Errorf("%w: no postcode for %v commune %s", ErrUnknown, c.Version(), c)
	}
	return pc, nil
}

// Prefixes returns the two-digit prefixes of a province of either version.
func Prefixes(province admin.Code) []string {
	return slices.Clone(load().prefixes[province])
}

// Provinces returns the 2025 provinces whose postcodes start with the
// two-digit prefix of c (one, in the published table).
func Provinces(c Code) []admin.Code {
	return slices.Clone(load().byPrefix[c.Prefix()])
}

// Verdict is the outcome of a consistency check.
type Verdict uint8

const (
	// Match: the postcode is the commune's own.
	Match Verdict = iota + 1
	// SameProvince: the postcode belongs to the unit's province (a post
	// office or another object there), not to the commune itself.
	SameProvince
	// Mismatch: the postcode belongs to another province.
	Mismatch
)

func (v Verdict) String() string {
	return [...]string{"", "match", "same-province", "mismatch"}[min(int(v), 3)]
}

// Check compares a postcode with a unit of either version: a commune (its
// own code, else its province's prefixes) or a province (its prefixes).
func Check(pc Code, unit admin.Code) (Verdict, error) {
	if !pc.IsValid() {
		return 0, fmt.Errorf("%w: zero postcode", ErrSyntax)
	}
	d := admin.Load(unit.Version())
	if d == nil {
		return 0, fmt.Errorf("%w: unit %v", ErrUnknown, unit)
	}
	if unit.Level() == admin.Commune {
		if own, err := ForCommune(unit); err == nil && own == pc {
			return Match, nil
		} else if unit.Version() == admin.Legacy {
			// A split legacy commune: any successor's own code matches.
			if conv, err := admin.Convert(unit); err == nil {
				for _, s := range conv.To {
					if load().commune[s.Unit.Code] == pc {
						return Match, nil
					}
				}
			}
		}
	}
	prov, ok := d.Province(unit)
	if !ok {
		return 0, fmt.Errorf("%w: unit %v", ErrUnknown, unit)
	}
	if slices.Contains(load().prefixes[prov.Code], pc.Prefix()) {
		return SameProvince, nil
	}
	return Mismatch, nil
}

// NewZones indexes postal zone polygons (WGS84) with their postcodes, for
// [ZoneAt].
func NewZones(zones []index.Feature[Code]) (*index.PolygonIndex[Code], error) {
	return index.BuildPolygonIndex(zones)
}

// ZoneAt returns the postcode of the zone holding p (WGS84 lon, lat).
func ZoneAt(zones *index.PolygonIndex[Code], p orb.Point) (Code, bool) {
	return zones.Containing(p)
}
