package numbering_test

import (
	"fmt"
	"testing"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/numbering"
)

// benchTown lays out streets in a grid of blocks, each a gently bent
// 200 m centreline, with perStreet houses split between both sides.
func benchTown(streets, perStreet int) ([]numbering.Street, []numbering.Frontage) {
	var st []numbering.Street
	var fs []numbering.Frontage
	cols := 250
	for i := range streets {
		x0, y0 := float64(i%cols)*260, float64(i/cols)*60
		id := fmt.Sprint("s", i)
		st = append(st, numbering.Street{ID: id, Centreline: line(x0, y0, x0+100, y0+3, x0+200, y0)})
		for k := range perStreet {
			side := 12.0
			if k%2 == 1 {
				side = -12
			}
			x := x0 + 5 + float64(k/2)*190/float64(perStreet/2)
			fs = append(fs, house(fmt.Sprintf("%s-%d", id, k), numbering.StreetAt(i), x, y0+side+float64(k%5)))
		}
	}
	return st, fs
}

// BenchmarkAssign numbers 1,000,000 frontages over 50,000 streets (one op
// is the whole town); -short runs a tenth of it.
func BenchmarkAssign(b *testing.B) {
	streets := 50_000
	if testing.Short() {
		streets = 5_000
	}
	st, fs := benchTown(streets, 20)
	n, err := numbering.New(st, numbering.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := n.Assign(fs)
		if err != nil || len(res.Problems) > 0 {
			b.Fatal(err, len(res.Problems))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(fs)), "ns/frontage")
}

// BenchmarkNew prepares the 50,000 streets.
func BenchmarkNew(b *testing.B) {
	st, _ := benchTown(50_000, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := numbering.New(st, numbering.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAudit audits the numbers of 1,000,000 houses.
func BenchmarkAudit(b *testing.B) {
	streets := 50_000
	if testing.Short() {
		streets = 5_000
	}
	st, fs := benchTown(streets, 20)
	n, err := numbering.New(st, numbering.Options{})
	if err != nil {
		b.Fatal(err)
	}
	res, err := n.Assign(fs)
	if err != nil {
		b.Fatal(err)
	}
	hs := make([]numbering.Numbered, len(res.Houses))
	for i, h := range res.Houses {
		hs[i] = numbering.Numbered{ID: h.ID, Street: h.Street, Point: fs[i].Doors[0].Point, Text: h.Number.String()}
	}
	b.ReportAllocs()
	for b.Loop() {
		rep := n.Audit(hs, numbering.AuditOptions{})
		if rep.Agree != len(hs) {
			b.Fatalf("%d of %d agree", rep.Agree, len(hs))
		}
	}
	b.ReportMetric(float64(len(hs))*float64(b.N)/b.Elapsed().Seconds(), "houses/s")
}

// BenchmarkResume resumes one street of 2,600 numbered houses from where
// Assign placed them (a registry's first add on a long street), against
// BenchmarkPrepare, which numbers them again.
func BenchmarkResume(b *testing.B) {
	n, s, hs, _ := longStreet(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Resume(s, address.HouseNumber{}, hs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepare: the street of BenchmarkResume numbered again.
func BenchmarkPrepare(b *testing.B) {
	n, s, _, fs := longStreet(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.Prepare(s, address.HouseNumber{}, fs); err != nil {
			b.Fatal(err)
		}
	}
}

// longStreet is one street of 2,600 houses numbered by Assign: the
// houses as placed, and the frontages with their numbers.
func longStreet(b *testing.B) (*numbering.Numberer, numbering.StreetRef, []numbering.House, []numbering.Frontage) {
	// A straight street (on a bent one, the houses in the shadow of the
	// bend stand as far along as each other, which Resume leaves to
	// Prepare).
	st := []numbering.Street{{ID: "long", Centreline: line(0, 0, 4000, 0)}}
	var fs []numbering.Frontage
	for k := range 2600 {
		y := 12.0
		if k%2 == 1 {
			y = -12
		}
		fs = append(fs, house(fmt.Sprint("h", k), numbering.StreetAt(0), 5+float64(k/2)*3, y+float64(k%5)))
	}
	n, err := numbering.New(st, numbering.Options{})
	if err != nil {
		b.Fatal(err)
	}
	res, err := n.Assign(fs)
	if err != nil || len(res.Problems) > 0 {
		b.Fatal(err, len(res.Problems))
	}
	for _, h := range res.Houses {
		fs[h.Frontage].Number = h.Number
	}
	return n, numbering.StreetAt(0), res.Houses, fs
}
