package main

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/admin"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo"
	"github.com/diachi-vn/diachi/postal"
)

// marshalled is v as json.Marshal writes it, or nil when it refuses.
func marshalled(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// samePlace checks the hand-written answer of a place against
// json.Marshal of the answer struct.
func samePlace(t testing.TB, s *server, pl registry.Place) {
	t.Helper()
	want := marshalled(t, s.placeOut(pl))
	got, err := s.appendPlace(nil, pl)
	if want == nil {
		if err == nil {
			t.Fatalf("json.Marshal refuses the place %+v, the appender wrote %s", pl, got)
		}
		return
	}
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("place %+v:\n got %s (%v)\nwant %s", pl, got, err, want)
	}
}

func sameHouse(t testing.TB, s *server, h registry.House) {
	t.Helper()
	want := marshalled(t, s.houseOut(h))
	bad := false
	got := s.appendHouse(nil, h, &bad)
	if want == nil {
		if !bad {
			t.Fatalf("json.Marshal refuses the house %+v, the appender wrote %s", h, got)
		}
		return
	}
	if bad || !bytes.Equal(got, want) {
		t.Fatalf("house %s:\n got %s\nwant %s", h.Source, got, want)
	}
}

// The hand-written answers are json.Marshal's bytes: every house of the
// sample town (by itself and reverse-geocoded at its point and beside
// it), every finding, and random points over the town and around it,
// among them points with no house, no parcel or no street.
func TestServeAnswerBytes(t *testing.T) {
	s := townServer(t)
	var noHouse, noParcel, noStreet, withFindings, onLine int
	check := func(p orb.Point) {
		pl, err := s.reg.At(p)
		if err != nil {
			return
		}
		samePlace(t, s, pl)
		if !pl.HasHouse {
			noHouse++
		}
		if !pl.HasParcel {
			noParcel++
		}
		if !pl.HasStreet {
			noStreet++
		} else if pl.Location.Side == geo.SideOn {
			onLine++
		}
	}
	n := 0
	for h := range s.reg.Houses() {
		sameHouse(t, s, h)
		if len(s.byRecord[recordKey{registry.LayerBuildings, h.Source}]) > 0 {
			withFindings++
		}
		check(h.Point)
		check(orb.Point{h.Point[0] + 0.00004, h.Point[1] - 0.00003})
		check(h.Door)
		n++
	}
	require.Greater(t, n, 1000)
	for _, f := range s.findings {
		bad := false
		got := s.appendFinding(nil, f, &bad)
		require.False(t, bad)
		require.Equal(t, string(marshalled(t, s.findingOut(f))), string(got))
	}
	for s2 := range s.reg.Streets() {
		if s2.Line != nil {
			if p, err := s2.Line.PointAt(s2.Line.Length()/2, 0); err == nil {
				check(p) // on the centreline: no side
			}
		}
	}
	b, ok := s.reg.Extent()
	require.True(t, ok)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		// the extent and as much again around it
		dx, dy := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
		check(orb.Point{b.Min[0] - dx/2 + rng.Float64()*2*dx, b.Min[1] - dy/2 + rng.Float64()*2*dy})
	}
	t.Logf("%d houses (%d with findings); places with no house %d, no parcel %d, no street %d, on a centreline %d", n, withFindings, noHouse, noParcel, noStreet, onLine)
	require.Positive(t, noHouse)
	require.Positive(t, noParcel)
	require.Positive(t, noStreet)
	require.Positive(t, withFindings)
	require.Positive(t, onLine)
}

// The answer over HTTP is the appender's, with the newline writeJSON
// adds: GET /api/at and GET /api/ids/{id} answer json.Marshal's bytes.
func TestServeAnswerOverHandler(t *testing.T) {
	s := townServer(t)
	h := house37(t, s)
	a := call(t, s, "GET", "/api/ids/"+h.ID.String(), nil)
	require.Equal(t, 200, a.status)
	require.Equal(t, string(marshalled(t, s.houseOut(h)))+"\n", string(a.body))
	require.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"))
	a = call(t, s, "GET", "/api/at?lat=10.7452&lon=106.7301", nil)
	require.Equal(t, 200, a.status)
	pl, err := s.reg.At(orb.Point{106.7301, 10.7452})
	require.NoError(t, err)
	require.Equal(t, string(marshalled(t, s.placeOut(pl)))+"\n", string(a.body))
}

// The string and number writers agree with encoding/json on the cases
// it treats apart: HTML characters, control characters, U+2028/2029,
// invalid UTF-8, exponent forms.
func TestAppendJSONScalars(t *testing.T) {
	for _, v := range []string{"", "Nguyễn Văn Linh", `a"b\c`, "<b>&amp;</b>", "\x00\x01\b\f\n\r\t\x1f\x7f", "a\u2028b\u2029c", "\xff\xfe", "ạ\xe1\xba", "\U0001F600", "\xed\xa0\x80", "x\xe2\x80", "\u2028", "\u2029\xff\u2028", "\xe2\x80\xa7\xe2\x80\xaa"} {
		require.Equal(t, string(marshalled(t, v)), string(appendJSONString(nil, v)), "%q", v)
		require.Equal(t, string(marshalled(t, v)), string(appendJSONString(nil, []byte(v))), "%q", v)
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1.5, 106.7301234, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 1.5e300, -2e-300, math.SmallestNonzeroFloat64, math.MaxFloat64, float64(float32(12.3))} {
		bad := false
		require.Equal(t, string(marshalled(t, f)), string(appendJSONFloat(nil, f, &bad)), "%v", f)
		require.False(t, bad)
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		bad := false
		appendJSONFloat(nil, f, &bad)
		require.True(t, bad, "%v", f)
		require.Nil(t, marshalled(t, f))
	}
}

// FuzzAnswerJSON compares the hand-written answers with json.Marshal's on
// houses, places and findings made of arbitrary texts and numbers.
func FuzzAnswerJSON(f *testing.F) {
	f.Add("b-12", "Nguyễn <Huệ> & \u2028", 10.7452, 106.7301, float32(12.5), float32(3.25), uint32(123456789), uint8(1), uint8(2), true, true, 3)
	f.Add("\xff", "\x00\x1f", 1e-7, -1e21, float32(-0.0), float32(1e-9), uint32(0), uint8(0), uint8(0), false, false, -1)
	f.Fuzz(func(t *testing.T, source, text string, lat, lon float64, along, dist float32, payload uint32, unit, side uint8, hasHouse, hasStreet bool, index int) {
		s := townServer(t)
		communes := []admin.Code{{}}
		for _, d := range []string{"26734", "27478", "00097"} {
			c, err := admin.NewCode(admin.V2025, admin.Commune, d)
			require.NoError(t, err)
			communes = append(communes, c)
		}
		pc := postal.Code{}
		if unit%2 == 1 {
			pc = postal.MustParse("70000")
		}
		h := registry.House{Source: source, Point: orb.Point{lon, lat}, Door: orb.Point{lon, lat}, Along: geo.Meters(along),
			Commune: communes[int(unit)%len(communes)], Legacy: communes[int(unit/4)%len(communes)], Postcode: pc, Side: geo.Side(side % 3)}
		if id, err := address.NewID(payload % 1_000_000_000); err == nil && payload%7 != 0 {
			h.ID = id
		}
		if math.Abs(lat) <= 90 && math.Abs(lon) <= 180 {
			sameHouse(t, s, h)
		}
		pl := registry.Place{House: h, HasHouse: hasHouse && math.Abs(lat) <= 90 && math.Abs(lon) <= 180, HouseDistance: geo.Meters(dist), HasStreet: hasStreet,
			Location: geo.Location{Along: geo.Meters(along), Distance: geo.Meters(dist), Side: geo.Side(side % 3)},
			Commune:  h.Commune, Legacy: h.Legacy, Postcode: pc}
		pl.HasParcel = index%2 == 0
		pl.Parcel.Key = registry.ParcelKey{Commune: h.Commune, Sheet: index, Number: int(payload)}
		samePlace(t, s, pl)
		fd := registry.Finding{Layer: source, Record: text, Index: index, Reason: finding.Reason(text), Evidence: text + source, Suggested: text, Point: orb.Point{lon, lat}}
		bad := false
		got := s.appendFinding(nil, fd, &bad)
		if want := marshalled(t, s.findingOut(fd)); want != nil {
			require.False(t, bad)
			require.Equal(t, string(want), string(got))
		} else {
			require.True(t, bad)
		}
	})
}

// BenchmarkAnswerPlace is the cost of writing a reverse geocode's answer
// (the place already found), by hand into a reused buffer and, for
// comparison, by json.Marshal of the answer struct.
func BenchmarkAnswerPlace(b *testing.B) {
	s := townServer(b)
	var places []registry.Place
	for h := range s.reg.Houses() {
		if pl, err := s.reg.At(orb.Point{h.Point[0] - 0.00002, h.Point[1] + 0.00003}); err == nil {
			places = append(places, pl)
		}
	}
	b.Run("appended", func(b *testing.B) {
		buf := make([]byte, 0, 4096)
		i := 0
		for b.Loop() {
			var err error
			if buf, err = s.appendPlace(buf[:0], places[i%len(places)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := json.Marshal(s.placeOut(places[i%len(places)])); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
