// Package towngen generates a sample Vietnamese town for the registry: a
// street grid in VN-2000 / TM-3 105°45′ (EPSG:9210) with named east-west
// and north-south streets, radial streets from a square, alleys and
// sub-alleys, parcels keyed by commune, map sheet and parcel number,
// buildings with entrances, two housing groups, an apartment block,
// planned lots, two 2025 communes (Phường Tân Thuận and Phường Phú Thuận
// of Thành phố Hồ Chí Minh, with their five legacy wards and their
// postcodes), and a set of deliberate errors that validation must find.
//
// The unit names and codes and the postcodes are real; the geometry is
// invented. The eastern commune, where the east-west streets start (they
// are numbered towards the west), is an old quarter whose houses already
// carry numbers (those the registry gives the error-free town); the
// western one is new and unnumbered. Same Config, same town, to the byte.
// The grid grows with Config.Cols and Config.Rows for benchmarks (about
// 55 parcels a block).
package towngen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
	"github.com/diachi-vn/diachi/geo/geohash"
	"github.com/diachi-vn/diachi/postal"
)

// Config chooses the town.
type Config struct {
	Seed       uint64
	Cols, Rows int // blocks east-west and north-south (at least 2 each)
	// Errors plants the deliberate errors (the sample has them; a
	// benchmark town may not).
	Errors bool
	// ParcelIDs stores a parcel ID on every parcel (parcel_id: the
	// GeoHash-12 of its centre, the pole of a rectangle), as a land
	// office's parcels carry theirs; without it the registry computes
	// them.
	ParcelIDs bool
	// Prenumber gives the eastern commune's houses the numbers of the
	// error-free town (a registry build of it, so it costs one build).
	Prenumber bool
}

// Planted is a deliberate error: the finding validation must report.
type Planted struct {
	Layer, Record string
	Reason        finding.Reason
	What          string // what was done, in words
}

// Town is a generated town.
type Town struct {
	Source  *registry.Source
	Planted []Planted
}

// Geometry, metres.
const (
	blockW, blockH = 120.0, 100.0
	nsWidth        = 12.0 // north-south streets
	ewWidth        = 16.0 // east-west streets: wider, so corner houses are numbered on them
	stepX          = blockW + nsWidth
	stepY          = blockH + ewWidth
)

// The communes (2025) and their legacy wards, with the part of the town
// each covers.
const (
	tanThuan = "27478" // Phường Tân Thuận
	phuThuan = "27484" // Phường Phú Thuận
	// The old quarter, where errors are planted, and the other commune.
	oldQuarter, newQuarter = phuThuan, tanThuan
)

var (
	ewNames = []string{"Nguyễn Văn Linh", "Nguyễn Thị Thập", "Lê Văn Lương", "Trần Xuân Soạn", "Lâm Văn Bền", "Tân Mỹ", "Nguyễn Hữu Thọ", "Phạm Hữu Lầu"}
	nsNames = []string{"Huỳnh Tấn Phát", "Bùi Văn Ba", "Gò Ô Môi", "Đào Trí", "Nguyễn Lương Bằng", "Tôn Dật Tiên", "Phan Văn Chương", "Lý Phục Man"}
	radial  = []string{"Hoàng Quốc Việt", "Mai Văn Vĩnh", "Phú Thuận"}
)

func streetName(names []string, k int) string {
	if k < len(names) {
		return "Đường " + names[k]
	}
	return fmt.Sprintf("Đường số %d", k+1)
}

type gen struct {
	cfg    Config
	origin orb.Point // south-west corner, EPSG:9210 metres
	src    *registry.Source
	rng    *rand.Rand
	toWGS  *crs.Transformer
	sheets map[string]int // commune -> parcels on the current sheet
	xMid   float64
	nBld   int
	clean  *registry.Registry
}

// Generate builds the town.
func Generate(ctx context.Context, cfg Config) (*Town, error) {
	if cfg.Cols < 2 || cfg.Rows < 2 {
		return nil, fmt.Errorf("town: at least 2×2 blocks, got %d×%d", cfg.Cols, cfg.Rows)
	}
	tr, err := crs.NewTransformer(crs.WGS84, crs.TM3_10545)
	if err != nil {
		return nil, err
	}
	e, n, err := tr.Transform(10.7440, 106.7270)
	if err != nil {
		return nil, err
	}
	back, err := crs.NewTransformer(crs.TM3_10545, crs.WGS84)
	if err != nil {
		return nil, err
	}
	g := &gen{cfg: cfg, toWGS: back, origin: orb.Point{math.Round(e), math.Round(n)}, src: &registry.Source{CRS: crs.TM3_10545},
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x70776e)), xMid: float64(cfg.Cols/2) * stepX}
	g.streets()
	for j := 0; j < cfg.Rows; j++ {
		for i := 0; i < cfg.Cols; i++ {
			g.block(i, j)
		}
	}
	g.plaza()
	g.communes()
	t := &Town{Source: g.src}
	if cfg.Prenumber {
		if err := g.prenumber(ctx); err != nil {
			return nil, err
		}
	}
	if cfg.Errors {
		if err := g.plant(ctx, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// pt is a point of the town in EPSG:9210, to the millimetre (so the
// files written hold exactly the town generated).
func (g *gen) pt(x, y float64) orb.Point {
	return orb.Point{math.Round((g.origin[0]+x)*1000) / 1000, math.Round((g.origin[1]+y)*1000) / 1000}
}

func (g *gen) rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{g.pt(x0, y0), g.pt(x1, y0), g.pt(x1, y1), g.pt(x0, y1), g.pt(x0, y0)}}
}

// props makes attributes from keys and values, in one allocation of the
// exact size (a town of a million buildings holds them all).
func props(kv ...any) registry.Props {
	ps := make(registry.Props, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		ps = append(ps, registry.Prop{Key: kv[i].(string), Value: kv[i+1]})
	}
	return ps
}

func (g *gen) streets() {
	c, r := g.cfg.Cols, g.cfg.Rows
	for j := 0; j <= r; j++ {
		y := float64(j) * stepY
		g.src.Streets = append(g.src.Streets, registry.Feature{
			Geometry: orb.LineString{g.pt(0, y), g.pt(float64(c)*stepX, y)},
			Props:    props("id", fmt.Sprintf("ew-%d", j), "name", streetName(ewNames, j), "cross_section", int64(ewWidth)),
		})
	}
	for i := 0; i <= c; i++ {
		x := float64(i) * stepX
		g.src.Streets = append(g.src.Streets, registry.Feature{
			Geometry: orb.LineString{g.pt(x, 0), g.pt(x, float64(r)*stepY)},
			Props:    props("id", fmt.Sprintf("ns-%d", i), "name", streetName(nsNames, i), "cross_section", int64(nsWidth)),
		})
	}
}

// commune of a point of the town (local metres).
func (g *gen) commune(x float64) string {
	if x < g.xMid {
		return tanThuan
	}
	return phuThuan
}

// parcel adds a parcel on sheet and returns its number.
func (g *gen) parcel(geom orb.Geometry, commune string, sheet int, extra ...any) int {
	key := fmt.Sprintf("%s/%d", commune, sheet)
	if g.sheets == nil {
		g.sheets = map[string]int{}
	}
	g.sheets[key]++
	n := g.sheets[key]
	kv := append([]any{"commune", commune, "sheet", int64(sheet), "number", int64(n)}, extra...)
	if g.cfg.ParcelIDs {
		// Every lot is a rectangle: its centre is the middle of a diagonal.
		r := geom.(orb.Polygon)[0]
		c := orb.Point{(r[0][0] + r[2][0]) / 2, (r[0][1] + r[2][1]) / 2}
		lat, lon, err := g.toWGS.Transform(c[0], c[1])
		if err == nil {
			if h, err := geohash.Encode(lat, lon, 12); err == nil {
				kv = append(kv, "parcel_id", h.String())
			}
		}
	}
	g.src.Parcels = append(g.src.Parcels, registry.Feature{Geometry: geom, Props: props(kv...)})
	return n
}

type door struct {
	x, y   float64
	street string
	main   bool
}

// building adds a building with its footprint (or a point for a planned
// lot), on the parcel (sheet, number); one door is given by the street
// attribute, two or more as entrances.
func (g *gen) building(geom orb.Geometry, sheet, number int, doors []door, extra ...any) string {
	g.nBld++
	id := fmt.Sprintf("b%06d", g.nBld)
	kv := []any{"id", id, "parcel_sheet", int64(sheet), "parcel_number", int64(number)}
	if len(doors) == 1 {
		kv = append(kv, "street", doors[0].street)
	} else {
		for _, d := range doors {
			g.src.Entrances = append(g.src.Entrances, registry.Feature{Geometry: g.pt(d.x, d.y),
				Props: props("building", id, "street", d.street, "main", d.main)})
		}
	}
	g.src.Buildings = append(g.src.Buildings, registry.Feature{Geometry: geom, Props: props(append(kv, extra...)...)})
	return id
}

// lot adds a parcel [x0,x1]×[y0,y1] (block-local metres offset by ox, oy)
// with a house whose front faces dir ('S', 'N', 'W', 'E') on street.
func (g *gen) lot(ox, oy, x0, y0, x1, y1 float64, sheet int, dir byte, street string, extraDoors []door, extra ...any) {
	X0, Y0, X1, Y1 := ox+x0, oy+y0, ox+x1, oy+y1
	commune := g.commune((X0 + X1) / 2)
	n := g.parcel(g.rect(X0, Y0, X1, Y1), commune, sheet)
	// Footprint: the front 60% of the lot, half a metre in from its sides.
	var b orb.Polygon
	var d door
	switch dir {
	case 'S':
		b = g.rect(X0+0.5, Y0+1, X1-0.5, Y0+1+0.6*(Y1-Y0))
		d = door{(X0 + X1) / 2, Y0 + 1, street, true}
	case 'N':
		b = g.rect(X0+0.5, Y1-1-0.6*(Y1-Y0), X1-0.5, Y1-1)
		d = door{(X0 + X1) / 2, Y1 - 1, street, true}
	case 'W':
		b = g.rect(X0+1, Y0+0.5, X0+1+0.6*(X1-X0), Y1-0.5)
		d = door{X0 + 1, (Y0 + Y1) / 2, street, true}
	case 'E':
		b = g.rect(X1-1-0.6*(X1-X0), Y0+0.5, X1-1, Y1-0.5)
		d = door{X1 - 1, (Y0 + Y1) / 2, street, true}
	}
	g.building(b, sheet, n, append([]door{d}, extraDoors...), extra...)
}

func (g *gen) block(i, j int) {
	ox, oy := float64(i)*stepX+nsWidth/2, float64(j)*stepY+ewWidth/2
	sheet := j*g.cfg.Cols + i + 1
	south, north := fmt.Sprintf("ew-%d", j), fmt.Sprintf("ew-%d", j+1)
	west, east := fmt.Sprintf("ns-%d", i), fmt.Sprintf("ns-%d", i+1)
	alley := (i+j)%3 == 1
	// South and north rows: 20 lots of 6 m (18 of 6.33 m beside an alley
	// in the south row); corner lots have a second door on the cross
	// street.
	row := func(y0, y1 float64, dir byte, street string, gap bool) {
		var xs []float64
		if gap {
			for k := 0; k <= 9; k++ {
				xs = append(xs, float64(k)*57.0/9)
			}
			for k := 0; k <= 9; k++ {
				xs = append(xs, 63+float64(k)*57.0/9)
			}
		} else {
			for k := 0; k <= 20; k++ {
				xs = append(xs, float64(k)*6)
			}
		}
		for k := 0; k+1 < len(xs); k++ {
			if gap && k == 9 {
				continue // the alley
			}
			var extra []door
			ym := (y0 + y1) / 2
			if k == 0 {
				extra = []door{{ox + 0.5, oy + ym, west, false}}
			}
			if k == len(xs)-2 {
				extra = []door{{ox + blockW - 0.5, oy + ym, east, false}}
			}
			g.lot(ox, oy, xs[k], y0, xs[k+1], y1, sheet, dir, street, extra)
		}
	}
	row(0, 30, 'S', south, alley)
	row(70, 100, 'N', north, false)
	// Middle band: lots facing the west street.
	for k := 0; k < 5; k++ {
		g.lot(ox, oy, 0, 30+float64(k)*8, 20, 38+float64(k)*8, sheet, 'W', west, nil)
	}
	if !alley {
		for k := 0; k < 5; k++ {
			g.lot(ox, oy, 100, 30+float64(k)*8, 120, 38+float64(k)*8, sheet, 'E', east, nil)
		}
		g.centre(i, j, ox, oy, sheet, west, north)
		return
	}
	// The alley, from the south street north to y 68, and its sub-alley
	// east from it at y 50.
	aid, sid := fmt.Sprintf("a-%d-%d", i, j), fmt.Sprintf("s-%d-%d", i, j)
	g.src.Streets = append(g.src.Streets,
		registry.Feature{Geometry: orb.LineString{g.pt(ox+60, oy-ewWidth/2), g.pt(ox+60, oy+68)},
			Props: props("id", aid, "parent", south, "cross_section", int64(4))},
		registry.Feature{Geometry: orb.LineString{g.pt(ox+60, oy+50), g.pt(ox+112, oy+50)},
			Props: props("id", sid, "parent", aid, "cross_section", int64(3))})
	for k := 0; k < 5; k++ {
		g.lot(ox, oy, 45, 30+float64(k)*8, 58, 38+float64(k)*8, sheet, 'E', aid, nil)
	}
	for _, y := range []float64{30, 38, 54, 62} {
		g.lot(ox, oy, 62, y, 75, y+8, sheet, 'W', aid, nil)
	}
	for k := 0; k < 6; k++ {
		x := 76 + float64(k)*6
		g.lot(ox, oy, x, 52, x+6, 64, sheet, 'S', sid, nil)
		g.lot(ox, oy, x, 36, x+6, 48, sheet, 'N', sid, nil)
	}
	// Open land between the west lots and the alley lots.
	g.parcel(g.rect(ox+20, oy+30, ox+45, oy+70), g.commune(ox+30), sheet, "land_use", "CXD")
}

// centre fills the middle of a block without an alley: open land, or a
// housing group, or the apartment block.
func (g *gen) centre(i, j int, ox, oy float64, sheet int, west, north string) {
	switch {
	case i == 1 && j == 1:
		// Two housing groups of four villas, entered from the west street.
		for k := 0; k < 8; k++ {
			x0 := 20 + float64(k/4)*40
			y0 := 30 + float64(k%4)*10
			grp := "A"
			if k >= 4 {
				grp = "B"
			}
			g.lot(ox, oy, x0, y0, x0+40, y0+10, sheet, 'W', west, nil, "group", grp)
		}
	case i == 0 && j == 1:
		// The apartment block, entered from the north street.
		n := g.parcel(g.rect(ox+20, oy+30, ox+100, oy+70), g.commune(ox+60), sheet, "land_use", "ODT")
		g.building(g.rect(ox+30, oy+35, ox+90, oy+65), sheet, n, []door{{ox + 60, oy + 65, north, true}},
			"name", "Chung cư Tân Thuận", "floors", int64(20), "flats_per_floor", int64(8))
	default:
		g.parcel(g.rect(ox+20, oy+30, ox+100, oy+70), g.commune(ox+60), sheet, "land_use", "CXD")
	}
}

// plaza adds a square east of the grid with three radial streets and
// their lots; two lots are planned (no building yet).
func (g *gen) plaza() {
	cx := float64(g.cfg.Cols)*stepX + 200
	cy := float64(g.cfg.Rows) * stepY / 2
	centre := g.pt(cx, cy)
	sheet := 900
	for k, a := range []float64{0, 60, -60} {
		rad := a * math.Pi / 180
		u := orb.Point{math.Cos(rad), math.Sin(rad)}
		nrm := orb.Point{-u[1], u[0]}
		at := func(s, t float64) (float64, float64) { return cx + s*u[0] + t*nrm[0], cy + s*u[1] + t*nrm[1] }
		id := fmt.Sprintf("r-%d", k)
		x0, y0 := at(15, 0)
		x1, y1 := at(220, 0)
		g.src.Streets = append(g.src.Streets, registry.Feature{Geometry: orb.LineString{g.pt(x0, y0), g.pt(x1, y1)},
			Props: props("id", id, "name", "Đường "+radial[k], "cross_section", int64(20), "centre_x", centre[0], "centre_y", centre[1])})
		for _, side := range []float64{1, -1} {
			for s := 65.0; s+10 <= 215; s += 10 {
				poly := func(s0, s1, t0, t1 float64) orb.Polygon {
					var r orb.Ring
					for _, st := range [][2]float64{{s0, t0}, {s1, t0}, {s1, t1}, {s0, t1}, {s0, t0}} {
						x, y := at(st[0], side*st[1])
						r = append(r, g.pt(x, y))
					}
					if side < 0 {
						slices.Reverse(r)
					}
					return orb.Polygon{r}
				}
				n := g.parcel(poly(s, s+10, 10, 30), phuThuan, sheet)
				dx, dy := at(s+5, side*11)
				if s == 105 && side > 0 || s == 155 && side < 0 {
					px, py := at(s+5, side*20)
					g.building(g.pt(px, py), sheet, n, []door{{dx, dy, id, true}}, "planned", true)
					continue
				}
				g.building(poly(s+0.5, s+9.5, 11, 23), sheet, n, []door{{dx, dy, id, true}})
			}
		}
	}
}

// communes adds the two 2025 communes (split at the middle north-south
// street), their five legacy wards and their postal zones.
func (g *gen) communes() {
	x0, y0 := -60.0, -300.0
	x1 := float64(g.cfg.Cols)*stepX + 500
	y1 := float64(g.cfg.Rows)*stepY + 300
	for _, c := range []struct {
		code   string
		x0, x1 float64
	}{{tanThuan, x0, g.xMid}, {phuThuan, g.xMid, x1}} {
		g.src.Communes = append(g.src.Communes, registry.Feature{Geometry: g.rect(c.x0, y0, c.x1, y1), Props: props("code", c.code)})
		pc, _ := postal.ForCommune(mustCommune(c.code))
		g.src.PostalZones = append(g.src.PostalZones, registry.Feature{Geometry: g.rect(c.x0, y0, c.x1, y1), Props: props("postcode", pc.String())})
	}
	// Legacy wards: Tân Thuận was Tân Thuận Đông, Tân Thuận Tây and
	// Bình Thuận; Phú Thuận was Phú Thuận and Phú Mỹ. Boundaries along
	// east-west streets.
	third := math.Round(float64(g.cfg.Rows)/3) * stepY
	half := math.Round(float64(g.cfg.Rows)/2) * stepY
	for _, w := range []struct {
		code           string
		x0, y0, x1, y1 float64
	}{
		{"27469", x0, y0, g.xMid, third},        // Tân Thuận Tây
		{"27466", x0, third, g.xMid, 2 * third}, // Tân Thuận Đông
		{"27478", x0, 2 * third, g.xMid, y1},    // Bình Thuận
		{"27484", g.xMid, y0, x1, half},         // Phú Thuận
		{"27493", g.xMid, half, x1, y1},         // Phú Mỹ
	} {
		g.src.Communes = append(g.src.Communes, registry.Feature{Geometry: g.rect(w.x0, w.y0, w.x1, w.y1), Props: props("code", "legacy:commune:"+w.code)})
	}
}

// index is a record's position in its layer.
func index(r interface{ Index() (int, bool) }) int {
	i, _ := r.Index()
	return i
}

func mustCommune(code string) admin.Code {
	u, err := admin.Load(admin.V2025).Lookup(admin.Commune, code)
	if err != nil {
		panic(err) // the two codes above are in the embedded table
	}
	return u.Code
}

func legacyName(c admin.Code) string {
	u, _ := admin.Load(admin.Legacy).Unit(c)
	return u.Name
}

// localX is the easting of a street's first point, in town metres.
func (g *gen) localX(f registry.Feature) float64 {
	return f.Geometry.(orb.LineString)[0][0] - g.origin[0]
}

// prenumber gives the old quarter's houses and alleys the numbers
// the registry assigns to the error-free town, with the written address
// (commune, postcode) an old quarter has.
func (g *gen) prenumber(ctx context.Context) error {
	// Built from a copy: the source is changed below, and a registry owns
	// the features it is built from.
	reg, err := registry.Build(ctx, g.src.Clone(), registry.Options{DemoKey: true})
	if err != nil {
		return fmt.Errorf("town: numbering the clean town: %w", err)
	}
	g.clean = reg
	for h := range reg.Houses() {
		if _, ok := h.Street(); !ok || h.Commune != mustCommune(oldQuarter) {
			continue
		}
		f := &g.src.Buildings[index(h.Ref())]
		f.Props = append(f.Props, registry.Prop{Key: "number", Value: h.Number.String()})
		// Half write the 2025 commune, half their legacy ward.
		if g.rng.IntN(2) == 0 {
			f.Props = append(f.Props, registry.Prop{Key: "commune", Value: "Phường Phú Thuận"})
		} else {
			f.Props = append(f.Props, registry.Prop{Key: "commune", Value: legacyName(h.Legacy)})
		}
		f.Props = append(f.Props, registry.Prop{Key: "postcode", Value: h.Postcode.String()})
	}
	for s := range reg.Streets() {
		if _, alley := s.Parent(); !alley || !s.Number.IsValid() || s.Line == nil {
			continue
		}
		if i := index(s.Ref()); g.commune(g.localX(g.src.Streets[i])) == oldQuarter {
			f := &g.src.Streets[i]
			f.Props = append(f.Props, registry.Prop{Key: "number", Value: s.Number.String()})
		}
	}
	return nil
}
