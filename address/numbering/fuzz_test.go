package numbering_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/geo"
)

// FuzzAssign builds random streets and houses from the fuzzer's bytes:
// numbering never panics, new numbers are unique on their street and have
// the parity of their side.
func FuzzAssign(f *testing.F) {
	f.Add([]byte("\x03\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0"), uint8(0))
	f.Add([]byte(strings.Repeat("\x01\x7f\xff\x00\x33", 40)), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) {
		next := func() float64 {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return float64(b)*4 - 512 // -512 .. 508 m
		}
		nStreets := 1 + int(flags%4)
		var streets []numbering.Street
		for i := range nStreets {
			s := numbering.Street{ID: fmt.Sprint("s", i), CrossSection: geo.Meters(8 + i%3*4)}
			var xy []float64
			for range 2 + int(flags>>2%3) {
				xy = append(xy, next(), next())
			}
			s.Centreline = line(xy...)
			if i > 0 && flags&0x20 != 0 {
				s.Parent = numbering.StreetAt(0)
			}
			if flags&0x40 != 0 {
				s.Regime = numbering.Legacy
			}
			streets = append(streets, s)
		}
		opts := numbering.Options{MaxDistance: 2000}
		if flags&0x80 != 0 {
			opts.Infill = numbering.Dashes
			opts.Spacing = 7
		}
		n, err := numbering.New(streets, opts)
		if err != nil {
			return
		}
		var fs []numbering.Frontage
		for i := 0; len(data) >= 3; i++ {
			// One position past the streets: a door on no street.
			street := numbering.StreetAt(int(data[0]) % (nStreets + 1))
			fr := house(fmt.Sprint("h", i), street, next(), next())
			if k := int(next()+512) / 4; k%5 == 0 {
				fr.Number, _ = address.NewHouseNumber(1 + k%40)
			} else if k%7 == 0 {
				fr.SplitOf, _ = address.NewHouseNumber(1 + k%40)
			} else if k%11 == 0 {
				fr.Group = "g"
			}
			fs = append(fs, fr)
		}
		res, err := n.Assign(fs)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Houses)+len(res.Problems) != len(fs) {
			t.Fatalf("%d houses + %d problems for %d frontages", len(res.Houses), len(res.Problems), len(fs))
		}
		count := map[string]int{}
		for _, h := range res.Houses {
			count[h.Street.String()+" "+h.Number.String()]++
		}
		for _, h := range res.Houses {
			if h.Status == numbering.Kept {
				continue
			}
			if c := count[h.Street.String()+" "+h.Number.String()]; c != 1 {
				t.Fatalf("%s: new number %s used %d times on %s", h.ID, h.Number, c, h.Street)
			}
			if h.Status != numbering.Grouped && h.Note == "" && h.Number.Odd() != (h.Side == geo.SideLeft) {
				t.Fatalf("%s: %s (%v) on the %v", h.ID, h.Number, h.Status, h.Side)
			}
		}
		// Audit what was assigned: never panics, every house gets a verdict.
		var hs []numbering.Numbered
		for _, h := range res.Houses {
			hs = append(hs, numbering.Numbered{ID: h.ID, Street: h.Street, Text: h.Number.String(), Point: pt(0, 0)})
		}
		rep := n.Audit(hs, numbering.AuditOptions{})
		if len(rep.Houses) != len(hs) {
			t.Fatal("audit lost houses")
		}
	})
}
