package gpkg

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
)

// Parts: a file read in part is checked in part.
//
// The digest covers the whole file, so checking it means reading every
// row. Beside it, each file keeps the digest of each part on its own (in
// diachi_meta, key "parts"): of each layer (its fields and rows, hashed
// as the digest hashes them), of the metadata tables, and of the
// snapshot, a table of opaque chunks (diachi_snapshot) an application
// reads back instead of its million rows. Given a key, the parts carry a
// seal of their own ("parts_seal", over the parts and the application
// metadata), so that a reader of a few parts (Partial) checks what it
// reads against the seal without reading the rest: the metadata and the
// metadata tables on opening, a whole layer as All reads it, the
// snapshot as Snapshot reads it. Rows read by Search or Rows are not
// checked: a part is checked whole or not at all.

// snapshotTable holds the snapshot's chunks, in order of seq.
const snapshotTable = "diachi_snapshot"

// ErrNoSnapshot: the file has no snapshot (written without one, or
// before files kept one).
var ErrNoSnapshot = errors.New("gpkg: the file has no snapshot")

// layerHash is the hash of one layer on its own, as the digest takes it.
func layerHash(l *Layer) hash.Hash {
	h := sha256.New()
	hashLayer(h, *l)
	return h
}

// snapshotDigest is the digest of the snapshot's chunks.
func snapshotDigest(chunks [][]byte) string {
	h := sha256.New()
	for _, c := range chunks {
		hashChunk(h, c)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hashChunk feeds the snapshot's digest with one chunk, after its length.
func hashChunk(h hash.Hash, c []byte) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(c)))
	h.Write(n[:])
	h.Write(c)
}

// partsText writes the parts' digests, one "kind name digest" a line in
// a fixed order.
func partsText(layers [][2]string, tables, snapshot string) string {
	var b strings.Builder
	for _, l := range layers {
		fmt.Fprintf(&b, "layer %s %s\n", l[0], l[1])
	}
	fmt.Fprintf(&b, "tables - %s\n", tables)
	if snapshot != "" {
		fmt.Fprintf(&b, "snapshot - %s\n", snapshot)
	}
	return b.String()
}

// parsedParts is the "parts" row read back.
type parsedParts struct {
	layers   map[string]string
	tables   string
	snapshot string
}

func parseParts(s string) (parsedParts, error) {
	p := parsedParts{layers: map[string]string{}}
	for line := range strings.Lines(s) {
		f := strings.Fields(line)
		if len(f) != 3 || len(f[2]) != 64 {
			return p, fmt.Errorf("parts: line %q", strings.TrimSpace(line))
		}
		switch f[0] {
		case "layer":
			p.layers[f[1]] = f[2]
		case "tables":
			p.tables = f[2]
		case "snapshot":
			p.snapshot = f[2]
		default:
			return p, fmt.Errorf("parts: line %q", strings.TrimSpace(line))
		}
	}
	if p.tables == "" {
		return p, errors.New("parts: no digest of the metadata tables")
	}
	return p, nil
}

// partsSeal seals the parts, the application metadata (all of
// diachi_meta but the rows this package writes itself) and the change
// counter the file was left with (written_counter): a file changed and
// its counter set back by anyone without the key is refused.
func partsSeal(key []byte, parts string, meta [][2]string, counter string) string {
	h := sha256.New()
	h.Write([]byte("diachi gpkg parts v1\x00"))
	var n [8]byte
	for _, t := range []string{parts, counter} {
		binary.LittleEndian.PutUint64(n[:], uint64(len(t)))
		h.Write(n[:])
		h.Write([]byte(t))
	}
	hashMeta(h, meta)
	return seal(key, h.Sum(nil))
}

// tablesDigest is the digest of the metadata tables alone.
func tablesDigest(ctx context.Context, q querier) (string, error) {
	h := sha256.New()
	if err := hashTables(ctx, q, h); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeSnapshot creates the snapshot table and writes the chunks.
func writeSnapshot(ctx context.Context, tx *sql.Tx, chunks [][]byte) error {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE `+snapshotTable+` (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)`); err != nil {
		return err
	}
	for i, c := range chunks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+snapshotTable+` VALUES (?, ?)`, i, c); err != nil {
			return err
		}
	}
	return nil
}

// checkParts is Partial's check of the parts on opening: their seal
// (given a key) over the parts and the application metadata, and the
// metadata tables against their digest. A file without parts (written
// before files kept them) passes, and its layers are read unchecked.
func (p *Partial) checkParts(ctx context.Context, key []byte) error {
	s, ok := p.meta["parts"]
	if !ok {
		return nil
	}
	parts, err := parseParts(s)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, p.path, err)
	}
	if key != nil {
		var extra [][2]string
		for k, v := range p.meta {
			if !reserved[k] {
				extra = append(extra, [2]string{k, v})
			}
		}
		if ps := p.meta["parts_seal"]; !hmac.Equal([]byte(ps), []byte(partsSeal(key, s, extra, p.meta["written_counter"]))) {
			return fmt.Errorf("%s: %w: its parts or metadata do not match their seal: changed since it was written", p.path, ErrTampered)
		}
	}
	got, err := tablesDigest(ctx, p.db)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, p.path, err)
	}
	if got != parts.tables {
		return p.changed("its metadata tables")
	}
	p.parts = &parts
	return nil
}

// changed is the error for a part that does not match its digest:
// tampering when the parts were sealed and checked with a key, damage
// otherwise.
func (p *Partial) changed(what string) error {
	if p.keyed {
		return fmt.Errorf("%s: %w: %s changed since it was written", p.path, ErrTampered, what)
	}
	return fmt.Errorf("%w: %s: %s does not match its digest: the file was altered", ErrCorrupt, p.path, what)
}

// Snapshot reads the snapshot's chunks, checked against their digest
// (sealed, when the file was opened with a key). A file without one
// gives ErrNoSnapshot.
func (p *Partial) Snapshot(ctx context.Context) ([][]byte, error) {
	if p.parts == nil || p.parts.snapshot == "" {
		return nil, fmt.Errorf("%s: %w", p.path, ErrNoSnapshot)
	}
	rs, err := p.db.QueryContext(ctx, `SELECT seq, data FROM `+snapshotTable+` ORDER BY seq`)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %s: snapshot: %v", ErrCorrupt, p.path, err)
	}
	defer rs.Close()
	var chunks [][]byte
	for rs.Next() {
		var seq int64
		var c []byte
		if err := rs.Scan(&seq, &c); err != nil {
			return nil, fmt.Errorf("%w: %s: snapshot: %v", ErrCorrupt, p.path, err)
		}
		if seq != int64(len(chunks)) {
			return nil, p.changed("its snapshot")
		}
		chunks = append(chunks, c) // Scan copied it
	}
	if err := rs.Err(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %s: snapshot: %v", ErrCorrupt, p.path, err)
	}
	if snapshotDigest(chunks) != p.parts.snapshot {
		return nil, p.changed("its snapshot")
	}
	return chunks, nil
}

// HasSnapshot reports whether the file keeps a snapshot.
func (p *Partial) HasSnapshot() bool { return p.parts != nil && p.parts.snapshot != "" }

// layerChecked is the digest a whole layer read by All must have, when
// the file keeps it.
func (p *Partial) layerChecked(layer string) (string, bool) {
	if p.parts == nil {
		return "", false
	}
	d, ok := p.parts.layers[layer]
	return d, ok
}

// SQLite counts the transactions that change a file in its header (the
// file change counter, bytes 24-27, in the rollback journal modes this
// package writes in). The writer records, in a last transaction of its
// own, the count that transaction leaves ("written_counter"): a file
// whose header counts otherwise, or that an editor turned to WAL mode
// (header bytes 18-19), was changed by something since it was written,
// be it a row, a style or a VACUUM. Partial.Unchanged says so without
// reading a row, so that a reader of a few parts can read a changed file
// whole instead. A byte changed on the disk, outside SQLite, is not seen
// by it: the digests are.

// fileCounter is the file change counter of a SQLite header.
func fileCounter(head []byte) uint32 {
	return uint32(head[24])<<24 | uint32(head[25])<<16 | uint32(head[26])<<8 | uint32(head[27])
}

// recordCounter writes, in one last transaction, the change counter the
// file will have once that transaction is written and, given the key, the
// parts' seal over it.
func recordCounter(ctx context.Context, db *sql.DB, path string, key []byte, meta [][2]string) error {
	head, err := readHeader(path, ErrCorrupt)
	if err != nil {
		return err
	}
	var parts string
	if err := db.QueryRowContext(ctx, `SELECT value FROM diachi_meta WHERE key = 'parts'`).Scan(&parts); err != nil {
		return err
	}
	counter := strconv.FormatUint(uint64(fileCounter(head))+1, 10)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO diachi_meta VALUES ('written_counter', ?)`, counter); err != nil {
		return err
	}
	if key != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO diachi_meta VALUES ('parts_seal', ?)`, partsSeal(key, parts, meta, counter)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Unchanged reports whether the file is as it was written, as far as
// SQLite's change counter tells (see above); false for a file written
// before files recorded it.
func (p *Partial) Unchanged() bool { return p.unchanged }

// checkPartsWhole checks the parts of a file read whole against what the
// read computed: each layer's digest, the metadata tables', the
// snapshot's (read for it) and, given a key, their seal. A file read
// whole is so refused when any part a partial reader would trust
// disagrees with it.
func checkPartsWhole(ctx context.Context, db *sql.DB, meta map[string]string, extra [][2]string, layerSums map[string]string, key []byte) error {
	text, ok := meta["parts"]
	if !ok {
		return nil // written before files kept parts
	}
	bad := func(what string) error {
		if key != nil {
			return fmt.Errorf("%w: %s does not match its digest among the parts", ErrTampered, what)
		}
		return fmt.Errorf("%s does not match its digest among the parts: the file was altered", what)
	}
	parts, err := parseParts(text)
	if err != nil {
		return err
	}
	if key != nil && !hmac.Equal([]byte(meta["parts_seal"]), []byte(partsSeal(key, text, extra, meta["written_counter"]))) {
		return fmt.Errorf("%w: its parts do not match their seal", ErrTampered)
	}
	if len(parts.layers) != len(layerSums) {
		return bad("the list of layers")
	}
	for name, sum := range layerSums {
		if parts.layers[name] != sum {
			return bad("layer " + name)
		}
	}
	tables, err := tablesDigest(ctx, db)
	if err != nil {
		return err
	}
	if tables != parts.tables {
		return bad("the metadata tables")
	}
	if parts.snapshot == "" {
		return nil
	}
	rs, err := db.QueryContext(ctx, `SELECT seq, data FROM `+snapshotTable+` ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rs.Close()
	h := sha256.New()
	for k := int64(0); rs.Next(); k++ {
		var seq int64
		var c sql.RawBytes
		if err := rs.Scan(&seq, &c); err != nil {
			return err
		}
		if seq != k {
			return bad("the snapshot")
		}
		hashChunk(h, c)
	}
	if err := rs.Err(); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != parts.snapshot {
		return bad("the snapshot")
	}
	return nil
}
