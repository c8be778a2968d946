package registry

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// sampleTown builds the sample town (testdata/town) with the demo key.
func sampleTown(t testing.TB) *Registry {
	t.Helper()
	ctx := context.Background()
	src, err := LoadDir(ctx, filepath.Join("..", "..", "testdata", "town"), 0)
	require.NoError(t, err)
	reg, err := Build(ctx, src, Options{DemoKey: true})
	require.NoError(t, err)
	return reg
}
