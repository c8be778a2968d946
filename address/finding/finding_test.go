package finding_test

import (
	"regexp"
	"strings"
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

// Every reason has a severity and a description in both languages, the
// Vietnamese one in Vietnamese (with its letters); unknown codes have
// neither.
func TestDescriptions(t *testing.T) {
	for _, r := range finding.Reasons() {
		if r.Severity() == 0 {
			t.Errorf("%s has no severity", r)
		}
		vi, en := r.Describe(finding.Vietnamese), r.Describe(finding.English)
		if vi == "" || en == "" || vi == en || vi == string(r) {
			t.Errorf("%s: descriptions %q / %q", r, vi, en)
		}
		if !strings.ContainsAny(vi, "ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ") {
			t.Errorf("%s: %q is not Vietnamese", r, vi)
		}
	}
	if finding.Parity.Severity() != finding.Error || finding.LegacyDirection.Severity() != finding.Info || finding.Far.Severity() != finding.Warning {
		t.Error("severities")
	}
	if r := finding.Reason("lẻ"); r.Severity() != 0 || r.Describe(finding.English) != "lẻ" {
		t.Error("an unknown code has a severity or a description")
	}
	for _, s := range []string{"vi", "en"} {
		l, err := finding.ParseLang(s)
		if err != nil || l.String() != s {
			t.Errorf("ParseLang(%q) = %v, %v", s, l, err)
		}
	}
	if _, err := finding.ParseLang("VN"); err == nil {
		t.Error("ParseLang(VN) accepted")
	}
}
