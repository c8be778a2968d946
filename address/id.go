package address

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The Damm algorithm's operation table: a totally anti-symmetric
// quasigroup of order 10 (H. M. Damm, 2004). Processing the digits of a
// number through it ends in 0 exactly when the check digit is right; every
// single-digit substitution and every transposition of adjacent digits
// changes the end state (see TestDammDetects, which checks both properties
// of this table exhaustively).
var damm = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

// DammCheckDigit returns the Damm check digit ('0'-'9') of a string of
// ASCII decimal digits.
func DammCheckDigit(digits string) (byte, error) {
	var state byte
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, &IDError{Input: digits, Pos: i, Err: ErrIDSyntax, Msg: fmt.Sprintf("%q is not a decimal digit", c)}
		}
		state = damm[state][c-'0']
	}
	return '0' + state, nil
}

// Errors about identifiers.
var (
	// ErrIDSyntax: wrong characters or wrong number of digits.
	ErrIDSyntax = errors.New("address: malformed identifier")
	// ErrCheckDigit: the digits are well formed but the check digit is
	// wrong (a mistyped or misread digit, or two digits swapped).
	ErrCheckDigit = errors.New("address: wrong check digit")
	// ErrExhausted: an allocator has issued every ID of its partition.
	ErrExhausted = errors.New("address: identifier space exhausted")
)

// IDError describes why a string is not a valid identifier.
type IDError struct {
	Input string
	Pos   int // byte offset of the problem in Input, -1 for the whole
	Err   error
	Msg   string
}

func (e *IDError) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("%v: %q at byte %d: %s", e.Err, e.Input, e.Pos, e.Msg)
	}
	return fmt.Sprintf("%v: %q: %s", e.Err, e.Input, e.Msg)
}

func (e *IDError) Unwrap() error { return e.Err }

const (
	// IDPayloadDigits is the number of payload digits of an [ID].
	IDPayloadDigits = 9
	// IDPayloads is the number of distinct payloads (10⁹).
	IDPayloads = 1_000_000_000
)

// ID is diachi's own digital address identifier: ten decimal digits, nine
// of payload followed by a Damm check digit, written "123 456 7890" for
// reading aloud. It is comparable and usable as a map key; the zero value is
// invalid.
type ID struct {
	v uint64 // the 10-digit number + 1, so that the zero ID is invalid
}

// NewID returns the ID of a payload in [0, 10⁹).
func NewID(payload uint32) (ID, error) {
	if payload >= IDPayloads {
		return ID{}, fmt.Errorf("%w: payload %d has more than %d digits", ErrIDSyntax, payload, IDPayloadDigits)
	}
	var buf [IDPayloadDigits]byte
	p := payload
	for i := IDPayloadDigits - 1; i >= 0; i-- {
		buf[i] = '0' + byte(p%10)
		p /= 10
	}
	var state byte
	for _, c := range buf {
		state = damm[state][c-'0']
	}
	return ID{v: uint64(payload)*10 + uint64(state) + 1}, nil
}

// digitsOf extracts decimal digits from s, tolerating the separators
// people and forms put in identifiers (spaces, no-break and thin spaces,
// hyphens and dashes, dots) and full-width digits; any other character is
// an error naming its byte offset. It writes the digits to dst and returns
// how many there were (counting past len(dst)).
func digitsOf(s string, dst []byte) (int, error) {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var d byte
		switch {
		case r >= '0' && r <= '9':
			d = byte(r - '0')
		case r >= '０' && r <= '９': // full-width digits
			d = byte(r - '０')
		case r == ' ' || r == '-' || r == '.' || r == '\t' || r == '\u00a0' || r == '\u2009' ||
			r == '\u202f' || r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014' || r == '\u2212':
			i += size
			continue
		default:
			msg := fmt.Sprintf("%q is not a digit or a separator", r)
			if r == utf8.RuneError && size == 1 {
				msg = "invalid UTF-8"
			}
			return n, &IDError{Input: s, Pos: i, Err: ErrIDSyntax, Msg: msg}
		}
		if n < len(dst) {
			dst[n] = '0' + d
		}
		n++
		i += size
	}
	return n, nil
}

// ParseID reads an ID written with or without separators ("1234567890",
// "123 456 7890", "123-456-7890", full-width digits) and verifies its check
// digit. It never corrects a digit: a wrong check digit is [ErrCheckDigit].
func ParseID(s string) (ID, error) {
	var d [IDPayloadDigits + 1]byte
	n, err := digitsOf(s, d[:])
	if err != nil {
		return ID{}, err
	}
	if n != len(d) {
		return ID{}, &IDError{Input: s, Pos: -1, Err: ErrIDSyntax, Msg: fmt.Sprintf("%d digits, want %d", n, len(d))}
	}
	var state byte
	var v uint64
	for _, c := range d {
		state = damm[state][c-'0']
		v = v*10 + uint64(c-'0')
	}
	if state != 0 {
		return ID{}, &IDError{Input: s, Pos: -1, Err: ErrCheckDigit, Msg: "a digit is wrong or two digits are swapped"}
	}
	return ID{v: v + 1}, nil
}

// MustParseID is ParseID that panics on error.
func MustParseID(s string) ID {
	id, err := ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// IsValid reports whether id holds an identifier.
func (id ID) IsValid() bool { return id.v != 0 }

// Payload returns the nine payload digits as a number.
func (id ID) Payload() uint32 { return uint32((id.v - 1) / 10) }

// AppendText appends the ten digits, without separators (empty for the
// zero ID).
func (id ID) AppendText(b []byte) ([]byte, error) {
	if id.v == 0 {
		return b, nil
	}
	var buf [20]byte
	s := strconv.AppendUint(buf[:0], id.v-1, 10)
	for range 10 - len(s) {
		b = append(b, '0')
	}
	return append(b, s...), nil
}

// String returns the ten digits without separators, the canonical form for
// storage and exchange ("" for the zero ID).
func (id ID) String() string {
	b, _ := id.AppendText(make([]byte, 0, 10))
	return string(b)
}

// Grouped returns the ID in groups for reading aloud and printing on a
// plate: "123 456 7890".
func (id ID) Grouped() string {
	if id.v == 0 {
		return ""
	}
	s := id.String()
	return s[:3] + " " + s[3:6] + " " + s[6:]
}

// MarshalText returns the canonical ten digits.
func (id ID) MarshalText() ([]byte, error) { return id.AppendText(nil) }

// UnmarshalText parses text with [ParseID]; empty text gives the zero ID.
func (id *ID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*id = ID{}
		return nil
	}
	p, err := ParseID(string(text))
	if err != nil {
		return err
	}
	*id = p
	return nil
}
