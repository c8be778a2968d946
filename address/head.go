package address

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address/fold"
	"github.com/diachi-vn/diachi/internal/nfc"
)

// keywords of the head, folded (the type words of streets, units and
// alleys are in words.go).
var (
	houseWords = newPhrases([][]string{{"so", "nha"}, {"nha", "so"}, {"so"}, {"sn"}})
	placeWords = newPhrases([][]string{{"to", "dan", "pho"}, {"khu", "pho"}, {"khu", "dtm"}, {"khu", "do", "thi"}, {"khu", "dan", "cu"}, {"khu", "cong", "nghiep"}, {"khu", "tap", "the"}, {"tap", "the"}, {"khu", "che", "xuat"}, {"cum", "cong", "nghiep"}, {"tieu", "khu"}, {"thon"}, {"xom"}, {"ap"}, {"ban"}, {"tdp"}, {"kp"}, {"to"}, {"khu"}, {"doi"}, {"khom"}, {"khoi"}, {"buon"}, {"lang"}, {"plei"}, {"hamlet"}, {"village"}, {"bon"}, {"soc"}, {"phum"}, {"kdt"}, {"kdc"}, {"ktt"}, {"kcn"}, {"kcx"}, {"ccn"}, {"cum"}, {"kv"},
		// the large urban projects, named so before their name
		{"vinhomes"}, {"vincity"}, {"ecopark"}, {"ciputra"}})
	// landmarkWords begin a building, a project or a landmark: text an
	// address carries that is neither street nor unit ("gần chợ Hôm",
	// "CC B3-1205", "Dự án Vinhomes").
	landmarkWords = newPhrases([][]string{{"doi", "dien"}, {"du", "an"}, {"chung", "cu"}, {"toa", "nha"}, {"benh", "vien"}, {"nga", "tu"}, {"nga", "ba"}, {"sau", "lung"},
		{"gan"}, {"canh"}, {"cc"}, {"ubnd"}, {"ben", "canh"}, {"cho"},
		// businesses and public places an address is given by
		{"cong", "ty"}, {"cty"}, {"khach", "san"}, {"nha", "thuoc"}, {"san", "bay"}, {"nha", "van", "hoa"},
		{"kiot"}, {"ki", "ot"}, {"truong", "dai", "hoc"}, {"truong", "dh"},
		// a land parcel's reference: "thửa đất số 123, tờ bản đồ số 45",
		// "TBĐ 6", "lô đất số 18", "ô đất số 8"
		{"thua", "dat"}, {"to", "ban", "do"}, {"tbd"}, {"lo", "dat"}, {"o", "dat"},
		// a building of a project or a works ("Shophouse SH-09"), in
		// English too ("Villa 12", "Block A", "Room 1208")
		{"shophouse"}, {"homestay"}, {"villa"}, {"block"}, {"room"}, {"floor"}, {"apartment"}, {"apt"}, {"suite"},
		// the document an address is quoted from ("Giấy phép xây dựng
		// số 123/GPXD", "GCN QSDĐ số CS 04512")
		{"giay", "phep"}, {"gcn"}, {"mst"}, {"ma", "so", "thue"},
		// a shop's floor ("Tầng trệt")
		{"tang", "tret"}})
	// codedLandmarks are landmark words only before a number or a code
	// ("Biệt thự BT5", "Nhà xưởng số 3", "Gian hàng B12", "Building A3",
	// "Công trình tại …"): streets and people are named so too ("đường
	// Biệt Thự" in Nha Trang, "Nguyễn Công Trình").
	codedLandmarks = newPhrases([][]string{{"biet", "thu"}, {"nha", "xuong"}, {"gian", "hang"}, {"cong", "trinh"}, {"building"}, {"tower"}})
	parcelRefWords = newPhrases([][]string{{"thua", "dat"}, {"to", "ban", "do"}, {"tbd"}, {"lo", "dat"}, {"o", "dat"}})
	// numberedLandmarks are landmark words only before a number ("tầng
	// 3", "phòng 12"): they are also syllables of street names.
	numberedLandmarks = newPhrases([][]string{{"tang"}, {"phong"}, {"toa"}, {"can", "ho"}, {"can"}, {"km"}, {"lot"}, {"unit"}, {"plot"}})
)

// isLandmark reports whether words begin a landmark or a building. ws are
// the words as written: "gần" and "cạnh" (near, beside) fold like the
// syllables of names ("Cảnh"), so without their diacritics they count
// only before a place noun ("gan cho Hom").
func isLandmark(keys []string, ws []segment) bool {
	if len(keys) == 0 {
		return false
	}
	if n := startsWith(keys, landmarkWords); n > 0 {
		if keys[0] != "gan" && keys[0] != "canh" {
			return true
		}
		lw := writtenLower(ws[0].text)
		return lw == "gần" || lw == "cạnh" || (len(keys) > 1 && landmarkNouns[keys[1]])
	}
	n := startsWith(keys, numberedLandmarks)
	if n > 0 && len(keys) > n && strings.ContainsAny(keys[n], "0123456789") {
		return true
	}
	if n := startsWith(keys, codedLandmarks); n > 0 && len(keys) > n && (strings.ContainsAny(keys[n], "0123456789") || keys[n] == "so" || keys[n] == "tai") {
		return true
	}
	// Words that fold like names' syllables, as written: a market's cell,
	// stall or row before its number or code ("Ô 12", "Quầy 18", "Ô số 8",
	// "dãy C"), a shop ("Tiệm tạp hóa"), "sát" (right by) before a place
	// noun ("Sát cổng chợ").
	if len(keys) > 1 && stallKey(keys[0]) {
		switch lw := writtenLower(ws[0].text); lw {
		case "ô", "quầy", "sạp", "dãy", "lô":
			k := keys[1]
			if lw == "lô" {
				return len(k) == 1 && k[0] >= 'a' && k[0] <= 'z' && len(keys) == 2 // "lô C", a block; "Lô 12", "Lô B2" are house numbers
			}
			return strings.ContainsAny(k, "0123456789") || k == "so" || lw == "dãy" && len(k) == 1
		case "tiệm":
			return true
		case "sát":
			return landmarkNouns[keys[1]]
		}
	}
	if shortParcelRef(keys, ws) {
		return true
	}
	// "tòa B", "toà A2": a block's building by its letter or code, as
	// written ("Toa" without its mark may be a name's syllable).
	if len(keys) > 1 && keys[0] == "toa" && (len(keys[1]) == 1 && keys[1][0] >= 'a' && keys[1][0] <= 'z' || letterAndDigit(keys[1])) {
		if lw := writtenLower(ws[0].text); lw == "tòa" || lw == "toà" {
			return true
		}
	}
	// A building of a project by its code: "BT2" (biệt thự), "CT4" (chung
	// cư), "LK12" (liền kề), "NV3" (nhà vườn), "SH09" (shophouse), "HH1".
	if buildingCode(keys[0]) {
		return true
	}
	// "nhà A2", "nhà B5": a building by its code (not "nhà 5", a house).
	return keys[0] == "nha" && len(keys) > 1 && keys[1] != "" && keys[1][0] >= 'a' && keys[1][0] <= 'z' && letterAndDigit(keys[1])
}

// englishEnd reports whether a part ends as English closes the name of a
// place ("Amata IZ", "Hoa Khanh Industrial Zone") or of a building
// ("Keangnam Landmark", "Bitexco Tower").
func englishEnd(keys []string) (place, landmark bool) {
	n := len(keys)
	if n < 2 {
		return false, false
	}
	switch before := keys[n-2]; keys[n-1] {
	case "iz", "ip", "epz":
		return true, false
	case "zone", "park":
		return before == "industrial" || before == "processing" || before == "economic", false
	case "area":
		return before == "urban" || before == "residential", false
	case "city":
		return true, false // "Times City", "Royal City": a project (a unit's "City" is read as the unit's)
	case "tower", "towers", "building", "landmark", "plaza", "center", "centre", "residence", "apartments", "mall", "hotel", "hospital", "market":
		return false, true
	}
	return false, false
}

// houseNumberAlone reports whether words are a house number and nothing
// else ("số 72", "72").
func houseNumberAlone(ws []segment) bool {
	var kb [3]string
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	keys := wordKeys(kb[:0], ws)
	n := startsWith(keys, houseWords)
	return n == len(ws)-1 && ws[n].text[0] >= '0' && ws[n].text[0] <= '9'
}

// isPlaceholder reports whether a part is an empty cell's placeholder
// (the lower-casing asked only of short parts).
func isPlaceholder(t string) bool {
	t = strings.TrimSpace(t)
	if len(t) > len("chưa xác định") {
		return false
	}
	if isASCII(t) {
		// Lowered in a buffer of its own (most parts are ASCII): no
		// string made.
		var b [len("chưa xác định")]byte
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		return placeholders[string(b[:len(t)])]
	}
	return placeholders[strings.ToLower(t)]
}

// placeholders are what exports write in an empty cell, in lower case.
var placeholders = map[string]bool{"null": true, "n/a": true, "#n/a": true, "na": true, "none": true, "nil": true, "0": true, "-": true, "--": true,
	"không": true, "không có": true, "không số": true, "chưa có": true, "chưa xác định": true}

// parcelBefore reports whether keys end with the words of a land
// parcel's reference ("thửa đất", "tờ bản đồ"), whose number follows.
func parcelBefore(keys []string) bool {
	for _, p := range parcelRefWords.list {
		if len(keys) >= len(p) && equalWords(keys[len(keys)-len(p):], p) {
			return true
		}
	}
	return len(keys) > 0 && keys[len(keys)-1] == "thua"
}

// gluedRoadAt reports whether a folded word is a numbered road written
// against its number ("ql14", "dt743"): after a kilometre post, its road.
func gluedRoadAt(k string) bool {
	for _, g := range gluedRoad {
		if len(k) > len(g.pre) && strings.HasPrefix(k, g.pre) && k[len(g.pre)] >= '0' && k[len(g.pre)] <= '9' {
			return true
		}
	}
	return false
}

// buildingCode reports whether a folded word is a project building's code:
// the letters of its kind, then its number ("bt2", "ct4", "lk12").
func buildingCode(k string) bool {
	if len(k) < 3 || k[2] < '0' || k[2] > '9' {
		return false
	}
	switch k[:2] {
	case "bt", "ct", "lk", "nv", "sh", "hh":
		return true
	}
	return false
}

// shortParcelRef reports whether words begin a land parcel's reference
// written short: "thửa 45", "thửa số 12", "tờ 12", "tờ số 5" (not "tổ 12",
// a place).
func shortParcelRef(keys []string, ws []segment) bool {
	if len(keys) < 2 || keys[1] == "" || (keys[1][0] < '0' || keys[1][0] > '9') && keys[1] != "so" {
		return false
	}
	switch keys[0] {
	case "thua":
		return true
	case "to":
		return writtenLower(ws[0].text) == "tờ"
	}
	return false
}

// letterAndDigit reports whether a folded word holds both letters and
// digits ("a2", "b12").
func letterAndDigit(k string) bool {
	return strings.ContainsAny(k, "0123456789") && strings.ContainsAny(k, "abcdefghijklmnopqrstuvwxyz")
}

// lotNumber reports whether words i and i+1 are a lot and its number
// ("Lô 12", "Lô B2-15": the house number of a new quarter) or a house and
// its number ("Nhà 12"; "nhà A2" is a building).
func lotNumber(keys []string, ws []segment, i int) bool {
	if keys[i] != "lo" && keys[i] != "nha" || i+1 >= len(ws) || ws[i+1].text == "" {
		return false
	}
	// As written: "Lô", not "Lộ" (a road: "Lộ 91B"); "Nhà" or "nha".
	switch writtenLower(ws[i].text) {
	case "lô", "nhà", "nha":
	default:
		return false
	}
	c := ws[i+1].text[0]
	return c >= '0' && c <= '9' || keys[i] == "lo" && letterAndDigit(keys[i+1])
}

// cutFirstWords are the first words of the places and landmarks a part
// may be cut at.
var cutFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for _, ps := range []*phrases{placeWords, landmarkWords, numberedLandmarks, codedLandmarks} {
		for _, p := range ps.list {
			m[p[0]] = true
		}
	}
	return m
}()

// landmarkNouns are the places a landmark is named by after "gần" or
// "cạnh".
var landmarkNouns = map[string]bool{"cho": true, "truong": true, "ubnd": true, "benh": true, "cong": true, "cau": true,
	"chua": true, "nha": true, "ngan": true, "sieu": true, "cay": true, "ben": true, "tram": true, "nga": true, "den": true, "dinh": true, "toa": true, "khu": true}

// cutPoint reports whether a new part starts at word k of a part written
// without separators: a place ("thôn 3", "tổ dân phố 7") or a landmark
// ("gần chợ Hôm") after a street.
func cutPoint(keys []string, ws []segment, k int) bool {
	rest := keys[k:]
	if !cutFirstWords[rest[0]] && !gluedPlace(rest[0]) {
		return false
	}
	if isLandmark(rest, ws[k:]) && rest[0] != "cho" {
		return true
	}
	if startsWith(keys[k-1:], placeWords) > 1 {
		return false // "Tiểu khu 3": the place begins a word earlier
	}
	if keys[k-1] == "lien" || startsWith(keys[k-1:], streetWords) > 0 {
		return false // "Liên Thôn", "Đường Xóm Chiếu": a street's name
	}
	n := startsWith(rest, placeWords)
	if n == 1 && placeAsWritten[rest[0]] && !placeWritten(rest[0], ws[k].text) {
		return false // "Bang Lang 1": not "Làng 1" unless written so
	}
	switch {
	case n == 0:
		return gluedPlace(rest[0])
	case n > 1 || rest[0] == "thon" || rest[0] == "xom" || placeCodes[rest[0]]:
		return true
	case len(rest) > 1 && rest[1] != "" && rest[1][0] >= '0' && rest[1][0] <= '9':
		return true
	}
	// "tổ", "ấp", "bản", "khu", "đội" are also syllables of names ("Đê Tô
	// Hoàng", "Đội Cấn"): a place before a number; "ấp" and "bản" also
	// after a street whose house number is written.
	if rest[0] != "ap" && rest[0] != "ban" {
		return false
	}
	// As written: "bản", not "Bán" ("Lũy Bán Bích"); without diacritics
	// it cannot be told.
	if !placeWritten(rest[0], ws[k].text) {
		return false
	}
	// Not inside a street's name: "Đường Bàn Cờ", "Đường Điện Bàn".
	for j := max(0, k-2); j < k; j++ {
		if startsWith(keys[j:], streetWords) > 0 {
			return false
		}
	}
	for _, w := range keys[:k] {
		if w != "" && w[0] >= '0' && w[0] <= '9' {
			return len(rest) > 1
		}
	}
	return false
}

// headKeyword are the first words of the places' and house numbers'
// phrases, folded: read through a scanning error ("Th0n", "S0 nhà"); a
// street's type word is not ("ph0 HCM" is no street Phố HCM).
var headKeyword = func() map[string]bool {
	m := map[string]bool{}
	for _, ps := range []*phrases{placeWords, houseWords} {
		for _, p := range ps.list {
			m[p[0]] = true
		}
	}
	return m
}()

// notStreetBeforeNumber are the words of a lot, a room, a stall or a
// parcel that "số N" follows ("Lô số 5", "Kiốt số 5"): no street.
// Each is known by its key and, written with its marks, by its spelling:
// "Tăng Bạt Hổ", "Lò Sũ", "Cần Thơ", "Công Nghiệp" are streets.
var notStreetBeforeNumber = map[string][]string{"lo": {"lô"}, "phong": {"phòng"}, "kiot": {"kiốt", "ki-ốt", "kiôt"}, "gian": {"gian"},
	"nen": {"nền"}, "cong": {"cổng"}, "thua": {"thửa"}, "can": {"căn"}, "toa": {"tòa", "toà"}, "tang": {"tầng"}, "nha": {"nhà"},
	"day": {"dãy"}, "block": {"block"}}

// notStreetWord reports whether word w, whose key is key, is one of
// notStreetBeforeNumber as written, or written without marks.
func notStreetWord(key, w string) bool {
	sp, ok := notStreetBeforeNumber[key]
	if !ok {
		return false
	}
	lw := writtenLower(w)
	return lw == key || slices.Contains(sp, lw)
}

// placeSpellings are the single place words that are also syllables of
// names, as a place is written ("Tổ 5", not "Tô Ký").
var placeSpellings = map[string]bool{"tổ": true, "ấp": true, "bản": true, "đội": true, "khu": true, "cụm": true, "khối": true,
	"buôn": true, "làng": true, "sóc": true}

// placeAsWritten are the place words that are places only written with
// their diacritics: without, "lang" is as much Láng (Láng Hạ, a street)
// and Lạng as Làng.
var placeAsWritten = map[string]bool{"lang": true}

// placeAt reports whether a part begins with a place: a place phrase, a
// glued place (KP3), or a single place word written as one (or without
// diacritics, where it cannot be told from a name).
func placeAt(keys []string, ws []segment) bool {
	if len(keys) == 0 {
		return false
	}
	n := startsWith(keys, placeWords)
	if n == 0 {
		return gluedPlace(keys[0])
	}
	if n > 1 || !ambiguousPlace[keys[0]] {
		return true
	}
	return placeWritten(keys[0], ws[0].text)
}

// placeWritten reports whether word w, whose key is key, is written as a
// place word ("Tổ", "ấp") or without diacritics ("to"), where a place
// cannot be told from a name.
func placeWritten(key, w string) bool {
	lw := writtenLower(w)
	return placeSpellings[lw] || lw == key && !placeAsWritten[key]
}

// writtenLower is a word as written, in lower case and NFC: what tells
// words that fold alike apart ("Tổ" and "Tô", "Lô" and "Lộ").
func writtenLower(w string) string { return strings.ToLower(nfc.String(w)) }

// ambiguousPlace are placeSpellings folded ("to", "ap"…).
var ambiguousPlace = func() map[string]bool {
	m := map[string]bool{}
	for s := range placeSpellings {
		m[fold.Key(s)] = true
	}
	return m
}()

// placeCodes are the places' abbreviations that are no syllable of a name
// ("KDC Nam Long", "KCN Sóng Thần"): a place wherever they stand.
var placeCodes = map[string]bool{"kdc": true, "kdt": true, "kcn": true, "kcx": true, "ccn": true, "ktt": true, "tdp": true, "kp": true,
	"vinhomes": true, "vincity": true, "ecopark": true, "ciputra": true}

// startsWith reports whether the folded words ws begin with one of the
// phrases, and how many words it took.
func startsWith(ws []string, ps *phrases) int {
	if len(ws) == 0 {
		return 0
	}
	for _, i := range ps.byFirst[ws[0]] {
		if p := ps.list[i]; len(ws) >= len(p) && equalWords(ws[1:len(p)], p[1:]) {
			return len(p)
		}
	}
	return 0
}

// phrases are phrases of folded words, in the order they are tried, and
// found by their first word.
type phrases struct {
	list    [][]string
	byFirst map[string][]int32 // indexes in list, in its order
}

// newPhrases indexes list; a phrase has at least one word.
func newPhrases(list [][]string) *phrases {
	ps := &phrases{list: list, byFirst: map[string][]int32{}}
	for i, p := range list {
		if len(p) == 0 {
			panic("address: an empty phrase")
		}
		ps.byFirst[p[0]] = append(ps.byFirst[p[0]], int32(i))
	}
	return ps
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// glued place forms: KP3, TDP5, KV4, "Tổ 7".
func gluedPlace(w string) bool {
	for _, p := range []string{"kp", "tdp", "kv"} {
		if strings.HasPrefix(w, p) && len(w) > len(p) && w[len(p)] >= '0' && w[len(p)] <= '9' {
			return true
		}
	}
	return false
}

// readHead reads house number, alleys, street and place from the parts
// before the administrative units.
func (a *Address) readHead(input string, toks []token, segs []segment) {
	var rest []string
	read, total := 0, 0
	var wb [24]segment
	var kb [24]string
	for si := 0; si < len(segs); si++ {
		sg := segs[si]
		ws := wordsOf(wb[:0], sg)
		keys := tokenKeys(kb[:0], input, toks, ws)
		// A phone number among other words (a delivery's "Anh An
		// 0912345678 12 Lê Lợi", "12 Lê Lợi - gọi trước 0912345678"): the
		// contact, the number with the receiver's name before it or with
		// a note after a dash, is set aside, unread, and the address is
		// read from the words around it.
		if p0, p1, ok := phoneRun(ws); ok && (p0 > 0 || p1 < len(ws)) {
			from := 0
			if p0 > 0 && opensAddress(keys[:p0], ws[:p0]) {
				from = p0
				for k := p0 - 1; k > 0; k-- {
					if dashBetween(sg, ws[k-1], ws[k]) {
						from = k
						break
					}
				}
			}
			var parts []segment
			if from > 0 {
				parts = append(parts, subSegment(sg, ws, 0, from))
			}
			rest = append(rest, subSegment(sg, ws, from, p1).text)
			total += p1 - from
			if p1 < len(ws) {
				parts = append(parts, subSegment(sg, ws, p1, len(ws)))
			}
			segs = slices.Replace(slices.Clone(segs), si, si+1, parts...)
			si--
			continue
		}
		// An empty cell's placeholder from a spreadsheet or a database
		// ("NULL", "N/A", "0", "-"): nothing of the address.
		if isPlaceholder(sg.text) {
			rest = append(rest, sg.text)
			total += len(ws)
			continue
		}
		// A place or landmark inside a part: the part is cut there.
		landmark := isLandmark(keys, ws)
		// A land parcel's reference keeps its numbers ("thửa đất số 123").
		parcelRef := landmark && (startsWith(keys, parcelRefWords) > 0 || shortParcelRef(keys, ws))
		lw := max(startsWith(keys, landmarkWords), startsWith(keys, codedLandmarks), 1)
		for k := 1; k < len(ws); k++ {
			// After a landmark or a building ("Phòng 301", "CC B3-1205"),
			// the address goes on at a house number, a street word or a
			// place ("Shophouse SH-09 KĐT Việt Hưng"). A number right
			// after the building's words, or after a parcel's, is theirs
			// ("Nhà xưởng số 3", "Công trình tại thửa đất số 210").
			if landmark {
				house := startsWith(keys[k:], houseWords) > 0
				if !(houseOrStreetAt(keys, k) || k >= lw && placeAt(keys[k:], ws[k:]) && startsWith(keys[k:], landmarkWords) == 0 || k > lw && gluedRoadAt(keys[k])) ||
					house && (parcelRef || k == lw || parcelBefore(keys[:k])) {
					continue
				}
			} else if !cutPoint(keys, ws, k) {
				continue
			}
			{
				tail := segment{text: sg.text[ws[k].start-sg.start:], start: ws[k].start, end: sg.end, leftover: sg.leftover}
				sg = segment{text: strings.TrimRight(sg.text[:ws[k-1].end-sg.start], " "), start: sg.start, end: ws[k-1].end}
				segs = slices.Insert(slices.Clone(segs), si+1, tail)
				ws, keys = ws[:k], keys[:k]
				break
			}
		}
		total += len(ws)
		endPlace, endLandmark := englishEnd(keys)
		if endLandmark && !opensAddress(keys, ws) || isLandmark(keys, ws) {
			rest = append(rest, sg.text)
			continue
		}
		// A known street's name is read as one, though its first word is a
		// place's ("Đội Cấn", "Làng Nha") or a unit's type word ("Phương
		// Mai", "Quán Thánh", "Xã Đàn"), written alone or with its house
		// number after it.
		// (Not after a word that can only be a place's: "Thôn Đoài", "Xóm
		// Chùa", "Khu tập thể Thành Công" are places the street table
		// names too.)
		n := startsWith(keys, placeWords)
		street := !(n > 1 || n == 1 && !ambiguousPlace[keys[0]]) && streetNamePart(keys)
		if !street && (placeAt(keys, ws) || endPlace && !opensAddress(keys, ws)) {
			// Places within places ("Xóm 3, Thôn Hạ", "Tổ 5, Ấp 3") are
			// one place, written as they came; its span runs from the
			// first to the last.
			if a.Place == "" {
				a.Place = Normalize(sg.text)
				a.Spans[CompPlace] = segSpan(sg)
			} else {
				a.Place += ", " + Normalize(sg.text)
				a.Spans[CompPlace].End = sg.end
			}
			read += len(ws)
			continue
		}
		// A phone number is no house number ("0903123456 - 12 Lê Lợi").
		if phoneNumber(ws) {
			rest = append(rest, sg.text)
			continue
		}
		// A part that a later part outdoes as the address's street part
		// ("Công ty Minh Phát, 25 Nguyễn Trãi", "Phòng 3, Lầu 2, 60 Nguyễn
		// Đình Chiểu"): a street only when something says so.
		// (Not by a house number alone after a known street's name:
		// "Trần Thái Tông; số 72".)
		if !sg.leftover && a.Street == "" && !a.HouseNumber.IsValid() && len(a.Alleys) == 0 && si+1 < len(segs) &&
			slices.ContainsFunc(segs[si+1:], func(later segment) bool {
				var lb [24]segment
				lw := wordsOf(lb[:0], later)
				return opensAddress(nil, lw) && !(houseNumberAlone(lw) && isKnownStreet(keys))
			}) &&
			!opensAddress(keys, ws) {
			sg.leftover = true
		}
		// A part that begins like an administrative unit but was not
		// resolved as one stays unread: it is not a street.
		if k := startsWith(keys, unitWords); !street && (k > 0 && k < len(keys) || len(keys) > 0 && typedNumber(keys[0])) && startsWith(keys, streetWords) == 0 {
			rest = append(rest, sg.text)
			continue
		}
		// The house number in a part of its own after the street ("Đường
		// Lê Lợi, số nhà 12"), or after the alley on it ("Ngõ 34 Láng Hạ,
		// số 5").
		if a.Street != "" && !a.HouseNumber.IsValid() && houseNumberAlone(ws) {
			n := len(ws) - 1
			if h, err := a.houseNumberScanned(ws[n]); err == nil {
				a.setHouse(h, Span{ws[0].start, ws[n].end})
				read += len(ws)
				continue
			}
		}
		// "Số 12 - 14 Lê Lợi": a range written with spaces around its
		// dash parts the house number from its end. Only a rising one
		// ("12 - 4" may be a sub-number or two parts).
		if n := a.rangeEnd(input, segs, si, ws, keys); n > 0 {
			read += n
			ws, keys = ws[n:], keys[n:]
		}
		used := a.readWords(sg, ws, keys)
		read += used
		if used < len(ws) {
			rest = append(rest, sg.text)
		}
	}
	a.Remainder = strings.Join(rest, ", ")
	a.splitStreet(input, toks)
	if total > 0 {
		a.headConf = float64(read) / float64(total)
	} else {
		a.headConf = 1
	}
}

// maxRangeSpan bounds a range read across spaces: the houses of one
// number range are neighbours ("12 - 14", "176 - 181"); "12 - 2024" is no
// range.
const maxRangeSpan = 20

// rangeEnd reads the first word of part si, ws (keys folded), as the end
// of the range whose first number ends the part before, when a dash alone
// parts them and a name follows ("Số 12 - 14 Lê Lợi"), not a month ("Số 1
// - 3 Tháng 2": the street of 3 February); it returns the words read (0 or
// 1).
func (a *Address) rangeEnd(input string, segs []segment, si int, ws []segment, keys []string) int {
	if si == 0 || len(ws) < 2 || a.Street != "" || len(a.Alleys) > 0 || !a.HouseNumber.IsValid() ||
		a.Spans[CompHouseNumber].End != segs[si-1].end || len(ws[0].text) > 4 || !digitsOnly(ws[0].text) || digitsOnly(ws[1].text) {
		return 0
	}
	if between := strings.Trim(input[segs[si-1].end:segs[si].start], " "); utf8.RuneCountInString(between) != 1 || !strings.ContainsAny(between, dashes) {
		return 0
	}
	h := a.HouseNumber
	if h.suffix() != "" || h.alleys() != "" || h.to != 0 {
		return 0
	}
	if keys[1] == "thang" {
		return 0 // "Số 1 - 3 Tháng 2": a street named by a date
	}
	hr, err := ParseHouseNumber(h.String() + "-" + ws[0].text)
	if end, ok := hr.Range(); err != nil || !ok || end-hr.Number() > maxRangeSpan {
		return 0
	}
	a.setHouse(hr, Span{a.Spans[CompHouseNumber].Start, ws[0].end})
	return 1
}

// namedBeforeNumber reports whether the folded words of a street before
// "số N" name it without that number: a name, or a type word and a name
// or a road's code ("Lê Lợi", "Đường Láng", "Quốc lộ 6"), not a type word
// alone ("Đường") nor an internal road's ("Đường nội bộ").
func namedBeforeNumber(keys []string) bool {
	t := startsWith(keys, streetWords)
	if t == 0 {
		return true
	}
	return t < len(keys) && !(keys[t] == "noi" && t+1 < len(keys) && keys[t+1] == "bo")
}

// streetNamePart reports whether the folded words of a part are a known
// street's name, alone or with the house number written after it ("Phương
// Mai số 8", "Quán Thánh số nhà 12").
func streetNamePart(keys []string) bool {
	n := len(keys)
	if n >= 4 && allDigits(keys[n-1]) {
		switch {
		case keys[n-2] == "so" || keys[n-2] == "sn":
			n -= 2
		case n >= 5 && keys[n-2] == "nha" && keys[n-3] == "so":
			n -= 3
		}
	}
	return isKnownStreet(keys[:n])
}

// wordKeys appends to keys each word folded (lower case, no
// diacritics, no inner punctuation).
func wordKeys(keys []string, ws []segment) []string {
	// All words folded into one string, then sliced: one allocation in
	// all instead of one a word.
	var b [256]byte
	var eb [25]int
	buf, ends := b[:0], eb[:1]
	for _, w := range ws {
		n := len(buf)
		buf = fold.AppendWord(buf, w.text)
		if m, ok := mendScan(buf[n:]); ok && headKeyword[string(m)] {
			buf = append(buf[:n], m...) // "Th0n 3" is "Thôn 3" to the head's keywords too (not "QL1A")
		}
		ends = append(ends, len(buf))
	}
	all := string(buf)
	for i := range ws {
		keys = append(keys, all[ends[i]:ends[i+1]])
	}
	return keys
}

// tokenKeys is wordKeys for words of s, whose tokens are toks: a word
// that is one token, unrepaired, has the token's key for its own, made
// by the tokenizer as wordKeys makes it (a number's only when it has no
// leading zero, which its key drops); the other words are made here.
func tokenKeys(keys []string, s string, toks []token, ws []segment) []string {
	if len(ws) == 0 || len(ws) > 64 {
		return wordKeys(keys, ws)
	}
	// The first word's token by halves, the others' in turn: the words
	// are in the order of the text.
	k, hi := 0, len(toks)
	for k < hi {
		m := int(uint(k+hi) >> 1)
		if toks[m].start < ws[0].start {
			k = m + 1
		} else {
			hi = m
		}
	}
	n0 := len(keys)
	var made uint64 // the words whose key is made here
	for i := range ws {
		w := &ws[i]
		for k < len(toks) && toks[k].start < w.start {
			k++
		}
		if k < len(toks) {
			if t := &toks[k]; t.start == w.start && t.end == w.end && t.repaired == 0 && t.key != "_" && (!t.digits || len(t.key) == t.end-t.start) && w.end <= len(s) && s[w.start:w.end] == w.text {
				keys = append(keys, t.key)
				continue
			}
		}
		made |= 1 << i
		keys = append(keys, "")
	}
	if made != 0 {
		madeKeys(keys[n0:], ws, made)
	}
	return keys
}

// madeKeys sets keys[i] to the key wordKeys makes of ws[i] for each i in
// made.
func madeKeys(keys []string, ws []segment, made uint64) {
	var b [256]byte
	var eb [65]int
	buf, ends := b[:0], eb[:1]
	for i := range ws {
		if made&(1<<i) == 0 {
			continue
		}
		n := len(buf)
		buf = fold.AppendWord(buf, ws[i].text)
		if m, ok := mendScan(buf[n:]); ok && headKeyword[string(m)] {
			buf = append(buf[:n], m...)
		}
		ends = append(ends, len(buf))
	}
	all := string(buf)
	j := 0
	for i := range ws {
		if made&(1<<i) != 0 {
			keys[i] = all[ends[j]:ends[j+1]]
			j++
		}
	}
}

// readWords reads a run of words: a house number, alley levels and a
// street. It returns how many words it used.
func (a *Address) readWords(sg segment, ws []segment, keys []string) int {
	leftover := sg.leftover
	// text of words from..to-1 as written (Normalize collapses the spaces)
	text := func(from, to int) string {
		if to <= from {
			return ""
		}
		return sg.text[ws[from].start-sg.start : ws[to-1].end-sg.start]
	}
	used := 0
	i := 0
	spanOf := func(from, to int) Span { return Span{ws[from].start, ws[to-1].end} }
	for i < len(ws) {
		switch {
		case !a.HouseNumber.IsValid() && len(a.Alleys) == 0 && a.Street == "":
			// "Số 12", "số nhà 12", "SN 12", or the number alone.
			k := startsWith(keys[i:], houseWords)
			if k == 0 && lotNumber(keys, ws, i) {
				k = 1
			}
			// "No. 12": English's house word, before a number only ("Nơ
			// Trang Long" is a street).
			if k == 0 && keys[i] == "no" && i+1 < len(ws) && ws[i+1].text[0] >= '0' && ws[i+1].text[0] <= '9' {
				k = 1
			}
			if i+k < len(ws) && (keys[i] == "lo" || !roadCode(keys[i+k], len(ws)-i-k)) { // after "Lô", "K12" is the lot's code
				if al, h, ok := kietNumber(ws[i+k].text); ok && k == 0 {
					// "K12/5 Hoàng Diệu": house 5 of kiệt 12, as written in
					// the Centre.
					a.Alleys = append(a.Alleys, al)
					a.Spans[CompAlleys] = spanOf(i+k, i+k+1)
					a.setHouse(h, spanOf(i, i+k+1))
					used += k + 1
					i += k + 1
					continue
				}
				if h, err := a.houseNumberScanned(ws[i+k]); err == nil {
					// "12 bis": the suffix written apart.
					if j := i + k + 1; j < len(ws) && (keys[j] == "bis" || keys[j] == "ter") && h.suffix() == "" && h.alleys() == "" {
						if hb, err := ParseHouseNumber(ws[i+k].text + keys[j]); err == nil {
							h = hb
							k++
						}
					}
					a.setHouse(h, spanOf(i, i+k+1))
					used += k + 1
					i += k + 1
					continue
				}
			}
			// The number said in words: "số mười tám", "nhà sáu mươi tám".
			if nha := k == 0 && writtenLower(ws[i].text) == "nhà"; (k > 0 || nha) && i+k+1 < len(ws) {
				if nha {
					k = 1
				}
				if d, n, ok := a.numberInWords(ws, i+k, !nha); ok {
					if h, err := ParseHouseNumber(d); err == nil {
						a.setHouse(h, spanOf(i, i+k+n))
						used += k + n
						i += k + n
						continue
					}
				}
				if nha {
					k = 0
				}
			}
			if k > 0 {
				return used // "số" without a number: leave it
			}
			fallthrough
		default:
			if kind, ok := alleyKinds[keys[i]]; ok && i+1 < len(ws) && (kind != Ngo || ngoAsWritten(ws[i].text)) {
				start := i
				i++
				al := Alley{Kind: kind}
				if (keys[i] == "so" || keys[i] == "sn") && i+1 < len(ws) && ws[i+1].text[0] >= '0' && ws[i+1].text[0] <= '9' {
					i++ // "Ngõ số 4": the alley's number
				}
				if ws[i].text[0] >= '0' && ws[i].text[0] <= '9' {
					al.Number = ws[i].text
					if h, err := ParseHouseNumber(ws[i].text); err == nil {
						al.Number = h.String()
					}
					i++
				} else if d, n, ok := a.numberInWords(ws, i, false); ok {
					al.Number = d // "ngõ ba mươi tư"
					i += n
				} else {
					j := i
					for j < len(ws) && !isHeadKeyword(keys[j:]) {
						j++
					}
					al.Name = Normalize(text(i, j))
					i = j
				}
				a.Alleys = append(a.Alleys, al)
				sp := spanOf(start, i)
				if prev := a.Spans[CompAlleys]; prev.End > 0 {
					sp.Start = prev.Start
				}
				a.Spans[CompAlleys] = sp
				used += i - start
				continue
			}
			if a.Street == "" && i == len(ws)-1 && buildingCode(keys[i]) {
				return used // "Lô 12 BT2": the lot's building, no street
			}
			if a.Street == "" {
				// The street: from a street word, or whatever follows a
				// house number or an alley, to the end.
				// Words left in front of a comma-less tail are a street only
				// when something says so.
				if startsWith(keys[i:], streetWords) > 0 || a.HouseNumber.IsValid() || len(a.Alleys) > 0 || (i == 0 && !leftover && a.Version != 0) || roadCode(keys[i], 1) {
					end := len(ws)
					// The number written after its street: "Lê Lợi số 12",
					// "Đường Láng số 8", "Quốc lộ 6 số 8"; not where the
					// street is named by the number ("Đường số 5", "Đường
					// Nội Bộ số 5").
					// "Giảng Võ số nhà 12" as well.
					n, w := len(ws), 2
					if n-i >= 5 && keys[n-2] == "nha" && keys[n-3] == "so" {
						w = 3
					}
					if !a.HouseNumber.IsValid() && len(a.Alleys) == 0 && n-i >= w+2 && (keys[n-w] == "so" || keys[n-w] == "sn") &&
						namedBeforeNumber(keys[i:n-w]) && !notStreetWord(keys[i], ws[i].text) {

						if h, err := ParseHouseNumber(ws[n-1].text); err == nil && ws[n-1].text[0] >= '0' && ws[n-1].text[0] <= '9' {
							a.HouseNumber = h
							a.Spans[CompHouseNumber] = spanOf(n-w, n)
							end = n - w
						}
					}
					a.Street = Normalize(a.untyped(text(i, end), ws[i].start))
					a.Spans[CompStreet] = spanOf(i, end)
					return used + len(ws) - i
				}
			}
			return used
		}
	}
	return used
}

// untyped is text (from byte start of the input) with each word typed
// with an input method's keys written as they make it (the repairs say
// where and what).
func (a *Address) untyped(text string, start int) string {
	var b strings.Builder
	at := start // the input byte text[0] is
	done := 0
	for _, r := range a.Repairs {
		if r.Kind != RepairTyping || r.Span.Start < start || r.Span.End > start+len(text) {
			continue
		}
		b.WriteString(text[done : r.Span.Start-at])
		b.WriteString(r.To)
		done = r.Span.End - at
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// setHouse sets the house number read at span and the slash alleys of
// its chain, kept canonical: their text is each alley's number.
func (a *Address) setHouse(h HouseNumber, span Span) {
	a.HouseNumber = h
	a.Spans[CompHouseNumber] = span
	for rest := h.alleys(); rest != ""; {
		var num string
		num, rest, _ = strings.Cut(rest, "/")
		a.Alleys = append(a.Alleys, Alley{Kind: Slash, Number: num})
	}
}

// houseNumberScanned parses word w as a house number, or, when it is one
// that scanning read with a zero as O or a one as l or I ("1O2", "1l5"),
// as the number meant, recording what it was read as in the word's scan
// repair.
func (a *Address) houseNumberScanned(w segment) (HouseNumber, error) {
	h, err := ParseHouseNumber(w.text)
	if w.text == "" || w.text[0] < '0' || w.text[0] > '9' {
		return h, err
	}
	// (A number read with a letter after it is kept but for O, l and I,
	// the letters a 0 and a 1 are scanned as: "1O" is 10.)
	if last := w.text[len(w.text)-1]; err == nil && last != 'O' && last != 'o' && last != 'l' && last != 'I' {
		return h, err
	}
	d, ok := scannedNumber(w.text)
	if !ok {
		return h, err
	}
	hd, derr := ParseHouseNumber(d)
	if derr != nil {
		return h, err
	}
	sp := Span{w.start, w.end}
	for i := range a.Repairs {
		if r := &a.Repairs[i]; r.Kind == RepairScan && r.Span == sp {
			r.To = d
			return hd, nil
		}
	}
	a.Repairs = append(a.Repairs, Repair{Kind: RepairScan, Span: sp, To: d})
	return hd, nil
}

// ngoAsWritten reports whether the word of a ngõ is written as one (any
// tone, or none), not as "Ngô", the surname that folds alike ("Ngô
// Quyền", "Ngô Gia Tự").
func ngoAsWritten(w string) bool {
	return !strings.ContainsAny(writtenLower(w), "ôốồổỗộ")
}

func isHeadKeyword(keys []string) bool {
	if _, ok := alleyKinds[keys[0]]; ok {
		return true
	}
	return startsWith(keys, streetWords) > 0
}

// confidence of the whole reading: how sure the units are, times how much
// of the rest was read.
func (a *Address) confidence() float64 {
	tail := a.tailConf
	if a.Version == 0 {
		tail = 0.3 // no unit read at all
	}
	return tail * (0.5 + 0.5*a.headConf)
}

func segSpan(sg segment) Span { return Span{sg.start, sg.end} }

// splitStreet sets StreetType and StreetName from Street: the type word
// apart, in full, and the name as written, with "Ng." read as "Nguyễn"
// and a lone "V." between names as "Văn" (each such reading a repair).
// Numbered and coded roads keep their number whole: "Quốc lộ 14" is type
// "Quốc lộ", name "14"; "Đường số 6" is "Đường", "số 6"; "N4" has no type.
func (a *Address) splitStreet(input string, toks []token) {
	sp := a.Spans[CompStreet]
	if a.Street == "" || sp.End <= sp.Start || sp.End > len(input) {
		return
	}
	// Read from the input itself, so that the repairs' spans are the
	// input's.
	raw := input[sp.Start:sp.End]
	sg := segment{text: raw, start: sp.Start, end: sp.End}
	var wb [24]segment
	var kb [24]string
	ws := wordsOf(wb[:0], sg)
	keys := tokenKeys(kb[:0], input, toks, ws)
	name := ws
	for _, st := range streetTypes {
		if n := len(st.words); len(keys) > n && equalWords(keys[:n], st.words) {
			if st.kind == fold.DuongTinh && (keys[n] == "" || keys[n][0] < '0' || keys[n][0] > '9') {
				continue // "Đường Tình Quang" is a street named Tình Quang
			}
			if st.kind == fold.Ngo && !ngoAsWritten(ws[0].text) {
				continue // "Ngô Quyền" is a street named for him, not ngõ Quyền
			}
			a.StreetType, name = st.kind.String(), ws[n:]
			break
		}
	}
	if a.StreetType == "" && len(keys) > 0 {
		for _, g := range gluedRoad {
			k := keys[0]
			if len(k) > len(g.pre) && strings.HasPrefix(k, g.pre) && k[len(g.pre)] >= '0' && k[len(g.pre)] <= '9' {
				// The number starts after the letters of the code as written.
				i := strings.IndexAny(ws[0].text, "0123456789")
				a.StreetType = g.kind.String()
				a.StreetName = Normalize(raw[ws[0].start-sp.Start+i:])
				return
			}
		}
	}
	if len(name) == 0 {
		return
	}
	// Abbreviated person names.
	var ob [16]string
	out := ob[:0]
	for i, w := range name {
		k := keys[len(keys)-len(name)+i]
		t := strings.TrimRight(w.text, ".-")
		if typed := a.untyped(w.text, w.start); typed != w.text {
			out = append(out, typed)
			continue
		}
		switch {
		case strings.HasPrefix(k, "ng") && len(k) > 2 && (strings.HasPrefix(w.text, "Ng.") || strings.HasPrefix(w.text, "ng.")) && len(w.text) > 3:
			a.Repairs = append(a.Repairs, Repair{Kind: RepairAbbreviation, Span: Span{w.start, w.start + 3}, Text: w.text[:3], To: "Nguyễn"})
			t = "Nguyễn " + strings.TrimLeft(w.text[3:], ". ")
		case k == "ng" && i+1 < len(name):
			a.Repairs = append(a.Repairs, Repair{Kind: RepairAbbreviation, Span: Span{w.start, w.end}, Text: w.text, To: "Nguyễn"})
			t = "Nguyễn"
		case k == "v" && i > 0 && i+1 < len(name):
			a.Repairs = append(a.Repairs, Repair{Kind: RepairAbbreviation, Span: Span{w.start, w.end}, Text: w.text, To: "Văn"})
			t = "Văn"
		}
		out = append(out, t)
	}
	// A street's type in English after its name ("Bach Dang Street", "Ly
	// Thuong Kiet St."): the type apart, the name without it.
	if n := len(name); a.StreetType == "" && n > 1 {
		if kind, ok := englishStreetTypes[keys[len(keys)-1]]; ok {
			a.StreetType, out = kind.String(), out[:len(out)-1]
		}
	}
	a.StreetName = Normalize(strings.Join(out, " "))
	// A known street's name written without diacritics or with wrong
	// ones, abbreviated, or with a letter wrong: read as the name.
	if n := len(name); n > 0 {
		first, last := name[0], name[n-1]
		if a.StreetType != "" && len(out) < n { // the English type after the name
			last = name[n-2]
		}
		written := input[first.start:last.end]
		if known, kind, ok := mendStreet(written, a.StreetName); ok {
			sp := Span{first.start, last.end}
			// (A repair of the same kind inside it, a scanned word found
			// but not read or "Ng." read as "Nguyễn": this one says what
			// the whole was read as.)
			a.Repairs = slices.DeleteFunc(a.Repairs, func(r Repair) bool {
				return r.Kind == kind && r.Span.Start >= sp.Start && r.Span.End <= sp.End
			})
			a.Repairs = append(a.Repairs, Repair{Kind: kind, Span: sp, Text: written, To: known})
			a.StreetName = known
		}
	}
}

// englishStreetTypes are the street types English writes after the name.
var englishStreetTypes = map[string]fold.Kind{"street": fold.Duong, "st": fold.Duong, "str": fold.Duong, "road": fold.Duong,
	"rd": fold.Duong, "boulevard": fold.DaiLo, "blvd": fold.DaiLo, "avenue": fold.DaiLo, "ave": fold.DaiLo}

// roadCode reports whether a word that reads as a house number is the
// code of a road: a numbered road written against its number ("QL1A",
// "ĐT743"), or a letter and a number standing alone ("N4", "D2": the
// roads of new urban areas; a house "A10" of a housing group has its
// street after it). rest counts the words from this one to the end of
// the part.
func roadCode(key string, rest int) bool {
	if gluedRoadAt(key) {
		return true
	}
	if rest != 1 || len(key) < 2 || key[0] < 'a' || key[0] > 'z' {
		return false
	}
	i0 := 1
	if key[1] >= 'a' && key[1] <= 'z' {
		i0 = 2 // "NE2"
	}
	if i0 >= len(key) {
		return false
	}
	for i := i0; i < len(key); i++ {
		if key[i] < '0' || key[i] > '9' {
			return false
		}
	}
	return true
}

// typedNumber reports whether a word is a unit's type glued to its number
// ("P1", "Q10", "F5", "P.14"): a unit that was not read, never a house
// number or a street.
func typedNumber(k string) bool {
	for _, g := range gluedUnits {
		if len(k) > len(g.pre) && strings.HasPrefix(k, g.pre) && allDigits(k[len(g.pre):]) {
			return true
		}
	}
	return false
}

// houseOrStreetAt reports whether word k begins a house number ("số 5",
// "số nhà 12") or a street ("phố Huế", "đường Lê Lợi").
func houseOrStreetAt(keys []string, k int) bool {
	if startsWith(keys[k:], streetWords) > 0 && k+1 < len(keys) {
		return true
	}
	n := startsWith(keys[k:], houseWords)
	return n > 0 && k+n < len(keys) && keys[k+n] != "" && keys[k+n][0] >= '0' && keys[k+n][0] <= '9'
}

// opensAddress reports whether a part begins as the street part of an
// address does: a house number and a word ("25 Nguyễn Trãi", "12/3
// Lê Lợi"), a house word and its number ("Số 12"), an alley and its
// number, or a street word and a name. keys may be nil: they are made
// from ws.
func opensAddress(keys []string, ws []segment) bool {
	if len(ws) < 2 {
		return false
	}
	if keys == nil {
		var kb [3]string
		keys = wordKeys(kb[:0], ws[:min(3, len(ws))])
	}
	if houseOrStreetAt(keys, 0) {
		return true
	}
	if _, ok := alleyKinds[keys[0]]; ok && keys[1] != "" && keys[1][0] >= '0' && keys[1][0] <= '9' {
		return true
	}
	w := ws[0].text
	if w[0] < '0' || w[0] > '9' || keys[1] == "" || keys[1][0] >= '0' && keys[1][0] <= '9' || phoneNumber(ws[:1]) {
		return false
	}
	_, err := ParseHouseNumber(w)
	return err == nil
}

// phoneRun finds a phone number among the words: one word of nine to
// twelve digits, or groups of two to four digits written apart that
// make ten or eleven ("0903 444 555", "+84 903 444 555": twelve).
func phoneRun(ws []segment) (from, to int, ok bool) {
	for i := range ws {
		if c := ws[i].text[0]; c != '0' && c != '8' && c != '+' {
			continue
		}
		if phoneNumber(ws[i : i+1]) {
			return i, i + 1, true
		}
		if !digitsOnly(strings.TrimPrefix(ws[i].text, "+")) {
			continue
		}
		n := len(ws[i].text)
		for j := i + 1; j < min(len(ws), i+5) && digitsOnly(ws[j].text) && len(ws[j].text) >= 2 && len(ws[j].text) <= 4; j++ {
			n += len(ws[j].text)
			if n >= 10 && phoneNumber(ws[i:j+1]) {
				return i, j + 1, true
			}
		}
	}
	return 0, 0, false
}

func digitsOnly(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// dashBetween reports whether a dash (a hyphen, an en or em dash) parts
// two words of a part ("12 Lê Lợi - gọi trước").
func dashBetween(sg segment, a, b segment) bool {
	return strings.ContainsAny(sg.text[a.end-sg.start:b.start-sg.start], dashes)
}

// dashes are the dashes that part words: a hyphen, an en and an em dash.
const dashes = "-–—"

// subSegment is words from..to-1 of part sg, as a part.
func subSegment(sg segment, ws []segment, from, to int) segment {
	return segment{text: sg.text[ws[from].start-sg.start : ws[to-1].end-sg.start], start: ws[from].start, end: ws[to-1].end, leftover: sg.leftover}
}

// phoneNumber reports whether the words are a phone number: digits
// alone (dots and a leading plus aside), nine to twelve of them, from 0
// or the country's 84.
func phoneNumber(ws []segment) bool {
	n := 0
	var first [2]byte
	for _, w := range ws {
		for i := 0; i < len(w.text); i++ {
			switch c := w.text[i]; {
			case c >= '0' && c <= '9':
				if n < 2 {
					first[n] = c
				}
				n++
			case c == '.' || c == '+' && n == 0 && i == 0:
			default:
				return false
			}
		}
	}
	return n >= 9 && n <= 12 && (first[0] == '0' || first == [2]byte{'8', '4'})
}

// kietNumber reads a house number written after its kiệt's number with
// the kiệt's initial ("K12/5": house 5 of kiệt 12).
func kietNumber(w string) (Alley, HouseNumber, bool) {
	if len(w) < 2 || w[0] != 'K' && w[0] != 'k' || w[1] < '0' || w[1] > '9' {
		return Alley{}, HouseNumber{}, false
	}
	num, rest, slash := strings.Cut(w[1:], "/")
	if !allDigits(num) || len(num) > 4 || !slash {
		// "K5" alone is a house of group K as much as kiệt 5: a house
		// number, as everywhere.
		return Alley{}, HouseNumber{}, false
	}
	al := Alley{Kind: Kiet, Number: num}
	h, err := ParseHouseNumber(rest)
	if err != nil {
		return Alley{}, HouseNumber{}, false
	}
	return al, h, true
}
