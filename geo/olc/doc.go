// Package olc implements Open Location Code (Plus Codes), which Google Maps
// shows in Vietnam: [Encode] a position to a [Code] at any valid length,
// [Decode] a code to its [Area], check full and short codes ([IsValid],
// [IsFull], [IsShort]), shorten a code against a reference point
// ([Code.Shorten]) and recover the nearest full code from a short one
// ([Code.RecoverNearest]).
//
// Arithmetic is on integers ([ToIntegers], [AppendEncodeIntegers]), so no
// digit depends on the rounding of a repeated division; the implementation
// passes Google's language-neutral test suite with no failure. Codes are
// read in either case; a character outside the alphabet (a letter O or I,
// a digit 0 or 1 outside padding) is a [*ParseError] naming its position,
// never mapped to a look-alike.
//
// [Code] is a small comparable value; its zero value is invalid. Everything
// here is pure and safe for concurrent use. The rules at the poles, the
// antimeridian and the limits of length are in the [design note].
//
// [design note]: https://github.com/diachi-vn/diachi/blob/main/docs/design.md#geoolc
package olc
