package cell

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// MaxResolution is the finest H3 resolution (cells of about 0.9 m²).
const MaxResolution = 15

// MaxCells bounds how many cells one call may return (children, rings,
// coverings): a request for more gets [ErrTooMany] rather than gigabytes.
const MaxCells = 1 << 22

// Errors. Every error from this package wraps one of them.
var (
	ErrResolution   = errors.New("cell: resolution outside 0-15")
	ErrInvalidPoint = errors.New("cell: invalid point")
	ErrInvalidCell  = errors.New("cell: invalid cell")
	ErrTooMany      = errors.New("cell: too many cells")
	ErrH3           = errors.New("cell: H3 failed")
)

// Cell is an H3 cell index. The zero Cell is invalid.
type Cell uint64

func (c Cell) h3() h3.Cell { return h3.Cell(int64(c)) }

func checkRes(res int) error {
	if res < 0 || res > MaxResolution {
		return fmt.Errorf("%w: %d", ErrResolution, res)
	}
	return nil
}

// FromPoint returns the cell holding p (WGS84 lon, lat) at resolution res.
func FromPoint(p orb.Point, res int) (Cell, error) {
	if err := checkRes(res); err != nil {
		return 0, err
	}
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) ||
		p[1] < -90 || p[1] > 90 || p[0] < -180 || p[0] > 180 {
		return 0, fmt.Errorf("%w: (%g, %g)", ErrInvalidPoint, p[0], p[1])
	}
	c, err := h3.LatLngToCell(h3.NewLatLng(p[1], p[0]), res)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrH3, err)
	}
	return Cell(c), nil
}

// Parse reads a cell written as 15 hexadecimal digits (e.g.
// "8865b5a2d1fffff"), either case.
func Parse(s string) (Cell, error) {
	if len(s) == 0 || len(s) > 16 {
		return 0, fmt.Errorf("%w: %q is not 15 hexadecimal digits", ErrInvalidCell, s)
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		d := s[i]
		switch {
		case d >= '0' && d <= '9':
			d -= '0'
		case d >= 'a' && d <= 'f':
			d -= 'a' - 10
		case d >= 'A' && d <= 'F':
			d -= 'A' - 10
		default:
			return 0, fmt.Errorf("%w: %q: %q at byte %d is not a hexadecimal digit", ErrInvalidCell, s, s[i], i)
		}
		v = v<<4 | uint64(d)
	}
	c := Cell(v)
	if !c.IsValid() {
		return 0, fmt.Errorf("%w: %q is not an H3 cell", ErrInvalidCell, s)
	}
	return c, nil
}

// IsValid reports whether c is a valid H3 cell.
func (c Cell) IsValid() bool { return c != 0 && c.h3().IsValid() }

// String returns the cell in hexadecimal ("" for an invalid cell).
func (c Cell) String() string {
	if !c.IsValid() {
		return ""
	}
	return c.h3().String()
}

// AppendText appends the text form.
func (c Cell) AppendText(b []byte) ([]byte, error) { return append(b, c.String()...), nil }

// MarshalText returns the text form.
func (c Cell) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText parses text; empty text gives the zero Cell.
func (c *Cell) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = 0
		return nil
	}
	p, err := Parse(string(text))
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// Resolution returns the cell's resolution (-1 for an invalid cell).
func (c Cell) Resolution() int {
	if !c.IsValid() {
		return -1
	}
	return c.h3().Resolution()
}

func (c Cell) check() error {
	if !c.IsValid() {
		return fmt.Errorf("%w: %x", ErrInvalidCell, uint64(c))
	}
	return nil
}

// Center returns the cell's centre (lon, lat).
func (c Cell) Center() (orb.Point, error) {
	if err := c.check(); err != nil {
		return orb.Point{}, err
	}
	ll, err := c.h3().LatLng()
	if err != nil {
		return orb.Point{}, fmt.Errorf("%w: %w", ErrH3, err)
	}
	return orb.Point{ll.Lng, ll.Lat}, nil
}

// Boundary returns the cell's outline as a closed ring (lon, lat).
func (c Cell) Boundary() (orb.Ring, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	b, err := c.h3().Boundary()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrH3, err)
	}
	r := make(orb.Ring, 0, len(b)+1)
	for _, ll := range b {
		r = append(r, orb.Point{ll.Lng, ll.Lat})
	}
	return append(r, r[0]), nil
}

// Parent returns the cell's ancestor at a coarser resolution res. Because
// cells do not nest, it is not always the cell of the same point at res.
func (c Cell) Parent(res int) (Cell, error) {
	if err := c.check(); err != nil {
		return 0, err
	}
	if err := checkRes(res); err != nil {
		return 0, err
	}
	if res > c.Resolution() {
		return 0, fmt.Errorf("%w: parent at %d is finer than the cell's %d", ErrResolution, res, c.Resolution())
	}
	p, err := c.h3().Parent(res)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrH3, err)
	}
	return Cell(p), nil
}

// Children returns the descendants at a finer resolution res, sorted.
func (c Cell) Children(res int) ([]Cell, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := checkRes(res); err != nil {
		return nil, err
	}
	d := res - c.Resolution()
	if d < 0 {
		return nil, fmt.Errorf("%w: children at %d are coarser than the cell's %d", ErrResolution, res, c.Resolution())
	}
	if math.Pow(7, float64(d)) > MaxCells {
		return nil, fmt.Errorf("%w: 7^%d children", ErrTooMany, d)
	}
	ch, err := c.h3().Children(res)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrH3, err)
	}
	return sorted(ch), nil
}

// Disk returns the cells within k steps of c (c included), sorted: 1, 7,
// 19, … 3k(k+1)+1 cells away from pentagons.
func (c Cell) Disk(k int) ([]Cell, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if k < 0 || 3*float64(k)*float64(k+1)+1 > MaxCells {
		return nil, fmt.Errorf("%w: ring of radius %d", ErrTooMany, k)
	}
	ds, err := c.h3().GridDisk(k)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrH3, err)
	}
	return sorted(ds), nil
}

// Mode chooses which cells cover a polygon.
type Mode int

const (
	// Centers: the cells whose centre lies inside the polygon (H3's
	// classic polyfill); a tiling of the polygon's interior.
	Centers Mode = iota
	// Overlapping: every cell that shares a point with the polygon; a full
	// cover, for pre-filtering.
	Overlapping
)

// Cover returns the cells of resolution res that cover poly (lon, lat,
// holes allowed) in the given mode, sorted.
func Cover(poly orb.Polygon, res int, mode Mode) ([]Cell, error) {
	if err := checkRes(res); err != nil {
		return nil, err
	}
	if len(poly) == 0 || len(poly[0]) < 4 {
		return nil, fmt.Errorf("%w: a polygon needs a closed outer ring", ErrInvalidPoint)
	}
	var gp h3.GeoPolygon
	for i, r := range poly {
		loop := make(h3.GeoLoop, 0, len(r))
		for j, p := range r {
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) ||
				p[1] < -90 || p[1] > 90 || p[0] < -180 || p[0] > 180 {
				return nil, fmt.Errorf("%w: ring %d vertex %d (%g, %g)", ErrInvalidPoint, i, j, p[0], p[1])
			}
			if j == len(r)-1 && p == r[0] {
				break // H3 loops are implicitly closed
			}
			loop = append(loop, h3.NewLatLng(p[1], p[0]))
		}
		if i == 0 {
			gp.GeoLoop = loop
		} else {
			gp.Holes = append(gp.Holes, loop)
		}
	}
	// Estimate the count first: H3 would allocate for all of them.
	b := poly.Bound()
	area := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) * 111e3 * 111e3 // m², generous
	avg, err := h3.HexagonAreaAvgM2(res)
	if err == nil && area/avg > MaxCells {
		return nil, fmt.Errorf("%w: about %.0f cells at resolution %d", ErrTooMany, area/avg, res)
	}
	m := h3.ContainmentCenter
	if mode == Overlapping {
		m = h3.ContainmentOverlapping
	}
	cs, err := h3.PolygonToCellsExperimental(gp, res, m)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrH3, err)
	}
	return sorted(cs), nil
}

func sorted(cs []h3.Cell) []Cell {
	out := make([]Cell, 0, len(cs))
	for _, c := range cs {
		if c != 0 {
			out = append(out, Cell(c))
		}
	}
	slices.Sort(out)
	return out
}
