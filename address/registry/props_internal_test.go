package registry

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
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

// An object of many keys reads in linear time, and a key given twice is
// still refused however far apart the two are.
func TestManyProps(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 100_000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%d":%d`, i, i)
	}
	obj := b.String() + "}"
	start := time.Now()
	ps, ok := flatProps([]byte(obj))
	if !ok || len(ps) != 100_000 {
		t.Fatalf("flatProps: ok %v, %d props", ok, len(ps))
	}
	ps2, err := decodeProps([]byte(obj))
	if err != nil || len(ps2) != 100_000 {
		t.Fatalf("decodeProps: %v, %d props", err, len(ps2))
	}
	// Quadratic, this took over 20 s; linear, well under one. Logged, not
	// asserted: the point of the test is the duplicates below.
	t.Logf("100,000 keys read twice in %v", time.Since(start))
	dupObj := b.String() + `,"k5":1}`
	if _, ok := flatProps([]byte(dupObj)); ok {
		t.Error("flatProps took a key given twice")
	}
	if _, err := decodeProps([]byte(dupObj)); err == nil {
		t.Error("decodeProps took a key given twice")
	}
	for _, small := range []string{`{"a":1,"a":2}`, `{"a":1,"b":2,"a":3}`} {
		if _, ok := flatProps([]byte(small)); ok {
			t.Errorf("flatProps took %s", small)
		}
		if _, err := decodeProps([]byte(small)); err == nil {
			t.Errorf("decodeProps took %s", small)
		}
	}
}
