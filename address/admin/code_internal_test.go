package admin

import (
	"fmt"
	"testing"
)

// Province and district codes written from their tables are the digits
// written out, zero-padded; so are the numbers past the tables.
func TestCodeStringPadded(t *testing.T) {
	for _, l := range []Level{Province, District, Commune} {
		for _, n := range []uint32{0, 1, 9, 10, 99, 100, 101, 999, 1000, 1234, 99999, 100000} {
			c := Code{v: V2025, l: l, n: n}
			if got, want := c.String(), fmt.Sprintf("%0*d", l.digits(), n); got != want {
				t.Errorf("%v %d: String() = %q, want %q", l, n, got, want)
			}
		}
	}
}
