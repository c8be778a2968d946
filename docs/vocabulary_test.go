package docs_test

import (
	"go/ast"
	"testing"
)

// One concept, one type: the codes of findings are declared once
// (address/finding), and every package that reports findings uses that
// type rather than a vocabulary of its own.
func TestOneReasonType(t *testing.T) {
	var decls []string
	for _, p := range libraryPackages(t) {
		for _, f := range p.src {
			ast.Inspect(f, func(n ast.Node) bool {
				if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == "Reason" {
					decls = append(decls, p.rel)
				}
				return true
			})
		}
	}
	if len(decls) != 1 || decls[0] != "address/finding" {
		t.Errorf("type Reason is declared in %v, want once, in address/finding", decls)
	}
}
