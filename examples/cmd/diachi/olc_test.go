package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// olc encode refuses coordinates out of range, a swapped pair included,
// unless --clip asks for the specification's clipping.
func TestOLCEncodeRange(t *testing.T) {
	in := "91 181\n106.698 10.7725\n-90.5 0\n0 -180.5\n90 180\n-90 -180\n10.7725 106.698\n"
	out, _, code := runCLI(t, in, "olc", "encode")
	assert.Equal(t, 1, code)
	assert.Equal(t, "error: line 1: latitude 91 is outside ±90 and longitude 181 outside ±180 (--clip clips a latitude to ±90 and wraps a longitude, as the Plus Code specification does)\n"+
		"error: line 2: latitude 106.698 is outside ±90: the input is \"lat lon\", and read the other way round this would be a valid point (--clip clips a latitude to ±90 and wraps a longitude, as the Plus Code specification does)\n"+
		"error: line 3: latitude -90.5 is outside ±90: the input is \"lat lon\", and read the other way round this would be a valid point (--clip clips a latitude to ±90 and wraps a longitude, as the Plus Code specification does)\n"+
		"error: line 4: longitude -180.5 is outside ±180 (--clip clips a latitude to ±90 and wraps a longitude, as the Plus Code specification does)\n"+
		"C2X2X2X2+X2\n22222222+22\n7P28QMFX+26\n", out)

	out, _, code = runCLI(t, "91 181\n106.698 10.7725\n10.7725 106.698\n", "olc", "encode", "--clip")
	assert.Equal(t, 0, code)
	assert.Equal(t, "C2X3X2X2+X2\nCFXGXQXF+X2\n7P28QMFX+26\n", out)

	// The reference of shorten and recover likewise.
	_, stderr, code := runCLI(t, "7P28QMFX+255\n", "olc", "shorten", "--ref", "106.68 10.79")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--ref: latitude 106.68 is outside ±90")
	out, _, code = runCLI(t, "qmfx+255\n", "olc", "recover", "--ref", "10.78 106.69")
	assert.Equal(t, 0, code)
	assert.Equal(t, "7P28QMFX+255\n", out)
}
