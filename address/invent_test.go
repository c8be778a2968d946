package address_test

import (
	"flag"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

var inventSeed = flag.Uint64("invent.seed", 0, "seed of TestNoInventedUnits (0: from the clock)")

// writtenAs reports whether the text of span is a way of writing u that
// the matcher of the admin package knows (its name, any spelling, an
// alias), or its short name with one letter wrong: the unit is in the
// text, not made up.
func writtenAs(u admin.Unit, text string) bool {
	d := admin.Load(u.Code.Version())
	// i and y are one letter in names (Quí, Quý): the parser unifies them.
	iy := strings.NewReplacer("y", "i", "ý", "í", "ỳ", "ì", "ỷ", "ỉ", "ỹ", "ĩ", "ỵ", "ị", "Y", "I", "Ý", "Í", "Ỳ", "Ì", "Ỷ", "Ỉ", "Ỹ", "Ĩ", "Ỵ", "Ị")
	// Scanning errors the parser mends: "rn" for "m", 0 and 1 for o and l.
	scan := strings.NewReplacer("rn", "m", "0", "o", "1", "l")
	// And letters read for digits in a number ("o06", "l2").
	digits := strings.NewReplacer("o", "0", "O", "0", "l", "1", "I", "1")
	forms := []string{text, iy.Replace(text), scan.Replace(text), iy.Replace(scan.Replace(text)), digits.Replace(text)}
	for _, t := range []string{text, strings.ReplaceAll(text, "-", "")} {
		for _, pre := range []string{"p", "x", "q", "h", "f", "tt", "tx", "tp"} {
			// A type word glued to the name ("pNềo", "xCừMát", "T-pHn").
			if len(t) > len(pre) && strings.EqualFold(t[:len(pre)], pre) {
				forms = append(forms, pre+". "+t[len(pre):])
			}
		}
	}
	// A type word glued and written with other marks ("XẩVễAn"): the
	// folded letters after it.
	for _, pre := range []string{"xa", "phuong", "quan", "huyen", "tinh", "thanhpho", "thixa", "thitran"} {
		if k := strings.ReplaceAll(fold.Key(text), " ", ""); strings.HasPrefix(k, pre) && len(k) > len(pre) {
			forms = append(forms, k[len(pre):])
		}
	}
	for _, t := range forms {
		for _, within := range []admin.Code{{}, u.Parent} {
			for _, c := range d.Match(u.Code.Level(), t, within) {
				if c.Unit.Code == u.Code {
					return true
				}
			}
		}
	}
	// A ward's or district's number written as a word after its type
	// word ("Q.BA", "phường tám").
	if ws := strings.Fields(fold.Key(text)); len(ws) >= 2 {
		nums := map[string]string{"mot": "1", "hai": "2", "ba": "3", "bon": "4", "tu": "4", "nam": "5", "sau": "6", "bay": "7", "tam": "8", "chin": "9", "muoi": "10"}
		if n, ok := nums[ws[len(ws)-1]]; ok && strings.TrimLeft(fold.Key(u.Short), "0") == n {
			return true
		}
	}
	key := admin.Key(text)
	name := strings.ReplaceAll(fold.Key(u.Short), " ", "")
	full := strings.ReplaceAll(fold.Key(u.Name), " ", "")
	if key == name || key == full || strings.ReplaceAll(fold.Key(text), " ", "") == full {
		return true
	}
	// A typo (one edit), a scanning error ("rn" for "m") or an
	// abbreviation of the first word ("B. Định") of the name.
	variants := strings.NewReplacer("rn", "m", "0", "o", "1", "l", "y", "i", "k", "c")
	k := variants.Replace(key)
	name = variants.Replace(name)
	abbrev := func(k string) bool { // "B. Định": the first word's initial, then the rest
		return len(k) >= 3 && len(name) > 0 && k[0] == name[0] && strings.HasSuffix(name, k[1:])
	}
	for _, pre := range []string{"", "x", "p", "q", "h", "f", "tt", "tx", "tp", "xa", "phuong", "quan", "huyen", "tinh", "thanhpho"} {
		// A type word glued to the name ("xCừMát", "P5", "hĐCơ").
		if strings.HasPrefix(k, pre) && (editsAtMost1(k[len(pre):], name) || k[len(pre):] == variants.Replace(full) || pre != "" && abbrev(k[len(pre):])) {
			return true
		}
	}
	// A name of three words or more by its initials in capitals, a type
	// word glued or apart before them ("BRVT", "hDMC", "H. DMC").
	if ws := strings.Fields(fold.Key(u.Short)); len(ws) >= 3 {
		var ini strings.Builder
		for _, w := range ws {
			ini.WriteByte(w[0])
		}
		parts := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '.' || r == '-' })
		last := parts[len(parts)-1]
		if k := strings.ToLower(fold.Key(last)); strings.ToUpper(last) != last {
			// "hDMC": the type word's letter glued in lower case.
			if up := strings.TrimLeftFunc(last, unicode.IsLower); strings.ToUpper(up) == up && fold.Key(up) == ini.String() {
				return true
			}
		} else if k == ini.String() {
			return true
		}
	}
	// A district of two words by its initials in capitals after its type
	// word ("Q.PN", "H CC").
	if ws, tw := strings.Fields(fold.Key(u.Short)), strings.Fields(fold.Key(text)); u.Code.Level() == admin.District &&
		len(ws) == 2 && len(tw) == 2 && tw[1] == ws[0][:1]+ws[1][:1] {
		parts := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '.' })
		if last := parts[len(parts)-1]; strings.ToUpper(last) == last {
			return true
		}
	}
	all := variants.Replace(strings.ReplaceAll(fold.Key(text), " ", ""))
	return editsAtMost1(all, variants.Replace(full)) || abbrev(k) || abbrev(all)
}

func editsAtMost1(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:] || (i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:])
	}
	return a[i+1:] == b[i:]
}

// checkNotInvented fails when a unit of the parse is neither written in s
// (its span reads as the unit) nor implied by a unit below it.
func checkNotInvented(t *testing.T, s string, a address.Address) {
	t.Helper()
	units := []struct {
		u       admin.Unit
		comp    address.Component
		implied bool
	}{{a.Commune, address.CompCommune, false}, {a.District, address.CompDistrict, a.ImpliedDistrict}, {a.Province, address.CompProvince, a.ImpliedProvince}}
	for i, x := range units {
		if !x.u.IsValid() {
			continue
		}
		if x.implied && a.Status() == address.StatusAmbiguous {
			// Implied by every reading of an ambiguous address.
			require.NotEmpty(t, a.Alternatives, "%q", s)
			for _, r := range a.Alternatives {
				got := r.Province
				if x.comp == address.CompDistrict {
					got = r.District
				}
				// What is shared is shared by the readings in the address's
				// system of units (the reading in the other system, listed
				// too, is no tie). (The same province in the other system of
				// units is the same province.)
				if got.IsValid() && got.Code.Version() != x.u.Code.Version() {
					continue
				}
				same := got.Code == x.u.Code || got.Code.Level() == x.u.Code.Level() && got.Name == x.u.Name
				require.True(t, same, "%q: %s %q is not shared by the readings (%s %q)", s, x.u.Code.Level(), x.u.Name, got.Code, got.Name)
			}
			continue
		}
		if x.implied {
			// Implied: the parent of a unit read below it.
			below := false
			for _, y := range units[:i] {
				if y.u.IsValid() {
					p := y.u.Parent
					for p.IsValid() && p != x.u.Code {
						pu, _ := admin.Load(p.Version()).Unit(p)
						p = pu.Parent
					}
					below = below || p == x.u.Code
				}
			}
			require.True(t, below, "%q: %s %q implied by nothing read below it", s, x.u.Code.Level(), x.u.Name)
			continue
		}
		sp := a.Spans[x.comp]
		require.True(t, sp.End > sp.Start && sp.End <= len(s), "%q: %s %q has no span", s, x.u.Code.Level(), x.u.Name)
		require.True(t, writtenAs(x.u, s[sp.Start:sp.End]), "%q: %s %q read from %q", s, x.u.Code.Level(), x.u.Name, s[sp.Start:sp.End])
	}
}

// TestNoInventedUnits: on random strings and on addresses with one level
// removed, every unit returned is written (its span reads as it) or
// implied by a unit below it; the level removed never comes back unless
// it is implied.
func TestNoInventedUnits(t *testing.T) {
	seed := *inventSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (-invent.seed to repeat)", seed)
	r := rand.New(rand.NewPCG(seed, 17))

	// Random strings: letters of Vietnamese, digits, separators.
	alphabet := []rune("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ 0123456789,.-/ABCDĐHKLMNPQTVX")
	for range 10000 {
		n := 1 + r.IntN(60)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		a, err := address.Parse(s)
		if err != nil {
			continue
		}
		checkNotInvented(t, s, a)
	}

	// Real addresses with one level removed.
	l := admin.Load(admin.Legacy)
	communes := l.Units(admin.Commune)
	for range 3000 {
		c := communes[r.IntN(len(communes))]
		d, _ := l.Unit(c.Parent)
		p, _ := l.Unit(d.Parent)
		levels := []admin.Unit{c, d, p}
		drop := r.IntN(3)
		var parts []string
		for i, u := range levels {
			if i != drop {
				parts = append(parts, u.Name)
			}
		}
		s := "12 Đường Lê Lợi, " + strings.Join(parts, ", ")
		a, err := address.ParseWith(s, address.ParseOptions{Units: address.UnitsLegacy})
		require.NoError(t, err)
		checkNotInvented(t, s, a)
		got := []admin.Unit{a.Commune, a.District, a.Province}
		implied := []bool{false, a.ImpliedDistrict, a.ImpliedProvince}
		if got[drop].Code == levels[drop].Code && !implied[drop] {
			t.Fatalf("%q: the %s removed (%s) came back without being implied", s, levels[drop].Code.Level(), levels[drop].Name)
		}
	}
}
