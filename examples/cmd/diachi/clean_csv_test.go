package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"testing"
)

// TestCSVWriterAsEncodingCSV: the clean job's writer writes records byte
// for byte as encoding/csv's Writer does.
func TestCSVWriterAsEncodingCSV(t *testing.T) {
	records := [][]string{
		{"1", "Số 12, Trần Phú", "", `say "hi"`, `"`, `""`, " lead", "\tlead", "\u00a0nbsp", "\u3000wide"},
		{"a\nb", "a\rb", "a\r\nb", `\.`, `\..`, `.\`, "trail ", ",", "x,y,z"},
		{""},
		{},
		{"\vx", "\fx", "\u0085x", "\x1fx", "\x00", "\x80", "\xff x", "~", "!"},
		{"Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh", "\"quoted\", then more"},
	}
	var want, got bytes.Buffer
	cw := csv.NewWriter(&want)
	bw := bufio.NewWriter(&got)
	w := &csvWriter{w: bw}
	for _, r := range records {
		if err := cw.Write(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	cw.Flush()
	bw.Flush()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("csvWriter wrote\n%q\nencoding/csv\n%q", got.String(), want.String())
	}
}
