package registry

import (
	"reflect"
	"testing"
)

var propsSeeds = []string{
	`{}`, `{"id":"b-1","number":"12A","sheet":3,"area":-12.5e-3,"main":true,"x":false,"n":null}`,
	` { "a" : "Phường Phú Thuận" , "b" : 0 } `, `{"a":"x\"y"}`, `{"a":{"b":1}}`, `{"a":[1,2]}`,
	`{"a":1,"a":2}`, `{"a":01}`, `{"a":1.}`, `{"a":truex}`, `{"a":"\u00e9"}`, `{"a":1}x`, `{"a":-}`, `{"a":1e+}`,
	"{\"a\":\"\xff\"}", "{\"a\":\"\x01\"}", `[1]`, `{"a":1,}`, `{,}`,
}

// flatProps is the fast path of orderedProps: whenever it answers, the
// answer must be encoding/json's.
func TestFlatProps(t *testing.T) {
	fast := 0
	for _, s := range propsSeeds {
		if checkFlatProps(t, []byte(s)) {
			fast++
		}
	}
	if fast < 3 {
		t.Fatalf("the fast path answered only %d of the seeds", fast)
	}
}

func FuzzFlatProps(f *testing.F) {
	for _, s := range propsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkFlatProps(t, raw) })
}

func checkFlatProps(t *testing.T, raw []byte) bool {
	t.Helper()
	got, ok := flatProps(raw)
	if !ok {
		return false
	}
	want, err := decodeProps(raw)
	if err != nil {
		t.Fatalf("%q: fast path read %v, encoding/json refuses: %v", raw, got, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: fast path %#v, encoding/json %#v", raw, got, want)
	}
	return true
}
