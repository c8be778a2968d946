package address

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Words typed with an input method's keys left in them are read as the
// keys make them; other words are not.
func TestUntype(t *testing.T) {
	vni := typedText{vni: true}
	for _, c := range []struct {
		in, want string
		t        typedText
	}{
		{"Nguyeenx", "Nguyễn", typedText{telex: true}},
		{"Trasi", "Trái", typedText{telex: true}},
		{"Hoaf", "Hòa", typedText{telex: true}},
		{"huyeenj", "huyện", typedText{telex: true}},
		{"Ddaf", "Đà", typedText{telex: true}},
		{"Xax", "Xã", typedText{telex: true}},
		{"Nawngx", "Nẵng", typedText{telex: true}},
		{"Truowngf", "Trường", typedText{telex: true}},
		{"Phuowngf", "Phường", typedText{telex: true}},
		{"Quaajn", "Quận", typedText{telex: true}},
		{"Phu7o72ng", "Phường", typedText{}},
		{"Ta6n", "Tân", typedText{}},
		{"Qua65n", "Quận", typedText{}},
		{"No65i", "Nội", typedText{}},
		{"Ha2", "Hà", vni},
		{"d9a2", "đà", vni},
	} {
		got, ok := untype(c.in, c.t)
		assert.True(t, ok, c.in)
		assert.Equal(t, c.want, got, c.in)
	}
	for _, in := range []string{
		// Words and codes that are no typed syllable.
		"Hoa", "Times", "Tower", "Plus", "QL1A", "P12", "Q10", "F5", "N5", "B3", "DT741", "KP3", "A12", "12A",
		"Ha2", "Thon4", "To5", "Ap3", // a tone digit at the end, in a text with no surely VNI word
		"Hoaf", "Bus", "Rose", "Xax", // a tone key alone, in a text with no surely Telex word
		"Lakes", "Park", "Landmark", "Vincom", "Sunrise", "Cross", "Hoang", "Nguyen", "Truong", "Quan",
	} {
		got, ok := untype(in, typedText{})
		assert.False(t, ok, "%s read as %s", in, got)
	}
	assert.True(t, scanTyping("Phu7o72ng Ta6n Phong, Qua65n 7").vni)
	assert.True(t, scanTyping("Xax Hoaf Phuws, huyeenj Hoaf Vang, Ddaf Nawngx").telex)
	assert.False(t, scanTyping("Rose Garden, 12 Lê Lợi, Bus stop").telex)
	// A name with a doubled vowel is no Telex text.
	assert.False(t, scanTyping("12 Đường Lê Lợi, Xã Mường Toong, Tỉnh Điện Biên").telex)
	assert.False(t, scanTyping("So 288 ngo 70, Xa La Ee, Huyen Nam Giang, Tinh Quang Nam").telex)
	assert.False(t, scanTyping("QL1A, P12, Q10, 130/20/2A Lê Văn Sỹ, B3-1205").vni)
}
