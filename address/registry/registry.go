package registry

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/postal"
)

// Errors. Problems with single records are findings, not errors; these
// are for input the registry cannot be built from at all.
var (
	// ErrSource: the source cannot be read (malformed file, unknown CRS,
	// missing required attribute such as a street or building id). The
	// cause stays in the chain (errors.Is(err, crs.ErrUnknownCRS) holds);
	// a record that cannot be used at all gives a *SourceError.
	ErrSource = errors.New("registry: invalid source")
	// ErrTooLarge: a file or layer beyond the reader's limits.
	ErrTooLarge = errors.New("registry: input too large")
	// ErrSchema: a saved registry of a schema version this reader cannot
	// migrate.
	ErrSchema = errors.New("registry: unsupported schema version")
	// ErrOutside: a valid point outside the registry's extent (At), where
	// the registry has nothing to answer.
	ErrOutside = errors.New("registry: point outside the registry's extent")
)

// SourceError is the error of a source record Build cannot use at all:
// a street or building without an id, or with an id already given. It
// wraps ErrSource and the cause.
type SourceError struct {
	Layer   string // LayerStreets, LayerBuildings…
	Feature int    // the record's position in its layer
	Err     error
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("%v: %s #%d: %v", ErrSource, e.Layer, e.Feature, e.Err)
}

// Unwrap returns ErrSource and the cause, for errors.Is and errors.As.
func (e *SourceError) Unwrap() []error { return []error{ErrSource, e.Err} }

var (
	errNoID        = errors.New("no id")
	errDuplicateID = errors.New("duplicate id")
)

// PointError is the error of a point At cannot answer for: an invalid
// point (Err is a *geo.PointError, which wraps geo.ErrInvalidPoint) or a
// valid point outside the registry's extent (Err is ErrOutside).
type PointError struct {
	Point orb.Point // as given: (lon, lat)
	Err   error
	// Reach is the extent At answers in: the bounding box of every layer
	// grown by the search radii. Empty when the registry holds no
	// geometry.
	Reach orb.Bound
	// Swapped is set when the point read the other way round, (lat, lon),
	// is valid and within Reach: most likely a "lat lon" pair.
	Swapped bool
}

func (e *PointError) Error() string {
	var msg string
	if pe, ok := errors.AsType[*geo.PointError](e.Err); ok {
		msg = fmt.Sprintf("registry: invalid point (lon %g, lat %g): %s", e.Point[0], e.Point[1], pe.Why)
	} else if e.Reach.IsEmpty() {
		msg = fmt.Sprintf("registry: point (lon %g, lat %g) outside the registry's extent: the registry holds no geometry", e.Point[0], e.Point[1])
	} else {
		msg = fmt.Sprintf("registry: point (lon %g, lat %g) outside the registry's extent (lon %.6f to %.6f, lat %.6f to %.6f, the search radii included)",
			e.Point[0], e.Point[1], e.Reach.Min[0], e.Reach.Max[0], e.Reach.Min[1], e.Reach.Max[1])
	}
	if e.Swapped {
		msg += "; read the other way round it would be inside the registry: points are (lon, lat)"
	}
	return msg
}

func (e *PointError) Unwrap() error { return e.Err }

// ParcelKey identifies a land parcel as the cadastre does: the commune,
// the map sheet (tờ bản đồ) and the parcel number (thửa) on it.
type ParcelKey struct {
	Commune admin.Code
	Sheet   int
	Number  int
}

// String writes the key as "2025:commune:27478/12/345".
func (k ParcelKey) String() string {
	if !k.Commune.IsValid() {
		return ""
	}
	c, _ := k.Commune.MarshalText()
	return fmt.Sprintf("%s/%d/%d", c, k.Sheet, k.Number)
}

// HouseRef, StreetRef and ParcelRef refer to a record of a registry by
// its position in its layer (source order): a house by its building's
// position in the buildings layer, and so on. The zero value refers to
// none; links between records are refs with an ok-form (House.Street,
// House.Parcel, Street.Parent), never a position of -1. A ref is only
// meaningful to the registry that gave it (or one built from the same
// source).
type (
	HouseRef  struct{ pos int32 } // position + 1; 0 for none
	StreetRef struct{ pos int32 }
	ParcelRef struct{ pos int32 }
)

// HouseAt, StreetAt and ParcelAt are the refs of the records at position
// i of their layers (as Finding.Index gives it); a negative i gives the
// zero ref.
func HouseAt(i int) HouseRef   { return HouseRef{refPos(i)} }
func StreetAt(i int) StreetRef { return StreetRef{refPos(i)} }
func ParcelAt(i int) ParcelRef { return ParcelRef{refPos(i)} }

func refPos(i int) int32 {
	if i < 0 || i >= math.MaxInt32 {
		return 0
	}
	return int32(i) + 1
}

// Index is the record's position in its layer; ok is false for the zero
// ref.
func (h HouseRef) Index() (i int, ok bool)  { return int(h.pos) - 1, h.pos > 0 }
func (s StreetRef) Index() (i int, ok bool) { return int(s.pos) - 1, s.pos > 0 }
func (p ParcelRef) Index() (i int, ok bool) { return int(p.pos) - 1, p.pos > 0 }

// Parcel is a land parcel of the registry.
type Parcel struct {
	ref ParcelRef
	Key ParcelKey
	// ID is the parcel GeoHash ID: the one the source gave (stored IDs
	// are never recomputed), else computed from the geometry.
	ID address.ParcelID
	// Commune is the 2025 commune holding the parcel's pole by the
	// commune boundaries (zero without boundaries).
	Commune admin.Code
	// Valid is false when the geometry is invalid: the parcel is kept
	// and reported but not indexed.
	Valid bool
}

// Ref is the parcel's ref: its position in the parcels layer.
func (p Parcel) Ref() ParcelRef { return p.ref }

// parcelEntry is what the parcel index holds of a parcel: its position
// and its house, so that a point lookup reads the parcel and the house at
// once and no other table. house is 1 + the house's position when the
// parcel has one, 0 with none, -1 with several (housesIn).
type parcelEntry struct {
	parcel, house int32
}

// Street is a street or alley of the registry.
type Street struct {
	ref  StreetRef
	ID   string
	Name string
	// parent is the street the alley opens on, when it names one of the
	// layer (usable or not).
	parent StreetRef
	// Number is an alley's number (201, 130/20), given or assigned from
	// the house before its entrance.
	Number address.HouseNumber
	// main is the named street an alley chain opens on (itself for a
	// street): the street written in its houses' addresses.
	main StreetRef
	Info numbering.StreetInfo
	Line *geo.Line // WGS84; nil for a street that cannot be numbered
}

// Ref is the street's ref: its position in the streets layer.
func (s Street) Ref() StreetRef { return s.ref }

// Parent is the street an alley opens on; ok is false for a street, and
// for an alley whose parent is not in the layer (a finding says so).
func (s Street) Parent() (StreetRef, bool) { return s.parent, s.parent.pos > 0 }

// Main is the named street the alley chain opens on, the one written in
// its houses' addresses: the street itself for a street.
func (s Street) Main() StreetRef { return s.main }

// House is a numbered building or planned lot.
type House struct {
	ref    HouseRef
	Source string // the building's id
	ID     address.ID
	// Number as assigned or kept, alley chain included; zero when the
	// building could not be numbered (see the findings).
	Number address.HouseNumber
	street StreetRef
	Along  geo.Meters
	// Point is the house's position (WGS84): the point that links it to
	// its parcel and commune (inside the footprint), the one its Plus
	// Code encodes.
	Point orb.Point
	// Door is the main entrance the house was numbered by.
	Door     orb.Point
	parcel   ParcelRef
	Commune  admin.Code
	Legacy   admin.Code // the legacy (pre-2025) commune; zero when not known
	Postcode postal.Code
	Status   numbering.Status
	Side     geo.Side
	// Issued is the day its number and address ID were issued (zero when
	// not known: a file saved before the registry kept dates).
	Issued time.Time
}

// Ref is the house's ref: its building's position in the buildings layer.
func (h House) Ref() HouseRef { return h.ref }

// Street is the street or alley the house is numbered on; ok is false
// when it could not be numbered.
func (h House) Street() (StreetRef, bool) { return h.street, h.street.pos > 0 }

// Parcel is the parcel the house lies in; ok is false when it lies in
// none.
func (h House) Parcel() (ParcelRef, bool) { return h.parcel, h.parcel.pos > 0 }

// Registry is a built registry. It is immutable and safe for concurrent
// use; every query reads only. Its records are read through copies
// (House, Street, Parcel by ref) and iterators, never its own slices.
type Registry struct {
	// src is the registry's own copy of the source's layers (Build takes
	// ownership of the features), which Save writes back.
	src     Source
	opts    Options
	streets []Street
	parcels []Parcel
	houses  []House
	// commune polygons: 2025 and legacy
	communes, legacy *index.PolygonIndex[admin.Code]
	zones            *index.PolygonIndex[postal.Code]
	parcelIx         *index.PolygonIndex[parcelEntry]
	streetIx         *index.LineIndex[int32]
	// byParts marks the streets with a numbering line indexed by their
	// parts: a match on one is located again on the numbering line.
	byParts []bool
	houseIx *index.PointIndex[int32]
	// the houses in parcel p: onParcel[parcelStart[p]:parcelStart[p+1]]
	parcelStart, onParcel []int32
	// Hash tables over the records (table): houses by address ID, by
	// source id and by street name and number (houseKey, several houses
	// to a key); parcels by cadastral key and by parcel ID.
	byID, bySource, byText table
	byKey, byParcelID      table
	byExt                  map[address.ExternalID]int32
	names                  map[string]int32 // street name key -> name id
	nameOf                 []int32          // street -> name id
	postcodeOf             map[admin.Code]postal.Code
	findings               []Finding
	nextCounter            uint64
	d2025, dLegacy         *admin.Dataset
	numberer               *numbering.Numberer
	sourceCRS              crs.Code
	// extent is the bounding box (WGS84) of every indexed geometry;
	// reach is extent grown by the search radii, where At can answer.
	// Both are orb's empty bound (min +Inf, max -Inf) without geometry.
	extent, reach orb.Bound
	// parcelBound is the bounding box (WGS84) of the parcels indexed, by
	// which the parcel index orders them (index.HilbertKey): of two
	// overlapping parcels, the first in that order holds a point.
	parcelBound orb.Bound
	// demo: the IDs were issued with the public demo key; sealed: opened
	// from a file whose seal the office key verified.
	demo, sealed bool
	// ledger is what the registry issued, retired and changed: built
	// with it, saved and read back with it.
	ledger *Ledger
	// What a house added without a rebuild needs (fast.go): the houses
	// numbered on each street (onStreet[streetStart[s]:streetStart[s+1]])
	// and the streets' numbering states made from them (shared by the
	// registries made from this build without one), the streets where a
	// new house could change what a rebuild gives
	// others, whether the corner rule chose a street by its count of
	// numbered houses (byCount), the buildings entrances name that are
	// not in the layer, the decoding's street positions and transform,
	// each street's position in the numberer, and the ID partition.
	streetStart, onStreet []int32
	states                *streetStates
	unsettled             []bool
	byCount               bool
	doorsOf               map[string]bool
	streetPos             map[string]int32
	tr                    *transform
	numPos                []int32
	partition, partitions int
	// more are the houses added without a rebuild since the last build.
	more *added
	// lazy is set on a registry opened from its snapshot (snapshot.go):
	// its file, read whole for a change, Save or Source.
	lazy *wholeFile
	// noSnapshot: what a build of its saved state gives differs from it
	// (a renumbering's findings), so Save keeps no snapshot.
	noSnapshot bool
}

func (r *Registry) houseByID(id address.ID) (int, bool) {
	if i, ok := r.byID.find(hashOf(id), func(i int) bool { return r.houses[i].ID == id }); ok {
		return i, true
	}
	return r.more.byIDOf(id)
}

func (r *Registry) houseBySource(id string) (int, bool) {
	if i, ok := r.bySource.find(hashOf(id), func(i int) bool { return r.houses[i].Source == id }); ok {
		return i, true
	}
	return r.more.bySourceOf(id)
}

func (r *Registry) parcelByKey(k ParcelKey) (int, bool) {
	return r.byKey.find(hashOf(k), func(i int) bool { return r.parcels[i].Key == k })
}

func (r *Registry) parcelByID(id address.ParcelID) (int, bool) {
	return r.byParcelID.find(hashOf(id), func(i int) bool { return r.parcels[i].ID == id })
}

// street is the street of a ref (which must be valid).
func (r *Registry) street(s StreetRef) *Street { return &r.streets[s.pos-1] }

// textKey is the key house i is found by from text; ok is false for a
// house without a number.
func (r *Registry) textKey(i int) (houseKey, bool) {
	h := r.house(i)
	s, ok := h.Street()
	if !ok {
		return houseKey{}, false
	}
	m, _ := r.street(s).main.Index()
	return houseKey{r.nameOf[m], h.Number}, true
}

// housesByText appends the houses of a key to dst, in source order.
func (r *Registry) housesByText(dst []int32, k houseKey) []int32 {
	dst = r.byText.all(dst, hashOf(k), func(i int) bool {
		got, ok := r.textKey(i)
		return ok && got == k
	})
	return r.more.byText(dst, k)
}

// housesIn returns the positions of the houses in parcel p, in source
// order.
func (r *Registry) housesIn(p int) []int32 {
	in := r.onParcel[r.parcelStart[p]:r.parcelStart[p+1]]
	return r.more.inParcel(slices.Clip(in), int32(p))
}

// Source returns a copy of the source the registry was built from: its
// own, which the caller may change freely. A registry opened from its
// snapshot reads its file whole for it, once; it returns nil when that
// fails (the file changed since it was opened, or was removed).
//
// The copy carries the registry's ledger (Source.Ledger): building from
// it again keeps every number and address ID the registry issued.
func (r *Registry) Source() *Source {
	if r.lazy != nil {
		w, err := r.whole(context.Background())
		if err != nil {
			return nil
		}
		return w.Source()
	}
	c := r.source().Clone()
	c.Ledger = r.ledger.clone() // its own, as the layers
	return c
}

// House, Street and Parcel return the record a ref refers to; ok is false
// for the zero ref and for a ref beyond the registry's records.
func (r *Registry) House(h HouseRef) (House, bool) {
	if h.pos <= 0 || int(h.pos) > r.HouseCount() {
		return House{}, false
	}
	return *r.house(int(h.pos) - 1), true
}

// Street returns the street a ref refers to.
func (r *Registry) Street(s StreetRef) (Street, bool) { return get(r.streets, s.pos) }

// Parcel returns the parcel a ref refers to.
func (r *Registry) Parcel(p ParcelRef) (Parcel, bool) { return get(r.parcels, p.pos) }

func get[T any](xs []T, pos int32) (T, bool) {
	if pos <= 0 || int(pos) > len(xs) {
		var zero T
		return zero, false
	}
	return xs[pos-1], true
}

// Houses, Streets and Parcels iterate over copies of the registry's
// records, in source order.
func (r *Registry) Houses() iter.Seq[House] {
	return func(yield func(House) bool) {
		for i := range r.HouseCount() {
			if !yield(*r.house(i)) {
				return
			}
		}
	}
}

// Streets iterates over the streets and alleys in source order.
func (r *Registry) Streets() iter.Seq[Street] { return each(r.streets) }

// Parcels iterates over the parcels in source order.
func (r *Registry) Parcels() iter.Seq[Parcel] { return each(r.parcels) }

func each[T any](xs []T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, x := range xs {
			if !yield(x) {
				return
			}
		}
	}
}

// HouseCount, StreetCount and ParcelCount are the numbers of records: one
// house per building of the source (those that could not be used
// included, with their findings), one street per street, one parcel per
// parcel.
func (r *Registry) HouseCount() int { return len(r.houses) + r.more.count() }

// StreetCount is the number of streets and alleys.
func (r *Registry) StreetCount() int { return len(r.streets) }

// ParcelCount is the number of parcels.
func (r *Registry) ParcelCount() int { return len(r.parcels) }

// Extent is the bounding box, in WGS84, of every geometry the registry
// indexes (parcels, streets, houses, communes, postal zones); ok is false
// when it holds none.
func (r *Registry) Extent() (b orb.Bound, ok bool) { return r.extent, !r.extent.IsEmpty() }

// Findings returns a copy of every finding of the validation, in a
// deterministic order (layer, then source order).
func (r *Registry) Findings() []Finding { return slices.Clone(r.allFindings()) }

// NextCounter is the allocator counter to resume from when issuing more
// IDs in the same partition.
func (r *Registry) NextCounter() uint64 { return r.nextCounter }

// DemoKey reports whether the registry's IDs come from the public
// demonstration key (Options.DemoKey, or a saved file that says so):
// anyone can compute them, so they identify nothing in a real registry.
func (r *Registry) DemoKey() bool { return r.demo }

// Sealed reports whether the registry was opened from a file whose seal
// the office's key (Options.IDKey) verified, for all Open read (from a
// snapshot: the snapshot, the small layers and the metadata; the rest is
// checked when it is read): a change to it by anyone without the key
// would have been refused. Opened without a key, or with the demo
// key, only the file's digest was checked, which detects accidental
// damage, not deliberate change.
func (r *Registry) Sealed() bool { return r.sealed }

// CRS is the source CRS.
func (r *Registry) CRS() crs.Code { return r.sourceCRS }
