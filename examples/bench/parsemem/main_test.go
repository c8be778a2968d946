package main

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
)

// TestMeasureLoadsEverything: once measure has run, nothing the parser
// loads on first use is left to load, so the memory it reports is all of
// it: another misspelt address, formatted, allocates what a parse does.
func TestMeasureLoadsEverything(t *testing.T) {
	m, err := measure()
	require.NoError(t, err)
	assert.Greater(t, m.held, int64(1<<20))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	a, err := address.Parse("Số 7 Đường Nguyễn Huệ, Phường Bến Nghéé, Quận 1, TPHCM")
	require.NoError(t, err)
	_ = address.Format(a, address.Official)
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<10), "a parse after measure loaded more tables")
}
