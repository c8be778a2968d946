// Command devset writes testdata/address/devset.tsv, the labelled
// development set of the address parser: addresses in every written form,
// built from real unit names (the embedded administrative tables) and real
// street names (the OpenStreetMap extract beside the project), with the
// noise people add, each with the components a correct parse must find.
//
//	go run ./testdata/gen/devset [-osm ../shared/data/osm/hanoi_cau_giay.osm] [-n 2400]
//
// Columns: input, house number, alleys (kind:number or kind:=name, joined
// by ;), street, place, version, province, district, commune, postcode.
// Expected street and place are as written in the input (the parser does
// not correct them); units are codes.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/postal"
)

type row struct {
	input, house, alleys, street, place string
	version                             admin.Version
	province, district, commune         admin.Unit
	postcode                            string
}

func main() {
	osm := flag.String("osm", "../shared/data/osm/hanoi_cau_giay.osm", "OpenStreetMap extract for street names")
	n := flag.Int("n", 2400, "addresses")
	seed := flag.Uint64("seed", 6, "random seed")
	flag.Parse()
	streets := streetNames(*osm)
	r := rand.New(rand.NewPCG(*seed, 66))
	l, v := admin.Load(admin.Legacy), admin.Load(admin.V2025)
	lc, vc := l.Units(admin.Commune), v.Units(admin.Commune)

	pick := func(version admin.Version) (admin.Unit, admin.Unit, admin.Unit) {
		for {
			var c admin.Unit
			d := l
			if version == admin.Legacy {
				c = lc[r.IntN(len(lc))]
			} else {
				c, d = vc[r.IntN(len(vc))], v
			}
			var dist admin.Unit
			p, _ := d.Province(c.Code)
			if version == admin.Legacy {
				dist, _ = d.Unit(c.Parent)
			}
			// Keep only tails a careful reader can resolve.
			res := d.Resolve(c.Name, dist.Name, p.Name)
			if res.Status == admin.Resolved && res.Commune.Code == c.Code {
				return c, dist, p
			}
		}
	}
	var rows []row
	for len(rows) < *n {
		version := admin.V2025
		if r.IntN(2) == 0 {
			version = admin.Legacy
		}
		c, d, p := pick(version)
		rw := row{version: version, commune: c, district: d, province: p}
		street := streets[r.IntN(len(streets))]
		num := fmt.Sprint(1 + r.IntN(300))
		var head []string
		form := r.IntN(100)
		switch {
		case form < 30: // northern
			a, b := fmt.Sprint(1+r.IntN(400)), fmt.Sprint(1+r.IntN(90))
			if r.IntN(2) == 0 {
				head = []string{fmt.Sprintf("Số %s ngõ %s ngách %s %s", num, a, b, street)}
				rw.alleys = "ngõ:" + a + ";ngách:" + b
			} else {
				head = []string{fmt.Sprintf("Số %s ngõ %s %s", num, a, street)}
				rw.alleys = "ngõ:" + a
			}
			rw.house, rw.street = num, street
		case form < 55: // southern slash chain
			a, b := fmt.Sprint(1+r.IntN(400)), fmt.Sprint(1+r.IntN(90))
			suffix := []string{"", "", "", "A", "B", "D"}[r.IntN(6)]
			if r.IntN(2) == 0 {
				rw.house, rw.alleys = a+"/"+b+"/"+num+suffix, "slash:"+a+";slash:"+b
			} else {
				rw.house, rw.alleys = a+"/"+num+suffix, "slash:"+a
			}
			head, rw.street = []string{rw.house + " " + street}, street
		case form < 75: // house on the street
			suffix := []string{"", "", "", "A", "B", "bis"}[r.IntN(6)]
			rw.house, rw.street = num+suffix, street
			head = []string{rw.house + " " + street}
		case form < 90: // rural place
			kind := []string{"Thôn", "Xóm", "Ấp", "Bản", "Tổ dân phố", "Khu phố"}[r.IntN(6)]
			rw.place = fmt.Sprintf("%s %d", kind, 1+r.IntN(20))
			head = []string{rw.place}
		default: // a tail without commas
		}
		tail := []string{c.Name}
		if version == admin.Legacy {
			tail = append(tail, d.Name)
		}
		tail = append(tail, p.Name)
		if form >= 90 {
			tail = []string{c.Short}
			if version == admin.Legacy {
				tail = append(tail, d.Short)
			}
			tail = []string{strings.Join(append(tail, p.Short), " ")}
		} else {
			tail = abbreviate(r, tail)
		}
		parts := append(head, tail...)
		if r.IntN(5) == 0 {
			pc, err := postal.ForCommune(c.Code)
			if err == nil {
				rw.postcode = pc.String()
				if r.IntN(4) == 0 {
					parts = append([]string{rw.postcode}, parts...) // swapped order
				} else {
					parts = append(parts, rw.postcode)
				}
			}
		}
		if r.IntN(7) == 0 {
			parts = append(parts, "Việt Nam")
		}
		in := strings.Join(parts, ", ")
		// Noise: typo in the street, missing diacritics, lower case,
		// extra spaces.
		if rw.street != "" && r.IntN(10) == 0 {
			typo := swapLetters(r, rw.street)
			in = strings.Replace(in, rw.street, typo, 1)
			rw.street = typo
		}
		if r.IntN(5) == 0 {
			in = fold.Plain(in)
			rw.street = fold.Plain(rw.street)
			rw.place = fold.Plain(rw.place)
		}
		if r.IntN(10) == 0 {
			in = strings.ToLower(in)
			rw.street = strings.ToLower(rw.street)
			rw.place = strings.ToLower(rw.place)
			rw.house = strings.ToLower(rw.house)
		}
		if r.IntN(5) == 0 {
			in = strings.ReplaceAll(in, " ", "  ")
			in = strings.ReplaceAll(in, ",", " ,")
		}
		if rw.house != "" {
			rw.house = address.MustParseHouseNumber(rw.house).String()
		}
		rw.input = in
		rows = append(rows, rw)
	}
	var b strings.Builder
	b.WriteString("# Labelled development set of the address parser; made by testdata/gen/devset. Do not edit.\n")
	b.WriteString("# input\thouse\talleys\tstreet\tplace\tversion\tprovince\tdistrict\tcommune\tpostcode\n")
	for _, rw := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rw.input, rw.house, rw.alleys, rw.street, rw.place,
			rw.version, rw.province.Code, rw.district.Code, rw.commune.Code, rw.postcode)
	}
	if err := os.MkdirAll("testdata/address", 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/address/devset.tsv", []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("devset: %d addresses, %d street names\n", len(rows), len(streets))
}

// abbreviate writes unit types the short ways people do, sometimes.
func abbreviate(r *rand.Rand, tail []string) []string {
	out := make([]string, len(tail))
	for i, t := range tail {
		out[i] = t
		if r.IntN(3) != 0 {
			continue
		}
		for _, a := range [][2]string{{"Thành phố ", "TP. "}, {"Phường ", "P. "}, {"Quận ", "Q. "}, {"Huyện ", "H. "}, {"Xã ", "X. "}, {"Tỉnh ", ""}, {"Thị xã ", "TX. "}, {"Thị trấn ", "TT. "}} {
			if strings.HasPrefix(t, a[0]) {
				out[i] = a[1] + strings.TrimPrefix(t, a[0])
				break
			}
		}
	}
	return out
}

// swapLetters swaps two adjacent letters in the last word (a typo).
func swapLetters(r *rand.Rand, s string) string {
	words := strings.Fields(s)
	w := []rune(words[len(words)-1])
	if len(w) < 3 {
		return s
	}
	i := 1 + r.IntN(len(w)-2)
	w[i], w[i+1] = w[i+1], w[i]
	words[len(words)-1] = string(w)
	return strings.Join(words, " ")
}

// streetNames reads the names of streets from the OpenStreetMap extract
// (ways named "Phố …" or "Đường …", and the street an alley is named
// after), and adds streets named after real communes ("Đường Lê Lợi").
func streetNames(path string) []string {
	raw, err := os.ReadFile(path)
	if err != nil {
		log.Fatalf("devset: %v (the OpenStreetMap extract is in the reference data)", err)
	}
	re := regexp.MustCompile(`k="name" v="[^"]*?((?:Phố|Đường) [^"]+)"`)
	seen := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
		seen[m[1]] = true
	}
	for _, u := range admin.Load(admin.V2025).Units(admin.Commune) {
		if u.Type == admin.Phuong && len(strings.Fields(u.Short)) >= 2 && !strings.ContainsAny(u.Short, "0123456789") {
			seen["Đường "+u.Short] = true
		}
	}
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
