// Package docs_test checks the documentation of the library as a whole:
// every package opens with a short overview that links its main types and
// functions and its section of design.md, carries no benchmark figures,
// and has a runnable example with Vietnamese data.
package docs_test

import (
	"bytes"
	"go/ast"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

const (
	module = "github.com/diachi-vn/diachi"
	// designURL is where package docs link the design note; the part after
	// it is the anchor of the package's section.
	designURL = "https://github.com/diachi-vn/diachi/blob/main/docs/design.md#"

	minOverview, maxOverview = 10, 20 // lines of the overview as go doc prints it
	minDocLinks              = 3
)

// mustHave are the library's packages when this was written; the walk
// below finds any added later as well.
var mustHave = []string{
	"geo", "geo/crs", "geo/index", "geo/cell", "geo/olc", "geo/geohash",
	"address", "address/admin", "address/numbering", "address/registry",
	"address/clean", "address/vnenc", "postal",
}

type pkg struct {
	rel   string // path in the module, "geo/crs"
	dir   string
	fset  *token.FileSet
	src   []*ast.File // non-test files
	tests []*ast.File
	bytes map[string][]byte // file name -> contents
}

// libraryPackages lists the packages of the library: every directory of
// the module with non-test Go files of a package other than main, outside
// internal/, examples/, testdata/ and docs/.
func libraryPackages(t *testing.T) []*pkg {
	t.Helper()
	var out []*pkg
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel("..", p)
		rel = filepath.ToSlash(rel)
		base := d.Name()
		if rel != "." && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") ||
			slices.Contains([]string{"internal", "examples", "testdata", "docs", "out"}, base)) {
			return filepath.SkipDir
		}
		pk := &pkg{rel: rel, dir: p, fset: token.NewFileSet(), bytes: map[string][]byte{}}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			name := filepath.Join(p, e.Name())
			b, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			f, err := parser.ParseFile(pk.fset, name, b, parser.ParseComments)
			if err != nil {
				return err
			}
			pk.bytes[name] = b
			if strings.HasSuffix(e.Name(), "_test.go") {
				pk.tests = append(pk.tests, f)
			} else if f.Name.Name != "main" {
				pk.src = append(pk.src, f)
			}
		}
		if len(pk.src) > 0 {
			out = append(out, pk)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, p := range out {
		found = append(found, p.rel)
	}
	for _, want := range mustHave {
		if !slices.Contains(found, want) {
			t.Fatalf("package %s not found (found %v)", want, found)
		}
	}
	return out
}

// anchor is the anchor of a heading of design.md.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// designNote returns the anchors of the sections of design.md and the
// text of its contents list.
func designNote(t *testing.T) (anchors map[string]bool, sections []string, contents string) {
	t.Helper()
	b, err := os.ReadFile("design.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors = map[string]bool{}
	inContents := false
	for line := range strings.Lines(string(b)) {
		if h, ok := strings.CutPrefix(line, "#"); ok {
			h = strings.TrimLeft(h, "#")
			anchors[anchor(h)] = true
			inContents = strings.TrimSpace(h) == "Contents"
			if strings.HasPrefix(line, "## ") && !inContents {
				sections = append(sections, strings.TrimSpace(h))
			}
			continue
		}
		if inContents {
			contents += line
		}
	}
	return anchors, sections, contents
}

var (
	// figures are timings and allocation counts, which belong in
	// BENCHMARKS.md, not in a package overview.
	figures = regexp.MustCompile(`\d\s*(ns|µs|us|ms)\b|ns/op|allocs/op|B/op|\d+\s*(MB|GB|KB)\b`)
	// bracketed is a doc link left unresolved: go doc prints it as written.
	bracketed = regexp.MustCompile(`\[\*?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\]`)
)

// Each package's documentation is a short overview: 10-20 lines in go doc,
// opening with "Package name", with doc links that all resolve and a link
// to the package's section of the design note, and no benchmark figures.
func TestPackageOverviews(t *testing.T) {
	anchors, _, _ := designNote(t)
	for _, p := range libraryPackages(t) {
		t.Run(p.rel, func(t *testing.T) {
			dp, err := doc.NewFromFiles(p.fset, p.src, path.Join(module, p.rel))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(dp.Doc, "Package "+dp.Name+" ") {
				t.Fatalf("the package doc does not open with %q: %.60q", "Package "+dp.Name, dp.Doc)
			}
			d := dp.Parser().Parse(dp.Doc)
			var links, unresolved []string
			var design string
			var walk func(ts []comment.Text)
			walk = func(ts []comment.Text) {
				for _, x := range ts {
					switch x := x.(type) {
					case *comment.DocLink:
						links = append(links, x.Name)
					case *comment.Link:
						if a, ok := strings.CutPrefix(x.URL, designURL); ok {
							design = a
						}
						walk(x.Text)
					case comment.Plain:
						unresolved = append(unresolved, bracketed.FindAllString(string(x), -1)...)
					case comment.Italic:
						unresolved = append(unresolved, bracketed.FindAllString(string(x), -1)...)
					}
				}
			}
			for _, b := range d.Content {
				switch b := b.(type) {
				case *comment.Paragraph:
					walk(b.Text)
				case *comment.List:
					for _, it := range b.Items {
						for _, c := range it.Content {
							if par, ok := c.(*comment.Paragraph); ok {
								walk(par.Text)
							}
						}
					}
				case *comment.Heading:
					t.Errorf("the overview has a section heading %q: sections belong in docs/design.md", headingText(b))
				}
			}
			if len(links) < minDocLinks {
				t.Errorf("%d doc links (%v), want at least %d to the main types and functions", len(links), links, minDocLinks)
			}
			if len(unresolved) > 0 {
				t.Errorf("doc links that resolve to nothing: %v", unresolved)
			}
			switch {
			case design == "":
				t.Errorf("no link to the package's section of the design note (%s...)", designURL)
			case !anchors[design]:
				t.Errorf("the design-note link names section #%s, which docs/design.md does not have", design)
			case design != anchor(p.rel):
				t.Errorf("the design-note link names section #%s, want the package's own, #%s", design, anchor(p.rel))
			}
			text := overviewText(dp)
			n := strings.Count(text, "\n")
			if n < minOverview || n > maxOverview {
				t.Errorf("the overview is %d lines in go doc, want %d-%d:\n%s", n, minOverview, maxOverview, text)
			}
			if m := figures.FindString(dp.Doc); m != "" {
				t.Errorf("the overview quotes a benchmark figure (%q): figures belong in BENCHMARKS.md", m)
			}
		})
	}
}

func headingText(h *comment.Heading) string {
	var b strings.Builder
	for _, x := range h.Text {
		if p, ok := x.(comment.Plain); ok {
			b.WriteString(string(p))
		}
	}
	return b.String()
}

// overviewText is the package doc as go doc prints it, without the link
// definitions at its end.
func overviewText(dp *doc.Package) string {
	pr := dp.Printer()
	d := dp.Parser().Parse(dp.Doc)
	d.Links = nil
	return strings.TrimRight(string(pr.Text(d)), "\n") + "\n"
}

// The design note has a section for every package and a contents list
// linking each.
func TestDesignNoteSections(t *testing.T) {
	anchors, sections, contents := designNote(t)
	for _, p := range libraryPackages(t) {
		if !slices.Contains(sections, p.rel) {
			t.Errorf("docs/design.md has no section %q", "## "+p.rel)
		}
		if !anchors[anchor(p.rel)] || !strings.Contains(contents, "](#"+anchor(p.rel)+")") {
			t.Errorf("the contents of docs/design.md do not link #%s", anchor(p.rel))
		}
	}
}

// vietnamese matches a letter only Vietnamese text has among the Latin
// ones (đ, ơ, ư, ă, or a vowel with a Vietnamese tone mark).
var vietnamese = regexp.MustCompile(`[đĐơƠưƯăĂạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]`)

// Every package has a runnable example (checked by go test through its
// output comment) that uses Vietnamese data.
func TestRunnableExamples(t *testing.T) {
	for _, p := range libraryPackages(t) {
		t.Run(p.rel, func(t *testing.T) {
			var runnable, withData []string
			for _, f := range p.tests {
				src := p.bytes[p.fset.File(f.Pos()).Name()]
				for _, eg := range doc.Examples(f) {
					if eg.Output == "" {
						continue
					}
					name := "Example" + eg.Name
					runnable = append(runnable, name)
					body := src[p.fset.Position(eg.Code.Pos()).Offset:p.fset.Position(eg.Code.End()).Offset]
					if vietnamese.MatchString(eg.Doc) || vietnamese.Match(body) || vietnamese.MatchString(eg.Output) {
						withData = append(withData, name)
					}
				}
			}
			if len(runnable) == 0 {
				t.Fatalf("no runnable example (a func Example... with an // Output: comment) in %s", p.dir)
			}
			if len(withData) == 0 {
				t.Errorf("none of the examples %v uses Vietnamese data (names, addresses, places)", runnable)
			}
		})
	}
}

// The README points at the design note.
func TestReadmeLinksDesignNote(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("(docs/design.md)")) {
		t.Error("README.md has no link to docs/design.md")
	}
}
