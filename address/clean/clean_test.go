package clean_test

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/clean"
	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cells returns the added cells of a row by column name.
func cells(c *clean.Cleaner, r clean.Row) map[string]string {
	m := map[string]string{}
	h := c.Header()
	for i := len(h) - len(clean.AddedColumns()); i < len(h); i++ {
		m[h[i]] = r.Out[i]
	}
	return m
}

func TestHeader(t *testing.T) {
	c, err := clean.New([]string{"\uFEFFid", " Địa Chỉ ", "note"}, clean.Options{})
	require.NoError(t, err)
	want := append([]string{"id", " Địa Chỉ ", "note"}, clean.AddedColumns()...)
	assert.Equal(t, want, c.Header())
	assert.Equal(t, []int{1}, c.Columns(), "the default column is found by its folded name")
	assert.Equal(t, "house_number", c.Header()[3])
	assert.Equal(t, "error", c.Header()[len(c.Header())-1])

	c, err = clean.New([]string{"so_nha", "duong", "phuong", "tinh"}, clean.Options{})
	require.NoError(t, err)
	assert.Equal(t, []int{0}, c.Columns(), "without an address column the first is the address")

	c, err = clean.New([]string{"\uFEFFSo_Nha", "Duong", "Phuong", "Tinh"}, clean.Options{Columns: []string{"so_nha", " DUONG", "phuong", "tinh"}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2, 3}, c.Columns())
	r := c.Clean([]string{"12", "Phố Huế", "", "Phường Hai Bà Trưng, Hà Nội"})
	assert.Equal(t, "ok", r.Status, "blank columns are left out of the address")
	assert.Equal(t, "00256", cells(c, r)["commune_code"])

	_, err = clean.New([]string{"id", "address"}, clean.Options{Columns: []string{"dia_chi"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `clean: no column "dia_chi"`)
	_, err = clean.New(nil, clean.Options{})
	require.Error(t, err)
}

func TestClean(t *testing.T) {
	c, err := clean.New([]string{"id", "address"}, clean.Options{})
	require.NoError(t, err)
	tests := []struct {
		name, in string
		want     map[string]string
		province string
		key      bool
	}{
		{
			name: "clean-2025",
			in:   "Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội",
			want: map[string]string{
				"house_number": "12", "street_type": "Phố", "street_name": "Huế",
				"commune_code": "00256", "commune": "Phường Hai Bà Trưng", "district_code": "", "district": "",
				"province_code": "01", "province": "Thành phố Hà Nội", "units_version": "2025",
				"official": "Số 12 ngõ 34 Phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội", "postcode": "11626",
				"status": "ok", "confidence": "1.00", "candidates": "", "repairs": "", "remainder": "", "error": "",
			},
			province: "01", key: true,
		},
		{
			name: "noisy-without-diacritics",
			in:   "so 12 ngo 34 pho hue, p hai ba trung, ha noi",
			want: map[string]string{
				"house_number": "12", "street_name": "hue", "commune_code": "00256", "province_code": "01",
				"status": "ok", "postcode": "11626", "units_version": "2025",
			},
			province: "01", key: true,
		},
		{
			name: "ambiguous",
			in:   "Phường 1, TP HCM",
			want: map[string]string{
				"commune_code": "", "province_code": "79", "status": "ambiguous", "official": "Thành phố Hồ Chí Minh",
				"postcode": "", "units_version": "legacy",
			},
			province: "79",
		},
		{
			name: "legacy-with-district",
			in:   "130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, TP HCM",
			want: map[string]string{
				"house_number": "130/20/2", "street_type": "Đường", "street_name": "Lê Văn Sỹ",
				"commune_code": "27127", "commune": "Phường 14", "district_code": "770", "district": "Quận 3",
				"province_code": "79", "units_version": "legacy", "status": "ok",
				"official":    "130/20/2 Đường Lê Văn Sỹ, Phường Nhiêu Lộc, Thành phố Hồ Chí Minh",
				"legacy_form": "130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, Thành phố Hồ Chí Minh",
				"postcode":    "72422",
			},
			province: "79", key: true,
		},
		{
			name: "legacy-province-merged",
			in:   "Đường Vũ Thạnh, Xã Đăk Ui, Huyện Đăk Hà, Tỉnh Kon Trum",
			want: map[string]string{
				"province_code": "62", "province": "Tỉnh Kon Tum", "status": "ok", "confidence": "0.83",
				"official": "Đường Vũ Thạnh, Xã Đăk Ui, Tỉnh Quảng Ngãi",
				"repairs":  `typo:"Tỉnh Kon Trum"->"Tỉnh Kon Tum"`,
			},
			province: "51", key: true, // Kon Tum is part of Quảng Ngãi since 2025
		},
		{
			name:     "unknown-junk",
			in:       "asdf qwer zxcv",
			want:     map[string]string{"status": "unknown", "commune_code": "", "province_code": "", "units_version": "", "postcode": ""},
			province: "",
		},
		{
			name:     "line-break-in-cell",
			in:       "12 phố Huế\nPhường Hai Bà Trưng\r\nHà Nội",
			want:     map[string]string{"status": "ok", "commune_code": "00256", "house_number": "12"},
			province: "01", key: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Clean([]string{"7", tt.in})
			require.Len(t, r.Out, len(c.Header()))
			assert.Equal(t, []string{"7", tt.in}, r.Out[:2], "input columns are kept as given")
			got := cells(c, r)
			for k, v := range tt.want {
				assert.Equal(t, v, got[k], k)
			}
			assert.Equal(t, got["status"], r.Status)
			assert.Equal(t, tt.province, r.Province)
			assert.Equal(t, tt.key, r.Key != 0, "key")
			assert.Equal(t, r, c.Clean([]string{"7", tt.in}), "deterministic")
		})
	}

	r := c.Clean([]string{"1", "Phường 1, TP HCM"})
	cand := strings.Split(cells(c, r)["candidates"], " | ")
	assert.Greater(t, len(cand), 5)
	assert.Contains(t, cand, "27160 Phường 1, Quận 3, Thành phố Hồ Chí Minh")
}

func TestCleanDecoded(t *testing.T) {
	c, err := clean.New([]string{"address"}, clean.Options{})
	require.NoError(t, err)
	r := c.CleanDecoded([]string{"Đường Ng.Chánh, Xã TânLĩnh, Tỉnh LàoCai"}, vnenc.TCVN3)
	assert.True(t, r.Converted)
	rep := cells(c, r)["repairs"]
	assert.True(t, strings.HasPrefix(rep, `encoding:"tcvn3"->"utf-8"; `), rep)
	assert.Contains(t, rep, `abbreviation:"Ng."->"Nguyễn"`)
	assert.False(t, c.Clean([]string{"Xã Tân Lĩnh, Lào Cai"}).Converted)
}

func TestCleanUnits(t *testing.T) {
	c, err := clean.New([]string{"address"}, clean.Options{Units: address.Units2025})
	require.NoError(t, err)
	r := c.Clean([]string{"Xã Mỹ Quý"})
	assert.Equal(t, "2025", cells(c, r)["units_version"])
	c, err = clean.New([]string{"address"}, clean.Options{Units: address.UnitsLegacy})
	require.NoError(t, err)
	r = c.Clean([]string{"Xã Mỹ Quý"})
	assert.Equal(t, "legacy", cells(c, r)["units_version"])
}

func TestCleanErrors(t *testing.T) {
	c, err := clean.New([]string{"id", "address", "note"}, clean.Options{})
	require.NoError(t, err)
	long := strings.Repeat("Phố Huế ", 200)
	tests := []struct {
		name   string
		fields []string
		reason string
		keep   []string
	}{
		{"bad-utf8", []string{"1", "12 ph\xf4 Hu\xe9, H\xe0 N\xf4i", "x"}, `invalid UTF-8 at offset 5 of column "address"`, nil},
		{"nul", []string{"1", "12 Phố Huế\x00, Hà Nội", "x"}, `NUL byte at offset 14 of column "address"`, nil},
		{"too-long", []string{"1", long, ""}, "address longer than 1024 bytes", nil},
		{"empty", []string{"1", "  ", ""}, "empty address", nil},
		{"control", []string{"1", "12 Phố Huế\x01", ""}, "address:", nil},
		{"too-few", []string{"1"}, "1 fields, the header has 3", []string{"1", "", ""}},
		{"too-many", []string{"1", "Hà Nội", "x", "y", "z\""}, `5 fields, the header has 3; extra fields: "y" | "z\""`, []string{"1", "Hà Nội", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Clean(tt.fields)
			require.Len(t, r.Out, len(c.Header()))
			assert.Equal(t, "error", r.Status)
			got := cells(c, r)
			assert.Equal(t, "error", got["status"])
			assert.Contains(t, got["error"], tt.reason)
			keep := tt.keep
			if keep == nil {
				keep = tt.fields
			}
			assert.Equal(t, keep, r.Out[:3], "input cells are written as they are, invalid bytes included")
			assert.Zero(t, r.Key)
			assert.Empty(t, r.Province)
		})
	}

	r := c.Bad([]string{"1", "\"Hà Nội"}, &clean.RowError{Line: 9, Reason: "unbalanced quote"})
	assert.Equal(t, "error", r.Status)
	assert.Equal(t, "line 9: unbalanced quote", cells(c, r)["error"])
	assert.Equal(t, []string{"1", "\"Hà Nội", ""}, r.Out[:3])
}

func TestDuplicates(t *testing.T) {
	c, err := clean.New([]string{"address"}, clean.Options{})
	require.NoError(t, err)
	key := func(s string) uint64 {
		r := c.Clean([]string{s})
		require.Contains(t, []string{"ok", "implied"}, r.Status, s)
		return r.Key
	}
	same := [][]string{
		{"130/20/2 Đường Lê Văn Sỹ, Phường 14, Quận 3, TP HCM", "130/20/2 Le Van Sy, P.14, Q.3, Ho Chi Minh", "130/20/2 Lê Văn Sỹ, Phường Nhiêu Lộc, TP. Hồ Chí Minh"},
		{"Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội", "so 12 ngo 34 pho hue, p hai ba trung, ha noi", "12 ngõ 34 Huế, P.Hai Bà Trưng, Hà Nội"},
	}
	for _, group := range same {
		k := key(group[0])
		require.NotZero(t, k)
		for _, s := range group[1:] {
			assert.Equal(t, k, key(s), "%q and %q", group[0], s)
		}
	}
	different := []string{
		"Số 12 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội",
		"Số 14 ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội",
		"Số 12 ngõ 36 phố Huế, Phường Hai Bà Trưng, Hà Nội",
		"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội",
		"Số 12A ngõ 34 phố Huế, Phường Hai Bà Trưng, Hà Nội",
		"Số 12 ngõ 34 phố Bà Triệu, Phường Hai Bà Trưng, Hà Nội",
		"12 Thôn 3, Xã Thạch Hà, Tỉnh Hà Tĩnh",
		"12 Thôn 4, Xã Thạch Hà, Tỉnh Hà Tĩnh",
	}
	seen := map[uint64]string{}
	for _, s := range different {
		k := key(s)
		require.NotZero(t, k, s)
		require.NotContains(t, seen, k, "%q and %q", s, seen[k])
		seen[k] = s
	}
	for _, s := range []string{"Phường Hai Bà Trưng, Hà Nội", "Phường 1, TP HCM", "12 phố Huế"} {
		assert.Zero(t, c.Clean([]string{s}).Key, "no complete address with a street or house: %q", s)
	}

	d := clean.NewDedup()
	keys := []uint64{5, 0, 7, 5, 0, 7, 5}
	var got []string
	for i, k := range keys {
		first, dup := d.Group(i+1, k)
		if dup {
			got = append(got, "dup of "+string(rune('0'+first)))
		} else {
			got = append(got, "first")
		}
	}
	assert.Equal(t, []string{"first", "first", "first", "dup of 1", "first", "dup of 3", "dup of 1"}, got)
	assert.Equal(t, 2, d.Len())

	r := c.Clean([]string{"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội"})
	r.SetDuplicateOf(3)
	assert.Equal(t, "3", cells(c, r)["duplicate_of"])
}

func TestSummary(t *testing.T) {
	c, err := clean.New([]string{"address"}, clean.Options{})
	require.NoError(t, err)
	var s clean.Summary
	for _, in := range []string{"Số 12 phố Huế, Phường Hai Bà Trưng, Hà Nội", "Phường 1, TP HCM", "", "asdf"} {
		s.Add(c.Clean([]string{in}))
	}
	r := c.CleanDecoded([]string{"12 phố Huế, Phường Hai Bà Trưng, Hà Nội"}, vnenc.VNI)
	r.SetDuplicateOf(1)
	s.Add(r)
	assert.Equal(t, 5, s.Rows)
	assert.Equal(t, map[string]int{"ok": 2, "ambiguous": 1, "error": 1, "unknown": 1}, s.ByStatus)
	assert.Equal(t, map[string]int{"01": 2, "79": 1}, s.ByProvince)
	assert.Equal(t, 1, s.Errors)
	assert.Equal(t, 1, s.Duplicates)
	assert.Equal(t, 1, s.Conversions)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"by_status":{`)
	assert.Contains(t, string(b), `"conversions":1`)
}

// TestRowsInRowsOut reads a file mixing every kind of bad row and checks that
// each record gives exactly one output row, in place.
func TestRowsInRowsOut(t *testing.T) {
	in := "id,address\r\n" +
		"1,\"12 phố Huế, Phường Hai Bà Trưng, Hà Nội\"\r\n" +
		"2,\"12 phố Huế\nHà Nội\"\n" +
		"3,\"Phường 1, TP HCM\n" + // never closed
		"4,Xã Mỹ Quý\n" +
		"\n" +
		"5,ph\xf4 Hu\xe9\n" +
		"6," + strings.Repeat("x", 1<<20) + ",tail\n" +
		"7,12 Phố Huế\x00\n" +
		"8,a,b\n" +
		"9\n" +
		"10,\"\"\"quoted\"\" Hà Nội\"\n" +
		"11," + strings.Repeat("Huế ", 300) + "\n" +
		"12,Phường Hai Bà Trưng, Hà Nội" // no line break at the end
	rd := clean.NewReader(strings.NewReader(in), ',')
	header, _, err := rd.Read()
	require.NoError(t, err)
	c, err := clean.New(header, clean.Options{})
	require.NoError(t, err)
	var ids, statuses []string
	for {
		f, _, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var r clean.Row
		if err != nil {
			require.ErrorIs(t, err, clean.ErrRow)
			r = c.Bad(f, err)
		} else {
			r = c.Clean(f)
		}
		require.Len(t, r.Out, len(c.Header()))
		ids = append(ids, r.Out[0])
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}, ids)
	assert.Equal(t, []string{"ok", "partial", "error", "implied", "error", "error", "error", "error", "error", "partial", "error", "error"}, statuses)
}

// TestCleanHostileUse: cases a hostile use of the job found.
func TestCleanHostileUse(t *testing.T) {
	header := []string{"id", "Số nhà", "Địa chỉ"}
	_, err := clean.New(header, clean.Options{Columns: []string{"Số nhà", "số nhà"}})
	require.Error(t, err, "a column named twice")
	c, err := clean.New(header, clean.Options{Columns: []string{"dia chi"}})
	require.NoError(t, err, "found without its diacritics, as the default column is")
	assert.Equal(t, []int{2}, c.Columns())

	// Text not understood keeps two addresses apart.
	a := c.Clean([]string{"1", "", "Số 5 Lê Lợi, Phường Sài Gòn, TP Hồ Chí Minh, Kiot 3"})
	b := c.Clean([]string{"2", "", "Số 5 Lê Lợi, Phường Sài Gòn, TP Hồ Chí Minh, Kiot 4"})
	require.NotZero(t, a.Key)
	assert.NotEqual(t, a.Key, b.Key)

	// A row the reader could not read, converted from an old encoding,
	// says so.
	r := c.BadDecoded([]string{"3", "", "x"}, &clean.RowError{Line: 4, Reason: "unbalanced quote"}, vnenc.TCVN3)
	assert.Equal(t, clean.StatusError, r.Status)
	assert.True(t, r.Converted)
	got := map[string]string{}
	for i, h := range c.Header() {
		got[h] = r.Out[i]
	}
	assert.Contains(t, got["repairs"], "tcvn3")
}

// A partial row lists the other system's reading of the same words: a
// legacy district that is also a 2025 ward's name.
func TestPartialCandidates(t *testing.T) {
	c, err := clean.New([]string{"address"}, clean.Options{})
	require.NoError(t, err)
	r := c.Clean([]string{"35 Khâm Thiên, Đống Đa, Hà Nội"})
	require.Equal(t, "partial", r.Status)
	assert.Contains(t, cells(c, r)["candidates"], "Phường Đống Đa")
	r = c.Clean([]string{"Khâm Thiên, Hà Nội"})
	assert.Empty(t, cells(c, r)["candidates"], "no other reading, none listed")
}
