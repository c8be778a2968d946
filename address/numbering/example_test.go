package numbering_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
)

// A street of Cầu Giấy, Hà Nội, drawn from west to east, with an alley
// opening south of it. The Circular numbers an east-west street from east
// to west: odd numbers on the left (the south side), even on the right.
// The alley takes the number of the house before its entrance (3), and
// its houses carry it: 3/1 on its left, 3/2 on its right.
func ExampleNumberer_Assign() {
	const lat = 21.0400
	n, err := numbering.New([]numbering.Street{
		{ID: "s6", Name: "Đường số 6", Centreline: orb.MultiLineString{{{105.7900, lat}, {105.7920, lat}}}},
		{ID: "a", Parent: numbering.StreetAt(0), Centreline: orb.MultiLineString{{{105.7905, lat}, {105.7905, lat - 0.0008}}}},
	}, numbering.Options{})
	if err != nil {
		panic(err)
	}
	// Doors refer to their street by its position in the list given to New.
	s6, alley := numbering.StreetAt(0), numbering.StreetAt(1)
	door := func(street numbering.StreetRef, lon, lat float64) []numbering.Door {
		return []numbering.Door{{Street: street, Point: orb.Point{lon, lat}}}
	}
	res, err := n.Assign([]numbering.Frontage{
		{ID: "south-1", Doors: door(s6, 105.7915, lat-0.00005)},
		{ID: "south-2", Doors: door(s6, 105.7910, lat-0.00005)},
		{ID: "south-3", Doors: door(s6, 105.7902, lat-0.00005)},
		{ID: "north-1", Doors: door(s6, 105.7915, lat+0.00005)},
		{ID: "north-2", Doors: door(s6, 105.7905, lat+0.00005)},
		{ID: "alley-1", Doors: door(alley, 105.79055, lat-0.0002)},
		{ID: "alley-2", Doors: door(alley, 105.79045, lat-0.0005)},
	})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Houses {
		fmt.Println(h.ID, h.Number, h.Side, h.Status)
	}
	// Output:
	// south-1 1 left fresh
	// south-2 3 left fresh
	// south-3 5 left fresh
	// north-1 2 right fresh
	// north-2 4 right fresh
	// alley-1 3/1 left fresh
	// alley-2 3/2 right fresh
}

// Houses keep the numbers they have; a house built later between 3 and 5
// takes 3A rather than renumbering the street.
func ExampleNumberer_Assign_infill() {
	const lat = 21.0400
	n, err := numbering.New([]numbering.Street{
		{ID: "s6", Name: "Đường số 6", Centreline: orb.MultiLineString{{{105.7900, lat}, {105.7920, lat}}}},
	}, numbering.Options{})
	if err != nil {
		panic(err)
	}
	house := func(id string, lon float64, number string) numbering.Frontage {
		f := numbering.Frontage{ID: id, Doors: []numbering.Door{{Street: numbering.StreetAt(0), Point: orb.Point{lon, lat - 0.00005}}}}
		if number != "" {
			f.Number = address.MustParseHouseNumber(number)
		}
		return f
	}
	res, err := n.Assign([]numbering.Frontage{
		house("a", 105.7915, "1"), house("b", 105.7910, "3"), house("c", 105.7902, "5"),
		house("new", 105.7906, ""),
	})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Houses {
		fmt.Println(h.ID, h.Number, h.Status)
	}
	// Output:
	// a 1 kept
	// b 3 kept
	// c 5 kept
	// new 3A infill
}

// The numbers on the walls of a street, checked against the Circular: one
// even number on the odd side.
func ExampleNumberer_Audit() {
	const lat = 21.0400
	n, err := numbering.New([]numbering.Street{
		{ID: "s6", Name: "Đường số 6", Centreline: orb.MultiLineString{{{105.7900, lat}, {105.7920, lat}}}},
	}, numbering.Options{})
	if err != nil {
		panic(err)
	}
	rep := n.Audit([]numbering.Numbered{
		{ID: "a", Street: numbering.StreetAt(0), Point: orb.Point{105.7915, lat - 0.00005}, Text: "1"},
		{ID: "b", Street: numbering.StreetAt(0), Point: orb.Point{105.7910, lat - 0.00005}, Text: "4"},
		{ID: "c", Street: numbering.StreetAt(0), Point: orb.Point{105.7902, lat - 0.00005}, Text: "5"},
	}, numbering.AuditOptions{})
	for _, f := range rep.Houses {
		if f.Verdict == finding.OK {
			fmt.Println(f.ID, f.Text, f.Verdict)
			continue
		}
		fmt.Println(f.ID, f.Text, f.Verdict, "suggested", f.Suggested)
		fmt.Println(f.Explanation)
	}
	fmt.Printf("%.0f%% agree\n", 100*rep.Agreement())
	// Output:
	// a 1 ok
	// b 4 parity suggested 3
	// even number 4 on the left of Đường số 6, numbered towards the west, 5.5 m from the centreline at 103.9 m along: odd numbers belong on this side
	// c 5 ok
	// 67% agree
}
