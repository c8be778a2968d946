package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	assert.Equal(t, map[string]any{"type": "Đường", "name": "tran phu", "text": "duong tran phu"}, ps[1]["street"])

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
