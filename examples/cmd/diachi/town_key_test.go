package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
)

// The sample town runs with no set-up on the public demo key, and every
// output says so; given the office key, the IDs differ and the saved file
// verifies with that key only. registry build refuses to run without one.
func TestTownKeys(t *testing.T) {
	demoDir := t.TempDir()
	out, stderr, code := runCLI(t, "", "town", "--in", townDir, "--out", demoDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "\nkey: the public demo key issued the address IDs")
	assert.Contains(t, out, "\nfindings: 14 (")
	gj, err := os.ReadFile(filepath.Join(demoDir, "town.geojson"))
	require.NoError(t, err)
	assert.Contains(t, string(gj[:100]), `"id_key":"demo"`)
	svg, err := os.ReadFile(filepath.Join(demoDir, "town.svg"))
	require.NoError(t, err)
	assert.Contains(t, string(svg), "address IDs from the public demo key")
	demoGpkg := filepath.Join(demoDir, "town.gpkg")
	demo, err := registry.Open(context.Background(), demoGpkg, registry.Options{})
	require.NoError(t, err)
	assert.True(t, demo.DemoKey(), "town.gpkg names the demo key")
	_, stderr, code = runCLI(t, "", "registry", "at", "--gpkg", demoGpkg)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "sealed with the public demo key")

	// The office key: from the environment.
	officeDir := t.TempDir()
	t.Setenv(keyEnv, testKeyArg)
	out, stderr, code = runCLI(t, "", "town", "--in", townDir, "--out", officeDir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "\nkey: the office key issued")
	assert.NotContains(t, out+stderr, testKeyArg, "the key is never printed")
	officeGpkg := filepath.Join(officeDir, "town.gpkg")
	data, err := os.ReadFile(officeGpkg)
	require.NoError(t, err)
	assert.False(t, bytes.Contains(data, []byte(testKeyArg)), "the key is never written")
	office, err := registry.Open(context.Background(), officeGpkg, registry.Options{IDKey: []byte(testKeyArg)})
	require.NoError(t, err)
	assert.True(t, office.Sealed())
	same := 0
	demoHouses := slices.Collect(demo.Houses())
	for h := range office.Houses() {
		if i, _ := h.Ref().Index(); h.ID == demoHouses[i].ID {
			same++
		}
	}
	assert.LessOrEqual(t, same, 1, "only the ID the source gives is the same under both keys")
	_, stderr, code = runCLI(t, "", "registry", "id", "--gpkg", officeGpkg)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr, "verified with the key: nothing to say")
	_, stderr, code = runCLI(t, "", "registry", "id", "--gpkg", demoGpkg)
	assert.Equal(t, 1, code, "the demo file does not verify with the office key")
	assert.Contains(t, stderr, "seal")
	os.Unsetenv(keyEnv)
	_, stderr, code = runCLI(t, "", "registry", "id", "--gpkg", officeGpkg)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "no key given")
	assert.Contains(t, stderr, "accidental damage only")
	_, stderr, code = runCLI(t, "", "registry", "id", "--gpkg", officeGpkg, "--key-file", keyFile(t, "another office's key, not ours"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "not with the key given")

	// registry build: no key, no registry; with one, a sealed file.
	built := filepath.Join(t.TempDir(), "built.gpkg")
	_, stderr, code = runCLI(t, "", "registry", "build", "--in", townDir, "--out", built)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no key")
	_, err = os.Stat(built)
	assert.True(t, os.IsNotExist(err))
	_, stderr, code = runCLI(t, "", "registry", "build", "--in", townDir, "--out", built, "--key-file", keyFile(t, testKeyArg+"\n"))
	require.Equal(t, 0, code, stderr)
	reg, err := registry.Open(context.Background(), built, registry.Options{IDKey: []byte(testKeyArg)})
	require.NoError(t, err)
	assert.Equal(t, slices.Collect(office.Houses()), slices.Collect(reg.Houses()), "the same key, the same IDs")
}

// fullDisk fails every write once n bytes went through, as a full disk.
type fullDisk struct {
	w io.Writer
	n int
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k, _ := f.w.Write(p[:f.n])
		f.n = 0
		return k, &os.PathError{Op: "write", Path: "(disk)", Err: syscall.ENOSPC}
	}
	f.n -= len(p)
	return f.w.Write(p)
}

// Every output of town is written whole or not at all: a write that fails
// half-way stops the run, names its file and leaves the outputs of the
// previous run as they were, with no temporary file behind.
func TestTownOutputsAtomic(t *testing.T) {
	names := []string{"town.gpkg", "town.geojson", "findings.csv", "findings.json", "town.svg"}
	dir := t.TempDir()
	for _, n := range names {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), []byte("previous run"), 0o644))
	}
	var tried []string
	testHookOutput = func(name string, w io.Writer) io.Writer {
		tried = append(tried, name)
		if strings.HasPrefix(name, ".findings.json.") {
			return &fullDisk{w: w, n: 100}
		}
		return w
	}
	defer func() { testHookOutput = nil }()
	out, stderr, code := runCLI(t, "", "town", "--in", townDir, "--out", dir)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, stderr, filepath.Join(dir, "findings.json")+": ")
	assert.Contains(t, stderr, "no space left on device")
	require.Len(t, tried, 3, "stopped at the first failure: %v", tried)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, len(names), "no temporary file left")
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		assert.Equal(t, "previous run", string(b), "%s untouched", n)
	}

	// An output that cannot be replaced (a directory in its place): named,
	// and nothing written.
	testHookOutput = nil
	dir = t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "town.svg"), 0o755))
	_, stderr, code = runCLI(t, "", "town", "--in", townDir, "--out", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, filepath.Join(dir, "town.svg")+": exists and is not a regular file")
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "nothing written")
}
