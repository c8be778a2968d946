package osm_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/numbering"
	"github.com/diachi-vn/diachi/address/osm"
)

func verdicts(rep *numbering.Report) map[string]finding.Reason {
	out := map[string]finding.Reason{}
	for _, f := range rep.Houses {
		out[f.ID] = f.Verdict
	}
	return out
}

// sceneOSM is the drawn OpenStreetMap scene of testdata/numbering (made by
// testdata/gen/numbering).
func sceneOSM(t testing.TB) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "numbering", "scene.osm"))
	require.NoError(t, err)
	return string(b)
}

func TestRead(t *testing.T) {
	data, err := osm.Read(strings.NewReader(sceneOSM(t)))
	require.NoError(t, err)
	// Ways 100+101 join; 102 runs beside them 11 m away: one street.
	require.Len(t, data.Streets, 2)
	assert.Equal(t, "Ngõ 3", data.Streets[0].ID)
	assert.Equal(t, "Phố Kim Mã", data.Streets[1].ID)
	assert.Equal(t, numbering.StreetAt(1), data.Streets[0].Parent)
	assert.Equal(t, "3", data.Streets[0].Number.String())
	assert.InDelta(t, 5.6, float64(data.Streets[1].Median), 0.2)
	require.Len(t, data.Houses, 5)
	for _, h := range data.Houses {
		assert.Equal(t, numbering.StreetAt(1), h.Street, h.ID)
	}
	assert.Equal(t, "way/104", data.Houses[4].ID)
	assert.Equal(t, "kim ma", data.AddrStreet["node/11"])

	n, err := numbering.New(data.Streets, numbering.Options{})
	require.NoError(t, err)
	rep := n.Audit(data.Houses, numbering.AuditOptions{})
	v := verdicts(rep)
	assert.Equal(t, map[string]finding.Reason{
		"node/10": finding.OK, "node/11": finding.OK, "node/12": finding.OK,
		"node/13": finding.Parity, "way/104": finding.OK,
	}, v)
	require.Len(t, rep.Alleys, 1)
	assert.Equal(t, finding.OK, rep.Alleys[0].Verdict, rep.Alleys[0].Explanation)

	for _, bad := range []string{
		"", "<osm>", "<html></html>", `<osm><node id="x" lat="1" lon="2"/></osm>`,
		`<osm><node id="1" lat="95" lon="2"/></osm>`, `<osm><nd ref="1"/></osm>`,
		`<osm><way id="1"><nd ref="q"/></way></osm>`,
	} {
		_, err := osm.Read(strings.NewReader(bad))
		assert.ErrorIs(t, err, osm.ErrInvalid, "%q", bad)
	}
}

// TestRealOSMAudit audits the real OpenStreetMap extract of Cầu Giấy,
// Hà Nội, and reports per street how sides agree with parities.
func TestRealOSMAudit(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "osm", "hanoi_cau_giay.osm")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("real OpenStreetMap extract not available (%v); skipping", err)
	}
	defer f.Close()
	data, err := osm.Read(f)
	require.NoError(t, err)
	require.Len(t, data.Houses, 39)
	n, err := numbering.New(data.Streets, numbering.Options{})
	require.NoError(t, err)
	rep := n.Audit(data.Houses, numbering.AuditOptions{})
	for _, s := range rep.Streets {
		t.Logf("%-28s %-20s reversed=%-5v numbers=%2d agree=%2d", s.Name, s.Direction, s.Reversed, s.Numbers, s.Agree)
		if s.Name == "Phố Trần Quốc Hoàn" {
			assert.GreaterOrEqual(t, s.Numbers, 25)
			assert.GreaterOrEqual(t, float64(s.Agree)/float64(s.Numbers), 0.95)
		}
	}
	for _, h := range rep.Houses {
		if h.Verdict != finding.OK {
			assert.NotEmpty(t, h.Explanation, "%s has verdict %s without explanation", h.ID, h.Verdict)
			t.Logf("%s %q: %s: %s", h.ID, h.Text, h.Verdict, h.Explanation)
		}
	}
	t.Logf("agreement %.4f (%d of %d numbers with a side)", rep.Agreement(), rep.Agree, rep.Numbers)
	assert.GreaterOrEqual(t, rep.Agreement(), 0.9)
}

// FuzzRead: any input gives OSM data or an ErrInvalid error, never a panic.
func FuzzRead(f *testing.F) {
	f.Add(sceneOSM(f))
	f.Add(`<osm><node id="1" lat="21" lon="105"><tag k="addr:housenumber" v="ngõ 5"/></node></osm>`)
	f.Add(`<osm><way id="1"><nd ref="1"/><tag k="highway" v="x"/><tag k="name" v="Ngách 1/2/3"/></way></osm>`)
	f.Fuzz(func(t *testing.T, s string) {
		data, err := osm.Read(strings.NewReader(s))
		if err != nil {
			if !strings.Contains(err.Error(), osm.ErrInvalid.Error()) {
				t.Fatalf("error without ErrInvalid: %v", err)
			}
			return
		}
		if n, err := numbering.New(data.Streets, numbering.Options{}); err == nil {
			n.Audit(data.Houses, numbering.AuditOptions{})
		}
	})
}
