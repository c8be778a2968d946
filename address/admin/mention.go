package admin

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/diachi-vn/diachi/address/fold"
)

// Word is one word of a text prepared for [Mentions]: its folded key
// (lower-case ASCII letters and digits, see [fold.AppendWord]) and its
// letters as written, lower case, NFC, without punctuation (used to tell an
// exact match from a tolerant one).
type Word struct {
	Key   string
	Lower string
}

// Mention is a unit, or a type word, that a run of a text's words may
// name. Mentions overlap and contradict each other: choosing among them
// is the reader's work (address.Parse chooses the reading that explains
// the most of the text with a consistent hierarchy).
type Mention struct {
	// Unit is the unit mentioned (one of its dataset's: see
	// [Dataset.Unit]), nil for a type word.
	Unit        *Unit
	First, Last int // the words [First, Last)
	// The unit's province and (legacy communes) district; zero where none.
	Province, District Code
	Kind               MatchKind
	// TypeWord is the type a type word announces ("phường", "p", "tp"),
	// set when Unit is nil.
	TypeWord Type
	// Abbrev: matched by a province's or a district's abbreviation ("B.
	// Định", "BRVT", "Q.BThạnh", "BMT").
	Abbrev bool
	// Former: an Alias that is the name of a former unit, merged into this
	// one or renamed as it ("Phường 11" of Quận 10, now part of Phường 10;
	// "An Hội" in Cần Thơ, now Tân An), not another way of writing its
	// name.
	Former bool

	typ Type  // the unit's type (see UnitType)
	idx int32 // the unit's index in its dataset
	// The low bits of the hashes of the unit's short and full names as
	// written (exactNames): what ExactMemo reads first.
	hShort, hFull uint32
	code          Code // the unit's code (see UnitCode)
}

// IsType reports whether m is a type word rather than a unit.
func (m *Mention) IsType() bool { return m.Unit == nil }

// UnitCode returns the code of the unit mentioned (m.Unit.Code), the zero
// Code for a type word. It is kept in the mention: a reader weighing
// many mentions reads it without reading the unit.
func (m *Mention) UnitCode() Code { return m.code }

// UnitType returns the type of the unit mentioned (m.Unit.Type), 0 for a
// type word; kept in the mention as UnitCode is.
func (m *Mention) UnitType() Type { return m.typ }

// MaxMentionWords bounds the words one mention spans.
const MaxMentionWords = 8

// Mentions returns every unit of both versions (and every type word) that
// a run of consecutive words names, by its official name or short name
// folded (diacritics, case, spacing and the i/y, c/k spelling variants do
// not matter), by an alias of the reference tables, or by a common
// abbreviation of a province ("BRVT", "B. Định"). Words are matched joined,
// so "Cầu Giấy", "cau giay" and "caugiay" name the same district. Mentions
// come in order of First, then Last; the result is appended to dst. A name
// matched is Tolerant: [IsExact] tells whether it is also written letter
// for letter.
func Mentions(dst []Mention, words []Word) []Mention {
	t := mentionIndex()
	var kb [256]byte
	var eb [65]int
	vk, ends := kb[:0], eb[:]
	if len(words)+1 > len(eb) {
		ends = make([]int, len(words)+1)
	}
	for i, w := range words {
		// Spelling variants word by word, as the keys were made: the k of
		// "Đắk" before "Hà" is not the k of "kh".
		vk = appendVariant(vk, []byte(w.Key))
		ends[i+1] = len(vk)
	}
	// The words from s on are looked up a word at a time, by the hash of
	// their keys joined (a prefix of some key, or the walk from s ends),
	// rather than letter by letter down the trie: one lookup a word.
	pre := &t.pre
	ends = ends[:len(words)+1]
	for s := range words {
		h := pre.seed
		for e := s; e < len(words) && e-s < MaxMentionWords; e++ {
			k := vk[ends[e]:ends[e+1]]
			if len(k) == 0 {
				break // an empty word: no name runs through it
			}
			h = prefixHash(h, k)
			if !pre.seen.mayHave(h) {
				break // no node has this hash: these words are no key's beginning
			}
			sl := pre.find(h)
			if sl == nil {
				// A node without hits, or letters that are no node (which
				// no key goes on from: the walk finds nothing more).
				continue
			}
			if pre.key(sl) != string(vk[ends[s]:ends[e+1]]) {
				break // another prefix of the same hash: these words are none
			}
			if !sl.aliases {
				// (Most often so: the hits' mentions as they are, at once.)
				n := len(dst)
				dst = append(dst, t.tmpl[sl.hit0:sl.hit0+int32(sl.nHit)]...)
				for j := n; j < len(dst); j++ {
					dst[j].First, dst[j].Last = s, e+1
				}
				continue
			}
			dst = slices.Grow(dst, int(sl.nHit))
			for i := sl.hit0; i < sl.hit0+int32(sl.nHit); i++ {
				if a := t.hits[i].alias; a >= 0 && !concatEq(words[s:e+1], t.aliasKeys[a], false) {
					continue // an alias is written as the tables write it
				}
				dst = append(dst, t.tmpl[i])
				m := &dst[len(dst)-1]
				m.First, m.Last = s, e+1
			}
		}
	}
	return dst
}

// prefixHash extends the hash h of a key's first letters by the letters k
// (FNV-1a).
func prefixHash(h uint64, k []byte) uint64 {
	for _, c := range k {
		h = (h ^ uint64(c)) * 0x100000001b3
	}
	return h
}

// prefixTable finds a trie node with hits by the hash of the letters from
// the root to it (prefixHash from seed): every node's hash is distinct,
// the seed chosen so when the index is built. The nodes without hits are
// only in seen: a walk goes on through them and needs nothing of theirs.
type prefixTable struct {
	seed  uint64
	slots []prefixSlot // the nodes with hits; open addressing, linear probing; a power of two long
	// seen has every node's hash: a walk ends at
	// letters that are no prefix of a key, and this small table (kept in
	// the cache, unlike slots) most often says so by itself.
	seen hashBits
	// hitSeen has the hashes of the nodes with hits: most nodes a walk
	// passes have none, and this small table most often says so without
	// reading slots.
	hitSeen hashBits
	// keys are the keys of the nodes with hits, one after another (read
	// beside the slot rather than through a string of their own).
	keys string
}

// key returns the key of the node of slot sl (one with hits).
func (p *prefixTable) key(sl *prefixSlot) string {
	return p.keys[sl.keyOff : sl.keyOff+uint32(sl.keyLen)]
}

// hashBits is a set of hashes that may answer "maybe" for a hash not in
// it but never "no" for one in it: a bit a hash, taken from the hash's
// bits from shift on. Eight bits or more an entry keep it mostly right
// and small enough to stay in the cache.
type hashBits struct {
	words []uint64
	mask  uint64 // the bits' count less one (a power of two)
	shift uint
}

// newHashBits makes a set for n hashes, reading their bits from shift on.
func newHashBits(n int, shift uint) hashBits {
	size := 64
	for size < 8*n {
		size *= 2
	}
	return hashBits{words: make([]uint64, size/64), mask: uint64(size - 1), shift: shift}
}

func (b *hashBits) bit(h uint64) (int, uint64) {
	i := h >> b.shift & b.mask
	return int(i >> 6), 1 << (i & 63)
}

func (b *hashBits) add(h uint64) {
	w, bit := b.bit(h)
	b.words[w] |= bit
}

// mayHave reports whether h may be in the set (false: it is not).
func (b *hashBits) mayHave(h uint64) bool {
	w, bit := b.bit(h)
	return b.words[w]&bit != 0
}

// prefixSlot is a node's hash and its hits (a copy of the node's, read
// with the hash).
type prefixSlot struct {
	h      uint64
	hit0   int32
	nHit   uint16
	keyLen uint16 // a node with hits: its key, at keyOff in prefixTable.keys
	keyOff uint32
	used   bool // false: an empty slot
	// aliases: some of the hits is an alias, matched only as the tables
	// write it (see Mentions).
	aliases bool
}

// find returns the slot of the node with hits of hash h, or nil.
func (p *prefixTable) find(h uint64) *prefixSlot {
	if !p.hitSeen.mayHave(h) {
		return nil
	}
	mask := uint64(len(p.slots) - 1)
	for i := (h ^ h>>29) & mask; ; i = (i + 1) & mask {
		sl := &p.slots[i]
		if !sl.used {
			return nil
		}
		if sl.h == h {
			return sl
		}
	}
}

// buildPrefixTable hashes every node of t from the root; ok is false when
// two nodes have the same hash with this seed.
func buildPrefixTable(t *mentionTrie, seed uint64) (prefixTable, bool) {
	withHits := 0
	for _, nd := range t.nodes {
		if nd.nHit > 0 {
			withHits++
		}
	}
	size := 1
	for size < 2*withHits {
		size *= 2
	}
	p := prefixTable{seed: seed, slots: make([]prefixSlot, size), seen: newHashBits(len(t.nodes), 40),
		hitSeen: newHashBits(withHits, 20)}
	var keys strings.Builder
	mask := uint64(size - 1)
	all := make([]uint64, 0, len(t.nodes)) // every node's hash, to check they are distinct
	var walk func(n int32, h uint64) bool
	walk = func(n int32, h uint64) bool {
		all = append(all, h)
		p.seen.add(h)
		nd := t.nodes[n]
		if nd.nHit > 0 {
			i := (h ^ h>>29) & mask
			for p.slots[i].used {
				i = (i + 1) & mask
			}
			p.slots[i] = prefixSlot{h: h, hit0: nd.hit0, nHit: nd.nHit, used: true}
			for _, ht := range t.hits[nd.hit0 : nd.hit0+int32(nd.nHit)] {
				p.slots[i].aliases = p.slots[i].aliases || ht.alias >= 0
			}
			k := t.keys[n]
			if len(k) > math.MaxUint16 || keys.Len()+len(k) > math.MaxUint32 {
				return false
			}
			p.slots[i].keyOff, p.slots[i].keyLen = uint32(keys.Len()), uint16(len(k))
			keys.WriteString(k)
			p.hitSeen.add(h)
		}
		for _, e := range t.edges[nd.edge0 : nd.edge0+int32(nd.nEdge)] {
			if !walk(e.node, prefixHash(h, []byte{e.c})) {
				return false
			}
		}
		return true
	}
	if !walk(0, seed) {
		return p, false
	}
	slices.Sort(all)
	for i := 1; i < len(all); i++ {
		if all[i] == all[i-1] {
			return p, false
		}
	}
	p.keys = keys.String()
	return p, true
}

// concatEq reports whether the keys of ws (their Lower forms, with lower),
// joined, equal target.
func concatEq(ws []Word, target string, lower bool) bool {
	for _, w := range ws {
		f := w.Key
		if lower {
			f = w.Lower
		}
		if !strings.HasPrefix(target, f) {
			return false
		}
		target = target[len(f):]
	}
	return target == ""
}

// TypoQuery says where [Typos] looks: provinces anywhere; districts
// within the legacy provinces of Within; communes within any unit of
// Within; and, with Anywhere, districts and communes in the whole country.
type TypoQuery struct {
	Within   []Code
	Anywhere bool
}

// Typos returns the units whose short name is one letter away (one wrong,
// missing or extra letter, or two swapped) from the words [first, last)
// joined, where the query says to look. Keys shorter than five letters
// (four for communes within districts) are never corrected: too many
// names are that close.
func Typos(dst []Mention, words []Word, first, last int, q TypoQuery) []Mention {
	var kb [96]byte
	key := kb[:0]
	for _, w := range words[first:last] {
		key = append(key, w.Key...)
	}
	if len(key) < 4 || len(key) > 90 {
		return dst
	}
	t := mentionIndex()
	ti := t.typos()
	ks := string(key)
	var pb [2][16]int32
	parents := [3][]int32{Legacy: pb[0][:0], V2025: pb[1][:0]}
	for _, w := range q.Within {
		if w.v != Legacy && w.v != V2025 {
			continue
		}
		if p, ok := Load(w.v).byCode.get(w); ok {
			parents[w.v] = append(parents[w.v], p)
		}
	}
	n0 := len(dst)
	// Every name one edit away shares the key or a key with one letter
	// deleted with it (a swap of two letters too): look those up.
	var hb [97]uint64
	for _, h := range typoVariantHashes(hb[:0], key) {
		if !ti.seen.mayHave(h) {
			continue
		}
		for j := ti.search(h); j < len(ti.hash) && ti.hash[j] == h; j++ {
			e := ti.ref[j]
			d := t.ds[e.v]
			switch {
			case e.l == Province:
				if len(key) < 5 {
					continue
				}
			case q.Anywhere && len(key) >= 5:
			case e.l == District:
				if len(key) < 5 || !d.withinAnyLevel(e.i, parents[e.v], Province) {
					continue
				}
			default:
				// Four letters only among the few communes of a district.
				if !d.withinAny(e.i, parents[e.v]) || len(parents[e.v]) == 0 ||
					len(key) < 5 && !d.withinAnyLevel(e.i, parents[e.v], District) {
					continue
				}
			}
			if !oneEdit(ks, d.shortKey[e.i]) {
				continue
			}
			u := &d.units[e.i]
			if slices.ContainsFunc(dst[n0:], func(m Mention) bool { return m.Unit.Code == u.Code }) {
				continue
			}
			dst = append(dst, t.mention(hit{v: e.v, idx: e.i, kind: Fuzzy, alias: -1}, words, first, last))
		}
	}
	return dst
}

// withinAny reports whether unit i lies in one of the units parents.
func (d *Dataset) withinAny(i int32, parents []int32) bool {
	for _, p := range parents {
		if d.within(i, p) {
			return true
		}
	}
	return false
}

// withinAnyLevel is withinAny counting only the parents of level l.
func (d *Dataset) withinAnyLevel(i int32, parents []int32, l Level) bool {
	for _, p := range parents {
		if d.units[p].Code.l == l && d.within(i, p) {
			return true
		}
	}
	return false
}

// typoIndex finds the units whose short name is one edit from a key: each
// name (of both systems, every level) is listed under its key and its keys
// with one letter deleted (symmetric deletion), as hashes sorted and
// bucketed by their top bits.
type typoIndex struct {
	hash   []uint64
	ref    []typoRef
	bucket []int32 // where the hashes with each value of the top 16 bits start
	// seen has every hash of the index: most
	// of the keys a typo is looked up by are none of its keys, and this
	// small table (kept in the cache) says so without reading the large
	// ones.
	seen hashBits
}

// typoRef is a unit of the typo index, and its level (kept beside it:
// most units found are passed over by their level alone, without reading
// the unit).
type typoRef struct {
	v Version
	l Level
	i int32
}

// search returns the first position of h (or where it would be).
func (ti *typoIndex) search(h uint64) int {
	b := h >> 48
	lo, hi := int(ti.bucket[b]), int(ti.bucket[b+1])
	for lo < hi && ti.hash[lo] < h {
		lo++
	}
	return lo
}

func typoHash(k []byte) uint64 {
	h := uint64(0)
	for _, c := range k {
		h = h*typoBase + uint64(c)
	}
	return typoMix(h, len(k))
}

// typoBase is the base of typoHash's polynomial: a key's hash with one
// letter deleted is then found from the hashes of its prefix and suffix,
// so that Typos hashes the deletions of a key in time linear in its length.
const typoBase = 0x100000001b3

// typoPow holds typoBase to the powers 0-96 (keys are at most 90 letters).
var typoPow = func() (p [97]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * typoBase
	}
	return p
}()

// typoVariantHashes appends to dst the typoHash of key and then of key
// with each letter deleted in turn, from the polynomial hashes of its
// prefixes and suffixes: key without letter d hashes to
// pre[d]·B^(n-1-d) + suf[d+1]. key is at most 96 letters.
func typoVariantHashes(dst []uint64, key []byte) []uint64 {
	n := len(key)
	var preb, sufb [97]uint64
	pre, suf := preb[:n+1], sufb[:n+1]
	for i, c := range key {
		pre[i+1] = pre[i]*typoBase + uint64(c)
	}
	for i := n - 1; i >= 0; i-- {
		suf[i] = uint64(key[i])*typoPow[n-1-i] + suf[i+1]
	}
	dst = append(dst, typoMix(pre[n], n))
	for d := range n {
		dst = append(dst, typoMix(pre[d]*typoPow[n-1-d]+suf[d+1], n-1))
	}
	return dst
}

// typoMix turns a polynomial hash of n letters into typoHash: the length
// and a finaliser mixed in, as the index buckets by the top bits.
func typoMix(h uint64, n int) uint64 {
	h ^= uint64(n) * 0x9e3779b97f4a7c15
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// typos returns the typo index, built on first use.
func (t *mentionTrie) typos() *typoIndex { return t.typoIdx() }

func buildTypoIndex() *typoIndex {
	type entry struct {
		h uint64
		r typoRef
	}
	var es []entry
	var b []byte
	for v := Legacy; v <= V2025; v++ {
		d := Load(v)
		for i := range d.units {
			k := d.shortKey[i]
			r := typoRef{v, d.units[i].Code.l, int32(i)}
			es = append(es, entry{typoHash([]byte(k)), r})
			for del := range len(k) {
				b = append(append(b[:0], k[:del]...), k[del+1:]...)
				es = append(es, entry{typoHash(b), r})
			}
		}
	}
	slices.SortFunc(es, func(x, y entry) int {
		switch {
		case x.h != y.h:
			if x.h < y.h {
				return -1
			}
			return 1
		case x.r.v != y.r.v:
			return int(x.r.v) - int(y.r.v)
		}
		return int(x.r.i - y.r.i)
	})
	es = slices.Compact(es)
	ti := &typoIndex{hash: make([]uint64, len(es)), ref: make([]typoRef, len(es)), bucket: make([]int32, 1<<16+1),
		seen: newHashBits(len(es), 20)}
	for j, e := range es {
		ti.hash[j], ti.ref[j] = e.h, e.r
		ti.seen.add(e.h)
	}
	j := 0
	for b := range 1 << 16 {
		ti.bucket[b] = int32(j)
		for j < len(es) && int(es[j].h>>48) == b {
			j++
		}
	}
	ti.bucket[1<<16] = int32(len(es))
	return ti
}

// SplitGlued cuts a word written without its spaces ("caugiayhanoi",
// "tpdanang") into pieces that are each a unit name or a type word of two
// letters or more, covering the word's end; the part in front that is
// nothing known is returned as the first piece. It returns the cut
// positions (not including 0 and len(key)), or nil when the word needs no
// cut (it is a name itself) or cannot be cut into names.
func SplitGlued(key string) []int {
	t := mentionIndex()
	if len(key) < 6 || len(key) > 64 || t.isKey(key) {
		return nil
	}
	key = variantKey(key)
	// best[i]: the fewest pieces covering key[i:] with names (-1: none).
	n := len(key)
	var best [65]int8
	var next [65]int8
	best[n] = 0
	for i := n - 1; i >= 0; i-- {
		best[i], next[i] = -1, -1
		node := int32(0)
		for j := i; j < n; j++ {
			node = t.child(node, key[j])
			if node < 0 {
				break
			}
			if j+1-i >= 2 && t.nodes[node].nHit > 0 && best[j+1] >= 0 && (best[i] < 0 || best[j+1]+1 < best[i]) {
				best[i], next[i] = best[j+1]+1, int8(j+1)
			}
		}
	}
	// The longest suffix made of names, starting where a syllable may.
	for start := 0; start < n-3; start++ {
		if best[start] < 1 || (start == 0 && best[0] < 2) {
			continue
		}
		var cuts []int
		if start > 0 {
			cuts = append(cuts, start)
		}
		for i := start; int(next[i]) < n; i = int(next[i]) {
			cuts = append(cuts, int(next[i]))
		}
		return cuts
	}
	return nil
}

// mention makes the Mention of hit h over words [s, e).
func (t *mentionTrie) mention(h hit, words []Word, s, e int) Mention {
	var m Mention
	t.fill(&m, &h, s, e)
	return m
}

// fill sets *m to the Mention of hit h over words [s, e).
func (t *mentionTrie) fill(m *Mention, h *hit, s, e int) {
	if h.v == 0 {
		*m = Mention{Kind: Tolerant, First: s, Last: e, Abbrev: h.abbrev, idx: h.idx, TypeWord: Type(h.idx)}
		return
	}
	up := &t.up[h.v][h.idx]
	ex := &t.exact[h.v][h.idx]
	u := &t.ds[h.v].units[h.idx]
	*m = Mention{Unit: u, Kind: h.kind, First: s, Last: e, Abbrev: h.abbrev, Former: h.former, idx: h.idx,
		Province: up.province, District: up.district, hShort: uint32(ex.hShort), hFull: uint32(ex.hFull),
		code: u.Code, typ: u.Type}
}

// formerName reports whether alias (a key of the reference tables'
// aliases, folded, without spaces) names a former commune or district
// rather than u itself, written another way. The alias, and the alias
// less a type word before or after it ("p11", "phuong03",
// "hongngutxa"), are compared with u's short name, numbers without their
// leading zeros and a Roman numeral as its digits: a former name is
// another number ("Phường 11" for Phường 10) or a name more than two
// letters away ("An Hội" for Tân An); a name one or two letters away is a
// spelling of u's own ("Xín Chải" for Sín Chải, "Gia Hòa II" for Gia Hòa
// 2, "Ea Hđinh" for Ea H'đing). The provinces' aliases are ways of
// writing their names ("HCM", "Bà Rịa").
func formerName(alias string, u *Unit) bool {
	if u.Code.l == Province {
		return false
	}
	ws := strings.Fields(u.Short)
	for i, w := range ws {
		if n, ok := romanNumerals[strings.ToLower(w)]; ok && strings.ToUpper(w) == w {
			ws[i] = n // "Phường VII" of Vị Thanh, written "phường 7" (not "Vị")
		} else {
			ws[i] = strings.ReplaceAll(fold.Key(w), " ", "")
		}
	}
	short := trimZeros(strings.Join(ws, ""))
	same := func(a string) bool {
		a = trimZeros(a)
		if a == short {
			return true
		}
		return !allDigits(a) && !allDigits(short) && editsWithin(a, short, 2)
	}
	if same(alias) {
		return false
	}
	for w := range fold.TypeWords() {
		if w.Kind.Class() != fold.Unit {
			continue
		}
		t := strings.ReplaceAll(w.Key, " ", "")
		if rest, ok := strings.CutPrefix(alias, t); ok && rest != "" && same(rest) {
			return false
		}
		if rest, ok := strings.CutSuffix(alias, t); ok && rest != "" && same(rest) {
			return false
		}
	}
	return true
}

// editsWithin reports whether a and b are at most n edits apart (letters
// added, dropped or changed).
func editsWithin(a, b string, n int) bool {
	if len(a)-len(b) > n || len(b)-len(a) > n {
		return false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= n
}

// romanNumerals are the numbers of the units named by Roman numerals
// ("Phường VII", "Gia Hòa II"), in lower case, as digits.
var romanNumerals = map[string]string{"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9", "x": "10"}

// upCodes are a unit's province and (legacy communes) district, found
// once when the index is built rather than up the parents at each mention.
type upCodes struct{ province, district Code }

func unitUpCodes(d *Dataset) []upCodes {
	ups := make([]upCodes, len(d.units))
	for i := range d.units {
		for p := d.parent[i]; p >= 0; p = d.parent[p] {
			switch d.units[p].Code.l {
			case Province:
				ups[i].province = d.units[p].Code
			case District:
				ups[i].district = d.units[p].Code
			}
		}
	}
	return ups
}

// IsExact reports whether the words of a tolerant mention are its unit's
// name letter for letter (diacritics included, any case): "Hoằng Thành",
// not "Hoang Thanh". Mentions leaves this to the caller, who asks it only
// of the mentions it keeps.
func IsExact(m Mention, words []Word) bool {
	if m.Kind != Tolerant || m.Unit == nil || m.First < 0 || m.Last > len(words) || m.First >= m.Last {
		return m.Kind == Exact
	}
	v := m.Unit.Code.v
	ex := mentionIndex().exact[v][m.idx]
	n := 0
	for _, w := range words[m.First:m.Last] {
		n += len(w.Lower)
	}
	// Letters of another length cannot be the same letters.
	return n == len(ex.short) && concatEq(words[m.First:m.Last], ex.short, true) ||
		n == len(ex.full) && concatEq(words[m.First:m.Last], ex.full, true)
}

// ShortLower returns the short name of m's unit as [fold.AppendLower]
// writes it ("Vũ Lăng" -> "vũlăng"), kept in the index: the letters
// [IsExact] compares the words with. It returns "" for a type word.
func (m *Mention) ShortLower() string {
	if m.Unit == nil {
		return ""
	}
	t := mentionIndex()
	if v := m.Unit.Code.v; int(v) < len(t.exact) && int(m.idx) < len(t.exact[v]) && &t.ds[v].units[m.idx] == m.Unit {
		return t.exact[v][m.idx].short
	}
	return string(fold.AppendLower(nil, m.Unit.Short)) // a mention made elsewhere
}

// ExactMemo answers [IsExact] for the mentions of one text: the letters
// of the words asked about are hashed once, and a unit's names, hashed
// when the index is built, are compared letter by letter only when their
// hash and length are those of the words. Ask it of mentions in the order
// [Mentions] gives them (by First, then Last); its zero value is ready, and
// Reset readies it for another text.
type ExactMemo struct {
	t           *mentionTrie // the index, once asked
	first, last int
	n           int    // letters of words [first, last)
	h           uint64 // their hash (exactHash)
	ok          string // the name they were last found to be
}

// Reset forgets the words asked about, for the mentions of another text.
func (e *ExactMemo) Reset() { *e = ExactMemo{} }

// IsExact is [IsExact] of *m, the words' letters hashed once for all the
// units asked about over them.
func (e *ExactMemo) IsExact(m *Mention, words []Word) bool {
	if m.Kind != Tolerant || m.Unit == nil || m.First < 0 || m.Last > len(words) || m.First >= m.Last {
		return IsExact(*m, words)
	}
	ws := words[m.First:m.Last]
	if m.First != e.first || m.Last != e.last {
		e.first, e.last, e.n, e.h, e.ok = m.First, m.Last, 0, exactSeed, ""
		for _, w := range ws {
			e.n += len(w.Lower)
			e.h = exactHash(e.h, w.Lower)
		}
	}
	if h := uint32(e.h); h != m.hShort && h != m.hFull {
		return false // (most often so: the names are not written as they are)
	}
	if e.t == nil {
		e.t = mentionIndex()
	}
	ex := &e.t.exact[m.Unit.Code.v][m.idx]
	return e.n == len(ex.short) && e.h == ex.hShort && e.same(ws, ex.short) ||
		e.n == len(ex.full) && e.h == ex.hFull && e.same(ws, ex.full)
}

// same reports whether the words' letters are name, remembering the last
// name found so: the units of one name share its string, and the next
// asks about the same one (comparing two strings at the same address
// reads neither).
func (e *ExactMemo) same(ws []Word, name string) bool {
	if name == e.ok {
		return true
	}
	if concatEq(ws, name, true) {
		e.ok = name
		return true
	}
	return false
}

const exactSeed = 0xcbf29ce484222325

// exactHash extends h by the bytes of s (FNV-1a).
func exactHash(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 0x100000001b3
	}
	return h
}

// hit is one entry of the mention index: a unit (v, idx) or, when v is 0,
// a type word (idx is its Type).
type hit struct {
	v      Version
	kind   MatchKind
	abbrev bool
	former bool // an alias that is a former unit's name (Mention.Former)
	idx    int32
	alias  int32 // for an alias, its key as written in the table (index in aliasKeys); -1 otherwise
}

type trieNode struct {
	edge0 int32
	hit0  int32
	dense int32 // for a node of many children, its block in mentionTrie.dense; -1 otherwise
	nEdge uint8
	nHit  uint16
}

// denseSize is a dense block's length: one slot a folded letter or digit.
const denseSize = 36

func denseSlot(c byte) int {
	if c >= 'a' && c <= 'z' {
		return int(c - 'a')
	}
	if c >= '0' && c <= '9' {
		return 26 + int(c-'0')
	}
	return -1
}

type trieEdge struct {
	c    byte
	node int32
}

// mentionTrie holds every key of both datasets in one trie of folded,
// spelling-variant letters, so that one walk from each word finds every
// name that starts there.
type mentionTrie struct {
	nodes []trieNode
	edges []trieEdge
	dense []int32
	hits  []hit
	// tmpl is the mention of each hit, but for its words (First, Last).
	tmpl []Mention
	// keys are the keys of the nodes with hits ("" for the others), while
	// the index is built; pre finds a node by its key's hash, and holds
	// those keys.
	keys      []string
	pre       prefixTable
	provinces [3][]int32
	levels    [3][4][]int32 // every unit of each level
	aliasKeys []string      // aliases as the tables write them: matched letter for letter, not by variant
	typoIdx   func() *typoIndex
	initials  func() map[string][]int32
	exact     [3][]exactNames
	up        [3][]upCodes
	ds        [3]*Dataset // the datasets, by version
}

// exactNames are a unit's short and full names as written, lower case,
// and their hashes (exactHash).
type exactNames struct {
	short, full   string
	hShort, hFull uint64
}

var mentionIndex = sync.OnceValue(buildMentionTrie)

// child returns the node under n for the letter c of a variant key
// (see appendVariant), or -1.
func (t *mentionTrie) child(n int32, c byte) int32 {
	nd := t.nodes[n]
	if nd.dense >= 0 {
		if k := denseSlot(c); k >= 0 {
			return t.dense[int(nd.dense)+k]
		}
		return -1
	}
	es := t.edges[nd.edge0 : nd.edge0+int32(nd.nEdge)]
	for _, e := range es {
		if e.c == c {
			return e.node
		}
		if e.c > c {
			break
		}
	}
	return -1
}

// isKey reports whether key is a whole key of the index.
func (t *mentionTrie) isKey(key string) bool {
	key = variantKey(key)
	n := int32(0)
	for i := 0; i < len(key) && n >= 0; i++ {
		n = t.child(n, key[i])
	}
	return n >= 0 && t.nodes[n].nHit > 0
}

func trieKey(k string) string { return variantKey(k) }

// wordVariantKeys are a unit's keys (short and full name) with the
// spelling variants unified word by word, as Mentions reads the words of a
// text.
func wordVariantKeys(u Unit) []string {
	var out []string
	for _, name := range []string{u.Short, u.Name} {
		ws := strings.Fields(fold.Key(name))
		var b []byte
		for _, w := range ws {
			b = appendVariant(b, []byte(w))
		}
		k := string(b)
		if allDigits(k) {
			k = trimZeros(k)
		}
		out = append(out, k)
	}
	return out
}

func buildMentionTrie() *mentionTrie {
	type entry struct {
		key string
		h   hit
	}
	var es []entry
	t := &mentionTrie{}
	t.typoIdx = sync.OnceValue(buildTypoIndex)
	t.initials = sync.OnceValue(districtInitials)
	// Names as written are shared by the units of the same name, so that
	// ExactMemo finds a name it has checked by its string's address.
	intern := interner{}.of
	for v := Legacy; v <= V2025; v++ {
		d := Load(v)
		t.exact[v] = make([]exactNames, len(d.units))
		t.up[v] = unitUpCodes(d)
		t.ds[v] = d
		for i, u := range d.units {
			short, full := intern(string(fold.AppendLower(nil, u.Short))), intern(string(fold.AppendLower(nil, u.Name)))
			t.exact[v][i] = exactNames{short: short, full: full, hShort: exactHash(exactSeed, short), hFull: exactHash(exactSeed, full)}
			for _, k := range wordVariantKeys(u) {
				es = append(es, entry{k, hit{v: v, idx: int32(i), kind: Tolerant, alias: -1}})
			}
			t.levels[v][u.Code.l] = append(t.levels[v][u.Code.l], int32(i))
			if u.Code.l == Province {
				t.provinces[v] = append(t.provinces[v], int32(i))
			}
			// Provinces and districts are shortened alike ("B. Định",
			// "Q.BThạnh", "TP BMT"); communes are not.
			if u.Code.l == Province || u.Code.l == District {
				for _, k := range provinceAbbreviations(u.Short) {
					// Matched letter for letter: "HCM", not "HKM".
					t.aliasKeys = append(t.aliasKeys, k.raw)
					es = append(es, entry{k.variant, hit{v: v, idx: int32(i), kind: Alias, abbrev: true, alias: int32(len(t.aliasKeys) - 1)}})
				}
			}
		}
		keys := make([]string, 0, len(d.aliasAny))
		for k := range d.aliasAny {
			keys = append(keys, k)
		}
		slices.Sort(keys) // deterministic alias indexes
		for _, k := range keys {
			t.aliasKeys = append(t.aliasKeys, k[1:])
			for _, i := range d.aliasAny[k] {
				es = append(es, entry{trieKey(k[1:]), hit{v: v, idx: i, kind: Alias, former: formerName(k[1:], &d.units[i]), alias: int32(len(t.aliasKeys) - 1)}})
			}
		}
	}
	for w := range fold.TypeWords() {
		if w.Kind.Class() == fold.Unit {
			k := strings.ReplaceAll(w.Key, " ", "")
			es = append(es, entry{trieKey(k), hit{idx: int32(typeOf(w.Kind)), kind: Tolerant, alias: -1}})
		}
	}
	slices.SortFunc(es, func(a, b entry) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		if a.h.v != b.h.v {
			return int(a.h.v) - int(b.h.v)
		}
		if a.h.idx != b.h.idx {
			return int(a.h.idx - b.h.idx)
		}
		if a.h.kind != b.h.kind {
			return int(a.h.kind) - int(b.h.kind)
		}
		if a.h.abbrev != b.h.abbrev {
			if !a.h.abbrev {
				return -1 // an alias before an abbreviation of the same letters
			}
			return 1
		}
		return int(a.h.alias - b.h.alias)
	})
	// One hit a unit a key: a name (Tolerant, which sorts first) stands for
	// any alias or abbreviation of the same letters; an alias and an
	// abbreviation of the same letters ("hcm") both stay, as each is
	// written by its own rule.
	es = slices.CompactFunc(es, func(a, b entry) bool {
		return a.key == b.key && a.h.v == b.h.v && a.h.idx == b.h.idx && (a.h.kind == Tolerant || a.h == b.h)
	})
	t.nodes = append(t.nodes, trieNode{})
	t.keys = append(t.keys, "")
	var build func(n int32, lo, hi, depth int)
	build = func(n int32, lo, hi, depth int) {
		i := lo
		for i < hi && len(es[i].key) == depth {
			i++
		}
		t.nodes[n].hit0 = int32(len(t.hits))
		t.nodes[n].nHit = uint16(i - lo)
		if i > lo {
			t.keys[n] = es[lo].key
		}
		for _, e := range es[lo:i] {
			t.hits = append(t.hits, e.h)
		}
		// Children: runs of the same next letter.
		type run struct {
			c      byte
			lo, hi int
		}
		var runs []run
		for j := i; j < hi; {
			c := es[j].key[depth]
			k := j
			for k < hi && es[k].key[depth] == c {
				k++
			}
			runs = append(runs, run{c, j, k})
			j = k
		}
		t.nodes[n].edge0 = int32(len(t.edges))
		t.nodes[n].nEdge = uint8(len(runs))
		for _, r := range runs {
			t.edges = append(t.edges, trieEdge{c: r.c, node: int32(len(t.nodes))})
			t.nodes = append(t.nodes, trieNode{})
			t.keys = append(t.keys, "")
		}
		e0 := t.nodes[n].edge0
		for k, r := range runs {
			build(t.edges[e0+int32(k)].node, r.lo, r.hi, depth+1)
		}
	}
	build(0, 0, len(es), 0)
	// Nodes near the root have many children: a direct table each, so a
	// walk does not scan their edges.
	for n := range t.nodes {
		nd := &t.nodes[n]
		nd.dense = -1
		if nd.nEdge < 6 {
			continue
		}
		nd.dense = int32(len(t.dense))
		block := make([]int32, denseSize)
		for k := range block {
			block[k] = -1
		}
		for _, e := range t.edges[nd.edge0 : nd.edge0+int32(nd.nEdge)] {
			if k := denseSlot(e.c); k >= 0 {
				block[k] = e.node
			}
		}
		t.dense = append(t.dense, block...)
	}
	t.nodes = slices.Clip(t.nodes)
	t.edges = slices.Clip(t.edges)
	t.hits = slices.Clip(t.hits)
	t.tmpl = make([]Mention, len(t.hits))
	for i := range t.hits {
		t.fill(&t.tmpl[i], &t.hits[i], 0, 0)
	}
	for seed := uint64(0xcbf29ce484222325); ; seed++ {
		if p, ok := buildPrefixTable(t, seed); ok {
			t.pre, t.keys = p, nil
			break
		}
	}
	return t
}

// DistrictInitials appends to dst the legacy districts of two-word names
// whose initials word i is ("PN" for Phú Nhuận, "ĐĐ" for Đống Đa), as
// abbreviations (Kind Alias, Abbrev set). Mentions leaves them out: two
// letters name too many districts to be read but after a district's type
// word ("Q.PN", "H.CC"), which the caller is to see written.
func DistrictInitials(dst []Mention, words []Word, i int) []Mention {
	if i < 0 || i >= len(words) || len(words[i].Key) != 2 {
		return dst
	}
	t := mentionIndex()
	for _, idx := range t.initials()[words[i].Key] {
		dst = append(dst, t.mention(hit{v: Legacy, idx: idx, kind: Alias, abbrev: true, alias: -1}, words, i, i+1))
	}
	return dst
}

// districtInitials indexes the legacy districts of two-word names by
// their initials, folded.
func districtInitials() map[string][]int32 {
	d := Load(Legacy)
	m := map[string][]int32{}
	for i, u := range d.units {
		if u.Code.l != District {
			continue
		}
		if ws := strings.Fields(fold.Key(u.Short)); len(ws) == 2 {
			k := ws[0][:1] + ws[1][:1]
			m[k] = append(m[k], int32(i))
		}
	}
	return m
}

// provinceAbbreviations are the ways people shorten a province's name of
// two words or more: the first word reduced to its initial ("B. Định",
// "T. Hóa"), and for names of three words or more every word to its
// initial ("BRVT").
func provinceAbbreviations(short string) []abbreviation {
	ws := strings.Fields(fold.Key(short))
	if len(ws) < 2 {
		return nil
	}
	var raw, b []byte
	raw = append(raw, ws[0][:1]...)
	b = appendVariant(b, []byte(ws[0][:1]))
	for _, w := range ws[1:] {
		raw = append(raw, w...)
		b = appendVariant(b, []byte(w))
	}
	out := []abbreviation{{string(raw), string(b)}}
	if len(ws) >= 3 {
		raw, b = raw[:0], b[:0]
		for _, w := range ws {
			raw = append(raw, w[0])
			b = appendVariant(b, []byte(w[:1]))
		}
		out = append(out, abbreviation{string(raw), string(b)})
	}
	return out
}

// abbreviation is a province's abbreviation as written and as a trie key.
type abbreviation struct{ raw, variant string }
