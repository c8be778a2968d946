package vnenc

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding is a text encoding that Vietnamese data is found in.
type Encoding uint8

// The encodings [Decode] understands.
const (
	Unknown Encoding = iota
	UTF8
	Windows1258
	TCVN3
	VNI
)

var names = [...]string{
	Unknown:     "unknown",
	UTF8:        "utf-8",
	Windows1258: "windows-1258",
	TCVN3:       "tcvn3",
	VNI:         "vni",
}

// String returns the name [ParseEncoding] reads back.
func (e Encoding) String() string {
	if int(e) < len(names) {
		return names[e]
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

var aliases = map[string]Encoding{
	"utf-8":        UTF8,
	"utf8":         UTF8,
	"windows-1258": Windows1258,
	"windows1258":  Windows1258,
	"cp1258":       Windows1258,
	"tcvn3":        TCVN3,
	"abc":          TCVN3,
	"vni":          VNI,
}

// ParseEncoding reads an encoding name, ignoring case: the names
// [Encoding.String] writes, "abc" for TCVN3 and "cp1258" for Windows-1258.
func ParseEncoding(s string) (Encoding, error) {
	if e, ok := aliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		return e, nil
	}
	return Unknown, fmt.Errorf("%w %q", ErrEncoding, s)
}

var (
	// ErrInvalid is wrapped by every error about bytes that are not valid
	// in the encoding they are decoded from.
	ErrInvalid = errors.New("vnenc: invalid input")
	// ErrUnencodable is wrapped by errors about text that the target
	// encoding has no bytes for.
	ErrUnencodable = errors.New("vnenc: not representable")
	// ErrEncoding reports an encoding that is not one of the constants.
	ErrEncoding = errors.New("vnenc: unknown encoding")
)

// DecodeError locates the first byte that could not be decoded.
type DecodeError struct {
	Encoding Encoding
	Offset   int // into the input, counting a UTF-8 byte order mark
	Byte     byte
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("vnenc: invalid %s byte 0x%02X at offset %d", e.Encoding, e.Byte, e.Offset)
}

func (e *DecodeError) Unwrap() error { return ErrInvalid }

// EncodeError locates the first character the encoding cannot write.
type EncodeError struct {
	Encoding Encoding
	Offset   int // into the NFC form of the text
	Rune     rune
}

func (e *EncodeError) Error() string {
	return fmt.Sprintf("vnenc: %s cannot write %q at offset %d", e.Encoding, e.Rune, e.Offset)
}

func (e *EncodeError) Unwrap() error { return ErrUnencodable }

var bom = []byte("\xEF\xBB\xBF")

// Decode converts b from e to an NFC UTF-8 string. A UTF-8 byte order mark
// is dropped. Bytes e does not map are reported as a [*DecodeError] rather
// than replaced, because a replacement would hide a wrong guess of e.
func Decode(e Encoding, b []byte) (string, error) {
	out, err := AppendDecode(make([]byte, 0, len(b)+len(b)/2), e, b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// AppendDecode is [Decode] appending to dst, so that a file can be
// converted line by line into one reused buffer. On error dst is returned
// unchanged.
func AppendDecode(dst []byte, e Encoding, b []byte) ([]byte, error) {
	if e == UTF8 {
		skip := 0
		if bytes.HasPrefix(b, bom) {
			skip = len(bom)
		}
		if off, ok := firstInvalidUTF8(b[skip:]); !ok {
			return dst, &DecodeError{Encoding: UTF8, Offset: skip + off, Byte: b[skip+off]}
		}
		if norm.NFC.IsNormal(b[skip:]) {
			return append(dst, b[skip:]...), nil
		}
		return norm.NFC.Append(dst, b[skip:]...), nil
	}
	t := tableFor(e)
	if t == nil {
		return dst, fmt.Errorf("%w %v", ErrEncoding, e)
	}
	start := len(dst)
	// last is where the latest base character starts in dst, so that a
	// following mark byte can be folded into it without a normalization
	// pass; odd mark sequences fall back to one (needNFC).
	last, lastRune, needNFC := -1, rune(0), false
	for i, c := range b {
		if c < utf8.RuneSelf {
			last, lastRune = len(dst), rune(c)
			dst = append(dst, c)
			continue
		}
		s := t.dec[c]
		switch {
		case s == "":
			return dst[:start], &DecodeError{Encoding: e, Offset: i, Byte: c}
		case !t.mark[c]:
			last, lastRune = len(dst), t.decRune[c]
			dst = append(dst, s...)
			continue
		case !needNFC && last >= 0:
			if r, ok := t.compose[composeKey(lastRune, c)]; ok {
				dst = utf8.AppendRune(dst[:last], r)
				lastRune = r
				continue
			}
		}
		needNFC = true
		dst = append(dst, s...)
	}
	if needNFC {
		dst = nfcTail(dst, start)
	}
	return dst, nil
}

// nfcTail normalizes dst[start:] in place of itself. Short lines are copied
// through a stack buffer so that converting them does not allocate.
func nfcTail(dst []byte, start int) []byte {
	raw := dst[start:]
	if norm.NFC.IsNormal(raw) {
		return dst
	}
	var buf [512]byte
	tmp := append(buf[:0], raw...)
	return norm.NFC.Append(dst[:start], tmp...)
}

func firstInvalidUTF8(b []byte) (int, bool) {
	if utf8.Valid(b) {
		return 0, true
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i, false
		}
		i += n
	}
	return 0, true
}

func tableFor(e Encoding) *table {
	loadTables()
	switch e {
	case Windows1258:
		return &tabW1258
	case TCVN3:
		return &tabTCVN3
	case VNI:
		return &tabVNI
	}
	return nil
}

// Encode converts s to e, the inverse of [Decode] up to canonical
// equivalence, which is why U+034F (inserted by normalization into long
// runs of marks) is dropped. In Windows-1258 a letter is written
// precomposed where the code page has it, otherwise as its base letter and
// a tone mark. TCVN3 has no toned capitals (see the package
// documentation): they are an [*EncodeError], like anything else e cannot
// write.
func Encode(e Encoding, s string) ([]byte, error) {
	s = norm.NFC.String(s)
	if e == UTF8 {
		return []byte(s), nil
	}
	t := tableFor(e)
	if t == nil {
		return nil, fmt.Errorf("%w %v", ErrEncoding, e)
	}
	out := make([]byte, 0, len(s)+len(s)/4)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == cgj {
			i += n
			continue
		}
		j := i + n
		for j < len(s) {
			p := norm.NFC.PropertiesString(s[j:])
			if p.CCC() == 0 || p.Size() == 0 {
				break
			}
			j += p.Size()
		}
		if b, ok := t.enc[r]; ok && j == i+n {
			out = append(out, b...)
		} else if b, ok := t.encodeCluster(s[i:j]); ok {
			out = append(out, b...)
		} else {
			return nil, &EncodeError{Encoding: e, Offset: i, Rune: r}
		}
		i = j
	}
	return out, nil
}

// encodeCluster writes a character with combining marks that has no bytes
// of its own: the marks the encoding writes separately follow the base
// letter carrying the others. The result must decode to the same text, so
// moving a separate mark past a kept one of the same combining class (which
// would change the text) is refused.
func (t *table) encodeCluster(cluster string) ([]byte, bool) {
	d := []rune(norm.NFD.String(cluster))
	if len(d) == 0 {
		return nil, false
	}
	base, marks := d[0], d[1:]
	hasBase := ccc(base) == 0
	if !hasBase {
		marks = d
	}
	var kept, sep []rune
	for _, m := range marks {
		if _, ok := t.sepMark[m]; ok {
			sep = append(sep, m)
			continue
		}
		for _, s := range sep {
			if ccc(s) == ccc(m) {
				return nil, false
			}
		}
		kept = append(kept, m)
	}
	var out []byte
	upper := false
	switch {
	case hasBase:
		composed := norm.NFC.String(string(base) + string(kept))
		r, n := utf8.DecodeRuneInString(composed)
		b, ok := t.enc[r]
		if n != len(composed) || !ok {
			return nil, false
		}
		out = append(out, b...)
		upper = unicode.IsUpper(r)
	case len(kept) > 0:
		return nil, false
	}
	for _, m := range sep {
		if upper {
			out = append(out, t.upperMark[m])
		} else {
			out = append(out, t.sepMark[m])
		}
	}
	return out, true
}

// cgj (combining grapheme joiner) is what normalization inserts to cut
// runs of more than 30 combining marks; it has no bytes of its own and
// decoding puts it back.
const cgj = 0x034F

func ccc(r rune) uint8 { return norm.NFD.PropertiesString(string(r)).CCC() }
