package towngen

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
)

// plant makes the deliberate errors, each in the old quarter (the eastern
// commune, numbered by prenumber), each on a different house, parcel or
// street, and records the finding each must give.
func (g *gen) plant(ctx context.Context, t *Town) error {
	if g.clean == nil {
		return fmt.Errorf("town: errors are planted in the numbered old quarter: set Prenumber")
	}
	reg := g.clean
	used := map[int]bool{} // houses already given an error
	set := func(f *registry.Feature, key string, v any) {
		for k := range f.Props {
			if f.Props[k].Key == key {
				f.Props[k].Value = v
				return
			}
		}
		f.Props = append(f.Props, registry.Prop{Key: key, Value: v})
	}
	plantB := func(i int, key string, v any, reason finding.Reason, what string) {
		f := &g.src.Buildings[i]
		set(f, key, v)
		used[i] = true
		t.Planted = append(t.Planted, Planted{Layer: registry.LayerBuildings, Record: f.Props.String("id"), Reason: reason, What: what})
	}
	// Houses of the old quarter by street and side, in numbering order.
	type key struct {
		street int
		side   geo.Side
	}
	sides := map[key][]registry.House{}
	numbers := map[int]map[string]bool{}
	var old []registry.House
	for h := range reg.Houses() {
		st, ok := h.Street()
		if !ok || h.Commune != mustCommune(oldQuarter) {
			continue
		}
		old = append(old, h)
		k := key{index(st), h.Side}
		sides[k] = append(sides[k], h)
		if numbers[k.street] == nil {
			numbers[k.street] = map[string]bool{}
		}
		numbers[k.street][h.Number.String()] = true
	}
	for _, hs := range sides {
		slices.SortFunc(hs, func(a, b registry.House) int { return int(a.Along*1000 - b.Along*1000) })
	}
	street := func(h registry.House) registry.Street {
		st, _ := h.Street()
		s, _ := reg.Street(st)
		return s
	}
	plain := func(h registry.House) (int, bool) {
		s := h.Number.String()
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, n > 0
	}
	onEW := func(h registry.House) bool { return strings.HasPrefix(street(h).ID, "ew-") }
	var keys []key
	for k := range sides {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.street != b.street {
			return a.street - b.street
		}
		return int(a.side) - int(b.side)
	})
	// 1. Parity: a number of the other parity, unused on the street, that
	// still fits between its neighbours.
	done := false
	for _, k := range keys {
		hs := sides[k]
		if done || !onEW(hs[0]) {
			continue
		}
		for x := 2; x+2 < len(hs) && !done; x++ {
			n, ok := plain(hs[x])
			if !ok {
				continue
			}
			for _, m := range []int{n + 1, n - 1} {
				if m > 0 && !numbers[k.street][fmt.Sprint(m)] {
					plantB(index(hs[x].Ref()), "number", fmt.Sprint(m), finding.Parity, fmt.Sprintf("%d written %d, the other side's parity", n, m))
					done = true
					break
				}
			}
		}
	}
	// 2. Order: the second house of a side gets a number beyond the
	// street's last, of its own parity.
	for _, k := range keys {
		hs := sides[k]
		if !onEW(hs[0]) || len(hs) < 8 || used[index(hs[1].Ref())] || used[index(hs[0].Ref())] || used[index(hs[2].Ref())] {
			continue
		}
		n, ok := plain(hs[1])
		if !ok {
			continue
		}
		top := 0
		for s := range numbers[k.street] {
			var v int
			if _, err := fmt.Sscan(s, &v); err == nil && v > top {
				top = v
			}
		}
		m := top + 2
		if m%2 != n%2 {
			m++
		}
		plantB(index(hs[1].Ref()), "number", fmt.Sprint(m), finding.Order, fmt.Sprintf("%d written %d, out of order", n, m))
		break
	}
	// 3. Duplicate: a house written with its next neighbour's number. The
	// audit reports the later of the two along the street, naming the
	// other.
	for _, k := range keys[len(keys)/2:] {
		hs := sides[k]
		if onEW(hs[0]) || len(hs) < 6 || used[index(hs[2].Ref())] || used[index(hs[3].Ref())] {
			continue
		}
		set(&g.src.Buildings[index(hs[2].Ref())], "number", hs[3].Number.String())
		used[index(hs[2].Ref())], used[index(hs[3].Ref())] = true, true
		t.Planted = append(t.Planted, Planted{Layer: registry.LayerBuildings, Record: hs[3].Source, Reason: finding.Duplicate,
			What: fmt.Sprintf("its number %s also written on %s (which is %s)", hs[3].Number, hs[2].Source, hs[2].Number)})
		break
	}
	// Houses for the attribute errors: spread over the old quarter.
	pick := func(from int) int {
		for x := from; x < len(old); x++ {
			i := index(old[x].Ref())
			if !used[i] && !used[i-1] && !used[i+1] && old[x].Status.String() == "fresh" {
				return i
			}
		}
		panic("town: no house left for an error")
	}
	step := len(old) / 12
	// 4. The house names the neighbouring parcel.
	i := pick(1 * step)
	pn, _, _ := g.src.Buildings[i].Props.Int("parcel_number")
	plantB(i, "parcel_number", pn+1, finding.ParcelMismatch, fmt.Sprintf("parcel number %d written %d", pn, pn+1))
	// 5. Postcode of the other commune.
	i = pick(2 * step)
	plantB(i, "postcode", "72917", finding.PostcodeMismatch, "postcode 72907 written 72917 (Tân Thuận's)")
	// 6. Commune of the other commune.
	i = pick(3 * step)
	plantB(i, "commune", "Phường Tân Thuận", finding.CommuneMismatch, "commune written Tân Thuận")
	// 7. An address ID with a wrong check digit.
	id, _ := address.NewID(123456789)
	bad := id.String()[:9] + string('0'+(id.String()[9]-'0'+1)%10)
	i = pick(4 * step)
	plantB(i, "address_id", bad, finding.BadID, "check digit changed")
	// 8. One valid address ID written on two houses.
	dup, _ := address.NewID(987654321)
	i = pick(5 * step)
	set(&g.src.Buildings[i], "address_id", dup.String())
	used[i] = true
	i = pick(6 * step)
	plantB(i, "address_id", dup.String(), finding.DuplicateID, "an ID already written on another house")
	// 9. A malformed VNPost code.
	i = pick(7 * step)
	plantB(i, "ext_vnpost-2021", "12345", finding.BadExternalID, "five digits where VNPost codes have ten")
	// 10. An unreadable number.
	i = pick(8 * step)
	plantB(i, "number", "12//3", finding.UnreadableNumber, "number written 12//3")
	// Valid VNPost codes on some clean houses.
	for x := 0; x < len(old); x += 40 {
		if j := index(old[x].Ref()); !used[j] {
			set(&g.src.Buildings[j], "ext_vnpost-2021", fmt.Sprintf("70%08d", j))
		}
	}
	// 11. A parcel keyed in the other commune; 12. an open-land parcel
	// drawn as a bow tie.
	pc, bow := -1, -1
	for k, f := range g.src.Parcels {
		if f.Props.String("commune") != oldQuarter {
			continue
		}
		if pc < 0 && f.Props.String("land_use") == "" && k > len(g.src.Parcels)/3 {
			pc = k
		}
		if bow < 0 && f.Props.String("land_use") == "CXD" {
			bow = k
		}
	}
	f := &g.src.Parcels[pc]
	set(f, "commune", newQuarter)
	t.Planted = append(t.Planted, Planted{Layer: registry.LayerParcels, Record: fmt.Sprintf("2025:commune:%s/%s/%s", newQuarter, f.Props.String("sheet"), f.Props.String("number")),
		Reason: finding.ParcelCommune, What: "parcel keyed in Tân Thuận, drawn in Phú Thuận"})
	f = &g.src.Parcels[bow]
	r := f.Geometry.(orb.Polygon)[0]
	f.Geometry = orb.Polygon{{r[0], r[2], r[1], r[3], r[0]}}
	t.Planted = append(t.Planted, Planted{Layer: registry.LayerParcels, Record: fmt.Sprintf("2025:commune:%s/%s/%s", oldQuarter, f.Props.String("sheet"), f.Props.String("number")),
		Reason: finding.InvalidGeometry, What: "open-land parcel drawn as a bow tie"})
	// 13. A kiosk on unparcelled land beside an alley block, naming the
	// lot next to it.
	for j := 0; j < g.cfg.Rows; j++ {
		for c := g.cfg.Cols / 2; c < g.cfg.Cols; c++ {
			if (c+j)%3 != 1 {
				continue
			}
			ox, oy := float64(c)*stepX+nsWidth/2, float64(j)*stepY+ewWidth/2
			id := g.building(g.rect(ox+113, oy+40, ox+119, oy+46), j*g.cfg.Cols+c+1, 1, []door{{ox + 119, oy + 43, fmt.Sprintf("ns-%d", c+1), true}})
			t.Planted = append(t.Planted, Planted{Layer: registry.LayerBuildings, Record: id, Reason: finding.OutsideParcel, What: "kiosk on unparcelled land"})
			c, j = g.cfg.Cols, g.cfg.Rows
		}
	}
	// 14. An alley written with a number that is not the house's before
	// its entrance.
	for s := range reg.Streets() {
		f := &g.src.Streets[index(s.Ref())]
		if _, alley := s.Parent(); alley && strings.HasPrefix(s.ID, "a-") && f.Props.String("number") != "" {
			set(f, "number", "999")
			t.Planted = append(t.Planted, Planted{Layer: registry.LayerStreets, Record: s.ID, Reason: finding.AlleyMismatch, What: "alley " + s.Number.String() + " written 999"})
			break
		}
	}
	_ = ctx
	return nil
}
