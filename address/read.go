package address

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/fold"
)

// UnitsMode says in which system of administrative units a text is
// written.
type UnitsMode uint8

const (
	// UnitsAuto decides for each address from what is written: three
	// levels or a name that exists in one system only. When both readings
	// are complete, the other one is listed in Alternatives. A name that
	// is a legacy district or a 2025 commune of the province, without its
	// type word, reads as the district, with the commune in Alternatives
	// (docs/design.md says why).
	UnitsAuto UnitsMode = iota
	// UnitsLegacy reads the units of before 1 July 2025 (province,
	// district, commune).
	UnitsLegacy
	// Units2025 reads the units of 1 July 2025 (province, commune).
	Units2025
)

// String returns "auto", "legacy" or "2025".
func (m UnitsMode) String() string {
	switch m {
	case UnitsLegacy:
		return "legacy"
	case Units2025:
		return "2025"
	}
	return "auto"
}

// ParseUnitsMode reads "auto", "legacy" or "2025".
func ParseUnitsMode(s string) (UnitsMode, error) {
	switch s {
	case "auto", "":
		return UnitsAuto, nil
	case "legacy":
		return UnitsLegacy, nil
	case "2025":
		return Units2025, nil
	}
	return 0, &ParseError{Input: s, Pos: -1, Msg: `units must be "auto", "legacy" or "2025"`}
}

// ParseOptions tune [ParseWith]. The zero value is the default of [Parse].
type ParseOptions struct {
	Units UnitsMode
}

// RepairKind is a kind of noise the reader read through.
type RepairKind uint8

const (
	// RepairStray: punctuation inside a word ignored ("Ph,ú T,h,ọ").
	RepairStray RepairKind = iota + 1
	// RepairGlued: words written without spaces read apart
	// ("CầuGiấyHàNội", "tpdanang").
	RepairGlued
	// RepairScan: letters misread by scanning read as the letters meant
	// ("rn" for "m", "0" for "o", "1" for "l" inside a word).
	RepairScan
	// RepairTypo: a unit's name, or a known street's, read with one
	// letter wrong, missing, extra, or two letters swapped.
	RepairTypo
	// RepairAbbreviation: an abbreviated word read in full ("Ng." in a
	// street name as "Nguyễn").
	RepairAbbreviation
	// RepairMoved: a commune written under a district it no longer lies
	// in (districts were reorganised before 2025); To is its district. For
	// a 2025 commune written with the legacy district it was made from
	// ("Phường Hoàn Kiếm, Quận Hoàn Kiếm"), To is empty: 2025 has no
	// districts, and the district written is kept in the Remainder. For
	// one written with the province it lay in before the 2025 merger
	// ("phường Trà Vinh, tỉnh Trà Vinh"), the span is that province's and
	// To the commune's province now.
	RepairMoved
	// RepairEncoding: the text was converted from an old Vietnamese
	// encoding (TCVN3, VNI, Windows-1258) before reading; set by callers
	// that convert, such as the cleaning job.
	RepairEncoding
	// RepairTyping: a word typed with an input method's keys left in it
	// read as they make it (Telex "Nguyeenx", VNI "Qua65n"); To is the
	// word read.
	RepairTyping
	// RepairDiacritics: a street's name written without any diacritic
	// read as the one known street whose name it is ("tran duy hung" as
	// "Trần Duy Hưng"); To is the name read. (Abbreviated names, and
	// names with one letter wrong, read as a known street's are repairs
	// of kinds RepairAbbreviation and RepairTypo.)
	RepairDiacritics
	// RepairNumber: a number written in words read as its digits ("số
	// mười tám" as 18, "ngõ ba mươi tư" as 34); To is the digits.
	RepairNumber
	// RepairFormer: a commune or district written by the name of a former
	// unit, merged into the one read or renamed as it ("Phường 11, Quận
	// 10": Phường 10 since the wards were merged; "An Hội" in Cần Thơ:
	// Phường Tân An), as the reference tables record; To is the unit read.
	RepairFormer
)

var repairNames = [...]string{"", "stray", "glued", "scan", "typo", "abbreviation", "moved", "encoding", "typing", "diacritics", "number", "former"}

// String returns the kind's name: "stray", "glued", "scan", "typo",
// "abbreviation", "moved", "encoding", "typing", "diacritics", "number" or
// "former".
func (k RepairKind) String() string {
	if int(k) < len(repairNames) {
		return repairNames[k]
	}
	return "repair"
}

// Repair is one place where the text was read other than letter for
// letter: what was written (Span and Text, in the input) and what it was
// read as (To, when the reader knows it).
type Repair struct {
	Kind RepairKind
	Span Span
	Text string
	To   string
}

// Status sums up how well an address was read.
type Status uint8

const (
	// StatusUnknown: no administrative unit was read.
	StatusUnknown Status = iota
	// StatusPartial: some units were read but not a commune (or, for a
	// legacy address, neither a commune nor a district).
	StatusPartial
	// StatusAmbiguous: the units written fit several places; every
	// reading is in Alternatives and only what they share is set.
	StatusAmbiguous
	// StatusImplied: a complete reading in which some level was not
	// written but is implied by a unit below it.
	StatusImplied
	// StatusOK: a complete reading, every level written.
	StatusOK
)

var statusNames = [...]string{"unknown", "partial", "ambiguous", "implied", "ok"}

// String returns "unknown", "partial", "ambiguous", "implied" or "ok".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status"
}

// Status says how well the address was read.
func (a *Address) Status() Status {
	switch {
	case a.ambiguous:
		return StatusAmbiguous
	case !a.Province.IsValid() && !a.Commune.IsValid() && !a.District.IsValid():
		return StatusUnknown
	case !a.Commune.IsValid() || !a.Province.IsValid():
		return StatusPartial
	case a.ImpliedDistrict || a.ImpliedProvince:
		return StatusImplied
	}
	return StatusOK
}

// role of a mention in a reading.
type cand struct {
	m       admin.Mention
	first   int     // first token, type word included
	weight  float64 // letters explained, weighted by how surely
	letters int
	typed   bool // a type word was written and fits
	// misTyped: the type word written is of another level than the
	// unit's ("phường Cầu Giấy" for Quận Cầu Giấy).
	misTyped bool
	weak     bool // a bare number: a unit only beside the units it lies in or holds
	// afterNumber: right after a number opening the text, a unit only
	// when that number is read as a ward of it.
	afterNumber bool
	// inName: written without its type from a family name or in the
	// words after one ("Nguyễn Trãi", "Trần Hưng Đạo", "Phan Đình
	// Phùng"): most likely a person's name, a street's; a unit only where
	// it lies.
	inName bool
}

// reading is a choice of units, one per level at most.
type reading struct {
	c, d, p *cand
	score   float64
	v       admin.Version
	moved   bool // the commune lies in another district than the one written
	// formerP: a 2025 commune written with the legacy province it was
	// part of ("phường Trà Vinh, tỉnh Trà Vinh"): p is that province.
	formerP bool
}

// weightOf is what a unit of the reading weighs in it.
func (r *reading) weightOf(c *cand) float64 {
	if r.moved && c == r.d || r.formerP && c == r.p {
		return c.weight / 2
	}
	return c.weight
}

func (r *reading) cands() [3]*cand { return [3]*cand{r.c, r.d, r.p} }

func (r *reading) units() int {
	n := 0
	for _, c := range r.cands() {
		if c != nil {
			n++
		}
	}
	return n
}

// words that, just before a name, say it is not a unit: the name of a
// street, alley, hamlet or landmark ("Đường Trần Phú", "ngõ Văn Chương",
// "thôn Đông", "chợ Bến Thành").
// The type words of streets and alleys are among them.
var notUnitBefore = typeKeys(map[string]bool{
	"thon": true, "xom": true, "ap": true, "ban": true, "khom": true, "to": true, "kp": true, "tdp": true, "kv": true, "doi": true, "cum": true,
	"cho": true, "gan": true, "canh": true, "dien": true, "sau": true, "truoc": true, "ubnd": true, "truong": true,
	"chua": true, "dinh": false, "cau": false, "ben": false, "benhvien": true, "vien": true, "cty": true, "congty": true,
	"dtm": true, "kdt": true, "kdc": true, "ktt": true, "kcn": true, "kcx": true, "ccn": true, "nghiep": true, "duan": true, "an": false, "cc": true, "chungcu": true, "toa": true, "nha": true,
	"khu": true, "so": true, "sn": true,
}, fold.Street, fold.Alley)

// readUnits chooses the administrative units of the text among every
// mention of a unit in it and sets them on a. It returns the range of
// tokens the units and their type words take ([from, to)), or from = -1
// when no unit was read.
func (a *Address) readUnits(s string, toks []token, skip []bool, opts ParseOptions, reps *[]Repair) (int, int) {
	scratch := readPool.Get().(*readScratch)
	defer func() {
		if cap(scratch.cs) <= maxPooled && cap(scratch.ms) <= maxPooled && cap(scratch.words) <= maxPooled {
			readPool.Put(scratch)
		}
	}()
	words := slices.Grow(scratch.words[:0], len(toks))[:len(toks)]
	for k := range toks {
		t := &toks[k]
		w := admin.Word{Key: t.key, Lower: t.lower}
		if t.digits && !numberMayBeUnit(toks, k) {
			w = admin.Word{} // a house or alley number: no name starts or runs through it
		} else if afterWardOrDistrictLetter(toks, k) {
			if d := numberWordOfUnit(toks, k); d != "" {
				w = admin.Word{Key: d, Lower: d} // "phường bảy": Phường 7
			}
		}
		words[k] = w
	}
	scratch.words = words
	ms := admin.Mentions(scratch.ms[:0], words)
	ms = districtInitials(s, toks, words, ms)
	scratch.ms = ms
	cs := a.candidates(scratch.cs[:0], s, toks, skip, words, ms, 0, opts)
	scratch.cs = cs
	best, alts, ok := chooseReading(toks, skip, cs, &scratch.lists, &scratch.readings[0], opts)
	// Names written with a typo: looked for only when the exact reading
	// leaves something out.
	// A second round finds the typos inside units the first found by
	// theirs ("Xã Tân Phú Truug, Huyện Củ Chl, TP Hồ Chí Mlnh").
	for round := 0; round < 2 && (!ok || best.p == nil || best.c == nil || unexplainedAfter(toks, skip, best) > 0); round++ {
		n0 := len(ms)
		ms = a.typoMentions(ms, toks, skip, words, best, ok, cs, opts)
		scratch.ms = ms
		if len(ms) == n0 {
			break
		}
		// The candidates read so far stay (best points into them); the
		// typos are added after them.
		cs2 := a.candidates(cs, s, toks, skip, words, ms, n0, opts)
		scratch.cs = cs2
		// (The readings of the last call chosen stay: this one's are
		// kept in the other buffer.)
		b2, alts2, ok2 := chooseReading(toks, skip, cs2, &scratch.lists, &scratch.readings[(round+1)%2], opts)
		if !ok2 || ok && b2.score <= best.score+1e-9 {
			break
		}
		best, alts, ok = b2, alts2, ok2
		cs = cs2
	}
	if !ok {
		return -1, -1
	}
	a.setReading(toks, best, alts, reps)
	from, to := len(toks), 0
	for _, c := range best.cands() {
		if c != nil {
			from = min(from, c.first)
			to = max(to, c.m.Last)
		}
	}
	return from, to
}

// numberWords are the numbers a ward or district is numbered by, written
// as words.
var numberWords = func() map[string]string {
	m := map[string]string{"tư": "4", "mười": "10"}
	for w, d := range digitWords {
		m[w] = strconv.Itoa(d)
	}
	return m
}()

// numberWordOfUnit returns the digits of word k when it is a number
// written as a word that closes its part right after the type word of a
// ward or a district, apart from it ("phường bảy, quận ba", not "qTư"),
// or "".
func numberWordOfUnit(toks []token, k int) string {
	// (Where the word stands is asked first: most words fail it, and it
	// costs less than the look-ups.)
	if k == 0 || toks[k].sep >= sepDash || toks[k].sep == sepNone || toks[k].repaired == RepairStray ||
		!isWardOrDistrictWord(toks[k-1].lower) || !closesNumber(toks, k+1) {
		return ""
	}
	return numberWords[toks[k].lower]
}

// afterWardOrDistrictLetter reports whether the word before token k
// starts as a word of wardOrDistrictWords does: numberWordOfUnit is asked
// only then (few words are).
func afterWardOrDistrictLetter(toks []token, k int) bool {
	return k > 0 && toks[k-1].lower != "" && wardOrDistrictFirst[toks[k-1].lower[0]]
}

// isWardOrDistrictWord reports whether w is in wardOrDistrictWords. Asked
// of nearly every word of every text: the first letter, which few of them
// start with, is asked before the map.
func isWardOrDistrictWord(w string) bool {
	return w != "" && wardOrDistrictFirst[w[0]] && wardOrDistrictWords[w]
}

// closesNumber reports whether a unit's number written as words ends
// before token k: at the end of its part, before digits, or, in a text
// said without separators, before the next unit's type word ("phường một
// thành phố Tân An").
func closesNumber(toks []token, k int) bool {
	return k >= len(toks) || toks[k].sep >= sepDash || toks[k].digits || nextUnitWord[toks[k].key] || strings.HasPrefix(toks[k].key, "tp")
}

// nextUnitWord are the first words of the units' type words, folded.
var nextUnitWord = func() map[string]bool {
	m := map[string]bool{}
	for w := range fold.TypeWords() {
		if w.Kind.Class() == fold.Unit {
			first, _, _ := strings.Cut(w.Key, " ")
			m[first] = true
		}
	}
	return m
}()

// wardOrDistrictWords are the type words of wards and urban districts as
// written ("phường", "quận", "p", "q", "f"): the units numbered.
var wardOrDistrictWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range fold.TypeWords() {
		if (w.Kind == fold.Phuong || w.Kind == fold.Quan) && !strings.Contains(w.Spelling, " ") {
			m[w.Spelling] = true
		}
	}
	return m
}()

// wardOrDistrictFirst are the first bytes of wardOrDistrictWords.
var wardOrDistrictFirst = func() (b [256]bool) {
	for w := range wardOrDistrictWords {
		b[w[0]] = true
	}
	return b
}()

// districtInitials adds the districts whose initials are written in
// capitals after a district's type word, apart from it ("Q.PN", "Q. GV",
// "H.CC", "TP.ST"; not "hKL"), in the order of the mentions.
func districtInitials(s string, toks []token, words []admin.Word, ms []admin.Mention) []admin.Mention {
	if !mayHaveInitials(toks) {
		return ms // (most texts: no mention to look at)
	}
	n := len(ms)
	for i := range n {
		m := &ms[i]
		if !m.IsType() || m.Last >= len(toks) || toks[m.Last].sep >= sepDash || toks[m.Last].sep == sepNone ||
			toks[m.Last].repaired == RepairStray || // "h,KD": a comma inside a word, "hKD"
			m.TypeWord != admin.Quan && m.TypeWord != admin.Huyen && m.TypeWord != admin.ThiXa && m.TypeWord != admin.ThanhPhoThuocTinh && m.TypeWord != admin.ThanhPhoTW {
			continue
		}
		if gap := s[toks[m.Last-1].end:toks[m.Last].start]; strings.Trim(gap, " .") != "" {
			continue // "h/AT": apart from the type word by a space or a dot only
		}
		if w := s[toks[m.Last].start:toks[m.Last].end]; len(toks[m.Last].key) == 2 && isUpperCase(w) {
			ms = admin.DistrictInitials(ms, words, m.Last)
		}
	}
	if len(ms) > n {
		slices.SortStableFunc(ms, func(a, b admin.Mention) int {
			if a.First != b.First {
				return a.First - b.First
			}
			return a.Last - b.Last
		})
	}
	return ms
}

// mayHaveInitials reports whether a word of two letters stands after
// another apart from it, not after a comma inside a word: where
// districtInitials may find a district's initials.
func mayHaveInitials(toks []token) bool {
	for k := 1; k < len(toks); k++ {
		if t := &toks[k]; len(t.key) == 2 && t.sep != sepNone && t.sep < sepDash && t.repaired != RepairStray {
			return true
		}
	}
	return false
}

// readPool holds the buffers of words, mentions and candidates between
// parses: a text's words, mentions and candidates live only while its
// reading is chosen (setReading copies what it keeps), and a row of a list
// has tens of them.
var readPool = sync.Pool{New: func() any {
	return &readScratch{ // enough for all but the longest texts
		words: make([]admin.Word, 0, 48),
		ms:    make([]admin.Mention, 0, 96),
		cs:    make([]cand, 0, 128),
	}
}}

type readScratch struct {
	words []admin.Word
	ms    []admin.Mention
	cs    []cand
	lists [2][3][]*cand // chooseReading's, pointing into cs
	// chooseReading's ties and alternatives, two sets: a call's readings
	// are read while the next call fills the other set.
	readings [2]readingBufs
}

// readingBufs hold the readings chooseReading returns: the ties of each
// version, and the alternatives when it adds the other version's.
type readingBufs struct {
	ties [3][]reading
	alts []reading
}

// maxPooled bounds a buffer kept in readPool.
const maxPooled = 1024

// candidates turns mentions into candidate units, with their type words
// and weights, and drops those the text says are something else.
// The candidates are appended to dst.
func (a *Address) candidates(dst []cand, s string, toks []token, skip []bool, words []admin.Word, ms []admin.Mention, from int, opts ParseOptions) []cand {
	out, base := dst, len(dst)
	commas := false // the text parts its units off with commas (or the like)
	for k := 1; k < len(toks); k++ {
		commas = commas || toks[k].sep == sepHard
	}
	// Words that end a name of two words or more: such a word before a
	// name is that name's last word, not a street or place word
	// ("Bình Dương Thuận An").
	var eb [64]bool
	endsName := sized(eb[:], len(toks))
	// Type words by the word they start at and the word they end before
	// (the longest of each).
	var tsb, teb [64]int32
	typeStart, typeEnd := sized(tsb[:], len(toks)+1), sized(teb[:], len(toks)+1)
	for i := range typeStart {
		typeStart[i], typeEnd[i] = -1, -1
	}
	for i := range ms {
		m := &ms[i]
		if !m.IsType() {
			if m.Last-m.First > 1 && !endsName[m.Last-1] && (!m.Abbrev || abbreviationWritten(s, toks, m)) {
				endsName[m.Last-1] = true
			}
			continue
		}
		if j := typeStart[m.First]; j < 0 || ms[j].Last < m.Last {
			typeStart[m.First] = int32(i)
		}
		if spanBad(toks, skip, m.First, m.Last) {
			continue
		}
		if j := typeEnd[m.Last]; j < 0 || ms[j].First > m.First {
			typeEnd[m.Last] = int32(i)
		}
	}
	var exact admin.ExactMemo
	var sf spanFacts
	sc := spanContext{s: s, toks: toks, skip: skip, ms: ms, typeStart: typeStart, typeEnd: typeEnd, endsName: endsName, commas: commas}
	mis := false         // a candidate's type word is of another level
	var twins [256]int16 // the candidates appended (their index + 1), by hash
	for i := from; i < len(ms); i++ {
		pm := &ms[i]
		if pm.IsType() {
			continue
		}
		v := pm.UnitCode().Version()
		if (opts.Units == UnitsLegacy && v != admin.Legacy) || (opts.Units == Units2025 && v != admin.V2025) {
			continue
		}
		// What the words around the span say is the same for every unit
		// over it (namesakes come one after another): worked out once.
		if !sf.valid || sf.first != pm.First || sf.last != pm.Last || sf.abbrev != pm.Abbrev {
			sf.of(&sc, pm)
		}
		if sf.drop {
			continue
		}
		m := pm
		typeWord, numeric, nl := sf.typeWord, sf.numeric, sf.nl
		fit := typeFit(typeWord, m)
		if typeWord != 0 && fit <= 0.5 && m.Kind == admin.Alias && sf.cfirst == m.First {
			// An alias whose first letters fold like another level's type
			// word ("TT Huế": the initials of Thừa Thiên, not "Thị trấn")
			// holds those letters as its own.
			typeWord, fit = 0, typeFit(0, m)
		}
		province := m.UnitCode().Level() == admin.Province
		afterNumber, weak := false, false
		switch {
		case typeWord != 0 && fit < 1 && nl < 4,
			typeWord != 0 && fit <= 0.5 && nl < 6:
			continue // a short name ("5", "V", "Bo") only with its own type: "Phường 5", not "H05"
		case sf.numberNotUnit:
			continue
		case sf.rest > 0 && sf.rest < 3 && fit < 1:
			// A type word that is not the unit's, and two letters left:
			// "quận ba" is no "Huyện Quản Bạ".
			continue
		case sf.afterNumber && !(province && sf.endsText):
			// "7 Cà Mau Cà Mau": after a leading number, a unit only as the
			// district of the ward that number names (see chooseReading).
			afterNumber = true
		case sf.afterNotUnit && !(sf.afterDigits && province && sf.endsText):
			// (A province closing the text after a house number is the
			// province: "số nhà 5 Hà Nội".)
			continue
		case sf.short && m.Kind != admin.Alias:
			continue
		case sf.houseWords:
			continue // "Số nhà 5": a house number's words, not "Sơn Hà"
		case sf.mended:
			continue // a mended short word is as weak as a typo
		case sf.shortBare && m.Kind == admin.Alias && !province:
			weak = true // a short alias of a commune ("An Cư", "Me"): only beside its district or province
		}
		if m.Abbrev && !abbreviationWritten(s, toks, m) {
			continue
		}
		if sf.inStreet {
			continue // "12 Đường Quan Hoa, Cầu Giấy": the street's name, in a text that parts its units off
		}
		// Kept: made a candidate, in place at the end of out (taken back
		// when it is a twin of one there).
		out = append(out, cand{})
		c := &out[len(out)-1]
		c.m, c.first, c.letters = *pm, sf.cfirst, sf.letters
		c.afterNumber, c.weak, c.inName = afterNumber, weak, sf.inName
		m = &c.m
		if m.Kind == admin.Tolerant && exact.IsExact(m, words) {
			m.Kind = admin.Exact
		}
		kind := [...]float64{admin.Exact: 1, admin.Tolerant: 0.96, admin.Alias: 0.9, admin.Fuzzy: 0.75}[m.Kind]
		tf := 0.97
		if typeWord != 0 {
			tf = fit
			c.typed, c.misTyped = fit >= 1, fit <= 0.5
		} else if numeric {
			tf, c.weak = 0.5, true
		}
		if m.Kind == admin.Fuzzy && typoKeepsMarks(toks, m) {
			kind = 0.78 // the letters written with their marks are one edit away too: "Lăg" is "Lăng", not "Lạc"
		}
		c.weight = float64(c.letters)*kind*tf*sf.phrase + sf.whole
		// The same unit over the same words (by its full name, and by its
		// type word and short name): keep the better.
		dup := false
		if n := len(out) - 1 - base; n < maxTwinSearch {
			// Namesakes over the same words can be a hundred ("Phường
			// 1"): the twin is found by a hash of what it shares.
			h := (uint64(c.first)<<48 ^ uint64(c.m.Last)<<40 ^ c.m.UnitCode().Key()) * 0x9e3779b97f4a7c15 >> 56
			for ; twins[h] != 0; h = (h + 1) % uint64(len(twins)) {
				o := &out[base+int(twins[h])-1]
				if o.first == c.first && o.m.Last == c.m.Last && o.m.UnitCode() == c.m.UnitCode() {
					if c.weight > o.weight {
						*o = *c
					}
					dup = true
					break
				}
			}
			if !dup {
				twins[h] = int16(n + 1)
			}
		} else {
			// Mentions come in order of their first word, so such a twin
			// is among the last few.
			for j := len(out) - 2; j >= base && out[j].m.First >= c.first-3; j-- {
				if o := &out[j]; o.first == c.first && o.m.Last == c.m.Last && o.m.UnitCode() == c.m.UnitCode() {
					if c.weight > o.weight {
						*o = *c
					}
					dup = true
					break
				}
			}
		}
		if dup {
			out = out[:len(out)-1]
		} else {
			mis = mis || c.misTyped
		}
	}
	if !mis {
		return out
	}
	return dropMisTyped(out, base)
}

// dropMisTyped drops from out[base:] a unit whose written type word is of
// another level when a unit of that level is written exactly over the same
// words: "Hàng Bạc, P. Hoàn Kiếm, Hà Nội" names the 2025 Phường Hoàn
// Kiếm, not the legacy Quận Hoàn Kiếm with Hàng Bạc as its ward, though
// that reading explains more words.
func dropMisTyped(out []cand, base int) []cand {
	// The spans a unit of the level its type word says is written over
	// exactly (few: one a type word written).
	var sb [8][2]int
	spans := sb[:0]
	for i := base; i < len(out); i++ {
		if o := &out[i]; o.typed && o.m.Kind == admin.Exact {
			if sp := [2]int{o.first, o.m.Last}; !slices.Contains(spans, sp) {
				spans = append(spans, sp)
			}
		}
	}
	if len(spans) == 0 {
		return out
	}
	drop := func(c *cand) bool { return c.misTyped && slices.Contains(spans, [2]int{c.first, c.m.Last}) }
	// The candidates before the first dropped stay where they are (most
	// often none is dropped, and none is moved).
	i := base
	for i < len(out) && !drop(&out[i]) {
		i++
	}
	if i == len(out) {
		return out
	}
	kept := out[:i]
	for ; i < len(out); i++ {
		if !drop(&out[i]) {
			kept = append(kept, out[i])
		}
	}
	return kept
}

// spanFacts is what candidates reads of the words around a mention's
// span, the same for every unit mentioned over it.
type spanFacts struct {
	valid       bool
	first, last int  // the span
	abbrev      bool // and whether it is matched as an abbreviation
	drop        bool // no unit over these words
	typeWord    admin.Type
	cfirst      int // the first word, type word included
	numeric     bool
	nl          int // the letters of the span
	letters     int // the letters from cfirst
	// rest: with a type word written as such, diacritics and all, as the
	// name's first words, the letters after it (0 when they are digits)
	rest int
	// Cases of candidates' choice, but for what they ask of the unit.
	numberNotUnit, afterNumber, endsText, afterNotUnit, afterDigits bool
	short, houseWords, mended, shortBare                            bool
	inStreet, inName                                                bool
	phrase, whole                                                   float64 // the weight's factor and addend
}

// spanContext is what spanFacts.of reads of the text besides the span:
// the same for all the spans of a text, passed at once.
type spanContext struct {
	s                  string
	toks               []token
	skip               []bool
	ms                 []admin.Mention
	typeStart, typeEnd []int32
	endsName           []bool
	commas             bool
}

// of sets f to the facts of the span of m.
func (f *spanFacts) of(sc *spanContext, m *admin.Mention) {
	s, toks, skip, ms, typeStart, typeEnd, endsName, commas := sc.s, sc.toks, sc.skip, sc.ms, sc.typeStart, sc.typeEnd, sc.endsName, sc.commas
	*f = spanFacts{valid: true, first: m.First, last: m.Last, abbrev: m.Abbrev, cfirst: m.First, phrase: 1}
	if spanBad(toks, skip, m.First, m.Last) {
		f.drop = true
		return
	}
	// A type word written as the name's first words, or before it. After
	// a type word written as one, a word that folds like another is the
	// name's own: "P Quan Hoa" is Phường Quan Hoa, not "Quận Hoa".
	inner := false
	if j := typeStart[m.First]; j >= 0 && ms[j].Last < m.Last && (typeMayBe(toks, ms[j].First, ms[j].Last) || isDigitsKey(toks, ms[j].Last, m.Last)) && !typeWrittenBefore(toks, ms, typeEnd, m.First) {
		// ("Phương 2" is Phường 2 misspelt: a number has no other reading.)
		f.typeWord, inner = ms[j].TypeWord, true
		if m.Abbrev {
			f.typeWord = 0 // "P. Thọ", "Q. Ninh": the initial of the name, not "Phường", "Quận"
		}
		if !isDigitsKey(toks, ms[j].Last, m.Last) {
			rest := lettersOf(toks, ms[j].Last, m.Last)
			if rest < 2 {
				// The type word's letters are the name's own: "x y" is not
				// "Xã Xy" (X. and one letter left), nor any name.
				f.drop = true
				return
			}
			if typeWrittenAs(toks, ms[j].First, ms[j].Last) {
				f.rest = rest
			}
		}
	}
	if j := typeEnd[m.First]; !inner && j >= 0 && toks[m.First].sep < sepDash {
		// "Đan Phượng Hà Nội", "Văn Quan Văn Quan": the last word of a name
		// folds like a type word; it is one only when written as one, and
		// never when written with other marks ("Văn Quán Hà Đông").
		if tm := ms[j]; (!endsName[tm.Last-1] || typeWrittenAs(toks, tm.First, tm.Last)) && typeMayBe(toks, tm.First, tm.Last) {
			f.typeWord, f.cfirst = tm.TypeWord, tm.First
		}
	}
	first, bare := f.cfirst, f.typeWord == 0
	f.numeric = isDigitsKey(toks, m.First, m.Last)
	f.nl = lettersOf(toks, m.First, m.Last)
	// A number is a unit with its type ("Phường 5", "Q.10"), or inside a
	// run of names ("Tân Quy 7 Hồ Chí Minh").
	f.numberNotUnit = f.numeric && bare && (first > 0 && (toks[first].sep >= sepDash || saysNotUnit(s, toks, first-1)) ||
		first == 0 && (len(toks) < 2 || toks[1].sep >= sepDash))
	f.endsText = endsText(toks, skip, m.Last)
	f.afterNumber = bare && first == 1 && toks[0].digits && toks[1].sep < sepDash
	f.afterNotUnit = bare && first > 0 && toks[first].sep < sepDash && !endsName[first-1] && saysNotUnit(s, toks, first-1)
	f.afterDigits = first > 0 && toks[first-1].digits
	f.short = bare && !f.numeric && f.nl < 3
	f.houseWords = bare && (toks[m.First].key == "so" || toks[m.First].key == "sn") && m.Last < len(toks) && toks[m.Last].digits ||
		bare && numberAfter(toks, first, m.Last) || inStreetAfterNumber(s, toks, ms, m.First, m.Last)
	f.mended = f.nl < 5 && hasLetterScan(toks, m.First, m.Last)
	f.shortBare = bare && f.nl < 5
	f.inStreet = bare && commas && inStreetPart(toks, endsName, first)
	f.inName = bare && (toks[m.First].in(inFamilyNames) || afterFamilyName(toks, first))
	f.letters = lettersOf(toks, first, m.Last)
	// A name inside a phrase (after a word that is no unit, no type
	// word and no separator) is less likely a unit: "Đường Phạm Hồng
	// Thái" holds the name of a ward.
	if bare && first > 0 && toks[first].sep < sepDash && !endsName[first-1] && !skip[first-1] {
		f.phrase = 0.9
	}
	// Units written as whole parts ("…, Cầu Giấy, Hà Nội") are surer.
	if toks[first].sep >= sepDash && (m.Last == len(toks) || toks[m.Last].sep >= sepDash || skip[m.Last]) {
		f.whole = 0.5
	}
}

// typeWrittenBefore reports whether a type word written as one, in the
// same part, ends right before token k ("P Quan Hoa", "Phường Quán
// Thánh"), or a street's type word in full ("phố Quan Hoa").
func typeWrittenBefore(toks []token, ms []admin.Mention, typeEnd []int32, k int) bool {
	if k == 0 || toks[k].sep >= sepDash {
		return false
	}
	if toks[k-1].in(inStreetInFull) {
		return true // "phố Quan Hoa": a street's name
	}
	j := typeEnd[k]
	return j >= 0 && typeWrittenAs(toks, ms[j].First, ms[j].Last)
}

// sized returns buf cut to n zero values, or a new slice when n is more
// than it holds (buf is most often an array on the caller's stack).
func sized[T any](buf []T, n int) []T {
	if n <= cap(buf) {
		clear(buf[:n])
		return buf[:n]
	}
	return make([]T, n)
}

// maxTwinSearch bounds the candidates of one call found by their hash
// (the table's size is 256: kept at most three quarters full).
const maxTwinSearch = 192

// typeWrittenAs reports whether tokens [f, l) are written as type words,
// diacritics and all ("Phường", "Quận", "TP"), not as names that fold
// alike ("Phượng", "Quan").
func typeWrittenAs(toks []token, f, l int) bool {
	for k := f; k < l; k++ {
		if !toks[k].in(inTypeSpellings) {
			return false
		}
	}
	return true
}

// typeMayBe reports whether tokens [f, l) may be a type word as written:
// spelled as one, or without diacritics ("phuong"), not a name that folds
// alike ("Phương Mai" is no "Phường Mai").
func typeMayBe(toks []token, f, l int) bool {
	for k := f; k < l; k++ {
		if !toks[k].in(inTypeSpellings) && toks[k].lower != toks[k].key {
			return false
		}
	}
	return true
}

// numberMayBeUnit reports whether the number at token k may be a unit's
// name: after a type word ("Phường 5", "Q.10", "P14") or inside a run of
// names ("Tân Quy 7 Hồ Chí Minh"), not opening a part or after "số".
func numberMayBeUnit(toks []token, k int) bool {
	if k == 0 {
		// "7 Cà Mau Cà Mau": a ward's number opening a run of names (read
		// as a unit only with its district and province, see chooseReading).
		return len(toks) > 1 && toks[1].sep < sepDash && !toks[1].digits
	}
	if numberTypeWords[toks[k-1].key] {
		return true
	}
	if toks[k].sep >= sepDash {
		// A name may start with a number: "2 Bảo Lộc".
		return k+1 < len(toks) && toks[k+1].sep < sepDash && !toks[k+1].digits
	}
	// A number after a word of the same part may end a name ("Xã Đồi 61");
	// after a house number, "số" or an alley word it is a number of those.
	t := toks[k-1]
	return toks[k].sep < sepDash && !t.digits && !alleyOrHouseWord[t.key]
}

// alleyNumber reports whether the number at token k is an alley's: after
// an alley word opening its part or following a number ("ngõ 4", "số 8
// ngõ 4", "ngách 2 ngõ 30"), not after a name that ends like one ("Lý
// Thường Kiệt 12"). The name after an alley's number is that of the street
// it opens on: "số 8 ngõ 4 Kim Mã" is on the street Kim Mã, not in the
// ward.
func alleyNumber(toks []token, k int) bool {
	if k == 0 || !alleyWord[toks[k-1].key] || toks[k].sep >= sepDash {
		return false
	}
	j := k - 1
	return j == 0 || toks[j].sep >= sepDash || toks[j-1].digits
}

var alleyWord = typeKeys(map[string]bool{}, fold.Alley)

var alleyOrHouseWord = typeKeys(map[string]bool{"so": true, "sn": true, "nha": true, "to": true, "khu": true, "ap": true, "thon": true, "xom": true, "doi": false}, fold.Alley)

// spanBad reports whether tokens [f, l) cross a boundary between parts or
// include a token set aside (postcode, country).
func spanBad(toks []token, skip []bool, f, l int) bool {
	for k := f; k < l; k++ {
		if skip[k] || (k > f && toks[k].sep == sepHard) {
			return true
		}
	}
	return false
}

// abbreviationWritten reports whether a province's or district's
// abbreviation is written as one: an initial apart from the rest ("B.
// Định", "B.Định"), glued to it in capitals ("BThạnh") or the initials in
// capitals ("BRVT", "BMT").
func abbreviationWritten(s string, toks []token, m *admin.Mention) bool {
	if m.Last-m.First >= 2 && len(toks[m.First].key) == 1 {
		// The initial a word of its own, not a house number's letter
		// ("32d đường": no "D. Đường").
		return toks[m.First].sep != sepNone && restAsNamed(s[toks[m.First+1].start:toks[m.Last-1].end], m.Unit)
	}
	if m.Last-m.First >= 2 {
		// Initials in capitals in groups ("BR-VT", "BR VT"): no vowel
		// after the first letter.
		for k := m.First; k < m.Last; k++ {
			if !isUpperCase(s[toks[k].start:toks[k].end]) || strings.ContainsAny(toks[k].key[min(1, k-m.First):], "aeiouy") {
				return false
			}
		}
		return true
	}
	if m.Last-m.First != 1 {
		return false
	}
	w := s[toks[m.First].start:toks[m.First].end]
	if isUpperCase(w) {
		// Initials ("BRVT", "BMT"): no vowel after the first letter. An
		// initial and a syllable in capitals ("THO") is a word of an
		// address written in capitals, not "T. Hồ".
		return !strings.ContainsAny(toks[m.First].key[1:], "aeiouy")
	}
	r0, n0 := utf8.DecodeRuneInString(w)
	r1, n1 := utf8.DecodeRuneInString(w[n0:])
	return unicode.IsUpper(r0) && unicode.IsUpper(r1) && isLowerCase(w[n0+n1:]) && len(w) > n0+n1 &&
		restAsNamed(w[n0:], m.Unit)
}

// isUpperCase reports whether strings.ToUpper(w) == w, without making
// the copy in upper case.
func isUpperCase(w string) bool {
	for _, r := range w {
		if unicode.ToUpper(r) != r {
			return false
		}
	}
	return true
}

// isLowerCase reports whether strings.ToLower(w) == w, without making
// the copy in lower case.
func isLowerCase(w string) bool {
	for _, r := range w {
		if unicode.ToLower(r) != r {
			return false
		}
	}
	return true
}

// restAsNamed reports whether the words written after an abbreviation's
// initial are the rest of the unit's name as it is spelt ("Thạnh" of Bình
// Thạnh; the tone may sit on another vowel, "T.Hoá"), or written without
// diacritics: not letters that merely fold alike ("Đỗầ" is no "Đoa").
func restAsNamed(written string, u *admin.Unit) bool {
	_, rest, _ := strings.Cut(u.Short, " ")
	if isASCII(written) {
		// Without diacritics: the rest's letters ("Bd" is no "Biên Đông").
		var wb, rb [64]byte
		return string(fold.AppendWord(wb[:0], written)) == string(fold.AppendWord(rb[:0], rest))
	}
	return fold.TonelessEqual(written, rest, func(r rune) bool { return r == ' ' || r == '.' || r == '-' })
}

func isASCII(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] >= 0x80 {
			return false
		}
	}
	return true
}

// numberAfter reports whether tokens [f, l) are a street's name by the
// house number written after it in their part: right after them ("Kim Mã
// số 8", "Lê Lợi số nhà 12"), or after the known street's name they lie
// in ("Chương Dương Độ số 8" holds the commune Chương Dương).
func numberAfter(toks []token, f, l int) bool {
	ps, pe := partOf(toks, f, l)
	q := pe - 1
	if q < l || !toks[q].digits {
		return false
	}
	q--
	if q >= l && toks[q].key == "nha" {
		q--
	}
	if q < l || toks[q].key != "so" && toks[q].key != "sn" || toks[q].sep >= sepDash {
		return false
	}
	return q == l || knownStreet(toks, ps, q)
}

// inStreetAfterNumber reports whether tokens [f, l) begin inside a
// unit's name written right after a house's or an alley's number, or lie
// inside a known street's name that runs from that number to the end of
// its part, or over the first words of a part written without
// separators ("số 8 ngõ 4 Bạch Thái Bưởi" holds the ward Bưởi, "8 Cầu
// Long Biên" the ward Long Biên).
func inStreetAfterNumber(s string, toks []token, ms []admin.Mention, f, l int) bool {
	q := f
	for q > 0 && toks[q].sep < sepDash && !toks[q-1].digits {
		q--
	}
	if q == 0 || q == f || toks[q].sep >= sepDash || !saysNotUnit(s, toks, q-1) {
		return false // (right after the number, the rules of bare names apply)
	}
	// A unit's name right after the number, which is the street's, holds
	// the start of these words: they are the street's too ("Ngõ 4 Dư Hàng
	// Kênh" holds the ward Hàng Kênh, "ngo 4 tu lien quan tay ho" the town
	// Liên Quan).
	// (Not a name that may be a type word and the unit after it:
	// "Phương Mai Đống" folds like "Phường Mai Động".)
	over := false
	for i := range ms {
		if m := &ms[i]; m.First == q {
			if m.Unit == nil {
				over = false
				break
			}
			over = over || m.Kind != admin.Fuzzy && m.Last > f
		}
	}
	if over {
		return true
	}
	_, pe := partOf(toks, f, l)
	if knownStreet(toks, q, pe) {
		return true
	}
	// Without separators, the street is the first words of the part
	// ("8 ngõ 4 Lê Hồng Phong Hà Nội" holds Hồng Phong Hà).
	for e := max(l, q+2); e < pe && e <= q+6; e++ {
		if knownStreet(toks, q, e) {
			return true
		}
	}
	return false
}

// partOf returns the part tokens [f, l) lie in: from the separator
// before them to the next.
func partOf(toks []token, f, l int) (ps, pe int) {
	ps, pe = f, l
	for ps > 0 && toks[ps].sep < sepDash {
		ps--
	}
	for pe < len(toks) && toks[pe].sep < sepDash {
		pe++
	}
	return ps, pe
}

// knownStreet reports whether tokens [f, l) are a known street's name, of
// two words or more.
func knownStreet(toks []token, f, l int) bool {
	if l-f < 2 || l-f > 8 {
		return false
	}
	var buf [96]byte
	key := buf[:0]
	for k := f; k < l; k++ {
		if k > f {
			key = append(key, ' ')
		}
		key = append(key, toks[k].key...)
	}
	return knownStreetKey(key)
}

// endsText reports whether nothing but set-aside words (postcode,
// country) follows token k.
func endsText(toks []token, skip []bool, k int) bool {
	for ; k < len(toks); k++ {
		if !skip[k] {
			return false
		}
	}
	return true
}

// hasLetterScan reports whether a letter of tokens [f, l) was mended
// from a scanning error (a number read through one, "1O", is no weaker).
func hasLetterScan(toks []token, f, l int) bool {
	for i := f; i < l; i++ {
		if toks[i].repaired == RepairScan && !toks[i].digits {
			return true
		}
	}
	return false
}

func hasRepair(toks []token, f, l int, k RepairKind) bool {
	for i := f; i < l; i++ {
		if toks[i].repaired == k {
			return true
		}
	}
	return false
}

func isDigitsKey(toks []token, f, l int) bool {
	for k := f; k < l; k++ {
		if !toks[k].digits {
			return false
		}
	}
	return true
}

func lettersOf(toks []token, f, l int) int {
	n := 0
	for k := f; k < l; k++ {
		n += len(toks[k].key)
	}
	return n
}

// streetInFull are the type words of streets written in full, as
// written and folded ("đường", "duong", "phố", "pho").
var streetInFull = func() map[string]bool {
	m := map[string]bool{}
	for w := range fold.TypeWords() {
		if (w.Kind == fold.Duong || w.Kind == fold.Pho) && !w.Short {
			m[w.Spelling], m[w.Key] = true, true
		}
	}
	return m
}()

// inStreetPart reports whether a word before token k in its part is a
// street's type word in full ("12 Đường Hồ Văn Chương"): the words after
// it are the street's name ("Thành phố" is no street, nor the last word of
// a unit's name, "Cam Đường").
func inStreetPart(toks []token, endsName []bool, k int) bool {
	if toks[k].sep >= sepDash {
		return false // k begins a part of its own
	}
	for j := k - 1; j >= 0; j-- {
		if toks[j].digits {
			return false // "Đường Anh Đào 8 Thanh Liệt": the name ended at its number
		}
		if toks[j].in(inStreetInFull) && !endsName[j] && !(j > 0 && notStreetBefore[toks[j-1].key] && toks[j].sep < sepDash) {
			return true
		}
		if toks[j].sep >= sepDash {
			break
		}
	}
	return false
}

// notStreetBefore are the words that make "phố" after them no street's
// type: Thành phố, Khu phố, Tổ dân phố.
var notStreetBefore = map[string]bool{"thanh": true, "khu": true, "dan": true}

// familyNames are the commonest Vietnamese family names, lower case as
// written, and without diacritics those no other word folds like.
var familyNames = map[string]bool{
	"nguyễn": true, "trần": true, "lê": true, "phạm": true, "hoàng": true, "huỳnh": true, "phan": true,
	"vũ": true, "võ": true, "đặng": true, "bùi": true, "đỗ": true, "ngô": true, "dương": true, "lý": true,
	"đinh": true, "trương": true, "lương": true, "đoàn": true, "trịnh": true, "lưu": true, "tôn": true,
	"triệu": true, "kiều": true,
	"nguyen": true, "tran": true, "le": true, "pham": true, "hoang": true, "huynh": true, "vo": true, "vu": true,
	"dang": true, "bui": true, "trinh": true,
}

// afterFamilyName reports whether token k follows a family name by at
// most two words of the same part (no separator, no number between):
// "Trần | Hưng Đạo", "Phan Đình | Phùng".
func afterFamilyName(toks []token, k int) bool {
	for j := k - 1; j >= max(0, k-3); j-- {
		if toks[j+1].sep != sepNone && toks[j+1].sep != sepSpace || toks[j].digits {
			return false
		}
		if toks[j].in(inFamilyNames) {
			return true
		}
	}
	return false
}

// keywordSpellings are the ways the keywords of notUnitBefore that fold
// like common names are written: "Duẩn", "Trương", "Tô", "Cảnh", "Sáu"
// written so are names (Lê Duẩn, Trương Định, Tô Hiến Thành), and a unit
// may follow them.
var keywordSpellings = map[string][]string{
	"duan": {"dựán", "dựan", "duán"}, "truong": {"trường"}, "to": {"tổ"}, "canh": {"cạnh"}, "sau": {"sau"},
}

// nameNotKeyword reports whether t, whose key is a keyword's, is written
// with diacritics other than the keyword's: a name.
func nameNotKeyword(t token) bool {
	sp, ok := keywordSpellings[t.key]
	return ok && !isASCII(t.lower) && !slices.Contains(sp, t.lower)
}

// saysNotUnit reports whether token k makes the name after it something
// other than a unit: a street, alley or place word, a landmark, or a house
// number.
func saysNotUnit(s string, toks []token, k int) bool {
	t := toks[k]
	if t.digits {
		// A house number: a number opening its part ("25 Trần Phú") or
		// after "số".
		// Or the next number of one written with slashes ("8/4", "ngõ
		// 4/12").
		return k == 0 || t.sep >= sepDash || toks[k-1].key == "so" || toks[k-1].key == "sn" || toks[k-1].key == "nha" || alleyNumber(toks, k) ||
			toks[k-1].digits && t.start == toks[k-1].end+1 && s[toks[k-1].end] == '/' && saysNotUnit(s, toks, k-1)
	}
	if notUnitBefore[t.key] && !nameNotKeyword(t) {
		// "Thành phố" is a type word, not the street word "phố"; "nghiệp"
		// says so only in "công nghiệp" ("Khu công nghiệp Quế Võ"; not
		// "Lạc Nghiệp Hai Bà Trưng").
		if t.key == "pho" && k > 0 && toks[k-1].key == "thanh" || t.key == "nghiep" && (k == 0 || toks[k-1].key != "cong") {
			return false
		}
		return true
	}
	// "12A Trần Phú", "210bis Vĩnh Hưng": a house number with its letters.
	return k > 0 && t.sep == sepNone && toks[k-1].digits && saysNotUnit(s, toks, k-1)
}

// typeFit says how well a written type fits the unit of m: 1 when it is
// the unit's type, less for another type of the same level, little for
// another level.
func typeFit(t admin.Type, m *admin.Mention) float64 {
	if t == 0 {
		return 0.97
	}
	ut := m.UnitType()
	if t == ut || (t == admin.ThanhPhoTW && ut == admin.ThanhPhoThuocTinh) {
		return 1
	}
	level := func(t admin.Type) admin.Level {
		switch t {
		case admin.Tinh, admin.ThanhPhoTW:
			return admin.Province
		case admin.Quan, admin.Huyen, admin.ThiXa, admin.ThanhPhoThuocTinh:
			return admin.District
		}
		return admin.Commune
	}
	if t == admin.ThanhPhoTW && ut == admin.ThanhPhoThuocTinh {
		return 1 // "Thành phố" before a city, at either level
	}
	if level(t) == m.UnitCode().Level() {
		return 0.85
	}
	return 0.5
}

// chooseReading finds the reading that explains the most of the text with
// a consistent hierarchy, in each version allowed, and the readings that
// tie with it. ok is false when no unit was read.
// lists is a buffer for the candidates by version and level; the readings
// returned are kept in rb.
func chooseReading(toks []token, skip []bool, cs []cand, lists *[2][3][]*cand, rb *readingBufs, opts ParseOptions) (reading, []reading, bool) {
	var best [3]reading
	ties := &rb.ties
	for v := range ties {
		ties[v] = ties[v][:0]
	}
	have := [3]bool{}
	var tb [8]typedPart
	typed := typedParts(tb[:0], toks, skip)
	// The words read, counted: open[k] is how many of the words before k
	// are not skipped.
	var ob [65]int32
	open := ob[:0]
	if len(toks)+1 > len(ob) {
		open = make([]int32, 0, len(toks)+1)
	}
	open = append(open, 0)
	for k := range toks {
		n := open[k]
		if !skip[k] {
			n++
		}
		open = append(open, n)
	}
	// The candidates by version and level, in their order.
	for v := range lists {
		for l := range lists[v] {
			lists[v][l] = lists[v][l][:0]
		}
	}
	for i := range cs {
		c := &cs[i]
		if len(cs) > maxCandidates && c.m.Last < len(toks)-maxCandidateWords {
			// A very long text ("Phường 1 Quận 1 …" a hundred times):
			// units are read from its last words only, so that the
			// readings weighed stay bounded.
			continue
		}
		l := 2 // a commune
		switch c.m.UnitCode().Level() {
		case admin.Province:
			l = 0
		case admin.District:
			l = 1
		}
		v := c.m.UnitCode().Version() - admin.Legacy
		lists[v][l] = append(lists[v][l], c)
	}
	for v := admin.Legacy; v <= admin.V2025; v++ {
		ps, ds, ccs := lists[v-admin.Legacy][0], lists[v-admin.Legacy][1], lists[v-admin.Legacy][2]
		// bar is what the units of a reading must weigh more than for it
		// to be weighed (see lighter): the best's score, less the
		// tolerance, once there is one.
		bar := math.Inf(-1)
		consider := func(r reading) {
			r.v = v
			r.score = scoreReading(toks, &r, typed, open)
			switch {
			case !have[v] || r.score > best[v].score+1e-9:
				best[v], have[v] = r, true
				ties[v] = ties[v][:0]
			case math.Abs(r.score-best[v].score) <= 1e-9 && sameSpans(r, best[v]):
				if rc := r.resolvedCodes(); rc != best[v].resolvedCodes() && !slices.ContainsFunc(ties[v], func(t reading) bool { return t.resolvedCodes() == rc }) {
					ties[v] = append(ties[v], r)
				}
			case math.Abs(r.score-best[v].score) <= 1e-9 && laterThan(r, best[v]):
				best[v] = r
				ties[v] = ties[v][:0]
			}
			bar = best[v].score - 1e-9 // (have[v] is set)
		}
		fits := func(x, y *cand) bool { // x and y may stand in one reading
			return x == nil || y == nil || x.m.Last <= y.first || y.m.Last <= x.first
		}
		// (The former units of each commune, and the provinces with its
		// former ones, are gathered here: a commune's lists are done with
		// before the next one's.)
		var fdb, fpb [8]*cand
		var plb [16]*cand
		// Penalties only lower a reading's weight: one whose units weigh
		// less than the best cannot beat it, nor tie with it. What a
		// district and a province may add to a commune is bounded by the
		// heaviest of them (the former units of a 2025 commune are legacy
		// ones), so a commune too light with them is passed over whole.
		// (The weights are summed in the order of the units, commune
		// first, as the bounds are: a sum grows with its terms.)
		maxD, maxP := heaviest(ds), heaviest(ps)
		if v == admin.V2025 {
			maxD, maxP = max(maxD, heaviest(lists[0][1])), max(maxP, heaviest(lists[0][0]))
		}
		lighter := func(ub float64) bool { return ub < bar }
		for ci := -1; ci < len(ccs); ci++ {
			var c *cand
			wc := 0.0
			if ci >= 0 {
				c = ccs[ci]
				wc = c.weight
			}
			if lighter(wc + maxD + maxP) {
				continue
			}
			// A 2025 commune written with the legacy district it was part
			// of ("Phường Hoàn Kiếm, Quận Hoàn Kiếm, Hà Nội": people go on
			// writing the district): read as a moved one, the district
			// weighing half and set aside in a repair.
			dl, former := ds, false
			pl, formerPs := ps, 0
			if v == admin.V2025 && c != nil && !c.weak && !c.inName && c.m.Kind <= admin.Tolerant {
				if len(lists[0][1]) > 0 {
					dl = formerOf(fdb[:0], c, lists[0][1], fits, admin.MadeFrom)
					former = len(dl) > 0
				}
				// A 2025 commune written with the legacy province it was
				// part of (provinces were merged in 2025): read, the
				// province weighing half and set aside in a repair.
				if len(lists[0][0]) > 0 {
					if fp := formerOf(fpb[:0], c, lists[0][0], fits, admin.MadeFromProvince); len(fp) > 0 {
						pl, formerPs = append(append(plb[:0], ps...), fp...), len(fp)
					}
				}
			}
			for di := -1; di < len(dl); di++ {
				var d *cand
				if di >= 0 {
					d = dl[di]
					// (A commune's district, moved or not, is in its
					// province.)
					if !former && c != nil && c.m.Province != d.m.Province || !fits(c, d) {
						continue
					}
				}
				// A commune written under a district it no longer lies in (the
				// districts were reorganised before 2025; people write the old
				// one): read, with the district weighing half.
				moved := c != nil && d != nil && (former || c.m.District != d.m.UnitCode())
				if moved && !former && (c.m.Province != d.m.Province || c.weak || d.weak || c.inName || c.m.Kind == admin.Fuzzy) {
					continue
				}
				wcd := wc // the commune's and the district's weight
				if d != nil {
					if moved {
						wcd += d.weight / 2
					} else {
						wcd += d.weight
					}
				}
				if lighter(wcd + maxP) {
					continue
				}
				for pi := -1; pi < len(pl); pi++ {
					var p *cand
					formerP := pi >= len(pl)-formerPs
					if pi >= 0 {
						p = pl[pi]
						if c != nil && !formerP && c.m.Province != p.m.UnitCode() || d != nil && !former && d.m.Province != p.m.UnitCode() || !fits(c, p) || !fits(d, p) {
							continue
						}
					}
					if c == nil && d == nil && p == nil {
						continue
					}
					if (c == nil || c.weak) && (d == nil || d.weak) && (p == nil || p.weak) {
						continue
					}
					if c != nil && c.weak && c.first == 0 && (d == nil || p == nil) {
						continue // a number opening the text is a house number unless a whole hierarchy follows it
					}
					if c != nil && c.inName && d == nil && p == nil {
						continue // a person's name alone is a street's ("hxh 12 nguyen thi minh khai, p.da kao, q.1")
					}
					if (d != nil && d.afterNumber || p != nil && p.afterNumber || c != nil && c.afterNumber) && !(c != nil && c.weak && c.first == 0) {
						continue
					}
					ub := wcd
					if p != nil {
						if formerP {
							ub += p.weight / 2
						} else {
							ub += p.weight
						}
					}
					if lighter(ub) {
						continue
					}
					consider(reading{c: c, d: d, p: p, moved: moved, formerP: p != nil && formerP})
				}
			}
		}
	}
	pick := admin.V2025
	switch {
	case opts.Units == UnitsLegacy:
		pick = admin.Legacy
	case opts.Units == Units2025:
	case have[admin.Legacy] && (!have[admin.V2025] || best[admin.Legacy].score > best[admin.V2025].score+1e-9):
		pick = admin.Legacy
	case have[admin.Legacy] && best[admin.Legacy].score >= best[admin.V2025].score-1e-9 && districtOrWard(toks, best[admin.Legacy], best[admin.V2025]):
		// The same words read as well in both systems ("Khâm Thiên,
		// Đống Đa, Hà Nội": a legacy district or a 2025 ward): most
		// records are legacy; the 2025 reading is listed.
		pick = admin.Legacy
	case have[admin.Legacy] && best[admin.Legacy].score >= best[admin.V2025].score-1e-9 && provinceOrWard(toks, best[admin.Legacy], best[admin.V2025]):
		// "12 Hai Bà Trưng, Sóc Trăng": the legacy province, not the 2025
		// ward of Cần Thơ named for it, which is listed.
		pick = admin.Legacy
	}
	if !have[pick] {
		return reading{}, nil, false
	}
	alts := ties[pick]
	// The other system's reading, when it is as complete: listed.
	other := admin.Legacy + admin.V2025 - pick
	if opts.Units == UnitsAuto && have[other] && (best[other].c != nil && best[pick].c != nil || pick == admin.Legacy && (districtOrWard(toks, best[pick], best[other]) || provinceOrWard(toks, best[pick], best[other]))) && best[other].score >= best[pick].score-1e-9 {
		alts = append(append(append(rb.alts[:0], alts...), best[other]), ties[other]...)
		rb.alts = alts
	}
	return best[pick], alts, true
}

// Bounds on the readings weighed for very long texts.
const (
	maxCandidates     = 200
	maxCandidateWords = 24
)

// heaviest returns the greatest weight of cs, 0 when there are none.
func heaviest(cs []*cand) float64 {
	w := 0.0
	for _, c := range cs {
		w = max(w, c.weight)
	}
	return w
}

// sameSpans reports whether two readings read the same words as the same
// levels (so they differ only in which namesake unit they mean).
func sameSpans(x, y reading) bool {
	xs, ys := x.cands(), y.cands()
	for i := range xs {
		if (xs[i] == nil) != (ys[i] == nil) {
			return false
		}
		if xs[i] != nil && (xs[i].first != ys[i].first || xs[i].m.Last != ys[i].m.Last) {
			return false
		}
	}
	return true
}

// formerOf are the legacy units among us (districts or provinces,
// read exactly or without diacritics) that 2025 commune c was made from
// (madeFrom: one of its predecessors lay in each), written apart from it,
// appended to dst.
func formerOf(dst []*cand, c *cand, us []*cand, fits func(x, y *cand) bool, madeFrom func(c, u admin.Code) bool) []*cand {
	out := dst
	for _, u := range us {
		if !u.weak && u.m.Kind <= admin.Tolerant && fits(c, u) && madeFrom(c.m.UnitCode(), u.m.UnitCode()) {
			out = append(out, u)
		}
	}
	return out
}

// sameWords reports whether two readings read the same words as units,
// whatever the levels they read them as.
func sameWords(x, y reading) bool {
	var xs, ys [3][2]int
	n := 0
	for _, c := range x.cands() {
		if c != nil {
			xs[n] = [2]int{c.first, c.m.Last}
			n++
		}
	}
	k := 0
	for _, c := range y.cands() {
		if c != nil {
			if k == n {
				return false
			}
			ys[k] = [2]int{c.first, c.m.Last}
			k++
		}
	}
	if k != n {
		return false
	}
	less := func(a, b [2]int) int { return a[0] - b[0] }
	slices.SortFunc(xs[:n], less)
	slices.SortFunc(ys[:n], less)
	return xs == ys
}

// districtOrWard reports whether a legacy and a 2025 reading read the
// same words, the legacy one a district where the 2025 one reads a
// commune ("Đống Đa, Hà Nội": Quận Đống Đa or, since 2025, Phường Đống
// Đa).
// Not when a type word says which ("Phường Đống Đa", "Hoan Kiem Ward").
func districtOrWard(toks []token, legacy, v2025 reading) bool {
	if legacy.c != nil || legacy.d == nil || v2025.c == nil || v2025.d != nil || legacy.d.typed || v2025.c.typed {
		return false
	}
	if typedInEnglish(toks, v2025.c) {
		return false
	}
	return legacy.d.first == v2025.c.first && legacy.d.m.Last == v2025.c.m.Last && sameWords(legacy, v2025)
}

// provinceOrWard reports whether a legacy reading of a province alone
// and a 2025 reading of a commune alone read the same words, written
// without a type word: "Sóc Trăng" is the legacy province or the 2025
// Phường Sóc Trăng of Cần Thơ.
func provinceOrWard(toks []token, legacy, v2025 reading) bool {
	if legacy.c != nil || legacy.d != nil || legacy.p == nil || v2025.c == nil || v2025.d != nil || v2025.p != nil || legacy.p.typed || v2025.c.typed {
		return false
	}
	if typedInEnglish(toks, v2025.c) {
		return false
	}
	return legacy.p.first == v2025.c.first && legacy.p.m.Last == v2025.c.m.Last
}

// typedInEnglish reports whether a commune's name is followed by its
// type in English ("Hoan Kiem Ward"), which says it is the commune.
func typedInEnglish(toks []token, c *cand) bool {
	k := c.m.Last
	return k < len(toks) && toks[k].sep < sepDash && (toks[k].key == "ward" || toks[k].key == "commune")
}

// laterThan prefers, between readings of equal merit, the one whose units
// stand later in the text: units close an address, a street named like a
// unit comes before them.
func laterThan(x, y reading) bool {
	sum := func(r reading) int {
		s := 0
		for _, c := range r.cands() {
			if c != nil {
				s += c.m.Last
			}
		}
		return s
	}
	return sum(x) > sum(y)
}

// scoreReading weighs a reading: the letters its units explain, less the
// words it leaves unexplained between and after its units, less a
// disorder of levels.
func scoreReading(toks []token, r *reading, typed []typedPart, open []int32) float64 {
	s := 0.0
	from, to := len(toks), 0
	var held int32 // the words read that the units take
	// The first words of the units, in the order of their levels (commune
	// first): whether they stand in order, smallest first or largest first.
	asc, desc, n, prev := true, true, 0, 0
	for _, c := range r.cands() {
		if c != nil {
			s += r.weightOf(c)
			from, to = min(from, c.first), max(to, c.m.Last)
			held += open[c.m.Last] - open[c.first]
			if n > 0 {
				asc, desc = asc && prev <= c.first, desc && prev >= c.first
			}
			n, prev = n+1, c.first
		}
	}
	// Words between the units, and after them, that nothing explains (the
	// units of a reading do not overlap).
	if from < to {
		s -= 2 * float64(open[to]-open[from]-held)
	}
	s -= float64(open[len(toks)] - open[max(from, to)])
	// A whole part before the units that is written as a unit, its type
	// word in full ("Xã Đông Ngạc, Từ Liêm, Hà Nội"), is a unit the
	// reading leaves unexplained: it weighs as words after the units (not
	// more, or a reading that drops a written province for it would win).
	for _, p := range typed {
		if p.end <= from {
			s -= float64(p.words)
		}
	}
	// Levels in order, smallest first or largest first.
	if !asc {
		if desc {
			s -= 0.5
		} else {
			s -= 3
		}
	}
	return s
}

// typedPart is a part of the text that begins with a commune's or a
// district's type word in full: its end and its words (skipped ones
// aside).
type typedPart struct{ end, words int }

// typedParts finds the parts of the text written as units, their type
// word in full ("Xã Đông Ngạc"), once for all the readings weighed, and
// appends them to dst.
func typedParts(dst []typedPart, toks []token, skip []bool) []typedPart {
	out := dst
	for k := 0; k < len(toks); {
		e := k + 1
		for e < len(toks) && toks[e].sep < sepDash {
			e++
		}
		if e-k > 1 && toks[k].in(inUnitTypeInFull) && !toks[k+1].digits {
			n := 0
			for j := k; j < e; j++ {
				if !skip[j] {
					n++
				}
			}
			out = append(out, typedPart{end: e, words: n})
		}
		k = e
	}
	return out
}

// unitTypeInFull are the type words of communes and districts as written
// in full, diacritics and all, lower case.
var unitTypeInFull = func() map[string]bool {
	m := map[string]bool{}
	for w := range fold.TypeWords() {
		switch w.Kind {
		case fold.Xa, fold.Phuong, fold.Huyen, fold.Quan:
			if !w.Short {
				m[w.Spelling] = true
			}
		}
	}
	return m
}()

func covered(r *reading, k int) bool {
	for _, c := range r.cands() {
		if c != nil && k >= c.first && k < c.m.Last {
			return true
		}
	}
	return false
}

// unexplainedAfter counts the words after the first unit of the reading
// that it leaves unexplained.
func unexplainedAfter(toks []token, skip []bool, r reading) int {
	from := len(toks)
	for _, c := range r.cands() {
		if c != nil {
			from = min(from, c.first)
		}
	}
	n := 0
	for k := from; k < len(toks); k++ {
		if !skip[k] && !covered(&r, k) {
			n++
		}
	}
	return n
}

// typoMentions adds the units written with one letter wrong: provinces
// anywhere, districts and communes inside the provinces and districts
// read.
func (a *Address) typoMentions(ms []admin.Mention, toks []token, skip []bool, words []admin.Word, best reading, ok bool, cs []cand, opts ParseOptions) []admin.Mention {
	// Where to look: the words not explained, in the last parts.
	lo := max(0, len(toks)-12)
	free := func(f, l int) bool {
		for k := f; k < l; k++ {
			if skip[k] || toks[k].digits || (k > f && toks[k].sep == sepHard) {
				return false
			}
		}
		return true
	}
	var within []admin.Code
	add := func(c admin.Code) {
		if c.IsValid() && !slices.Contains(within, c) {
			within = append(within, c)
		}
	}
	if ok {
		for _, c := range best.cands() {
			if c != nil && c.m.UnitCode().Level() != admin.Commune {
				add(c.m.UnitCode())
			}
		}
	}
	for _, c := range cs {
		if l := c.m.UnitCode().Level(); l == admin.Province || l == admin.District {
			add(c.m.UnitCode())
		}
	}
	// Units of the system asked for only.
	within = slices.DeleteFunc(within, func(w admin.Code) bool {
		return opts.Units == UnitsLegacy && w.Version() != admin.Legacy || opts.Units == Units2025 && w.Version() != admin.V2025
	})
	// A name with a typo is looked for only where a name starts: after a
	// separator between parts or after a type word.
	var eb, sb [64]bool
	typeEnds, typeStarts := sized(eb[:], len(toks)+1), sized(sb[:], len(toks)+1)
	for i := range ms {
		if m := &ms[i]; m.IsType() {
			typeEnds[m.Last], typeStarts[m.First] = true, true
		}
	}
	for f := lo; f < len(toks); f++ {
		// Not where a type word stands ("xã phường thị trấn"): a type word
		// is no misspelt name.
		if toks[f].sep < sepDash && !typeEnds[f] || notUnitBefore[toks[f].key] || typeStarts[f] {
			continue
		}
		for l := f + 1; l <= min(len(toks), f+4); l++ {
			if !free(f, l) {
				break
			}
			if lettersOf(toks, f, l) < 5 {
				continue
			}
			// With no province read, a commune or district named after its
			// type word is looked for in the whole country.
			ms = admin.Typos(ms, words, f, l, admin.TypoQuery{Within: within, Anywhere: len(within) == 0 && typeEnds[f]})
		}
	}
	return ms
}

// setReading writes the chosen reading (and its ties) into a.
func (a *Address) setReading(toks []token, best reading, alts []reading, reps *[]Repair) {
	a.Version = best.v
	span := func(c *cand) Span { return Span{toks[c.first].start, toks[c.m.Last-1].end} }
	tied := 0
	for _, r := range alts {
		if r.v == best.v {
			tied++
		}
	}
	for _, r := range alts {
		a.Alternatives = append(a.Alternatives, r.adminReading())
	}
	if tied > 0 {
		a.Alternatives = append([]admin.Reading{best.adminReading()}, a.Alternatives...)
	}
	conf := 1.0
	for i, c := range best.cands() {
		if c == nil {
			continue
		}
		comp := [...]Component{CompCommune, CompDistrict, CompProvince}[i]
		a.Spans[comp] = span(c)
		conf = min(conf, c.weight/float64(max(1, c.letters)))
		if c.m.Kind == admin.Fuzzy {
			*reps = append(*reps, Repair{Kind: RepairTypo, Span: span(c), Text: "", To: c.m.Unit.Name})
		}
		if c.m.Former {
			*reps = append(*reps, Repair{Kind: RepairFormer, Span: span(c), To: c.m.Unit.Name})
		}
		for k := c.first; k < c.m.Last; k++ {
			if toks[k].repaired == RepairGlued && (k == c.first || toks[k].sep == sepNone) {
				*reps = append(*reps, Repair{Kind: RepairGlued, Span: span(c), To: c.m.Unit.Name})
				break
			}
		}
		for k := c.first + 1; k < c.m.Last; k++ {
			if toks[k].sep == sepStray && toks[k].start > toks[k-1].end && isStrayComma(toks, k) {
				*reps = append(*reps, Repair{Kind: RepairStray, Span: span(c), To: c.m.Unit.Name})
				break
			}
		}
	}
	if tied > 0 {
		// Only what every reading shares is set.
		a.ambiguous = true
		share := func(get func(reading) admin.Unit) admin.Unit {
			u := get(best)
			for _, r := range alts {
				if r.v == best.v && get(r) != u {
					return admin.Unit{}
				}
			}
			return u
		}
		a.Province = share(func(r reading) admin.Unit { return r.resolved().Province })
		a.District = share(func(r reading) admin.Unit { return r.resolved().District })
		a.Commune = share(func(r reading) admin.Unit { return r.resolved().Commune })
		a.ImpliedProvince = a.Province.IsValid() && (best.p == nil || best.formerP)
		a.ImpliedDistrict = a.District.IsValid() && (best.d == nil || best.moved)
		// Spans only of the levels set; no version without a unit.
		for comp, u := range map[Component]admin.Unit{CompCommune: a.Commune, CompDistrict: a.District, CompProvince: a.Province} {
			if !u.IsValid() || (comp == CompDistrict && best.moved) || (comp == CompProvince && best.formerP) {
				a.Spans[comp] = Span{}
			}
		}
		if !a.Commune.IsValid() && !a.District.IsValid() && !a.Province.IsValid() {
			a.Version = 0
		}
		a.tailConf = 0.3
		return
	}
	rr := best.resolved()
	a.Commune, a.District, a.Province = rr.Commune, rr.District, rr.Province
	if best.moved {
		*reps = append(*reps, Repair{Kind: RepairMoved, Span: span(best.d), To: rr.District.Name})
	}
	if best.formerP {
		*reps = append(*reps, Repair{Kind: RepairMoved, Span: span(best.p), To: rr.Province.Name})
		a.Spans[CompProvince] = Span{}
	}
	a.ImpliedProvince = a.Province.IsValid() && (best.p == nil || best.formerP)
	a.ImpliedDistrict = a.District.IsValid() && (best.d == nil || best.moved)
	if best.moved {
		// The district written is not the commune's: the one set is implied
		// by the commune, the one written is in the repair.
		a.Spans[CompDistrict] = Span{}
	}
	a.tailConf = conf
}

// isStrayComma reports whether punctuation other than a dot stands
// before token k (a dot between words is an abbreviation's).
func isStrayComma(toks []token, k int) bool { return toks[k].repaired == RepairStray }

// resolved is the reading with the levels its units imply filled in.
func (r reading) resolved() admin.Reading {
	var out admin.Reading
	d := admin.Load(r.v)
	if r.c != nil {
		out.Commune = *r.c.m.Unit
		if u, ok := d.Unit(r.c.m.District); ok {
			out.District = u
		}
		if u, ok := d.Unit(r.c.m.Province); ok {
			out.Province = u
		}
	}
	if r.d != nil && !r.moved {
		out.District = *r.d.m.Unit
		if u, ok := d.Unit(r.d.m.Province); ok {
			out.Province = u
		}
	}
	if r.p != nil && !r.formerP {
		out.Province = *r.p.m.Unit
	}
	return out
}

// resolvedCodes are the codes of the units of resolved (commune,
// district, province), found without copying the units: two readings
// resolve to the same units when these are equal. The province and
// district of a unit are its dataset's, so they are there to find.
func (r reading) resolvedCodes() [3]admin.Code {
	var out [3]admin.Code
	if r.c != nil {
		out = [3]admin.Code{r.c.m.UnitCode(), r.c.m.District, r.c.m.Province}
	}
	if r.d != nil && !r.moved {
		out[1], out[2] = r.d.m.UnitCode(), r.d.m.Province
	}
	if r.p != nil && !r.formerP {
		out[2] = r.p.m.UnitCode()
	}
	return out
}

func (r reading) adminReading() admin.Reading {
	out := r.resolved()
	out.Confidence = 1
	for _, c := range r.cands() {
		if c != nil {
			out.Confidence = min(out.Confidence, c.weight/float64(max(1, c.letters)))
		}
	}
	return out
}

// typoKeepsMarks reports whether the words of a typo mention, as written
// with their diacritics, are one edit from the unit's name: of two names
// one letter away from "Vũ Lăg", "Vũ Lăng" keeps the marks written and
// "Vũ Lạc" does not.
func typoKeepsMarks(toks []token, m *admin.Mention) bool {
	var b [96]byte
	w := b[:0]
	for k := m.First; k < m.Last; k++ {
		w = append(w, toks[k].lower...)
	}
	return oneEditRunes(string(w), m.ShortLower())
}

// oneEditRunes reports whether a and b (valid UTF-8) differ by one rune
// substituted, inserted or deleted. (Read in place: equal runes are equal
// bytes, so what follows the first runes that differ is compared as
// bytes.)
func oneEditRunes(a, b string) bool {
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if na < nb {
		a, b, na, nb = b, a, nb, na
	}
	if na-nb > 1 {
		return false
	}
	// The first runes that differ: a[i:], b[i:] (the bytes before are
	// the same).
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	// Back to the start of the rune the bytes differ in.
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i--
	}
	if i == len(b) {
		return true // b is a's beginning: nothing left, or one rune more in a
	}
	_, sa := utf8.DecodeRuneInString(a[i:])
	if na == nb {
		_, sb := utf8.DecodeRuneInString(b[i:])
		return a[i+sa:] == b[i+sb:]
	}
	return a[i+sa:] == b[i:]
}

// Successors returns, for an address read in the legacy units, the 2025
// communes its commune became: one, or every candidate of a commune split
// in 2025 (choosing among them needs a location). It returns nil for a
// 2025 reading or when no commune was read.
func (a *Address) Successors() []admin.Unit {
	if !a.Commune.IsValid() || a.Commune.Code.Version() != admin.Legacy {
		return nil
	}
	conv, err := admin.Convert(a.Commune.Code)
	if err != nil {
		return nil
	}
	out := make([]admin.Unit, len(conv.To))
	for i, s := range conv.To {
		out[i] = s.Unit
	}
	return out
}

// Predecessors returns, for an address read in the 2025 units, the legacy
// communes its commune was made of, wholly or in part. It returns nil for
// a legacy reading or when no commune was read.
func (a *Address) Predecessors() []admin.Unit {
	if !a.Commune.IsValid() || a.Commune.Code.Version() != admin.V2025 {
		return nil
	}
	us, err := admin.Predecessors(a.Commune.Code)
	if err != nil {
		return nil
	}
	return us
}
