package shapefile

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
)

// Field is a column of a .dbf table.
type Field struct {
	Name     string // up to 10 characters, as stored
	Type     byte   // 'C' text, 'N' or 'F' number, 'L' logical, 'D' date
	Length   int
	Decimals int
}

// Table is a .dbf attribute table.
type Table struct {
	Fields []Field
	// Rows holds one value per field for each record: Text for 'C'
	// (trailing blanks removed), json.Number for 'N' and 'F' (as written,
	// blanks removed), bool for 'L', a string YYYY-MM-DD for 'D'; nil for a
	// blank or unknown ('?') value.
	Rows [][]any
	// Deleted marks the records flagged as deleted ('*'), which a reader
	// of the set skips.
	Deleted []bool
	// LanguageDriver is the code page byte of the header (0 when none).
	LanguageDriver byte
}

// Text is a text value as stored, in the encoding of its file (the .cpg
// names it, or it is to be detected): never converted here.
type Text []byte

// ReadDBF reads a dBASE III table as Shapefiles carry it.
func ReadDBF(b []byte, opts Options) (*Table, error) {
	opts = opts.withDefaults()
	if int64(len(b)) > opts.MaxBytes {
		return nil, fmt.Errorf("%w: .dbf: %d bytes, more than %d", ErrLimit, len(b), opts.MaxBytes)
	}
	if len(b) < 33 {
		return nil, fmt.Errorf("%w: .dbf: %d bytes, shorter than a header", ErrFormat, len(b))
	}
	switch b[0] & 0x07 {
	case 3: // dBASE III and later (0x03, 0x83 with memo, 0x8B…)
	default:
		return nil, fmt.Errorf("%w: .dbf: version byte 0x%02x is not dBASE III", ErrFormat, b[0])
	}
	n := int64(binary.LittleEndian.Uint32(b[4:]))
	hlen := int(binary.LittleEndian.Uint16(b[8:]))
	rlen := int(binary.LittleEndian.Uint16(b[10:]))
	if n > int64(opts.MaxRecords) {
		return nil, fmt.Errorf("%w: .dbf: %d records, more than %d", ErrLimit, n, opts.MaxRecords)
	}
	if hlen < 33 || hlen > len(b) {
		return nil, fmt.Errorf("%w: .dbf: header length %d in a file of %d bytes", ErrFormat, hlen, len(b))
	}
	t := &Table{LanguageDriver: b[29]}
	names := map[string]bool{}
	width := 1 // the deletion flag
	i := 32
	for ; i < hlen && b[i] != 0x0D; i += 32 {
		if i+32 > hlen {
			return nil, fmt.Errorf("%w: .dbf: field descriptor %d runs past the header", ErrFormat, len(t.Fields)+1)
		}
		d := b[i : i+32]
		name := d[:11]
		if k := bytes.IndexByte(name, 0); k >= 0 {
			name = name[:k]
		}
		f := Field{Name: strings.TrimSpace(string(name)), Type: d[11], Length: int(d[16]), Decimals: int(d[17])}
		if f.Name == "" {
			return nil, fmt.Errorf("%w: .dbf: field %d has no name", ErrFormat, len(t.Fields)+1)
		}
		if names[strings.ToLower(f.Name)] {
			return nil, fmt.Errorf("%w: .dbf: field %q given twice", ErrFormat, f.Name)
		}
		names[strings.ToLower(f.Name)] = true
		switch f.Type {
		case 'C':
			// dBASE stores text up to 65535 bytes, the high byte in the
			// decimals.
			f.Length += f.Decimals << 8
			f.Decimals = 0
		case 'N', 'F', 'L', 'D':
		default:
			return nil, fmt.Errorf("%w: .dbf: field %q of type %q, which is not read (C, N, F, L, D are)", ErrFormat, f.Name, f.Type)
		}
		if f.Length == 0 {
			return nil, fmt.Errorf("%w: .dbf: field %q has length 0", ErrFormat, f.Name)
		}
		width += f.Length
		t.Fields = append(t.Fields, f)
	}
	if i >= hlen {
		return nil, fmt.Errorf("%w: .dbf: the field descriptors are not terminated", ErrFormat)
	}
	if width != rlen {
		return nil, fmt.Errorf("%w: .dbf: fields add up to %d bytes a record, the header says %d", ErrFormat, width, rlen)
	}
	// The records, then an optional end-of-file byte (0x1A).
	body := int64(len(b) - hlen)
	if need := n * int64(rlen); body != need && !(body == need+1 && b[len(b)-1] == 0x1A) {
		return nil, fmt.Errorf("%w: .dbf: %d records of %d bytes need %d bytes after the header, the file has %d (cut short or damaged)",
			ErrFormat, n, rlen, need, body)
	}
	t.Rows = make([][]any, n)
	t.Deleted = make([]bool, n)
	vals := make([]any, n*int64(len(t.Fields)))
	for r := range t.Rows {
		rec := b[hlen+r*rlen : hlen+(r+1)*rlen]
		switch rec[0] {
		case ' ':
		case '*':
			t.Deleted[r] = true
		default:
			return nil, fmt.Errorf("%w: .dbf: record %d starts with 0x%02x, not a deletion flag", ErrFormat, r+1, rec[0])
		}
		row := vals[r*len(t.Fields) : (r+1)*len(t.Fields) : (r+1)*len(t.Fields)]
		pos := 1
		for k, f := range t.Fields {
			v, err := value(f, rec[pos:pos+f.Length])
			if err != nil {
				return nil, fmt.Errorf("%w: .dbf: record %d field %q: %v", ErrFormat, r+1, f.Name, err)
			}
			row[k] = v
			pos += f.Length
		}
		t.Rows[r] = row
	}
	return t, nil
}

// value reads one field's bytes.
func value(f Field, raw []byte) (any, error) {
	switch f.Type {
	case 'C':
		s := bytes.TrimRight(raw, " \x00")
		if len(s) == 0 {
			return nil, nil
		}
		return Text(s), nil
	case 'N', 'F':
		s := bytes.Trim(raw, " \x00")
		if len(s) == 0 || bytes.Count(s, []byte{'*'}) == len(s) { // all stars: a value that did not fit, no value
			return nil, nil
		}
		if !isNumber(s) {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		return json.Number(normalNumber(s)), nil
	case 'L':
		switch raw[0] {
		case 'T', 't', 'Y', 'y':
			return true, nil
		case 'F', 'f', 'N', 'n':
			return false, nil
		case '?', ' ', 0:
			return nil, nil
		}
		return nil, fmt.Errorf("%q is not a logical value", raw[:1])
	case 'D':
		s := bytes.TrimSpace(raw)
		if len(s) == 0 || string(s) == "00000000" {
			return nil, nil
		}
		if len(s) != 8 || !allDigits(s) {
			return nil, fmt.Errorf("%q is not a date YYYYMMDD", s)
		}
		return string(s[:4]) + "-" + string(s[4:6]) + "-" + string(s[6:]), nil
	}
	return nil, fmt.Errorf("type %q", f.Type)
}

func allDigits(s []byte) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isNumber reports whether s is a decimal number as dBASE writes one:
// [-+]digits[.digits][e[-+]digits], a leading or trailing dot allowed.
func isNumber(s []byte) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	d := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, d = i+1, d+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, d = i+1, d+1
		}
	}
	if d == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		e := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, e = i+1, e+1
		}
		if e == 0 {
			return false
		}
	}
	return i == len(s)
}

// normalNumber writes a dBASE number as a JSON number: no leading '+',
// a digit on each side of the dot ("5." is 5, ".5" is 0.5, "-.5" -0.5).
func normalNumber(s []byte) string {
	out := string(s)
	out = strings.TrimPrefix(out, "+")
	neg := strings.HasPrefix(out, "-")
	if neg {
		out = out[1:]
	}
	mant, exp := out, ""
	if k := strings.IndexAny(out, "eE"); k >= 0 {
		mant, exp = out[:k], out[k:]
	}
	if strings.HasPrefix(mant, ".") {
		mant = "0" + mant
	}
	mant = strings.TrimSuffix(mant, ".")
	// Leading zeros are not JSON: 007 is 7.
	for len(mant) > 1 && mant[0] == '0' && mant[1] != '.' {
		mant = mant[1:]
	}
	if exp != "" {
		e := exp[1:]
		sign := ""
		if e[0] == '+' || e[0] == '-' {
			sign, e = e[:1], e[1:]
		}
		exp = "e" + sign + e
	}
	if neg {
		return "-" + mant + exp
	}
	return mant + exp
}
