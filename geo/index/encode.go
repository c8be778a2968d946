package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// ErrEncoding: data given to [DecodePolygonIndex] is not an index that
// [PolygonIndex.AppendBinary] wrote (cut short, damaged or of another
// version).
var ErrEncoding = errors.New("index: not an encoded polygon index")

// polygonMagic opens an encoded polygon index; the last byte is the
// version of the layout.
const polygonMagic = "PIX\x01"

// AppendBinary appends the index to b in a compact binary form that
// [DecodePolygonIndex] reads back without validating or sorting again:
// the vertices, rings and items in the index's order, each item's bounding
// box, and each value as appendValue writes it. A saved index so opens in
// the time it takes to read its vertices. It must not run concurrently
// with Insert or MapValues.
func (ix *PolygonIndex[T]) AppendBinary(b []byte, appendValue func(b []byte, v T) []byte) []byte {
	b = append(b, polygonMagic...)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(ix.origin[0]))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(ix.origin[1]))
	flags := byte(0)
	if ix.hasOrigin {
		flags |= 1
	}
	covered := uint32(0)
	if ix.grid != nil {
		flags |= 2
		covered = ix.grid.covered
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(len(ix.items)))
	b = binary.AppendUvarint(b, uint64(len(ix.rings)))
	b = binary.AppendUvarint(b, uint64(len(ix.coords)))
	b = binary.AppendUvarint(b, uint64(covered))
	for _, c := range ix.coords {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c))
	}
	for _, r := range ix.rings {
		b = binary.LittleEndian.AppendUint32(b, r)
	}
	for i := range ix.items {
		it := &ix.items[i]
		b = binary.LittleEndian.AppendUint32(b, it.ring0)
		b = binary.LittleEndian.AppendUint32(b, it.ring1)
	}
	// The boxes that are not their vertices' (odd), in item order.
	odd := make([]uint32, 0, len(ix.odd))
	for i := range ix.odd {
		odd = append(odd, i)
	}
	slices.Sort(odd)
	b = binary.AppendUvarint(b, uint64(len(odd)))
	for _, i := range odd {
		bd := ix.odd[i]
		b = binary.AppendUvarint(b, uint64(i))
		for _, v := range [4]float64{bd.Min[0], bd.Min[1], bd.Max[0], bd.Max[1]} {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	for _, v := range ix.values {
		b = appendValue(b, v)
	}
	return b
}

// itemBound is the bounding box item i was indexed by: its geometry's
// (the outer rings'), which is its vertices' but where a hole lies
// outside (odd).
func (ix *PolygonIndex[T]) itemBound(i uint32) orb.Bound {
	if b, ok := ix.odd[i]; ok {
		return b
	}
	return ix.vertexBound(ix.items[i].v0, ix.items[i].v1)
}

// vertexBound is the bounding box of vertices v0..v1.
func (ix *PolygonIndex[T]) vertexBound(v0, v1 uint32) orb.Bound {
	c := ix.coords[2*v0 : 2*v1]
	b := orb.Bound{Min: orb.Point{c[0], c[1]}, Max: orb.Point{c[0], c[1]}}
	for k := 2; k+1 < len(c); k += 2 {
		b.Min[0], b.Max[0] = min(b.Min[0], c[k]), max(b.Max[0], c[k])
		b.Min[1], b.Max[1] = min(b.Min[1], c[k+1]), max(b.Max[1], c[k+1])
	}
	return b
}

// lazyRTree builds the R-tree of a decoded index on its first use: point
// queries over the built items need only the grid, and a million inserts
// would cost more than the rest of the decoding.
type lazyRTree struct {
	once sync.Once
}

// ensureTree builds the tree of a decoded index, once.
func (ix *PolygonIndex[T]) ensureTree() {
	if ix.lazy == nil {
		return
	}
	ix.lazy.once.Do(func() {
		for i := range ix.items {
			b := ix.itemBound(uint32(i))
			lo, hi := ix.box(b.Min, b.Max)
			ix.tree.Insert(lo, hi, uint32(i))
		}
	})
}

// DecodePolygonIndex reads an index written by [PolygonIndex.AppendBinary]
// from the start of data, each value by decodeValue (which returns the
// rest of its input), and returns it with the bytes after it. Data that is
// cut short, damaged or inconsistent (a ring outside the vertices, a
// coordinate not finite) gives an error wrapping [ErrEncoding], never a
// panic; the geometry itself is trusted, as it was validated when indexed.
func DecodePolygonIndex[T any](data []byte, decodeValue func(b []byte) (T, []byte, error)) (*PolygonIndex[T], []byte, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrEncoding, fmt.Sprintf(format, a...))
	}
	if len(data) < len(polygonMagic)+17 || string(data[:len(polygonMagic)]) != polygonMagic {
		return nil, nil, bad("no header")
	}
	d := data[len(polygonMagic):]
	ix := &PolygonIndex[T]{}
	ix.origin = orb.Point{math.Float64frombits(binary.LittleEndian.Uint64(d)), math.Float64frombits(binary.LittleEndian.Uint64(d[8:]))}
	flags := d[16]
	d = d[17:]
	ix.hasOrigin = flags&1 != 0
	var counts [4]uint64
	for k := range counts {
		v, n := binary.Uvarint(d)
		if n <= 0 {
			return nil, nil, bad("counts cut short")
		}
		counts[k], d = v, d[n:]
	}
	items, rings, coords, covered := counts[0], counts[1], counts[2], counts[3]
	// Every count is checked against the bytes left before anything is
	// allocated: a hostile count cannot ask for more memory than the data.
	need := coords*8 + rings*4 + items*8
	if coords > uint64(len(d))/8 || rings > uint64(len(d))/4 || items > uint64(len(d))/8 || need > uint64(len(d)) {
		return nil, nil, bad("%d items, %d rings, %d coordinates in %d bytes", items, rings, coords, len(d))
	}
	if rings == 0 && items == 0 && coords == 0 {
		if len(d) == 0 || d[0] != 0 {
			return nil, nil, bad("odd boxes of an empty index")
		}
		ix.lazy = &lazyRTree{}
		return ix, d[1:], nil // an index never inserted into
	}
	if covered > items || rings < 1 || coords%2 != 0 || items >= math.MaxUint32 || coords/2 >= math.MaxUint32 {
		return nil, nil, bad("%d of %d items covered, %d rings, %d coordinates", covered, items, rings, coords)
	}
	ix.coords = make([]float64, coords)
	for i := range ix.coords {
		v := math.Float64frombits(binary.LittleEndian.Uint64(d[8*i:]))
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, bad("coordinate %d is not finite", i)
		}
		ix.coords[i] = v
	}
	d = d[8*coords:]
	ix.rings = make([]uint32, rings)
	for i := range ix.rings {
		ix.rings[i] = binary.LittleEndian.Uint32(d[4*i:])
		if i == 0 && ix.rings[0] != 0 || i > 0 && ix.rings[i] < ix.rings[i-1] {
			return nil, nil, bad("ring %d starts at vertex %d", i, ix.rings[i])
		}
	}
	if ix.rings[rings-1] != uint32(coords/2) {
		return nil, nil, bad("rings end at vertex %d of %d", ix.rings[rings-1], coords/2)
	}
	d = d[4*rings:]
	ix.items = make([]polyItem, items)
	next := uint32(0)
	for i := range ix.items {
		e := d[8*i:]
		r0, r1 := binary.LittleEndian.Uint32(e), binary.LittleEndian.Uint32(e[4:])
		if r0 != next || r1 <= r0 || uint64(r1) >= rings || ix.rings[r1]-ix.rings[r0] < 1 {
			return nil, nil, bad("item %d has rings %d..%d", i, r0, r1)
		}
		next = r1
		ix.items[i] = polyItem{v0: ix.rings[r0], v1: ix.rings[r1], ring0: r0, ring1: r1, band: -1}
	}
	if uint64(next) != rings-1 {
		return nil, nil, bad("items end at ring %d of %d", next, rings-1)
	}
	d = d[8*items:]
	nodd, n := binary.Uvarint(d)
	if n <= 0 || nodd > items || nodd > uint64(len(d)-n)/33 {
		return nil, nil, bad("odd boxes cut short")
	}
	d = d[n:]
	prev := -1
	for range nodd {
		i, n := binary.Uvarint(d)
		if n <= 0 || i >= items || int(i) <= prev || len(d)-n < 32 {
			return nil, nil, bad("odd box cut short")
		}
		prev, d = int(i), d[n:]
		var f [4]float64
		for k := range f {
			f[k] = math.Float64frombits(binary.LittleEndian.Uint64(d[8*k:]))
		}
		d = d[32:]
		b := orb.Bound{Min: orb.Point{f[0], f[1]}, Max: orb.Point{f[2], f[3]}}
		if !(b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]) || math.IsInf(b.Min[0], 0) || math.IsInf(b.Max[0], 0) || math.IsInf(b.Min[1], 0) || math.IsInf(b.Max[1], 0) {
			return nil, nil, bad("item %d has box %v", i, b)
		}
		if ix.odd == nil {
			ix.odd = map[uint32]orb.Bound{}
		}
		ix.odd[uint32(i)] = b
	}
	bounds := make([]orb.Bound, items)
	for i := range bounds {
		bounds[i] = ix.itemBound(uint32(i))
	}
	ix.values = make([]T, items)
	for i := range ix.values {
		v, rest, err := decodeValue(d)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: value %d: %w", ErrEncoding, i, err)
		}
		ix.values[i], d = v, rest
	}
	for i := range ix.items {
		it := &ix.items[i]
		edges := 0
		for r := it.ring0; r < it.ring1; r++ {
			edges += max(int(ix.rings[r+1]-ix.rings[r])-1, 0)
		}
		if edges > bandThreshold {
			it.band = int32(len(ix.bands))
			ix.bands = append(ix.bands, ix.buildBands(*it, bounds[i], edges))
		}
	}
	if flags&2 != 0 && covered > 0 {
		all := bounds[0]
		for _, b := range bounds[1:covered] {
			all = all.Union(b)
		}
		ix.grid = newCellGrid(ix, bounds[:covered], all)
	}
	ix.lazy = &lazyRTree{}
	return ix, d, nil
}
