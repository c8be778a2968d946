package registry_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/testdata/gen/town/towngen"
)

// TestFastAddSharedAddress: a house added without a rebuild whose full
// address (number, street name, commune) a house of the build has, on
// another street of the same name: the finding about both is made as a
// rebuild makes it, the one about the house of the build in its place
// among that house's findings. The generated town has such streets;
// lots are added a metre east of numbered houses, in turn, until adds
// sharing an address with a house of the build and with one added before
// are found, each compared with the rebuild.
func TestFastAddSharedAddress(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds a generated town and rebuilds it at each such add")
	}
	blocks, want, same := 10, 2, registry.SameRecords
	if os.Getenv("DIACHI_EXHAUSTIVE") != "" {
		blocks, want = 14, 8
		same = func(t *testing.T, what string, a, b *registry.Registry) { registry.SameAnswers(t, what, a, b, 1) }
	}
	ctx := context.Background()
	day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tw, err := towngen.Generate(ctx, towngen.Config{Seed: 7, Cols: blocks, Rows: blocks, ParcelIDs: true})
	require.NoError(t, err)
	reg, err := registry.Build(ctx, tw.Source, registry.Options{DemoKey: true, Clock: func() time.Time { return day0 }})
	require.NoError(t, err)
	type spot struct {
		at     orb.Point
		street string
	}
	var spots []spot
	for _, f := range tw.Source.Buildings {
		if h, ok := reg.BySource(f.Props.String("id")); ok && h.Number.IsValid() && f.Geometry != nil {
			if s, ok := h.Street(); ok {
				st, _ := reg.Street(s)
				spots = append(spots, spot{f.Geometry.Bound().Center(), st.ID})
			}
		}
	}
	rand.New(rand.NewPCG(4, 18)).Shuffle(len(spots), func(i, j int) { spots[i], spots[j] = spots[j], spots[i] })
	c := registry.Change{Date: day0.AddDate(0, 0, 1)}
	shared := 0
	kinds := map[bool]int{} // by whether the other house was added too
	for k, sp := range spots {
		if shared >= want && kinds[true] > 0 && kinds[false] > 0 {
			break
		}
		lot := registry.Feature{Geometry: orb.Point{sp.at[0] + 1, sp.at[1]}, Props: registry.Props{
			{Key: "id", Value: fmt.Sprintf("lot-%d", k)}, {Key: "street", Value: sp.street}, {Key: "planned", Value: true}}}
		next, fast, err := registry.AddFast(ctx, reg, c, lot)
		if err != nil || !fast {
			continue
		}
		id := fmt.Sprintf("lot-%d", k)
		var dups []string
		for _, f := range next.Findings() {
			if f.Reason == finding.DuplicateAddress {
				dups = append(dups, f.Record)
			}
		}
		if slices.Contains(dups, id) {
			// The other house: added before, or of the build.
			other := slices.IndexFunc(dups, func(s string) bool {
				return s != id && !slices.ContainsFunc(reg.Findings(), func(f registry.Finding) bool {
					return f.Record == s && f.Reason == finding.DuplicateAddress
				})
			})
			require.GreaterOrEqual(t, other, 0, "%s: the finding about the other house", id)
			added := strings.HasPrefix(dups[other], "lot-")
			shared++
			kinds[added]++
			slow, err := registry.AddRebuilt(ctx, reg, c, lot)
			require.NoError(t, err)
			same(t, fmt.Sprintf("%s (the other house added: %v)", id, added), next, slow)
		}
		reg = next
	}
	t.Logf("%d adds sharing an address with a house of the build, %d with one added before", kinds[false], kinds[true])
	require.GreaterOrEqual(t, shared, want, "adds sharing an address")
	require.Positive(t, kinds[false], "an add sharing its address with a house of the build")
	require.Positive(t, kinds[true], "an add sharing its address with one added before")
}
