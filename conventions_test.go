package diachi_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address/fold"
)

// goFiles calls fn with every Go file of the module but those of
// testdata (generators and data, which are no part of the library),
// parsed, with its path from the module root.
func goFiles(t *testing.T, fn func(path string, f *ast.File, fset *token.FileSet)) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		fn(filepath.ToSlash(path), f, fset)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Text is folded in one package, address/fold, and the type words of
// units, streets and alleys are in its one table: no other package
// declares a folding function or writes a type word as a literal of its
// own.
func TestOneVocabulary(t *testing.T) {
	words := map[string]bool{}
	for w := range fold.TypeWords() {
		if !w.Short {
			for _, s := range []string{w.Spelling, w.Kind.String(), w.Key, strings.ReplaceAll(w.Key, " ", "")} {
				words[s], words[s+" "] = true, true
			}
		}
	}
	// Words of other vocabularies that are also words of type words:
	// "khu phố" and "tổ dân phố" are places.
	delete(words, "pho")
	goFiles(t, func(path string, f *ast.File, fset *token.FileSet) {
		// The sample-town generator writes street names: data.
		if strings.HasPrefix(path, "address/fold/") || strings.HasPrefix(path, "internal/town/") || strings.HasSuffix(path, "_test.go") {
			return
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				name := strings.ToLower(n.Name.Name)
				if strings.Contains(name, "fold") || strings.Contains(name, "diacritic") {
					t.Errorf("%v: %s folds text outside package fold", fset.Position(n.Pos()), n.Name.Name)
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(n.Value); err == nil && words[s] {
					t.Errorf("%v: type word %q outside package fold's table", fset.Position(n.Pos()), s)
				}
			}
			return true
		})
	})
}

// No package exports a variable but its error sentinels (Err…): a value
// every caller shares, such as an ellipsoid or an area of use, is a
// constant or a function returning it, so that no caller can change it
// for all the others.
func TestNoExportedVariables(t *testing.T) {
	goFiles(t, func(path string, f *ast.File, fset *token.FileSet) {
		if strings.HasSuffix(path, "_test.go") {
			return
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if n.IsExported() && !strings.HasPrefix(n.Name, "Err") {
						t.Errorf("%v: exported variable %s", fset.Position(n.Pos()), n.Name)
					}
				}
			}
		}
	})
}
