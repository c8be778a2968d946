package registry

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/index"
	"github.com/diachi-vn/diachi/internal/gpkg"
	"github.com/diachi-vn/diachi/postal"
)

// The snapshot: a saved registry opened without being built again.
//
// Open used to read every row of every layer and build the registry
// again: about a minute at a million houses, most of it SQLite's reading
// and the build. Save now also writes what the queries read of the built
// registry, in a compact form read as it is (the snapshot, a few chunks
// of bytes kept beside the layers; gpkg checks them against their own
// seal): the houses with everything the build found for them, the
// parcels, the parcel index (geo/index encodes it), the findings and the
// external IDs. Open reads the snapshot and the small layers (streets,
// communes, postal zones, history: the streets are numbered again, as
// OpenSaved does) and makes the lookup tables from the houses; the
// source layers, a million rows, are not read.
//
// What the snapshot does not hold is what a change needs (the source
// layers, the streets' numbering states): the first change (Add, Split,
// Retire…), Save, Source or a GeoJSON export of a registry so opened
// reads the file whole, once, as Open did before, and works on that
// registry; a file changed since it was opened is refused then. A file
// without a snapshot (saved before, or of another snapshot version), or
// changed since it was written (SQLite's change counter says so: gpkg's
// Partial.Unchanged), is read whole.

// snapshotVersion is the layout of the snapshot, in the metadata key
// registry_snapshot; a file of another version is read whole. Raise it
// when the layout changes, and when a build would give a saved registry
// other answers than its snapshot holds (new findings, links made
// otherwise): its files are then built again by the code that opens them.
const snapshotVersion = "1"

const metaSnapshot = "registry_snapshot"

// snapshotMagic opens the snapshot.
const snapshotMagic = "diachi registry snapshot\x01"

// snapshotChunk is the size of the snapshot's chunks in the file.
const snapshotChunk = 256 << 20

var errSnapshot = errors.New("registry: snapshot")

// snapWriter appends the snapshot's values.
type snapWriter struct{ b []byte }

func (w *snapWriter) u(v uint64)  { w.b = binary.AppendUvarint(w.b, v) }
func (w *snapWriter) i(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *snapWriter) f(v float64) { w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v)) }
func (w *snapWriter) s(v string)  { w.u(uint64(len(v))); w.b = append(w.b, v...) }
func (w *snapWriter) p(v orb.Point) {
	w.f(v[0])
	w.f(v[1])
}
func (w *snapWriter) bound(b orb.Bound) { w.p(b.Min); w.p(b.Max) }

// strs writes texts as a block: their lengths, then their bytes, which
// the reader makes into one string and slices (one allocation for a
// million texts).
func (w *snapWriter) strs(list []string) {
	w.u(uint64(len(list)))
	for _, t := range list {
		w.u(uint64(len(t)))
	}
	for _, t := range list {
		w.b = append(w.b, t...)
	}
}

// snapReader reads them back; the first error sticks and every later
// read gives zero values.
type snapReader struct {
	b   []byte
	err error
}

func (r *snapReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s cut short or damaged", errSnapshot, what)
	}
	r.b = nil
}

func (r *snapReader) u() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("a number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *snapReader) i() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("a number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *snapReader) f() float64 {
	if len(r.b) < 8 {
		r.fail("a coordinate")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *snapReader) s() string {
	n := r.u()
	if n > uint64(len(r.b)) {
		r.fail("a text")
		return ""
	}
	v := string(r.b[:n])
	r.b = r.b[n:]
	return v
}

// bytes is a text as a view of the snapshot, for what is parsed, not
// kept.
func (r *snapReader) bytes() []byte {
	n := r.u()
	if n > uint64(len(r.b)) {
		r.fail("a text")
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// strs reads a block of n texts (snapWriter.strs).
func (r *snapReader) strs(what string, n int) []string {
	if got := r.u(); got != uint64(n) || uint64(n) > uint64(len(r.b)) {
		r.fail(what)
		return nil
	}
	lens := make([]int, n)
	total := uint64(0)
	for i := range lens {
		l := r.u()
		total += l
		if l > uint64(len(r.b)) || total > uint64(len(r.b)) {
			r.fail(what)
			return nil
		}
		lens[i] = int(l)
	}
	all := string(r.b[:total])
	r.b = r.b[total:]
	out := make([]string, n)
	for i, l := range lens {
		out[i], all = all[:l], all[l:]
	}
	return out
}

func (r *snapReader) p() orb.Point { return orb.Point{r.f(), r.f()} }

func (r *snapReader) bound() orb.Bound { return orb.Bound{Min: r.p(), Max: r.p()} }

// count reads a count of records of at least min bytes each, refused when
// the bytes left cannot hold them (a hostile count allocates nothing).
func (r *snapReader) count(what string, min int) int {
	n := r.u()
	if n > uint64(len(r.b))/uint64(min) || n > math.MaxInt32 {
		r.fail(what)
		return 0
	}
	return int(n)
}

// index is a position in a table of n records, or n itself for none.
func (r *snapReader) index(n int) int {
	v := r.u()
	if n < 0 || v > uint64(n) {
		r.fail("a position")
		return 0
	}
	return int(v)
}

// below is a position in a table of n records (n > 0).
func (r *snapReader) below(n int) int {
	v := r.u()
	if n <= 0 || v >= uint64(n) {
		r.fail("a position")
		return 0
	}
	return int(v)
}

// codes is a dictionary of administrative codes and postcodes: each
// distinct code once, the records refer to it by position (0: none).
type codes struct {
	admin  map[admin.Code]uint64
	postal map[postal.Code]uint64
	al     []admin.Code
	pl     []postal.Code
}

func (c *codes) a(v admin.Code) uint64 {
	if !v.IsValid() {
		return 0
	}
	k, ok := c.admin[v]
	if !ok {
		c.al = append(c.al, v)
		k = uint64(len(c.al))
		c.admin[v] = k
	}
	return k
}

func (c *codes) pc(v postal.Code) uint64 {
	if !v.IsValid() {
		return 0
	}
	k, ok := c.postal[v]
	if !ok {
		c.pl = append(c.pl, v)
		k = uint64(len(c.pl))
		c.postal[v] = k
	}
	return k
}

// snapshot encodes what Open reads of the registry instead of building
// it again, in chunks. Sections: the dictionaries, the houses, the
// parcels with their index, the findings, the external IDs and the
// bounds, each after its length so that they decode in parallel.
func (r *Registry) snapshot() ([][]byte, error) {
	dict := &codes{admin: map[admin.Code]uint64{}, postal: map[postal.Code]uint64{}}
	n := r.HouseCount()
	var hs snapWriter
	hs.u(uint64(n))
	sources := make([]string, n)
	for i := range n {
		sources[i] = r.house(i).Source
	}
	hs.strs(sources)
	var scratch []byte
	for i := range n {
		h := r.house(i)
		scratch = scratch[:0]
		if h.ID.IsValid() {
			scratch, _ = h.ID.AppendText(scratch)
		}
		hs.s(string(scratch))
		hs.s(h.Number.String())
		hs.u(uint64(h.street.pos))
		hs.f(float64(h.Along))
		hs.p(h.Point)
		hs.p(h.Door)
		hs.u(uint64(h.parcel.pos))
		hs.u(dict.a(h.Commune))
		hs.u(dict.a(h.Legacy))
		hs.u(dict.pc(h.Postcode))
		hs.u(uint64(h.Status))
		hs.i(int64(h.Side))
		day := int64(0)
		if !h.Issued.IsZero() {
			day = h.Issued.Unix()/86400 + 1
		}
		hs.i(day)
	}
	var ps snapWriter
	ps.u(uint64(len(r.parcels)))
	ids := make([]string, len(r.parcels))
	for i := range r.parcels {
		ids[i] = r.parcels[i].ID.String()
	}
	ps.strs(ids)
	for i := range r.parcels {
		p := &r.parcels[i]
		ps.u(dict.a(p.Key.Commune))
		ps.i(int64(p.Key.Sheet))
		ps.i(int64(p.Key.Number))
		ps.u(dict.a(p.Commune))
		if p.Valid {
			ps.u(1)
		} else {
			ps.u(0)
		}
	}
	ps.bound(r.parcelBound)
	if r.parcelIx != nil {
		ps.u(1)
		ps.b = r.parcelIx.AppendBinary(ps.b, func(b []byte, e parcelEntry) []byte {
			return binary.AppendUvarint(b, uint64(e.parcel))
		})
	} else {
		ps.u(0)
	}
	var fs snapWriter
	all := r.allFindings()
	fs.u(uint64(len(all)))
	for _, f := range all {
		fs.s(f.Layer)
		fs.s(f.Record)
		fs.i(int64(f.Index))
		fs.s(string(f.Reason))
		fs.s(f.Evidence)
		fs.s(f.Suggested)
		fs.p(f.Point)
	}
	fs.u(uint64(len(r.byExt)))
	for e, i := range r.byExt {
		fs.s(e.String())
		fs.u(uint64(i))
	}
	fs.bound(r.extent) // the reach is the opener's: its radii
	fs.u(r.nextCounter)
	// The streets' numbers (an alley's, from the house before it), which
	// the build gives them as it numbers the houses.
	fs.u(uint64(len(r.streets)))
	for i := range r.streets {
		fs.s(r.streets[i].Number.String())
	}
	var ds snapWriter
	ds.u(uint64(len(dict.al)))
	for _, c := range dict.al {
		t, err := c.MarshalText()
		if err != nil {
			return nil, fmt.Errorf("%w: code %v: %w", errSnapshot, c, err)
		}
		ds.s(string(t))
	}
	ds.u(uint64(len(dict.pl)))
	for _, c := range dict.pl {
		ds.s(c.String())
	}
	// The header, then each section in chunks of its own: a section of
	// one chunk is decoded where it is read, without a copy.
	head := []byte(snapshotMagic)
	chunks := [][]byte{nil}
	for _, sec := range []*snapWriter{&ds, &hs, &ps, &fs} {
		b, k := sec.b, 0
		for {
			c := b[:min(len(b), snapshotChunk)]
			chunks = append(chunks, c[:len(c):len(c)])
			b, k = b[len(c):], k+1
			if len(b) == 0 {
				break
			}
		}
		head = binary.AppendUvarint(head, uint64(k))
	}
	chunks[0] = head
	return chunks, nil
}

// restoreSnapshot fills r (its small layers built) from the snapshot:
// houses, parcels and their index, findings, external IDs, bounds; then
// makes the tables and indexes the build makes from them.
func (r *Registry) restoreSnapshot(chunks [][]byte) error {
	if len(chunks) == 0 || len(chunks[0]) < len(snapshotMagic) || string(chunks[0][:len(snapshotMagic)]) != snapshotMagic {
		return fmt.Errorf("%w: no header", errSnapshot)
	}
	hd := &snapReader{b: chunks[0][len(snapshotMagic):]}
	var secs [4]*snapReader
	rest := chunks[1:]
	for k := range secs {
		n := hd.u()
		if hd.err != nil || n < 1 || n > uint64(len(rest)) {
			return fmt.Errorf("%w: section %d: %d chunks of %d", errSnapshot, k, n, len(rest))
		}
		b := rest[0]
		if n > 1 {
			b = bytes.Join(rest[:n], nil)
		}
		secs[k], rest = &snapReader{b: b}, rest[n:]
	}
	if len(rest) != 0 || len(hd.b) != 0 {
		return fmt.Errorf("%w: %d chunks after the sections", errSnapshot, len(rest))
	}
	ds, hs, ps, fs := secs[0], secs[1], secs[2], secs[3]
	// The dictionaries.
	al := []admin.Code{{}}
	for range ds.count("codes", 1) {
		var c admin.Code
		if err := c.UnmarshalText([]byte(ds.s())); err != nil && ds.err == nil {
			return fmt.Errorf("%w: code: %w", errSnapshot, err)
		}
		al = append(al, c)
	}
	pl := []postal.Code{{}}
	for range ds.count("postcodes", 1) {
		var c postal.Code
		if err := c.UnmarshalText([]byte(ds.s())); err != nil && ds.err == nil {
			return fmt.Errorf("%w: postcode: %w", errSnapshot, err)
		}
		pl = append(pl, c)
	}
	if ds.err != nil {
		return ds.err
	}
	code := func(r *snapReader) admin.Code { return al[r.index(len(al)-1)] }
	nStreets := len(r.streets)
	// Houses on one goroutine, parcels and their index on another.
	var wg sync.WaitGroup
	var herr, perr error
	wg.Go(func() { herr = r.restoreHouses(hs, code, pl, nStreets) })
	wg.Go(func() { perr = r.restoreParcels(ps, code) })
	wg.Wait()
	if err := errors.Join(herr, perr); err != nil {
		return err
	}
	nh, np := len(r.houses), len(r.parcels)
	for _, h := range r.houses {
		if int(h.parcel.pos) > np {
			return fmt.Errorf("%w: house %s in parcel %d of %d", errSnapshot, h.Source, h.parcel.pos, np)
		}
	}
	// Findings, external IDs, bounds.
	if n := fs.count("findings", 4); n > 0 {
		r.findings = make([]Finding, n) // none: nil, as the build leaves it
	} else {
		r.findings = nil
	}
	for k := range r.findings {
		f := &r.findings[k]
		f.Layer, f.Record, f.Index = fs.s(), fs.s(), int(fs.i())
		f.Reason, f.Evidence, f.Suggested, f.Point = finding.Reason(fs.s()), fs.s(), fs.s(), fs.p()
	}
	r.byExt = map[address.ExternalID]int32{}
	for range fs.count("external IDs", 2) {
		t := fs.s()
		i := fs.below(nh)
		var e address.ExternalID
		if err := e.UnmarshalText([]byte(t)); err != nil && fs.err == nil {
			return fmt.Errorf("%w: external ID %q: %w", errSnapshot, t, err)
		}
		r.byExt[e] = int32(i)
	}
	r.extent = fs.bound()
	r.reach = reach(r.extent, max(r.opts.HouseRadius, r.opts.StreetRadius))
	r.nextCounter = fs.u()
	if ns := fs.u(); ns != uint64(len(r.streets)) && fs.err == nil {
		return fmt.Errorf("%w: %d streets, the layer has %d", errSnapshot, ns, len(r.streets))
	}
	for i := range r.streets {
		if t := fs.s(); t != "" && fs.err == nil {
			num, err := address.ParseHouseNumber(t)
			if err != nil {
				return fmt.Errorf("%w: street %d: number %q: %w", errSnapshot, i, t, err)
			}
			r.streets[i].Number = num
		}
	}
	if fs.err != nil {
		return fs.err
	}
	if len(fs.b) != 0 || len(hs.b) != 0 || len(ps.b) != 0 || len(ds.b) != 0 {
		return fmt.Errorf("%w: bytes left after a section", errSnapshot)
	}
	return r.tables()
}

func (r *Registry) restoreHouses(hs *snapReader, code func(*snapReader) admin.Code, pl []postal.Code, nStreets int) error {
	n := hs.count("houses", 40)
	sources := hs.strs("house ids", n)
	if hs.err != nil {
		return hs.err
	}
	r.houses = make([]House, n)
	// Most numbers are shared by many houses (every street has a 12):
	// each is parsed once.
	numbers := map[string]address.HouseNumber{}
	for i := range r.houses {
		h := &r.houses[i]
		h.ref = HouseAt(i)
		h.Source = sources[i]
		if t := hs.bytes(); len(t) > 0 {
			if err := h.ID.UnmarshalText(t); err != nil {
				return fmt.Errorf("%w: house %d: address ID %q: %w", errSnapshot, i, t, err)
			}
		}
		if t := hs.bytes(); len(t) > 0 {
			num, ok := numbers[string(t)]
			if !ok {
				var err error
				if num, err = address.ParseHouseNumber(string(t)); err != nil {
					return fmt.Errorf("%w: house %d: number %q: %w", errSnapshot, i, t, err)
				}
				numbers[string(t)] = num
			}
			h.Number = num
		}
		h.street = StreetRef{int32(hs.index(nStreets))}
		h.Along = geo.Meters(hs.f())
		h.Point, h.Door = hs.p(), hs.p()
		h.parcel = ParcelRef{int32(hs.u() & math.MaxInt32)}
		h.Commune, h.Legacy = code(hs), code(hs)
		h.Postcode = pl[hs.index(len(pl)-1)]
		h.Status = numbering.Status(hs.u())
		h.Side = geo.Side(hs.i())
		if h.Status > numbering.Grouped || h.Side < geo.SideRight || h.Side > geo.SideLeft {
			return fmt.Errorf("%w: house %d: status %d, side %d", errSnapshot, i, h.Status, h.Side)
		}
		if day := hs.i(); day > 0 {
			h.Issued = time.Unix((day-1)*86400, 0).UTC()
		}
		if hs.err != nil {
			return hs.err
		}
	}
	return nil
}

func (r *Registry) restoreParcels(ps *snapReader, code func(*snapReader) admin.Code) error {
	n := ps.count("parcels", 5)
	ids := ps.strs("parcel IDs", n)
	if ps.err != nil {
		return ps.err
	}
	r.parcels = make([]Parcel, n)
	for i := range r.parcels {
		p := &r.parcels[i]
		p.ref = ParcelAt(i)
		p.Key.Commune = code(ps)
		p.Key.Sheet, p.Key.Number = int(ps.i()), int(ps.i())
		if t := ids[i]; t != "" {
			id, err := address.ParseParcelID(t)
			if err != nil {
				return fmt.Errorf("%w: parcel %d: parcel ID %q: %w", errSnapshot, i, t, err)
			}
			p.ID = id
		}
		p.Commune = code(ps)
		p.Valid = ps.u() == 1
		if ps.err != nil {
			return ps.err
		}
	}
	r.parcelBound = ps.bound()
	if ps.u() == 1 && ps.err == nil {
		ix, rest, err := index.DecodePolygonIndex(ps.b, func(b []byte) (parcelEntry, []byte, error) {
			v, k := binary.Uvarint(b)
			if k <= 0 || v >= uint64(n) {
				return parcelEntry{}, nil, errors.New("parcel position")
			}
			return parcelEntry{parcel: int32(v)}, b[k:], nil
		})
		if err != nil {
			return fmt.Errorf("%w: parcel index: %w", errSnapshot, err)
		}
		r.parcelIx, ps.b = ix, rest
	}
	return ps.err
}

// tables makes what the build derives from the houses and parcels: the
// hash tables (the first record of a key holds it, as in the build), the
// houses of each parcel and street, the parcel index's houses, and the
// point index of the houses; each on a core of its own.
func (r *Registry) tables() error {
	n := len(r.houses)
	var wg sync.WaitGroup
	var ixErr error
	wg.Go(func() {
		r.byKey, r.byParcelID = newTable(len(r.parcels)), newTable(len(r.parcels))
		for i := range r.parcels {
			p := &r.parcels[i]
			if p.Key.Commune.IsValid() {
				if _, dup := r.parcelByKey(p.Key); !dup {
					r.byKey.add(hashOf(p.Key), i)
				}
			}
			if p.ID.IsValid() {
				if _, dup := r.parcelByID(p.ID); !dup {
					r.byParcelID.add(hashOf(p.ID), i)
				}
			}
		}
	})
	wg.Go(func() {
		r.bySource = newTable(n)
		for i := range r.houses {
			src := r.houses[i].Source
			if _, dup := r.houseBySource(src); !dup {
				r.bySource.add(hashOf(src), i)
			}
		}
	})
	wg.Go(func() {
		r.byID = newTable(n)
		for i := range r.houses {
			if id := r.houses[i].ID; id.IsValid() {
				if _, dup := r.houseByID(id); !dup {
					r.byID.add(hashOf(id), i)
				}
			}
		}
	})
	wg.Go(func() {
		r.byText = newTable(n)
		for i := range r.houses {
			if key, ok := r.textKey(i); ok {
				r.byText.add(hashOf(key), i)
			}
		}
	})
	wg.Go(func() {
		for i := range r.houses {
			if h := &r.houses[i]; h.Point != (orb.Point{}) {
				if err := r.houseIx.Insert(h.Point, int32(i)); err != nil {
					ixErr = fmt.Errorf("%w: house %s: %w", errSnapshot, h.Source, err)
					return
				}
			}
		}
		r.houseIx.Prepare()
	})
	wg.Go(func() {
		r.parcelStart, r.onParcel = housesBy(r.houses, len(r.parcels), func(h *House) (int, bool) { return h.parcel.Index() })
		r.streetStart, r.onStreet = housesBy(r.houses, len(r.streets), func(h *House) (int, bool) { return h.street.Index() })
		if r.parcelIx != nil {
			r.parcelHousesIndexed()
		}
	})
	wg.Wait()
	return ixErr
}

// wholeFile reads the file of a registry opened from its snapshot whole,
// once, for what the snapshot does not hold.
type wholeFile struct {
	path string
	key  []byte
	opts Options
	info os.FileInfo // the file as opened: a file changed since is refused
	mu   sync.Mutex
	r    *Registry
}

// ErrChanged: a registry opened from its snapshot needs its file whole
// (for a change, Save or Source) and the file changed since it was
// opened.
var ErrChanged = errors.New("registry: the file changed since it was opened")

// get reads the file whole (Open as it was before snapshots), the first
// time it is needed; a failure is not kept, so a cancelled read can be
// tried again.
func (w *wholeFile) get(ctx context.Context) (*Registry, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.r != nil {
		return w.r, nil
	}
	fi, err := os.Stat(w.path)
	if err != nil {
		return nil, fmt.Errorf("registry: reading %s whole: %w", w.path, err)
	}
	if !os.SameFile(fi, w.info) || fi.Size() != w.info.Size() || !fi.ModTime().Equal(w.info.ModTime()) {
		return nil, fmt.Errorf("%w: %s", ErrChanged, w.path)
	}
	r, err := openWhole(ctx, w.path, w.key, w.opts)
	if err != nil {
		return nil, err
	}
	w.r = r
	return r, nil
}

// Whole returns the registry with its source layers: r itself, or, for
// a registry opened from its snapshot (Open), its file read whole and
// built again, once (a minute at a million houses), every row checked
// as Open checked them before snapshots. The first change, Save, Source
// or GeoJSON export of such a registry calls it; a caller that needs the
// source layers and wants the error (a file changed since it was opened,
// ErrChanged; a row damaged, gpkg's ErrCorrupt) calls it first.
func (r *Registry) Whole(ctx context.Context) (*Registry, error) { return r.whole(ctx) }

// whole is the registry with everything a change needs: r itself, or
// for a registry opened from its snapshot, its file read whole.
func (r *Registry) whole(ctx context.Context) (*Registry, error) {
	if r.lazy == nil {
		return r, nil
	}
	return r.lazy.get(ctx)
}

// errNoSnapshot: the file has no snapshot this version reads.
var errNoSnapshot = errors.New("registry: no snapshot")

// openSnapshot opens a saved registry from its snapshot, or gives
// errNoSnapshot for a file to read whole.
func openSnapshot(ctx context.Context, path string, key []byte, opts Options) (*Registry, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	f, err := gpkg.OpenPartial(ctx, path, key)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	defer f.Close()
	version := ""
	for _, kv := range f.Meta() {
		if kv[0] == metaSnapshot {
			version = kv[1]
		}
	}
	// A file changed since it was written (edited in a GIS, a style
	// saved, vacuumed) is read whole: the snapshot may no longer be what
	// its layers hold, and reading whole checks every row.
	if !f.HasSnapshot() || version != snapshotVersion || !f.Unchanged() {
		return nil, errNoSnapshot
	}
	// The snapshot is read while the small layers are built.
	var chunks [][]byte
	var snapErr error
	read := make(chan struct{})
	go func() {
		defer close(read)
		chunks, snapErr = f.Snapshot(ctx)
	}()
	s, err := openSaved(ctx, path, f, key, opts)
	<-read
	if err != nil {
		return nil, err
	}
	if snapErr != nil {
		return nil, fmt.Errorf("registry: %w", snapErr)
	}
	r := s.r
	ledger := &Ledger{reg: r, alleys: map[string]address.HouseNumber{}}
	for _, name := range []string{LayerHistory, LayerRetired} {
		l, ok := f.Layer(name)
		if !ok {
			continue
		}
		rows, err := f.All(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("registry: %w", err)
		}
		for _, row := range rows {
			l.Features = append(l.Features, row.Feature)
		}
		read := readHistory
		if name == LayerRetired {
			read = readRetired
		}
		if err := read(path, &l, ledger); err != nil {
			return nil, err
		}
	}
	if err := r.restoreSnapshot(chunks); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrSchema, path, err)
	}
	for i := range r.streets {
		if st := &r.streets[i]; st.parent.pos > 0 && st.Number.IsValid() {
			ledger.alleys[st.ID] = st.Number
		}
	}
	ledger.next = r.nextCounter
	r.ledger = ledger
	r.src = Source{CRS: r.sourceCRS}
	r.sealed = s.sealed
	r.lazy = &wholeFile{path: path, key: key, opts: opts, info: info}
	return r, nil
}
