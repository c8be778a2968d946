package numbering

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/geo"
)

// Flat is a flat of an apartment building to number.
type Flat struct {
	ID     string
	Floor  int       // 1 to 999
	Centre orb.Point // WGS84 lon/lat of the flat's door or centre
}

// NumberedFlat is a flat with its apartment number.
type NumberedFlat struct {
	ID        string
	Apartment address.Apartment
}

// NumberFlats numbers the flats of a building: on each floor, clockwise
// around the stair starting from the first flat on the left of a person
// who has come up the stair facing the heading facing (degrees clockwise
// from north). Flats at the same angle go nearer first, then by ID. The
// result is in the order of the flats given; Apartment.String writes 1205
// for floor 12 flat 05.
func NumberFlats(building string, stair orb.Point, facing float64, flats []Flat) ([]NumberedFlat, error) {
	if err := geo.CheckPoint(stair); err != nil {
		return nil, fmt.Errorf("%w: stair: %v", ErrFrontage, err)
	}
	if math.IsNaN(facing) || math.IsInf(facing, 0) {
		return nil, fmt.Errorf("%w: facing %v", ErrFrontage, facing)
	}
	type key struct {
		i     int
		angle float64
		dist  float64
	}
	leftDir := math.Mod(facing-90+720, 360)
	floors := map[int][]key{}
	for i, f := range flats {
		if f.Floor < 1 || f.Floor > 999 {
			return nil, fmt.Errorf("%w %q: floor %d (1 to 999)", ErrFrontage, f.ID, f.Floor)
		}
		if err := geo.CheckPoint(f.Centre); err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrFrontage, f.ID, err)
		}
		a := math.Mod(heading(stair, f.Centre)-leftDir+720, 360)
		floors[f.Floor] = append(floors[f.Floor], key{i, a, float64(geo.Distance(stair, f.Centre))})
	}
	out := make([]NumberedFlat, len(flats))
	for floor, ks := range floors {
		if len(ks) > 99 {
			return nil, fmt.Errorf("%w: floor %d has %d flats (at most 99)", ErrFrontage, floor, len(ks))
		}
		slices.SortFunc(ks, func(a, b key) int {
			if c := cmp.Compare(a.angle, b.angle); c != 0 {
				return c
			}
			if c := cmp.Compare(a.dist, b.dist); c != 0 {
				return c
			}
			return cmp.Compare(flats[a.i].ID, flats[b.i].ID)
		})
		for k, kk := range ks {
			out[kk.i] = NumberedFlat{ID: flats[kk.i].ID, Apartment: address.Apartment{Building: building, Floor: floor, Flat: k + 1}}
		}
	}
	return out, nil
}
