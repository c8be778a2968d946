package olc

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

const (
	alphabet     = "23456789CFGHJMPQRVWX"
	separator    = '+'
	sepPos       = 8
	padding      = '0'
	pairLen      = 10 // digits encoded as lat/lng pairs
	maxDigits    = 15
	gridRows     = 5
	gridCols     = 4
	latPrecision = 25000000 // 20^3 · 5^5 units per degree
	lngPrecision = 8192000  // 20^3 · 4^5 units per degree
	latUnits     = 180 * latPrecision
	lngUnits     = 360 * lngPrecision
	maxLongitude = 1e9
)

// digitValue maps a byte to its alphabet index, or -1.
var digitValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := range len(alphabet) {
		t[alphabet[i]] = int8(i)
		t[alphabet[i]|0x20] = int8(i) // lower case
	}
	return t
}()

// Errors. Every error from this package wraps one of them.
var (
	ErrInvalidCharacter  = errors.New("olc: invalid character")
	ErrSeparator         = errors.New("olc: misplaced or missing separator")
	ErrPadding           = errors.New("olc: invalid padding")
	ErrInvalidLength     = errors.New("olc: invalid code length")
	ErrOutOfRange        = errors.New("olc: code outside the globe")
	ErrNotFull           = errors.New("olc: not a full code")
	ErrNotShort          = errors.New("olc: not a short code")
	ErrInvalidCoordinate = errors.New("olc: invalid coordinate")
	ErrCannotShorten     = errors.New("olc: code cannot be shortened")
)

// ParseError describes why a string is not a valid code.
type ParseError struct {
	Input string
	Pos   int   // byte offset of the problem, -1 if it is the whole code
	Err   error // the category sentinel
	Msg   string
}

func (e *ParseError) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("%v: %q at byte %d: %s", e.Err, e.Input, e.Pos, e.Msg)
	}
	return fmt.Sprintf("%v: %q: %s", e.Err, e.Input, e.Msg)
}

func (e *ParseError) Unwrap() error { return e.Err }

// check validates s and reports where the separator is and whether the
// code is padded. It allocates only to build an error.
func check(s string) (sep int, padded bool, err error) {
	fail := func(pos int, cat error, msg string) (int, bool, error) {
		return 0, false, &ParseError{Input: s, Pos: pos, Err: cat, Msg: msg}
	}
	sep = -1
	padStart, padEnd := -1, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == separator:
			if sep >= 0 {
				return fail(i, ErrSeparator, "more than one separator")
			}
			sep = i
		case c == padding:
			if sep >= 0 {
				return fail(i, ErrPadding, "padding after the separator")
			}
			if padStart < 0 {
				padStart = i
			} else if padEnd != i {
				return fail(i, ErrPadding, "padding is not contiguous")
			}
			padEnd = i + 1
		case digitValue[c] >= 0:
			if padStart >= 0 && sep < 0 {
				return fail(i, ErrPadding, "a digit after padding")
			}
		default:
			return fail(i, ErrInvalidCharacter, describe(s, i))
		}
	}
	switch {
	case len(s) == 0:
		return fail(-1, ErrInvalidLength, "empty")
	case sep < 0:
		return fail(-1, ErrSeparator, "no '+' separator")
	case sep > sepPos:
		return fail(sep, ErrSeparator, "separator after the eighth digit")
	case sep%2 == 1:
		return fail(sep, ErrSeparator, "separator at an odd position")
	case len(s)-sep-1 == 1:
		return fail(sep+1, ErrInvalidLength, "a single digit after the separator")
	}
	if padStart >= 0 {
		switch {
		case sep < sepPos:
			return fail(padStart, ErrPadding, "padding in a short code")
		case padStart == 0:
			return fail(0, ErrPadding, "the code starts with padding")
		case padStart%2 == 1:
			return fail(padStart, ErrPadding, "padding starts at an odd position")
		case len(s) > sep+1:
			return fail(sep+1, ErrPadding, "digits after the separator of a padded code")
		}
	}
	if sep == 0 && len(s) == 1 {
		return fail(-1, ErrInvalidLength, "only a separator")
	}
	return sep, padStart >= 0, nil
}

// describe names an invalid character, pointing out look-alikes.
func describe(s string, i int) string {
	switch c := s[i]; c {
	case 'O', 'o':
		return "letter O is not a Plus Code digit (not even for 0)"
	case 'I', 'i', 'L', 'l':
		return fmt.Sprintf("letter %c is not a Plus Code digit (not even for 1)", c)
	case '1':
		return "digit 1 is not a Plus Code digit"
	default:
		if c >= 0x80 {
			return "non-ASCII character"
		}
		return fmt.Sprintf("%q is not a Plus Code digit", c)
	}
}

// IsValid reports whether s is a valid full or short code.
func IsValid(s string) bool {
	_, _, err := check(s)
	return err == nil
}

// IsShort reports whether s is a valid short code (digits removed from the
// front, separator before position 8).
func IsShort(s string) bool {
	sep, _, err := check(s)
	return err == nil && sep < sepPos
}

// IsFull reports whether s is a valid full code that lies on the globe.
func IsFull(s string) bool {
	sep, _, err := check(s)
	return err == nil && sep == sepPos && onGlobe(s)
}

// onGlobe checks the first two digits of a full code: the first latitude
// digit must stay below 180° and the first longitude digit below 360°.
func onGlobe(s string) bool {
	return int(digitValue[s[0]])*20 < 180 && int(digitValue[s[1]])*20 < 360
}

// Code is a validated Plus Code, full or short, in canonical upper case. It
// is comparable and usable as a map key; the zero value is invalid.
type Code struct{ s string }

// Parse validates s and returns it as a Code in upper case.
func Parse(s string) (Code, error) {
	sep, _, err := check(s)
	if err != nil {
		return Code{}, err
	}
	if sep == sepPos && !onGlobe(s) {
		return Code{}, &ParseError{Input: s, Pos: 0, Err: ErrOutOfRange, Msg: "first digits beyond 90°N or 180°E"}
	}
	return Code{s: strings.ToUpper(s)}, nil
}

// MustParse is Parse that panics on error, for constants in programs and
// tests.
func MustParse(s string) Code {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns the code, or "" for the zero Code.
func (c Code) String() string { return c.s }

// IsValid reports whether c holds a code.
func (c Code) IsValid() bool { return c.s != "" }

// IsFull reports whether c is a full code.
func (c Code) IsFull() bool { return len(c.s) > sepPos && c.s[sepPos] == separator }

// IsShort reports whether c is a short code.
func (c Code) IsShort() bool { return c.s != "" && !c.IsFull() }

// IsPadded reports whether c has padding (a full code of fewer than 8
// digits).
func (c Code) IsPadded() bool { return strings.IndexByte(c.s, padding) >= 0 }

// Len returns the number of significant digits (padding and separator
// excluded).
func (c Code) Len() int {
	n := 0
	for i := range len(c.s) {
		if ch := c.s[i]; ch != separator && ch != padding {
			n++
		}
	}
	return n
}

// AppendText appends the code to b.
func (c Code) AppendText(b []byte) ([]byte, error) { return append(b, c.s...), nil }

// MarshalText returns the code; the zero Code marshals as empty text.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.s), nil }

// UnmarshalText parses text as a code; empty text gives the zero Code.
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

// Area is the rectangle a code stands for, in degrees, with the number of
// digits that defined it.
type Area struct {
	LatLo, LngLo, LatHi, LngHi float64
	Len                        int
}

// Center returns the centre of the area as an orb.Point (lon, lat), with
// the latitude capped at 90.
func (a Area) Center() orb.Point {
	return orb.Point{(a.LngLo + a.LngHi) / 2, math.Min((a.LatLo+a.LatHi)/2, 90)}
}

// Bound returns the area as an orb.Bound.
func (a Area) Bound() orb.Bound {
	return orb.Bound{Min: orb.Point{a.LngLo, a.LatLo}, Max: orb.Point{a.LngHi, a.LatHi}}
}

// Contains reports whether (lat, lng) lies in the area, lower edges
// included and upper edges excluded, as codes tile the globe.
func (a Area) Contains(lat, lng float64) bool {
	return lat >= a.LatLo && lat < a.LatHi && lng >= a.LngLo && lng < a.LngHi
}

// Decode returns the area of a full code.
func (c Code) Decode() (Area, error) {
	if !c.IsFull() {
		return Area{}, &ParseError{Input: c.s, Pos: -1, Err: ErrNotFull, Msg: "only full codes can be decoded"}
	}
	return decodeChecked(c.s), nil
}

// Decode validates a full code given as a string and returns its area,
// allocating nothing unless it fails.
func Decode(s string) (Area, error) {
	sep, _, err := check(s)
	if err != nil {
		return Area{}, err
	}
	if sep != sepPos {
		return Area{}, &ParseError{Input: s, Pos: -1, Err: ErrNotFull, Msg: "a short code needs a reference location (RecoverNearest)"}
	}
	if !onGlobe(s) {
		return Area{}, &ParseError{Input: s, Pos: 0, Err: ErrOutOfRange, Msg: "first digits beyond 90°N or 180°E"}
	}
	return decodeChecked(s), nil
}

// decodeChecked decodes a validated full code.
func decodeChecked(s string) Area {
	var lat, lng int64
	latPlace := int64(20 * latUnits / 180 * 20) // 400° in units: divided by 20 before the first pair
	lngPlace := int64(20 * lngUnits / 360 * 20)
	n := 0
	for i := 0; i < len(s) && n < maxDigits; i++ {
		c := s[i]
		if c == separator || c == padding {
			continue
		}
		v := int64(digitValue[c])
		switch {
		case n < pairLen && n%2 == 0:
			latPlace /= 20
			lat += v * latPlace
		case n < pairLen:
			lngPlace /= 20
			lng += v * lngPlace
		default:
			latPlace /= gridRows
			lngPlace /= gridCols
			lat += v / gridCols * latPlace
			lng += v % gridCols * lngPlace
		}
		n++
	}
	return Area{
		LatLo: float64(lat-90*latPrecision) / latPrecision,
		LngLo: float64(lng-180*lngPrecision) / lngPrecision,
		LatHi: float64(lat+latPlace-90*latPrecision) / latPrecision,
		LngHi: float64(lng+lngPlace-180*lngPrecision) / lngPrecision,
		Len:   n,
	}
}

// ToIntegers converts degrees to the integer grid of a 15-digit code:
// latitude in [0, 180·2.5·10⁷), longitude in [0, 360·8.192·10⁶).
func ToIntegers(lat, lng float64) (latVal, lngVal int64, err error) {
	if math.IsNaN(lat) || math.IsNaN(lng) || math.IsInf(lat, 0) || math.IsInf(lng, 0) {
		return 0, 0, fmt.Errorf("%w: (%v, %v) is not finite", ErrInvalidCoordinate, lat, lng)
	}
	if math.Abs(lng) > maxLongitude {
		return 0, 0, fmt.Errorf("%w: longitude %v beyond ±%g", ErrInvalidCoordinate, lng, float64(maxLongitude))
	}
	lat = math.Max(-90, math.Min(90, lat))
	latVal = gridFloor(lat*latPrecision) + 90*latPrecision
	latVal = max(0, min(latVal, latUnits-1))
	lngVal = (gridFloor(lng*lngPrecision) + 180*lngPrecision) % lngUnits
	if lngVal < 0 {
		lngVal += lngUnits
	}
	return latVal, lngVal, nil
}

// gridFloor is the floor of v after rounding it to six decimals: a product
// such as 129.7 × 8 192 000 that comes out a hair below a whole number in
// binary floating point counts as that whole number, as in the reference
// implementations; anything further below is floored.
func gridFloor(v float64) int64 {
	if c := math.Ceil(v); c-v <= 5e-7 {
		return int64(c)
	}
	return int64(math.Floor(v))
}

// Encode returns the code of (lat, lng) with length significant digits
// (2, 4, 6, 8, or 10 to 15; more is clipped to 15).
func Encode(lat, lng float64, length int) (Code, error) {
	var buf [maxDigits + 1]byte
	b, err := AppendEncode(buf[:0], lat, lng, length)
	if err != nil {
		return Code{}, err
	}
	return Code{s: string(b)}, nil
}

// AppendEncode appends the code of (lat, lng) to dst, allocating nothing
// when dst has room.
func AppendEncode(dst []byte, lat, lng float64, length int) ([]byte, error) {
	latVal, lngVal, err := ToIntegers(lat, lng)
	if err != nil {
		return dst, err
	}
	return AppendEncodeIntegers(dst, latVal, lngVal, length)
}

// AppendEncodeIntegers encodes positions already on the integer grid (see
// [ToIntegers]).
func AppendEncodeIntegers(dst []byte, latVal, lngVal int64, length int) ([]byte, error) {
	if length < 2 || (length < pairLen && length%2 == 1) {
		return dst, fmt.Errorf("%w: %d (want 2, 4, 6, 8 or 10 to 15)", ErrInvalidLength, length)
	}
	if latVal < 0 || latVal >= latUnits || lngVal < 0 || lngVal >= lngUnits {
		return dst, fmt.Errorf("%w: integer position (%d, %d) off the grid", ErrInvalidCoordinate, latVal, lngVal)
	}
	length = min(length, maxDigits)
	var d [maxDigits]byte
	if length > pairLen {
		for i := maxDigits - 1; i >= pairLen; i-- {
			d[i] = alphabet[latVal%gridRows*gridCols+lngVal%gridCols]
			latVal /= gridRows
			lngVal /= gridCols
		}
	} else {
		latVal /= 3125 // 5^5
		lngVal /= 1024 // 4^5
	}
	for i := pairLen/2 - 1; i >= 0; i-- {
		d[2*i] = alphabet[latVal%20]
		d[2*i+1] = alphabet[lngVal%20]
		latVal /= 20
		lngVal /= 20
	}
	if length < sepPos {
		dst = append(dst, d[:length]...)
		for range sepPos - length {
			dst = append(dst, padding)
		}
		return append(dst, separator), nil
	}
	dst = append(dst, d[:sepPos]...)
	dst = append(dst, separator)
	return append(dst, d[sepPos:length]...), nil
}

// pairResolution is the size in degrees of the cell of pair i (0-based).
var pairResolution = [5]float64{20, 1, 0.05, 0.0025, 0.000125}

// Shorten removes as many leading digits as a person near (lat, lng) can
// recover: 4, 6 or 8, when the reference lies within 0.3 cells of the code's
// centre at that level. It returns the code unchanged when nothing can be
// removed.
func (c Code) Shorten(lat, lng float64) (Code, error) {
	if !c.IsFull() {
		return Code{}, &ParseError{Input: c.s, Pos: -1, Err: ErrNotFull, Msg: "only full codes can be shortened"}
	}
	if c.IsPadded() {
		return Code{}, &ParseError{Input: c.s, Pos: -1, Err: ErrCannotShorten, Msg: "padded codes cannot be shortened"}
	}
	if math.IsNaN(lat) || math.IsNaN(lng) || math.IsInf(lat, 0) || math.IsInf(lng, 0) {
		return Code{}, fmt.Errorf("%w: reference (%v, %v) is not finite", ErrInvalidCoordinate, lat, lng)
	}
	a := decodeChecked(c.s)
	if a.Len < 6 {
		return Code{}, &ParseError{Input: c.s, Pos: -1, Err: ErrCannotShorten, Msg: "fewer than 6 digits"}
	}
	lat = math.Max(-90, math.Min(90, lat))
	lng = normalizeLng(lng)
	ctr := a.Center()
	rng := math.Max(math.Abs(ctr[1]-lat), math.Abs(ctr[0]-lng))
	for i := len(pairResolution) - 2; i >= 1; i-- {
		if rng < pairResolution[i]*0.3 {
			return Code{s: c.s[(i+1)*2:]}, nil
		}
	}
	return c, nil
}

func normalizeLng(lng float64) float64 {
	for lng < -180 {
		lng += 360
	}
	for lng >= 180 {
		lng -= 360
	}
	return lng
}

// RecoverNearest returns the full code nearest to the reference (lat, lng)
// whose trailing digits are the short code c. A full code is returned as it
// is.
func (c Code) RecoverNearest(lat, lng float64) (Code, error) {
	if !c.IsValid() {
		return Code{}, &ParseError{Input: c.s, Pos: -1, Err: ErrInvalidLength, Msg: "zero Code"}
	}
	if c.IsFull() {
		return c, nil
	}
	if math.IsNaN(lat) || math.IsNaN(lng) || math.IsInf(lat, 0) || math.IsInf(lng, 0) || math.Abs(lng) > maxLongitude {
		return Code{}, fmt.Errorf("%w: reference (%v, %v)", ErrInvalidCoordinate, lat, lng)
	}
	lat = math.Max(-90, math.Min(90, lat))
	lng = normalizeLng(lng)
	sep := strings.IndexByte(c.s, separator)
	padLen := sepPos - sep
	resolution := math.Pow(20, float64(2-padLen/2))
	half := resolution / 2
	var buf [2 * (maxDigits + 1)]byte
	ref, err := AppendEncode(buf[:0], lat, lng, pairLen)
	if err != nil {
		return Code{}, err
	}
	full := append(append(buf[len(ref):len(ref)], ref[:padLen]...), c.s...)
	a := decodeChecked(string(full))
	ctr := a.Center()
	clat, clng := (a.LatLo+a.LatHi)/2, ctr[0]
	if lat+half < clat && clat-resolution >= -90 {
		clat -= resolution
	} else if lat-half > clat && clat+resolution <= 90 {
		clat += resolution
	}
	if lng+half < clng {
		clng -= resolution
	} else if lng-half > clng {
		clng += resolution
	}
	return Encode(clat, clng, a.Len)
}

// IsDigit reports whether c is one of the 20 digits of the Plus Code
// alphabet (either case); padding '0' and the separator are not digits.
func IsDigit(c byte) bool { return digitValue[c] >= 0 }
