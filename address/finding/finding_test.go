package finding_test

import (
	"regexp"
	"testing"

	"github.com/diachi-vn/diachi/address/finding"
)

// Each code is snake_case, given once, and known; nothing else is.
func TestCodes(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	seen := map[finding.Reason]bool{}
	for _, r := range finding.Reasons() {
		if !snake.MatchString(string(r)) {
			t.Errorf("%q is not snake_case", r)
		}
		if seen[r] {
			t.Errorf("%q given twice", r)
		}
		seen[r] = true
		if !r.Known() {
			t.Errorf("%q not known", r)
		}
	}
	for _, r := range []finding.Reason{"", "Parity", "parity ", "unreadable", "no_street"} {
		if r.Known() {
			t.Errorf("%q known", r)
		}
	}
	rs := finding.Reasons()
	rs[0] = "changed"
	if finding.Reasons()[0] != finding.OK {
		t.Error("Reasons returns the package's own slice")
	}
}
