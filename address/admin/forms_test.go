package admin

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzWordForms: the one-pass forms of a word are the two forms made
// apart.
func FuzzWordForms(f *testing.F) {
	for _, s := range []string{"Hà", "Nội", "ĐắkLắk", "Cư M'gar", "HOÀ", "Ðà", "P14", "hoa\u0300", "Ｑ１", "ÆØ", "x\u00ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, l := AppendWordForms(nil, nil, s)
		require.Equal(t, string(AppendFoldWord(nil, s)), string(k), "key of %q", s)
		require.Equal(t, string(LowerLetters(nil, s)), string(l), "letters of %q", s)
	})
}
