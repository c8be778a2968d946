package fold

import (
	"iter"
	"strings"
)

// Class is what a type word stands before: a unit, a street or an alley.
type Class uint8

const (
	Unit   Class = iota + 1 // an administrative unit: Tỉnh, Quận, Phường…
	Street                  // a street or a road: Đường, Phố, Quốc lộ…
	Alley                   // an alley: Ngõ, Ngách, Hẻm, Kiệt
)

func (c Class) String() string {
	switch c {
	case Unit:
		return "unit"
	case Street:
		return "street"
	case Alley:
		return "alley"
	}
	return ""
}

// Kind is what a type word announces: "Phường", "P." and "F" all announce
// [Phuong]. The zero Kind is none.
type Kind uint8

const (
	Tinh      Kind = iota + 1 // Tỉnh (province)
	ThanhPho                  // Thành phố (city, of either level)
	Quan                      // Quận (urban district, legacy)
	Huyen                     // Huyện (rural district, legacy)
	ThiXa                     // Thị xã (town, legacy)
	Phuong                    // Phường (ward)
	Xa                        // Xã (rural commune)
	ThiTran                   // Thị trấn (township, legacy)
	DacKhu                    // Đặc khu (special zone, 2025)
	DaiLo                     // Đại lộ (avenue)
	QuocLo                    // Quốc lộ (national road, numbered)
	TinhLo                    // Tỉnh lộ (provincial road, numbered)
	HuongLo                   // Hương lộ (district road, numbered)
	DuongTinh                 // Đường tỉnh (provincial road, numbered)
	Pho                       // Phố (street, in the North)
	Duong                     // Đường (street, road)
	Ngo                       // Ngõ (alley, North)
	Ngach                     // Ngách (alley of an alley, North)
	Hem                       // Hẻm (alley, South; a hẻm of a hẻm too)
	Kiet                      // Kiệt (alley, Centre)
)

// kinds are the Kinds' names as written before a name, in their
// Class.
var kinds = [...]struct {
	name  string
	class Class
}{
	{"", 0},
	{"Tỉnh", Unit}, {"Thành phố", Unit}, {"Quận", Unit}, {"Huyện", Unit}, {"Thị xã", Unit},
	{"Phường", Unit}, {"Xã", Unit}, {"Thị trấn", Unit}, {"Đặc khu", Unit},
	{"Đại lộ", Street}, {"Quốc lộ", Street}, {"Tỉnh lộ", Street}, {"Hương lộ", Street}, {"Đường tỉnh", Street},
	{"Phố", Street}, {"Đường", Street},
	{"Ngõ", Alley}, {"Ngách", Alley}, {"Hẻm", Alley}, {"Kiệt", Alley},
}

// String returns the kind's word in full, as written at the start of an
// address part: "Phường", "Quốc lộ", "Ngõ"; "" for none.
func (k Kind) String() string {
	if int(k) < len(kinds) {
		return kinds[k].name
	}
	return ""
}

// Class returns what the kind stands before (0 for none).
func (k Kind) Class() Class {
	if int(k) < len(kinds) {
		return kinds[k].class
	}
	return 0
}

// Numbered reports whether the kind is a system of numbered roads (Quốc
// lộ, Tỉnh lộ, Hương lộ, Đường tỉnh): its type word is part of a road's
// name, since "Quốc lộ 13" and "Tỉnh lộ 13" are two roads.
func (k Kind) Numbered() bool { return k >= QuocLo && k <= DuongTinh }

// TypeWord is one way of writing a type word.
type TypeWord struct {
	Key      string // the folded words ([Key]): "thanh pho", "tp", "d"
	Spelling string // in lower case as usually written: "thành phố", "tp", "đ"
	Kind     Kind
	Short    bool // an abbreviation: "TP", "Q", "Đ", "QL"
	// Glued: also written against a number, the number being the name:
	// "P14", "Q1", "F7", "Phường14", "QL1A", "ĐT743".
	Glued bool
}

// Words is the number of words of the type word ("thanh pho": 2).
func (w TypeWord) Words() int { return strings.Count(w.Key, " ") + 1 }

// typeWords is the one table of the type words of units, streets and
// alleys; every reader of addresses in this module takes its words from
// here. Phrases come before the words they begin with, so that the first
// match of a scan in this order is the longest. "F" is Phường as spoken in
// the South ("F.5"); "Đ." and "Đg." are Đường.
var typeWords = [...]TypeWord{
	{Key: "thanh pho", Spelling: "thành phố", Kind: ThanhPho},
	{Key: "thi xa", Spelling: "thị xã", Kind: ThiXa},
	{Key: "thi tran", Spelling: "thị trấn", Kind: ThiTran},
	{Key: "dac khu", Spelling: "đặc khu", Kind: DacKhu},
	{Key: "dai lo", Spelling: "đại lộ", Kind: DaiLo},
	{Key: "quoc lo", Spelling: "quốc lộ", Kind: QuocLo},
	{Key: "tinh lo", Spelling: "tỉnh lộ", Kind: TinhLo},
	{Key: "huong lo", Spelling: "hương lộ", Kind: HuongLo},
	{Key: "duong tinh", Spelling: "đường tỉnh", Kind: DuongTinh},
	{Key: "tinh", Spelling: "tỉnh", Kind: Tinh},
	{Key: "tp", Spelling: "tp", Kind: ThanhPho, Short: true},
	{Key: "quan", Spelling: "quận", Kind: Quan, Glued: true},
	{Key: "q", Spelling: "q", Kind: Quan, Short: true, Glued: true},
	{Key: "huyen", Spelling: "huyện", Kind: Huyen},
	{Key: "h", Spelling: "h", Kind: Huyen, Short: true},
	{Key: "tx", Spelling: "tx", Kind: ThiXa, Short: true},
	{Key: "phuong", Spelling: "phường", Kind: Phuong, Glued: true},
	{Key: "p", Spelling: "p", Kind: Phuong, Short: true, Glued: true},
	{Key: "f", Spelling: "f", Kind: Phuong, Short: true, Glued: true},
	{Key: "xa", Spelling: "xã", Kind: Xa},
	{Key: "x", Spelling: "x", Kind: Xa, Short: true},
	{Key: "tt", Spelling: "tt", Kind: ThiTran, Short: true},
	{Key: "pho", Spelling: "phố", Kind: Pho},
	{Key: "duong", Spelling: "đường", Kind: Duong},
	{Key: "ql", Spelling: "ql", Kind: QuocLo, Short: true, Glued: true},
	{Key: "tl", Spelling: "tl", Kind: TinhLo, Short: true, Glued: true},
	{Key: "dt", Spelling: "đt", Kind: DuongTinh, Short: true, Glued: true},
	{Key: "hl", Spelling: "hl", Kind: HuongLo, Short: true, Glued: true},
	{Key: "dg", Spelling: "đg", Kind: Duong, Short: true},
	{Key: "d", Spelling: "đ", Kind: Duong, Short: true},
	{Key: "ngo", Spelling: "ngõ", Kind: Ngo},
	{Key: "ngach", Spelling: "ngách", Kind: Ngach},
	{Key: "hem", Spelling: "hẻm", Kind: Hem},
	{Key: "kiet", Spelling: "kiệt", Kind: Kiet},
	// In English, as company and bank records write them before a number
	// or a name ("Ward 4", "District 3", "Dist. 10"): other ways of
	// writing the type, as the abbreviations are (Short).
	{Key: "ward", Spelling: "ward", Kind: Phuong, Short: true, Glued: true},
	{Key: "district", Spelling: "district", Kind: Quan, Short: true, Glued: true},
	{Key: "dist", Spelling: "dist", Kind: Quan, Short: true, Glued: true},
	{Key: "commune", Spelling: "commune", Kind: Xa, Short: true},
	{Key: "province", Spelling: "province", Kind: Tinh, Short: true},
}

// TypeWords yields every type word of units, streets and alleys, each
// phrase before the words it begins with ("duong tinh" before "duong"),
// so that the first one a text starts with is the longest.
func TypeWords() iter.Seq[TypeWord] {
	return func(yield func(TypeWord) bool) {
		for _, w := range typeWords {
			if !yield(w) {
				return
			}
		}
	}
}

// Lookup returns the type word whose key is key ("phuong", "thanh pho").
func Lookup(key string) (TypeWord, bool) {
	for _, w := range typeWords {
		if w.Key == key {
			return w, true
		}
	}
	return TypeWord{}, false
}

// CutType cuts the longest type word of the given classes (all of them
// when none is given) from the start of key, a [Key], when a name follows
// it: "duong le loi" gives Đường and "le loi"; "duong" alone is a name,
// not a type word. "duong tinh" is Đường tỉnh only before a number
// ("Đường tỉnh 743"): "Đường Tình Quang" is a street named Tình Quang.
func CutType(key string, classes ...Class) (w TypeWord, rest string, ok bool) {
	for _, w := range typeWords {
		if len(classes) > 0 && !hasClass(classes, w.Kind.Class()) {
			continue
		}
		r, found := strings.CutPrefix(key, w.Key)
		if !found || len(r) < 2 || r[0] != ' ' {
			continue
		}
		if w.Kind == DuongTinh && (r[1] < '0' || r[1] > '9') {
			continue
		}
		return w, r[1:], true
	}
	return TypeWord{}, key, false
}

func hasClass(cs []Class, c Class) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// NameKey returns the key a street or an alley is matched by from its
// name as written: the [Key] without its type word ("Đường Lê Lợi", "Đ.
// Lê Lợi" and "Lê Lợi" give "le loi", "Ngõ 201" gives "201"), except the
// type word of a numbered road, which is part of the name ("Quốc lộ 13"
// gives "quoc lo 13").
func NameKey(s string) string {
	k := Key(s)
	if w, rest, ok := CutType(k, Street, Alley); ok && !w.Kind.Numbered() {
		return rest
	}
	return k
}
