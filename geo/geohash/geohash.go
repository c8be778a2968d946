package geohash

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

const (
	alphabet = "0123456789bcdefghjkmnpqrstuvwxyz"
	// MaxPrecision is the longest hash this package makes or reads.
	MaxPrecision = 12
)

var decodeMap = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := range len(alphabet) {
		t[alphabet[i]] = int8(i)
		if c := alphabet[i]; c >= 'a' && c <= 'z' {
			t[c-0x20] = int8(i)
		}
	}
	return t
}()

// Errors. Every error from this package wraps one of them.
var (
	ErrInvalidCharacter  = errors.New("geohash: invalid character")
	ErrInvalidLength     = errors.New("geohash: invalid length")
	ErrInvalidCoordinate = errors.New("geohash: invalid coordinate")
)

// ParseError describes why a string is not a valid hash.
type ParseError struct {
	Input string
	Pos   int
	Err   error
	Msg   string
}

func (e *ParseError) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("%v: %q at byte %d: %s", e.Err, e.Input, e.Pos, e.Msg)
	}
	return fmt.Sprintf("%v: %q: %s", e.Err, e.Input, e.Msg)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Hash is a validated GeoHash in lower case. It is comparable; the zero
// value is invalid.
type Hash struct{ s string }

// Box is the cell of a hash in degrees, lower edges included.
type Box struct {
	MinLat, MinLng, MaxLat, MaxLng float64
}

// Center returns the centre of the box as an orb.Point (lon, lat).
func (b Box) Center() orb.Point {
	return orb.Point{(b.MinLng + b.MaxLng) / 2, (b.MinLat + b.MaxLat) / 2}
}

// Bound returns the box as an orb.Bound.
func (b Box) Bound() orb.Bound {
	return orb.Bound{Min: orb.Point{b.MinLng, b.MinLat}, Max: orb.Point{b.MaxLng, b.MaxLat}}
}

// Contains reports whether (lat, lng) lies in the box, lower edges included
// and upper edges excluded (the northern and eastern edges of the world
// included).
func (b Box) Contains(lat, lng float64) bool {
	return lat >= b.MinLat && (lat < b.MaxLat || b.MaxLat == 90 && lat == 90) &&
		lng >= b.MinLng && (lng < b.MaxLng || b.MaxLng == 180 && lng == 180)
}

// axisBits is the resolution per axis of a 12-character hash.
const axisBits = 30

// scale returns the index of the finest cell holding v in [lo, hi]. The
// index is checked against the very edges Decode computes (lo + u·cell,
// exact up to one rounding), so a point a hair below an edge is never
// rounded into the cell above it.
func scale(v, lo, hi float64) uint64 {
	const top = 1<<axisBits - 1
	cell := (hi - lo) / (1 << axisBits)
	u := min(uint64((v-lo)/cell), top)
	if u > 0 && v < lo+float64(u)*cell {
		u--
	} else if u < top && v >= lo+float64(u+1)*cell {
		u++
	}
	return u
}

// Encode returns the hash of (lat, lng) with precision characters (1-12).
func Encode(lat, lng float64, precision int) (Hash, error) {
	var buf [MaxPrecision]byte
	b, err := AppendEncode(buf[:0], lat, lng, precision)
	if err != nil {
		return Hash{}, err
	}
	return Hash{s: string(b)}, nil
}

// AppendEncode appends the hash of (lat, lng) to dst, allocating nothing
// when dst has room.
func AppendEncode(dst []byte, lat, lng float64, precision int) ([]byte, error) {
	if precision < 1 || precision > MaxPrecision {
		return dst, fmt.Errorf("%w: precision %d (want 1 to %d)", ErrInvalidLength, precision, MaxPrecision)
	}
	if !(lat >= -90 && lat <= 90) || !(lng >= -180 && lng <= 180) {
		return dst, fmt.Errorf("%w: (%v, %v)", ErrInvalidCoordinate, lat, lng)
	}
	la, lo := scale(lat, -90, 90), scale(lng, -180, 180)
	// Interleave: longitude bits on even positions (first), latitude odd.
	nbits := 5 * precision
	lngBits := (nbits + 1) / 2
	latBits := nbits / 2
	lo >>= axisBits - lngBits
	la >>= axisBits - latBits
	var v uint64
	for p := range nbits {
		if p%2 == 0 {
			lngBits--
			v = v<<1 | lo>>lngBits&1
		} else {
			latBits--
			v = v<<1 | la>>latBits&1
		}
	}
	for i := precision - 1; i >= 0; i-- {
		dst = append(dst, alphabet[v>>(5*i)&31])
	}
	return dst, nil
}

// Parse validates s (1-12 characters of the GeoHash alphabet, any case) and
// returns it in lower case.
func Parse(s string) (Hash, error) {
	if err := check(s); err != nil {
		return Hash{}, err
	}
	return Hash{s: strings.ToLower(s)}, nil
}

// MustParse is Parse that panics on error.
func MustParse(s string) Hash {
	h, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return h
}

func check(s string) error {
	if len(s) == 0 || len(s) > MaxPrecision {
		return &ParseError{Input: s, Pos: -1, Err: ErrInvalidLength, Msg: fmt.Sprintf("%d characters (want 1 to %d)", len(s), MaxPrecision)}
	}
	for i := 0; i < len(s); i++ {
		if decodeMap[s[i]] < 0 {
			msg := fmt.Sprintf("%q is not in the GeoHash alphabet", s[i])
			switch s[i] {
			case 'a', 'i', 'l', 'o', 'A', 'I', 'L', 'O':
				msg = fmt.Sprintf("letter %c is not in the GeoHash alphabet (it has no a, i, l or o)", s[i])
			}
			return &ParseError{Input: s, Pos: i, Err: ErrInvalidCharacter, Msg: msg}
		}
	}
	return nil
}

// Decode validates s and returns its cell, allocating nothing unless it
// fails.
func Decode(s string) (Box, error) {
	if err := check(s); err != nil {
		return Box{}, err
	}
	return decodeChecked(s), nil
}

func decodeChecked(s string) Box {
	var la, lo uint64
	var latBits, lngBits int
	even := true
	for i := 0; i < len(s); i++ {
		v := uint64(decodeMap[s[i]])
		for b := 4; b >= 0; b-- {
			bit := v >> b & 1
			if even {
				lo = lo<<1 | bit
				lngBits++
			} else {
				la = la<<1 | bit
				latBits++
			}
			even = !even
		}
	}
	latCell := 180 / math.Ldexp(1, latBits)
	lngCell := 360 / math.Ldexp(1, lngBits)
	return Box{
		MinLat: -90 + float64(la)*latCell,
		MaxLat: -90 + float64(la+1)*latCell,
		MinLng: -180 + float64(lo)*lngCell,
		MaxLng: -180 + float64(lo+1)*lngCell,
	}
}

// String returns the hash, or "" for the zero Hash.
func (h Hash) String() string { return h.s }

// IsValid reports whether h holds a hash.
func (h Hash) IsValid() bool { return h.s != "" }

// Precision returns the number of characters.
func (h Hash) Precision() int { return len(h.s) }

// Box returns the cell of h.
func (h Hash) Box() Box {
	if h.s == "" {
		return Box{}
	}
	return decodeChecked(h.s)
}

// AppendText appends the hash to b.
func (h Hash) AppendText(b []byte) ([]byte, error) { return append(b, h.s...), nil }

// MarshalText returns the hash; the zero Hash marshals as empty text.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.s), nil }

// UnmarshalText parses text; empty text gives the zero Hash.
func (h *Hash) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*h = Hash{}
		return nil
	}
	p, err := Parse(string(text))
	if err != nil {
		return err
	}
	*h = p
	return nil
}

// Direction names a neighbour.
type Direction int

const (
	North Direction = iota
	NorthEast
	East
	SouthEast
	South
	SouthWest
	West
	NorthWest
)

// Neighbor returns the adjacent cell of the same precision in direction d.
// Longitudes wrap round the antimeridian; there is no cell beyond a pole,
// and asking for one returns ok = false.
func (h Hash) Neighbor(d Direction) (Hash, bool) {
	if h.s == "" {
		return Hash{}, false
	}
	b := decodeChecked(h.s)
	dlat, dlng := b.MaxLat-b.MinLat, b.MaxLng-b.MinLng
	c := b.Center()
	lat, lng := c[1], c[0]
	switch d {
	case North, NorthEast, NorthWest:
		lat += dlat
	case South, SouthEast, SouthWest:
		lat -= dlat
	}
	switch d {
	case East, NorthEast, SouthEast:
		lng += dlng
	case West, NorthWest, SouthWest:
		lng -= dlng
	}
	if lat > 90 || lat < -90 {
		return Hash{}, false
	}
	if lng >= 180 {
		lng -= 360
	} else if lng < -180 {
		lng += 360
	}
	n, err := Encode(lat, lng, len(h.s))
	if err != nil {
		return Hash{}, false
	}
	return n, true
}

// Neighbors returns the eight adjacent cells in the order North, NorthEast,
// East, SouthEast, South, SouthWest, West, NorthWest; a missing cell (beyond
// a pole) is the zero Hash.
func (h Hash) Neighbors() [8]Hash {
	var out [8]Hash
	for d := North; d <= NorthWest; d++ {
		out[d], _ = h.Neighbor(d)
	}
	return out
}
