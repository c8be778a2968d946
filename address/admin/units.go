package admin

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/fold"
)

// Version is a dataset of administrative units.
type Version uint8

const (
	// Legacy is the three-level system in force until 30 June 2025: 63
	// provinces, 696 districts, 10,035 communes.
	Legacy Version = 1
	// V2025 is the two-level system in force from 1 July 2025: 34
	// provinces and 3,321 communes.
	V2025 Version = 2
)

// String returns "legacy" or "2025".
func (v Version) String() string {
	switch v {
	case Legacy:
		return "legacy"
	case V2025:
		return "2025"
	}
	return "version(" + strconv.Itoa(int(v)) + ")"
}

// Level is a tier of units.
type Level uint8

const (
	Province Level = 1
	District Level = 2 // legacy only
	Commune  Level = 3
)

func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case District:
		return "district"
	case Commune:
		return "commune"
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

func (l Level) digits() int {
	switch l {
	case Province:
		return 2
	case District:
		return 3
	}
	return 5
}

// Type is the kind of a unit, as written before its name.
type Type uint8

const (
	Tinh              Type = iota + 1 // Tỉnh (province)
	ThanhPhoTW                        // Thành phố trực thuộc trung ương (city at province level)
	Quan                              // Quận (urban district, legacy)
	Huyen                             // Huyện (rural district, legacy)
	ThiXa                             // Thị xã (town, legacy)
	ThanhPhoThuocTinh                 // Thành phố thuộc tỉnh (provincial city, legacy)
	Phuong                            // Phường (ward)
	Xa                                // Xã (rural commune)
	ThiTran                           // Thị trấn (township, legacy)
	DacKhu                            // Đặc khu (special zone, 2025)
)

// typeKinds are the type words' kinds (package fold) of the Types: both
// kinds of city are "Thành phố".
var typeKinds = [...]fold.Kind{0, fold.Tinh, fold.ThanhPho, fold.Quan, fold.Huyen, fold.ThiXa, fold.ThanhPho,
	fold.Phuong, fold.Xa, fold.ThiTran, fold.DacKhu}

// String returns the type as written before a name, e.g. "Phường".
func (t Type) String() string {
	if int(t) < len(typeKinds) {
		return typeKinds[t].String()
	}
	return ""
}

// typeOf is the Type a unit's type word announces: "Thành phố" a city at
// province level, as the words alone cannot tell the level.
func typeOf(k fold.Kind) Type {
	for t, tk := range typeKinds {
		if tk == k && t > 0 {
			return Type(t)
		}
	}
	return 0
}

// Code identifies a unit within one dataset version. Codes are reused
// across versions with other meanings ("24" was Bắc Giang and is Bắc Ninh
// since 2025), so a Code carries its version and level and never equals a
// code of another version. It is comparable; the zero Code is invalid.
type Code struct {
	v Version
	l Level
	n uint32
}

// Errors of this package; every error wraps one of them.
var (
	ErrInvalidCode = errors.New("admin: invalid code")
	ErrUnknown     = errors.New("admin: unknown unit")
)

// NewCode makes the code of a unit from its official digits ("01",
// "001", "00001"; shorter numbers are zero-padded).
func NewCode(v Version, l Level, digits string) (Code, error) {
	if (v != Legacy && v != V2025) || l < Province || l > Commune || (v == V2025 && l == District) {
		return Code{}, fmt.Errorf("%w: no %v level in the %v dataset", ErrInvalidCode, l, v)
	}
	if digits == "" || len(digits) > l.digits() {
		return Code{}, fmt.Errorf("%w: %q is not a %d-digit %v code", ErrInvalidCode, digits, l.digits(), l)
	}
	n := uint32(0)
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return Code{}, fmt.Errorf("%w: %q is not a %d-digit %v code", ErrInvalidCode, digits, l.digits(), l)
		}
		n = n*10 + uint32(c-'0')
	}
	return Code{v: v, l: l, n: n}, nil
}

// MustCode is NewCode that panics on error, for constants.
func MustCode(v Version, l Level, digits string) Code {
	c, err := NewCode(v, l, digits)
	if err != nil {
		panic(err)
	}
	return c
}

// Version returns the dataset version of the code.
func (c Code) Version() Version { return c.v }

// Level returns the level of the code.
func (c Code) Level() Level { return c.l }

// Key returns a number that stands for c among the codes of every version
// and level: equal codes have equal keys, different codes different keys.
// It is meant for hash tables keyed by code.
func (c Code) Key() uint64 { return uint64(c.v)<<40 | uint64(c.l)<<32 | uint64(c.n) }

// IsValid reports whether c was made from valid digits.
func (c Code) IsValid() bool { return c.v != 0 }

// String returns the official zero-padded digits, e.g. "00097" (without
// the version: see [Code.MarshalText]).
func (c Code) String() string {
	switch {
	case !c.IsValid():
		return ""
	case c.l == Province && int(c.n) < len(provinceCodes):
		return provinceCodes[c.n]
	case c.l == District && int(c.n) < len(districtCodes):
		return districtCodes[c.n]
	}
	var buf [8]byte
	b, _ := c.appendDigits(buf[:0])
	return string(b)
}

// provinceCodes and districtCodes are the strings of every province and
// district number, made once: a cleaned list writes several codes a row,
// and these then need no new string each.
var provinceCodes, districtCodes = codeStrings(Province, 100), codeStrings(District, 1000)

func codeStrings(l Level, n int) []string {
	out := make([]string, n)
	for i := range out {
		b, _ := Code{l: l, n: uint32(i)}.appendDigits(nil)
		out[i] = string(b)
	}
	return out
}

func (c Code) appendDigits(b []byte) ([]byte, error) {
	var nb [10]byte
	s := strconv.AppendUint(nb[:0], uint64(c.n), 10)
	for range c.l.digits() - len(s) {
		b = append(b, '0')
	}
	return append(b, s...), nil
}

// AppendText appends "<version>:<level>:<digits>", e.g.
// "2025:commune:00097".
func (c Code) AppendText(b []byte) ([]byte, error) {
	if !c.IsValid() {
		return b, nil
	}
	b = append(b, c.v.String()...)
	b = append(b, ':')
	b = append(b, c.l.String()...)
	b = append(b, ':')
	return c.appendDigits(b)
}

// MarshalText returns the versioned text form.
func (c Code) MarshalText() ([]byte, error) { return c.AppendText(nil) }

// UnmarshalText reads the versioned text form; empty text gives the zero
// Code.
func (c *Code) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = Code{}
		return nil
	}
	parts := strings.Split(string(text), ":")
	if len(parts) != 3 {
		return fmt.Errorf("%w: %q (want version:level:digits)", ErrInvalidCode, text)
	}
	var v Version
	switch parts[0] {
	case "legacy":
		v = Legacy
	case "2025":
		v = V2025
	default:
		return fmt.Errorf("%w: unknown version %q", ErrInvalidCode, parts[0])
	}
	var l Level
	switch parts[1] {
	case "province":
		l = Province
	case "district":
		l = District
	case "commune":
		l = Commune
	default:
		return fmt.Errorf("%w: unknown level %q", ErrInvalidCode, parts[1])
	}
	x, err := NewCode(v, l, parts[2])
	if err != nil {
		return err
	}
	*c = x
	return nil
}

// Unit is an administrative unit of one dataset.
type Unit struct {
	Code   Code
	Name   string // the official name, e.g. "Phường Phúc Xá"
	Short  string // the name without its type, e.g. "Phúc Xá"
	Type   Type
	Parent Code      // the province or district above; zero for a province
	Center orb.Point // centroid (lon, lat) where known (2025 communes), else zero
}

// IsValid reports whether u is a unit (not the zero value).
func (u Unit) IsValid() bool { return u.Code.IsValid() }

// Dataset holds the units of one version, indexed. It is immutable and
// safe for concurrent use.
type Dataset struct {
	version  Version
	units    []Unit
	shortKey []string // folded short name of each unit, for typo search
	keyMask  []uint32 // letterMask of each shortKey: a cheap typo filter

	belowOnce sync.Once
	belowIdx  [][4][]int32 // units of each level below each unit
	byCode    codeIndex
	parent    []int32 // index of each unit's parent, -1 for a province
	children  map[Code][]int32
	names     map[string][]int32 // level byte + folded short and full names
	variants  map[string][]int32 // the same, spelling variants unified
	aliases   map[string][]int32 // appendAliasKey
	aliasAny  map[string][]int32 // aliases by level byte + key, any parent
	filter    keyFilter          // every key of names, variants and aliasAny
}

// keyFilter is a Bloom filter (2^20 bits, two probes) of the index keys
// of a dataset: most written names that are no key are refused without a
// map lookup. About 130,000 keys give 5% false positives.
type keyFilter []uint64

func keyHash[T string | []byte](l Level, k T) uint64 {
	h := uint64(14695981039346656037) ^ uint64(l)
	h *= 1099511628211
	for i := 0; i < len(k); i++ {
		h ^= uint64(k[i])
		h *= 1099511628211
	}
	return h ^ h>>29
}

func (f keyFilter) add(l Level, k string) {
	h := keyHash(l, k)
	for _, b := range [2]uint64{h, h >> 32} {
		b &= 1<<20 - 1
		f[b>>6] |= 1 << (b & 63)
	}
}

func (f keyFilter) has(l Level, k []byte) bool {
	h := keyHash(l, k)
	b1, b2 := h&(1<<20-1), h>>32&(1<<20-1)
	return f[b1>>6]&(1<<(b1&63)) != 0 && f[b2>>6]&(1<<(b2&63)) != 0
}

// levelKey is the index key of a name at a level: the level as one byte,
// then the folded name.
func levelKey(l Level, k string) string { return string(rune(l)) + k }

// lookup reads an index without allocating: the key is built on the stack
// and converted only inside the map index expression.
func (d *Dataset) lookup(m map[string][]int32, l Level, key []byte) []int32 {
	if !d.filter.has(l, key) {
		return nil
	}
	var b [192]byte
	buf := append(append(b[:0], byte(l)), key...)
	return m[string(buf)]
}

// appendAliasKey appends the key of the alias table: the level, the index
// of the parent unit (-1 for provinces) in four bytes, then the alias.
func appendAliasKey(dst []byte, l Level, parent int32, k []byte) []byte {
	p := uint32(parent)
	dst = append(dst, byte(l), byte(p>>24), byte(p>>16), byte(p>>8), byte(p))
	return append(dst, k...)
}

//go:embed data/units_2025.tsv
var units2025 []byte

//go:embed data/units_legacy.tsv
var unitsLegacy []byte

//go:embed data/aliases.tsv
var aliasData []byte

var datasets = [3]func() *Dataset{
	Legacy: sync.OnceValue(func() *Dataset { return mustLoad(Legacy, unitsLegacy) }),
	V2025:  sync.OnceValue(func() *Dataset { return mustLoad(V2025, units2025) }),
}

// Load returns the embedded dataset of version v (parsed on first use,
// then shared). It returns nil for an unknown version.
func Load(v Version) *Dataset {
	if v != Legacy && v != V2025 {
		return nil
	}
	return datasets[v]()
}

func mustLoad(v Version, data []byte) *Dataset {
	d, err := parse(v, data)
	if err != nil {
		panic(err) // the embedded tables are generated and tested; never reached
	}
	return d
}

// interner hands out one string for equal strings.
type interner map[string]string

// of returns the string equal to s handed out first.
func (in interner) of(s string) string {
	if t, ok := in[s]; ok {
		return t
	}
	in[s] = s
	return s
}

func parse(v Version, data []byte) (*Dataset, error) {
	d := &Dataset{version: v, byCode: codeIndex{v: v}, children: map[Code][]int32{}, names: map[string][]int32{}, variants: map[string][]int32{}, aliases: map[string][]int32{}, aliasAny: map[string][]int32{}, filter: make(keyFilter, 1<<14)}
	sc := bufio.NewScanner(bytes.NewReader(data))
	// Units of the same name share its string, so that comparing two
	// units' names is mostly comparing two pointers (ExactMemo).
	intern := interner{}.of
	for ln := 1; sc.Scan(); ln++ {
		f := strings.Split(sc.Text(), "\t")
		var u Unit
		var err error
		switch {
		case f[0] == "P" && len(f) >= 3:
			u.Code, err = NewCode(v, Province, f[1])
		case f[0] == "D" && len(f) >= 4 && v == Legacy:
			u.Code, err = NewCode(v, District, f[1])
			if err == nil {
				u.Parent, err = NewCode(v, Province, f[3])
			}
		case f[0] == "C" && len(f) >= 4:
			u.Code, err = NewCode(v, Commune, f[1])
			if err == nil && v == Legacy {
				u.Parent, err = NewCode(v, District, f[3])
			} else if err == nil {
				u.Parent, err = NewCode(v, Province, f[3])
			}
			if err == nil && len(f) >= 6 && f[4] != "" {
				lat, e1 := strconv.ParseFloat(f[4], 64)
				lon, e2 := strconv.ParseFloat(f[5], 64)
				if e1 == nil && e2 == nil {
					u.Center = orb.Point{lon, lat}
				}
			}
		default:
			err = fmt.Errorf("bad line %q", sc.Text())
		}
		if err != nil {
			return nil, fmt.Errorf("admin: %v table line %d: %w", v, ln, err)
		}
		u.Name = intern(f[2])
		u.Type, u.Short = splitType(u.Code.l, v, f[2])
		u.Short = intern(u.Short)
		i := int32(len(d.units))
		d.units = append(d.units, u)
		d.byCode.set(u.Code, i)
		if u.Parent.IsValid() {
			d.children[u.Parent] = append(d.children[u.Parent], i)
		}
		keys := unitKeys(u)
		d.shortKey = append(d.shortKey, keys[0])
		d.keyMask = append(d.keyMask, letterMask(keys[0]))
		for _, k := range keys {
			nk := levelKey(u.Code.l, k)
			d.filter.add(u.Code.l, k)
			if !containsIdx(d.names[nk], i) {
				d.names[nk] = append(d.names[nk], i)
			}
			vk := levelKey(u.Code.l, variantKey(k))
			d.filter.add(u.Code.l, variantKey(k))
			if !containsIdx(d.variants[vk], i) {
				d.variants[vk] = append(d.variants[vk], i)
			}
		}
	}
	for c := range d.children {
		if _, ok := d.byCode.get(c); !ok {
			return nil, fmt.Errorf("admin: %v table: parent %v of some units is missing", v, c)
		}
	}
	d.parent = make([]int32, len(d.units))
	for i, u := range d.units {
		d.parent[i] = -1
		if u.Parent.IsValid() {
			d.parent[i] = d.byCode.at(u.Parent)
		}
	}
	d.loadAliases()
	return d, nil
}

func containsIdx(xs []int32, i int32) bool {
	for _, x := range xs {
		if x == i {
			return true
		}
	}
	return false
}

// typePrefixes are the unit types written in full before a name, with
// their space ("Phường ").
var typePrefixes = func() (out []struct {
	p string
	t Type
}) {
	for w := range fold.TypeWords() {
		if w.Kind.Class() == fold.Unit && !w.Short {
			out = append(out, struct {
				p string
				t Type
			}{w.Kind.String() + " ", typeOf(w.Kind)})
		}
	}
	return out
}()

// splitType reads the type from the start of an official name.
func splitType(l Level, v Version, name string) (Type, string) {
	for _, p := range typePrefixes {
		// Case-insensitive: the sources also write "Thị Xã", "Thành Phố".
		if len(name) > len(p.p) && strings.EqualFold(name[:len(p.p)], p.p) {
			t := p.t
			if t == ThanhPhoTW && l == District {
				t = ThanhPhoThuocTinh
			}
			return t, name[len(p.p):]
		}
	}
	return 0, name
}

// Version returns the dataset's version.
func (d *Dataset) Version() Version { return d.version }

// Unit returns the unit with code c; it allocates nothing.
func (d *Dataset) Unit(c Code) (Unit, bool) {
	i, ok := d.byCode.get(c)
	if !ok {
		return Unit{}, false
	}
	return d.units[i], true
}

// Lookup returns the unit of a level with the given official digits.
func (d *Dataset) Lookup(l Level, digits string) (Unit, error) {
	c, err := NewCode(d.version, l, digits)
	if err != nil {
		return Unit{}, err
	}
	u, ok := d.Unit(c)
	if !ok {
		return Unit{}, fmt.Errorf("%w: no %v %s in the %v dataset", ErrUnknown, l, digits, d.version)
	}
	return u, nil
}

// Children returns the units directly below c, in table order.
func (d *Dataset) Children(c Code) []Unit {
	idx := d.children[c]
	out := make([]Unit, len(idx))
	for k, i := range idx {
		out[k] = d.units[i]
	}
	return out
}

// Units returns every unit of a level, in table order.
func (d *Dataset) Units(l Level) []Unit {
	var out []Unit
	for _, u := range d.units {
		if u.Code.l == l {
			out = append(out, u)
		}
	}
	return out
}

// OfType returns every unit of a type, in table order.
func (d *Dataset) OfType(t Type) []Unit {
	var out []Unit
	for _, u := range d.units {
		if u.Type == t {
			out = append(out, u)
		}
	}
	return out
}

// Province returns the province a unit belongs to (itself for a province).
func (d *Dataset) Province(c Code) (Unit, bool) {
	u, ok := d.Unit(c)
	for ok && u.Code.l != Province {
		u, ok = d.Unit(u.Parent)
	}
	return u, ok
}

// LoadFresh parses the embedded dataset of version v anew, unshared: for
// measuring its memory. Use [Load] otherwise.
func LoadFresh(v Version) *Dataset {
	switch v {
	case Legacy:
		return mustLoad(Legacy, unitsLegacy)
	case V2025:
		return mustLoad(V2025, units2025)
	}
	return nil
}

// Compare orders codes by version, level and number: -1, 0 or +1.
func (c Code) Compare(d Code) int {
	switch {
	case c.v != d.v:
		return cmpInt(int(c.v), int(d.v))
	case c.l != d.l:
		return cmpInt(int(c.l), int(d.l))
	}
	return cmpInt(int(c.n), int(d.n))
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
