package address

import "testing"

// BenchmarkParsePieces times the stages of Parse on a typical address,
// to see where a parse spends its time (BENCHMARKS.md).
func BenchmarkParsePieces(b *testing.B) {
	full := "Số 12 ngõ 34 ngách 56 phố Trần Duy Hưng, P. Trung Hòa, Q. Cầu Giấy, Hà Nội"
	if _, err := Parse(full); err != nil { // the gazetteers load outside the timing
		b.Fatal(err)
	}
	b.Run("tokens", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var reps []Repair
			tokenize(nil, full, &reps)
		}
	})
	var reps []Repair
	toks := tokenize(nil, full, &reps)
	skip := make([]bool, len(toks)+1)
	b.Run("units", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var a Address
			a.readUnits(full, toks, skip, ParseOptions{}, &reps)
		}
	})
	var a Address
	from, _ := a.readUnits(full, toks, skip, ParseOptions{}, &reps)
	head := headSegments(nil, full, toks, skip, 0, from)
	b.Run("head", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var a Address
			a.readHead(full, toks, head)
		}
	})
}

// hasLookAlike is the fast test of tidy: it must find exactly the
// characters Normalize replaces.
func TestHasLookAlike(t *testing.T) {
	for r := rune(0x80); r < 0x10000; r++ {
		s := "a" + string(r) + "b"
		if got, want := hasLookAlike(s), lookAlikes.Replace(s) != s; got != want {
			t.Errorf("hasLookAlike(U+%04X) = %v, want %v", r, got, want)
		}
	}
}
