package registry

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// FuzzSavedHouse: whatever text a saved house row holds in the columns an
// answer reads, reading it out gives an answer or an error, never a
// panic; an answer's number and codes are the ones the text names.
func FuzzSavedHouse(f *testing.F) {
	f.Add("168 736 7763", "5180", "ew-0", "27478", "27469", "72917", "w3gvheum91mz", `{"id":"b1"}`)
	f.Add("", "", "", "", "", "", "", "")
	f.Add("x", "12/3A", "s", "99999", "1", "7", "zz", `{"id":1}`)
	f.Add("1687367763", "5180", "", "00000", "legacy", "72917", "", `{`)
	s := &Saved{houseCol: map[string]int{}}
	for i, c := range houseColumns {
		s.houseCol[c] = i
	}
	f.Fuzz(func(t *testing.T, id, number, street, commune, legacy, postcode, parcelID, props string) {
		vals := make([]any, len(houseColumns))
		set := func(c string, v string) {
			if v != "" {
				vals[s.houseCol[c]] = v
			}
		}
		set("address_id", id)
		set("number", number)
		set("street_id", street)
		set("commune_code", commune)
		set("legacy_commune_code", legacy)
		set("postcode", postcode)
		set("parcel_id", parcelID)
		set(propertiesColumn, props)
		h := &savedHouse{row: gpkg.Row{Index: 3, Feature: gpkg.Feature{Geometry: orb.Point{106.7, 10.7}, Values: vals}}, point: orb.Point{106.7, 10.7}}
		a, err := s.houseAnswer(h)
		if err != nil {
			return
		}
		if a.Numbered != (street != "") {
			t.Fatalf("numbered %v with street_id %q", a.Numbered, street)
		}
		if a.Commune.IsValid() && a.Commune.String() != commune {
			t.Fatalf("commune %q read as %v", commune, a.Commune)
		}
	})
}
