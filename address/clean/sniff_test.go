package clean_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/clean"
	"github.com/diachi-vn/diachi/address/vnenc"
)

func TestParseDelimiter(t *testing.T) {
	for in, want := range map[string]rune{"auto": 0, "AUTO": 0, "comma": ',', ",": ',', "tab": '\t', `\t`: '\t', "semicolon": ';', ";": ';', "|": '|'} {
		got, err := clean.ParseDelimiter(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", `"`, "\n", "ab", "é", "pipe"} {
		_, err := clean.ParseDelimiter(in)
		assert.Error(t, err, "%q", in)
	}
}

func TestSniffDelimiter(t *testing.T) {
	assert.Equal(t, ',', clean.SniffDelimiter([]byte("id,address\n1,Số 5; Ngõ 3\n")))
	assert.Equal(t, '\t', clean.SniffDelimiter([]byte("id\taddress\n1\tx,y\n")))
	assert.Equal(t, ';', clean.SniffDelimiter([]byte("id;address\n1;x\n")))
	// One column: a whole line is one cell, commas and all.
	one := []byte("address\n12 Lê Lợi, Bến Thành, Q1\n\"Thôn 3, Xã Ea Tu\"\n")
	comma := clean.SniffDelimiter(one)
	assert.Equal(t, rune(0x1f), comma)
	rd := clean.NewReader(bytes.NewReader(one), comma)
	var cells []string
	for {
		f, _, err := rd.Read()
		if err != nil {
			break
		}
		require.Len(t, f, 1)
		cells = append(cells, f[0])
	}
	assert.Equal(t, []string{"address", "12 Lê Lợi, Bến Thành, Q1", "Thôn 3, Xã Ea Tu"}, cells)
	// A list that holds that character takes the next.
	assert.Equal(t, rune(0x1e), clean.SniffDelimiter([]byte("address\nx\x1fy\n")))
}

// A list in TCVN3 or VNI is told from UTF-8 by its start; a UTF-8 list
// with a few bad lines stays UTF-8 (the bad lines are error rows), and
// such a line can name the legacy encoding it reads as.
func TestDetectEncoding(t *testing.T) {
	rows := []string{"id,địa chỉ", "1,Số 12 Đường Nguyễn Trãi, Phường Bến Thành, TP Hồ Chí Minh", "2,Thôn Đông, Xã Tiên Phong, Huyện Mê Linh, Hà Nội"}
	utf := []byte(strings.Join(rows, "\n") + "\n")
	assert.Equal(t, vnenc.UTF8, clean.DetectEncoding(utf))
	for _, e := range []vnenc.Encoding{vnenc.TCVN3, vnenc.VNI} {
		legacy, err := vnenc.Encode(e, string(utf))
		require.NoError(t, err)
		assert.Equal(t, e, clean.DetectEncoding(legacy), "%s", e)
		line, _, _ := bytes.Cut(legacy[bytes.IndexByte(legacy, '\n')+1:], []byte("\n"))
		got, ok := clean.LegacyEncoding(line)
		assert.True(t, ok)
		assert.Equal(t, e, got)
		// One such line among many UTF-8 ones: still UTF-8.
		mixed := append(bytes.Repeat(utf, 3), append(line, '\n')...)
		assert.Equal(t, vnenc.UTF8, clean.DetectEncoding(mixed), "%s", e)
	}
	_, ok := clean.LegacyEncoding([]byte("plain ascii"))
	assert.False(t, ok)
}
