package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// runVersion prints the version of diachi this binary was built from: the
// module version (a release, or "(devel)" for a build from a checkout),
// the revision and its time with "modified" when the checkout had changes,
// and the Go version, so that a figure or a finding can be traced to the
// code that made it.
func runVersion(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintln(stderr, `usage: diachi version

Prints the module version, the source revision it was built from (with its
time, and "modified" when the checkout had uncommitted changes) and the Go
version.

Exit status: 0 when the version was printed, 1 when it could not be
written, 2 for a usage error (an argument given).`)
	}
	if len(args) == 1 && isHelp(args[0]) {
		usage()
		return 0
	}
	if len(args) > 0 {
		usage()
		return 2
	}
	if _, err := fmt.Fprintln(stdout, versionText()); err != nil {
		fmt.Fprintf(stderr, "diachi version: %v\n", err)
		return 1
	}
	return 0
}

func versionText() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "diachi (no build information)"
	}
	s := "diachi " + bi.Main.Version
	var rev, at, modified string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			at = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				modified = " modified"
			}
		}
	}
	if rev != "" {
		s += " " + rev
		if at != "" {
			s += " " + at
		}
		s += modified
	}
	return s + " " + bi.GoVersion
}
