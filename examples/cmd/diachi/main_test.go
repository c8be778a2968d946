package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestTransform(t *testing.T) {
	tests := []struct {
		name string
		args []string
		in   string
		want string
		code int
	}{
		{
			// DOMAIN.md §7 worked check, PROJ 9.1.1.
			name: "wgs84-to-tm3",
			args: []string{"transform", "--from", "EPSG:4326", "--to", "EPSG:5897"},
			in:   "21.03 105.85\n21.03,105.85\n21.03 ,\t105.85\r\n",
			want: "588154.4766 2326509.0539\n588154.4766 2326509.0539\n588154.4766 2326509.0539\n",
		},
		{
			name: "to-vn2000-geographic",
			args: []string{"transform", "--to", "4756"},
			in:   "21.03 105.85\n",
			want: "21.0309859356 105.8481173175\n",
		},
		{
			name: "tm3-back-to-wgs84",
			args: []string{"transform", "--from", "EPSG:5897", "--to", "EPSG:4326"},
			in:   "588154.4766 2326509.0539\n",
			want: "21.0299999958 105.8500000070\n", // what cs2cs -d 10 EPSG:5897 EPSG:4326 prints
		},
		{
			name: "comments-and-blank-lines-pass-through",
			args: []string{"transform", "--to", "EPSG:5897"},
			in:   "# header\n\n21.03 105.85",
			want: "# header\n\n588154.4766 2326509.0539\n",
		},
		{
			name: "bad-lines-are-reported-in-place",
			args: []string{"transform", "--to", "EPSG:5897"},
			in:   "21.03 105.85\nabc 1\n48.85 2.35\n1 2 3\n1,,2\nNaN 105\n91 105\n21.03 105.85\n",
			want: "588154.4766 2326509.0539\n" +
				"error: line 2: \"abc\" is not a decimal number: want digits with an optional sign, point and exponent, such as -12.5 or 1e3\n" +
				"error: line 3: crs: point outside the area of use: EPSG:4326 (48.85, 2.35): maps to 48.850000°N 2.350000°E, outside 6–24°N 101–118°E\n" +
				"error: line 4: want two numbers, got more in \"1 2 3\"\n" +
				"error: line 5: misplaced comma in \"1,,2\"\n" +
				"error: line 6: \"NaN\" is not a decimal number: want digits with an optional sign, point and exponent, such as -12.5 or 1e3\n" +
				"error: line 7: crs: invalid coordinate: EPSG:4326 (91, 105): latitude outside ±90\n" +
				"588154.4766 2326509.0539\n",
			code: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, code := runCLI(t, tc.in, tc.args...)
			assert.Equal(t, tc.want, out)
			assert.Equal(t, tc.code, code)
		})
	}
}

func TestTransformMekongOption(t *testing.T) {
	// Bến Thành market: plain cs2cs EPSG:4326 EPSG:9210 uses EPSG:5194 here
	// and prints 603480.7904 1191454.5656; the national shift is 0.8 m away.
	out, _, code := runCLI(t, "10.7725 106.698\n", "transform", "--to", "EPSG:9210")
	require.Equal(t, 0, code)
	assert.Equal(t, "603481.5880 1191454.6112\n", out)
	out, _, code = runCLI(t, "10.7725 106.698\n", "transform", "--mekong5194", "--to", "EPSG:9210")
	require.Equal(t, 0, code)
	assert.Equal(t, "603480.7904 1191454.5656\n", out)
	// TM-3 106-00's area of use does not reach the delta: cs2cs EPSG:4326
	// EPSG:9211 keeps the national shift there and prints 576139.137573
	// 1191381.349728.
	out, _, code = runCLI(t, "10.7725 106.698\n", "transform", "--mekong5194", "--to", "EPSG:9211")
	require.Equal(t, 0, code)
	assert.Equal(t, "576139.1376 1191381.3497\n", out)
	// 110 m north of the blocks in VN-2000, but inside the bounds of their
	// projected outline: cs2cs EPSG:9210 EPSG:4326 uses EPSG:5194 and prints
	// 11.0399876860 105.7517975466 (the national shift: 11.0399873790
	// 105.7517902393).
	out, _, code = runCLI(t, "500000 1220879.129038\n", "transform", "--mekong5194", "--from", "EPSG:9210", "--to", "EPSG:4326")
	require.Equal(t, 0, code)
	assert.Equal(t, "11.0399876860 105.7517975466\n", out)
	out, _, code = runCLI(t, "500000 1220879.129038\n", "transform", "--from", "EPSG:9210", "--to", "EPSG:4326")
	require.Equal(t, 0, code)
	assert.Equal(t, "11.0399873790 105.7517902393\n", out)
}

func TestTransformUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"transform"},
		{"transform", "--to", "EPSG:3857"},
		{"transform", "--from", "bogus", "--to", "EPSG:9210"},
		{"transform", "--to", "EPSG:9210", "extra"},
		{"transform", "--nope"},
	} {
		_, stderr, code := runCLI(t, "", args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.NotEmpty(t, stderr)
	}
	_, stderr, code := runCLI(t, "", "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unknown command")
	_, _, code = runCLI(t, "")
	assert.Equal(t, 2, code)
}

func TestTransformLongLine(t *testing.T) {
	in := strings.Repeat("1", maxLine+10) + "\n21.03 105.85\n"
	out, _, code := runCLI(t, in, "transform", "--to", "EPSG:5897")
	assert.Equal(t, 1, code)
	assert.Equal(t, "error: line 1: line longer than 65536 bytes\n588154.4766 2326509.0539\n", out)
}

// TestTransformSample runs the README's first command on the sample file.
func TestTransformSample(t *testing.T) {
	in, err := os.ReadFile("../../../testdata/crs/hcmc_wgs84.txt")
	require.NoError(t, err)
	out, stderr, code := runCLI(t, string(in), "transform", "--from", "EPSG:4326", "--to", "EPSG:9210")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 9)
	assert.Equal(t, "603481.5880 1191454.6112", lines[3])
}

func FuzzFields2(f *testing.F) {
	for _, s := range []string{"21.03 105.85", "1,2", "1 , 2", ",1 2", "1 2,", "1e308 -0", "a b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b, err := fields2([]byte(s))
		if err != nil {
			return
		}
		// Two numbers were read: the line must hold exactly two tokens.
		toks := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' })
		require.Len(t, toks, 2)
		_ = a + b
	})
}

// diachi version names the module and the Go version it was built with.
func TestVersion(t *testing.T) {
	out, stderr, code := runCLI(t, "", "version")
	assert.Equal(t, 0, code, stderr)
	assert.Regexp(t, `^diachi \S+( [0-9a-f]{7,}.*)? go1\.\d+`, out)
	_, _, code = runCLI(t, "", "version", "extra")
	assert.Equal(t, 2, code)
}
