package registry_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/town/golden/* from the registry built now")

// TestTownGolden holds what the registry makes of the sample town, house
// by house and finding by finding: numbers, address IDs (demo key), Plus
// Codes, streets, parcels, communes, postcodes, positions to a millimetre
// and every finding with its evidence. A change of any of them is a change
// of behaviour, to be made on purpose (-update-golden) and reviewed in the
// diff of the golden files.
func TestTownGolden(t *testing.T) {
	ctx := context.Background()
	src, err := registry.LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	require.NoError(t, err)
	reg, err := registry.Build(ctx, src, registry.Options{DemoKey: true})
	require.NoError(t, err)

	var houses bytes.Buffer
	fmt.Fprintln(&houses, "source\tid\tnumber\tstreet\talong_mm\tlon\tlat\tdoor_lon\tdoor_lat\tparcel\tparcel_id\tcommune\tlegacy\tpostcode\tstatus\tside\tplus_code\taddress")
	for h := range reg.Houses() {
		street, parcel, pid := "", "", ""
		if ref, ok := h.Street(); ok {
			s, _ := reg.Street(ref)
			street = s.ID
		}
		if ref, ok := h.Parcel(); ok {
			p, _ := reg.Parcel(ref)
			parcel, pid = p.Key.String(), p.ID.String()
		}
		fmt.Fprintf(&houses, "%s\t%s\t%s\t%s\t%.0f\t%.9f\t%.9f\t%.9f\t%.9f\t%s\t%s\t%v\t%v\t%v\t%v\t%v\t%s\t%s\n",
			h.Source, h.ID, h.Number, street, float64(h.Along)*1000, h.Point[0], h.Point[1], h.Door[0], h.Door[1],
			parcel, pid, h.Commune, h.Legacy, h.Postcode, h.Status, h.Side, reg.PlusCode(h), address.Format(reg.Address(h), address.Official))
	}
	var findings bytes.Buffer
	require.NoError(t, reg.WriteFindingsCSV(&findings, finding.Vietnamese))

	dir := filepath.Join("..", "..", "testdata", "town", "golden")
	for name, got := range map[string][]byte{"houses.tsv": houses.Bytes(), "findings.csv": findings.Bytes()} {
		path := filepath.Join(dir, name)
		if *updateGolden {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run with -update-golden to write it")
		if !bytes.Equal(got, want) {
			gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
			for i := 0; i < len(gl) && i < len(wl); i++ {
				if !bytes.Equal(gl[i], wl[i]) {
					t.Fatalf("%s differs from line %d:\n got  %s\n want %s", name, i+1, gl[i], wl[i])
				}
			}
			t.Fatalf("%s: %d lines, want %d", name, len(gl), len(wl))
		}
	}
}
