package finding

import "fmt"

// Severity says how much a finding matters to the address of the record.
type Severity uint8

const (
	// Error: the address is wrong or cannot be given as it stands (a
	// duplicate number, a number on the wrong side, a house in another
	// parcel than it names); a clerk must act.
	Error Severity = iota + 1
	// Warning: the record may be right but needs a look (a house far
	// from its street, a gap in the numbers).
	Warning
	// Info: a fact the office should know, kept on purpose (a legacy
	// numbering direction) or nothing wrong at all (OK).
	Info
)

// String is "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// Lang is the language of the words that describe a reason.
type Lang uint8

const (
	// Vietnamese, the default of the command-line tool.
	Vietnamese Lang = iota
	// English.
	English
)

// ParseLang reads "vi" or "en".
func ParseLang(s string) (Lang, error) {
	switch s {
	case "vi":
		return Vietnamese, nil
	case "en":
		return English, nil
	}
	return 0, fmt.Errorf("finding: language %q: want vi or en", s)
}

// String is "vi" or "en".
func (l Lang) String() string {
	if l == English {
		return "en"
	}
	return "vi"
}

// about is what a reason means to a person: its severity and a short
// description in each language.
type about struct {
	severity Severity
	vi, en   string
}

var abouts = map[Reason]about{
	OK:               {Info, "Không có sai sót", "Nothing wrong"},
	InvalidGeometry:  {Error, "Hình học không hợp lệ (tự cắt, thiếu đỉnh, ngoài phạm vi)", "Invalid geometry (self-intersecting, too few vertices, out of range)"},
	BadAttribute:     {Error, "Thuộc tính sai định dạng", "Malformed attribute"},
	BadCommune:       {Error, "Mã hoặc tên xã, phường không phải đơn vị hành chính", "Commune code or name that is not a unit"},
	DuplicateParcel:  {Error, "Hai thửa đất cùng một số hiệu (tờ bản đồ, số thửa)", "Two parcels with one key (map sheet, parcel number)"},
	ParcelCommune:    {Error, "Thửa đất nằm ở xã, phường khác với số hiệu của nó", "Parcel lies in another commune than its key says"},
	UnknownStreet:    {Error, "Tên đường, ngõ không có trong danh mục đường", "Street or alley name not among the streets"},
	NotNumbered:      {Error, "Không đánh được số nhà (không có đường trong phạm vi)", "Could not be numbered (no street within reach)"},
	UnreadableNumber: {Error, "Số nhà, số ngõ không đọc được", "House or alley number that cannot be read"},
	Parity:           {Error, "Sai chẵn lẻ: số lẻ ở bên trái, số chẵn ở bên phải theo hướng đánh số", "Wrong parity: odd numbers go on the left, even on the right, in the numbering direction"},
	Order:            {Error, "Số nhà sai thứ tự tăng dần trên dãy nhà", "Number breaks the increasing order of its side"},
	Duplicate:        {Error, "Trùng số nhà trên cùng tuyến đường", "Another house of the street has the same number"},
	AlleyMismatch:    {Error, "Số ngõ, hẻm không theo số nhà trước lối vào", "Alley number is not that of the house before its entrance"},
	Far:              {Warning, "Nhà ở quá xa đường để xác định bên", "House too far from its street for its side to say much"},
	OnCentreline:     {Warning, "Nhà nằm trên tim đường hoặc giữa hai làn, không xác định được bên", "On the centreline or between two carriageways: no side"},
	LegacyDirection:  {Info, "Hướng đánh số cũ ngược quy định, được giữ nguyên", "Numbers rise against the Circular's direction, kept"},
	Gap:              {Warning, "Khoảng cách số nhà giữa hai nhà liền kề vượt mức cho phép", "Neighbours on one side skip more numbers than allowed"},
	DuplicateAddress: {Error, "Hai nhà cùng một địa chỉ đầy đủ", "The same full address on two houses"},
	OutsideParcel:    {Warning, "Nhà không nằm trong thửa đất nào", "The house is in no parcel"},
	ParcelMismatch:   {Error, "Nhà nằm ở thửa đất khác với thửa ghi trong hồ sơ", "The house is in another parcel than the one it names"},
	CommuneMismatch:  {Error, "Xã, phường ghi trong địa chỉ khác nơi nhà tọa lạc", "The commune written in the address is not where the house is"},
	PostcodeMismatch: {Error, "Mã bưu chính không đúng với xã, phường", "The postcode written is not the commune's"},
	BadID:            {Error, "Mã địa chỉ sai chữ số kiểm tra hoặc sai cú pháp", "Address ID that fails its check digit or syntax"},
	DuplicateID:      {Error, "Một mã địa chỉ trên hai nhà", "One address ID on two houses"},
	BadExternalID:    {Error, "Mã liên kết ngoài không đúng chuẩn của hệ thống cấp mã", "External ID that does not fit its scheme"},
	BadParcelID:      {Error, "Mã thửa đất không phải GeoHash-12, hoặc trùng trên hai thửa", "Parcel ID that is not a GeoHash-12, or one on two parcels"},
	UnknownAttribute: {Warning, "Thuộc tính không được đọc (giữ nguyên): có cần ánh xạ tên không?", "Attribute that is not read (kept as is): a name to map?"},
	MissingAttribute: {Warning, "Thuộc tính cần đọc mà không bản ghi nào có", "Attribute the layer's schema reads that no record has"},
	ConvertedText:    {Info, "Văn bản chuyển sang Unicode từ bảng mã cũ (TCVN3, VNI, Windows-1258)", "Text converted to Unicode from a legacy encoding (TCVN3, VNI, Windows-1258)"},
	DeletedRecord:    {Info, "Bản ghi đã đánh dấu xóa trong tệp, không đọc", "Records the file marks deleted, not read"},
	EditedRecord:     {Warning, "Bản ghi của sổ đăng ký đã lưu bị sửa, thêm hoặc xóa ngoài diachi", "Record of a saved registry changed, added or deleted outside diachi"},
}

// Severity is how much a finding of this reason matters; zero for a code
// that is not Known.
func (r Reason) Severity() Severity { return abouts[r].severity }

// Describe is a short description of the reason in lang, for people
// reading a findings list; the code itself for a reason that is not
// Known.
func (r Reason) Describe(lang Lang) string {
	a, ok := abouts[r]
	switch {
	case !ok:
		return string(r)
	case lang == English:
		return a.en
	}
	return a.vi
}
