package registry

import "hash/maphash"

// table is a hash index from a key to the records holding it. A slot is
// 8 bytes, at most half of them full: 32 bits of the key's hash and the
// record's position. The key itself is read back from the record when the
// hash bits agree. A Go map keyed by the records' keys (house numbers with
// their strings, parcel keys) costs 24 to 96 bytes a slot and copies every
// key; at a million houses the difference is hundreds of megabytes.
//
// Several records may hold the same key; they are found in the order they
// were added. A table is written while the registry is built and only read
// afterwards.
type table struct {
	slots []uint64 // hash<<32 | record+1, by the hash's 32 bits; 0 = empty
	mask  uint32
	n     int
}

var seed = maphash.MakeSeed()

// hashOf hashes a key for a table: the high 32 bits of maphash (keys of
// strings and numbers only).
func hashOf[K comparable](k K) uint32 { return uint32(maphash.Comparable(seed, k) >> 32) }

// newTable returns a table sized for n records.
func newTable(n int) table {
	t := table{}
	t.resize(n)
	return t
}

func (t *table) resize(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	old := t.slots
	t.slots, t.mask = make([]uint64, size), uint32(size-1)
	// From an empty slot round, so that no run of the old table is split
	// and records of one key keep their order.
	start := 0
	for start < len(old) && old[start] != 0 {
		start++
	}
	for k := range old {
		if s := old[(start+k)%len(old)]; s != 0 {
			t.put(s)
		}
	}
}

func (t *table) put(s uint64) {
	for p := uint32(s>>32) & t.mask; ; p = (p + 1) & t.mask {
		if t.slots[p] == 0 {
			t.slots[p] = s
			return
		}
	}
}

// add files record i under hash h.
func (t *table) add(h uint32, i int) {
	if 2*(t.n+1) > len(t.slots) {
		t.resize(2 * (t.n + 1))
	}
	t.put(uint64(h)<<32 | uint64(i+1))
	t.n++
}

// find returns the first record filed under h for which is reports true.
func (t *table) find(h uint32, is func(int) bool) (int, bool) {
	for p := h & t.mask; len(t.slots) > 0; p = (p + 1) & t.mask {
		s := t.slots[p]
		if s == 0 {
			break
		}
		if uint32(s>>32) == h && is(int(uint32(s))-1) {
			return int(uint32(s)) - 1, true
		}
	}
	return -1, false
}

// all appends to dst the records filed under h for which is reports
// true, in the order they were added.
func (t *table) all(dst []int32, h uint32, is func(int) bool) []int32 {
	for p := h & t.mask; len(t.slots) > 0; p = (p + 1) & t.mask {
		s := t.slots[p]
		if s == 0 {
			break
		}
		if i := int(uint32(s)) - 1; uint32(s>>32) == h && is(i) {
			dst = append(dst, int32(i))
		}
	}
	return dst
}
