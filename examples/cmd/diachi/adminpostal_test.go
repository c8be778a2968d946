package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminConvert(t *testing.T) {
	in := "Phường Phúc Xá, Quận Ba Đình, Hà Nội\nP. Tân Thuận Tây, Q7, HCM\nPhường 1\nxyz, abc\nBạch Long Vĩ, Hải Phòng\n"
	out, _, code := runCLI(t, in, "admin", "convert")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 5)
	// The example of the issue, byte for byte.
	assert.Equal(t, `{"input":"Phường Phúc Xá, Quận Ba Đình, Hà Nội","legacy":{"province":"01","district":"001","commune":"00001"},"candidates":[{"code":"00097","name":"Phường Hồng Hà","province":"01","share":null}],"match":"exact"}`, lines[0])
	assert.Contains(t, lines[1], `"match":"tolerant"`)
	assert.Contains(t, lines[1], `"commune":"27469"`)
	assert.Contains(t, lines[2], `"match":"ambiguous"`)
	assert.Contains(t, lines[2], `"alternatives":[`)
	assert.Contains(t, lines[2], `"province":null`)
	assert.Equal(t, `{"input":"xyz, abc","legacy":{"province":null,"district":null,"commune":null},"candidates":[],"match":"unknown"}`, lines[3])
	assert.Contains(t, lines[4], `"name":"Đặc khu Bạch Long Vĩ"`)
	_, _, code = runCLI(t, "", "admin")
	assert.Equal(t, 2, code)
}

func TestPostalCheck(t *testing.T) {
	in := "11025 Phường Hồng Hà, Hà Nội\n10000 Phường Hồng Hà, Hà Nội\n26000 Bắc Ninh\n70000 Hà Nội\n100000 Hà Nội\n12345 Atlantis\n"
	out, _, code := runCLI(t, in, "postal", "check")
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 6)
	assert.Contains(t, lines[0], `"verdict":"match"`)
	assert.Contains(t, lines[1], `"verdict":"same-province"`)
	assert.Contains(t, lines[2], `"verdict":"same-province"`)
	assert.Contains(t, lines[3], `"verdict":"mismatch"`)
	assert.Contains(t, lines[4], "pre-2018 six-digit postcode")
	assert.Contains(t, lines[5], `"verdict":"unknown"`)
	_, _, code = runCLI(t, "", "postal")
	assert.Equal(t, 2, code)
}

// A line that is not valid UTF-8 or holds a control character is an error
// of its own (it would be read with U+FFFD in place of its bytes); the other
// lines are still answered, and the exit status says a line failed.
func TestAdminPostalBadText(t *testing.T) {
	in := "Phường Phúc Xá\xff, Quận Ba Đình, Hà Nội\nPhường Phúc\x00 Xá, Quận Ba Đình, Hà Nội\nPhường Phúc Xá, Quận Ba Đình, Hà Nội\rx\nPhường Phúc Xá, Quận Ba Đình, Hà Nội\n"
	out, stderr, code := runCLI(t, in, "admin", "convert")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "3 line(s) failed")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4)
	assert.Equal(t, "error: line 1: invalid UTF-8 at byte 19", lines[0])
	assert.Equal(t, "error: line 2: control character U+0000 at byte 15", lines[1])
	assert.Equal(t, "error: line 3: control character U+000D at byte 48", lines[2])
	assert.Contains(t, lines[3], `"match":"exact"`)

	out, _, code = runCLI(t, "11025 Phường Hồng Hà\x00, Hà Nội\n11025 Phường Hồng Hà, Hà Nội\xc3\n11025 Phường Hồng Hà, Hà Nội\n", "postal", "check")
	assert.Equal(t, 1, code)
	lines = strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, "error: line 1: control character U+0000 at byte 26", lines[0])
	assert.Equal(t, "error: line 2: invalid UTF-8 at byte 37", lines[1])
	assert.Contains(t, lines[2], `"verdict":"match"`)
}

// A reading only a typo correction finds is "suggested", not "ambiguous"
// (which always lists several readings).
func TestAdminConvertSuggested(t *testing.T) {
	out, _, code := runCLI(t, "Xú0YXA, HA NộY\nPhúc Xáa, Ba Đình, Hà Nội\n", "admin", "convert")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, `{"input":"Xú0YXA, HA NộY","legacy":{"province":null,"district":null,"commune":null},"candidates":[],"match":"suggested","alternatives":[{"province":"01","district":"282","commune":"10471"}]}`, lines[0])
	assert.Contains(t, lines[1], `"match":"suggested","alternatives":[{"province":"01","district":"001","commune":"00001"}]`)
}
