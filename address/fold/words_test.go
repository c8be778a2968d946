package fold_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/fold"
)

// The table is consistent: each key is the fold of its spelling, each
// kind's word in full is in it, spelled as the kind writes it, and a
// phrase comes before every word it begins with.
func TestTypeWordsTable(t *testing.T) {
	var ws []fold.TypeWord
	full := map[fold.Kind]bool{}
	for w := range fold.TypeWords() {
		require.NotZero(t, w.Kind.Class(), "%+v", w)
		assert.Equal(t, w.Key, fold.Key(w.Spelling), "%+v", w)
		if !w.Short {
			assert.False(t, full[w.Kind], "%v written in full twice", w.Kind)
			full[w.Kind] = true
			assert.Equal(t, strings.ToLower(w.Kind.String()), w.Spelling)
		}
		for _, prev := range ws {
			assert.NotEqual(t, prev.Key, w.Key, "twice")
			assert.False(t, strings.HasPrefix(w.Key, prev.Key+" "), "%q after %q", w.Key, prev.Key)
		}
		ws = append(ws, w)
	}
	for k := fold.Tinh; k <= fold.Kiet; k++ {
		assert.True(t, full[k], "%v", k)
	}
	assert.Equal(t, "", fold.Kind(0).String())
	assert.Equal(t, "", fold.Kind(200).String())
	assert.Equal(t, fold.Class(0), fold.Kind(200).Class())

	w, ok := fold.Lookup("tp")
	require.True(t, ok)
	assert.Equal(t, fold.TypeWord{Key: "tp", Spelling: "tp", Kind: fold.ThanhPho, Short: true}, w)
	_, ok = fold.Lookup("thanh")
	assert.False(t, ok)
}

func TestCutType(t *testing.T) {
	tests := []struct {
		key     string
		classes []fold.Class
		kind    fold.Kind
		rest    string
	}{
		{"duong le loi", nil, fold.Duong, "le loi"},
		{"duong tinh 743", nil, fold.DuongTinh, "743"},
		{"duong tinh quang", nil, fold.Duong, "tinh quang"}, // Đường Tình Quang
		{"thanh pho ho chi minh", nil, fold.ThanhPho, "ho chi minh"},
		{"p 14", nil, fold.Phuong, "14"},
		{"p 14", []fold.Class{fold.Street, fold.Alley}, 0, "p 14"},
		{"ngach 9 12", []fold.Class{fold.Alley}, fold.Ngach, "9 12"},
		{"duong", nil, 0, "duong"}, // a name, not a type word
		{"duongle", nil, 0, "duongle"},
		{"", nil, 0, ""},
	}
	for _, tc := range tests {
		w, rest, ok := fold.CutType(tc.key, tc.classes...)
		assert.Equal(t, tc.kind != 0, ok, "%q", tc.key)
		assert.Equal(t, tc.kind, w.Kind, "%q", tc.key)
		assert.Equal(t, tc.rest, rest, "%q", tc.key)
	}
}

// NameKey matches a street or an alley whichever way its type is
// written; the type of a numbered road is part of its name.
func TestNameKey(t *testing.T) {
	for _, s := range []string{"Đường Lê Lợi", "Đ. Lê Lợi", "Đg Lê Lợi", "Phố Lê Lợi", "lê lợi", "LE LOI", "Đại lộ Lê Lợi"} {
		assert.Equal(t, "le loi", fold.NameKey(s), "%q", s)
	}
	assert.Equal(t, "201", fold.NameKey("Ngõ 201"))
	assert.Equal(t, "41", fold.NameKey("hẻm 41"))
	assert.Equal(t, "quoc lo 13", fold.NameKey("Quốc lộ 13"))
	assert.Equal(t, "duong tinh 743", fold.NameKey("Đường tỉnh 743"))
	assert.Equal(t, "tinh quang", fold.NameKey("Đường Tình Quang"))
	assert.Equal(t, "phuong 5", fold.NameKey("Phường 5"), "a unit's type word stays")
	assert.Equal(t, "duong", fold.NameKey("Đường"))
}

// FuzzCutType: a cut type word and its rest make the key again.
func FuzzCutType(f *testing.F) {
	for _, s := range []string{"Đường Lê Lợi", "Quốc lộ 1A", "Đường tỉnh 743", "ngõ", "P.14", "Ngách 9/12 Phố Huế"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := fold.Key(s)
		w, rest, ok := fold.CutType(k)
		if !ok {
			require.Equal(t, k, rest)
			return
		}
		require.Equal(t, k, w.Key+" "+rest)
		require.NotEmpty(t, rest)
		n := fold.NameKey(s)
		require.True(t, n == k || n == rest, "%q: name key %q", s, n)
	})
}
