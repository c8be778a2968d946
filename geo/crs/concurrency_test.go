package crs_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/geo/crs"
)

// TestConcurrentUse shares one Transformer and one Projection among many
// goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	tr, err := crs.NewTransformer(crs.WGS84, crs.TM3_10545, crs.WithMekong5194())
	require.NoError(t, err)
	pr, err := crs.NewProjection(crs.TM3_10545)
	require.NoError(t, err)
	pts := benchPoints(2000)
	want := make([][2]float64, len(pts))
	for i, p := range pts {
		want[i][0], want[i][1], err = tr.Transform(p[1], p[0])
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			dst := make([]crs.GridPoint, 0, len(pts))
			for i := range pts {
				j := (i + g*250) % len(pts)
				a, b, err := tr.Transform(pts[j][1], pts[j][0])
				if err != nil || a != want[j][0] || b != want[j][1] {
					errs <- err
					return
				}
			}
			if _, err := pr.ForwardSlice(dst, pts); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent use gave a different answer or an error: %v", err)
	}
}
