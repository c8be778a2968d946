package registry_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/internal/decimal"
)

// Numeric attributes written as text are read in decimal notation only.
func TestPropsDecimalOnly(t *testing.T) {
	ps := registry.Props{{Key: "a", Value: "1_0"}, {Key: "b", Value: "0x1p-2"}, {Key: "c", Value: "0x10"},
		{Key: "d", Value: "Inf"}, {Key: "e", Value: "1e309"}, {Key: "f", Value: " 12.5 "}, {Key: "g", Value: "010"}}
	for _, k := range []string{"a", "b", "c", "d"} {
		_, _, err := ps.Float(k)
		assert.ErrorIs(t, err, decimal.ErrSyntax, k)
	}
	_, _, err := ps.Int("c")
	assert.ErrorIs(t, err, decimal.ErrSyntax)
	_, _, err = ps.Float("e")
	assert.ErrorIs(t, err, decimal.ErrRange)
	assert.EqualError(t, err, `e: "1e309" is out of range: beyond ±1.7976931348623157e+308`)
	f, ok, err := ps.Float("f")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, 12.5, f)
	n, _, err := ps.Int("g")
	require.NoError(t, err)
	assert.Equal(t, int64(10), n)
}
