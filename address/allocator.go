package address

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"
)

// MinKeyBytes is the shortest key an [Allocator] takes. With an empty or
// short key anyone can compute every ID and the order it was issued in.
const MinKeyBytes = 16

// ErrKey: an allocator's key is missing or shorter than [MinKeyBytes].
var ErrKey = errors.New("address: allocator key missing or too short")

// Allocator issues [ID]s. Each ID is the image of a counter under a keyed
// permutation of the 10⁹ payloads, so consecutive issues and neighbouring
// houses get unrelated-looking IDs, yet the same key, partition and counter
// always give the same ID.
//
// The counter space is cut into equal blocks, one per partition (for
// example one per province code, 100 partitions of 10 million IDs each).
// Allocators of different partitions never issue the same ID, with no
// coordination between them, because the permutation is a bijection and
// their counters never meet. Within a partition, IDs are unique as long as
// one allocator owns the partition's counter; persist [Allocator.Next] and
// resume from it with [AllocatorConfig.Start].
//
// An Allocator is safe for concurrent use.
type Allocator struct {
	perm      permutation
	base      uint64 // first counter value of the partition
	size      uint64 // counters in the partition
	next      atomic.Uint64
	partition int
}

// AllocatorConfig configures an [Allocator].
type AllocatorConfig struct {
	// Key selects the permutation. Keep it secret and stable: changing it
	// changes every ID issued afterwards (IDs already issued are stored and
	// stay valid). At least MinKeyBytes bytes, best random.
	Key []byte
	// Partition is this allocator's partition, in [0, Partitions).
	Partition int
	// Partitions is the number of equal blocks the counter space is cut
	// into; 0 means 1 (no partitioning). 100 fits two-digit province codes.
	Partitions int
	// Start is the first counter to use within the partition (what a
	// previous allocator's Next returned), 0 for a new partition.
	Start uint64
}

// NewAllocator returns an allocator for one partition. A key shorter than
// [MinKeyBytes] gives [ErrKey].
func NewAllocator(cfg AllocatorConfig) (*Allocator, error) {
	if len(cfg.Key) < MinKeyBytes {
		return nil, fmt.Errorf("%w: %d bytes, at least %d needed", ErrKey, len(cfg.Key), MinKeyBytes)
	}
	parts := cfg.Partitions
	if parts == 0 {
		parts = 1
	}
	if parts < 0 || parts > IDPayloads {
		return nil, fmt.Errorf("address: allocator: %d partitions (want 1 to %d)", parts, IDPayloads)
	}
	if cfg.Partition < 0 || cfg.Partition >= parts {
		return nil, fmt.Errorf("address: allocator: partition %d outside [0, %d)", cfg.Partition, parts)
	}
	size := uint64(IDPayloads / parts)
	if cfg.Start > size {
		return nil, fmt.Errorf("address: allocator: start %d beyond the partition's %d IDs", cfg.Start, size)
	}
	a := &Allocator{perm: newPermutation(cfg.Key), base: uint64(cfg.Partition) * size, size: size, partition: cfg.Partition}
	a.next.Store(cfg.Start)
	return a, nil
}

// New issues the next ID, or [ErrExhausted] once the partition is used up.
func (a *Allocator) New() (ID, error) {
	c := a.next.Add(1) - 1
	if c >= a.size {
		a.next.Store(a.size) // keep it from wrapping, however often called
		return ID{}, fmt.Errorf("%w: partition %d has issued all %d IDs", ErrExhausted, a.partition, a.size)
	}
	return NewID(uint32(a.perm.apply(a.base + c)))
}

// Next returns the counter the next call to New will use: persist it to
// resume the partition later.
func (a *Allocator) Next() uint64 { return min(a.next.Load(), a.size) }

// Remaining returns how many IDs the partition can still issue.
func (a *Allocator) Remaining() uint64 { return a.size - a.Next() }

// ID returns the ID that counter c of the partition maps to, without
// issuing anything: the same key, partition and counter always give the
// same ID.
func (a *Allocator) ID(c uint64) (ID, error) {
	if c >= a.size {
		return ID{}, fmt.Errorf("%w: counter %d beyond the partition's %d IDs", ErrExhausted, c, a.size)
	}
	return NewID(uint32(a.perm.apply(a.base + c)))
}

// Counter returns the partition and counter that issued id under this
// allocator's key and partitioning (the inverse of the permutation), so an
// operator can tell which partition an ID came from.
func (a *Allocator) Counter(id ID) (partition int, counter uint64) {
	x := a.perm.invert(uint64(id.Payload()))
	return int(x / a.size), x % a.size
}

// permutation is a keyed bijection of [0, 10⁹): a balanced Feistel network
// on 30 bits (two halves of 15), walked round its cycle until the value
// falls below 10⁹ (cycle-walking keeps a bijection of the smaller set).
type permutation struct {
	keys [feistelRounds]uint64
}

const (
	feistelRounds = 8
	halfBits      = 15
	halfMask      = 1<<halfBits - 1
)

func newPermutation(key []byte) permutation {
	var p permutation
	sum := sha256.Sum256(append([]byte("diachi address ID permutation v1\x00"), key...))
	for i := range p.keys {
		// Four 64-bit words from the digest, stretched to eight round keys.
		w := binary.LittleEndian.Uint64(sum[(i%4)*8:])
		p.keys[i] = mix(w + uint64(i)*0x9e3779b97f4a7c15)
	}
	return p
}

// mix is a 64-bit finaliser (splitmix64's): every input bit affects every
// output bit.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (p *permutation) round(half uint64, i int) uint64 {
	return mix(half^p.keys[i]) & halfMask
}

func (p *permutation) feistel(x uint64) uint64 {
	l, r := x>>halfBits, x&halfMask
	for i := range feistelRounds {
		l, r = r, l^p.round(r, i)
	}
	return l<<halfBits | r
}

func (p *permutation) unfeistel(x uint64) uint64 {
	l, r := x>>halfBits, x&halfMask
	for i := feistelRounds - 1; i >= 0; i-- {
		l, r = r^p.round(l, i), l
	}
	return l<<halfBits | r
}

func (p *permutation) apply(x uint64) uint64 {
	for {
		x = p.feistel(x)
		if x < IDPayloads {
			return x
		}
	}
}

func (p *permutation) invert(x uint64) uint64 {
	for {
		x = p.unfeistel(x)
		if x < IDPayloads {
			return x
		}
	}
}
