package address_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/diachi-vn/diachi/address"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"41/9D KPI,P. Tân Thuận Tây,Q7 ,  HCM", "41/9D KPI, Phường Tân Thuận Tây, Q7, HCM"},
		{"P.14, Q.10, TP.HCM", "Phường 14, Quận 10, Thành phố HCM"},
		{"Số 12  ngõ 34 ,, phố Trần Duy Hưng", "Số 12 ngõ 34, phố Trần Duy Hưng"},
		{"\u00d0ắk Lắk", "Đắk Lắk"},
		{"Ea M\u2019Droh", "Ea M'Droh"},
		{"Ba\u0300 Ri\u0323a \u2013 Vu\u0303ng Ta\u0300u", "Bà Rịa - Vũng Tàu"}, // combining marks -> NFC
		{"tx. Sơn Tây", "Thị xã Sơn Tây"},
		// Every abbreviated type word of package fold's table, but the
		// codes of numbered roads.
		{"Đg. Lê Lợi, F.5, Q.10", "Đường Lê Lợi, Phường 5, Quận 10"},
		{"QL.1A, Đ. Hùng Vương", "QL.1A, Đường Hùng Vương"},
		{"  ", ""},
	}
	for _, tc := range tests {
		got := address.Normalize(tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
		assert.True(t, norm.NFC.IsNormalString(got))
		assert.Equal(t, got, address.Normalize(got), "idempotent")
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"P.14, Q.10, TP.HCM", "\u00d0ắk", "a,,b", "Ba\u0300", ",", "p.p.p."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := address.Normalize(s)
		require.Equal(t, n, address.Normalize(n), "Normalize is idempotent on %q", s)
	})
}
