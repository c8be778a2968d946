package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

// testKeyArg is an office key for the tests.
const testKeyArg = "the tests' office key, not secret"

// TestMain keeps the tests from a key set in the environment of whoever
// runs them; tests that want one set it with t.Setenv.
func TestMain(m *testing.M) {
	os.Unsetenv(keyEnv)
	os.Exit(m.Run())
}

// keyFile writes a key file and returns its path.
func keyFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "office.key")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// id new issues nothing without a key, and takes it from one of --key,
// --key-file or DIACHI_KEY, never two; --partitions 0 is a usage error.
func TestIDNewKey(t *testing.T) {
	_, stderr, code := runCLI(t, "", "id", "new", "--count", "3", "--partition", "79")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no key")

	want, _, code := runCLI(t, "", "id", "new", "--count", "3", "--partition", "79", "--key", testKeyArg)
	require.Equal(t, 0, code)
	got, stderr, code := runCLI(t, "", "id", "new", "--count", "3", "--partition", "79", "--key-file", keyFile(t, testKeyArg+"\n"))
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, want, got, "a key file's final line break is not part of the key")
	t.Setenv(keyEnv, testKeyArg)
	got, stderr, code = runCLI(t, "", "id", "new", "--count", "3", "--partition", "79")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, want, got)
	assert.NotContains(t, stderr, testKeyArg, "the key is never printed")

	_, stderr, code = runCLI(t, "", "id", "new", "--count", "3", "--key", testKeyArg)
	assert.Equal(t, 2, code, "two ways at once")
	assert.Contains(t, stderr, "give it one way only")
	t.Setenv(keyEnv, "")
	_, stderr, code = runCLI(t, "", "id", "new", "--count", "3")
	assert.Equal(t, 2, code, "set but empty is not no key")
	assert.Contains(t, stderr, "DIACHI_KEY: a key of 0 bytes")
	os.Unsetenv(keyEnv)

	for _, args := range [][]string{
		{"--key", "short"},
		{"--key-file", keyFile(t, "short\n")},
		{"--key-file", keyFile(t, "")},
		{"--key-file", filepath.Join(t.TempDir(), "missing.key")},
		{"--key", testKeyArg, "--partitions", "0"},
		{"--key", testKeyArg, "--partitions", "-3"},
		// The public demo key is nobody's secret.
		{"--key-file", keyFile(t, "diachi public demonstration key: the sample town only, never a real registry")},
	} {
		_, stderr, code := runCLI(t, "", append([]string{"id", "new", "--count", "1"}, args...)...)
		assert.Equal(t, 2, code, "%v: %s", args, stderr)
		assert.NotContains(t, stderr, testKeyArg)
	}
}

func TestParseKeyFile(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"0123456789abcdef", "0123456789abcdef", ""},
		{"0123456789abcdef\n", "0123456789abcdef", ""},
		{"0123456789abcdef\r\n", "0123456789abcdef", ""},
		{"0123456789abcdef\n\n", "0123456789abcdef\n", ""},
		{" 0123456789abcdef ", " 0123456789abcdef ", ""},
		{"", "", "empty"},
		{"\n", "", "empty"},
		{"0123456789abcde\n", "", "15 bytes"},
		{strings.Repeat("k", maxKeyFile+1), "", "more than 4096 bytes"},
	} {
		got, err := parseKeyFile([]byte(c.in))
		if c.err != "" {
			assert.ErrorIs(t, err, errKeyFile, "%q", c.in)
			assert.ErrorContains(t, err, c.err, "%q", c.in)
			continue
		}
		require.NoError(t, err, "%q", c.in)
		assert.Equal(t, c.want, string(got))
	}
}

// FuzzParseKeyFile: any file gives a key of at least MinKeyBytes that is
// the file less at most one final line break, or an error; never a panic.
func FuzzParseKeyFile(f *testing.F) {
	for _, s := range []string{"", "\n", "0123456789abcdef\r\n", "0123456789abcdef\n\n", "\xff\x00binary key bytes!!"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		key, err := parseKeyFile(data)
		if err != nil {
			return
		}
		if len(key) < address.MinKeyBytes {
			t.Fatalf("key of %d bytes accepted", len(key))
		}
		rest, ok := bytes.CutPrefix(data, key)
		if !ok || !(len(rest) == 0 || string(rest) == "\n" || string(rest) == "\r\n") {
			t.Fatalf("%q read as %q", data, key)
		}
	})
}
