package address

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/internal/nfc"
)

// lookAlikes are characters that look like Vietnamese letters or common
// punctuation but are other code points.
var lookAlikes = strings.NewReplacer(
	"\u00d0", "Đ", // Ð (Icelandic eth)
	"\u00f0", "đ",
	"\u0189", "Đ", // Ɖ (African D)
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2212", "-",
	"\u00a0", " ", "\u2009", " ", "\u202f", " ", "\u3000", " ",
	"\uff0c", ",", // full-width comma
	"\u2019", "'", "\u02bc", "'",
)

// abbreviations are expanded by Normalize when they stand before a name;
// keys are lower case, with their dot: the abbreviated type words of
// units and streets (not the codes of numbered roads, "QL.1A", which are
// the road's name), and two of places.
var abbreviations = func() []struct{ abbr, full string } {
	out := []struct{ abbr, full string }{{"kp.", "Khu phố"}, {"tdp.", "Tổ dân phố"}}
	for w := range fold.TypeWords() {
		if w.Short && !w.Kind.Numbered() {
			out = append(out, struct{ abbr, full string }{w.Spelling + ".", w.Kind.String()})
		}
	}
	return out
}()

// Normalize returns a tidy copy of an address as written: Unicode NFC,
// look-alike letters and dashes replaced (Ð is Đ), spaces collapsed, one
// space after each comma, none before, and the common abbreviations
// before names expanded: those of the type words of units and streets
// (P. and F. → Phường, Q. → Quận, TP. → Thành phố, TX., TT., H., X., Đ. and
// Đg. → Đường; package fold holds them) and KP. → Khu phố, TDP. → Tổ dân
// phố; the codes of numbered roads (QL.1A) are names and stay. Letters
// keep their case and nothing is dropped or reordered.
// Normalize(Normalize(s)) equals Normalize(s).
func Normalize(s string) string {
	if tidy(s) {
		return s
	}
	s = nfc.String(lookAlikes.Replace(s))
	// Split at commas, tidy each part.
	parts := strings.Split(s, ",")
	for i, p := range parts {
		words := strings.FieldsFunc(p, unicode.IsSpace)
		var out []string
		for _, w := range words {
			out = appendExpanded(out, w)
		}
		parts[i] = strings.Join(out, " ")
	}
	// Drop empty parts made of separators only, but keep the text.
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return nfc.String(strings.Join(kept, ", "))
}

// tidy reports whether Normalize would leave s as it is: NFC, single
// spaces, no look-alikes, no dot (abbreviations have one), no comma not
// followed by a space, nothing to trim.
func tidy(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || s[len(s)-1] == ',' || s[0] == ',' {
		return s == ""
	}
	prev := byte(0)
	fast := true // every rune not ASCII is of the blocks internal/nfc decides alone
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '\t' || c == '\n' || c == '\r', c == ' ' && prev == ' ', c == ',' && prev == ' ', prev == ',' && c != ' ':
			return false
		case c >= utf8.RuneSelf:
			// Look-alikes and NFC in the same pass as the ASCII checks.
			r, n := utf8.DecodeRuneInString(s[i:])
			if lookAlike(r) {
				return false
			}
			fast = fast && (r >= 0xC0 && r < 0x250 || r >= 0x1E00 && r < 0x1F00)
			i += n - 1
		}
		prev = c
	}
	// (Other text is asked of package norm, once the cheap checks pass.)
	return fast || nfc.IsNormal(s)
}

// hasLookAlike reports whether s holds a character lookAlikes replaces.
func hasLookAlike(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if lookAlike(r) {
			return true
		}
		i += n - 1
	}
	return false
}

// lookAlike reports whether lookAlikes replaces r.
func lookAlike(r rune) bool {
	switch r {
	case '\u00d0', '\u00f0', '\u0189', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212',
		'\u00a0', '\u2009', '\u202f', '\u3000', '\uff0c', '\u2019', '\u02bc':
		return true
	}
	return false
}

// appendExpanded appends the word w to out, an abbreviation at its start
// replaced ("P.14" → "Phường", "14"; "Q.10" → "Quận", "10").
func appendExpanded(out []string, w string) []string {
	if strings.IndexByte(w, '.') < 0 {
		return append(out, w) // every abbreviation has its dot (most words)
	}
	lw := strings.ToLower(w)
	for _, a := range abbreviations {
		if strings.HasPrefix(lw, a.abbr) {
			out = append(out, a.full)
			if rest := w[len(a.abbr):]; rest != "" {
				out = appendExpanded(out, rest)
			}
			return out
		}
	}
	return append(out, w)
}
