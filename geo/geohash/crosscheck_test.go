package geohash_test

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/geohash"
)

// TestCrossCheckNgeohash compares with ngeohash on 3,000 random points at
// every precision (testdata/geohash/crosscheck.csv): same hash, same cell.
func TestCrossCheckNgeohash(t *testing.T) {
	f, err := os.Open("../../testdata/geohash/crosscheck.csv")
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	require.NoError(t, err)
	rows = rows[1:]
	require.Len(t, rows, 3000)
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err)
		return v
	}
	for _, row := range rows {
		prec, err := strconv.Atoi(row[2])
		require.NoError(t, err)
		h, err := geohash.Encode(num(row[0]), num(row[1]), prec)
		require.NoError(t, err)
		require.Equal(t, row[3], h.String(), "%v", row)
		b := h.Box()
		for i, v := range []float64{b.MinLat, b.MinLng, b.MaxLat, b.MaxLng} {
			require.InDelta(t, num(row[4+i]), v, 1e-12, "%v", row)
		}
	}
}
