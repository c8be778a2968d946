// Package decimal reads numbers written in decimal notation, the one
// notation diachi takes numbers in from people and from text attributes:
// an optional sign, digits with at most one decimal point, and an
// optional exponent (12, -0.5, .5, 5., 1e3, 2.5E-4).
//
// strconv.ParseFloat reads Go's literal syntax, so on its own it would take
// "1_0" as 10, "0x1p-2" as 0.25 and "Inf" or "NaN" as numbers, and
// strconv.ParseInt with base 0 reads "010" as 8. Here all of those are
// refused with [ErrSyntax]; leading zeros are decimal ("010" is 10). A
// number that is well formed but beyond the type's range ("1e309" for a
// float64, "9223372036854775808" for an int64) is refused with [ErrRange],
// not read as infinity or clamped. A number too small for a float64
// ("1e-400") rounds to zero, as every decimal rounds to its nearest
// float64.
package decimal

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Errors: every error of this package is a [*Error] wrapping one of them.
var (
	// ErrSyntax: the text is not a number in decimal notation.
	ErrSyntax = errors.New("not a decimal number")
	// ErrRange: the number is well formed but beyond the range of its
	// type.
	ErrRange = errors.New("out of range")
)

// Error reports text that is not a number of the wanted kind.
type Error struct {
	Input string
	Err   error // ErrSyntax or ErrRange
	why   string
}

func (e *Error) Error() string { return fmt.Sprintf("%q is %v: %s", e.Input, e.Err, e.why) }

func (e *Error) Unwrap() error { return e.Err }

// Float reads s as a float64. It never returns NaN or an infinity.
func Float(s string) (float64, error) {
	if !isFloat(s) {
		return 0, &Error{Input: s, Err: ErrSyntax, why: "want digits with an optional sign, point and exponent, such as -12.5 or 1e3"}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// The syntax is checked, so only the range can fail.
		return 0, &Error{Input: s, Err: ErrRange, why: fmt.Sprintf("beyond ±%g", math.MaxFloat64)}
	}
	return v, nil
}

// Int reads s as a signed whole number that fits in bitSize bits (0 for
// int).
func Int(s string, bitSize int) (int64, error) {
	if !isInt(s, true) {
		return 0, &Error{Input: s, Err: ErrSyntax, why: "want digits with an optional sign, such as -12"}
	}
	v, err := strconv.ParseInt(s, 10, bitSize)
	if err != nil {
		if bitSize == 0 {
			bitSize = strconv.IntSize
		}
		return 0, &Error{Input: s, Err: ErrRange, why: fmt.Sprintf("not within %d to %d", int64(-1)<<(bitSize-1), uint64(1)<<(bitSize-1)-1)}
	}
	return v, nil
}

// Uint reads s as a non-negative whole number that fits in bitSize bits
// (0 for uint). A leading "+" is allowed, a "-" is not.
func Uint(s string, bitSize int) (uint64, error) {
	if !isInt(s, false) {
		return 0, &Error{Input: s, Err: ErrSyntax, why: "want digits, such as 12"}
	}
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, bitSize)
	if err != nil {
		if bitSize == 0 {
			bitSize = strconv.IntSize
		}
		return 0, &Error{Input: s, Err: ErrRange, why: fmt.Sprintf("more than %d", ^uint64(0)>>(64-bitSize))}
	}
	return v, nil
}

// isFloat: [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?
func isFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// isInt: [+-]? d+ (no "-" when !signed)
func isInt(s string, signed bool) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || signed && s[i] == '-') {
		i++
	}
	if i == len(s) {
		return false
	}
	for ; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
