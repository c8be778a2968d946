package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address/clean"
	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readCleaned parses the command's CSV output into maps by column name.
func readCleaned(t *testing.T, out string) ([]string, []map[string]string) {
	t.Helper()
	r := csv.NewReader(strings.NewReader(out))
	recs, err := r.ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return recs[0], rows
}

const cleanCSV = "id,address,note\r\n" +
	"1,\"Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội\",first\r\n" +
	"2,\"so 12 ngo 34 pho hue, p hai ba trung, ha noi\",same house\r\n" +
	"3,\"Phường 1, TP HCM\",\r\n" +
	"4,\"130/20/2 Lê Văn Sỹ, P.14, Q.3, Hồ Chí Minh\",legacy\r\n" +
	"5,\"open quote, Hà Nội\r\n" +
	"6,ph\xf4 Hu\xe9,bad bytes\r\n" +
	"7,asdf qwer,junk\r\n"

func TestCleanCLI(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	require.NoError(t, os.WriteFile(in, []byte(cleanCSV), 0o644))
	sumPath := filepath.Join(dir, "sum.json")
	out, stderr, code := runCLI(t, "", "clean", "--in", in, "--summary", sumPath, "--workers", "3")
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr, "quiet when stderr is not a terminal")

	header, rows := readCleaned(t, out)
	assert.Equal(t, append([]string{"id", "address", "note"}, clean.AddedColumns()...), header)
	require.Len(t, rows, 7, "one output row per input row")
	for i, r := range rows {
		assert.Equal(t, string(rune('1'+i)), r["id"], "input order kept")
	}
	assert.Equal(t, "Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội", rows[0]["address"], "a quoted comma stays in its cell")
	assert.Equal(t, "ok", rows[0]["status"])
	assert.Equal(t, "00256", rows[0]["commune_code"])
	assert.Equal(t, "11626", rows[0]["postcode"])
	assert.Equal(t, "", rows[0]["duplicate_of"])
	assert.Equal(t, "1", rows[1]["duplicate_of"], "two spellings of one house")
	assert.Equal(t, "ambiguous", rows[2]["status"])
	assert.Contains(t, rows[2]["candidates"], "27160 Phường 1, Quận 3, Thành phố Hồ Chí Minh")
	assert.Equal(t, "legacy", rows[3]["units_version"])
	assert.Equal(t, "130/20/2 Lê Văn Sỹ, Phường Nhiêu Lộc, Thành phố Hồ Chí Minh", rows[3]["official"])
	assert.Equal(t, "error", rows[4]["status"])
	assert.Equal(t, "line 6: unbalanced quote", rows[4]["error"])
	assert.Equal(t, "error", rows[5]["status"])
	assert.Equal(t, "ph\xf4 Hu\xe9", rows[5]["address"], "invalid bytes are written as they were")
	assert.Contains(t, rows[5]["error"], "invalid UTF-8")
	assert.Equal(t, "unknown", rows[6]["status"])

	var sum clean.Summary
	b, err := os.ReadFile(sumPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &sum))
	assert.Equal(t, 7, sum.Rows)
	assert.Equal(t, map[string]int{"ok": 3, "ambiguous": 1, "error": 2, "unknown": 1}, sum.ByStatus)
	assert.Equal(t, map[string]int{"01": 2, "79": 2}, sum.ByProvince)
	assert.Equal(t, 2, sum.Errors)
	assert.Equal(t, 1, sum.Duplicates)
	assert.Equal(t, "utf-8", sum.Encoding)
	assert.Greater(t, sum.Seconds, 0.0)

	// The same through stdin and a file output, with one worker: the same rows.
	outPath := filepath.Join(dir, "out.csv")
	o2, stderr, code := runCLI(t, cleanCSV, "clean", "--out", outPath, "--workers", "1", "--bom")
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, o2)
	b, err = os.ReadFile(outPath)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "\uFEFFid,address,note,"), "--bom")
	assert.Equal(t, out, strings.TrimPrefix(string(b), "\uFEFF"))
}

func TestCleanCLIManyRows(t *testing.T) {
	var in strings.Builder
	in.WriteString("address\n")
	const n = 3000
	for i := range n {
		switch i % 3 {
		case 0:
			in.WriteString("\"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội\"\n")
		case 1:
			in.WriteString("\"Xã Mỹ Quý\n") // unbalanced
		default:
			in.WriteString("asdf\n")
		}
	}
	out, stderr, code := runCLI(t, in.String(), "clean", "--workers", "4")
	require.Equal(t, 0, code, stderr)
	_, rows := readCleaned(t, out)
	require.Len(t, rows, n)
	for i, r := range rows {
		want := []string{"ok", "error", "unknown"}[i%3]
		require.Equal(t, want, r["status"], "row %d", i+1)
		if i%3 == 0 && i > 0 {
			require.Equal(t, "1", r["duplicate_of"], "row %d", i+1)
		}
	}
}

func TestCleanCLIEncodingAndTSV(t *testing.T) {
	text := "id\tdia_chi\n" +
		"1\tSố 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội\n" +
		"2\tThôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh\n" +
		"3\tPhường Bến Thành, Thành phố Hồ Chí Minh\n" +
		"4\t12 Nguyen Trai, Ha Noi\n"
	b, err := vnenc.Encode(vnenc.TCVN3, text)
	require.NoError(t, err)
	require.NotEqual(t, text, string(b))
	dir := t.TempDir()
	sumPath := filepath.Join(dir, "sum.json")
	out, stderr, code := runCLI(t, string(b), "clean", "--summary", sumPath)
	require.Equal(t, 0, code, stderr)
	header, rows := readCleaned(t, out)
	assert.Equal(t, "dia_chi", header[1], "tab-separated input is found from its header")
	require.Len(t, rows, 4)
	assert.Equal(t, "Thôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh", rows[1]["dia_chi"], "decoded before writing")
	assert.Equal(t, "ok", rows[0]["status"])
	assert.Equal(t, "00256", rows[0]["commune_code"])
	assert.True(t, strings.HasPrefix(rows[0]["repairs"], `encoding:"tcvn3"->"utf-8"`), rows[0]["repairs"])
	assert.Equal(t, "", rows[3]["repairs"], "an ASCII row is not converted")
	var sum clean.Summary
	js, err := os.ReadFile(sumPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(js, &sum))
	assert.Equal(t, "tcvn3", sum.Encoding)
	assert.Equal(t, 3, sum.Conversions)

	// A UTF-8 line in a legacy file is kept as it is.
	mixed := append(b, "5\tSố 7 phố Huế, Phường Hai Bà Trưng, Hà Nội\n"...)
	out, stderr, code = runCLI(t, string(mixed), "clean")
	require.Equal(t, 0, code, stderr)
	_, rows = readCleaned(t, out)
	require.Len(t, rows, 5)
	assert.Equal(t, "Số 7 phố Huế, Phường Hai Bà Trưng, Hà Nội", rows[4]["dia_chi"])
	assert.Equal(t, "ok", rows[4]["status"])
	assert.Equal(t, "", rows[4]["repairs"])
	assert.Equal(t, "ok", rows[0]["status"])

	// Forced the wrong way, the same bytes are not UTF-8: error rows, still
	// one per input row.
	out, _, code = runCLI(t, string(b), "clean", "--encoding", "utf-8", "--delimiter", "tab")
	require.Equal(t, 0, code)
	_, rows = readCleaned(t, out)
	require.Len(t, rows, 4)
	assert.Equal(t, "error", rows[0]["status"])
}

func TestCleanCLIColumns(t *testing.T) {
	in := "so_nha;duong;phuong;tinh\n12;phố Huế;Phường Hai Bà Trưng;Hà Nội\n"
	out, stderr, code := runCLI(t, in, "clean", "--delimiter", ";", "--column", "so_nha,duong", "--column", "PHUONG", "--column", "tinh")
	require.Equal(t, 0, code, stderr)
	_, rows := readCleaned(t, out)
	require.Len(t, rows, 1)
	assert.Equal(t, "ok", rows[0]["status"])
	assert.Equal(t, "12", rows[0]["house_number"])

	out, stderr, code = runCLI(t, "", "clean")
	assert.Equal(t, 0, code, stderr)
	assert.Empty(t, out, "an empty input has no header to write")
	out, _, code = runCLI(t, "address\n", "clean")
	assert.Equal(t, 0, code)
	assert.Equal(t, "address,"+strings.Join(clean.AddedColumns(), ",")+"\n", out)
}

func TestCleanCLIUsage(t *testing.T) {
	in := "id,address\n1,Hà Nội\n"
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"clean", "-h"}, 0, "error rows included"},
		{[]string{"clean", "--units", "1990"}, 2, "--units"},
		{[]string{"clean", "--encoding", "latin1"}, 2, "--encoding"},
		{[]string{"clean", "--delimiter", "ab"}, 2, "--delimiter"},
		{[]string{"clean", "--workers", "0"}, 2, "--workers"},
		{[]string{"clean", "--column", "dia_chi"}, 2, `no column "dia_chi"`},
		{[]string{"clean", "--bogus"}, 2, "bogus"},
		{[]string{"clean", "extra"}, 2, "unexpected argument"},
		{[]string{"clean", "--in", filepath.Join(t.TempDir(), "missing.csv")}, 1, "missing.csv"},
		{[]string{"clean", "--out", filepath.Join(t.TempDir(), "no", "such", "dir.csv")}, 1, "dir.csv"},
	} {
		_, stderr, code := runCLI(t, in, tc.args...)
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, stderr)
		assert.Contains(t, stderr, tc.msg, "%v", tc.args)
	}
	_, stderr, _ := runCLI(t, "", "help")
	assert.Contains(t, stderr, "clean a whole address list")
}

// failAfter accepts n bytes, then fails every write.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n < len(p) {
		return 0, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

func TestCleanCLIWriteError(t *testing.T) {
	in := "address\n" + strings.Repeat("\"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội\"\n", 5000)
	var errb strings.Builder
	code := run([]string{"clean", "--workers", "2"}, strings.NewReader(in), &failAfter{n: 100 << 10}, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "disk full")
}
