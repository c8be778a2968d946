package docs_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// internal/ holds what the library uses, below it: no package there
// imports the address packages (a generator of sample data, which needs
// the registry, lives under testdata/gen).
func TestInternalBelowLibrary(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join("..", "internal"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		dir := filepath.Join("..", "internal", d.Name())
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				if p == module+"/address" || strings.HasPrefix(p, module+"/address/") {
					t.Errorf("%s imports %s: internal/ is for what the library uses, not for code built on it", name, p)
				}
			}
		}
	}
}

// The numbering rules read no file format: the OpenStreetMap reader is a
// package of its own (address/osm).
func TestNumberingReadsNoFormat(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "address", "numbering", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == "encoding/xml" || p == "encoding/json" {
				t.Errorf("%s imports %s: formats are read outside address/numbering", name, p)
			}
		}
	}
}
