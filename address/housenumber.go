package address

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrHouseNumber is wrapped by every error about a house number.
var ErrHouseNumber = errors.New("address: invalid house number")

// HouseNumberError describes why a string is not a house number.
type HouseNumberError struct {
	Input string
	Pos   int // byte offset of the problem, -1 for the whole
	Msg   string
}

func (e *HouseNumberError) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("%v: %q at byte %d: %s", ErrHouseNumber, e.Input, e.Pos, e.Msg)
	}
	return fmt.Sprintf("%v: %q: %s", ErrHouseNumber, e.Input, e.Msg)
}

func (e *HouseNumberError) Unwrap() error { return ErrHouseNumber }

// Limits of a house number; anything beyond is an error, not truncated.
const (
	maxHouseNumber = 99999
	maxSuffix      = 3  // letters after a number: 12A, 41/9D, 20AB
	maxPrefix      = 16 // street abbreviation of a housing group: BL.A-10
	maxAlleys      = 6  // slash chains of up to 7 numbers
	maxHouseText   = 64
)

// HouseNumber is a house number as written on a plate: 12, 12A, 12-1,
// 15bis, a southern slash chain 130/20/2 (house 2 in sub-alley 20 of
// alley 130), a house of a housing group A10 or BL.A-10, or a range
// 176-181 seen in the wild. It is a comparable value; the zero value is
// invalid.
//
// Decisions:
//   - Letters after a number are one suffix in upper case (12a is 12A);
//     "bis" and "ter" are suffixes of their own, written without a space
//     (15 Bis is 15bis).
//   - "a-b" is an infill sub-number when b is smaller than a (20-1, 20-2)
//     and a range when b is larger (176-181): the Circular numbers infill
//     after the smaller neighbour, so its sub-numbers start at 1. A form
//     such as 2-3 is therefore read as a range; write the sub-number of
//     house 2 as 2-1, 2-2 where that is meant.
//   - Along a street, numbers sort as 12 < 12bis < 12ter < 12A < 12B <
//     12-1 < 12-2 < 13 (see [HouseNumber.Compare]); a range sorts at its
//     first number; houses of an alley chain sort by their chain.
type HouseNumber struct {
	// s holds the text parts one after another, each canonical: the alley
	// chain before the house ("130/20"), the street abbreviation of a
	// housing group ("BL"), the group letter(s) ("A") and the suffix ("",
	// "A".."ZZZ", "bis", "ter"); na, np and ng are the lengths of the
	// first three. One string keeps a house number at 32 bytes (a registry
	// holds millions) and equal numbers equal under ==.
	s          string
	num        uint32 // the number + 1; 0 = invalid
	sub        uint32 // 20-1 -> 1
	to         uint32 // range end; 0 = not a range
	na, np, ng uint8
}

func (h HouseNumber) alleys() string { return h.s[:h.na] }
func (h HouseNumber) prefix() string { return h.s[h.na : h.na+h.np] }
func (h HouseNumber) group() string  { return h.s[h.na+h.np : h.na+h.np+h.ng] }
func (h HouseNumber) suffix() string { return h.s[int(h.na)+int(h.np)+int(h.ng):] }

// setText sets the text parts (each at most 255 bytes; the parsers and
// makers keep them far shorter). A single part is kept as given, without
// a copy.
func (h *HouseNumber) setText(alleys, prefix, group, suffix string) {
	h.na, h.np, h.ng = uint8(len(alleys)), uint8(len(prefix)), uint8(len(group))
	switch {
	case prefix == "" && group == "" && suffix == "":
		h.s = alleys
	case alleys == "" && prefix == "" && group == "":
		h.s = suffix
	default:
		h.s = alleys + prefix + group + suffix
	}
}

// ParseHouseNumber reads a house number in any of the forms of
// [HouseNumber] (surrounding spaces allowed; letters in either case).
func ParseHouseNumber(s string) (HouseNumber, error) {
	fail := func(pos int, format string, a ...any) (HouseNumber, error) {
		return HouseNumber{}, &HouseNumberError{Input: s, Pos: pos, Msg: fmt.Sprintf(format, a...)}
	}
	// The common case: a plain number.
	if n := len(s); n > 0 && n <= 5 && s[0] != '0' {
		v := uint32(0)
		plain := true
		for i := 0; i < n; i++ {
			if s[i] < '0' || s[i] > '9' {
				plain = false
				break
			}
			v = v*10 + uint32(s[i]-'0')
		}
		if plain {
			return HouseNumber{num: v + 1}, nil
		}
	}
	t := strings.TrimSpace(s)
	off := strings.Index(s, t) // offset of t in s, for positions
	if t == "" {
		return fail(-1, "empty")
	}
	if len(t) > maxHouseText {
		return fail(-1, "longer than %d bytes", maxHouseText)
	}
	var h HouseNumber
	// A housing group: letters, optionally a street abbreviation and a dot
	// (BL.A-10), then the house number (A10, A-10).
	if isLetter(t[0]) {
		i := 0
		for i < len(t) && isLetter(t[i]) {
			i++
		}
		letters := strings.ToUpper(t[:i])
		prefix := ""
		if i < len(t) && t[i] == '.' {
			prefix = letters
			i++
			j := i
			for i < len(t) && isLetter(t[i]) {
				i++
			}
			if i == j {
				return fail(off+j, "a housing group letter must follow %q", letters+".")
			}
			letters = strings.ToUpper(t[j:i])
		}
		if len(letters) > maxSuffix {
			return fail(off, "%q is not a housing group", letters)
		}
		if len(prefix) > maxPrefix {
			return fail(off, "%q is not a street abbreviation", prefix)
		}
		if i < len(t) && t[i] == '-' {
			i++
		}
		if i == len(t) || !isDigit(t[i]) {
			return fail(off+i, "a number must follow the housing group")
		}
		rest, err := parseSegment(t[i:], s, off+i, &h, true)
		if err != nil {
			return HouseNumber{}, err
		}
		if rest != "" {
			return fail(off+len(t)-len(rest), "unexpected %q", rest)
		}
		h.setText("", prefix, letters, h.suffix())
		return h, nil
	}
	// A number, or a slash chain of numbers.
	levels := strings.Count(t, "/")
	if levels > maxAlleys {
		return fail(-1, "more than %d alley levels", maxAlleys)
	}
	pos := off
	var cb [64]byte
	chain := cb[:0] // the alleys, canonical, '/'-separated
	for k := 0; k <= levels; k++ {
		seg, next, _ := strings.Cut(t, "/")
		t = next
		last := k == levels
		var cur HouseNumber
		rest, err := parseSegment(seg, s, pos, &cur, last)
		if err != nil {
			return HouseNumber{}, err
		}
		if rest != "" {
			return fail(pos+len(seg)-len(rest), "unexpected %q", rest)
		}
		if last {
			if len(chain) > 0 {
				cur.setText(string(chain), "", "", cur.suffix())
			}
			h = cur
		} else {
			if len(chain) > 0 {
				chain = append(chain, '/')
			}
			chain, _ = cur.AppendText(chain)
		}
		pos += len(seg) + 1
	}
	return h, nil
}

// MustParseHouseNumber is ParseHouseNumber that panics on error.
func MustParseHouseNumber(s string) HouseNumber {
	h, err := ParseHouseNumber(s)
	if err != nil {
		panic(err)
	}
	return h
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// parseSegment reads "number[suffix][-number]" at the start of seg into h
// and returns what follows. Sub-numbers and ranges are allowed only on the
// house itself (last).
func parseSegment(seg, input string, pos int, h *HouseNumber, last bool) (string, error) {
	fail := func(at int, format string, a ...any) (string, error) {
		return "", &HouseNumberError{Input: input, Pos: at, Msg: fmt.Sprintf(format, a...)}
	}
	n, i, err := number(seg, input, pos)
	if err != nil {
		return "", err
	}
	h.num = uint32(n) + 1
	// Suffix: letters directly after the number, or " bis"/" ter".
	j := i
	for j < len(seg) && isLetter(seg[j]) {
		j++
	}
	word := strings.ToLower(seg[i:j])
	if j == i && i < len(seg) && seg[i] == ' ' {
		k := i + 1
		for k < len(seg) && isLetter(seg[k]) {
			k++
		}
		if w := strings.ToLower(seg[i+1 : k]); w == "bis" || w == "ter" {
			word, j = w, k
		}
	}
	switch {
	case word == "bis" || word == "ter":
		h.setText("", "", "", word)
	case j-i > maxSuffix:
		return fail(pos+i, "%q is not a house number suffix", seg[i:j])
	default:
		h.setText("", "", "", strings.ToUpper(word))
	}
	i = j
	if i < len(seg) && seg[i] == '-' {
		if !last {
			return fail(pos+i, "a sub-number or range belongs to the house, not to an alley")
		}
		m, k, err := number(seg[i+1:], input, pos+i+1)
		if err != nil {
			return "", err
		}
		switch {
		case uint32(m) < h.num-1:
			h.sub = uint32(m)
		case uint32(m) > h.num-1:
			if h.suffix() != "" {
				return fail(pos+i, "a range cannot start at a suffixed number")
			}
			h.to = uint32(m)
		default:
			return fail(pos+i, "%d-%d is neither a sub-number nor a range", m, m)
		}
		i += 1 + k
	}
	return seg[i:], nil
}

// number reads 1-5 digits (1 to 99999) at the start of s.
func number(s, input string, pos int) (int, int, error) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 0 {
		return 0, 0, &HouseNumberError{Input: input, Pos: pos, Msg: "a number is expected"}
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil || n > maxHouseNumber || i > 5 {
		return 0, 0, &HouseNumberError{Input: input, Pos: pos, Msg: fmt.Sprintf("%s is beyond %d", s[:i], maxHouseNumber)}
	}
	if n == 0 {
		return 0, 0, &HouseNumberError{Input: input, Pos: pos, Msg: "house numbers start at 1"}
	}
	return n, i, nil
}

// IsValid reports whether h holds a house number.
func (h HouseNumber) IsValid() bool { return h.num != 0 }

// Number returns the number of the house itself (12 for 12A, 20 for 20-1,
// 2 for 130/20/2, 10 for BL.A-10, the first number of a range).
func (h HouseNumber) Number() int { return int(h.num) - 1 }

// Suffix returns the letters after the number ("A", "bis"), or "".
func (h HouseNumber) Suffix() string { return h.suffix() }

// Sub returns the infill sub-number (1 for 20-1), or 0.
func (h HouseNumber) Sub() int { return int(h.sub) }

// Range returns the last number of a range (181 for 176-181) and true, or
// 0 and false.
func (h HouseNumber) Range() (int, bool) { return int(h.to), h.to != 0 }

// Group returns the housing group and its street abbreviation ("A", "BL"
// for BL.A-10), or empty strings.
func (h HouseNumber) Group() (group, prefix string) { return h.group(), h.prefix() }

// Alleys returns the numbers of the alleys of a slash chain, outermost
// first (130 and 20 for 130/20/2), as house numbers on their parent
// streets (an alley takes the number of the house before its entrance).
func (h HouseNumber) Alleys() []HouseNumber {
	if h.na == 0 {
		return nil
	}
	var out []HouseNumber
	for _, seg := range strings.Split(h.alleys(), "/") {
		a, err := ParseHouseNumber(seg)
		if err != nil {
			return nil // alleys are stored canonical; never reached
		}
		out = append(out, a)
	}
	return out
}

// Odd reports whether the house number is odd (left side of the street by
// the Circular); for a range, whether its first number is.
func (h HouseNumber) Odd() bool { return h.Number()%2 == 1 }

// String returns the canonical form: "12A", "20-1", "15bis", "130/20/2",
// "BL.A-10", "176-181" ("" for the zero value).
func (h HouseNumber) String() string {
	b, _ := h.AppendText(nil)
	return string(b)
}

// AppendText appends the canonical form.
func (h HouseNumber) AppendText(b []byte) ([]byte, error) {
	if !h.IsValid() {
		return b, nil
	}
	if h.na != 0 {
		b = append(b, h.alleys()...)
		b = append(b, '/')
	}
	if h.ng != 0 {
		if h.np != 0 {
			b = append(b, h.prefix()...)
			b = append(b, '.')
			b = append(b, h.group()...)
			b = append(b, '-')
		} else {
			b = append(b, h.group()...)
		}
	}
	b = strconv.AppendInt(b, int64(h.Number()), 10)
	b = append(b, h.suffix()...)
	if h.sub != 0 {
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(h.sub), 10)
	}
	if h.to != 0 {
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(h.to), 10)
	}
	return b, nil
}

// MarshalText returns the canonical form.
func (h HouseNumber) MarshalText() ([]byte, error) { return h.AppendText(nil) }

// UnmarshalText parses text; empty text gives the zero value.
func (h *HouseNumber) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*h = HouseNumber{}
		return nil
	}
	p, err := ParseHouseNumber(string(text))
	if err != nil {
		return err
	}
	*h = p
	return nil
}

// suffixRank orders the infill forms after a number: none, bis, ter,
// letters A, B, … (two-letter ones after one-letter ones), then dash
// sub-numbers -1, -2, ….
func suffixRank(s string, sub uint32) (int, string) {
	switch s {
	case "":
		if sub != 0 {
			return 100, ""
		}
		return 0, ""
	case "bis":
		return 1, ""
	case "ter":
		return 2, ""
	}
	return 3 + len(s), s
}

// Compare orders house numbers along a street: by alley chain (houses on
// the street itself first, then alleys by their numbers), housing group,
// number, suffix (none < bis < ter < A < B < … < Z < AA…), infill
// sub-number, then range end. It returns -1, 0 or +1.
func (h HouseNumber) Compare(o HouseNumber) int {
	// Most houses are on the street itself: no chain to parse.
	if h.na != 0 || o.na != 0 {
		if c := compareChains(h.Alleys(), o.Alleys()); c != 0 {
			return c
		}
	}
	if h.np != 0 || h.ng != 0 || o.np != 0 || o.ng != 0 {
		if c := cmp.Compare(h.prefix(), o.prefix()); c != 0 {
			return c
		}
		if c := cmp.Compare(h.group(), o.group()); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(h.num, o.num); c != 0 {
		return c
	}
	hr, hs := suffixRank(h.suffix(), h.sub)
	or, os := suffixRank(o.suffix(), o.sub)
	if c := cmp.Compare(hr, or); c != 0 {
		return c
	}
	if c := cmp.Compare(hs, os); c != 0 {
		return c
	}
	if c := cmp.Compare(h.sub, o.sub); c != 0 {
		return c
	}
	return cmp.Compare(h.to, o.to)
}

func compareChains(a, b []HouseNumber) int {
	for i := range min(len(a), len(b)) {
		if c := a[i].Compare(b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// Apartment is a flat in a building: the building's symbol, the floor and
// the flat number on that floor.
type Apartment struct {
	Building string
	Floor    int
	Flat     int
}

// ParseApartmentNumber reads a flat number under the convention that the
// last two digits are the flat and the ones before them the floor (1205 is
// floor 12, flat 05), which holds only where a building declares it.
func ParseApartmentNumber(building, s string) (Apartment, error) {
	t := strings.TrimSpace(s)
	if len(t) < 3 || len(t) > 5 {
		return Apartment{}, &HouseNumberError{Input: s, Pos: -1, Msg: "a flat number has 3 to 5 digits (floor, then two for the flat)"}
	}
	for i := 0; i < len(t); i++ {
		if !isDigit(t[i]) {
			return Apartment{}, &HouseNumberError{Input: s, Pos: i, Msg: "a flat number has digits only"}
		}
	}
	floor, _ := strconv.Atoi(t[:len(t)-2])
	flat, _ := strconv.Atoi(t[len(t)-2:])
	if floor == 0 || flat == 0 {
		return Apartment{}, &HouseNumberError{Input: s, Pos: -1, Msg: "floor and flat start at 1"}
	}
	return Apartment{Building: building, Floor: floor, Flat: flat}, nil
}

// String writes the flat as "<building>-<floor><flat:02>", e.g. "A-1205".
func (a Apartment) String() string {
	s := fmt.Sprintf("%d%02d", a.Floor, a.Flat)
	if a.Building == "" {
		return s
	}
	return a.Building + "-" + s
}
