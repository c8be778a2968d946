package main

import (
	"fmt"
	"html"
	"math"

	"github.com/diachi-vn/diachi/address/finding"
)

// The map's furniture (legend, scale bar, north arrow) and the placing of
// street and alley names so that no two overlap.

// label is a placed name: a rectangle of width w and height h centred on
// (x, y), turned by ang degrees.
type label struct {
	x, y, w, h, ang float64
}

// corners are the rectangle's corners, in order.
func (l label) corners() [4][2]float64 {
	s, c := math.Sincos(l.ang * math.Pi / 180)
	var out [4][2]float64
	for k, d := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		dx, dy := d[0]*l.w/2, d[1]*l.h/2
		out[k] = [2]float64{l.x + dx*c - dy*s, l.y + dx*s + dy*c}
	}
	return out
}

// overlaps reports whether two labels' rectangles meet (separating axis
// test on the four edge directions).
func (l label) overlaps(o label) bool {
	a, b := l.corners(), o.corners()
	for _, poly := range [2][4][2]float64{a, b} {
		for k := range 2 {
			ax := [2]float64{poly[k+1][0] - poly[k][0], poly[k+1][1] - poly[k][1]}
			minA, maxA := extent(a, ax)
			minB, maxB := extent(b, ax)
			if maxA < minB || maxB < minA {
				return false
			}
		}
	}
	return true
}

func extent(ps [4][2]float64, ax [2]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		d := p[0]*ax[0] + p[1]*ax[1]
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return lo, hi
}

// textWidth estimates the width of text in a sans-serif font of the given
// size: about 0.6 of the size a letter, diacritics taking no room.
func textWidth(s string, size float64) float64 {
	n := 0
	for range s {
		n++
	}
	return float64(n) * size * 0.6
}

// placer places labels along lines, each where it meets none placed
// before, trying the middle of its line first and then points further
// out; a name that fits nowhere is left off the map, and counted.
type placer struct {
	placed  []label
	skipped int
}

// place tries positions along the segment (x0, y0)-(x1, y1) for a label
// of width w and height h; ok is false when none is free.
func (p *placer) place(x0, y0, x1, y1, w, h float64) (label, bool) {
	ang := math.Atan2(y1-y0, x1-x0) * 180 / math.Pi
	if ang > 90 || ang < -90 {
		ang += 180 // never upside down
	}
	for _, t := range []float64{0.5, 0.38, 0.62, 0.26, 0.74, 0.14, 0.86} {
		l := label{x: x0 + t*(x1-x0), y: y0 + t*(y1-y0), w: w, h: h, ang: ang}
		free := true
		for _, o := range p.placed {
			if l.overlaps(o) {
				free = false
				break
			}
		}
		if free {
			p.placed = append(p.placed, l)
			return l, true
		}
	}
	p.skipped++
	return label{}, false
}

// mapWords are the words of the map's furniture in each language.
var mapWords = map[finding.Lang]map[string]string{
	finding.Vietnamese: {"legend": "Chú giải", "commune": "Ranh giới xã, phường", "parcel": "Thửa đất", "building": "Nhà",
		"street": "Đường, ngõ", "number": "Số nhà", "finding": "Sai sót cần xử lý", "north": "B"},
	finding.English: {"legend": "Legend", "commune": "Commune boundary", "parcel": "Parcel", "building": "Building",
		"street": "Street, alley", "number": "House number", "finding": "Finding to act on", "north": "N"},
}

// legend draws the key to the map's symbols in a box at (x, y).
func legend(e *errWriter, x, y float64, lang finding.Lang) {
	words := mapWords[lang]
	const row = 9.0
	e.printf(`<g id="legend" font-size="5" fill="#333">`+"\n"+`<rect x="%.1f" y="%.1f" width="86" height="%.1f" fill="#ffffff" fill-opacity="0.9" stroke="#999" stroke-width="0.4"/>`+"\n",
		x, y, 8+7*row)
	e.printf(`<text x="%.1f" y="%.1f" font-weight="bold">%s</text>`+"\n", x+4, y+8, html.EscapeString(words["legend"]))
	items := []struct{ key, symbol string }{
		{"commune", `<path d="M%[1]f %[2]f h12" fill="none" stroke="#8a7fb0" stroke-width="1.5" stroke-dasharray="3 2"/>`},
		{"parcel", `<rect x="%[1]f" y="%.1[3]f" width="12" height="6" fill="#f1eee4" stroke="#c9c2ae" stroke-width="0.4"/>`},
		{"building", `<rect x="%[1]f" y="%.1[3]f" width="12" height="6" fill="#d9cbb0" stroke="#9c8a6a" stroke-width="0.4"/>`},
		{"street", `<path d="M%[1]f %[2]f h12" fill="none" stroke="#c9c2ae" stroke-width="3.4"/><path d="M%[1]f %[2]f h12" fill="none" stroke="#ffffff" stroke-width="2.6"/>`},
		{"number", `<text x="%.1[4]f" y="%.1[5]f" font-size="4.5" fill="#1d3557" text-anchor="middle">12A</text>`},
		{"finding", `<path d="M%.1[4]f %.1[3]f a3 3 0 1 0 0.01 0" fill="none" stroke="#d62828" stroke-width="1"/>`},
	}
	for k, it := range items {
		cy := y + 8 + float64(k+1)*row
		sx := x + 4
		e.printf(it.symbol+"\n", sx, cy-2, cy-5, sx+6, cy)
		e.printf(`<text x="%.1f" y="%.1f" class="key">%s</text>`+"\n", sx+17, cy, html.EscapeString(words[it.key]))
	}
	e.printf("</g>\n")
}

// niceLength is the longest of 1, 2 or 5 times a power of ten that is at
// most max (metres).
func niceLength(max float64) float64 {
	if max <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(max)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= max {
			return m * p
		}
	}
	return p
}

// scaleBar draws a bar of a round length in metres, at most a fifth of
// the map's width, with its left end at (x, y); perMetre is map units a
// metre.
func scaleBar(e *errWriter, x, y, mapWidth, perMetre float64) float64 {
	m := niceLength(mapWidth / 5 / perMetre)
	w := m * perMetre
	e.printf(`<g id="scale" font-size="5" fill="#333" stroke="#333" stroke-width="0.6">` + "\n")
	e.printf(`<path d="M%.1f %.1f v-3 h%.1f v3" fill="none"/>`+"\n", x, y, w)
	e.printf(`<rect x="%.1f" y="%.1f" width="%.1f" height="1.5" fill="#333" stroke="none"/>`+"\n", x, y-3, w/2)
	e.printf(`<text x="%.1f" y="%.1f" stroke="none" text-anchor="middle">0</text><text x="%.1f" y="%.1f" stroke="none" text-anchor="middle">%s m</text>`+"\n",
		x, y+6, x+w, y+6, formatMetres(m))
	e.printf("</g>\n")
	return m
}

func formatMetres(m float64) string {
	if m >= 1 {
		return fmt.Sprintf("%.0f", m)
	}
	return fmt.Sprintf("%g", m)
}

// northArrow draws an arrow at (x, y) pointing to true north, dx, dy
// being the map direction of north (which differs from the grid's up by
// the meridian convergence of a TM-3 zone).
func northArrow(e *errWriter, x, y, dx, dy float64, lang finding.Lang) {
	n := math.Hypot(dx, dy)
	if n == 0 {
		dx, dy, n = 0, -1, 1
	}
	ang := math.Atan2(dx/n, -dy/n) * 180 / math.Pi // clockwise from the map's up
	e.printf(`<g id="north" transform="rotate(%.2f %.1f %.1f)">`+"\n", ang, x, y)
	e.printf(`<path d="M%.1f %.1f l5 14 l-5 -4 l-5 4 z" fill="#333"/>`+"\n", x, y-9)
	e.printf(`<text x="%.1f" y="%.1f" font-size="7" text-anchor="middle" fill="#333">%s</text>`+"\n", x, y-11, mapWords[lang]["north"])
	e.printf("</g>\n")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
