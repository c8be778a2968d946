package registry

import (
	"strings"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/olc"
	"github.com/diachi-vn/diachi/postal"
)

// ByID returns the house with an address ID.
func (r *Registry) ByID(id address.ID) (House, bool) {
	i, ok := r.houseByID(id)
	if !ok {
		return House{}, false
	}
	return *r.house(i), true
}

// BySource returns the house of a building by its source id.
func (r *Registry) BySource(id string) (House, bool) {
	i, ok := r.houseBySource(id)
	if !ok || r.house(i).Point == (orb.Point{}) {
		return House{}, false
	}
	return *r.house(i), true
}

// ByExternal returns the house an external ID (an ext_<scheme> attribute
// of its building) belongs to.
func (r *Registry) ByExternal(e address.ExternalID) (House, bool) {
	i, ok := r.byExt[e]
	if !ok {
		return House{}, false
	}
	return *r.house(int(i)), true
}

// ByParcelKey returns the parcel with a cadastral key and the houses that
// lie in it.
func (r *Registry) ByParcelKey(k ParcelKey) (Parcel, []House, bool) {
	i, ok := r.parcelByKey(k)
	if !ok {
		return Parcel{}, nil, false
	}
	return r.parcels[i], r.housesOn(i), true
}

// ByParcelID returns the parcel with a parcel GeoHash ID and its houses.
func (r *Registry) ByParcelID(id address.ParcelID) (Parcel, []House, bool) {
	i, ok := r.parcelByID(id)
	if !ok {
		return Parcel{}, nil, false
	}
	return r.parcels[i], r.housesOn(i), true
}

func (r *Registry) housesOn(p int) []House {
	in := r.housesIn(p)
	hs := make([]House, len(in))
	for k, i := range in {
		hs[k] = *r.house(int(i))
	}
	return hs
}

// PlusCode returns the house's Plus Code (11 digits, about 3 m × 3.5 m).
func (r *Registry) PlusCode(h House) olc.Code {
	c, _ := olc.Encode(h.Point[1], h.Point[0], 11)
	return c
}

// Address returns the house's address in the 2025 units: number (with
// its alley chain), the named street its alley chain opens on, commune,
// province and postcode; the zero Address for a house that could not be
// numbered, or one of another registry.
func (r *Registry) Address(h House) address.Address {
	var a address.Address
	s, ok := r.Street(h.street)
	if !ok {
		return a
	}
	a.HouseNumber = h.Number
	a.Street = r.street(s.main).Name
	if u, ok := r.d2025.Unit(h.Commune); ok {
		a.Commune = u
		a.Version = admin.V2025
		if p, ok := r.d2025.Province(h.Commune); ok {
			a.Province = p
		}
	}
	a.Postcode = h.Postcode
	return a
}

// Lookup finds houses from an address as written: it parses the text,
// then matches the street (without diacritics, case or type word) and
// the full house number, and keeps the houses in the commune written
// (2025 or legacy) when one is. The parsed address is returned with the
// houses so the caller sees what was understood.
func (r *Registry) Lookup(text string) ([]House, address.Address, error) {
	a, err := address.Parse(text)
	if err != nil {
		return nil, a, err
	}
	num := fullNumber(a)
	var out []House
	name, ok := r.names[streetKey(a.Street)]
	if !ok {
		return nil, a, nil
	}
	var buf [8]int32
	for _, i := range r.housesByText(buf[:0], houseKey{name, num}) {
		h := *r.house(int(i))
		if c := a.Commune.Code; c.IsValid() && c != h.Commune && c != h.Legacy {
			continue
		}
		out = append(out, h)
	}
	return out, a, nil
}

// fullNumber is the house number of a parsed address with its alley
// chain ("hẻm 130/20, số 2" is 130/20/2), as houses are numbered.
func fullNumber(a address.Address) address.HouseNumber {
	num := a.HouseNumber
	if len(a.Alleys) > 0 && !num.AlleyChain().IsValid() {
		var chain []string
		for _, al := range a.Alleys {
			if al.Number == "" {
				chain = nil
				break
			}
			chain = append(chain, al.Number)
		}
		if chain != nil {
			if alley, err := address.ParseHouseNumber(strings.Join(chain, "/")); err == nil {
				if full, err := num.InAlley(alley); err == nil {
					num = full
				}
			}
		}
	}
	return num
}

// Place is the answer to a reverse geocode.
type Place struct {
	// House in the parcel holding the point (the nearest of several), or
	// else the nearest within Options.HouseRadius.
	House         House
	HouseDistance geo.Meters
	HasHouse      bool
	Parcel        Parcel
	HasParcel     bool
	// Street is the nearest street or alley within Options.StreetRadius
	// (HasStreet), with where the point lies along it: distance along and
	// side in its numbering direction (left odd, right even).
	Street    StreetRef
	HasStreet bool
	Location  geo.Location
	Commune   admin.Code // 2025
	Legacy    admin.Code
	Postcode  postal.Code
}

// At reverse-geocodes a WGS84 point (lon, lat): the house, the parcel,
// the nearest street with side and distance along, the commune (2025 and
// legacy) and the postcode. It allocates nothing for a point it answers.
//
// A point it cannot answer for is an error, never an empty Place: a
// *PointError wrapping a *geo.PointError (geo.ErrInvalidPoint) for a
// point that is not finite or out of range, and wrapping ErrOutside for
// a valid point outside the registry's extent grown by the search radii
// (HouseRadius, StreetRadius), where nothing could be found. A (lat, lon)
// pair in Vietnam has a latitude above 90, so it is invalid; anywhere
// else it is most likely outside the extent; either way the error says
// when the point read the other way round would be inside (Swapped). An
// empty Place with no error means a point inside the extent with nothing
// near it.
func (r *Registry) At(p orb.Point) (Place, error) {
	var pl Place
	if err := geo.CheckPoint(p); err != nil {
		return pl, r.pointError(p, err)
	}
	if !r.reach.Contains(p) {
		return pl, r.pointError(p, ErrOutside)
	}
	if ref, ok := r.parcelIx.Containing(p); ok {
		ref = r.parcelHouses(ref)
		// The parcel and its house are read at once (the index holds
		// both positions).
		pl.Parcel, pl.HasParcel = r.parcels[ref.parcel], true
		// Distances on the point's local plane, as the house index
		// measures them: the same house is as far whichever way it is
		// found.
		if h := ref.house; h > 0 {
			pl.House, pl.HasHouse = *r.house(int(h - 1)), true
			pl.HouseDistance = geo.NewPlane(p).Distance(pl.House.Point)
		} else if h < 0 {
			plane := geo.NewPlane(p)
			hs := r.housesIn(int(ref.parcel))
			best, bi := plane.Distance(r.house(int(hs[0])).Point), hs[0]
			for _, i := range hs[1:] {
				if d := plane.Distance(r.house(int(i)).Point); d < best {
					best, bi = d, i
				}
			}
			pl.House, pl.HasHouse, pl.HouseDistance = *r.house(int(bi)), true, best
		}
	}
	if !pl.HasHouse {
		if m, ok := r.nearestHouse(p); ok {
			pl.House, pl.HasHouse, pl.HouseDistance = *r.house(int(m.Value)), true, m.Distance
		}
	}
	pl.Street, pl.Location, pl.HasStreet = r.streetAt(p)
	pl.Commune, pl.Legacy, pl.Postcode = r.unitsAt(p, pl.HasHouse, pl.House.Commune, pl.House.Legacy)
	return pl, nil
}

// streetAt is the nearest street to p within Options.StreetRadius, with
// where p lies along it in its numbering direction.
func (r *Registry) streetAt(p orb.Point) (StreetRef, geo.Location, bool) {
	m, ok := r.streetIx.Nearest(p, r.opts.StreetRadius)
	if !ok {
		return StreetRef{}, geo.Location{}, false
	}
	loc := m.Location
	// Along and side in the street's numbering direction: the match's
	// own when the street is indexed by that line.
	if r.byParts[m.Value] {
		if l, err := r.streets[m.Value].Line.Locate(p); err == nil {
			loc = l
		}
	}
	return StreetAt(int(m.Value)), loc, true
}

// unitsAt is the 2025 and legacy communes and the postcode at p, given
// the house found there (hasHouse) and its communes.
func (r *Registry) unitsAt(p orb.Point, hasHouse bool, houseCommune, houseLegacy admin.Code) (commune, legacy admin.Code, postcode postal.Code) {
	if r.communes != nil {
		commune, _ = r.communes.Containing(p)
	}
	if r.legacy != nil {
		legacy, _ = r.legacy.Containing(p)
	} else if hasHouse && houseCommune == commune {
		legacy = houseLegacy
	}
	if r.zones != nil {
		postcode, _ = postal.ZoneAt(r.zones, p)
	}
	if !postcode.IsValid() && commune.IsValid() {
		postcode = r.postcodeOf[commune]
	}
	return commune, legacy, postcode
}

func (r *Registry) pointError(p orb.Point, err error) error {
	q := orb.Point{p[1], p[0]}
	return &PointError{Point: p, Err: err, Reach: r.reach, Swapped: geo.CheckPoint(q) == nil && r.reach.Contains(q)}
}
