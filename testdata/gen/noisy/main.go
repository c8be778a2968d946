// Command noisy writes testdata/address/noisy.tsv, a development set of
// addresses as registers hold them: typed by clerks and citizens, kept in
// old spreadsheets, read from scanned forms. Unit names come from the
// embedded administrative tables, street names from the Hà Nội street table
// and the OpenStreetMap extract beside the project. Each row carries one to
// three kinds of noise, named in its noise column, or none ("clean").
//
//	go run ./testdata/gen/noisy [-streets …] [-osm …] [-n 6000] [-seed 7] [-out FILE]
//
// Expected units follow one rule: written or implied, never invented. A
// level that is not written is expected only when what is written implies
// it uniquely (the tables' own Resolve on the clean names decides).
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

// Noise kinds, in the order the noise column lists them.
var kinds = []string{
	"sep_none", "sep_mixed", "sep_stray", "glued", "no_diacritics", "case", "tone_moved", "nfd",
	"ocr", "typo", "abbr_type", "abbr_province", "abbr_person", "numbered", "level_missing",
	"level_twice", "order", "subcommune", "building",
}

// weight is how often a clerk's text shows a kind, relative to the others,
// among rows where it can occur. Kinds that only some units allow (numbered,
// level_twice) or only some streets (abbr_person) weigh more so that they
// appear at their real rate where they can.
var weight = map[string]int{
	"no_diacritics": 16, "abbr_type": 16, "case": 9, "subcommune": 9, "sep_mixed": 7,
	"sep_none": 5, "building": 6, "level_missing": 7, "order": 4, "glued": 4, "tone_moved": 30,
	"nfd": 3, "typo": 5, "ocr": 4, "sep_stray": 3, "abbr_province": 7, "abbr_person": 60,
	"numbered": 300, "level_twice": 60,
}

// Kinds that cannot meet in one row: one hides the other.
var conflicts = [][2]string{
	{"sep_none", "sep_mixed"}, {"no_diacritics", "tone_moved"}, {"no_diacritics", "nfd"},
	{"level_twice", "level_missing"}, {"level_twice", "abbr_type"}, {"level_twice", "abbr_province"},
	{"tone_moved", "nfd"},
}

type street struct{ typ, name string }

type row struct {
	input, house, alleys, stType, stName, place string
	version                                     admin.Version
	province, district, commune                 admin.Unit
	written                                     string
	noise                                       []string
}

// unitText is one written unit: its type as written and its name.
type unitText struct {
	level        admin.Level
	u            admin.Unit
	prefix, name string
	tight        bool // an abbreviated type written against the name: "P.Dịch Vọng"
	glue         bool // spaces dropped: "P.DịchVọng", and across parts without separators
}

func (t unitText) text() string {
	if t.prefix == "" {
		return t.name
	}
	if strings.HasSuffix(t.prefix, ".") && (t.glue || t.tight) {
		return t.prefix + t.name
	}
	return t.prefix + " " + t.name
}

type gen struct {
	r                *rand.Rand
	l, v             *admin.Dataset
	streets          []street
	byDistrict       map[string][]street
	nguyen           []street
	lc, vc, numbered []admin.Unit
	twiceL, twiceV   []admin.Unit
}

func main() {
	streetsPath := flag.String("streets", "../shared/data/streets/hanoi_streets.tsv", "street names of Hà Nội by legacy district")
	osm := flag.String("osm", "../shared/data/osm/hanoi_cau_giay.osm", "OpenStreetMap extract for street names")
	n := flag.Int("n", 6000, "addresses")
	seed := flag.Uint64("seed", 7, "random seed")
	out := flag.String("out", "testdata/address/noisy.tsv", "output file (another seed to another file checks the parser on addresses it was not tuned on)")
	flag.Parse()

	g := &gen{r: rand.New(rand.NewPCG(*seed, 77)), l: admin.Load(admin.Legacy), v: admin.Load(admin.V2025)}
	g.loadStreets(*streetsPath, *osm)
	g.lc, g.vc = g.l.Units(admin.Commune), g.v.Units(admin.Commune)
	for _, c := range g.lc {
		d, _ := g.l.Unit(c.Parent)
		if isNumber(c.Short) || isNumber(d.Short) {
			g.numbered = append(g.numbered, c)
		}
		p, _ := g.l.Province(c.Code)
		if (d.Type == admin.ThanhPhoThuocTinh || d.Type == admin.ThiXa) && fold.Key(d.Short) == fold.Key(p.Short) {
			g.twiceL = append(g.twiceL, c)
		}
	}
	for _, c := range g.vc {
		p, _ := g.v.Province(c.Code)
		if fold.Key(c.Short) == fold.Key(p.Short) {
			g.twiceV = append(g.twiceV, c)
		}
	}

	rows := make([]row, 0, *n)
	for i := 0; i < *n; i++ {
		version := admin.V2025
		if i%2 == 0 {
			version = admin.Legacy
		}
		rows = append(rows, g.row(version))
	}

	var b strings.Builder
	b.WriteString("# Noisy development set of the address parser (addresses as registers hold them); made by testdata/gen/noisy. Do not edit.\n")
	b.WriteString("# input\tnoise\tversion\thouse\talleys\tstreet_type\tstreet_name\tplace\tprovince\tdistrict\tcommune\twritten\n")
	count := map[string]int{}
	for _, rw := range rows {
		for _, k := range rw.noise {
			count[k]++
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rw.input, strings.Join(rw.noise, ","), rw.version,
			rw.house, rw.alleys, rw.stType, rw.stName, rw.place, codeOf(rw.province), codeOf(rw.district), codeOf(rw.commune), rw.written)
	}
	if err := os.MkdirAll("testdata/address", 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("noisy: %d addresses, %d street names\n", len(rows), len(g.streets))
	for _, k := range append([]string{"clean"}, kinds...) {
		fmt.Printf("  %-14s %5d\n", k, count[k])
	}
}

func codeOf(u admin.Unit) string {
	if !u.IsValid() {
		return ""
	}
	return u.Code.String()
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// notStreet are first words of names in the street table that are places
// or landmarks ("Xóm Chùa", "Cầu Thăng Long"): a street labelled with them
// would be read as a village or a bridge, so they are left out.
var notStreet = []string{"xom", "thon", "cau", "ngo", "ngach", "khu", "ben", "cho", "tram", "bai", "doc",
	"ap", "ban", "xa", "huyen", "kiet", "hem", "ga"}

// loadStreets reads the Hà Nội street table (kept by legacy district, so
// that a Hà Nội address gets a street of its own district) and the streets
// named in the OpenStreetMap extract (all in Cầu Giấy).
func (g *gen) loadStreets(tsv, osm string) {
	raw, err := os.ReadFile(tsv)
	if err != nil {
		log.Fatalf("noisy: %v (the street table is in the reference data beside the project)", err)
	}
	g.byDistrict = map[string][]street{}
	seen := map[street]bool{}
	add := func(district string, s street) {
		f := fold.Key(s.name)
		if w := strings.Fields(f); len(w) == 0 || slices.Contains(notStreet, w[0]) ||
			strings.HasPrefix(f, "tinh lo ") || strings.HasPrefix(f, "quoc lo ") || strings.HasPrefix(f, "duong ") || strings.HasPrefix(f, "pho ") {
			return // a road named by its type and number is written by road() instead
		}
		key := admin.Key(district)
		if !slices.Contains(g.byDistrict[key], s) {
			g.byDistrict[key] = append(g.byDistrict[key], s)
		}
		if !seen[s] {
			seen[s] = true
			g.streets = append(g.streets, s)
		}
	}
	for i, line := range strings.Split(string(raw), "\n") {
		f := strings.Split(strings.TrimSpace(line), "\t")
		if i == 0 || len(f) != 3 || f[2] == "" {
			continue
		}
		typ := "Đường"
		if fold.Key(f[1]) == "pho" {
			typ = "Phố"
		}
		add(f[0], street{typ, norm.NFC.String(strings.TrimSpace(f[2]))})
	}
	raw, err = os.ReadFile(osm)
	if err != nil {
		log.Fatalf("noisy: %v (the OpenStreetMap extract is in the reference data beside the project)", err)
	}
	re := regexp.MustCompile(`k="name" v="[^"]*?(Phố|Đường) ([^"]+)"`)
	for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
		if strings.HasPrefix(m[2], "cao tốc") {
			continue
		}
		add("Quận Cầu Giấy", street{m[1], m[2]})
	}
	sort.Slice(g.streets, func(i, j int) bool {
		a, b := g.streets[i], g.streets[j]
		return a.name < b.name || a.name == b.name && a.typ < b.typ
	})
	for _, s := range g.streets {
		if strings.HasPrefix(s.name, "Nguyễn ") {
			g.nguyen = append(g.nguyen, s)
		}
	}
	for _, ss := range g.byDistrict {
		sort.Slice(ss, func(i, j int) bool {
			return ss[i].name < ss[j].name || ss[i].name == ss[j].name && ss[i].typ < ss[j].typ
		})
	}
}

// pick draws a commune of a version from a pool, keeping only those whose
// clean tail a careful reader resolves.
func (g *gen) pick(version admin.Version, pool []admin.Unit) (c, d, p admin.Unit) {
	ds := g.l
	if version == admin.V2025 {
		ds = g.v
	}
	for {
		c = pool[g.r.IntN(len(pool))]
		p, _ = ds.Province(c.Code)
		d = admin.Unit{}
		if version == admin.Legacy {
			d, _ = ds.Unit(c.Parent)
		}
		res := ds.Resolve(c.Name, d.Name, p.Name)
		if res.Status == admin.Resolved && res.Commune.Code == c.Code {
			return c, d, p
		}
	}
}

func (g *gen) ds(v admin.Version) *admin.Dataset {
	if v == admin.Legacy {
		return g.l
	}
	return g.v
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) one(ss ...string) string { return ss[g.r.IntN(len(ss))] }

// region of a province by its code (both versions share the numbering):
// north, centre or south, for the forms each writes.
func region(p admin.Unit) string {
	n, _ := strconv.Atoi(p.Code.String())
	switch {
	case n <= 37:
		return "north"
	case n < 70:
		return "centre"
	}
	return "south"
}

// mountain provinces of the north-west, where villages are bản.
func mountain(p admin.Unit) bool {
	n, _ := strconv.Atoi(p.Code.String())
	return n >= 2 && n <= 17
}

func (g *gen) row(version admin.Version) row {
	pool := g.lc
	if version == admin.V2025 {
		pool = g.vc
	}
	// A few rows come from units that allow the rarer kinds, so each kind
	// has enough rows to be measured; the rest are uniform.
	switch x := g.r.IntN(100); {
	case version == admin.Legacy && x < 5:
		pool = g.numbered
	case version == admin.Legacy && x < 7:
		pool = g.twiceL
	case version == admin.V2025 && x < 1:
		pool = g.twiceV
	}
	c, d, p := g.pick(version, pool)
	rw := row{version: version, commune: c, district: d, province: p}
	reg := region(p)
	urban := c.Type == admin.Phuong || c.Type == admin.ThiTran

	// The head: house number, alleys and street as this place writes them.
	st := g.streetFor(p, d)
	if g.chance(0.15) && len(g.nguyen) > 0 {
		st = g.nguyen[g.r.IntN(len(g.nguyen))]
	}
	num := fmt.Sprint(1 + g.r.IntN(300))
	var head string
	form := g.r.IntN(100)
	if !urban && form < 55 {
		form = 100 // rural, no street
	} else if !urban && form < 80 {
		form = 101 // rural, on a numbered road
	}
	switch {
	case form >= 100:
		if form == 101 {
			head = g.road(&rw, reg, num)
		}
	case reg == "north" && form < 40 || reg == "centre" && form < 12:
		a, b := fmt.Sprint(1+g.r.IntN(400)), fmt.Sprint(1+g.r.IntN(90))
		sn := g.one("Số ", "Số ", "số ", "", "Số nhà ", "SN ", "Nhà số ")
		rw.house, rw.stType, rw.stName = num, st.typ, st.name
		stText := st.typ + " " + st.name
		if g.chance(0.4) {
			stText, rw.stType = st.name, ""
		}
		if g.chance(0.5) {
			head = fmt.Sprintf("%s%s ngõ %s ngách %s %s", sn, num, a, b, stText)
			rw.alleys = "ngõ:" + a + ";ngách:" + b
		} else {
			head = fmt.Sprintf("%s%s ngõ %s %s", sn, num, a, stText)
			rw.alleys = "ngõ:" + a
		}
	case reg == "south" && form < 40 || reg == "centre" && form < 25:
		a, b := fmt.Sprint(1+g.r.IntN(400)), fmt.Sprint(1+g.r.IntN(90))
		suffix := g.one("", "", "", "A", "B", "D")
		if g.chance(0.5) {
			rw.house, rw.alleys = a+"/"+b+"/"+num+suffix, "slash:"+a+";slash:"+b
		} else {
			rw.house, rw.alleys = a+"/"+num+suffix, "slash:"+a
		}
		rw.stName = st.name
		head = rw.house + " " + st.name
		if g.chance(0.6) {
			rw.stType = "Đường"
			head = rw.house + " Đường " + st.name
		}
		if reg == "centre" && g.chance(0.3) {
			// "K12/5 Hoàng Diệu": house 5 of kiệt 12.
			rw.house, rw.alleys, rw.stType = num+suffix, "kiệt:"+a, ""
			head = "K" + a + "/" + rw.house + " " + st.name
		}
	case form < 70:
		suffix := g.one("", "", "", "", "A", "B", "bis")
		rw.house, rw.stType, rw.stName = num+suffix, st.typ, st.name
		if reg != "north" {
			rw.stType = "Đường"
		}
		if g.chance(0.5) {
			head = rw.house + " " + rw.stType + " " + st.name
		} else {
			head, rw.stType = rw.house+" "+st.name, ""
		}
		if reg == "north" && g.chance(0.3) {
			head = "Số " + head
		}
	case form < 82:
		head = g.road(&rw, reg, num)
	case form < 92:
		rw.stType, rw.stName = st.typ, st.name
		if reg != "north" {
			rw.stType = "Đường"
		}
		head = rw.stType + " " + st.name
	default: // no head: a ward and its city only
	}
	if rw.house != "" {
		rw.house = address.MustParseHouseNumber(rw.house).String()
	}

	g.noise(&rw, head, urban, reg)
	return rw
}

// streetFor picks a street: in Hà Nội one of the legacy district's own
// streets when the table has them; elsewhere a street named after a person
// (the names every town gives its streets).
func (g *gen) streetFor(p, d admin.Unit) street {
	if admin.Key(p.Name) == "hanoi" {
		if ss := g.byDistrict[admin.Key(d.Name)]; len(ss) > 0 {
			return ss[g.r.IntN(len(ss))]
		}
		return g.streets[g.r.IntN(len(g.streets))]
	}
	for {
		s := g.streets[g.r.IntN(len(g.streets))]
		if s.typ == "Đường" && len(strings.Fields(s.name)) >= 2 && !strings.ContainsAny(s.name, "0123456789") {
			return street{"Đường", s.name}
		}
	}
}

// road writes a numbered or coded road, with a house number or not.
func (g *gen) road(rw *row, reg, num string) string {
	var text string
	switch x := g.r.IntN(100); {
	case x < 30:
		q := g.one("1A", "1", "5", "6", "10", "13", "14", "18", "19", "20", "21", "22", "27", "32", "37", "38", "51", "53", "57", "61", "80", "91")
		rw.stType, rw.stName = "Quốc lộ", q
		text = g.one("Quốc lộ ", "Quốc lộ ", "QL", "QL ", "QL.") + q
	case x < 45:
		q := fmt.Sprint(1 + g.r.IntN(40))
		rw.stType, rw.stName = "Tỉnh lộ", q
		text = g.one("Tỉnh lộ ", "Tỉnh lộ ", "TL", "TL.") + q
	case x < 60:
		q := fmt.Sprint(701 + g.r.IntN(250))
		if reg == "north" {
			q = fmt.Sprint(201 + g.r.IntN(300))
		}
		rw.stType, rw.stName = "Đường tỉnh", q
		text = g.one("ĐT ", "ĐT", "ĐT.", "Đường tỉnh ") + q
	case x < 75 && reg == "south":
		q := fmt.Sprint(1 + g.r.IntN(30))
		rw.stType, rw.stName = "Đường", "Số "+q
		text = g.one("Đường số ", "Đường Số ", "đường số ") + q
	case x < 88 && reg == "south":
		q := g.one("N", "D", "DC", "NE") + fmt.Sprint(1+g.r.IntN(12))
		rw.stName = q
		if g.chance(0.6) {
			rw.stType = "Đường"
			text = "Đường " + q
		} else {
			text = q
		}
	case reg == "south":
		// A southern alley named by its number off a street.
		st := g.streetFor(admin.Unit{}, admin.Unit{})
		a := fmt.Sprint(1 + g.r.IntN(300))
		rw.alleys, rw.stType, rw.stName = "hẻm:"+a, "", st.name
		text = "Hẻm " + a + " " + st.name
		if g.chance(0.5) {
			rw.stType, text = "Đường", "Hẻm "+a+" Đường "+st.name
		}
		rw.house = num
		return g.one("Số ", "", "") + num + " " + text
	default:
		q := g.one("1A", "2", "3", "5", "6", "10", "18", "21", "32", "37")
		rw.stType, rw.stName = "Quốc lộ", q
		text = "Quốc lộ " + q
	}
	if g.chance(0.5) {
		rw.house = num
		return g.one("Số ", "", "") + num + " " + text
	}
	return text
}

// chooseNoise draws the kinds of one row: none for about a tenth of the
// rows, else one to three that the row allows.
func (g *gen) chooseNoise(allowed map[string]bool) []string {
	if g.chance(0.10) {
		return nil
	}
	want := 1
	switch x := g.r.IntN(100); {
	case x >= 85:
		want = 3
	case x >= 50:
		want = 2
	}
	var chosen []string
	for len(chosen) < want {
		total := 0
		var cand []string
		for _, k := range kinds {
			if !allowed[k] || slices.Contains(chosen, k) || conflictsWith(k, chosen) {
				continue
			}
			cand = append(cand, k)
			total += weight[k]
		}
		if total == 0 {
			break
		}
		x := g.r.IntN(total)
		for _, k := range cand {
			if x -= weight[k]; x < 0 {
				chosen = append(chosen, k)
				break
			}
		}
	}
	return chosen
}

func conflictsWith(k string, chosen []string) bool {
	for _, c := range conflicts {
		if c[0] == k && slices.Contains(chosen, c[1]) || c[1] == k && slices.Contains(chosen, c[0]) {
			return true
		}
	}
	return false
}

func (g *gen) noise(rw *row, head string, urban bool, reg string) {
	c, d, p := rw.commune, rw.district, rw.province
	units := []unitText{{level: admin.Commune, u: c}}
	if rw.version == admin.Legacy {
		units = append(units, unitText{level: admin.District, u: d})
	}
	units = append(units, unitText{level: admin.Province, u: p})
	for i := range units {
		u := units[i].u
		units[i].name = u.Short
		units[i].prefix = strings.TrimSpace(strings.TrimSuffix(u.Name, u.Short))
	}

	allowed := map[string]bool{}
	for _, k := range kinds {
		allowed[k] = true
	}
	hasNumbered := isNumber(c.Short) || rw.version == admin.Legacy && isNumber(d.Short)
	allowed["numbered"] = hasNumbered
	allowed["abbr_person"] = strings.HasPrefix(rw.stName, "Nguyễn ")
	allowed["abbr_province"] = provinceAbbr(p, rw.version, true) != nil
	allowed["level_twice"] = g.twiceAllowed(rw)
	allowed["tone_moved"] = toneMovable(strings.Join([]string{head, c.Name, d.Name, p.Name}, " "))
	allowed["typo"] = true
	// Subcommune places are most of a rural head; a town head has them less.
	if head == "" {
		weight["subcommune"] = 40
	} else {
		weight["subcommune"] = 9
	}
	chosen := g.chooseNoise(allowed)
	has := func(k string) bool { return slices.Contains(chosen, k) }
	applied := map[string]bool{}

	// Head parts.
	var building, landmark string
	if has("abbr_person") {
		short := g.one("Ng ", "Ng. ", "Ng. ", "Ng.")
		if h := strings.Replace(head, "Nguyễn ", short, 1); h != head {
			head, applied["abbr_person"] = h, true
		}
	}
	if has("building") {
		building, landmark = g.building(rw, urban)
		applied["building"] = true
	}
	if has("subcommune") {
		rw.place = g.place(rw, urban, reg)
		applied["subcommune"] = true
	}

	// Levels written.
	written := map[admin.Level]bool{admin.Commune: true, admin.District: rw.version == admin.Legacy, admin.Province: true}
	if has("level_missing") {
		var opts []string
		if rw.stName != "" {
			opts = append(opts, "street_province")
		}
		if rw.version == admin.Legacy {
			opts = append(opts, "no_district", "no_district")
		}
		opts = append(opts, "no_province")
		switch g.one(opts...) {
		case "street_province":
			written[admin.Commune], written[admin.District] = false, false
			// A village or a landmark means nothing without its commune:
			// a clerk who drops the commune drops them too.
			rw.place, landmark = "", ""
			applied["subcommune"], applied["building"] = false, building != ""
		case "no_district":
			written[admin.District] = false
		default:
			written[admin.Province] = false
		}
		applied["level_missing"] = true
	}
	var kept []unitText
	for _, t := range units {
		if written[t.level] {
			kept = append(kept, t)
		}
	}
	units = kept

	// Units as written.
	twice := has("level_twice")
	if twice {
		for i := range units {
			if units[i].level != admin.Commune || rw.version == admin.V2025 {
				units[i].prefix = ""
			}
		}
		applied["level_twice"] = true
	}
	if has("numbered") {
		south := reg == "south"
		for i := range units {
			t := &units[i]
			if t.level == admin.Province || !isNumber(t.name) {
				continue
			}
			nn, _ := strconv.Atoi(t.name)
			if t.level == admin.Commune {
				f := []string{"P%d", "P.%02d", "Phường %02d", "P.%d", "P. %d", "phường %d"}
				if south {
					f = append(f, "F%d", "F.%d", "F%d", "P%d")
				}
				t.prefix, t.name = "", fmt.Sprintf(g.one(f...), nn)
			} else {
				t.prefix, t.name = "", fmt.Sprintf(g.one("Q%d", "Q.%d", "Quận %02d", "Q. %d", "Q%d", "quận %d"), nn)
			}
			if t.name != t.u.Name {
				applied["numbered"] = true
			}
		}
	}
	if has("abbr_type") {
		style := g.r.IntN(4)
		for i := range units {
			t := &units[i]
			if isNumber(t.name) || t.prefix == "" {
				continue
			}
			if a := g.abbrType(t.u, style, reg); a != t.prefix {
				t.prefix, t.tight = a, style == 1
				applied["abbr_type"] = true
			}
			// "Q.BThạnh", "Q. T.Bình": a district's name shortened too.
			if w := strings.Fields(t.name); t.level == admin.District && len(w) == 2 && t.name == t.u.Short && reg == "south" && g.chance(0.3) {
				first, _ := utf8.DecodeRuneInString(w[0])
				t.name = string(first) + g.one("", ".") + w[1] // no typo is made in it: alter takes whole names only
			}
		}
	}
	if has("abbr_province") && written[admin.Province] {
		t := &units[len(units)-1]
		t.prefix, t.name = "", g.one(provinceAbbr(p, rw.version, g.chance(0.15))...)
		applied["abbr_province"] = true
	}
	// Scanning and typing errors, on one unit name each.
	if has("typo") {
		if i, s, ok := g.alter(rw.version, units, g.typo); ok {
			units[i].name, applied["typo"] = s, true
		}
	}
	if has("ocr") {
		if i, s, ok := g.alter(rw.version, units, g.ocr); ok {
			units[i].name, applied["ocr"] = s, true
		}
	}
	if has("sep_stray") {
		i := g.r.IntN(len(units))
		if s := g.stray(units[i].name); s != units[i].name {
			units[i].name, applied["sep_stray"] = s, true
		}
	}

	if has("glued") {
		n := 1 + g.r.IntN(2)
		for _, i := range g.r.Perm(len(units))[:min(n, len(units))] {
			t := &units[i]
			if strings.Contains(t.name, " ") || strings.HasSuffix(t.prefix, ".") {
				t.name, t.glue = strings.ReplaceAll(t.name, " ", ""), true
				applied["glued"] = true
			}
		}
		if !applied["glued"] && strings.Contains(rw.stName, " ") {
			if h := strings.Replace(head, rw.stName, strings.ReplaceAll(rw.stName, " ", ""), 1); h != head {
				head, applied["glued"] = h, true
			}
		}
	}

	// Parts in order.
	var headParts []string
	if building != "" {
		headParts = append(headParts, building)
	}
	if head != "" {
		headParts = append(headParts, head)
	}
	if landmark != "" {
		headParts = append(headParts, landmark)
	}
	if rw.place != "" {
		headParts = append(headParts, placeAsWritten(rw.place, g))
	}
	var unitParts []string
	var glueNext []bool
	for _, t := range units {
		unitParts = append(unitParts, t.text())
		glueNext = append(glueNext, t.glue && has("sep_none"))
	}
	parts := append(slices.Clone(headParts), unitParts...)
	glue := append(make([]bool, len(headParts)), glueNext...)
	if has("order") && len(unitParts) >= 2 {
		slices.Reverse(unitParts)
		slices.Reverse(glueNext)
		if len(headParts) > 0 && g.chance(0.7) {
			parts = append(slices.Clone(unitParts), headParts...)
			glue = append(slices.Clone(glueNext), make([]bool, len(headParts))...)
		} else {
			parts = append(slices.Clone(headParts), unitParts...)
			glue = append(make([]bool, len(headParts)), glueNext...)
		}
		applied["order"] = true
	}

	var b strings.Builder
	sep := ", "
	if has("sep_mixed") {
		sep = g.one(" - ", " - ", "-", ". ", "; ", ";", " / ")
		applied["sep_mixed"] = len(parts) > 1
	}
	for i, s := range parts {
		if i > 0 {
			switch {
			case has("sep_none") && glue[i-1] && glue[i]:
				// glued across parts: "cầugiấyhànội"
			case has("sep_none"):
				b.WriteString(" ")
			default:
				b.WriteString(sep)
			}
		}
		b.WriteString(s)
	}
	applied["sep_none"] = has("sep_none") && len(parts) > 1
	in := b.String()

	// Whole-text noise.
	if has("tone_moved") {
		if s := moveTones(in); s != in {
			in, applied["tone_moved"] = s, true
		}
	}
	if has("case") {
		if s := g.recase(in); s != in {
			in, applied["case"] = s, true
		}
	}
	if has("no_diacritics") {
		if s := fold.Plain(in); s != in {
			in, applied["no_diacritics"] = s, true
		}
	}
	if has("nfd") {
		if s := norm.NFD.String(in); s != in {
			in, applied["nfd"] = s, true
		}
	}
	rw.input = in
	for _, k := range kinds {
		if applied[k] {
			rw.noise = append(rw.noise, k)
		}
	}
	if len(rw.noise) == 0 {
		rw.noise = []string{"clean"}
	}
	g.expect(rw, written)
}

// expect sets the expected units: the true unit of every written level, and
// of a level not written only when the written clean names imply it.
func (g *gen) expect(rw *row, written map[admin.Level]bool) {
	var w strings.Builder
	for _, l := range []admin.Level{admin.Province, admin.District, admin.Commune} {
		if written[l] && (l != admin.District || rw.version == admin.Legacy) {
			w.WriteString(map[admin.Level]string{admin.Province: "p", admin.District: "d", admin.Commune: "c"}[l])
		}
	}
	rw.written = w.String()
	if rw.written == "pc" && rw.version == admin.V2025 || rw.written == "pdc" {
		return
	}
	name := func(l admin.Level, u admin.Unit) string {
		if written[l] {
			return u.Name
		}
		return ""
	}
	ds := g.ds(rw.version)
	res := ds.Resolve(name(admin.Commune, rw.commune), name(admin.District, rw.district), name(admin.Province, rw.province))
	sure := func(pick func(admin.Reading) admin.Unit, truth admin.Unit) admin.Unit {
		switch res.Status {
		case admin.Resolved, admin.Tolerated, admin.Unknown:
			if u := pick(res.Reading); u.IsValid() && u.Code == truth.Code {
				return truth
			}
		case admin.Ambiguous, admin.Suggested:
			for _, alt := range res.Alternatives {
				if u := pick(alt); !u.IsValid() || u.Code != truth.Code {
					return admin.Unit{}
				}
			}
			if len(res.Alternatives) > 0 {
				return truth
			}
		}
		return admin.Unit{}
	}
	rw.province = sure(func(r admin.Reading) admin.Unit { return r.Province }, rw.province)
	if rw.version == admin.Legacy {
		rw.district = sure(func(r admin.Reading) admin.Unit { return r.District }, rw.district)
	}
	rw.commune = sure(func(r admin.Reading) admin.Unit { return r.Commune }, rw.commune)
}

func (g *gen) twiceAllowed(rw *row) bool {
	if rw.version == admin.Legacy {
		return slices.ContainsFunc(g.twiceL, func(u admin.Unit) bool { return u.Code == rw.commune.Code })
	}
	if !slices.ContainsFunc(g.twiceV, func(u admin.Unit) bool { return u.Code == rw.commune.Code }) {
		return false
	}
	// "Lào Cai, Lào Cai": the bare names must still mean the ward.
	res := g.v.Resolve(rw.commune.Short, "", rw.province.Short)
	return (res.Status == admin.Resolved || res.Status == admin.Tolerated) && res.Commune.Code == rw.commune.Code
}

// abbrType writes a unit's type the short way one clerk does; style is the
// clerk's habit for the whole row.
func (g *gen) abbrType(u admin.Unit, style int, reg string) string {
	dot := func(a string) string {
		switch style {
		case 0, 1:
			return a + "."
		case 2:
			return a
		}
		return ""
	}
	switch u.Type {
	case admin.ThanhPhoTW, admin.ThanhPhoThuocTinh:
		return g.one("TP.", "TP", "T.P", "Tp", "Tp.", "")
	case admin.Tinh:
		return ""
	case admin.Quan:
		return dot("Q")
	case admin.Huyen:
		return dot("H")
	case admin.ThiXa:
		return dot("TX")
	case admin.ThiTran:
		return dot("TT")
	case admin.Phuong:
		if reg == "south" && g.chance(0.2) {
			return "F."
		}
		return dot("P")
	case admin.Xa:
		return dot("X")
	}
	return strings.TrimSpace(strings.TrimSuffix(u.Name, u.Short))
}

// provinceAbbr lists the abbreviations people really use for a province:
// fixed ones for the big cities and Bà Rịa - Vũng Tàu, else the first word
// cut to its initial ("B.Định", "T.Hóa") for names of two words.
func provinceAbbr(p admin.Unit, v admin.Version, dn bool) []string {
	switch admin.Key(p.Name) {
	case "hochiminh":
		return []string{"HCM", "TP.HCM", "TP HCM", "Tp.HCM", "TPHCM", "Sg", "SG"}
	case "hanoi":
		return []string{"HN", "HN", "Hn"}
	case "baria-vungtau", "bariavungtau":
		return []string{"BRVT", "BR-VT"}
	case "thuathienhue":
		return []string{"TT-Huế", "TT.Huế"}
	case "haiphong":
		return []string{"HP"}
	case "danang":
		if dn {
			return []string{"ĐN", "TP.ĐN"}
		}
		return []string{"Đ.Nẵng"}
	}
	w := strings.Fields(p.Short)
	if len(w) != 2 {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(w[0])
	return []string{string(first) + "." + w[1]}
}

// place writes a sub-commune place as this region names them, now and
// then inside a larger one ("Xóm 3, Thôn Đông", "Tổ 5, Ấp 2").
func (g *gen) place(rw *row, urban bool, reg string) string {
	p := g.place1(rw, urban, reg)
	if !g.chance(0.25) {
		return p
	}
	inner := fmt.Sprint(1 + g.r.IntN(20))
	switch {
	case strings.HasPrefix(p, "Tổ"):
		return p
	case strings.HasPrefix(p, "Xóm"), strings.HasPrefix(p, "Bản"):
		return p
	case strings.HasPrefix(p, "Thôn"):
		return g.one("Xóm ", "Đội ", "Tổ ") + inner + ", " + p
	}
	return "Tổ " + inner + ", " + p
}

func (g *gen) place1(rw *row, urban bool, reg string) string {
	num := fmt.Sprint(1 + g.r.IntN(15))
	named := func(kind string, names ...string) string {
		if g.chance(0.5) {
			return kind + " " + num
		}
		return kind + " " + g.one(names...)
	}
	switch {
	case urban && reg == "south":
		return g.one("Khu phố ", "Khu phố ", "Tổ ") + num
	case urban && reg == "centre" && g.chance(0.3):
		return "Khối " + num
	case urban:
		return g.one("Tổ dân phố ", "Tổ ", "Tổ ", "Khu phố ") + num
	case reg == "south":
		return named("Ấp", "Mới", "Chợ", "Bình Hòa", "Tân Lập", "Long Thạnh")
	case mountain(rw.province) && g.chance(0.6):
		if g.chance(0.15) {
			return "Tiểu khu " + num
		}
		return "Bản " + g.one("Mường", "Mới", "Chiềng", "Nà", "Pá") + g.one("", "", " "+num)
	case reg == "north" && g.chance(0.4):
		return named("Xóm", "Đông", "Tây", "Chùa", "Trại", "Mới", "Đình")
	}
	return named("Thôn", "Đông", "Tây", "Thượng", "Hạ", "Trung", "Nam", "Bắc")
}

// placeAsWritten varies the case of a place's kind word as clerks do.
func placeAsWritten(p string, g *gen) string {
	if g.chance(0.3) {
		r, n := utf8.DecodeRuneInString(p)
		return string(unicode.ToLower(r)) + p[n:]
	}
	return p
}

// building writes a building, project or landmark: a part before the head,
// or a landmark after it.
func (g *gen) building(rw *row, urban bool) (before, after string) {
	name := rw.commune.Short
	if isNumber(name) {
		name = rw.province.Short
	}
	big := admin.Key(rw.province.Name) == "hanoi" || admin.Key(rw.province.Name) == "hochiminh"
	switch x := g.r.IntN(110); {
	case x >= 100 && urban:
		return fmt.Sprintf("Phòng %d, nhà %c%d", 101+g.r.IntN(400), 'A'+rune(g.r.IntN(6)), 1+g.r.IntN(9)), ""
	case x >= 100:
		return fmt.Sprintf("%s số %d, tờ bản đồ số %d", g.one("Thửa đất", "thửa đất"), 1+g.r.IntN(900), 1+g.r.IntN(80)), ""
	case x < 20 && urban:
		return fmt.Sprintf("%s %c%d-%d%02d", g.one("CC", "Chung cư", "Tòa"), 'A'+rune(g.r.IntN(4)), 1+g.r.IntN(9), 1+g.r.IntN(30), 1+g.r.IntN(20)), ""
	case x < 35 && big:
		return "", "Dự án Vinhomes " + g.one("Smart City", "Ocean Park", "Grand Park", "Central Park", "Times City", "Riverside")
	case x < 45 && urban:
		return "", g.one("Khu ĐTM ", "Khu đô thị mới ", "KĐT ", "Khu dân cư ") + name
	case x < 65:
		return "", g.one("gần chợ ", "gần Chợ ", "gần chợ ") + name
	case x < 80:
		return "", "cạnh UBND " + strings.ToLower(strings.TrimSuffix(rw.commune.Name, rw.commune.Short)) + rw.commune.Short
	default:
		return "", "đối diện " + g.one("trường THCS ", "trường Tiểu học ", "Bưu điện ", "trạm y tế ") + name
	}
}

// alter applies an error to the name of one unit (not a number, not an
// abbreviation), keeping only errors a careful reader still sees through:
// the altered name must not be another unit's name in the same parent.
func (g *gen) alter(v admin.Version, units []unitText, f func(string) string) (int, string, bool) {
	ds := g.ds(v)
	for try := 0; try < 8; try++ {
		i := g.r.IntN(len(units))
		t := units[i]
		if t.name != t.u.Short || isNumber(t.name) {
			continue
		}
		s := f(t.name)
		if s == t.name {
			continue
		}
		var within admin.Code
		if t.level != admin.Province {
			within = t.u.Parent
		}
		clash := false
		for _, c := range ds.Match(t.level, s, within) {
			if c.Kind != admin.Fuzzy && c.Unit.Code != t.u.Code {
				clash = true
			}
		}
		if !clash {
			return i, s, true
		}
	}
	return 0, "", false
}

var keyboard = map[rune]string{
	'a': "sq", 'b': "vn", 'c': "xv", 'd': "sf", 'e': "wr", 'g': "fh", 'h': "gj", 'i': "uo",
	'k': "jl", 'l': "k", 'm': "n", 'n': "bm", 'o': "ip", 'p': "o", 'q': "wa", 'r': "et",
	's': "ad", 't': "ry", 'u': "yi", 'v': "cb", 'x': "zc", 'y': "tu",
}

// typo makes one typing error in a name of at least five letters.
func (g *gen) typo(s string) string {
	rs := []rune(s)
	letters := 0
	for _, r := range rs {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 5 {
		return s
	}
	for try := 0; try < 10; try++ {
		i := 1 + g.r.IntN(len(rs)-1)
		if !unicode.IsLetter(rs[i]) || !unicode.IsLetter(rs[i-1]) {
			continue // word-initial letters are rarely mistyped
		}
		switch g.r.IntN(4) {
		case 0: // wrong key
			if k, ok := keyboard[rs[i]]; ok {
				n := []rune(k)
				rs[i] = n[g.r.IntN(len(n))]
				return string(rs)
			}
		case 1: // missing
			return string(append(rs[:i:i], rs[i+1:]...))
		case 2: // doubled
			return string(append(rs[:i+1:i+1], rs[i:]...))
		default: // swapped
			if i+1 < len(rs) && unicode.IsLetter(rs[i+1]) && rs[i+1] != rs[i] {
				rs[i], rs[i+1] = rs[i+1], rs[i]
				return string(rs)
			}
		}
	}
	return s
}

// ocr misreads one letter of a name as a scanner does.
func (g *gen) ocr(s string) string {
	type op struct {
		at   int
		with string
		n    int // runes replaced
	}
	var ops []op
	rs := []rune(s)
	for i, r := range rs {
		wordStart := i == 0 || rs[i-1] == ' '
		switch {
		case r == 'm':
			ops = append(ops, op{i, "rn", 1})
		case r == 'r' && i+1 < len(rs) && rs[i+1] == 'n':
			ops = append(ops, op{i, "m", 2})
		case r == 'l':
			ops = append(ops, op{i, g.one("1", "I"), 1})
		case r == 'o' && !wordStart && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			ops = append(ops, op{i, "0", 1})
		case r == 'đ':
			ops = append(ops, op{i, "d", 1})
		case r == 'Đ':
			ops = append(ops, op{i, "D", 1})
		}
		// An extra r after a lone initial consonant: "Hà" read as "Hrà".
		if wordStart && strings.ContainsRune("BCDĐGHKLMNPSTVX", r) && i+1 < len(rs) && isVowel(rs[i+1]) {
			ops = append(ops, op{i + 1, "r", 0})
		}
	}
	if len(ops) == 0 {
		return s
	}
	o := ops[g.r.IntN(len(ops))]
	return string(rs[:o.at]) + o.with + string(rs[o.at+o.n:])
}

func isVowel(r rune) bool {
	base := []rune(norm.NFD.String(string(unicode.ToLower(r))))[0]
	return strings.ContainsRune("aeiouy", base)
}

// stray puts one to three commas or dots inside the words of a name, as a
// scanner reads specks.
func (g *gen) stray(s string) string {
	rs := []rune(s)
	var at []int
	for i := 1; i < len(rs); i++ {
		if unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i]) {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return s
	}
	n := min(len(at), 1+g.r.IntN(3))
	pos := g.r.Perm(len(at))[:n]
	sort.Sort(sort.Reverse(sort.IntSlice(pos)))
	for _, p := range pos {
		i := at[p]
		rs = append(rs[:i], append([]rune(g.one(",", ",", ".")), rs[i:]...)...)
	}
	return string(rs)
}

// recase writes the text in capitals, in lower case, or with words
// capitalised at random.
func (g *gen) recase(s string) string {
	switch g.r.IntN(5) {
	case 0, 1:
		return strings.ToUpper(s)
	case 2, 3:
		return strings.ToLower(s)
	}
	ws := strings.Split(s, " ")
	for i, w := range ws {
		if w == "" {
			continue
		}
		if g.chance(0.5) {
			r, n := utf8.DecodeRuneInString(w)
			ws[i] = string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
		} else {
			ws[i] = strings.ToLower(w)
		}
	}
	return strings.Join(ws, " ")
}

// Tone marks, as combining characters.
const tones = "\u0300\u0301\u0303\u0309\u0323"

// toneMovable reports whether the text has a word whose tone mark has two
// accepted places (the open syllables oa, oe, uy: hoà/hòa, thuỵ/thụy).
func toneMovable(s string) bool { return moveTones(s) != s }

// moveTones puts the tone mark of every open oa, oe or uy syllable on the
// other vowel: the old and the new spelling rules, each a keyboard default.
func moveTones(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		words[i] = moveTone(w)
	}
	return strings.Join(words, " ")
}

func moveTone(w string) string {
	d := []rune(norm.NFD.String(w))
	var letters []int
	tone, toneAt := rune(0), -1
	for i, r := range d {
		switch {
		case strings.ContainsRune(tones, r):
			tone, toneAt = r, i
		case unicode.Is(unicode.Mn, r):
			return w // a vowel with a hat or horn: the tone's place is fixed
		case unicode.IsLetter(r):
			letters = append(letters, i)
		}
	}
	if tone == 0 || len(letters) < 2 {
		return w
	}
	last, prev := letters[len(letters)-1], letters[len(letters)-2]
	pair := strings.ToLower(string(d[prev]) + string(d[last]))
	if pair != "oa" && pair != "oe" && pair != "uy" {
		return w
	}
	if pair == "uy" && prev > 0 && unicode.ToLower(d[prev-1]) == 'q' {
		return w // qu-: the u is a consonant
	}
	var to int
	switch toneAt {
	case prev + 1:
		to = last
	case last + 1:
		to = prev
	default:
		return w
	}
	var out []rune
	for i, r := range d {
		if i == toneAt {
			continue
		}
		out = append(out, r)
		if i == to {
			out = append(out, tone)
		}
	}
	return norm.NFC.String(string(out))
}
