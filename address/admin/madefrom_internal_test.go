package admin

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// MadeFrom agrees with Predecessors for every 2025 commune and legacy
// district.
func TestMadeFrom(t *testing.T) {
	l, n := Load(Legacy), Load(V2025)
	checked := 0
	for _, c := range n.Units(Commune) {
		preds, err := Predecessors(c.Code)
		if err != nil {
			continue
		}
		want := map[Code]bool{}
		for _, p := range preds {
			want[p.Parent] = true
			if p.Code.Level() == District {
				want[p.Code] = true
			}
		}
		for d := range want {
			if d.Level() == District {
				require.True(t, MadeFrom(c.Code, d), "%v from %v", c.Code, d)
				checked++
			}
		}
	}
	require.Greater(t, checked, 3000)
	// Not from a district none of its predecessors lay in, nor from codes
	// of other levels or versions.
	hk := l.Units(District)[0]
	for _, c := range n.Units(Commune)[:50] {
		preds, _ := Predecessors(c.Code)
		in := false
		for _, p := range preds {
			in = in || p.Parent == hk.Code
		}
		require.Equal(t, in, MadeFrom(c.Code, hk.Code), "%v", c.Code)
	}
	require.False(t, MadeFrom(hk.Code, hk.Code))
}

// MadeFromProvince agrees with Predecessors and the legacy tables.
func TestMadeFromProvince(t *testing.T) {
	l, n := Load(Legacy), Load(V2025)
	provinceOf := func(u Unit) Code {
		for u.Code.Level() != Province {
			p, ok := l.Unit(u.Parent)
			if !ok {
				return Code{}
			}
			u = p
		}
		return u.Code
	}
	checked := 0
	for _, c := range n.Units(Commune) {
		preds, err := Predecessors(c.Code)
		if err != nil {
			continue
		}
		want := map[Code]bool{}
		for _, p := range preds {
			want[provinceOf(p)] = true
		}
		for _, p := range l.Units(Province) {
			require.Equal(t, want[p.Code], MadeFromProvince(c.Code, p.Code), "%v from %v", c.Code, p.Code)
		}
		checked++
		if checked == 300 {
			break
		}
	}
	require.False(t, MadeFromProvince(l.Units(Province)[0].Code, l.Units(Province)[0].Code))
}
