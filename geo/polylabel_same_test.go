package geo_test

import (
	"math"
	"os"
	"testing"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/internal/fabric"
)

// Parcel IDs are the GeoHash of a parcel's pole of inaccessibility: a
// faster search must find exactly the same point, to the last bit, or
// IDs computed by an earlier version would no longer match. The plain
// best-first search below is the reference.
func TestPolylabelSameAsPlainSearch(t *testing.T) {
	n := 400 // DIACHI_EXHAUSTIVE=1: 5,000 parcels
	if os.Getenv("DIACHI_EXHAUSTIVE") != "" {
		n = 5000
	}
	ps := fabric.All(fabric.Config{Seed: 11, Parcels: n})
	var pl geo.Plane
	for i, p := range ps {
		poly, ok := p.Geometry.(orb.Polygon)
		if !ok {
			poly = p.Geometry.(orb.MultiPolygon)[0]
		}
		if i == 0 {
			pl = geo.NewPlane(poly[0][0])
		}
		flat := make(orb.Polygon, len(poly))
		for k, r := range poly {
			flat[k] = make(orb.Ring, len(r))
			for j, q := range r {
				x, y := pl.XY(q)
				flat[k][j] = orb.Point{x, y}
			}
		}
		for _, prec := range []float64{0.1, 0.013} {
			got, gd, err := geo.PolylabelPlanar(flat, prec)
			want, wd, werr := plainPolylabel(flat, prec)
			if (err != nil) != (werr != nil) {
				t.Fatalf("parcel %d: error %v, plain search %v", i, err, werr)
			}
			if got != want || gd != wd {
				t.Fatalf("parcel %d at %g: %v (%v), plain search %v (%v)", i, prec, got, gd, want, wd)
			}
		}
	}
}

// plainPolylabel is the best-first search without shortcuts: every cell
// split is queued, the queue a binary heap by potential (ties by y then
// x), distances with math.Min.
func plainPolylabel(poly orb.Polygon, precision float64) (orb.Point, float64, error) {
	type cell struct{ x, y, h, d, max float64 }
	dist := func(x, y float64) float64 {
		inside := false
		minD2 := math.Inf(1)
		for _, r := range poly {
			n := len(r)
			for i, j := 0, n-1; i < n; j, i = i, i+1 {
				a, b := r[i], r[j]
				if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
					inside = !inside
				}
				px, py := a[0], a[1]
				dx, dy := b[0]-px, b[1]-py
				if dx != 0 || dy != 0 {
					t := ((x-px)*dx + (y-py)*dy) / (dx*dx + dy*dy)
					if t > 1 {
						px, py = b[0], b[1]
					} else if t > 0 {
						px += dx * t
						py += dy * t
					}
				}
				dx, dy = x-px, y-py
				minD2 = math.Min(minD2, dx*dx+dy*dy)
			}
		}
		if d := math.Sqrt(minD2); inside {
			return d
		} else {
			return -d
		}
	}
	mk := func(x, y, h float64) cell {
		d := dist(x, y)
		return cell{x, y, h, d, d + h*math.Sqrt2}
	}
	var q []cell
	before := func(a, b cell) bool {
		if a.max != b.max {
			return a.max > b.max
		}
		if a.y != b.y {
			return a.y < b.y
		}
		return a.x < b.x
	}
	push := func(c cell) {
		q = append(q, c)
		for i := len(q) - 1; i > 0; {
			p := (i - 1) / 2
			if !before(q[i], q[p]) {
				break
			}
			q[i], q[p] = q[p], q[i]
			i = p
		}
	}
	pop := func() cell {
		top := q[0]
		n := len(q) - 1
		q[0] = q[n]
		q = q[:n]
		for i := 0; ; {
			l, r, m := 2*i+1, 2*i+2, i
			if l < n && before(q[l], q[m]) {
				m = l
			}
			if r < n && before(q[r], q[m]) {
				m = r
			}
			if m == i {
				break
			}
			q[i], q[m] = q[m], q[i]
			i = m
		}
		return top
	}
	b := poly[0].Bound()
	w, hgt := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	size := math.Min(w, hgt)
	if long := math.Max(w, hgt); long/size > 1024 {
		size = long / 1024
	}
	h := size / 2
	for x := b.Min[0]; x < b.Max[0]; x += size {
		for y := b.Min[1]; y < b.Max[1]; y += size {
			push(mk(x+h, y+h, h))
		}
	}
	best := mk(b.Min[0]+w/2, b.Min[1]+hgt/2, 0)
	// The area centroid of the outer ring, relative to its first vertex.
	r := poly[0]
	ox, oy := r[0][0], r[0][1]
	var a, cx, cy float64
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		ax, ay := r[i][0]-ox, r[i][1]-oy
		bx, by := r[j][0]-ox, r[j][1]-oy
		f := ax*by - bx*ay
		cx += (ax + bx) * f
		cy += (ay + by) * f
		a += f * 3
	}
	if a != 0 {
		if c := mk(ox+cx/a, oy+cy/a, 0); c.d > best.d {
			best = c
		}
	}
	for len(q) > 0 {
		c := pop()
		if c.d > best.d {
			best = c
		}
		if c.max-best.d <= precision {
			continue
		}
		h := c.h / 2
		push(mk(c.x-h, c.y-h, h))
		push(mk(c.x+h, c.y-h, h))
		push(mk(c.x-h, c.y+h, h))
		push(mk(c.x+h, c.y+h, h))
	}
	return orb.Point{best.x, best.y}, best.d, nil
}
