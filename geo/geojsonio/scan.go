package geojsonio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

const (
	windowSize = 64 << 10 // first size of the input window
	slabSize   = 4096     // points in a slab
	arenaSize  = 64 << 10 // bytes in a properties arena
)

// scanner reads JSON from a window over the input. The unread bytes are
// buf[i:n]; a token being read stays whole in the window (fill moves it
// to the front, growing the window when one token fills it), and so does
// everything from mark on while a raw value is kept. Errors panic with an
// abort that Read recovers.
type scanner struct {
	r    io.Reader
	opts Options
	buf  []byte
	i, n int
	base int64 // input offset of buf[0]
	mark int   // -1, or the first byte fill must keep
	eof  bool

	feature      int // index of the feature being read, -1 outside
	geomVertices int
	vertices     int64
	altitudes    int64

	pts   []orb.Point // the slab positions are taken from
	arena []byte      // the arena properties are copied to
	tmp   []byte      // unescaped strings
	kb    []byte      // the last key read
	keys  [][]keySpan // keys of the open objects of a raw value, by depth
}

type keySpan struct {
	a, b    int // offsets from mark of the key's text, quotes excluded
	escaped bool
}

func newScanner(r io.Reader, opts Options) *scanner {
	return &scanner{r: r, opts: opts, buf: make([]byte, windowSize), mark: -1, feature: -1}
}

// fill reads more input, keeping buf[min(i, mark):]. It reports whether
// any byte was added.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	keep := s.i
	if s.mark >= 0 && s.mark < keep {
		keep = s.mark
	}
	if keep > 0 {
		s.n = copy(s.buf, s.buf[keep:s.n])
		s.i -= keep
		if s.mark >= 0 {
			s.mark -= keep
		}
		s.base += int64(keep)
	}
	if s.n == len(s.buf) {
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.n])
		s.buf = nb
	}
	for {
		room := s.buf[s.n:]
		// Read one byte past the limit to know the input is over it.
		if left := s.opts.MaxBytes + 1 - (s.base + int64(s.n)); int64(len(room)) > left {
			room = room[:left]
		}
		m, err := s.r.Read(room)
		s.n += m
		if s.base+int64(s.n) > s.opts.MaxBytes {
			s.i = s.n
			s.limit("MaxBytes", s.opts.MaxBytes)
		}
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			panic(abort{fmt.Errorf("geojsonio: reading at byte %d: %w", s.base+int64(s.n), err)})
		}
		if m > 0 {
			return true
		}
		if s.eof {
			return false
		}
	}
}

// ensure makes buf[i+k] readable, reporting false at the end of input.
func (s *scanner) ensure(k int) bool {
	for s.i+k >= s.n {
		if !s.fill() {
			return false
		}
	}
	return true
}

func (s *scanner) fail(msg string) { s.failErr(msg, nil) }

func (s *scanner) failErr(msg string, err error) {
	panic(abort{&SyntaxError{Offset: s.base + int64(s.i), Feature: s.feature, Msg: msg, Err: err}})
}

func (s *scanner) limit(name string, max int64) {
	panic(abort{&LimitError{Limit: name, Max: max, Offset: s.base + int64(s.i), Feature: s.feature}})
}

// unexpected fails on the byte at i, which is not what was wanted.
func (s *scanner) unexpected(want string) {
	if s.i >= s.n {
		s.fail("unexpected end of input, want " + want)
	}
	c := s.buf[s.i]
	if c >= 0x20 && c < 0x7f {
		s.fail(fmt.Sprintf("found %q, want %s", c, want))
	}
	s.fail(fmt.Sprintf("found byte 0x%02x, want %s", c, want))
}

func (s *scanner) skipBOM() {
	if s.ensure(2) && s.buf[s.i] == 0xEF && s.buf[s.i+1] == 0xBB && s.buf[s.i+2] == 0xBF {
		s.i += 3
	}
}

// next skips white space and returns the byte at i without reading it;
// 0 at the end of input.
func (s *scanner) next() byte {
	for {
		for s.i < s.n {
			c := s.buf[s.i]
			if c > ' ' {
				return c
			}
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
				return c
			}
			s.i++
		}
		if !s.fill() {
			return 0
		}
	}
}

func (s *scanner) expect(c byte) {
	if s.next() != c || s.i >= s.n {
		s.unexpected(strconv.QuoteRune(rune(c)))
	}
	s.i++
}

// list is an open array or object: more reads the separators.
type list struct {
	close byte
	n     int
}

func (s *scanner) open(c byte) list {
	s.expect(c)
	if c == '{' {
		return list{close: '}'}
	}
	return list{close: ']'}
}

// more reports whether another element follows, reading the comma before
// it or the closing bracket after the last.
func (s *scanner) more(l *list) bool {
	c := s.next()
	if c == l.close && s.i < s.n {
		s.i++
		return false
	}
	if l.n > 0 {
		if c != ',' || s.i >= s.n {
			s.unexpected(fmt.Sprintf("',' or %q", l.close))
		}
		s.i++
	}
	l.n++
	return true
}

// key reads an object's key and the colon after it. The bytes are valid
// until the next read.
func (s *scanner) key() []byte {
	if s.next() != '"' {
		s.unexpected("a key")
	}
	// Copied: the colon may be read after a fill moves the window.
	s.kb = append(s.kb[:0], s.str()...)
	s.expect(':')
	return s.kb
}

// stringValue reads a string, sharing the common names.
func (s *scanner) stringValue() string {
	if s.next() != '"' {
		s.unexpected("a string")
	}
	b := s.str()
	switch string(b) {
	case "Feature":
		return "Feature"
	case "FeatureCollection":
		return "FeatureCollection"
	case "Point":
		return "Point"
	case "LineString":
		return "LineString"
	case "Polygon":
		return "Polygon"
	case "MultiPolygon":
		return "MultiPolygon"
	case "MultiLineString":
		return "MultiLineString"
	case "MultiPoint":
		return "MultiPoint"
	case "name":
		return "name"
	}
	return string(b)
}

// plain marks the bytes a string holds as they are: printable ASCII but
// the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads the string at i and returns its text, valid until the next
// read: invalid UTF-8, a raw control character, an unknown escape or a
// lone surrogate is an error.
func (s *scanner) str() []byte {
	k := 1
	esc := false
	for {
		j := s.i + k
		for j < s.n && plain[s.buf[j]] {
			j++
		}
		k = j - s.i
		if j >= s.n {
			if !s.fill() {
				s.i = s.n
				s.fail("string not closed")
			}
			continue
		}
		switch c := s.buf[j]; {
		case c == '"':
			raw := s.buf[s.i+1 : j]
			s.i = j + 1
			if esc {
				return s.unescape(raw)
			}
			return raw
		case c == '\\':
			esc = true
			k += 2 // the escaped byte is checked by unescape
		case c < 0x20:
			s.i = j
			s.fail(fmt.Sprintf("control character 0x%02x in a string (write it as an escape)", c))
		default:
			if !utf8.FullRune(s.buf[j:s.n]) && !s.eof {
				s.fill() // the window may move: j again from k
				continue
			}
			r, size := utf8.DecodeRune(s.buf[j:s.n])
			if r == utf8.RuneError && size <= 1 {
				s.i = j
				s.fail("text that is not UTF-8")
			}
			k += size
		}
	}
}

// unescape decodes the escapes of a string's text into tmp.
func (s *scanner) unescape(raw []byte) []byte {
	out := s.tmp[:0]
	bad := func(msg string) {
		s.fail(fmt.Sprintf("string %.40q: %s", raw, msg))
	}
	hex4 := func(b []byte) rune {
		if len(b) < 4 {
			bad("short \\u escape")
		}
		var r rune
		for _, c := range b[:4] {
			switch {
			case c >= '0' && c <= '9':
				c -= '0'
			case c >= 'a' && c <= 'f':
				c -= 'a' - 10
			case c >= 'A' && c <= 'F':
				c -= 'A' - 10
			default:
				bad("invalid \\u escape")
			}
			r = r<<4 | rune(c)
		}
		return r
	}
	for j := 0; j < len(raw); j++ {
		c := raw[j]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		j++
		if j >= len(raw) {
			bad("escape at the end")
		}
		switch raw[j] {
		case '"', '\\', '/':
			out = append(out, raw[j])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(raw[j+1:])
			j += 4
			switch {
			case utf16.IsSurrogate(r) && r < 0xDC00:
				if j+6 >= len(raw) || raw[j+1] != '\\' || raw[j+2] != 'u' {
					bad("lone surrogate escape")
				}
				lo := hex4(raw[j+3:])
				if lo < 0xDC00 || lo > 0xDFFF {
					bad("lone surrogate escape")
				}
				r = utf16.DecodeRune(r, lo)
				j += 6
			case utf16.IsSurrogate(r):
				bad("lone surrogate escape")
			}
			out = utf8.AppendRune(out, r)
		default:
			bad(fmt.Sprintf("unknown escape \\%c", raw[j]))
		}
	}
	s.tmp = out
	return out
}

// number reads the JSON number at i and returns its text, valid until the
// next read.
func (s *scanner) number() []byte {
	k := 0
	at := func() byte {
		if s.i+k >= s.n && !s.ensure(k) {
			return 0
		}
		return s.buf[s.i+k]
	}
	digits := func() int {
		d := 0
		for {
			j := s.i + k
			for j < s.n && s.buf[j]-'0' <= 9 {
				j++
			}
			d += j - s.i - k
			k = j - s.i
			if j < s.n || !s.ensure(k) {
				return d
			}
		}
	}
	bad := func() {
		s.i += k
		s.unexpected("a digit")
	}
	if at() == '-' {
		k++
	}
	if at() == '0' {
		k++
	} else if digits() == 0 {
		bad()
	}
	if at() == '.' {
		k++
		if digits() == 0 {
			bad()
		}
	}
	if c := at(); c == 'e' || c == 'E' {
		k++
		if c := at(); c == '+' || c == '-' {
			k++
		}
		if digits() == 0 {
			bad()
		}
	}
	raw := s.buf[s.i : s.i+k]
	s.i += k
	return raw
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// float converts a JSON number's text. A decimal of at most 15 digits
// with at most 22 after the point is an exact integer divided by an exact
// power of ten, which IEEE division rounds correctly; the rest go to
// strconv. Beyond the float64 range is an error.
func (s *scanner) float(raw []byte) float64 {
	var m uint64
	nd, frac, point := 0, 0, false
	j := 0
	neg := raw[0] == '-'
	if neg {
		j++
	}
	for ; j < len(raw); j++ {
		c := raw[j]
		switch {
		case c == '.':
			point = true
			continue
		case c-'0' <= 9:
		default:
			nd = 99 // an exponent: strconv
		}
		if nd > 15 {
			break
		}
		m = m*10 + uint64(c-'0')
		if m != 0 {
			nd++
		}
		if point {
			frac++
		}
	}
	if nd <= 15 && frac < len(pow10) {
		f := float64(m) / pow10[frac]
		if neg {
			f = -f
		}
		return f
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		s.fail(fmt.Sprintf("number %s is out of range", raw))
	}
	return f
}

// rawValue reads any JSON value and returns its text, valid until the
// next read.
func (s *scanner) rawValue() []byte {
	s.next()
	s.mark = s.i
	s.value(0)
	raw := s.buf[s.mark:s.i]
	s.mark = -1
	return raw
}

func (s *scanner) skipValue() { s.rawValue() }

// keep copies a raw value to the arena.
func (s *scanner) keep(raw []byte) json.RawMessage {
	if len(raw) > cap(s.arena)-len(s.arena) {
		s.arena = make([]byte, 0, max(arenaSize, len(raw)))
	}
	a := len(s.arena)
	s.arena = append(s.arena, raw...)
	return s.arena[a:len(s.arena):len(s.arena)]
}

// value reads and checks any JSON value (while mark is set).
func (s *scanner) value(depth int) {
	if depth >= MaxNesting {
		s.fail(fmt.Sprintf("values nested more than %d deep", MaxNesting))
	}
	switch c := s.next(); {
	case c == '{':
		for len(s.keys) <= depth {
			s.keys = append(s.keys, nil)
		}
		keys := s.keys[depth][:0]
		var large map[string]struct{}
		for l := s.open('{'); s.more(&l); {
			if s.next() != '"' {
				s.unexpected("a key")
			}
			a := s.i - s.mark
			s.str()
			k := keySpan{a: a + 1, b: s.i - s.mark - 1}
			k.escaped = bytes.IndexByte(s.buf[s.mark+k.a:s.mark+k.b], '\\') >= 0
			if large != nil {
				name := s.keyText(k)
				if _, dup := large[name]; dup {
					s.fail(fmt.Sprintf("key %q given twice", name))
				}
				large[name] = struct{}{}
			} else {
				for _, o := range keys {
					if s.sameKey(o, k) {
						s.fail(fmt.Sprintf("key %q given twice", s.keyText(k)))
					}
				}
				keys = append(keys, k)
				if len(keys) > 32 {
					large = make(map[string]struct{}, 2*len(keys))
					for _, o := range keys {
						large[s.keyText(o)] = struct{}{}
					}
				}
			}
			s.expect(':')
			s.value(depth + 1)
		}
		s.keys[depth] = keys[:0]
	case c == '[':
		for l := s.open('['); s.more(&l); {
			s.value(depth + 1)
		}
	case c == '"':
		s.str()
	case c == '-' || c-'0' <= 9:
		s.float(s.number())
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.unexpected("a value")
	}
}

func (s *scanner) keyText(k keySpan) string {
	raw := s.buf[s.mark+k.a : s.mark+k.b]
	if k.escaped {
		return string(s.unescape(raw))
	}
	return string(raw)
}

func (s *scanner) sameKey(x, y keySpan) bool {
	if !x.escaped && !y.escaped {
		return bytes.Equal(s.buf[s.mark+x.a:s.mark+x.b], s.buf[s.mark+y.a:s.mark+y.b])
	}
	return s.keyText(x) == s.keyText(y)
}

func (s *scanner) literal(word string) {
	if !s.ensure(len(word)-1) || string(s.buf[s.i:s.i+len(word)]) != word {
		s.unexpected(word)
	}
	s.i += len(word)
}
