package address

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/diachi-vn/diachi/address/fold"
)

//go:embed data/streets.txt
var streetsTxt string

// streetNames are the street names the parser knows, by their key (see
// fold.Key): the name with its diacritics, or "" where names that differ
// only in their marks share the key ("Yên Phụ", "Yên Phú"). Made by
// testdata/gen/streets.
var streetNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for line := range strings.Lines(streetsTxt) {
		name := strings.TrimSpace(line)
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		k := fold.Key(name)
		if old, ok := m[k]; ok && old != name {
			m[k] = ""
			continue
		}
		m[k] = name
	}
	return m
})

// knownStreet is the name with its diacritics of a street name written
// without any (in ASCII only: "tran duy hung", "NGUYEN THI MINH KHAI"),
// when one known street's name folds to it; ok is false otherwise, and
// for a name written with marks, which is kept as written.
func knownStreet(written, name string) (string, bool) {
	for i := 0; i < len(written); i++ {
		if written[i] >= 0x80 {
			return "", false
		}
	}
	known := streetNames()[fold.Key(name)]
	return known, known != "" && known != name
}
