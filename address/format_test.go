package address_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
)

func TestFormatStyles(t *testing.T) {
	a, err := address.Parse("so 12 ngo 34 ngach 56 Phố Tran Duy Hung, P. Trung Hoa, Q. Cau Giay, HN 11313")
	require.NoError(t, err)
	assert.Equal(t, "Số 12 ngõ 34 ngách 56 Phố Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội, 11313", address.Format(a, address.Legacy))
	// Phường Trung Hòa was split in 2025: without a location the official
	// form cannot name its successor, so the legacy units stay, district
	// included, rather than a guess.
	conv, err := admin.Convert(a.Commune.Code)
	require.NoError(t, err)
	require.Equal(t, admin.Split, conv.Kind)
	assert.Equal(t, "Số 12 ngõ 34 ngách 56 Phố Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội, 11313", address.Format(a, address.Official))
	kept, cands := address.Unconverted(a, address.Official)
	assert.True(t, kept, "a split commune is not converted")
	require.Len(t, cands, len(conv.To))
	assert.Equal(t, conv.To[0].Unit, cands[0])
	kept, cands = address.Unconverted(a, address.Legacy)
	assert.False(t, kept, "the legacy style asks for no conversion")
	assert.Empty(t, cands)
	assert.Equal(t, "34/56/12 Phố Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội, 11313", address.Format(a, address.Southern))
	assert.Equal(t, "So 12 ngo 34 ngach 56 Pho Tran Duy Hung, Phuong Trung Hoa, Quan Cau Giay, Thanh pho Ha Noi, 11313", address.Format(a, address.ASCII))
	assert.Equal(t, address.Legacy, address.NativeStyle(a))
	// The street type is written in full; the name as it was read.
	assert.Equal(t, "Phố", a.StreetType)
	assert.Equal(t, []string{"Nguyễn Văn A", "Số 12 ngõ 34 ngách 56 Phố Trần Duy Hưng", "Phường Trung Hòa", "Quận Cầu Giấy", "Thành phố Hà Nội 11313"}, address.Label(a, "Nguyễn Văn A"))

	s, err := address.Parse("130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, TP HCM")
	require.NoError(t, err)
	// Phường 14, Quận 3 became Phường Nhiêu Lộc: the official form names it.
	assert.Equal(t, "130/20/2 Đường Lê Văn Sỹ, Phường Nhiêu Lộc, Thành phố Hồ Chí Minh", address.Format(s, address.Official))
	assert.Equal(t, "130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, Thành phố Hồ Chí Minh", address.Format(s, address.Legacy))
	kept, cands = address.Unconverted(s, address.Official)
	assert.False(t, kept)
	assert.Empty(t, cands)
	// A named alley stays in words even in the southern style.
	n, err := address.Parse("25/77 ngõ Trại Cá, Phường Hồng Hà, Hà Nội")
	require.NoError(t, err)
	assert.Equal(t, "Số 25/77 ngõ Trại Cá, Phường Hồng Hà, Thành phố Hà Nội", address.Format(n, address.Southern))
	kept, _ = address.Unconverted(n, address.Official)
	assert.False(t, kept, "2025 units need no conversion")
}

func TestParseDetails(t *testing.T) {
	in := "Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội, 10000, Việt Nam"
	a, err := address.Parse(in)
	require.NoError(t, err)
	// Spans point into the input.
	assert.Equal(t, "Số 12", in[a.Spans[address.CompHouseNumber].Start:a.Spans[address.CompHouseNumber].End])
	assert.Equal(t, "ngõ 34", in[a.Spans[address.CompAlleys].Start:a.Spans[address.CompAlleys].End])
	assert.Equal(t, "phố Huế", in[a.Spans[address.CompStreet].Start:a.Spans[address.CompStreet].End])
	assert.Equal(t, "Phường Hai Bà Trưng", in[a.Spans[address.CompCommune].Start:a.Spans[address.CompCommune].End])
	assert.Equal(t, "10000", in[a.Spans[address.CompPostcode].Start:a.Spans[address.CompPostcode].End])
	assert.Equal(t, "Việt Nam", in[a.Spans[address.CompCountry].Start:a.Spans[address.CompCountry].End])
	assert.InDelta(t, 1.0, a.Confidence, 1e-9)

	// Ambiguous units: every reading, and no commune picked.
	amb, err := address.Parse("Phường 1")
	require.NoError(t, err)
	assert.False(t, amb.Commune.IsValid())
	assert.Greater(t, len(amb.Alternatives), 10)
	assert.Less(t, amb.Confidence, 0.5)

	// Nothing is invented: no unit read, a low confidence, text kept.
	none, err := address.Parse("bên cạnh chợ")
	require.NoError(t, err)
	assert.False(t, none.Province.IsValid())
	assert.Less(t, none.Confidence, 0.5)

	for _, bad := range []string{"", "   ", string(make([]byte, address.MaxAddressLength+1))} {
		_, err := address.Parse(bad)
		assert.ErrorIs(t, err, address.ErrParse)
	}
}

// AppendFormat appends what Format returns, in every style, after what
// the buffer holds.
func TestAppendFormat(t *testing.T) {
	for _, in := range []string{
		"so 12 ngo 34 ngach 56 Phố Tran Duy Hung, P. Trung Hoa, Q. Cau Giay, HN 11313",
		"130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, TP HCM",
		"Thôn 3, xã Ea Drông, Đắk Lắk",
		"Tỉnh Hà Tây",
		"gọi trước khi giao",
	} {
		a, err := address.Parse(in)
		require.NoError(t, err)
		for _, st := range []address.Style{address.Official, address.Legacy, address.Southern, address.ASCII} {
			assert.Equal(t, "x, "+address.Format(a, st), string(address.AppendFormat([]byte("x, "), a, st)), "%q in style %d", in, st)
		}
	}
}
