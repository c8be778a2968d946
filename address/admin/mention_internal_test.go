package admin

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/diachi-vn/diachi/address/fold"
)

// mentionsByTrie is Mentions walked letter by letter down the trie, as
// the index is built: what the walk by prefix hashes must find.
func mentionsByTrie(words []Word) []Mention {
	t := mentionIndex()
	var out []Mention
	for s := range words {
		n := int32(0)
		for e := s; e < len(words) && e-s < MaxMentionWords && n >= 0; e++ {
			k := appendVariant(nil, []byte(words[e].Key))
			if len(k) == 0 {
				break
			}
			for i := 0; i < len(k) && n >= 0; i++ {
				n = t.child(n, k[i])
			}
			if n < 0 {
				break
			}
			nd := t.nodes[n]
			for i := nd.hit0; i < nd.hit0+int32(nd.nHit); i++ {
				h := t.hits[i]
				if h.alias >= 0 && !concatEq(words[s:e+1], t.aliasKeys[h.alias], false) {
					continue
				}
				out = append(out, t.mention(h, words, s, e+1))
			}
		}
	}
	return out
}

// unitNames are the full and short names of every unit of both versions.
func unitNames() []string {
	var names []string
	for v := Legacy; v <= V2025; v++ {
		for _, u := range Load(v).units {
			names = append(names, u.Name, u.Short)
		}
	}
	return names
}

func wordsOf(text string) []Word {
	var ws []Word
	for _, f := range strings.Fields(text) {
		ws = append(ws, Word{Key: string(fold.AppendWord(nil, f)), Lower: string(fold.AppendLower(nil, f))})
	}
	return ws
}

// TestMentionsWalkByHash: the walk by the hashes of the words' keys
// finds what the letter-by-letter walk finds, in the same order, on every
// unit's names written together and apart, glued, cut and mixed.
func TestMentionsWalkByHash(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := unitNames()
	texts := []string{"", "a", "ha noi", "hanoi cau giay", "TP HCM Q1 P.Ben Nghe", "brvt vung tau", "12 nguyen trai thanh xuan ha noi"}
	for range 20000 {
		var parts []string
		for range 1 + rng.IntN(4) {
			n := names[rng.IntN(len(names))]
			switch rng.IntN(4) {
			case 0:
				n = strings.ReplaceAll(n, " ", "")
			case 1:
				if i := rng.IntN(len(n) + 1); n[:i] != "" {
					n = n[:i] // a name cut short
				}
			case 2:
				n = strings.ToUpper(n)
			}
			parts = append(parts, n)
		}
		texts = append(texts, strings.Join(parts, " "))
	}
	found := 0
	for _, text := range texts {
		ws := wordsOf(text)
		got, want := Mentions(nil, ws), mentionsByTrie(ws)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: %d mentions by hash, %d by the trie\n%v\n%v", text, len(got), len(want), got, want)
		}
		found += len(got)
	}
	if found < len(texts) {
		t.Fatalf("only %d mentions in %d texts: the test reads too little", found, len(texts))
	}
}

// TestExactMemo: the memo answers as IsExact does, for every mention of
// names written exactly, folded, in upper case, glued and cut, asked in
// the order Mentions gives them, over texts one after another (Reset).
func TestExactMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	names := unitNames()
	var memo ExactMemo
	exact, asked := 0, 0
	for range 20000 {
		var parts []string
		for range 1 + rng.IntN(3) {
			n := names[rng.IntN(len(names))]
			switch rng.IntN(4) {
			case 0:
				n = fold.Key(n)
			case 1:
				n = strings.ToUpper(n)
			case 2:
				n = strings.ReplaceAll(n, " ", "")
			}
			parts = append(parts, n)
		}
		ws := wordsOf(strings.Join(parts, " "))
		memo.Reset()
		for _, m := range Mentions(nil, ws) {
			want := IsExact(m, ws)
			if got := memo.IsExact(&m, ws); got != want {
				t.Fatalf("%q: %s over words [%d, %d): memo %v, IsExact %v", strings.Join(parts, " "), m.Unit.Name, m.First, m.Last, got, want)
			}
			asked++
			if want {
				exact++
			}
		}
	}
	if exact == 0 || exact == asked {
		t.Fatalf("%d exact of %d asked: the test tells nothing", exact, asked)
	}
}

// FuzzMentions: on any text, the walk by hashes finds what the walk down
// the trie finds, and the memo answers as IsExact.
func FuzzMentions(f *testing.F) {
	for _, s := range []string{"ha noi cau giay", "TP HCM Q1 P.Ben Nghe", "Trần Hưng Đạo Hoàn Kiếm", "brvt", "caugiayhanoi"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ws := wordsOf(text)
		if len(ws) > 64 {
			return
		}
		got, want := Mentions(nil, ws), mentionsByTrie(ws)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: %d mentions by hash, %d by the trie", text, len(got), len(want))
		}
		var memo ExactMemo
		for _, m := range got {
			if memo.IsExact(&m, ws) != IsExact(m, ws) {
				t.Fatalf("%q: %s over [%d, %d): the memo and IsExact differ", text, m.Unit.Name, m.First, m.Last)
			}
		}
	})
}

// TestShortLower: the short name the index keeps is the one AppendLower
// writes, for a mention found and for one made elsewhere.
func TestShortLower(t *testing.T) {
	for _, s := range []string{"Vũ Lăng", "phường Bến Nghé quận 1", "Hoằng Thành Thanh Hóa", "Đắk Lắk"} {
		for _, m := range Mentions(nil, wordsOf(s)) {
			want := ""
			if m.Unit != nil {
				want = string(fold.AppendLower(nil, m.Unit.Short))
			}
			if got := m.ShortLower(); got != want {
				t.Errorf("%q: %v over [%d, %d): %q, want %q", s, m.Unit, m.First, m.Last, got, want)
			}
			if m.Unit != nil {
				u := *m.Unit
				other := Mention{Unit: &u}
				if got := other.ShortLower(); got != want {
					t.Errorf("%q made elsewhere: %q, want %q", u.Name, got, want)
				}
			}
		}
	}
}

// TestFormerName: a unit's own name, written with or without its type
// word, shortened, with a leading zero or a letter off, is no former name;
// another name or another number is; a province's aliases never are.
func TestFormerName(t *testing.T) {
	d := Load(Legacy)
	for _, u := range d.Units(Commune)[:2000] {
		short := strings.ReplaceAll(fold.Key(u.Short), " ", "")
		for _, k := range []string{short, "phuong" + short, "xa" + short, "p" + short, "f0" + short, "thitran" + short} {
			if formerName(k, &u) {
				t.Fatalf("%q taken as a former name of %s", k, u.Name)
			}
		}
		if formerName("x"+short[1:], &u) && !allDigits(short) {
			t.Fatalf("%q, a letter off, taken as a former name of %s", "x"+short[1:], u.Name)
		}
		if !formerName("zzq"+short, &u) {
			t.Fatalf("%q not taken as a former name of %s", "zzq"+short, u.Name)
		}
		if allDigits(short) && !formerName("phuong"+short+"1", &u) {
			t.Fatalf("another number not taken as a former name of %s", u.Name)
		}
	}
	p := d.Units(Province)[0]
	if formerName("hcm", &p) {
		t.Fatal("a province's alias taken as a former name")
	}
}
