package finding_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
)

// The audit of Đường số 6 gives its verdicts in the shared vocabulary:
// the registry reports the same code for the same rule.
func ExampleReason() {
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
		{ID: "c", Street: numbering.StreetAt(0), Point: orb.Point{105.7902, lat - 0.00005}, Text: "12//3"},
	}, numbering.AuditOptions{})
	for _, f := range rep.Houses {
		fmt.Println(f.ID, f.Text, f.Verdict, f.Verdict == finding.Parity, f.Verdict.Known())
	}
	fmt.Println(finding.Reason("lẻ").Known())
	// Output:
	// a 1 ok false true
	// b 4 parity true true
	// c 12//3 unreadable_number false true
	// false
}
