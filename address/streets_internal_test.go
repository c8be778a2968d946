package address

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

// Names of places the parser does not know as streets (the communes and
// districts of both systems, real names written right) are almost never
// read as a known street with one letter wrong: such a reading must be
// rare for a street the parser does not know.
func TestUnknownNamesKeptAsWritten(t *testing.T) {
	ix := streets()
	seen := map[string]bool{}
	unknown := 0
	var read []string
	for _, v := range []admin.Version{admin.Legacy, admin.V2025} {
		d := admin.Load(v)
		for _, l := range []admin.Level{admin.Commune, admin.District} {
			for _, u := range d.Units(l) {
				k := fold.Key(u.Short)
				if seen[k] || strings.Count(k, " ") == 0 {
					continue
				}
				seen[k] = true
				if _, ok := ix.byKey[k]; ok {
					continue
				}
				unknown++
				to, ok := ix.oneLetterOff(k, notASyllable(u.Short))
				if !ok {
					to, ok = ix.nguyenMisspelt(k)
				}
				if ok {
					read = append(read, u.Short+" -> "+to)
				}
			}
		}
	}
	require.Greater(t, unknown, 5000)
	t.Logf("%d of %d unknown names read as a known one: %v", len(read), unknown, read)
	assert.LessOrEqual(t, len(read), unknown/1000)
}

func TestOneEditApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"khai", "khia", true}, {"phung", "phun", true}, {"trung", "trungg", true}, {"hoan", "haon", true},
		{"vam", "van", true}, {"abc", "abc", false}, {"abcd", "badc", false}, {"abc", "a", false}, {"", "a", true},
		// A letter changed for a key far from it: another name.
		{"luong", "huong", false}, {"pham", "phan", true},
	} {
		assert.Equal(t, c.want, oneEditApart(c.a, c.b), "%q %q", c.a, c.b)
		assert.Equal(t, c.want, oneEditApart(c.b, c.a), "%q %q", c.b, c.a)
	}
}

func TestKeysAdjacent(t *testing.T) {
	for _, p := range []string{"mn", "nm", "qw", "as", "qa", "wa", "sz", "sx", "gh", "ty", "jm", "az"} {
		assert.True(t, keysAdjacent(p[0], p[1]), p)
	}
	for _, p := range []string{"lh", "qe", "ng", "pa", "cm", "a1", "zd"} {
		assert.False(t, keysAdjacent(p[0], p[1]), p)
	}
}

// FuzzMendStreet: any name, as written and as read, is mended or left
// without a panic; a name read with its diacritics keeps its key, and
// one read through a typo is one slip of typing away.
func FuzzMendStreet(f *testing.F) {
	for _, s := range []string{"tran duy hung", "N.T.M.Khai", "NKKN", "Nguyễn Thị Minh Khia", "Lý T. Kiệt", "a", ". .", "ÂÂÂ", "Hai Bà Trung"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		to, kind, ok := mendStreet(s, s)
		if !ok {
			return
		}
		require.NotEmpty(t, to)
		switch kind {
		case RepairDiacritics:
			assert.Equal(t, fold.Key(s), fold.Key(to))
		case RepairTypo:
			assert.True(t, oneEditApart(strings.ReplaceAll(fold.Key(s), " ", ""), strings.ReplaceAll(fold.Key(to), " ", "")), "%q -> %q", s, to)
		case RepairAbbreviation, RepairScan:
		default:
			t.Fatalf("kind %v", kind)
		}
	})
}

func TestNotASyllable(t *testing.T) {
	for _, w := range []string{"Quang Trungg", "Cách Mạng Thág", "Lý Tự Trọg", "quang trungg"} {
		assert.True(t, notASyllable(w), w)
	}
	for _, w := range []string{"Nguyễn Thị Minh Khia", "Phan Đình Phùn", "Trườn Chinh", "Xuân Thủ", "tran duy hung", "lien hoa", "Hoa Sữa 11-44"} {
		assert.False(t, notASyllable(w), w)
	}
}
