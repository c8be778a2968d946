package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

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
	assert.NotContains(t, rows[3]["repairs"], "encoding:", "an ASCII row is not converted")
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
	assert.Contains(t, stderr, "standard input is empty: no rows to clean")
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

func TestCleanCLISameFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	const text = "id,address\n1,\"12 Hàng Bạc, Hà Nội\"\n"
	require.NoError(t, os.WriteFile(in, []byte(text), 0o644))
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(in, link))
	hard := filepath.Join(dir, "hard.csv")
	require.NoError(t, os.Link(in, hard))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	for _, args := range [][]string{
		{"--in", in, "--out", in},
		{"--in", in, "--out", filepath.Join(dir, "sub", "..", "in.csv")},
		{"--in", in, "--out", link},
		{"--in", link, "--out", hard},
		{"--in", in, "--summary", hard},
	} {
		_, stderr, code := runCLI(t, "", append([]string{"clean"}, args...)...)
		assert.Equal(t, 2, code, "%v: %s", args, stderr)
		assert.Contains(t, stderr, "diachi clean: ", "%v", args)
		assert.Contains(t, stderr, "is the input file", "%v", args)
		b, err := os.ReadFile(in)
		require.NoError(t, err)
		require.Equal(t, text, string(b), "%v: the input is untouched", args)
	}

	// The input given on standard input, as `--out in.csv < in.csv` does.
	f, err := os.Open(in)
	require.NoError(t, err)
	defer f.Close()
	var out, errb strings.Builder
	code := run([]string{"clean", "--out", in}, f, &out, &errb)
	assert.Equal(t, 2, code, errb.String())
	assert.Contains(t, errb.String(), "is the input file")
	b, err := os.ReadFile(in)
	require.NoError(t, err)
	assert.Equal(t, text, string(b))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 4, "nothing written beside the input")
}

// rowsThenFail serves rows, then fails: a disk or network error halfway.
type rowsThenFail struct {
	rows  int
	reads int
}

func (r *rowsThenFail) Read(p []byte) (int, error) {
	r.reads++
	if r.rows == 0 {
		return 0, errors.New("input device gone")
	}
	r.rows--
	if r.reads == 1 {
		return copy(p, "address\n"), nil
	}
	return copy(p, "\"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội\"\n"), nil
}

// listDir returns the names in dir, to see that no temporary file is left.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCleanCLIAtomicOutput(t *testing.T) {
	dir := t.TempDir()
	outPath := filepath.Join(dir, "out.csv")
	sumPath := filepath.Join(dir, "sum.json")
	require.NoError(t, os.WriteFile(outPath, []byte("old\n"), 0o640))

	// A read error halfway: the previous output stays, no summary, no
	// temporary file.
	var stdout, errb strings.Builder
	code := run([]string{"clean", "--out", outPath, "--summary", sumPath, "--workers", "2"}, &rowsThenFail{rows: 3000}, &stdout, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "input device gone")
	assert.Contains(t, errb.String(), "out.csv")
	b, err := os.ReadFile(outPath)
	require.NoError(t, err)
	assert.Equal(t, "old\n", string(b), "the output is replaced only by a complete run")
	assert.Equal(t, []string{"out.csv"}, listDir(t, dir))

	// An output that cannot be written is reported before the input is read.
	for _, args := range [][]string{
		{"--out", filepath.Join(dir, "no", "such", "dir.csv")},
		{"--out", outPath, "--summary", filepath.Join(dir, "no", "sum.json")},
		{"--out", dir},
	} {
		src := &rowsThenFail{rows: 10}
		errb.Reset()
		code = run(append([]string{"clean"}, args...), src, &stdout, &errb)
		assert.Equal(t, 1, code, "%v", args)
		assert.Equal(t, 0, src.reads, "%v: failed before reading", args)
		assert.Contains(t, errb.String(), "diachi clean: cannot write "+args[len(args)-1], "%v", args)
		assert.Equal(t, []string{"out.csv"}, listDir(t, dir), "%v", args)
	}

	// A complete run replaces the output, keeping its permissions, and
	// writes through a symbolic link rather than over it.
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(outPath, link))
	o, stderr, code := runCLI(t, "address\nHà Nội\n", "clean", "--out", link, "--summary", sumPath)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, o)
	b, err = os.ReadFile(outPath)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "address,house_number,"), string(b))
	st, err := os.Lstat(outPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm())
	st, err = os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeSymlink)
	assert.FileExists(t, sumPath)
	assert.Equal(t, []string{"link.csv", "out.csv", "sum.json"}, listDir(t, dir))
}

// endless serves rows for ever, cancelling the run after some of them:
// only the interrupt can end it.
type endless struct {
	n      int
	cancel func()
}

func (e *endless) Read(p []byte) (int, error) {
	e.n++
	if e.n == 1 {
		return copy(p, "address\n"), nil
	}
	if e.n == 2000 {
		e.cancel()
	}
	return copy(p, "\"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội\"\n"), nil
}

func TestCleanCLIInterrupt(t *testing.T) {
	dir := t.TempDir()
	outPath := filepath.Join(dir, "out.csv")
	require.NoError(t, os.WriteFile(outPath, []byte("old\n"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, errb strings.Builder
	code := runCleanContext(ctx, []string{"--out", outPath, "--workers", "2"}, &endless{cancel: cancel}, &stdout, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "diachi clean: interrupted")
	assert.Contains(t, errb.String(), "out.csv")
	b, err := os.ReadFile(outPath)
	require.NoError(t, err)
	assert.Equal(t, "old\n", string(b))
	assert.Equal(t, []string{"out.csv"}, listDir(t, dir))
}

func TestCleanCLICarriageReturns(t *testing.T) {
	// As "CSV (Macintosh)" is saved: CR alone ends each line.
	in := "id,address\r1,\"12 Hang Bac, Ha Noi\"\r2,\"5 Le Loi, Hue\"\r3,\"Số 12 phố Huế,\rHà Nội\"\r"
	out, stderr, code := runCLI(t, in, "clean")
	require.Equal(t, 0, code, stderr)
	header, rows := readCleaned(t, out)
	assert.Equal(t, []string{"id", "address"}, header[:2])
	require.Len(t, rows, 3)
	assert.Equal(t, "1", rows[0]["id"])
	assert.Equal(t, "12 Hang Bac, Ha Noi", rows[0]["address"])
	assert.Equal(t, "", rows[0]["error"])
	assert.Equal(t, "2", rows[1]["id"])
	assert.Equal(t, "5 Le Loi, Hue", rows[1]["address"])
	assert.Equal(t, "3", rows[2]["id"])
	assert.Equal(t, "Số 12 phố Huế,\nHà Nội", rows[2]["address"], "a line break inside a quoted cell")
	assert.Equal(t, "01", rows[2]["province_code"])
}

func TestCleanCLIBadRowConverted(t *testing.T) {
	text := "id\tdia_chi\n" +
		"1\tSố 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội\n" +
		"2\t\"Thôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh\n" +
		"3\tPhường Bến Thành, Thành phố Hồ Chí Minh\textra\n"
	b, err := vnenc.Encode(vnenc.TCVN3, text)
	require.NoError(t, err)
	sumPath := filepath.Join(t.TempDir(), "sum.json")
	out, stderr, code := runCLI(t, string(b), "clean", "--summary", sumPath)
	require.Equal(t, 0, code, stderr)
	_, rows := readCleaned(t, out)
	require.Len(t, rows, 3)
	assert.Equal(t, "error", rows[1]["status"])
	assert.Equal(t, "\"Thôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh", rows[1]["dia_chi"])
	assert.True(t, strings.HasPrefix(rows[1]["repairs"], `encoding:"tcvn3"->"utf-8"`), rows[1]["repairs"])
	assert.Equal(t, "error", rows[2]["status"])
	assert.True(t, strings.HasPrefix(rows[2]["repairs"], `encoding:"tcvn3"->"utf-8"`), rows[2]["repairs"])
	var sum clean.Summary
	js, err := os.ReadFile(sumPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(js, &sum))
	assert.Equal(t, 3, sum.Conversions)
}

func TestCleanCLILongUTF8LineInLegacyFile(t *testing.T) {
	legacy, err := vnenc.Encode(vnenc.Windows1258, "address,n1,n2,n3,n4,n5\n\"Thôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh\",,,,,\n")
	require.NoError(t, err)
	cell := strings.Repeat("Huế ", 10000)
	var line string
	// The line is longer than the decoder's read buffer, which cuts it
	// inside a character.
	for pad := ""; line == "" || utf8.RuneStart(line[256<<10]); pad += " " {
		line = "\"" + pad + "Số 7 phố Huế, Hà Nội\"," + strings.Join([]string{cell, cell, cell, cell, cell}, ",")
	}
	in := string(legacy) + line + "\n"
	out, stderr, code := runCLI(t, in, "clean", "--encoding", "windows-1258")
	require.Equal(t, 0, code, stderr)
	_, rows := readCleaned(t, out)
	require.Len(t, rows, 2)
	assert.Equal(t, "ok", rows[0]["status"])
	assert.NotEqual(t, "error", rows[1]["status"])
	assert.Equal(t, "", rows[1]["repairs"], "a UTF-8 line is not converted")
	for _, n := range []string{"n1", "n2", "n3", "n4", "n5"} {
		require.True(t, cell == rows[1][n], "%s kept as it was, not decoded again", n)
	}

	// A line too long to be a row is passed on undecoded for the reader to
	// reject, and the lines after it are decoded again.
	tail, err := vnenc.Encode(vnenc.Windows1258, "\"Thôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh\",,,,,\n")
	require.NoError(t, err)
	huge := strings.Repeat("x,", 700<<10) + "x\n"
	out, stderr, code = runCLI(t, string(legacy)+huge+string(tail), "clean", "--encoding", "windows-1258")
	require.Equal(t, 0, code, stderr)
	_, rows = readCleaned(t, out)
	require.Len(t, rows, 3)
	assert.Equal(t, "error", rows[1]["status"])
	assert.Equal(t, "Thôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh", rows[2]["address"])
	assert.Equal(t, "ok", rows[2]["status"])
}

func TestCleanCLIWorkersBound(t *testing.T) {
	for _, w := range []string{"65", "1099511627776", "-1"} {
		_, stderr, code := runCLI(t, "address\nHà Nội\n", "clean", "--workers", w)
		assert.Equal(t, 2, code, w)
		assert.Contains(t, stderr, "diachi clean: --workers must be between 1 and 64", w)
	}
	out, stderr, code := runCLI(t, "address\nHà Nội\n", "clean", "--workers", "64")
	require.Equal(t, 0, code, stderr)
	_, rows := readCleaned(t, out)
	assert.Len(t, rows, 1)
}

func TestCleanCLISemicolon(t *testing.T) {
	in := "id;address;note\n1;Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội;x\n2;\"5 Lê Lợi; Huế\";\n"
	out, stderr, code := runCLI(t, in, "clean")
	require.Equal(t, 0, code, stderr)
	header, rows := readCleaned(t, out)
	assert.Equal(t, []string{"id", "address", "note"}, header[:3])
	require.Len(t, rows, 2)
	assert.Equal(t, "Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội", rows[0]["address"])
	assert.Equal(t, "x", rows[0]["note"])
	assert.Equal(t, "ok", rows[0]["status"])
	assert.Equal(t, "5 Lê Lợi; Huế", rows[1]["address"])
	assert.True(t, strings.HasPrefix(out, "id,address,note,"), "the output is comma-separated")

	_, stderr, _ = runCLI(t, "", "clean", "-h")
	assert.Contains(t, stderr, "always\ncomma-separated")
	assert.Contains(t, stderr, "';' when it has a ';' and no comma")
}

func TestCleanCLIEncodingHint(t *testing.T) {
	legacy, err := vnenc.Encode(vnenc.TCVN3, "Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội")
	require.NoError(t, err)
	in := "id,address\n" +
		"1,\"Số 7 phố Huế, Phường Hai Bà Trưng, Hà Nội\"\n" +
		"2,\"Thôn 8, Xã Thạch Hà, Tỉnh Hà Tĩnh\"\n" +
		"3,\"" + string(legacy) + "\"\n" +
		"4,ph\xf4\n"
	out, stderr, code := runCLI(t, in, "clean")
	require.Equal(t, 0, code, stderr)
	_, rows := readCleaned(t, out)
	require.Len(t, rows, 4)
	assert.Equal(t, "ok", rows[0]["status"])
	assert.Equal(t, "error", rows[2]["status"], "not converted on a guess")
	assert.Equal(t, string(legacy), rows[2]["address"])
	assert.Contains(t, rows[2]["error"], "invalid UTF-8")
	assert.True(t, strings.HasSuffix(rows[2]["error"], "; the line reads as tcvn3: try --encoding tcvn3"), rows[2]["error"])
	assert.Equal(t, "error", rows[3]["status"])
	assert.NotContains(t, rows[3]["error"], "try --encoding", "too short to tell")

	// A forced encoding is not second-guessed.
	out, _, code = runCLI(t, in, "clean", "--encoding", "utf-8")
	require.Equal(t, 0, code)
	_, rows = readCleaned(t, out)
	assert.NotContains(t, rows[2]["error"], "try --encoding")
}

func TestCleanCLIHeaderLimits(t *testing.T) {
	_, stderr, code := runCLI(t, "", "clean", "-h")
	assert.Equal(t, 0, code)
	for _, s := range []string{"64 KiB a cell", "4,096 cells", "1 MiB a row", "header row is not: it must be readable"} {
		assert.Contains(t, stderr, s)
	}
	_, stderr, code = runCLI(t, "\"id,address\n1,Hà Nội\n", "clean")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "diachi clean: cannot read the header")
	assert.Contains(t, stderr, "unbalanced quote")
}

// TestCleanCLIMemo: the output is the same with the memo of addresses met
// before, of any size, and without it; a size out of range is refused.
func TestCleanCLIMemo(t *testing.T) {
	var in strings.Builder
	in.WriteString("id,address\n")
	addrs := []string{
		"Thôn 2, Xã Mỹ Quý, Huyện Tháp Mười, Đồng Tháp",
		"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội",
		"\"So 5 Le Loi, P.Ben Nghe, Q1, HCM\"",
		"\"Xã Mỹ Quý\n", // unbalanced: an error row, met again
		"asdf",
	}
	for i := range 400 {
		fmt.Fprintf(&in, "%d,%s\n", i+1, addrs[(i*i)%len(addrs)])
	}
	want, stderr, code := runCLI(t, in.String(), "clean", "--memo", "0", "--workers", "3")
	require.Equal(t, 0, code, stderr)
	_, rows := readCleaned(t, want)
	require.Len(t, rows, 400)
	for _, memo := range []string{"1", "2", "16384", "1048576"} {
		got, stderr, code := runCLI(t, in.String(), "clean", "--memo", memo, "--workers", "3")
		require.Equal(t, 0, code, stderr)
		require.Equal(t, want, got, "--memo %s", memo)
	}
	for _, bad := range []string{"-1", "1048577"} {
		_, stderr, code := runCLI(t, in.String(), "clean", "--memo", bad)
		assert.Equal(t, 2, code, bad)
		assert.Contains(t, stderr, "--memo must be between 0 and 1048576", bad)
	}
}
