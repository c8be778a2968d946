package clean_test

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/diachi-vn/diachi/address/clean"
)

func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"", "a,b\nc,d", "\uFEFFid,address\r\n1,\"x\r\ny\"\r\n", "1,\"open\n2,b\n", "\"\"\n\n\r\n,",
		"a\t\"b\"\"c\"\td\n", "1,\"a\n\"b\",c\n", "x\r", "\"a\"b,\"c\n", "1,\"a\"\r\n2\n",
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, in []byte, tab bool) {
		comma := ','
		if tab {
			comma = '\t'
		}
		body := bytes.TrimPrefix(in, []byte("\uFEFF"))
		lines := bytes.SplitAfter(body, []byte("\n"))
		if len(lines[len(lines)-1]) == 0 {
			lines = lines[:len(lines)-1]
		}
		blank := func(n int) bool { // physical line n, from 1
			l := bytes.TrimSuffix(lines[n-1], []byte("\n"))
			return len(bytes.TrimSuffix(l, []byte("\r"))) == 0
		}
		rd := clean.NewReader(bytes.NewReader(in), comma)
		done := 0 // physical lines accounted for
		for reads := 0; ; reads++ {
			if reads > len(lines)+1 {
				t.Fatalf("no progress after %d reads of %d lines", reads, len(lines))
			}
			fields, _, err := rd.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil && !errors.Is(err, clean.ErrRow) {
				t.Fatalf("unexpected error %v", err)
			}
			if len(fields) == 0 {
				t.Fatalf("a row without cells (err %v)", err)
			}
			line := rd.Line()
			if line <= done {
				t.Fatalf("row at line %d overlaps lines already read (%d)", line, done)
			}
			for n := done + 1; n < line; n++ {
				if !blank(n) {
					t.Fatalf("line %d %q skipped", n, lines[n-1])
				}
			}
			var re *clean.RowError
			if errors.As(err, &re) {
				if re.Line != line {
					t.Fatalf("error at line %d, row at %d", re.Line, line)
				}
				if re.Reason == "unbalanced quote" && rd.Lines() != line {
					t.Fatalf("an unbalanced quote at line %d consumed %d lines", line, rd.Lines())
				}
			}
			if rd.Lines() < line || rd.Lines() > len(lines) {
				t.Fatalf("lines read %d after a row at %d of %d", rd.Lines(), line, len(lines))
			}
			done = rd.Lines()
		}
		for n := done + 1; n <= len(lines); n++ {
			if !blank(n) {
				t.Fatalf("line %d %q never read", n, lines[n-1])
			}
		}
	})
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội", "Phường 1, TP HCM", "", "\x00", "\xff",
		"130/20/2 Lê Văn Sỹ, P.14, Q.3, HCM", "asdf", "12\n\r\tHà Nội",
	} {
		f.Add(s, uint8(2))
	}
	c, err := clean.New([]string{"id", "address", "note"}, clean.Options{Memo: 4})
	if err != nil {
		f.Fatal(err)
	}
	none, err := clean.New([]string{"id", "address", "note"}, clean.Options{Memo: -1})
	if err != nil {
		f.Fatal(err)
	}
	statuses := []string{"ok", "implied", "ambiguous", "partial", "unknown", "error"}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		fields := make([]string, int(n%6))
		for i := range fields {
			fields[i] = s
		}
		r := c.Clean(fields)
		if len(r.Out) != len(c.Header()) {
			t.Fatalf("%d cells for a header of %d", len(r.Out), len(c.Header()))
		}
		if !slices.Contains(statuses, r.Status) {
			t.Fatalf("status %q", r.Status)
		}
		if r.Status == "error" && (r.Key != 0 || r.Province != "") {
			t.Fatalf("an error row with a key or province: %+v", r)
		}
		if len(fields) == 3 && !slices.Equal(r.Out[:3], fields) {
			t.Fatalf("input cells changed: %q", r.Out[:3])
		}
		// Met again, the row comes from the memo: the same as read anew.
		again, want := c.Clean(fields), none.Clean(fields)
		if !slices.Equal(r.Out, want.Out) || !slices.Equal(again.Out, want.Out) ||
			r.Status != want.Status || r.Key != want.Key || again.Key != want.Key || again.Province != want.Province {
			t.Fatalf("memo %q, again %q, without the memo %q", r.Out, again.Out, want.Out)
		}
	})
}
