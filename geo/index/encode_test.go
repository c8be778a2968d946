package index_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/index"
)

func appendInt(b []byte, v int) []byte { return binary.AppendVarint(b, int64(v)) }

func decodeInt(b []byte) (int, []byte, error) {
	v, n := binary.Varint(b)
	if n <= 0 {
		return 0, nil, errors.New("value cut short")
	}
	return int(v), b[n:], nil
}

// roundTrip encodes ix, decodes it and checks that the bytes after it are
// kept and that encoding the decoded index gives the same bytes.
func roundTrip(t *testing.T, ix *index.PolygonIndex[int]) *index.PolygonIndex[int] {
	t.Helper()
	enc := ix.AppendBinary([]byte("head"), appendInt)
	require.Equal(t, "head", string(enc[:4]))
	got, rest, err := index.DecodePolygonIndex(append(enc[4:], "tail"...), decodeInt)
	require.NoError(t, err)
	require.Equal(t, "tail", string(rest))
	require.Equal(t, ix.Len(), got.Len())
	require.Equal(t, enc[4:], got.AppendBinary(nil, appendInt), "a decoded index encodes as it was read")
	return got
}

// sameAnswers requires the two indexes to answer every point and box
// query alike.
func sameAnswers(t *testing.T, a, b *index.PolygonIndex[int], all orb.Bound, seed uint64, n int) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 5))
	pt := func() orb.Point {
		return orb.Point{all.Min[0] + r.Float64()*(all.Max[0]-all.Min[0]), all.Min[1] + r.Float64()*(all.Max[1]-all.Min[1])}
	}
	for range n {
		p := pt()
		require.Equal(t, slices.Collect(a.AllContaining(p)), slices.Collect(b.AllContaining(p)), "point %v", p)
		va, oka := a.Containing(p)
		vb, okb := b.Containing(p)
		require.Equal(t, oka, okb)
		require.Equal(t, va, vb)
	}
	for range n / 10 {
		bd := orb.Bound{Min: pt(), Max: pt()}
		bd = orb.Bound{Min: orb.Point{min(bd.Min[0], bd.Max[0]), min(bd.Min[1], bd.Max[1])}, Max: orb.Point{max(bd.Min[0], bd.Max[0]), max(bd.Min[1], bd.Max[1])}}
		bd.Max = orb.Point{bd.Min[0] + (bd.Max[0]-bd.Min[0])/20, bd.Min[1] + (bd.Max[1]-bd.Min[1])/20}
		require.Equal(t, slices.Collect(a.AllIntersecting(bd)), slices.Collect(b.AllIntersecting(bd)), "box %v", bd)
	}
}

// TestEncodeFabric: a decoded index of 20,000 parcels answers every query
// as the index it was encoded from, also after inserts into both.
func TestEncodeFabric(t *testing.T) {
	geoms, _, ix := fabricIndex(t, 20_000)
	all := geoms[0].Bound()
	for _, g := range geoms {
		all = all.Union(g.Bound())
	}
	got := roundTrip(t, ix)
	sameAnswers(t, ix, got, all, 1, 20_000)
	checkAgainstReference(t, "decoded fabric", geoms, got, 3, 5_000, 2_000)

	// Items inserted after the build, as a registry grows.
	extra := sq(all.Max[0]-0.0001, all.Max[1]-0.0001, all.Max[0]+0.001, all.Max[1]+0.001)
	require.NoError(t, ix.Insert(extra, -1))
	require.NoError(t, got.Insert(extra, -1))
	sameAnswers(t, ix, got, all.Union(extra.Bound()), 2, 5_000)
	again := roundTrip(t, got)
	sameAnswers(t, ix, again, all.Union(extra.Bound()), 3, 5_000)
}

// TestEncodeShapes: multipolygons, holes (one outside its outer ring,
// which the validation allows), items of many edges (band indexes) and
// an index grown by Insert alone (no grid).
func TestEncodeShapes(t *testing.T) {
	ring := func(cx, cy, r float64, n int) orb.Ring {
		var rg orb.Ring
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			rg = append(rg, orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)})
		}
		return append(rg, rg[0])
	}
	shapes := []orb.Geometry{
		sq(0, 0, 2, 2),
		orb.Polygon{sq(3, 0, 6, 3)[0], sq(4, 1, 5, 2)[0]},     // a hole
		orb.Polygon{sq(7, 0, 8, 1)[0], sq(8.5, 0, 9, 0.5)[0]}, // a "hole" outside
		orb.MultiPolygon{sq(0, 4, 1, 5), sq(2, 4, 3, 5)},
		orb.Polygon{ring(5, 6, 1, 300)}, // bands
		orb.MultiPolygon{{ring(10, 6, 1, 200)}, sq(12, 5, 13, 6)},
	}
	all := orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{14, 8}}
	feats := make([]index.Feature[int], len(shapes))
	for i, g := range shapes {
		feats[i] = index.Feature[int]{Geometry: g, Value: i * 10}
	}
	built, err := index.BuildPolygonIndex(feats)
	require.NoError(t, err)
	grown := &index.PolygonIndex[int]{}
	for i, g := range shapes {
		require.NoError(t, grown.Insert(g, i*10))
	}
	for _, ix := range []*index.PolygonIndex[int]{built, grown} {
		got := roundTrip(t, ix)
		sameAnswers(t, ix, got, all, 4, 20_000)
		// The "hole" outside its ring is answered by its box as built:
		// a point in it lies in no polygon.
		_, in := got.Containing(orb.Point{8.7, 0.2})
		assert.False(t, in)
	}
	empty := roundTrip(t, &index.PolygonIndex[int]{})
	_, ok := empty.Containing(orb.Point{1, 1})
	assert.False(t, ok)
}

// TestDecodeDamaged: every prefix of an encoded index, and every single
// byte changed in its counts and rings, is refused or read without a
// panic; a prefix is always refused.
func TestDecodeDamaged(t *testing.T) {
	_, _, ix := fabricIndex(t, 50)
	enc := ix.AppendBinary(nil, appendInt)
	for n := range len(enc) {
		_, _, err := index.DecodePolygonIndex(enc[:n], decodeInt)
		require.ErrorIs(t, err, index.ErrEncoding, "prefix of %d bytes", n)
	}
	for k := range min(len(enc), 400) {
		b := slices.Clone(enc)
		b[k] ^= 0xA5
		if ix2, _, err := index.DecodePolygonIndex(b, decodeInt); err == nil {
			ix2.Containing(orb.Point{0, 0})
			ix2.AllIntersecting(orb.Bound{Max: orb.Point{1, 1}})
		}
	}
}

func FuzzDecodePolygonIndex(f *testing.F) {
	_, _, ix := fabricIndex(f, 8)
	f.Add(ix.AppendBinary(nil, appendInt))
	f.Add([]byte("PIX\x01"))
	f.Add([]byte(fmt.Sprintf("PIX\x01%s", make([]byte, 40))))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, rest, err := index.DecodePolygonIndex(data, decodeInt)
		if err != nil {
			require.ErrorIs(t, err, index.ErrEncoding)
			return
		}
		require.LessOrEqual(t, len(rest), len(data))
		got.Containing(orb.Point{0, 0})
		for range got.AllIntersecting(orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}) {
		}
		require.NoError(t, got.Insert(sq(0, 0, 1, 1), 1))
	})
}
