package address

import (
	"strings"
	"testing"
)

// isUpperCase and isLowerCase answer as comparing the text with its
// copy in upper or lower case does.
func TestCaseAsStrings(t *testing.T) {
	for _, w := range []string{
		"", "BRVT", "BMT", "Bmt", "THO", "Thạnh", "THẠNH", "thạnh", "ĐẮK", "đắk", "Đắk", "12A", "q1", "Q1",
		"ǅ", "ǆ", "Ǆ", "ß", "ẞ", "İ", "ı", "K", "µ", "ﬁ", "\ufffd", "Ho\u0300a", "HO\u0300A", "ʼN", "ŉ",
	} {
		if got, want := isUpperCase(w), strings.ToUpper(w) == w; got != want {
			t.Errorf("isUpperCase(%q) = %v, want %v", w, got, want)
		}
		if got, want := isLowerCase(w), strings.ToLower(w) == w; got != want {
			t.Errorf("isLowerCase(%q) = %v, want %v", w, got, want)
		}
	}
}

func FuzzCaseAsStrings(f *testing.F) {
	f.Add("Bình Thạnh")
	f.Add("BRVT")
	f.Fuzz(func(t *testing.T, w string) {
		if !checkTextOK(w) {
			return // the parser reads valid UTF-8 only
		}
		if got, want := isUpperCase(w), strings.ToUpper(w) == w; got != want {
			t.Fatalf("isUpperCase(%q) = %v, want %v", w, got, want)
		}
		if got, want := isLowerCase(w), strings.ToLower(w) == w; got != want {
			t.Fatalf("isLowerCase(%q) = %v, want %v", w, got, want)
		}
	})
}

func checkTextOK(w string) bool { return checkText(w) == nil }
