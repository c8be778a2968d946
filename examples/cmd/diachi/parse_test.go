package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

func TestParseFormatCLI(t *testing.T) {
	in := "Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội, 10000\n130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, TP HCM\n\n# comment\n"
	out, stderr, code := runCLI(t, in, "parse")
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 4)
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &p))
	assert.Equal(t, "12", p["house_number"])
	assert.Equal(t, map[string]any{"type": "Phố", "name": "Huế", "text": "phố Huế"}, p["street"])
	assert.Equal(t, "ok", p["status"])
	assert.Nil(t, p["place"])
	assert.Nil(t, p["district"])
	assert.Equal(t, map[string]any{"code": "00256", "name": "Phường Hai Bà Trưng", "version": "2025"}, p["commune"])
	assert.Equal(t, "10000", p["postcode"])
	assert.Equal(t, []any{map[string]any{"kind": "ngõ", "number": "34", "name": nil}}, p["alleys"])
	assert.Equal(t, []any{0.0, 7.0}, p["spans"].(map[string]any)["house_number"]) // "Số 12": ố is 3 bytes
	assert.Equal(t, "", lines[2], "blank lines pass through")

	jsonl := lines[0] + "\n" + lines[1] + "\n"
	f, _, code := runCLI(t, jsonl, "format", "--style", "official")
	require.Equal(t, 0, code)
	assert.Equal(t, "Số 12 ngõ 34 Phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội, 10000\n130/20/2 Đường Lê Văn Sỹ, Phường Nhiêu Lộc, Thành phố Hồ Chí Minh\n", f)
	f, _, _ = runCLI(t, jsonl, "format", "--style", "legacy")
	assert.Contains(t, f, "Phường 14, Quận 3, Thành phố Hồ Chí Minh")
	f, _, _ = runCLI(t, jsonl, "format", "--style", "ascii")
	assert.Contains(t, f, "So 12 ngo 34 Pho Hue, Phuong Hai Ba Trung, Thanh pho Ha Noi, 10000")
	f, _, _ = runCLI(t, lines[0]+"\n", "format", "--style", "label", "--recipient", "Nguyễn Văn A")
	assert.Equal(t, `["Nguyễn Văn A","Số 12 ngõ 34 Phố Huế","Phường Hai Bà Trưng","Thành phố Hà Nội 10000"]`+"\n", f)

	bad, _, code := runCLI(t, "{not json\n{\"commune\":{\"code\":\"99999\",\"name\":\"x\",\"version\":\"2025\"}}\n", "format")
	assert.Equal(t, 1, code)
	assert.Contains(t, bad, "error: line 1: not a parse object")
	assert.Contains(t, bad, "error: line 2:")
	_, _, code = runCLI(t, "", "format", "--style", "fancy")
	assert.Equal(t, 2, code)
}

func TestParseUnitsCLI(t *testing.T) {
	in := "Phường Cầu Giấy, Hà Nội\nso 12 duong tran phu, p dich vong hau, q cau giay, HN\n"
	read := func(out string) []map[string]any {
		var ps []map[string]any
		for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			var p map[string]any
			require.NoError(t, json.Unmarshal([]byte(l), &p))
			ps = append(ps, p)
		}
		return ps
	}
	out, stderr, code := runCLI(t, in, "parse")
	require.Equal(t, 0, code, stderr)
	ps := read(out)
	// A 2025 ward: its province is written, nothing implied.
	assert.Equal(t, "2025", ps[0]["commune"].(map[string]any)["version"])
	// Legacy: three levels written, street type apart from its name.
	assert.Equal(t, "legacy", ps[1]["commune"].(map[string]any)["version"])
	assert.Equal(t, map[string]any{"type": "Đường", "name": "Trần Phú", "text": "duong tran phu"}, ps[1]["street"])

	out, _, code = runCLI(t, in, "parse", "--units", "legacy")
	require.Equal(t, 0, code)
	ps = read(out)
	assert.Nil(t, ps[0]["commune"], "no legacy ward of that name: only the province is read")
	assert.Equal(t, "partial", ps[0]["status"])

	out, _, code = runCLI(t, "Phường Dịch Vọng Hậu\n", "parse", "--units", "legacy")
	require.Equal(t, 0, code)
	ps = read(out)
	assert.Equal(t, "implied", ps[0]["status"])
	assert.Equal(t, []any{"district", "province"}, ps[0]["implied"])

	_, stderr, code = runCLI(t, in, "parse", "--units", "1990")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "units must be")
	_, _, code = runCLI(t, "", "parse", "-h")
	assert.Equal(t, 0, code)

	out, _, code = runCLI(t, "Hà Nội\xff\n", "parse")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "error: line 1:")
	assert.Contains(t, out, "invalid UTF-8")
}

func TestParseConversionCLI(t *testing.T) {
	out, _, code := runCLI(t, "Phường Cầu Giấy, Hà Nội\n", "parse", "--units", "2025")
	require.Equal(t, 0, code)
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(out)), &p))
	require.NotEmpty(t, p["predecessors"])
	assert.Nil(t, p["successors"])
}

// Invalid UTF-8 and control characters make a line an error of its own,
// never a reading with U+FFFD whose spans count other bytes; the lines
// around it are still answered.
func TestParseBadText(t *testing.T) {
	out, stderr, code := runCLI(t, "12 Hàng\xff Bạc, Hà Nội\n12 Hàng\x00 Bạc, Hà Nội\n12 Hàng Bạc, Hà Nội\n", "parse")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "2 line(s) failed")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], "error: line 1:")
	assert.Contains(t, lines[0], "at byte 8: invalid UTF-8")
	assert.Contains(t, lines[1], "error: line 2:")
	assert.Contains(t, lines[1], "at byte 8: control character U+0000")
	assert.True(t, strings.HasPrefix(lines[2], `{"input":"12 Hàng Bạc, Hà Nội"`), lines[2])
}

// format refuses what it would otherwise read wrong or in part: a key
// written twice (a decoder keeps one silently), a key parse does not
// write, a unit name that contradicts its code, an unknown version, units
// of both versions or not one within the other; each line on its own.
func TestFormatStrict(t *testing.T) {
	const hn = `"province":{"code":"01","name":"Thành phố Hà Nội","version":"2025"}`
	for _, c := range []struct{ in, want string }{
		{`{"house_number":"12","house_number":"14",` + hn + `}`, `key "house_number" written twice`},
		{`{"house_number":"12","HOUSE_NUMBER":"14",` + hn + `}`, `key "HOUSE_NUMBER" written twice`},
		{`{"house_number":"12","province":{"code":"01","code":"79","name":"Thành phố Hà Nội","version":"2025"}}`, `key "code" written twice`},
		{`{"house_number":"12","alleys":[{"kind":"ngõ","number":"3","number":"5","name":null}],` + hn + `}`, `key "number" written twice`},
		{`{"housenumber":"12",` + hn + `}`, `unknown field "housenumber"`},
		{`{"house_number":"12",` + hn + `} {}`, `more than one JSON value`},
		{`{"house_number":"12","province":{"code":"01","name":"Thành phố Hồ Chí Minh","version":"2025"}}`, `province 01 (2025) is Thành phố Hà Nội, not "Thành phố Hồ Chí Minh"`},
		{`{"house_number":"12","commune":{"code":"00256","name":"Phường Hồng Hà","version":"2025"},` + hn + `}`, `commune 00256 (2025) is Phường Hai Bà Trưng, not "Phường Hồng Hà"`},
		{`{"house_number":"12","province":{"code":"01","name":"Thành phố Hà Nội","version":"2024"}}`, `province 01: version "2024", want "2025" or "legacy"`},
		{`{"house_number":"12","province":{"code":"01","name":"Thành phố Hà Nội"}}`, `province 01: version "", want "2025" or "legacy"`},
		{`{"house_number":"12","commune":{"code":"00001","name":"Phường Phúc Xá","version":"legacy"},` + hn + `}`, `units of both versions`},
		{`{"house_number":"12","commune":{"code":"00256","name":"Phường Hai Bà Trưng","version":"2025"},"province":{"code":"79","name":"Thành phố Hồ Chí Minh","version":"2025"}}`, `commune 00256 (Phường Hai Bà Trưng) is not in province 79`},
		{`{"house_number":"12","commune":{"code":"00001","name":"Phường Phúc Xá","version":"legacy"},"district":{"code":"002","name":"Quận Hoàn Kiếm","version":"legacy"}}`, `commune 00001 (Phường Phúc Xá) is not in district 002`},
		{`{"alleys":[{"kind":"ngõ","number":null,"name":null}],` + hn + `}`, `ngõ with neither number nor name`},
		{`{"street":{"type":null,"name":"Huế\u0000","text":"Huế"},` + hn + `}`, `control character U+0000`},
	} {
		out, _, code := runCLI(t, c.in+"\n"+`{"house_number":"12",`+hn+`}`+"\n", "format")
		assert.Equal(t, 1, code, c.in)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		require.Len(t, lines, 2, c.in)
		assert.True(t, strings.HasPrefix(lines[0], "error: line 1: "), "%s: %s", c.in, lines[0])
		assert.Contains(t, lines[0], c.want, c.in)
		assert.Equal(t, "Số 12, Thành phố Hà Nội", lines[1], "the next line is still formatted")
	}
	// A name that means the unit, however written, is no contradiction.
	for _, name := range []string{"Thành phố Hà Nội", "Hà Nội", "ha noi", "HN", ""} {
		out, _, code := runCLI(t, `{"house_number":"12","province":{"code":"01","name":"`+name+`","version":"2025"}}`+"\n", "format")
		assert.Equal(t, 0, code, name)
		assert.Equal(t, "Số 12, Thành phố Hà Nội\n", out, name)
	}
}

// Text the parse did not place is not dropped without a word: two
// addresses separated by a semicolon leave the second house number and
// street in the remainder, and format refuses the line unless told to drop
// it; so with a unit name that fits several places.
func TestFormatRemainder(t *testing.T) {
	parsed, _, code := runCLI(t, "12 Hàng Bạc; 14 Hàng Đào; Hà Nội\n", "parse")
	require.Equal(t, 0, code)
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(parsed), &p))
	require.Equal(t, "14 Hàng Đào", p["remainder"], "the case this test is about")
	out, stderr, code := runCLI(t, parsed, "format")
	assert.Equal(t, 1, code)
	assert.Equal(t, `error: line 1: remainder "14 Hàng Đào": text the parse did not place in the address, which no style writes; not formatted (--drop-remainder formats without it)`+"\n", out)
	assert.Contains(t, stderr, "1 line(s) failed")
	out, _, code = runCLI(t, parsed, "format", "--drop-remainder")
	assert.Equal(t, 0, code)
	assert.Equal(t, "Số 12 Hàng Bạc, Thành phố Hà Nội\n", out)
	parsed, _, code = runCLI(t, "12 Lê Lợi, Phường 1\n", "parse")
	require.Equal(t, 0, code)
	require.Contains(t, parsed, `"status":"ambiguous"`)
	out, _, code = runCLI(t, parsed, "format")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `error: line 1: remainder "Phường 1"`)
}

// A split legacy commune written in its legacy form by a style that asks
// for the 2025 units comes with a warning naming every 2025 candidate.
func TestFormatSplitCommune(t *testing.T) {
	parsed, _, code := runCLI(t, "so 12 ngo 34 Phố Tran Duy Hung, P. Trung Hoa, Q. Cau Giay, HN\n130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, TP HCM\n", "parse")
	require.Equal(t, 0, code)
	out, stderr, code := runCLI(t, parsed, "format")
	assert.Equal(t, 0, code)
	assert.Equal(t, "Số 12 ngõ 34 Phố Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội\n130/20/2 Đường Lê Văn Sỹ, Phường Nhiêu Lộc, Thành phố Hồ Chí Minh\n", out)
	assert.Equal(t, "diachi format: line 1: warning: Phường Trung Hòa (legacy commune 00175) became 3 2025 communes: Phường Yên Hòa (00175), Phường Thanh Xuân (00367), Phường Đại Mỗ (00637); written in its legacy form (only a location tells which)\n", stderr)
	_, stderr, code = runCLI(t, parsed, "format", "--style", "ascii")
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr, "line 1: warning: Phường Trung Hòa")
	_, stderr, code = runCLI(t, parsed, "format", "--style", "legacy")
	assert.Equal(t, 0, code)
	assert.Empty(t, stderr, "the legacy style asks for the legacy form")
}

// FuzzFormatLine: any line is decoded or refused, never a panic; what is
// decoded decodes the same once written back, and what is formatted is
// valid UTF-8 without control characters.
func FuzzFormatLine(f *testing.F) {
	for _, s := range []string{
		`{"house_number":"12","house_number":"14","province":{"code":"01","name":"Hà Nội","version":"2025"}}`,
		`{"input":"x","house_number":"12","alleys":[{"kind":"ngõ","number":"3","name":null}],"street":{"type":"Phố","name":"Huế","text":"phố Huế"},"place":null,"commune":{"code":"00256","name":"Phường Hai Bà Trưng","version":"2025"},"district":null,"province":{"code":"01","name":"Thành phố Hà Nội","version":"2025"},"implied":[],"postcode":"10000","remainder":null,"status":"ok","confidence":1,"spans":{"house_number":[0,2]},"repairs":[],"alternatives":[]}`,
		`{"house_number":"12","commune":{"code":"00175","name":"Phường Trung Hòa","version":"legacy"},"district":{"code":"005","name":"","version":"legacy"}}`,
		`{"a":{"b":[{"c":1,"C":2}]}}`, `[{},{}]`, `{} {}`, `{"spans":{"x":[1,2],"x":[3,4]}}`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		p, err := decodeParsed(line)
		if err != nil {
			return
		}
		require.True(t, json.Valid(line), "%q decoded", line)
		again, err := json.Marshal(p)
		require.NoError(t, err)
		p2, err := decodeParsed(again)
		require.NoError(t, err, "%s", again)
		require.Equal(t, p, p2)
		a, err := fromJSON(p)
		if err != nil {
			return
		}
		address.Unconverted(a, address.Official)
		for _, st := range []address.Style{address.Official, address.Legacy, address.Southern, address.ASCII} {
			s := address.Format(a, st)
			require.NoError(t, checkText([]byte(s)), "%q formatted as %q", line, s)
		}
		for _, s := range address.Label(a, "") {
			require.NoError(t, checkText([]byte(s)))
		}
	})
}
