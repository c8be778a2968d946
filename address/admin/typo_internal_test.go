package admin

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The hashes Typos looks up for a key and for the key with each letter
// deleted, computed from the key's prefixes and suffixes, are the hashes
// of those keys written out, as the typo index stores them.
func TestTypoVariantHashes(t *testing.T) {
	for _, key := range []string{"", "a", "ab", "hoangthanh", "thanhphohochiminh", strings.Repeat("xy9", 30)} {
		got := typoVariantHashes(nil, []byte(key))
		require.Len(t, got, len(key)+1, key)
		require.Equal(t, typoHash([]byte(key)), got[0], key)
		for d := range len(key) {
			require.Equal(t, typoHash([]byte(key[:d]+key[d+1:])), got[d+1], "%q without letter %d", key, d)
		}
	}
}
