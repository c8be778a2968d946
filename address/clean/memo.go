package clean

import (
	"hash/maphash"
	"sync/atomic"

	"github.com/diachi-vn/diachi/address/vnenc"
)

// DefaultMemo is the number of addresses a [Cleaner] remembers when
// [Options.Memo] is 0.
const DefaultMemo = 1 << 14

// MaxMemo bounds [Options.Memo]: a larger number is taken as MaxMemo.
const MaxMemo = 1 << 20

// memo remembers the added cells of the addresses cleaned last, so that
// a text met again is not parsed again: the members of one household, the
// rows of a hamlet whose houses have no numbers. A row's added cells depend
// on its address text (and the encoding it was converted from) alone, so
// a row answered from the memo is the row parsing would give, byte for
// byte; the memo changes the speed, never the output.
//
// It is a table of sets of two slots, a set chosen by the text's hash: a
// text read goes into the set's first slot, the text there before moving
// to the second and the one in the second leaving (two texts of one hash
// stay), and a list of addresses all distinct costs a hash and a copy a
// row. The slots are swapped atomically and their entries never change,
// so any number of goroutines share it (two that store into one set at
// once may lose an entry, which is only parsed again).
type memo struct {
	seed  maphash.Seed
	mask  uint64 // of the sets
	slots []atomic.Pointer[memoEntry]
}

// memoEntry is one remembered address: its text and its cells, copied
// into one string of their own (so that the entry holds no part of a
// batch of input), cut at ends.
type memoEntry struct {
	text     string
	from     vnenc.Encoding
	cells    string
	ends     [numAdded]uint16
	status   string
	province string
	key      uint64
}

// newMemo makes a memo of about n slots (a power of two, at least two and
// at most MaxMemo); nil when n is negative.
func newMemo(n int) *memo {
	switch {
	case n < 0:
		return nil
	case n == 0:
		n = DefaultMemo
	case n > MaxMemo:
		n = MaxMemo
	}
	size := 2
	for size < n {
		size *= 2
	}
	return &memo{seed: maphash.MakeSeed(), mask: uint64(size/2 - 1), slots: make([]atomic.Pointer[memoEntry], size)}
}

// set returns the two slots of text's set.
func (m *memo) set(text string) []atomic.Pointer[memoEntry] {
	i := 2 * (maphash.String(m.seed, text) & m.mask)
	return m.slots[i : i+2 : i+2]
}

// get returns the row remembered for text converted from from, its added
// cells placed in out; ok is false when the text is not remembered.
func (m *memo) get(text string, from vnenc.Encoding, out []string) (r Row, ok bool) {
	if m == nil {
		return Row{}, false
	}
	set := m.set(text)
	e := set[0].Load()
	if e == nil || e.from != from || e.text != text {
		if e = set[1].Load(); e == nil || e.from != from || e.text != text {
			return Row{}, false
		}
	}
	add := out[len(out)-numAdded:]
	at := 0
	for i, end := range e.ends {
		add[i] = e.cells[at:end]
		at = int(end)
	}
	return Row{Out: out, Status: e.status, Province: e.province, Key: e.key, Converted: from > vnenc.UTF8}, true
}

// maxMemoEntry bounds the bytes of an entry's text and cells: a typical
// address takes 200 to 500 (the generated million rows: 274 at the
// median, 505 at the 99th percentile); one of a kilobyte with long forms
// several kilobytes, which a memo of DefaultMemo entries would multiply
// into tens of megabytes. Longer ones are parsed each time they are met.
const maxMemoEntry = 640

// put remembers r, the row made from text converted from from, unless its
// text and cells take more than maxMemoEntry bytes.
func (m *memo) put(text string, from vnenc.Encoding, r Row) {
	if m == nil {
		return
	}
	add := r.Out[len(r.Out)-numAdded:]
	n := len(text) + len(r.Status) + len(r.Province)
	for _, c := range add {
		n += len(c)
	}
	if n > maxMemoEntry {
		return
	}
	b := make([]byte, 0, n)
	e := &memoEntry{from: from, key: r.Key}
	for i, c := range add {
		b = append(b, c...)
		e.ends[i] = uint16(len(b))
	}
	cells := len(b)
	b = append(b, text...)
	b = append(b, r.Status...)
	b = append(b, r.Province...)
	all := string(b)
	e.cells = all[:cells]
	e.text = all[cells : cells+len(text)]
	e.status = all[cells+len(text) : cells+len(text)+len(r.Status)]
	e.province = all[cells+len(text)+len(r.Status):]
	set := m.set(text)
	if old := set[0].Swap(e); old != nil {
		set[1].Store(old)
	}
}
