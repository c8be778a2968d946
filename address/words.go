package address

import (
	"strings"

	"github.com/diachi-vn/diachi/address/fold"
)

// The reader's views of the one table of type words (package fold): each
// is derived from it once, in the form a step of reading needs.
var (
	// alleyKinds are the alley words, folded, with their AlleyKind.
	alleyKinds = func() map[string]AlleyKind {
		m := map[string]AlleyKind{}
		for w := range fold.TypeWords() {
			if k := alleyKindOf(w.Kind); k != 0 {
				m[w.Key] = k
			}
		}
		// English's words for them ("No 7, Lane 45, Xuan Dieu Rd").
		m["lane"], m["alley"] = Ngo, Hem
		return m
	}()
	// streetWords and unitWords begin a street and a unit, folded, split
	// into words, longer phrases first.
	streetWords = newPhrases(typePhrases(fold.Street))
	unitWords   = newPhrases(typePhrases(fold.Unit))
	// streetTypes name each street and alley type word in full.
	streetTypes = func() (out []struct {
		words []string
		kind  fold.Kind
	}) {
		for w := range fold.TypeWords() {
			if c := w.Kind.Class(); c == fold.Street || c == fold.Alley {
				out = append(out, struct {
					words []string
					kind  fold.Kind
				}{strings.Fields(w.Key), w.Kind})
			}
		}
		return out
	}()
	// gluedRoad are the codes of numbered roads written against their
	// number ("QL1A", "ĐT743", "TL10"), gluedUnits the unit types
	// written against theirs ("P1", "Q10", "F5").
	gluedRoad  = gluedWords(fold.Street)
	gluedUnits = gluedWords(fold.Unit)
	// typeSpellings are the words of the unit type words as written,
	// diacritics and all ("phường", "quận", "tp").
	typeSpellings = func() map[string]bool {
		m := map[string]bool{}
		for w := range fold.TypeWords() {
			if w.Kind.Class() == fold.Unit {
				for _, s := range strings.Fields(w.Spelling) {
					m[s] = true
				}
			}
		}
		return m
	}()
	// numberTypeWords are the type words written before a numbered unit
	// ("Phường 5", "Q.10", "thị trấn 2"): the last word of each type word
	// of a district or a commune (provinces and cities have no numbers),
	// but for a word that also begins a place ("Khu 5").
	numberTypeWords = func() map[string]bool {
		m := map[string]bool{}
		for w := range fold.TypeWords() {
			if w.Kind.Class() == fold.Unit && w.Kind != fold.Tinh && w.Kind != fold.ThanhPho {
				ws := strings.Fields(w.Key)
				m[ws[len(ws)-1]] = true
			}
		}
		for _, p := range placeWords.list {
			delete(m, p[0])
		}
		return m
	}()
	// alleyWords are the AlleyKinds' words as written ("ngõ").
	alleyWords = func() (out [Slash + 1]string) {
		for w := range fold.TypeWords() {
			if k := alleyKindOf(w.Kind); k != 0 && !w.Short {
				out[k] = w.Spelling
			}
		}
		return out
	}()
)

// alleyKindOf is the AlleyKind of an alley's type word kind, 0 for
// others.
func alleyKindOf(k fold.Kind) AlleyKind {
	switch k {
	case fold.Ngo:
		return Ngo
	case fold.Ngach:
		return Ngach
	case fold.Hem:
		return Hem
	case fold.Kiet:
		return Kiet
	}
	return 0
}

// typePhrases are the type words of class c, folded, split into words.
func typePhrases(c fold.Class) (out [][]string) {
	for w := range fold.TypeWords() {
		if w.Kind.Class() == c {
			out = append(out, strings.Fields(w.Key))
		}
	}
	return out
}

// gluedWords are the type words of class c written against a number,
// with the kind they announce.
func gluedWords(c fold.Class) (out []struct {
	pre  string
	kind fold.Kind
}) {
	for w := range fold.TypeWords() {
		if w.Kind.Class() == c && w.Glued {
			out = append(out, struct {
				pre  string
				kind fold.Kind
			}{w.Key, w.Kind})
		}
	}
	return out
}

// typeKeys are the type words of the given classes folded without spaces
// ("duong", "dailo", "ngo"), as one token's key shows them.
func typeKeys(m map[string]bool, classes ...fold.Class) map[string]bool {
	for w := range fold.TypeWords() {
		for _, c := range classes {
			if w.Kind.Class() == c {
				m[strings.ReplaceAll(w.Key, " ", "")] = true
			}
		}
	}
	return m
}

// stallKey reports whether a key (a word without its marks) is that of a word
// isLandmark reads as written ("ô", "quầy", "sạp", "dãy", "lô", "tiệm",
// "sát"): only those words are worth writing in lower case to tell.
func stallKey(key string) bool {
	switch key {
	case "o", "quay", "sap", "day", "lo", "tiem", "sat":
		return true
	}
	return false
}
