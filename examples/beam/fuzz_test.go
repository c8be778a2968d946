package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzShard runs a shard of any bytes through the first and third stages
// as a worker does (no shuffle: the shard is alone): a shard is either
// refused with an *inputError or cleaned into exactly one output row per
// row read, each with a status, and no temporary file is left.
func FuzzShard(f *testing.F) {
	f.Add([]byte("id,address\n1,\"12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh\"\n2,\"12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh\"\n"))
	f.Add([]byte("address\n\"unbalanced\nx\n\n\xff\xfe\n"))
	f.Add([]byte("a;b\n1;2;3\n"))
	f.Add([]byte("id\r1\r"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := testCleanConfig(filepath.Join(dir, "out"))
		ctx := context.Background()
		firsts := map[string]int{}
		info, err := cleanShard(ctx, cfg, shard{0, path}, func(k string, r firstRef) { firsts[k] = r.Row })
		if err != nil {
			var ie *inputError
			if !errors.As(err, &ie) {
				t.Fatalf("%v is not an input error", err)
			}
			return
		}
		parts, err := writeShard(ctx, cfg, info, 0, 0, 1, map[uint64]int{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.ReadFile(outName(cfg.Out, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		if info.Header == nil {
			if len(out) != 0 || info.Rows != 0 {
				t.Fatalf("a shard without a header gave %d rows", info.Rows)
			}
			return
		}
		recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != info.Rows+1 {
			t.Fatalf("%d output rows for %d rows read", len(recs)-1, info.Rows)
		}
		status := slices.Index(recs[0], "status")
		n := 0
		for _, r := range recs[1:] {
			if r[status] == "" {
				t.Fatalf("a row without a status: %q", r)
			}
		}
		for _, p := range parts {
			n += p.Rows
		}
		if n != info.Rows {
			t.Fatalf("the summary counts %d rows of %d", n, info.Rows)
		}
		if _, err := os.Stat(info.Temp); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("temporary file left: %v", err)
		}
	})
}
