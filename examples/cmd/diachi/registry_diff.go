package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/diachi-vn/diachi/address/registry"
)

const registryDiffUsage = `usage: diachi registry diff --gpkg FILE.gpkg

Says what was edited in a saved registry file outside diachi (in QGIS,
with GDAL, in SQL) since it was saved: for each layer edited, the rows
changed, added and deleted (by fid, with the building, street or parcel
each is) and the columns changed. The file's seal says whether anything
changed; diff says what. To take the edits in, build from the file
(diachi registry build --in FILE.gpkg): each edit is a finding of the
input, the records are validated again and the houses keep their numbers
and address IDs.

Exit status: 0 when the file is as saved; 1 when it was edited (the edits
are printed), or when it cannot be read or keeps no row hashes (saved by
an earlier diachi); 2 for a usage error.`

func runRegistryDiff(args []string, stdout, stderr io.Writer) int {
	rf := newRegistryFlags("registry diff", registryDiffUsage, stderr, false)
	if _, status, ok := rf.parse(args, stderr); !ok {
		return status
	}
	path := rf.path
	edits, err := registry.Edits(context.Background(), *path)
	if errors.Is(err, registry.ErrNoRowHashes) {
		fmt.Fprintf(stderr, "diachi registry diff: %s keeps no row hashes (saved by an earlier diachi): what changed cannot be told\n", *path)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "diachi registry diff: %v\n", err)
		return 1
	}
	if len(edits) == 0 {
		fmt.Fprintf(stdout, "%s: no edits since it was saved\n", *path)
		return 0
	}
	for _, e := range edits {
		fmt.Fprintln(stdout, e)
		for _, rows := range []struct {
			how  string
			rows []registry.EditedRow
		}{{"changed", e.Changed}, {"added", e.Added}, {"deleted", e.Deleted}} {
			for _, r := range rows.rows {
				if r.Record != "" {
					fmt.Fprintf(stdout, "  %s fid %d %s\n", rows.how, r.FID, r.Record)
				} else {
					fmt.Fprintf(stdout, "  %s fid %d\n", rows.how, r.FID)
				}
			}
		}
	}
	return 1
}
