package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Numbers are read in decimal notation only, on every line command: Go
// literal forms (digit separators, hexadecimal floats, Inf, NaN) are
// refused, and a number beyond the float64 range is called out of range.
func TestLinesDecimalOnly(t *testing.T) {
	in := "10_0 106.698\n0x1p-2 106.698\n10.7725 Inf\n1e309 106.698\n10.7725 106.698\n"
	errs := "error: line 1: \"10_0\" is not a decimal number: want digits with an optional sign, point and exponent, such as -12.5 or 1e3\n" +
		"error: line 2: \"0x1p-2\" is not a decimal number: want digits with an optional sign, point and exponent, such as -12.5 or 1e3\n" +
		"error: line 3: \"Inf\" is not a decimal number: want digits with an optional sign, point and exponent, such as -12.5 or 1e3\n" +
		"error: line 4: \"1e309\" is out of range: beyond ±1.7976931348623157e+308\n"
	for _, tc := range []struct {
		args []string
		last string
	}{
		{[]string{"transform", "--to", "EPSG:9210"}, "603481.5880 1191454.6112\n"},
		{[]string{"olc", "encode"}, "7P28QMFX+26\n"},
	} {
		out, _, code := runCLI(t, in, tc.args...)
		assert.Equal(t, errs+tc.last, out, "%v", tc.args)
		assert.Equal(t, 1, code, "%v", tc.args)
	}
}

// Numeric flags take decimal notation too: "010" is ten, not eight, and
// "0x10", "1_0" or "0x1p-2" are usage errors.
func TestFlagsDecimalOnly(t *testing.T) {
	for _, args := range [][]string{
		{"olc", "encode", "--length", "0x0a"},
		{"olc", "encode", "--length", "1_0"},
		{"number", "audit", "--osm", "x.osm", "--max-gap", "0x10"},
		{"number", "audit", "--osm", "x.osm", "--max-bytes", "1_000"},
		{"number", "assign", "--streets", "s", "--buildings", "b", "--spacing", "0x1p-2"},
		{"number", "assign", "--streets", "s", "--buildings", "b", "--max-distance", "NaN"},
		{"number", "assign", "--streets", "s", "--buildings", "b", "--max-distance", "1e309"},
		{"locate", "--parcels", "p", "--max-bytes", "0x100"},
		{"clean", "--workers", "0x2"},
	} {
		_, stderr, code := runCLI(t, "", args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.Contains(t, stderr, "invalid value", "%v", args)
	}
	_, stderr, code := runCLI(t, "", "number", "assign", "--streets", "s", "--buildings", "b", "--max-distance", "1e309")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `"1e309" is out of range`)
	// Leading zeros are decimal.
	out, _, code := runCLI(t, "10.7725 106.698\n", "olc", "encode", "--length", "011")
	assert.Equal(t, 0, code)
	assert.Equal(t, "7P28QMFX+262\n", out)
}
