package clean_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/diachi-vn/diachi/address/clean"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type readResult struct {
	fields []string
	line   int
	err    string // the RowError's reason
	raw    string // of a bad row
}

func readAll(t testing.TB, in string, comma rune) []readResult {
	t.Helper()
	rd := clean.NewReader(strings.NewReader(in), comma)
	var out []readResult
	for range strings.Count(in, "\n") + 2 {
		f, raw, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		res := readResult{fields: f, line: rd.Line()}
		if err != nil {
			var re *clean.RowError
			require.ErrorAs(t, err, &re)
			require.ErrorIs(t, err, clean.ErrRow)
			require.Equal(t, rd.Line(), re.Line)
			res.err, res.raw = re.Reason, string(raw)
		}
		out = append(out, res)
	}
	t.Fatal("the reader makes no progress")
	return nil
}

func TestReader(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	tests := []struct {
		name  string
		in    string
		comma rune
		want  []readResult
	}{
		{name: "empty", in: "", want: nil},
		{name: "blank-lines-only", in: "\n\r\n\n", want: nil},
		{name: "no-final-newline", in: "a,b\nc,d", want: []readResult{{fields: []string{"a", "b"}, line: 1}, {fields: []string{"c", "d"}, line: 2}}},
		{name: "crlf", in: "a,b\r\nc,\"d\"\r\n\r\ne,\r\n", want: []readResult{
			{fields: []string{"a", "b"}, line: 1}, {fields: []string{"c", "d"}, line: 2}, {fields: []string{"e", ""}, line: 4}}},
		{name: "quoted-newline-and-comma", in: "1,\"12 Phố Huế,\r\nHà Nội\",x\n2,\"say \"\"hi\"\"\"\n", want: []readResult{
			{fields: []string{"1", "12 Phố Huế,\nHà Nội", "x"}, line: 1}, {fields: []string{"2", `say "hi"`}, line: 3}}},
		{name: "empty-quoted-is-a-row", in: "\"\"\n", want: []readResult{{fields: []string{""}, line: 1}}},
		{name: "bom", in: "\uFEFF\"id\",address\n", want: []readResult{{fields: []string{"id", "address"}, line: 1}}},
		{name: "lenient-quotes", in: "a \"b\" c,\"12 \"A\" st\"\n", want: []readResult{{fields: []string{`a "b" c`, `12 "A" st"`}, line: 1}}},
		{name: "tab", in: "id\taddress\n1\t\"Hà Nội, VN\"\t\n", comma: '\t', want: []readResult{
			{fields: []string{"id", "address"}, line: 1}, {fields: []string{"1", "Hà Nội, VN", ""}, line: 2}}},
		{name: "unbalanced-quote", in: "1,\"Phường 1, TP HCM\n2,Hà Nội\n3,\"x\"\n", want: []readResult{
			{fields: []string{"1", "\"Phường 1", " TP HCM"}, line: 1, err: "unbalanced quote", raw: "1,\"Phường 1, TP HCM\n"},
			{fields: []string{"2", "Hà Nội"}, line: 2},
			{fields: []string{"3", "x"}, line: 3}}},
		{name: "unbalanced-quote-at-end", in: "1,ok\n2,\"open", want: []readResult{
			{fields: []string{"1", "ok"}, line: 1},
			{fields: []string{"2", "\"open"}, line: 2, err: "unbalanced quote", raw: "2,\"open"}}},
		{name: "quote-closed-late", in: "1,\"a" + strings.Repeat("\n", clean.MaxQuotedLines) + "\"\n2,b\n", want: append(append(
			[]readResult{{fields: []string{"1", "\"a"}, line: 1, err: "unbalanced quote", raw: "1,\"a\n"}},
			blankThen(clean.MaxQuotedLines+1, readResult{fields: []string{"\""}, err: "unbalanced quote", raw: "\"\n"})...),
			readResult{fields: []string{"2", "b"}, line: clean.MaxQuotedLines + 2})},
		{name: "big-cell", in: "1,a\n2," + big + ",tail\n3,c\n", want: []readResult{
			{fields: []string{"1", "a"}, line: 1},
			{fields: []string{"2", ""}, line: 2, err: "cell longer than 65536 bytes (this cell and the rest of its line are not read)", raw: "2," + big[:clean.MaxCell-2]},
			{fields: []string{"3", "c"}, line: 3}}},
		{name: "big-quoted-cell-one-line", in: "1,\"" + big + "\"\n2,c\n", want: []readResult{
			{fields: []string{"1", ""}, line: 1, err: "cell longer than 65536 bytes (this cell and the rest of its line are not read)", raw: "1,\"" + big[:clean.MaxCell-3]},
			{fields: []string{"2", "c"}, line: 2}}},
		{name: "big-quoted-cell-many-lines", in: "1,\"a\n" + big + "\"\n2,c\n", want: []readResult{
			{fields: []string{"1", "\"a"}, line: 1, err: "unbalanced quote", raw: "1,\"a\n"},
			{fields: []string{""}, line: 2, err: "cell longer than 65536 bytes (this cell and the rest of its line are not read)", raw: big[:clean.MaxCell]},
			{fields: []string{"2", "c"}, line: 3}}},
		{name: "invalid-utf8-is-data", in: "1,ph\xf4\n", want: []readResult{{fields: []string{"1", "ph\xf4"}, line: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comma := tt.comma
			if comma == 0 {
				comma = ','
			}
			got := readAll(t, tt.in, comma)
			require.Len(t, got, len(tt.want))
			for i := range tt.want {
				assert.Equal(t, tt.want[i].fields, got[i].fields, "row %d", i)
				assert.Equal(t, tt.want[i].err, got[i].err, "row %d", i)
				if tt.want[i].line > 0 {
					assert.Equal(t, tt.want[i].line, got[i].line, "row %d", i)
				}
				if tt.want[i].err != "" {
					assert.Equal(t, tt.want[i].raw, got[i].raw, "row %d", i)
				}
			}
		})
	}
}

// blankThen is what a quoted cell closed too late leaves: the lines it
// spanned are blank and skipped, then its closing quote opens a cell of its
// own that is never closed.
func blankThen(line int, r readResult) []readResult {
	r.line = line
	return []readResult{r}
}

func TestReaderSmallReads(t *testing.T) {
	in := "\uFEFFid,address\r\n1,\"12 Phố Huế,\r\nHà Nội\"\r\n2,\"open\n3,x\n"
	rd := clean.NewReader(iotest.OneByteReader(strings.NewReader(in)), ',')
	var rows [][]string
	for {
		f, _, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			require.ErrorIs(t, err, clean.ErrRow)
		}
		rows = append(rows, f)
	}
	assert.Equal(t, [][]string{{"id", "address"}, {"1", "12 Phố Huế,\nHà Nội"}, {"2", "\"open"}, {"3", "x"}}, rows)
	assert.Equal(t, 5, rd.Lines())
}

func TestReaderReadError(t *testing.T) {
	rd := clean.NewReader(iotest.ErrReader(errors.New("disk on fire")), ',')
	_, _, err := rd.Read()
	require.Error(t, err)
	assert.NotErrorIs(t, err, clean.ErrRow)
	assert.NotErrorIs(t, err, io.EOF)
	_, _, err = rd.Read()
	require.Error(t, err, "the error stays")

	_, _, err = clean.NewReader(strings.NewReader("a"), '"').Read()
	require.Error(t, err)
}

// TestReaderStrayQuoteThenLongRow: a stray quote that carries a row across
// lines into a row over the cell limit does not swallow the lines between.
func TestReaderStrayQuoteThenLongRow(t *testing.T) {
	in := "\"r1 stray quote\nr2 ok\nr3 b\",a," + strings.Repeat("x,", 4100) + "\nr4 ok\n"
	r := clean.NewReader(strings.NewReader(in), ',')
	var rows int
	var firsts []string
	for {
		f, _, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		rows++
		if len(f) > 0 {
			firsts = append(firsts, f[0])
		}
	}
	require.Equal(t, 4, rows, "one row per physical line: %q", firsts)
	assert.Equal(t, "r2 ok", firsts[1])
	assert.Equal(t, "r4 ok", firsts[3])
}

// ReadCells reads the rows Read reads, good and bad, as cells and their
// ends.
func TestReadCells(t *testing.T) {
	for _, in := range []string{
		"a,b\nc,d",
		"\uFEFFid,address\r\n1,\"12 Phố Huế,\r\nHà Nội\"\r\n\r\n2,\"open\n3,x\n,\n\"\"\n",
		"1,\"a\"b\n2,\"" + strings.Repeat("x", clean.MaxCell+1) + "\",y\n3," + strings.Repeat(",", clean.MaxFields+1) + "\n4,z\n",
	} {
		want := readAll(t, in, ',')
		rd := clean.NewReader(strings.NewReader(in), ',')
		for i := 0; ; i++ {
			cells, ends, raw, err := rd.ReadCells()
			if errors.Is(err, io.EOF) {
				require.Len(t, want, i, "%q", in)
				break
			}
			require.Less(t, i, len(want), "%q", in)
			var fields []string
			prev := 0
			for _, e := range ends {
				fields = append(fields, string(cells[prev:e]))
				prev = e
			}
			assert.Equal(t, want[i].fields, fields, "%q row %d", in, i)
			if want[i].err != "" {
				assert.Equal(t, want[i].raw, string(raw), "%q row %d", in, i)
			}
		}
	}
}
