package address_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

func TestSchemesOf(t *testing.T) {
	ours, _ := address.NewID(123456789)
	tests := []struct {
		in   string
		want []address.Scheme
	}{
		{ours.Grouped(), []address.Scheme{address.SchemeDiachi, address.SchemeVNPost}},
		{"0123456780", []address.Scheme{address.SchemeVNPost}}, // bad check digit for ours
		{"0123 4567 8901", []address.Scheme{address.SchemeMPSLocation}},
		{"012345678901", []address.Scheme{address.SchemeMPSLocation, address.SchemeParcel}},
		{"w3gv7cp47ee1", []address.Scheme{address.SchemeParcel}},
		{"70000 7P28QMF", []address.Scheme{address.SchemeVpostcode}},
		{"70000-7p28qmf", []address.Scheme{address.SchemeVpostcode}},
		{"hello", nil},
		{"", nil},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, address.SchemesOf(tc.in), "%q", tc.in)
	}
}

func TestExternalID(t *testing.T) {
	e, err := address.ParseExternalID(address.SchemeVpostcode, "70000 7p28qmf")
	require.NoError(t, err)
	assert.Equal(t, "700007P28QMF", e.Value())
	assert.Equal(t, "vpostcode-2020:700007P28QMF", e.String())

	v, err := address.ParseExternalID(address.SchemeVNPost, "０１２３-４５６-７８９")
	require.NoError(t, err)
	assert.Equal(t, "0123456789", v.Value())

	b, err := json.Marshal([]address.ExternalID{e, v})
	require.NoError(t, err)
	assert.Equal(t, `["vpostcode-2020:700007P28QMF","vnpost-2021:0123456789"]`, string(b))
	var back []address.ExternalID
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, []address.ExternalID{e, v}, back)

	bad := []struct {
		s    address.Scheme
		in   string
		what string
	}{
		{address.SchemeVNPost, "012345678", "9 digits"},
		{address.SchemeMPSLocation, "0123456789012", "13 digits"},
		{address.SchemeVpostcode, "7000 7P28QMF", "4-digit postcode"},
		{address.SchemeVpostcode, "70000 7P28QM", "6-character position"},
		{address.SchemeVpostcode, "70000 7P28QMO", "letter O"},
		{address.SchemeParcel, "w3gv7cp47eea", "letter a"},
		{address.Scheme(0), "1", "no scheme"},
		{address.Scheme(99), "1", "unknown scheme"},
	}
	for _, tc := range bad {
		_, err := address.ParseExternalID(tc.s, tc.in)
		assert.ErrorIs(t, err, address.ErrIDSyntax, tc.what)
	}
	var x address.ExternalID
	assert.Error(t, x.UnmarshalText([]byte("0123456789")), "no scheme")
	assert.Error(t, x.UnmarshalText([]byte("unknown:1")))
	assert.Equal(t, "scheme(0)", address.Scheme(0).String())
}

func FuzzSchemesOf(f *testing.F) {
	for _, s := range []string{"0123456789", "70000 7P28QMF", "w3gv7cp47ee1", "１２３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sc := range address.SchemesOf(s) {
			e, err := address.ParseExternalID(sc, s)
			require.NoError(t, err)
			// The canonical value is itself valid and stable.
			again, err := address.ParseExternalID(sc, e.Value())
			require.NoError(t, err)
			require.Equal(t, e, again)
		}
	})
}
