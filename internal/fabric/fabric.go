// Package fabric generates a synthetic cadastral fabric for tests and
// benchmarks: city blocks on a street grid, each cut into a front and a back
// row of narrow parcels ("tube houses") whose shared edges are identical
// vertex for vertex on both sides, as in a topologically clean cadastre.
//
// Parcels have 8 to 40 vertices: frontages carry extra vertices, dividing
// lines wander, and the line between the two rows is noded at every
// division of either row. About one parcel in a hundred has a courtyard (a
// hole), half of them filled by an island parcel; about one in a hundred is
// a multipolygon of two plots separated by a neighbour. Streets are
// centrelines along the grid, one per block side.
//
// Output depends only on the configuration: block b is drawn from its own
// random stream, so any block can be regenerated alone.
package fabric

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
)

// Config chooses the fabric.
type Config struct {
	Seed    uint64
	Parcels int       // features to generate (islands and multipolygons count one each)
	Origin  orb.Point // south-west corner (lon, lat); zero means Hồ Chí Minh City's west
}

const (
	pitchX = 150.0 // block pitch east-west, metres
	pitchY = 80.0  // north-south
	street = 12.0  // street width
	blockW = pitchX - street
	blockH = pitchY - street
)

// Parcel is one feature of the fabric.
type Parcel struct {
	ID       int          // 0, 1, 2, … in generation order
	Geometry orb.Geometry // orb.Polygon or orb.MultiPolygon
	Block    int
	Island   bool // fills another parcel's courtyard
	HasHole  bool
}

// Street is a centreline along one side of a block.
type Street struct {
	ID   int
	Line orb.LineString
}

// frame places the fabric, drawn in metres, on the local plane of its
// origin.
type frame struct{ pl geo.Plane }

func newFrame(o orb.Point) frame {
	if o == (orb.Point{}) {
		o = orb.Point{106.60, 10.70}
	}
	return frame{geo.NewPlane(o)}
}

func (f frame) pt(x, y float64) orb.Point { return f.pl.LonLat(x, y) }

// Columns returns how many blocks a row of the grid holds for n parcels.
func Columns(n int) int {
	blocks := float64(n)/30 + 1
	return max(1, int(math.Sqrt(blocks*pitchY/pitchX))+1)
}

// Generate calls fn with each parcel in order until the configured number
// is reached or fn returns false.
func Generate(cfg Config, fn func(Parcel) bool) {
	f := newFrame(cfg.Origin)
	cols := Columns(cfg.Parcels)
	id := 0
	for b := 0; id < cfg.Parcels; b++ {
		x0 := float64(b%cols)*pitchX + street/2
		y0 := float64(b/cols)*pitchY + street/2
		for _, p := range block(cfg.Seed, b, f, x0, y0) {
			if id >= cfg.Parcels {
				return
			}
			p.ID = id
			if !fn(p) {
				return
			}
			id++
		}
	}
}

// All returns every parcel (convenient up to a few million).
func All(cfg Config) []Parcel {
	out := make([]Parcel, 0, cfg.Parcels)
	Generate(cfg, func(p Parcel) bool { out = append(out, p); return true })
	return out
}

// Streets returns the street centrelines around the blocks the fabric of
// cfg occupies: for each block, the street along its south side and the one
// along its west side, plus the closing streets on the north and east.
func Streets(cfg Config) []Street {
	f := newFrame(cfg.Origin)
	cols := Columns(cfg.Parcels)
	blocks := 0
	Generate(cfg, func(p Parcel) bool { blocks = p.Block + 1; return true })
	rows := (blocks + cols - 1) / cols
	var out []Street
	add := func(ax, ay, bx, by float64) {
		// A slight bend in the middle, so streets are not all straight.
		mx, my := (ax+bx)/2, (ay+by)/2
		if ay == by {
			my += 0.7
		} else {
			mx += 0.7
		}
		out = append(out, Street{ID: len(out), Line: orb.LineString{f.pt(ax, ay), f.pt(mx, my), f.pt(bx, by)}})
	}
	for r := 0; r <= rows; r++ {
		for c := 0; c <= cols; c++ {
			x, y := float64(c)*pitchX, float64(r)*pitchY
			if c < cols {
				add(x, y, x+pitchX, y) // along the south side
			}
			if r < rows {
				add(x, y, x, y+pitchY) // along the west side
			}
		}
	}
	return out
}

type vtx struct{ x, y float64 }

// block draws the parcels of block b with its south-west corner at (x0, y0).
func block(seed uint64, b int, f frame, x0, y0 float64) []Parcel {
	r := rand.New(rand.NewPCG(seed, uint64(b)))
	x1 := x0 + blockW
	ymid := y0 + blockH/2

	cuts := func() []float64 { // division x positions, ends included
		xs := []float64{x0}
		for x := x0; ; {
			w := 4 + r.Float64()*8
			if x+w > x1-4 {
				break
			}
			x += w
			xs = append(xs, x)
		}
		return append(xs, x1)
	}
	front, back := cuts(), cuts()

	// The middle line: every division end of both rows, plus a few extra
	// vertices, with a gentle north-south wander. Ends of the dividing
	// lines land exactly on its vertices.
	midY := func(x float64) float64 { return ymid + 0.8*math.Sin((x-x0)/17+float64(b)) }
	midX := append(append([]float64{}, front...), back...)
	for range 2 + r.IntN(4) {
		midX = append(midX, x0+r.Float64()*blockW)
	}
	midX = sortUnique(midX)
	mid := make([]vtx, len(midX))
	for i, x := range midX {
		mid[i] = vtx{x, midY(x)}
	}
	midIdx := func(x float64) int {
		for i, v := range mid {
			if v.x == x {
				return i
			}
		}
		panic("fabric: division end not on the middle line")
	}

	// A frontage: the division points plus extra vertices bulging towards
	// the street; shared by no other parcel.
	frontage := func(xs []float64, y, out float64) []vtx {
		var vs []vtx
		for i, x := range xs {
			vs = append(vs, vtx{x, y})
			if i+1 < len(xs) {
				for k := range 1 + r.IntN(4) {
					t := float64(k+1) / 6
					vs = append(vs, vtx{x + t*(xs[i+1]-x), y + out*r.Float64()*0.3})
				}
			}
		}
		return vs
	}
	south := frontage(front, y0, -1)
	north := frontage(back, y0+blockH, 1)

	// Dividing lines from the frontage to the middle line, with 1-6
	// wandering vertices (at the block ends too, where no one shares them).
	divide := func(x, yFront float64) []vtx {
		ym := midY(x)
		vs := []vtx{{x, yFront}}
		n := 1 + r.IntN(6)
		for k := range n {
			t := float64(k+1) / float64(n+1)
			vs = append(vs, vtx{x + (r.Float64()-0.5)*0.6, yFront + t*(ym-yFront)})
		}
		return append(vs, vtx{x, ym})
	}
	southDiv := make([][]vtx, len(front))
	for i, x := range front {
		southDiv[i] = divide(x, y0)
	}
	northDiv := make([][]vtx, len(back))
	for i, x := range back {
		northDiv[i] = divide(x, y0+blockH)
	}

	frontIdx := func(vs []vtx, x float64) int {
		for i, v := range vs {
			if v.x == x && (v.y == y0 || v.y == y0+blockH) {
				return i
			}
		}
		panic("fabric: division not on the frontage")
	}
	ring := func(vs []vtx) orb.Ring {
		rg := make(orb.Ring, 0, len(vs)+1)
		for _, v := range vs {
			rg = append(rg, f.pt(v.x, v.y))
		}
		return append(rg, rg[0])
	}

	var polys []orb.Polygon
	// Front row, counter-clockwise: frontage west→east, up the east
	// divider, middle line east→west, down the west divider.
	for i := 0; i+1 < len(front); i++ {
		var vs []vtx
		a, c := frontIdx(south, front[i]), frontIdx(south, front[i+1])
		vs = append(vs, south[a:c]...)
		vs = append(vs, southDiv[i+1][:len(southDiv[i+1])-1]...)
		ma, mc := midIdx(front[i]), midIdx(front[i+1])
		for k := mc; k > ma; k-- {
			vs = append(vs, mid[k])
		}
		d := southDiv[i]
		for k := len(d) - 1; k > 0; k-- {
			vs = append(vs, d[k])
		}
		polys = append(polys, orb.Polygon{ring(vs)})
	}
	// Back row, counter-clockwise: middle line west→east, up the east
	// divider, frontage east→west, down the west divider.
	for i := 0; i+1 < len(back); i++ {
		var vs []vtx
		ma, mc := midIdx(back[i]), midIdx(back[i+1])
		vs = append(vs, mid[ma:mc]...)
		d := northDiv[i+1]
		for k := len(d) - 1; k > 0; k-- {
			vs = append(vs, d[k])
		}
		a, c := frontIdx(north, back[i]), frontIdx(north, back[i+1])
		for k := c; k > a; k-- {
			vs = append(vs, north[k])
		}
		vs = append(vs, northDiv[i][:len(northDiv[i])-1]...)
		polys = append(polys, orb.Polygon{ring(vs)})
	}

	// Courtyards and islands, then two-plot parcels.
	var out []Parcel
	hole := make([]bool, len(polys))
	var islands []orb.Polygon
	nFront := len(front) - 1
	for i := range polys {
		if i >= nFront || r.IntN(100) != 0 {
			continue
		}
		xa, xb := front[i]+1.2, front[i+1]-1.2
		ya, yb := y0+4, y0+9
		if xb-xa < 1 {
			continue
		}
		xm, yh := (xa+xb)/2, (ya+yb)/2
		h := []vtx{{xa, ya}, {xa - 0.2, yh}, {xa, yb}, {xm, yb + 0.5}, {xb, yb}, {xb + 0.2, yh}, {xb, ya}, {xm, ya - 0.3}} // clockwise
		polys[i] = append(polys[i], ring(h))
		hole[i] = true
		if r.IntN(2) == 0 {
			isl := make([]vtx, len(h))
			for k := range h {
				isl[k] = h[len(h)-1-k]
			}
			islands = append(islands, orb.Polygon{ring(isl)})
		}
	}
	for i := 0; i < len(polys); i++ {
		if polys[i] == nil { // the second plot of an earlier two-plot parcel
			continue
		}
		if i+2 < len(polys) && polys[i+2] != nil && (i+2 < nFront || i >= nFront) && r.IntN(100) == 0 {
			out = append(out, Parcel{Geometry: orb.MultiPolygon{polys[i], polys[i+2]}, Block: b, HasHole: hole[i] || hole[i+2]})
			polys[i+2] = nil
			continue
		}
		out = append(out, Parcel{Geometry: polys[i], Block: b, HasHole: hole[i]})
	}
	for _, isl := range islands {
		out = append(out, Parcel{Geometry: isl, Block: b, Island: true})
	}
	return out
}

func sortUnique(xs []float64) []float64 {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}
