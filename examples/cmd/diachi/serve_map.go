package main

import (
	"container/list"
	"math"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/project"
	"github.com/tidwall/rtree"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
)

// The map layers, in drawing order, and the least zoom each is drawn at
// in GeoJSON and in tiles: below it a tile of a city would hold hundreds
// of thousands of parcels. Tiles carry parcels and buildings from zoom 17
// on, as map servers do: a zoom-16 tile of a dense town would hold some
// 1,300 of each (220 KB, tens of milliseconds to make), more than a map
// at that scale can show.
var mapLayers = []struct {
	name              string
	minZoom, tileZoom int
}{
	{"communes", 0, 0},
	{"parcels", 16, 17},
	{"buildings", 16, 17},
	{"streets", 14, 14},
	{"houses", 17, 17},
	{"findings", 15, 15},
}

const (
	maxTileZoom      = 22
	maxFeatureCount  = 20000     // features in one /api/features answer
	tileCacheBytes   = 256 << 20 // tiles kept encoded
	mvtContentType   = "application/vnd.mapbox-vector-tile"
	featureBufferPct = 1.0 / 16 // tiles take features this far past their edge, for lines and labels
)

// mapFeature is one feature of a map layer in WGS84, with the few
// attributes tiles and the page show (their meaning depends on the layer).
type mapFeature struct {
	geom    orb.Geometry
	a, b, c string
	flag    bool
}

type mapLayer struct {
	name              string
	minZoom, tileZoom int
	feats             []mapFeature
	tree              rtree.RTreeG[int32]
}

func (l *mapLayer) add(f mapFeature) {
	if f.geom == nil {
		return
	}
	b := f.geom.Bound()
	l.tree.Insert(b.Min, b.Max, int32(len(l.feats)))
	l.feats = append(l.feats, f)
}

// props are a feature's attributes as tiles and GeoJSON carry them; the
// flag "finding" only where it is true (a tile spends most of its time
// on attributes).
func (l *mapLayer) props(f *mapFeature) geojson.Properties {
	var p geojson.Properties
	switch l.name {
	case "communes":
		p = geojson.Properties{"code": f.a, "name": f.b}
	case "parcels":
		p = geojson.Properties{"key": f.a, "parcel_id": f.b}
	case "buildings":
		p = geojson.Properties{"id": f.a}
	case "streets":
		p = geojson.Properties{"id": f.a, "name": f.b}
	case "houses":
		p = geojson.Properties{"number": f.a, "address_id": f.b, "building": f.c}
	case "findings":
		p = geojson.Properties{"reason": f.a, "record": f.b, "evidence": f.c}
	default:
		p = geojson.Properties{}
	}
	if f.flag {
		p["finding"] = true
	}
	return p
}

// mapData is the registry drawn in WGS84, each layer with its own index:
// built once when the service starts, read only after.
type mapData struct {
	layers []*mapLayer
}

func newMapData(reg *registry.Registry, findings []registry.Finding) (*mapData, error) {
	md := &mapData{}
	layer := map[string]*mapLayer{}
	for _, l := range mapLayers {
		ml := &mapLayer{name: l.name, minZoom: l.minZoom, tileZoom: l.tileZoom}
		md.layers = append(md.layers, ml)
		layer[l.name] = ml
	}
	flagged := map[string]bool{}
	for _, f := range findings {
		flagged[f.Layer+"\x00"+f.Record] = true
	}
	toWGS, err := wgs84Projection(reg.CRS())
	if err != nil {
		return nil, err
	}
	src := reg.Source()
	geom := func(g orb.Geometry) orb.Geometry {
		if g == nil {
			return nil
		}
		var perr error
		g = project.Geometry(g, func(p orb.Point) orb.Point {
			q, err := toWGS(p)
			if err != nil && perr == nil {
				perr = err
			}
			return q
		})
		if perr != nil {
			return nil // drawn nowhere, as the registry indexes it nowhere; its findings say why
		}
		return g
	}
	for _, f := range src.Communes {
		code := f.Props.String("code")
		var c admin.Code
		if len(code) == 5 {
			c, _ = admin.NewCode(admin.V2025, admin.Commune, code)
		} else if c.UnmarshalText([]byte(code)) != nil {
			c = admin.Code{}
		}
		if c.IsValid() && c.Version() != admin.V2025 {
			continue // the legacy communes overlap the 2025 ones: drawn once, in 2025 units
		}
		name := code
		if n := unitName(c); n != nil {
			name = *n
		}
		layer["communes"].add(mapFeature{geom: geom(f.Geometry), a: code, b: name})
	}
	i := 0
	for p := range reg.Parcels() {
		mf := mapFeature{geom: geom(src.Parcels[i].Geometry), a: p.Key.String(), flag: flagged[registry.LayerParcels+"\x00"+p.Key.String()]}
		if p.ID.IsValid() {
			mf.b = p.ID.String()
		}
		layer["parcels"].add(mf)
		i++
	}
	for _, f := range src.Buildings {
		id := f.Props.String("id")
		layer["buildings"].add(mapFeature{geom: geom(f.Geometry), a: id, flag: flagged[registry.LayerBuildings+"\x00"+id]})
	}
	i = 0
	for s := range reg.Streets() {
		name := s.Name
		if name == "" && s.Number.IsValid() {
			name = address.Hem.String() + " " + s.Number.String()
		}
		layer["streets"].add(mapFeature{geom: geom(src.Streets[i].Geometry), a: s.ID, b: name})
		i++
	}
	for h := range reg.Houses() {
		if _, ok := h.Street(); !ok {
			continue
		}
		layer["houses"].add(mapFeature{geom: h.Point, a: h.Number.String(), b: h.ID.Grouped(), c: h.Source,
			flag: flagged[registry.LayerBuildings+"\x00"+h.Source]})
	}
	for _, f := range findings {
		p := f.Point
		if p == (orb.Point{}) {
			p = findingPlace(reg, f)
		}
		if p == (orb.Point{}) {
			continue
		}
		layer["findings"].add(mapFeature{geom: p, a: string(f.Reason), b: f.Record, c: f.Evidence})
	}
	return md, nil
}

// wgs84Projection converts a point of the registry's CRS to WGS84
// (lon, lat).
func wgs84Projection(code crs.Code) (func(orb.Point) (orb.Point, error), error) {
	return registryPoints(code, true)
}

// registryPoints converts points between the registry's CRS and WGS84
// (lon, lat): into WGS84 with toWGS84, out of it otherwise. Points of a
// geographic CRS are (lon, lat) in the registry as everywhere in it; the
// transformer takes them in EPSG axis order, latitude first.
func registryPoints(code crs.Code, toWGS84 bool) (func(orb.Point) (orb.Point, error), error) {
	if code == crs.WGS84 || code == 0 {
		return func(p orb.Point) (orb.Point, error) { return p, nil }, nil
	}
	from, to := code, crs.WGS84
	if !toWGS84 {
		from, to = crs.WGS84, code
	}
	tr, err := crs.NewTransformer(from, to)
	if err != nil {
		return nil, err
	}
	c, err := crs.Lookup(code)
	if err != nil {
		return nil, err
	}
	geographic := c.Kind() == crs.Geographic
	if toWGS84 {
		return func(p orb.Point) (orb.Point, error) {
			a, b := p[0], p[1]
			if geographic {
				a, b = p[1], p[0]
			}
			lat, lon, err := tr.Transform(a, b)
			return orb.Point{lon, lat}, err
		}, nil
	}
	return func(p orb.Point) (orb.Point, error) {
		a, b, err := tr.Transform(p[1], p[0])
		if err != nil {
			return p, err
		}
		if geographic {
			return orb.Point{b, a}, nil
		}
		return orb.Point{a, b}, nil
	}, nil
}

// search calls fn with each feature of the layer whose bound meets b.
func (l *mapLayer) search(b orb.Bound, fn func(f *mapFeature) bool) {
	l.tree.Search(b.Min, b.Max, func(_, _ [2]float64, i int32) bool {
		return fn(&l.feats[i])
	})
}

func parseTile(r *http.Request) (maptile.Tile, error) {
	num := func(name, v string, hi uint64) (uint64, error) {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n > hi || (len(v) > 1 && v[0] == '0') {
			return 0, errorf(http.StatusBadRequest, "invalid_tile", "%s: %q is not a whole number within 0–%d", name, v, hi)
		}
		return n, nil
	}
	z, err := num("z", r.PathValue("z"), maxTileZoom)
	if err != nil {
		return maptile.Tile{}, err
	}
	ys, ok := strings.CutSuffix(r.PathValue("y"), ".mvt")
	if !ok {
		return maptile.Tile{}, errorf(http.StatusNotFound, "not_found", "tiles are /tiles/{z}/{x}/{y}.mvt")
	}
	max := uint64(1)<<z - 1
	x, err := num("x", r.PathValue("x"), max)
	if err != nil {
		return maptile.Tile{}, err
	}
	y, err := num("y", ys, max)
	if err != nil {
		return maptile.Tile{}, err
	}
	return maptile.New(uint32(x), uint32(y), maptile.Zoom(z)), nil
}

func (s *server) handleTile(w http.ResponseWriter, r *http.Request, q url.Values) error {
	t, err := parseTile(r)
	if err != nil {
		return err
	}
	e, ok := s.tiles.get(t)
	if !ok {
		// At most as many tiles made at once as there are CPUs: the
		// others wait their turn rather than all slowing down together.
		select {
		case tileSlots <- struct{}{}:
		case <-r.Context().Done():
			return errorf(http.StatusServiceUnavailable, "cancelled", "the request ended before its tile was made")
		}
		body, err := s.mapData.tile(t)
		<-tileSlots
		if err != nil {
			return err
		}
		e = tileEntry{body: body, etag: etagOf(body)}
		s.tiles.put(t, e)
	}
	writeCached(w, r, mvtContentType, e.body, e.etag)
	return nil
}

// tileSlots bounds the tiles made at once to the CPUs the process may use.
var tileSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// tile encodes one vector tile: each layer drawn at the tile's zoom, its
// features clipped to the tile grown by a small buffer.
func (md *mapData) tile(t maptile.Tile) ([]byte, error) {
	b := t.Bound(featureBufferPct)
	var layers mvt.Layers
	for _, l := range md.layers {
		if int(t.Z) < l.tileZoom {
			continue
		}
		ml := &mvt.Layer{Name: l.name, Version: 2, Extent: mvt.DefaultExtent}
		l.search(b, func(f *mapFeature) bool {
			gf := geojson.NewFeature(tileGeometry(f.geom, t))
			gf.Properties = l.props(f)
			ml.Features = append(ml.Features, gf)
			return true
		})
		if len(ml.Features) > 0 {
			layers = append(layers, ml)
		}
	}
	layers.Clip(orb.Bound{Min: orb.Point{-256, -256}, Max: orb.Point{4096 + 256, 4096 + 256}})
	layers.RemoveEmpty(0, 0)
	return mvt.Marshal(layers)
}

// tileGeometry is a WGS84 geometry in the coordinates of a tile (web
// mercator, 0–4096 across the tile, y down), as a new geometry: what
// orb.Clone then mvt's ProjectToTile give, in one pass.
func tileGeometry(g orb.Geometry, t maptile.Tile) orb.Geometry {
	n := math.Exp2(float64(t.Z))
	x0, y0 := float64(t.X), float64(t.Y)
	const ext = mvt.DefaultExtent
	pt := func(p orb.Point) orb.Point {
		s := math.Sin(p[1] * math.Pi / 180)
		y := 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
		return orb.Point{((p[0]+180)/360*n - x0) * ext, (y*n - y0) * ext}
	}
	ring := func(r []orb.Point) []orb.Point {
		out := make([]orb.Point, len(r))
		for i, p := range r {
			out[i] = pt(p)
		}
		return out
	}
	poly := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for i, r := range p {
			out[i] = ring(r)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Point:
		return pt(g)
	case orb.LineString:
		return orb.LineString(ring(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = ring(l)
		}
		return out
	case orb.Polygon:
		return poly(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = poly(p)
		}
		return out
	case orb.MultiPoint:
		return orb.MultiPoint(ring(g))
	}
	ml := &mvt.Layer{Extent: mvt.DefaultExtent, Features: []*geojson.Feature{geojson.NewFeature(orb.Clone(g))}}
	ml.ProjectToTile(t)
	return ml.Features[0].Geometry
}

// handleFeatures is the map as GeoJSON for a box: what the web page draws.
func (s *server) handleFeatures(w http.ResponseWriter, r *http.Request, q url.Values) error {
	v := q.Get("bbox")
	if v == "" {
		return errorf(http.StatusBadRequest, "missing_parameter", "bbox is needed: south,west,north,east in degrees")
	}
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return errorf(http.StatusBadRequest, "invalid_bbox", "bbox: four numbers south,west,north,east, not %q", v)
	}
	var f [4]float64
	for i, p := range parts {
		n, err := parseNum([]byte(strings.TrimSpace(p)))
		if err != nil {
			return errorf(http.StatusBadRequest, "invalid_bbox", "bbox: %v", err)
		}
		f[i] = n
	}
	south, west, north, east := f[0], f[1], f[2], f[3]
	if math.Abs(south) > 90 || math.Abs(north) > 90 || math.Abs(west) > 180 || math.Abs(east) > 180 || south > north || west > east {
		return errorf(http.StatusBadRequest, "invalid_bbox", "bbox %q: south ≤ north within ±90 and west ≤ east within ±180 expected", v)
	}
	zoom, err := intParam(q, "zoom", maxTileZoom, 0, maxTileZoom)
	if err != nil {
		return err
	}
	b := orb.Bound{Min: orb.Point{west, south}, Max: orb.Point{east, north}}
	fc := geojson.NewFeatureCollection()
	truncated := false
	for _, l := range s.mapData.layers {
		if zoom < l.minZoom {
			continue
		}
		l.search(b, func(mf *mapFeature) bool {
			if len(fc.Features) >= maxFeatureCount {
				truncated = true
				return false
			}
			gf := geojson.NewFeature(mf.geom)
			gf.Properties = l.props(mf)
			gf.Properties["layer"] = l.name
			fc.Features = append(fc.Features, gf)
			return true
		})
	}
	fc.ExtraMembers = geojson.Properties{"truncated": truncated}
	return writeJSON(w, http.StatusOK, fc)
}

// tileCache keeps encoded tiles up to a number of bytes, the least
// recently used dropped first. The registry does not change while the
// service runs, so a tile never goes stale.
type tileCache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // of maptile.Tile, most recent first
	items map[maptile.Tile]*list.Element
	tiles map[maptile.Tile]tileEntry
}

type tileEntry struct {
	body []byte
	etag string
}

func newTileCache(max int) *tileCache {
	return &tileCache{max: max, order: list.New(), items: map[maptile.Tile]*list.Element{}, tiles: map[maptile.Tile]tileEntry{}}
}

func (c *tileCache) get(t maptile.Tile) (tileEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.tiles[t]
	if ok {
		c.order.MoveToFront(c.items[t])
	}
	return e, ok
}

func (c *tileCache) put(t maptile.Tile, e tileEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.tiles[t]; ok || len(e.body) > c.max {
		return
	}
	c.tiles[t] = e
	c.items[t] = c.order.PushFront(t)
	c.size += len(e.body)
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(maptile.Tile)
		c.size -= len(c.tiles[old].body)
		delete(c.tiles, old)
		delete(c.items, old)
		c.order.Remove(last)
	}
}
