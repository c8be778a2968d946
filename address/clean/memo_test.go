package clean_test

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/clean"
	"github.com/diachi-vn/diachi/address/vnenc"
	"github.com/stretchr/testify/require"
)

// memoRows are rows as a register holds them: addresses met again, near
// and far, some only after others have taken their place in a small memo;
// the same text decoded from an old encoding and not; text with a line
// break; rows that fail.
func memoRows(tb testing.TB) [][]string {
	// The whole noisy set with DIACHI_EXHAUSTIVE=1; its first 1,200
	// addresses otherwise, 500 with -short.
	noisy := benchRows(tb)
	switch {
	case os.Getenv("DIACHI_EXHAUSTIVE") != "":
	case testing.Short():
		noisy = noisy[:500]
	default:
		noisy = noisy[:1200]
	}
	var rows [][]string
	add := func(cols ...string) { rows = append(rows, append([]string{fmt.Sprint(len(rows) + 1)}, cols...)) }
	for i, r := range noisy {
		add(r[1], "")
		if i%3 == 0 {
			add(r[1], "") // the next member of the household
		}
		if i%7 == 0 && i >= 50 {
			add(noisy[i-50][1], "") // met again further on
		}
		if i%11 == 0 {
			add(r[1]+"\n", "") // a cell with a line break: the same text once read
			add(r[1], "ghi chú")
		}
	}
	add("", "")
	add("Xã\x00 Tân Lĩnh", "")
	add("Xã Tân Lĩnh, Lào Cai", "")
	add("Xã Tân Lĩnh, Lào Cai", "")
	return rows
}

// cleanAll cleans rows with c (decoded from TCVN3 when the row number is a
// multiple of 5, as a file put together from two exports would be).
func cleanAll(c *clean.Cleaner, rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		var row clean.Row
		if i%5 == 0 {
			row = c.CleanDecoded(r, vnenc.TCVN3)
		} else {
			row = c.Clean(r)
		}
		out[i] = append(row.Out, row.Status, row.Province, fmt.Sprint(row.Key), fmt.Sprint(row.Converted))
	}
	return out
}

// TestMemoSameOutput: the memo changes nothing a row gives, whatever its
// size (one slot: every address evicts the one before), in every unit
// mode, with one address column or two.
func TestMemoSameOutput(t *testing.T) {
	rows := memoRows(t)
	for _, units := range []address.UnitsMode{address.UnitsAuto, address.Units2025, address.UnitsLegacy} {
		for _, cols := range [][]string{{"address"}, {"address", "note"}} {
			header := []string{"id", "address", "note"}
			none, err := clean.New(header, clean.Options{Columns: cols, Units: units, Memo: -1})
			require.NoError(t, err)
			want := cleanAll(none, rows)
			for _, size := range []int{0, 1, 64} {
				c, err := clean.New(header, clean.Options{Columns: cols, Units: units, Memo: size})
				require.NoError(t, err)
				got := cleanAll(c, rows)
				for i := range want {
					require.Equal(t, want[i], got[i], "units %v, columns %v, memo %d, row %d", units, cols, size, i+1)
				}
			}
		}
	}
}

// TestMemoConcurrent: goroutines sharing a Cleaner, and so its memo, each
// get the rows a Cleaner without one gives (run with -race).
func TestMemoConcurrent(t *testing.T) {
	rows := memoRows(t)
	if len(rows) > 1500 {
		rows = rows[:1500]
	}
	header := []string{"id", "address", "note"}
	none, err := clean.New(header, clean.Options{Memo: -1})
	require.NoError(t, err)
	want := cleanAll(none, rows)
	c, err := clean.New(header, clean.Options{Memo: 16})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for g := range errs {
		wg.Go(func() {
			// Each goroutine goes through the rows from another start, so
			// that they meet in the memo's slots.
			for k := range rows {
				i := (k + g*len(rows)/len(errs)) % len(rows)
				var r clean.Row
				if i%5 == 0 {
					r = c.CleanDecoded(rows[i], vnenc.TCVN3)
				} else {
					r = c.Clean(rows[i])
				}
				got := append(r.Out, r.Status, r.Province, fmt.Sprint(r.Key), fmt.Sprint(r.Converted))
				if fmt.Sprint(got) != fmt.Sprint(want[i]) {
					errs[g] = fmt.Errorf("goroutine %d, row %d: %q, want %q", g, i+1, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}

// TestMemoRowsOwnCells: a row answered from the memo is the caller's to
// change (duplicate_of is written into it) without changing the next one.
func TestMemoRowsOwnCells(t *testing.T) {
	c, err := clean.New([]string{"address"}, clean.Options{})
	require.NoError(t, err)
	a := c.Clean([]string{"Số 5 Lê Lợi, Phường Sài Gòn, TP Hồ Chí Minh"})
	a.SetDuplicateOf(7)
	b := c.Clean([]string{"Số 5 Lê Lợi, Phường Sài Gòn, TP Hồ Chí Minh"})
	require.Equal(t, "", b.DuplicateOf())
	require.Equal(t, "7", a.DuplicateOf())
	b.SetDuplicateOf(9)
	require.Equal(t, "7", a.DuplicateOf())
}
