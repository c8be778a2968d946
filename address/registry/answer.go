package registry

import (
	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/geo/olc"
	"github.com/diachi-vn/diachi/postal"
)

// HouseAnswer is what a query answers about a house, with the records it
// refers to read out (its street's name, its parcel's key): what a
// registry opened whole (Registry.HouseAnswer) and a saved registry read
// in part (Saved.At) both give, field for field.
type HouseAnswer struct {
	ID     address.ID
	Source string // the building's id
	// Point is the house's point (WGS84), which PlusCode encodes.
	Point    orb.Point
	PlusCode olc.Code
	// Numbered is false for a house that could not be numbered: Number,
	// Street and Address are then empty.
	Numbered bool
	Number   address.HouseNumber
	Street   string // the named street of its address (its alley chain's)
	Address  string // its address in the 2025 units (address.Official)
	// Parcel is the key of the parcel it lies in ("" for none, or a
	// parcel without a key), ParcelID that parcel's ID.
	Parcel   string
	ParcelID address.ParcelID
	Commune  admin.Code // 2025
	Legacy   admin.Code
	Postcode postal.Code
}

// Answer is what a reverse geocode answers, with the records it refers to
// read out: Registry.Answer of a Place, or Saved.At.
type Answer struct {
	House         HouseAnswer
	HouseDistance geo.Meters
	HasHouse      bool
	Parcel        string // the parcel's key ("" for a parcel without one)
	HasParcel     bool
	// StreetID and StreetName are the street's (or alley's) own, and
	// Location where the point lies along it in its numbering direction.
	StreetID, StreetName string
	Location             geo.Location
	HasStreet            bool
	Commune              admin.Code // 2025
	Legacy               admin.Code
	Postcode             postal.Code
}

// HouseAnswer reads out a house of the registry.
func (r *Registry) HouseAnswer(h House) HouseAnswer {
	a := HouseAnswer{ID: h.ID, Source: h.Source, Point: h.Point, PlusCode: r.PlusCode(h),
		Commune: h.Commune, Legacy: h.Legacy, Postcode: h.Postcode}
	if on, ok := h.Street(); ok {
		s, _ := r.Street(on)
		main, _ := r.Street(s.Main())
		a.Numbered, a.Number, a.Street = true, h.Number, main.Name
		a.Address = address.Format(r.Address(h), address.Official)
	}
	if in, ok := h.Parcel(); ok {
		p, _ := r.Parcel(in)
		a.Parcel, a.ParcelID = p.Key.String(), p.ID
	}
	return a
}

// Answer reads out a Place the registry's At gave.
func (r *Registry) Answer(pl Place) Answer {
	a := Answer{HasHouse: pl.HasHouse, HasParcel: pl.HasParcel, HasStreet: pl.HasStreet,
		Commune: pl.Commune, Legacy: pl.Legacy, Postcode: pl.Postcode}
	if pl.HasHouse {
		a.House, a.HouseDistance = r.HouseAnswer(pl.House), pl.HouseDistance
	}
	if pl.HasParcel {
		a.Parcel = pl.Parcel.Key.String()
	}
	if pl.HasStreet {
		s, _ := r.Street(pl.Street)
		a.StreetID, a.StreetName, a.Location = s.ID, s.Name, pl.Location
	}
	return a
}
