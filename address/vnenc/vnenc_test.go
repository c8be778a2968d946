package vnenc

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// Written out by hand rather than generated, so that the tables are checked
// against the alphabet and not against the code that built them.
const (
	lowerLetters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
	// tcvn3Capitals are the only capitals TCVN3 can write.
	tcvn3Capitals = "ĂÂÊÔƠƯĐ"
)

func allLetters() []string {
	var out []string
	for _, r := range lowerLetters + strings.ToUpper(lowerLetters) {
		out = append(out, string(r))
	}
	return out
}

// latin1 turns the text a legacy file shows when opened as Latin-1 (how
// these encodings are usually quoted) back into its bytes.
func latin1(s string) []byte {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			panic("not Latin-1: " + string(r))
		}
		b = append(b, byte(r))
	}
	return b
}

var legacy = []Encoding{Windows1258, TCVN3, VNI}

func TestEncodingNames(t *testing.T) {
	for _, e := range []Encoding{UTF8, Windows1258, TCVN3, VNI} {
		got, err := ParseEncoding(strings.ToUpper(e.String()))
		require.NoError(t, err)
		assert.Equal(t, e, got)
	}
	tests := []struct {
		in   string
		want Encoding
	}{
		{"abc", TCVN3}, {"ABC", TCVN3}, {"cp1258", Windows1258}, {" Vni ", VNI}, {"utf8", UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseEncoding(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := ParseEncoding("viscii")
	assert.ErrorIs(t, err, ErrEncoding)
	assert.Equal(t, "utf-8", UTF8.String())
	assert.Equal(t, "windows-1258", Windows1258.String())
	assert.Equal(t, "tcvn3", TCVN3.String())
	assert.Equal(t, "vni", VNI.String())
	assert.Equal(t, "Encoding(9)", Encoding(9).String())
}

func TestLetterCount(t *testing.T) {
	// 12 vowels × 6 tone forms + đ, in both cases; 134 of them are not ASCII.
	letters := allLetters()
	require.Len(t, letters, 146)
	nonASCII := 0
	for _, l := range letters {
		require.True(t, norm.NFC.IsNormalString(l), l)
		if l[0] >= utf8.RuneSelf {
			nonASCII++
		}
	}
	assert.Equal(t, 134, nonASCII)
}

func TestRoundTripLetters(t *testing.T) {
	for _, e := range []Encoding{UTF8, Windows1258, VNI} {
		t.Run(e.String(), func(t *testing.T) {
			for _, l := range allLetters() {
				b, err := Encode(e, l)
				require.NoError(t, err, l)
				got, err := Decode(e, b)
				require.NoError(t, err, l)
				assert.Equal(t, l, got, "% X", b)
			}
		})
	}
	t.Run("tcvn3", func(t *testing.T) {
		for _, r := range lowerLetters + tcvn3Capitals {
			l := string(r)
			b, err := Encode(TCVN3, l)
			require.NoError(t, err, l)
			require.Len(t, b, 1, l)
			got, err := Decode(TCVN3, b)
			require.NoError(t, err, l)
			assert.Equal(t, l, got)
		}
	})
	t.Run("tcvn3 toned capitals", func(t *testing.T) {
		for _, r := range strings.ToUpper(lowerLetters) {
			if r < utf8.RuneSelf || strings.ContainsRune(tcvn3Capitals, r) {
				continue
			}
			_, err := Encode(TCVN3, string(r))
			var ee *EncodeError
			require.ErrorAs(t, err, &ee, string(r))
			assert.ErrorIs(t, err, ErrUnencodable)
			assert.Equal(t, r, ee.Rune)
		}
	})
}

// Every byte TCVN3 maps is one character, and no two bytes share one.
func TestTCVN3Bytes(t *testing.T) {
	seen := map[string]byte{}
	for c := range 256 {
		s, err := Decode(TCVN3, []byte{byte(c)})
		if err != nil {
			continue
		}
		require.Equal(t, 1, utf8.RuneCountInString(s), "%02X", c)
		if prev, dup := seen[s]; dup {
			t.Fatalf("0x%02X and 0x%02X both decode to %q", prev, c, s)
		}
		seen[s] = byte(c)
		b, err := Encode(TCVN3, s)
		require.NoError(t, err)
		assert.Equal(t, []byte{byte(c)}, b)
	}
}

// The upper-case "H" fonts reused the lower-case bytes: the capitals come
// back in lower case.
func TestTCVN3HFont(t *testing.T) {
	got, err := Decode(TCVN3, latin1("Hµ NéI"))
	require.NoError(t, err)
	assert.Equal(t, "Hà NộI", got)
}

var sentences = []string{
	"Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
	"Xã Cẩm Sơn, Huyện Cẩm Xuyên, Tỉnh Hà Tĩnh",
	"Đường Nguyễn Trãi, Thanh Xuân, Hà Nội",
}

// The expected bytes are those of the published code charts, quoted the way
// such files look when opened as Latin-1 (TCVN3, VNI) or spelled in hex.
var known = map[Encoding][]string{
	TCVN3: {
		"Ph\u00adêng BÕn NghÐ, QuËn 1, Thµnh phè Hå ChÝ Minh",
		"X· CÈm S¬n, HuyÖn CÈm Xuyªn, TØnh Hµ TÜnh",
		"§\u00adêng NguyÔn Tr·i, Thanh Xu©n, Hµ Néi",
	},
	VNI: {
		"Phöôøng Beán Ngheù, Quaän 1, Thaønh phoá Hoà Chí Minh",
		"Xaõ Caåm Sôn, Huyeän Caåm Xuyeân, Tænh Haø Tónh",
		"Ñöôøng Nguyeãn Traõi, Thanh Xuaân, Haø Noäi",
	},
	Windows1258: {
		"Ph\xFD\xF5\xCCng B\xEA\xECn Ngh\xE9, Qu\xE2\xF2n 1, Th\xE0nh ph\xF4\xEC H\xF4\xCC Ch\xED Minh",
		"Xa\xDE C\xE2\xD2m S\xF5n, Huy\xEA\xF2n C\xE2\xD2m Xuy\xEAn, Ti\xD2nh H\xE0 Ti\xDEnh",
		"\xD0\xFD\xF5\xCCng Nguy\xEA\xDEn Tra\xDEi, Thanh Xu\xE2n, H\xE0 N\xF4\xF2i",
	},
}

func knownBytes(e Encoding, i int) []byte {
	if e == Windows1258 {
		return []byte(known[e][i])
	}
	return latin1(known[e][i])
}

func TestKnownSentences(t *testing.T) {
	for _, e := range legacy {
		for i, s := range sentences {
			t.Run(e.String()+"/"+s[:8], func(t *testing.T) {
				want := knownBytes(e, i)
				got, err := Encode(e, s)
				require.NoError(t, err)
				assert.Equal(t, want, got)
				dec, err := Decode(e, want)
				require.NoError(t, err)
				assert.Equal(t, s, dec)
			})
		}
	}
}

func TestKnownWords(t *testing.T) {
	tests := []struct {
		e    Encoding
		in   []byte
		want string
	}{
		{TCVN3, latin1("ViÖt Nam"), "Việt Nam"},
		{TCVN3, latin1("§¹i häc"), "Đại học"},
		{TCVN3, latin1("th¸ng n¨m"), "tháng năm"},
		{TCVN3, latin1("Tr\u00adêng"), "Trường"},
		{VNI, latin1("Vieät Nam"), "Việt Nam"},
		{VNI, latin1("Ñòa chæ"), "Địa chỉ"},
		{VNI, latin1("Ñaék Laék"), "Đắk Lắk"},
		{VNI, latin1("hoïc kyø, Myõ, ngaøy, yù, YÙ, kyû, Kyû"), "học kỳ, Mỹ, ngày, ý, Ý, kỷ, Kỷ"},
		{VNI, latin1("î Î"), "ỵ Ỵ"},
		{VNI, latin1("ÑAÉK LAÉK, TÆNH"), "ĐẮK LẮK, TỈNH"},
		// Capital base with a lower-case mark byte still reads as a capital.
		{VNI, latin1("Aù"), "Á"},
		{Windows1258, []byte("Vi\xEA\xF2t Nam"), "Việt Nam"},
		{Windows1258, []byte("\xD0a\xF2i ho\xF2c"), "Đại học"},
		{UTF8, []byte("\xEF\xBB\xBFHa\u0300 No\u0302\u0323i"), "Hà Nội"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := Decode(tt.e, tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, norm.NFC.IsNormalString(got))
		})
	}
}

func fileOf(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

func TestDetectKnown(t *testing.T) {
	text := fileOf(sentences...)
	for _, e := range []Encoding{UTF8, Windows1258, TCVN3, VNI} {
		t.Run(e.String(), func(t *testing.T) {
			b, err := Encode(e, text)
			require.NoError(t, err)
			got, conf := Detect(b)
			assert.Equal(t, e, got)
			assert.Greater(t, conf, 0.5)
			assert.LessOrEqual(t, conf, 1.0)
		})
		for _, s := range sentences {
			t.Run(e.String()+"/one line/"+s[:8], func(t *testing.T) {
				b, err := Encode(e, s)
				require.NoError(t, err)
				got, _ := Detect(b)
				assert.Equal(t, e, got)
			})
		}
	}
}

func TestDetect(t *testing.T) {
	utf := []byte(fileOf(sentences...))
	tests := []struct {
		name string
		in   []byte
		want Encoding
	}{
		{"empty", nil, Unknown},
		{"ascii", []byte("So 12 Nguyen Trai, Ha Noi\r\n"), Unknown},
		{"utf-8", utf, UTF8},
		{"utf-8 cut mid-letter", utf[:bytes.Index(utf, []byte("ườ"))+2], UTF8},
		{"bom only", []byte("\xEF\xBB\xBF"), UTF8},
		{"bom and ascii", []byte("\xEF\xBB\xBFma,ten\r\n"), UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := Detect(tt.in)
			assert.Equal(t, tt.want, got)
			if tt.want == Unknown {
				assert.Zero(t, conf)
			} else {
				assert.Equal(t, 1.0, conf)
			}
		})
	}
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for range 200 {
			b := make([]byte, rng.IntN(300))
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			_, conf := Detect(b)
			assert.GreaterOrEqual(t, conf, 0.0)
			assert.LessOrEqual(t, conf, 1.0)
		}
	})
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		e    Encoding
		in   []byte
		off  int
	}{
		{"tcvn3 unused byte", TCVN3, []byte("Ha\xC0 Noi"), 2},
		{"tcvn3 undefined cp1252", TCVN3, []byte("\x81"), 0},
		{"vni unused byte", VNI, []byte("Ha Noi\xFF"), 6},
		{"windows-1258 undefined", Windows1258, []byte("ab\x8Ac"), 2},
		{"utf-8 invalid", UTF8, []byte("ab\xFFc"), 2},
		{"utf-8 truncated", UTF8, []byte("H\xC3"), 1},
		{"utf-8 after bom", UTF8, []byte("\xEF\xBB\xBF\xC0\x80"), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.e, tt.in)
			require.ErrorIs(t, err, ErrInvalid)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.e, de.Encoding)
			assert.Equal(t, tt.off, de.Offset)
			assert.Equal(t, tt.in[tt.off], de.Byte)
			assert.True(t, strings.HasPrefix(err.Error(), "vnenc: "), err.Error())
		})
	}
	_, err := Decode(Unknown, []byte("x"))
	assert.ErrorIs(t, err, ErrEncoding)
	_, err = Encode(Unknown, "x")
	assert.ErrorIs(t, err, ErrEncoding)
}

func TestEncodeErrors(t *testing.T) {
	for _, e := range legacy {
		_, err := Encode(e, "Hà Nội 北京")
		var ee *EncodeError
		require.ErrorAs(t, err, &ee, e.String())
		assert.ErrorIs(t, err, ErrUnencodable)
		assert.Equal(t, '北', ee.Rune)
		assert.Equal(t, len("Hà Nội "), ee.Offset)
	}
}

func TestAppendDecode(t *testing.T) {
	dst := []byte("x|")
	dst, err := AppendDecode(dst, VNI, latin1("Haø Noäi"))
	require.NoError(t, err)
	assert.Equal(t, "x|Hà Nội", string(dst))
	dst, err = AppendDecode(dst, TCVN3, []byte("|\xC0"))
	require.Error(t, err)
	assert.Equal(t, "x|Hà Nội", string(dst))
	long := bytes.Repeat(latin1("Phöôøng Beán Ngheù "), 100)
	got, err := AppendDecode(nil, VNI, long)
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("Phường Bến Nghé ", 100), string(got))
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte(fileOf(sentences...)))
	for _, e := range legacy {
		b, _ := Encode(e, fileOf(sentences...))
		f.Add(b)
	}
	f.Add([]byte("\xEF\xBB\xBF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, conf := Detect(b)
		if conf < 0 || conf > 1 {
			t.Fatalf("confidence %v", conf)
		}
		if e == Unknown && conf != 0 {
			t.Fatalf("Unknown with confidence %v", conf)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, e := range legacy {
		for i := range sentences {
			f.Add(knownBytes(e, i))
		}
	}
	f.Add([]byte("a\xEC\xCC\xF2 \xF9\xE2 \xF3\xEF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, e := range []Encoding{UTF8, Windows1258, TCVN3, VNI} {
			s, err := Decode(e, b)
			if err != nil {
				require.ErrorIs(t, err, ErrInvalid)
				continue
			}
			require.True(t, utf8.ValidString(s), "%v", e)
			require.True(t, norm.NFC.IsNormalString(s), "%v", e)
			app, err := AppendDecode([]byte("prefix"), e, b)
			require.NoError(t, err)
			require.Equal(t, "prefix"+s, string(app), "%v", e)
			switch e {
			case Windows1258, VNI, UTF8:
				enc, err := Encode(e, s)
				require.NoError(t, err, "%v %q", e, s)
				back, err := Decode(e, enc)
				require.NoError(t, err, "%v % X", e, enc)
				require.Equal(t, s, back, "%v % X", e, enc)
			case TCVN3:
				enc, err := Encode(e, s)
				require.NoError(t, err, "%q", s)
				require.Equal(t, b, enc)
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	line := "Số 12 Đường Nguyễn Trãi, Phường Thượng Đình, Quận Thanh Xuân"
	for _, e := range []Encoding{TCVN3, VNI} {
		in, err := Encode(e, line)
		require.NoError(b, err)
		b.Run(e.String(), func(b *testing.B) {
			dst := make([]byte, 0, 256)
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				dst, err = AppendDecode(dst[:0], e, in)
				if err != nil {
					b.Fatal(err)
				}
			}
			if string(dst) != line {
				b.Fatalf("got %q", dst)
			}
		})
	}
}

func TestErrorsAreDistinct(t *testing.T) {
	assert.False(t, errors.Is(ErrInvalid, ErrUnencodable))
}

// TestDetectShortText: a short legacy text is no UTF-8 with a cut
// character, and too few words name no encoding.
func TestDetectShortText(t *testing.T) {
	for _, tc := range []struct {
		e    Encoding
		text string
	}{{TCVN3, "Huế"}, {VNI, "Huế"}, {Windows1258, "Hà"}, {Windows1258, "Hồ Chí Minh"}, {VNI, "Số 12"}} {
		b, err := Encode(tc.e, tc.text)
		require.NoError(t, err)
		got, conf := Detect(b)
		assert.NotEqual(t, UTF8, got, "%s %q", tc.e, tc.text)
		if got != tc.e {
			assert.Equal(t, Unknown, got, "%s %q: a wrong guess instead of Unknown", tc.e, tc.text)
			assert.Zero(t, conf)
		}
	}
	// The head of a long UTF-8 file cut inside a character is still UTF-8.
	long := []byte(strings.Repeat("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh\n", 200))
	cut := long[:len(long)-1]
	for utf8.RuneStart(cut[len(cut)-1]) || cut[len(cut)-1] < utf8.RuneSelf {
		cut = cut[:len(cut)-1]
	}
	cut = cut[:len(cut)-1] // inside a character now
	require.False(t, utf8.Valid(cut))
	got, _ := Detect(cut)
	assert.Equal(t, UTF8, got)
}
