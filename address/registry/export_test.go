package registry

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// For the external tests (package registry_test), which may use the
// generated towns (towngen imports this package).

// AddFast is Add of one building; fast reports whether it was added
// without a rebuild.
func AddFast(ctx context.Context, r *Registry, c Change, f Feature) (next *Registry, fast bool, err error) {
	next, err = r.add(ctx, c, true, f)
	if err != nil {
		return nil, false, err
	}
	return next, next.more.count() == r.more.count()+1, nil
}

// AddRebuilt is Add of one building by a rebuild.
func AddRebuilt(ctx context.Context, r *Registry, c Change, f Feature) (*Registry, error) {
	return r.add(ctx, c, false, f)
}

// SameAnswers is sameAnswers (fast_internal_test.go), saves included.
func SameAnswers(t *testing.T, what string, a, b *Registry, seed uint64) {
	t.Helper()
	sameAnswers(t, what, a, b, rand.New(rand.NewPCG(seed, 18)), true)
}

// SameRecords compares what two registries hold: every house, the
// findings and the history (SameAnswers also asks every query).
func SameRecords(t *testing.T, what string, a, b *Registry) {
	t.Helper()
	require.Equal(t, a.HouseCount(), b.HouseCount(), what)
	for i := range a.HouseCount() {
		require.Equal(t, *a.house(i), *b.house(i), what)
	}
	require.Equal(t, a.Findings(), b.Findings(), what)
	require.Equal(t, a.History(), b.History(), what)
}
