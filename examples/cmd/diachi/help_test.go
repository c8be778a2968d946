package main

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// everyCommand lists every command and subcommand of the tool.
var everyCommand = [][]string{
	{},
	{"transform"},
	{"olc"}, {"olc", "encode"}, {"olc", "decode"}, {"olc", "shorten"}, {"olc", "recover"},
	{"id"}, {"id", "new"}, {"id", "check"},
	{"locate"},
	{"admin"}, {"admin", "convert"},
	{"postal"}, {"postal", "check"},
	{"parse"},
	{"format"},
	{"town"},
	{"registry"}, {"registry", "build"}, {"registry", "at"}, {"registry", "lookup"}, {"registry", "id"}, {"registry", "verify"},
	{"registry", "add"}, {"registry", "split"}, {"registry", "merge"}, {"registry", "retire"}, {"registry", "rename"}, {"registry", "history"}, {"registry", "diff"},
	{"number"}, {"number", "audit"}, {"number", "assign"},
	{"clean"},
	{"version"},
}

// exitStatuses is how every usage states the exit statuses.
var exitStatuses = regexp.MustCompile(`(?s)Exit status: 0\s+when\s.+[,;]\s+1\s+when\s.+[,;]\s+2\s+for\s+a\s+usage\s+error`)

func TestHelpExitsZeroAndStatesExitStatuses(t *testing.T) {
	for _, cmd := range everyCommand {
		for _, h := range []string{"-h", "-help", "--help"} {
			args := append(append([]string{}, cmd...), h)
			// A line that each line command would answer: the help
			// must not read it.
			out, stderr, code := runCLI(t, "10000 Hà Nội\n", args...)
			assert.Equal(t, 0, code, "%v: %s", args, stderr)
			assert.Empty(t, out, "%v: the usage goes to standard error", args)
			assert.Contains(t, stderr, "usage", "%v", args)
			assert.Regexp(t, exitStatuses, stderr, "%v", args)
		}
	}
	_, stderr, code := runCLI(t, "", "help")
	assert.Equal(t, 0, code)
	assert.Regexp(t, exitStatuses, stderr)
}

func TestMissingOrUnknownSubcommandIsUsageError(t *testing.T) {
	for _, args := range [][]string{
		{}, {"bogus"}, {"bogus", "-h"},
		{"olc"}, {"olc", "bogus"}, {"olc", "bogus", "-h"},
		{"id"}, {"id", "bogus"}, {"id", "check", "extra"},
		{"admin"}, {"admin", "bogus"}, {"admin", "convert", "extra"},
		{"postal"}, {"postal", "bogus"}, {"postal", "check", "extra"},
		{"registry"}, {"registry", "bogus"}, {"registry", "bogus", "-h"},
		{"number"}, {"number", "bogus"},
	} {
		out, stderr, code := runCLI(t, "10000 Hà Nội\n", args...)
		assert.Equal(t, 2, code, "%v: %s", args, stderr)
		assert.Empty(t, out, "%v", args)
		assert.Contains(t, stderr, "usage", "%v", args)
		if len(args) > 0 && strings.HasPrefix(args[len(args)-1], "bogus") {
			assert.Contains(t, stderr, `"bogus"`, "%v: names what it did not know", args)
		}
	}
}

// brokenWriter is an output that cannot be written (a closed pipe, a
// full disk).
type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestOutputNotWrittenIsRunFailure(t *testing.T) {
	for _, args := range [][]string{
		{"number", "audit", "--osm", "../../../testdata/numbering/scene.osm"},
		{"number", "assign", "--streets", "../../../testdata/numbering/streets.geojson",
			"--buildings", "../../../testdata/numbering/buildings.geojson"},
		{"parse"},
	} {
		var stderr strings.Builder
		code := run(args, strings.NewReader("12 Hàng Bài, Hoàn Kiếm, Hà Nội\n"), brokenWriter{}, &stderr)
		assert.Equal(t, 1, code, "%v: the output was not written: %s", args, stderr.String())
		assert.Contains(t, stderr.String(), "no space left on device", "%v", args)
	}
}
