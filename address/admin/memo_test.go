package admin

import (
	"reflect"
	"testing"

	"github.com/diachi-vn/diachi/address/fold"
)

// A reader that holds a sure reading asks with Memo.Sure: the answers must
// be those of Resolve whenever either is sure. Names from the tables,
// exact, folded, and with one letter dropped (typos), in and out of their
// district.
func TestResolveSureMemo(t *testing.T) {
	for _, v := range []Version{Legacy, V2025} {
		d := Load(v)
		communes := d.Units(Commune)
		for k := 0; k < len(communes); k += 7 {
			c := communes[k]
			prov, _ := d.Province(c.Code)
			var dist Unit
			if v == Legacy {
				dist, _ = d.Unit(c.Parent)
			}
			other := communes[(k*31+11)%len(communes)]
			r := []rune(c.Short)
			mid := len(r) / 2
			names := []string{c.Name, fold.Key(c.Short), string(r[:len(r)-1]), string(append(r[:mid:mid], r[mid+1:]...)), other.Name}
			for _, name := range names {
				for _, dn := range []string{"", dist.Name, fold.Key(dist.Short)} {
					want := d.Resolve(name, dn, prov.Name)
					got := d.ResolveMemo(&Memo{Sure: true}, name, dn, prov.Name)
					sure := func(r Resolution) bool { return r.Status == Resolved || r.Status == Tolerated }
					if (sure(want) || sure(got)) && !reflect.DeepEqual(got, want) {
						t.Fatalf("%v %q, %q, %q: sure memo gives %+v, Resolve %+v", v, name, dn, prov.Name, got, want)
					}
				}
			}
		}
	}
}
