package address

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWordsNumber(t *testing.T) {
	for in, want := range map[string][2]int{
		"tám": {8, 1}, "mười": {10, 1}, "mười tám": {18, 2}, "mười lăm": {15, 2}, "hai mươi": {20, 2},
		"hai mươi mốt": {21, 3}, "ba mươi tư": {34, 3}, "sáu mươi tám phố": {68, 3}, "một trăm": {100, 2},
		"một trăm linh năm": {105, 4}, "một trăm ba mươi tám": {138, 5}, "chín trăm chín mươi chín": {999, 5},
		"Lê Lợi": {0, 0}, "mươi": {0, 0}, "mốt": {0, 0}, "": {0, 0},
	} {
		ws := wordsOf(nil, segment{text: in})
		v, n := wordsNumber(ws)
		assert.Equal(t, want, [2]int{v, n}, in)
	}
}
