package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

func TestOLCCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		in   string
		want string
		code int
	}{
		// 106.698°E is exactly the lower edge of the cell +26: the point belongs
		// to it (Google's JavaScript encoder says +25, whose area ends there).
		{"encode", []string{"olc", "encode"}, "10.7725 106.698\n", "7P28QMFX+26\n", 0},
		{"encode-length", []string{"olc", "encode", "--length", "11"}, "10.7725,106.698\n", "7P28QMFX+262\n", 0},
		{"decode", []string{"olc", "decode"}, "7FG49Q00+\n", "20.3500000000 2.7500000000 20.4000000000 2.8000000000\n", 0},
		{"shorten", []string{"olc", "shorten", "--ref", "10.79 106.68"}, "7P28QMFX+255\n", "QMFX+255\n", 0},
		{"recover", []string{"olc", "recover", "--ref", "10.78 106.69"}, "qmfx+255\n", "7P28QMFX+255\n", 0},
		{"errors-in-place", []string{"olc", "decode"}, "7FG49Q00+\n8FWCO345+G6\n2345+G6\n", "20.3500000000 2.7500000000 20.4000000000 2.8000000000\n" +
			"error: line 2: olc: invalid character: \"8FWCO345+G6\" at byte 4: letter O is not a Plus Code digit (not even for 0)\n" +
			"error: line 3: olc: not a full code: \"2345+G6\": a short code needs a reference location (RecoverNearest)\n", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, code := runCLI(t, tc.in, tc.args...)
			assert.Equal(t, tc.want, out)
			assert.Equal(t, tc.code, code)
		})
	}
	for _, args := range [][]string{{"olc"}, {"olc", "frob"}, {"olc", "encode", "--length", "9"}, {"olc", "shorten"}, {"olc", "recover", "--ref", "x y"}} {
		_, _, code := runCLI(t, "", args...)
		assert.Equal(t, 2, code, "%v", args)
	}
}

func TestIDCommands(t *testing.T) {
	out, stderr, code := runCLI(t, "", "id", "new", "--count", "5", "--key", testKeyArg, "--partition", "79")
	require.Equal(t, 0, code, stderr)
	ids := strings.Fields(out)
	require.Len(t, ids, 5)
	assert.Contains(t, stderr, "next counter 5")
	// Every issued ID checks, and a mistyped one does not.
	bad := ids[0][:3] + string('0'+(ids[0][3]-'0'+1)%10) + ids[0][4:]
	out, _, code = runCLI(t, strings.Join(ids, "\n")+"\n"+bad+"\nabc\n", "id", "check")
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 7)
	for _, l := range lines[:5] {
		assert.Equal(t, "ok", l)
	}
	assert.Contains(t, lines[5], "wrong check digit")
	assert.Contains(t, lines[6], "error: line 7")

	// Continuing from the printed counter gives the next IDs of the same run.
	more, _, _ := runCLI(t, "", "id", "new", "--count", "10", "--key", testKeyArg, "--partition", "79")
	cont, _, _ := runCLI(t, "", "id", "new", "--count", "5", "--key", testKeyArg, "--partition", "79", "--start", "5")
	assert.Equal(t, strings.Fields(more)[5:], strings.Fields(cont))

	grouped, _, _ := runCLI(t, "", "id", "new", "--count", "1", "--key", testKeyArg, "--grouped")
	_, err := address.ParseID(strings.TrimSpace(grouped))
	require.NoError(t, err)
	assert.Len(t, strings.TrimSpace(grouped), 12)

	_, stderr, code = runCLI(t, "", "id", "new", "--count", "3", "--key", testKeyArg, "--partitions", "1000000000", "--partition", "4")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "exhausted")
	for _, args := range [][]string{{"id"}, {"id", "frob"}, {"id", "new", "--partition", "100"}, {"id", "check", "x"}} {
		_, _, code := runCLI(t, "", args...)
		assert.Equal(t, 2, code, "%v", args)
	}
}
