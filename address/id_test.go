package address_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

// valid runs all ten digits through the check-digit algorithm: the state
// after the last one is 0 exactly when the ID is valid.
func valid(digits string) bool {
	c, err := address.DammCheckDigit(digits)
	return err == nil && c == '0'
}

// TestDammSample checks the guarantee by brute force on a million random
// IDs: every one of the 90 single-digit substitutions and every adjacent
// transposition of different digits is rejected.
func TestDammSample(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 20_000
	}
	seed := uint64(20251101)
	t.Logf("seed %d, %d IDs", seed, n)
	r := rand.New(rand.NewPCG(seed, 1))
	var b [10]byte
	missed := 0
	for range n {
		id, err := address.NewID(uint32(r.IntN(address.IDPayloads)))
		require.NoError(t, err)
		s := id.String()
		copy(b[:], s)
		require.True(t, valid(s))
		for i := range 10 {
			orig := b[i]
			for d := byte('0'); d <= '9'; d++ {
				if d != orig {
					b[i] = d
					if valid(string(b[:])) {
						missed++
					}
				}
			}
			b[i] = orig
			if i < 9 && b[i] != b[i+1] {
				b[i], b[i+1] = b[i+1], b[i]
				if valid(string(b[:])) {
					missed++
				}
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
	}
	require.Zero(t, missed, "undetected errors")
}

func TestParseID(t *testing.T) {
	id, err := address.NewID(123456789)
	require.NoError(t, err)
	s := id.String()
	require.Len(t, s, 10)
	assert.Equal(t, "123456789", s[:9])
	g := id.Grouped()
	assert.Equal(t, s[:3]+" "+s[3:6]+" "+s[6:], g)

	full := strings.Map(func(r rune) rune { return r - '0' + '０' }, s)
	for _, in := range []string{s, g, s[:3] + "-" + s[3:6] + "-" + s[6:], " " + g + " ", full, s[:3] + "\u00a0" + s[3:6] + "." + s[6:]} {
		got, err := address.ParseID(in)
		require.NoError(t, err, "%q", in)
		assert.Equal(t, id, got, "%q", in)
	}
	assert.Equal(t, uint32(123456789), id.Payload())

	bad := []struct {
		in  string
		err error
		pos int
	}{
		{"", address.ErrIDSyntax, -1},
		{s[:9], address.ErrIDSyntax, -1},
		{s + "0", address.ErrIDSyntax, -1},
		{s[:4] + "O" + s[5:], address.ErrIDSyntax, 4}, // letter O for 0
		{s[:4] + "l" + s[5:], address.ErrIDSyntax, 4},
		{"12345678\xff90", address.ErrIDSyntax, 8},
		{s[:9] + string('0'+(s[9]-'0'+1)%10), address.ErrCheckDigit, -1},
		{s[1:2] + s[0:1] + s[2:], address.ErrCheckDigit, -1}, // first two swapped
	}
	for _, tc := range bad {
		_, err := address.ParseID(tc.in)
		require.ErrorIs(t, err, tc.err, "%q", tc.in)
		var ie *address.IDError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, tc.pos, ie.Pos, "%q", tc.in)
	}
	_, err = address.NewID(address.IDPayloads)
	assert.ErrorIs(t, err, address.ErrIDSyntax)

	// Payload 0 is a real ID, distinct from the zero value.
	z, err := address.NewID(0)
	require.NoError(t, err)
	assert.True(t, z.IsValid())
	assert.Equal(t, "0000000000", z.String())
	assert.False(t, address.ID{}.IsValid())
	assert.Equal(t, "", address.ID{}.String())
}

func TestIDText(t *testing.T) {
	id, _ := address.NewID(42)
	b, err := json.Marshal(struct{ ID address.ID }{id})
	require.NoError(t, err)
	assert.Equal(t, `{"ID":"0000000427"}`, string(b))
	var back struct{ ID address.ID }
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, id, back.ID)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"ID":"0000000426"}`), &back), address.ErrCheckDigit)
}

func TestAllocatorPartitionsNeverCollide(t *testing.T) {
	key := []byte("test key of 16+ bytes")
	const per = 50_000
	seen := sync.Map{}
	var wg sync.WaitGroup
	dups := make(chan string, 1)
	for _, part := range []int{1, 79, 99} { // Hà Nội, TP HCM, the last block
		a, err := address.NewAllocator(address.AllocatorConfig{Key: key, Partition: part, Partitions: 100})
		require.NoError(t, err)
		for range 2 { // two goroutines share each allocator
			wg.Go(func() {
				for range per / 2 {
					id, err := a.New()
					if err != nil {
						dups <- err.Error()
						return
					}
					if _, loaded := seen.LoadOrStore(id, part); loaded {
						select {
						case dups <- id.String():
						default:
						}
						return
					}
					if p, _ := a.Counter(id); p != part {
						dups <- "wrong partition for " + id.String()
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(dups)
	for d := range dups {
		t.Fatalf("duplicate or failure: %s", d)
	}
	n := 0
	seen.Range(func(_, _ any) bool { n++; return true })
	assert.Equal(t, 3*per, n)
}

func TestAllocatorDeterministicAndResumable(t *testing.T) {
	cfg := address.AllocatorConfig{Key: []byte("a test key, k, 16+"), Partition: 1, Partitions: 100}
	a, _ := address.NewAllocator(cfg)
	b, _ := address.NewAllocator(cfg)
	var first []address.ID
	for range 100 {
		x, err := a.New()
		require.NoError(t, err)
		y, err := b.New()
		require.NoError(t, err)
		require.Equal(t, x, y, "same key, partition and counter: same ID")
		first = append(first, x)
	}
	// Resume from the persisted counter.
	cfg.Start = a.Next()
	assert.Equal(t, uint64(100), cfg.Start)
	c, _ := address.NewAllocator(cfg)
	x, _ := a.New()
	y, _ := c.New()
	assert.Equal(t, x, y)
	z, _ := a.ID(0)
	assert.Equal(t, first[0], z)

	other, _ := address.NewAllocator(address.AllocatorConfig{Key: []byte("another test key, 16+"), Partition: 1, Partitions: 100})
	o, _ := other.New()
	assert.NotEqual(t, first[0], o, "another key gives other IDs")
}

// Consecutive issues do not look alike: on average they differ in about 8
// of their 9 payload digits, as random numbers would.
func TestAllocatorNotSequential(t *testing.T) {
	a, _ := address.NewAllocator(address.AllocatorConfig{Key: []byte("a test key, k, 16+")})
	prev, _ := a.New()
	diff, n := 0, 5000
	for range n {
		id, _ := a.New()
		p, q := prev.String(), id.String()
		for i := range 9 {
			if p[i] != q[i] {
				diff++
			}
		}
		prev = id
	}
	avg := float64(diff) / float64(n)
	t.Logf("average differing payload digits between consecutive IDs: %.2f of 9", avg)
	assert.Greater(t, avg, 7.5)
}

func TestAllocatorLimits(t *testing.T) {
	a, err := address.NewAllocator(address.AllocatorConfig{Key: []byte("a test key, k, 16+"), Partition: 7, Partitions: address.IDPayloads})
	require.NoError(t, err)
	assert.Equal(t, uint64(1), a.Remaining())
	_, err = a.New()
	require.NoError(t, err)
	for range 3 {
		_, err = a.New()
		assert.ErrorIs(t, err, address.ErrExhausted)
	}
	assert.Equal(t, uint64(0), a.Remaining())
	key := []byte("a key of 16 byte")
	for _, cfg := range []address.AllocatorConfig{
		{Key: key, Partition: 100, Partitions: 100},
		{Key: key, Partition: -1, Partitions: 100},
		{Key: key, Partitions: -5},
		{Key: key, Partitions: 10, Start: 100_000_001},
	} {
		_, err := address.NewAllocator(cfg)
		assert.Error(t, err, "%+v", cfg)
		assert.NotErrorIs(t, err, address.ErrKey)
	}
}

// No ID is issued with an empty or short key: anyone could compute every
// ID and the order it was issued in.
func TestAllocatorNeedsKey(t *testing.T) {
	for _, key := range [][]byte{nil, {}, []byte("fifteen bytes!!")} {
		_, err := address.NewAllocator(address.AllocatorConfig{Key: key, Partition: 79, Partitions: 100})
		require.ErrorIs(t, err, address.ErrKey, "%q", key)
		assert.ErrorContains(t, err, fmt.Sprintf("%d bytes", len(key)))
	}
	_, err := address.NewAllocator(address.AllocatorConfig{Key: make([]byte, address.MinKeyBytes), Partition: 79, Partitions: 100})
	require.NoError(t, err)
}

func FuzzParseID(f *testing.F) {
	for _, s := range []string{"123 456 7890", "0000000000", "１２３４５６７８９０", "12345678\xff90", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := address.ParseID(s)
		if err != nil {
			return
		}
		again, err := address.ParseID(id.String())
		require.NoError(t, err)
		require.Equal(t, id, again)
		again, err = address.ParseID(id.Grouped())
		require.NoError(t, err)
		require.Equal(t, id, again)
	})
}
