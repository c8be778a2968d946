package address_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

func TestParseKeyFile(t *testing.T) {
	key := "an office's secret key, 32 bytes"
	for _, in := range []string{key, key + "\n", key + "\r\n"} {
		got, err := address.ParseKeyFile([]byte(in))
		require.NoError(t, err, "%q", in)
		assert.Equal(t, key, string(got))
	}
	got, err := address.ParseKeyFile([]byte(key + "\n\n"))
	require.NoError(t, err)
	assert.Equal(t, key+"\n", string(got), "only one final line break is removed")
	for _, in := range []string{"", "\n", "short key\n", strings.Repeat("k", address.MaxKeyFileBytes+1)} {
		_, err := address.ParseKeyFile([]byte(in))
		assert.ErrorIs(t, err, address.ErrKeyFile, "%q", in)
	}
}

// FuzzParseKeyFile: any file gives a key it holds or ErrKeyFile, never a
// panic, and never a key the file does not start with.
func FuzzParseKeyFile(f *testing.F) {
	f.Add([]byte("an office's secret key, 32 bytes\r\n"))
	f.Add([]byte("\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		key, err := address.ParseKeyFile(data)
		if err != nil {
			require.ErrorIs(t, err, address.ErrKeyFile)
			return
		}
		if len(key) < address.MinKeyBytes || !bytes.HasPrefix(data, key) {
			t.Fatalf("key %q from %q", key, data)
		}
	})
}
