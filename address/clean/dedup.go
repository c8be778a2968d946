package clean

import (
	"math"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

type hasher uint64

func (h *hasher) bytes(b []byte) {
	x := uint64(*h)
	for _, c := range b {
		x ^= uint64(c)
		x *= fnvPrime
	}
	*h = hasher(x)
}

// sep ends a part, so that parts cannot run into each other ("1" "23"
// and "12" "3" hash differently).
func (h *hasher) sep() { h.bytes([]byte{0}) }

// key hashes the canonical form of a complete address: the 2025 commune
// (or the legacy one, tagged as such, when it was split), the house number,
// the alleys, and the street and place names folded without spaces. The
// street's type word is left out ("Đường Lê Lợi" and "Lê Lợi" are one
// street); the place is kept, because the same house number in two hamlets
// of a commune is two houses. It returns 0 without a street or a house.
func key(a *address.Address, commune admin.Unit) uint64 {
	if !a.HouseNumber.IsValid() && a.StreetName == "" && a.Street == "" {
		return 0
	}
	if !a.Commune.IsValid() {
		return 0
	}
	h := hasher(fnvOffset)
	buf := make([]byte, 0, 128)
	if commune.IsValid() {
		buf = append(buf, 'N')
		buf = appendCode(buf, commune.Code)
	} else {
		buf = append(buf, 'L')
		buf = appendCode(buf, a.Commune.Code)
	}
	h.bytes(buf)
	h.sep()
	if a.HouseNumber.IsValid() {
		buf, _ = a.HouseNumber.AppendText(buf[:0])
		h.bytes(buf)
	}
	h.sep()
	for _, al := range a.Alleys {
		buf = append(buf[:0], byte(al.Kind))
		buf = fold.AppendWord(buf, al.Number)
		buf = append(buf, '/')
		buf = fold.AppendWord(buf, al.Name)
		h.bytes(buf)
		h.sep()
	}
	h.sep()
	name := a.StreetName
	if name == "" {
		name = a.Street
	}
	h.bytes(fold.AppendWord(buf[:0], name))
	h.sep()
	h.bytes(fold.AppendWord(buf[:0], a.Place))
	// What was not understood is part of the address too ("…, Kiot 3" and
	// "…, Kiot 4" are two addresses).
	h.sep()
	h.bytes(fold.AppendWord(buf[:0], a.Remainder))
	if h == 0 {
		return 1 // 0 means no key
	}
	return uint64(h)
}

// Dedup finds the rows with the same [Row.Key], given in order. It keeps one
// map entry per distinct key: a uint64 key and an int32 row, about 40 bytes
// each with the map's overhead (40 MB for a million distinct addresses),
// and nothing per row besides. It is not safe for concurrent use: rows must
// be given in their final order for the first row to be the first.
type Dedup struct {
	first map[uint64]int32
}

// NewDedup returns an empty Dedup.
func NewDedup() *Dedup { return &Dedup{first: make(map[uint64]int32)} }

// Group returns the first row given with key and whether row is a later
// one. A zero key is no address: the row is its own first.
func (d *Dedup) Group(row int, key uint64) (first int, dup bool) {
	if key == 0 {
		return row, false
	}
	if f, ok := d.first[key]; ok {
		return int(f), true
	}
	if row <= math.MaxInt32 { // rows past 2³¹ are found as duplicates but not remembered as firsts
		d.first[key] = int32(row)
	}
	return row, false
}

// Len returns the number of distinct keys seen.
func (d *Dedup) Len() int { return len(d.first) }
