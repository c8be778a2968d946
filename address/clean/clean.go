package clean

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/diachi-vn/diachi/postal"
	"golang.org/x/text/unicode/norm"
)

// added are the columns the cleaning adds after the input's, in order.
var added = []string{
	"house_number", "street_type", "street_name",
	"commune_code", "commune", "district_code", "district", "province_code", "province",
	"units_version", "official", "legacy_form", "postcode",
	"status", "confidence", "candidates", "repairs", "remainder",
	"duplicate_of", "error",
}

// AddedColumns returns the names of the columns the cleaning adds after the
// input's, in order.
func AddedColumns() []string { return slices.Clone(added) }

// Positions of the added columns, from the first added one.
const (
	colHouse = iota
	colStreetType
	colStreetName
	colCommuneCode
	colCommune
	colDistrictCode
	colDistrict
	colProvinceCode
	colProvince
	colUnits
	colOfficial
	colLegacy
	colPostcode
	colStatus
	colConfidence
	colCandidates
	colRepairs
	colRemainder
	colDuplicateOf
	colError
	numAdded
)

// StatusError is the status of a row that could not be read at all.
const StatusError = "error"

// defaultColumns are the header names taken as the address when
// [Options.Columns] is empty.
var defaultColumns = []string{"address", "dia_chi", "địa chỉ"}

// Options configure a [Cleaner].
type Options struct {
	// Columns are the input columns joined with ", " (in this order, blank
	// ones left out) to make the address. Empty: the column named address,
	// dia_chi or địa chỉ (in any case, with or without diacritics, with a
	// space or an underscore), else the first column.
	Columns []string
	// Units is the system of units the addresses are read in.
	Units address.UnitsMode
	// Memo is how many addresses the Cleaner remembers, so that an address
	// text met again is answered without parsing it again (the rows of a
	// household, of a hamlet without house numbers): 0 means [DefaultMemo],
	// a negative number none. The output is the same either way; the memo
	// holds about 0.45 KB a typical address, and at most about 0.8 KB an
	// address (longer ones are not remembered): 7 to 13 MB by default.
	Memo int
}

// Cleaner turns input rows into output rows. Its only state after New is
// the memo of the addresses cleaned last (see [Options.Memo]), which is
// safe for concurrent use and does not change what a row gives, so one
// Cleaner serves any number of goroutines.
type Cleaner struct {
	header []string // output header
	names  []string // input column names, trimmed
	nIn    int
	cols   []int // input columns of the address
	opts   address.ParseOptions
	memo   *memo
}

// New prepares the cleaning of rows with the given header.
func New(header []string, opts Options) (*Cleaner, error) {
	if len(header) == 0 {
		return nil, errors.New("clean: empty header")
	}
	names := make([]string, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		names[i] = strings.TrimSpace(h)
	}
	c := &Cleaner{names: names, nIn: len(header), opts: address.ParseOptions{Units: opts.Units}, memo: newMemo(opts.Memo)}
	if len(opts.Columns) == 0 {
		c.cols = []int{defaultColumn(names)}
	}
	for _, want := range opts.Columns {
		i := findColumn(names, want)
		if i < 0 {
			return nil, fmt.Errorf("clean: no column %q in the header (%s)", want, strings.Join(names, ", "))
		}
		if slices.Contains(c.cols, i) {
			return nil, fmt.Errorf("clean: column %q named twice", names[i])
		}
		c.cols = append(c.cols, i)
	}
	c.header = make([]string, 0, len(header)+numAdded)
	c.header = append(c.header, header...)
	c.header[0] = strings.TrimPrefix(c.header[0], "\uFEFF") // the output carries its own mark, if any
	c.header = append(c.header, added...)
	return c, nil
}

func findColumn(names []string, want string) int {
	want = norm.NFC.String(strings.TrimSpace(want))
	for i, n := range names {
		if strings.EqualFold(norm.NFC.String(n), want) {
			return i
		}
	}
	// Without diacritics ("dia chi" for "Địa chỉ"), as the default column
	// is found: only when one column alone matches.
	found := -1
	for i, n := range names {
		if columnKey(n) == columnKey(want) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

func defaultColumn(names []string) int {
	for _, d := range defaultColumns {
		key := columnKey(d)
		for i, n := range names {
			if columnKey(n) == key {
				return i
			}
		}
	}
	return 0
}

func columnKey(s string) string { return fold.Key(strings.ReplaceAll(s, "_", " ")) }

// Header returns the output header: the input's, then [AddedColumns].
func (c *Cleaner) Header() []string { return c.header }

// Columns returns the indexes of the input columns the address is made of.
func (c *Cleaner) Columns() []int { return c.cols }

// Row is one cleaned row.
type Row struct {
	Out    []string // the input columns, then the added ones: len(Header())
	Status string   // ok, implied, ambiguous, partial, unknown or error
	// Province is the 2025 code of the row's province (a legacy province is
	// given as the 2025 province it merged into), for summaries and
	// partitioning; empty when no province was read.
	Province string
	// Key identifies the address for finding duplicates (see [Dedup]);
	// 0 when the row holds no complete address with a street or house.
	Key uint64
	// Converted is set when the row was decoded from a legacy encoding.
	Converted bool
}

// SetDuplicateOf records in the row the 1-based data row number of the
// first row with the same address.
func (r Row) SetDuplicateOf(first int) {
	r.Out[len(r.Out)-numAdded+colDuplicateOf] = strconv.Itoa(first)
}

// DuplicateOf returns the duplicate_of cell.
func (r Row) DuplicateOf() string { return r.Out[len(r.Out)-numAdded+colDuplicateOf] }

// Clean reads the address of one input row. The result depends on the
// fields alone.
func (c *Cleaner) Clean(fields []string) Row { return c.clean(fields, vnenc.Unknown) }

// CleanDecoded is Clean for a row the caller decoded from the legacy
// encoding from (vnenc.TCVN3, VNI or Windows1258) into UTF-8: the
// conversion is listed first among the row's repairs.
func (c *Cleaner) CleanDecoded(fields []string, from vnenc.Encoding) Row {
	return c.clean(fields, from)
}

// Bad makes the output row of a record the reader could not read (err,
// usually a [*RowError]), with whatever fields it recovered.
func (c *Cleaner) Bad(fields []string, err error) Row { return c.BadDecoded(fields, err, vnenc.UTF8) }

// BadDecoded is Bad for a record converted from the encoding from: the
// conversion is reported in the row's repairs like any other row's.
func (c *Cleaner) BadDecoded(fields []string, err error, from vnenc.Encoding) Row {
	reason := err.Error()
	var re *RowError
	if errors.As(err, &re) {
		reason = re.reason()
	}
	out, extra := c.fit(fields)
	r := c.errorRow(out, reason+extra)
	if from > vnenc.UTF8 {
		r.Out[c.nIn+colRepairs] = repairs(nil, from)
		r.Converted = true
	}
	return r
}

func (c *Cleaner) clean(fields []string, from vnenc.Encoding) Row {
	out, extra := c.fit(fields)
	var reason string
	if len(fields) != c.nIn {
		reason = fmt.Sprintf("%d fields, the header has %d%s", len(fields), c.nIn, extra)
	} else {
		// The parser checks that the text is UTF-8, so the columns are not
		// checked before it; a row that fails is checked in full for why.
		if text, why := c.address(fields, false); why == "" {
			if r, ok := c.memo.get(text, from, out); ok {
				return r
			}
			a, err := address.ParseWith(text, c.opts)
			if err == nil {
				r := c.fill(out, &a, from)
				c.memo.put(text, from, r)
				return r
			}
		}
		reason = c.failure(fields)
	}
	r := c.errorRow(out, reason)
	if from > vnenc.UTF8 {
		r.Converted = true
		out[c.nIn+colRepairs] = repairs(nil, from)
	}
	return r
}

// failure says why the address of a row cannot be read: the first of the
// checks of address that fails, else the parser's error.
func (c *Cleaner) failure(fields []string) string {
	text, reason := c.address(fields, true)
	if reason == "" {
		if _, err := address.ParseWith(text, c.opts); err != nil {
			reason = err.Error()
		}
	}
	return reason
}

// fit places the fields in an output row: missing ones are empty, extra
// ones go to the error reason rather than being lost or shifting the
// added columns.
func (c *Cleaner) fit(fields []string) (out []string, extra string) {
	out = make([]string, c.nIn+numAdded)
	copy(out, fields)
	if len(fields) > c.nIn {
		var b strings.Builder
		b.WriteString("; extra fields: ")
		for i, f := range fields[c.nIn:] {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(strconv.Quote(f))
		}
		extra = b.String()
	}
	return out, extra
}

func (c *Cleaner) errorRow(out []string, reason string) Row {
	add := out[c.nIn:]
	add[colStatus] = StatusError
	add[colConfidence] = "0.00"
	add[colError] = reason
	return Row{Out: out, Status: StatusError}
}

// address joins the address columns, or says why the row cannot be read.
// Line breaks and tabs inside a cell (Alt+Enter in a spreadsheet) separate
// words like spaces; the input columns keep them. With checkUTF8 false,
// the columns are not checked to be UTF-8, but for the text of a cell
// with a line break (made valid by replacing them).
func (c *Cleaner) address(fields []string, checkUTF8 bool) (string, string) {
	n := 0
	for _, i := range c.cols {
		f := fields[i]
		if p := strings.IndexByte(f, 0); p >= 0 {
			return "", fmt.Sprintf("NUL byte at offset %d of column %q", p, c.names[i])
		}
		if checkUTF8 && !utf8.ValidString(f) {
			return "", fmt.Sprintf("invalid UTF-8 at offset %d of column %q", invalidAt(f), c.names[i])
		}
		n += len(strings.TrimSpace(f)) + 2
	}
	if n > address.MaxAddressLength+2*len(c.cols) { // checked again once joined; this avoids building a huge string
		return "", fmt.Sprintf("address longer than %d bytes", address.MaxAddressLength)
	}
	var s string
	if len(c.cols) == 1 {
		s = strings.TrimSpace(fields[c.cols[0]]) // one column: the address is its cell
	} else {
		var b strings.Builder
		b.Grow(n)
		for _, i := range c.cols {
			f := strings.TrimSpace(fields[i])
			if f == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f)
		}
		s = b.String()
	}
	if s == "" {
		return "", "empty address"
	}
	if len(s) > address.MaxAddressLength {
		return "", fmt.Sprintf("address longer than %d bytes", address.MaxAddressLength)
	}
	if hasBreak(s) {
		if !checkUTF8 && !utf8.ValidString(s) {
			return "", "invalid UTF-8"
		}
		s = strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	return s, ""
}

// hasBreak reports whether s holds a line break or a tab. (Three
// IndexByte scans, vectorised, cost less than one loop over the bytes.)
func hasBreak(s string) bool {
	return strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0 || strings.IndexByte(s, '\t') >= 0
}

func invalidAt(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

func (c *Cleaner) fill(out []string, a *address.Address, from vnenc.Encoding) Row {
	add := out[c.nIn:]
	st := a.Status()
	// The cells written here are made in one buffer and cut from one
	// string: one allocation for all of them.
	var cb cellBuf
	cb.b = cb.buf[:0]
	if a.HouseNumber.IsValid() {
		at := len(cb.b)
		cb.b, _ = a.HouseNumber.AppendText(cb.b)
		cb.cut(colHouse, at)
	}
	add[colStreetType] = a.StreetType
	add[colStreetName] = a.StreetName
	if a.Commune.IsValid() {
		// A commune's code has no string made once, as the others have.
		at := len(cb.b)
		cb.b = appendCode(cb.b, a.Commune.Code)
		cb.cut(colCommuneCode, at)
		add[colCommune] = a.Commune.Name
	}
	add[colDistrictCode], add[colDistrict] = unitCells(a.District)
	add[colProvinceCode], add[colProvince] = unitCells(a.Province)
	if a.Version != 0 {
		add[colUnits] = a.Version.String()
	}
	at := len(cb.b)
	cb.b = address.AppendFormat(cb.b, *a, address.Official)
	cb.cut(colOfficial, at)
	if a.Version == admin.Legacy || a.District.IsValid() {
		at := len(cb.b)
		cb.b = address.AppendFormat(cb.b, *a, address.Legacy)
		cb.cut(colLegacy, at)
	} else {
		// No legacy unit to keep or convert and no district to add: the
		// legacy form is the official one.
		cb.cut(colLegacy, at)
	}
	commune := successor(a.Commune)
	if commune.IsValid() {
		if pc, err := postal.ForCommune(commune.Code); err == nil {
			at := len(cb.b)
			cb.b, _ = pc.AppendText(cb.b)
			cb.cut(colPostcode, at)
		}
	}
	add[colStatus] = st.String()
	add[colConfidence] = confidenceText(a.Confidence)
	if st == address.StatusAmbiguous || st == address.StatusPartial {
		// Every reading of an ambiguous row; for a partial one, the other
		// system's reading when it reads the same words (a legacy district
		// that is also a 2025 ward's name).
		add[colCandidates] = candidates(a.Alternatives)
	}
	if len(a.Repairs) > 0 || from > vnenc.UTF8 {
		at := len(cb.b)
		cb.b = appendRepairs(cb.b, a.Repairs, from)
		cb.cut(colRepairs, at)
	}
	add[colRemainder] = a.Remainder
	cb.fill(add)
	r := Row{Out: out, Status: add[colStatus], Province: province2025(a, commune), Converted: from > vnenc.UTF8}
	if st == address.StatusOK || st == address.StatusImplied {
		r.Key = key(a, commune)
	}
	return r
}

// appendCode appends the digits of c, as c.String() writes them, without
// a string: AppendText writes them last, after the version and the level.
func appendCode(b []byte, c admin.Code) []byte {
	n := len(b)
	b, _ = c.AppendText(b)
	return append(b[:n], b[n+bytes.LastIndexByte(b[n:], ':')+1:]...)
}

// cellBuf makes the text of several cells of a row in one buffer, to cut
// them from one string.
type cellBuf struct {
	b     []byte
	cells [7]struct{ col, start, end int }
	n     int
	buf   [512]byte
}

// cut records that cell col (an added column) is the buffer from at to
// its end.
func (cb *cellBuf) cut(col, at int) {
	cb.cells[cb.n] = struct{ col, start, end int }{col, at, len(cb.b)}
	cb.n++
}

// fill sets the cells recorded in add, the row's added columns.
func (cb *cellBuf) fill(add []string) {
	s := string(cb.b)
	for _, c := range cb.cells[:cb.n] {
		add[c.col] = s[c.start:c.end]
	}
}

// confidenceText is strconv.FormatFloat(c, 'f', 2, 64) without its cost
// for a confidence in [0, 1]: c×100 is rounded as FormatFloat rounds (its
// exact binary value, a half to even) and the text taken from a table.
// Anything else is left to FormatFloat.
func confidenceText(c float64) string {
	if !(c >= 0 && c <= 1) || math.Signbit(c) {
		return strconv.FormatFloat(c, 'f', 2, 64)
	}
	// c = mant × 2^-shift, exactly; c×100 = mant×100 × 2^-shift, where
	// mant×100 < 2^60 fits, and shift >= 52 as c <= 1.
	bits := math.Float64bits(c)
	mant, shift := bits&(1<<52-1), 1074
	if e := int(bits >> 52); e > 0 {
		mant, shift = mant|1<<52, 1075-e
	}
	if shift >= 64 {
		return hundredths[0] // c×100 < 2^60 / 2^64 < ½
	}
	n := mant * 100
	k := n >> shift
	rem, half := n&(1<<shift-1), uint64(1)<<(shift-1)
	if rem > half || rem == half && k&1 == 1 {
		k++
	}
	return hundredths[k]
}

// hundredths are the texts of 0.00, 0.01… 1.00.
var hundredths = func() []string {
	out := make([]string, 101)
	for k := range out {
		out[k] = fmt.Sprintf("%d.%02d", k/100, k%100)
	}
	return out
}()

func unitCells(u admin.Unit) (code, name string) {
	if !u.IsValid() {
		return "", ""
	}
	return u.Code.String(), u.Name
}

// successor returns the 2025 commune of a commune: itself, the single
// successor of a legacy one, or the zero Unit when a legacy commune was
// split (a location would be needed to choose).
func successor(u admin.Unit) admin.Unit {
	if !u.IsValid() || u.Code.Version() == admin.V2025 {
		return u
	}
	s, _ := admin.SoleSuccessor(u.Code)
	return s
}

// legacyProvinces maps each legacy province code to the 2025 province its
// communes went to; provinces merged whole in 2025, and a province whose
// communes went to several (none does) is left out rather than guessed.
var legacyProvinces = sync.OnceValue(func() map[string]string {
	old, now := admin.Load(admin.Legacy), admin.Load(admin.V2025)
	m := map[string]string{}
	mixed := map[string]bool{}
	for _, u := range old.Units(admin.Commune) {
		p, ok := old.Province(u.Code)
		if !ok {
			continue
		}
		conv, err := admin.Convert(u.Code)
		if err != nil {
			continue
		}
		for _, s := range conv.To {
			np, ok := now.Province(s.Unit.Code)
			if !ok {
				continue
			}
			k := p.Code.String()
			if prev, seen := m[k]; seen && prev != np.Code.String() {
				mixed[k] = true
			}
			m[k] = np.Code.String()
		}
	}
	for k := range mixed {
		delete(m, k)
	}
	return m
})

func province2025(a *address.Address, commune admin.Unit) string {
	if commune.IsValid() {
		if p, ok := admin.Load(admin.V2025).Province(commune.Code); ok {
			return p.Code.String()
		}
	}
	if !a.Province.IsValid() {
		return ""
	}
	if a.Province.Code.Version() == admin.V2025 {
		return a.Province.Code.String()
	}
	return legacyProvinces()[a.Province.Code.String()]
}

// candidates writes each reading as the code of its lowest unit and the
// names of its units, most specific first.
func candidates(rs []admin.Reading) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString(" | ")
		}
		first := true
		for _, u := range [...]admin.Unit{r.Commune, r.District, r.Province} {
			if !u.IsValid() {
				continue
			}
			if first {
				b.WriteString(u.Code.String())
				b.WriteByte(' ')
			} else {
				b.WriteString(", ")
			}
			b.WriteString(u.Name)
			first = false
		}
	}
	return b.String()
}

func repairs(rs []address.Repair, from vnenc.Encoding) string {
	if len(rs) == 0 && from <= vnenc.UTF8 {
		return ""
	}
	return string(appendRepairs(nil, rs, from))
}

// appendRepairs appends the repairs cell: the conversion from a legacy
// encoding, if any, then each repair, separated by "; ".
func appendRepairs(b []byte, rs []address.Repair, from vnenc.Encoding) []byte {
	n := len(b)
	if from > vnenc.UTF8 {
		b = appendRepair(b, address.RepairEncoding, from.String(), vnenc.UTF8.String())
	}
	for _, r := range rs {
		if len(b) > n {
			b = append(b, "; "...)
		}
		b = appendRepair(b, r.Kind, r.Text, r.To)
	}
	return b
}

func appendRepair(b []byte, k address.RepairKind, text, to string) []byte {
	b = append(b, k.String()...)
	b = append(b, ':')
	b = appendQuote(b, text)
	if to != "" {
		b = append(b, "->"...)
		b = appendQuote(b, to)
	}
	return b
}

// appendQuote is strconv.AppendQuote, which escapes what is not printable
// and looks up whether each letter beyond Latin-1 is: text made of ASCII
// and of the letters of Vietnamese (all printable) is copied between
// quotes at once, anything else left to strconv.
func appendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f || c == '"' || c == '\\' {
				return strconv.AppendQuote(b, s)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !printableLetter(r) {
			return strconv.AppendQuote(b, s)
		}
		i += n
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// printableLetter reports whether r is in a block of letters and marks
// with no character strconv.IsPrint refuses: Latin-1's letters, Latin
// Extended-A and -B, the combining diacritical marks and Latin Extended
// Additional (ạ…ỹ).
func printableLetter(r rune) bool {
	return r >= 0xC0 && r <= 0x24F || r >= 0x300 && r <= 0x36F || r >= 0x1E00 && r <= 0x1EFF
}
