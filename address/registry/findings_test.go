package registry_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/address"
	"github.com/diachi-vn/diachi/address/finding"
	"github.com/diachi-vn/diachi/address/registry"
	"github.com/diachi-vn/diachi/geo/crs"
)

// The findings file is for the clerk who fixes them: each row carries the
// severity and meaning of its reason in the language asked for, the
// house's current number and address, and its place in the registry's
// VN-2000 metres (to the centimetre) beside WGS84.
func TestFindingsCSV(t *testing.T) {
	reg := sample(t)
	require.Equal(t, crs.Code(9210), reg.CRS())
	back, err := crs.NewTransformer(reg.CRS(), crs.WGS84)
	require.NoError(t, err)
	for _, lang := range []finding.Lang{finding.Vietnamese, finding.English} {
		var buf bytes.Buffer
		require.NoError(t, reg.WriteFindingsCSV(&buf, lang))
		rows, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		require.Equal(t, []string{"layer", "record", "reason", "severity", "description", "number", "address", "x", "y", "lon", "lat", "evidence", "suggested"}, rows[0])
		fs := reg.Findings()
		require.Len(t, rows, len(fs)+1)
		numbered := 0
		for i, f := range fs {
			row := rows[i+1]
			assert.Equal(t, string(f.Reason), row[2])
			assert.Equal(t, f.Reason.Severity().String(), row[3])
			assert.Equal(t, f.Reason.Describe(lang), row[4])
			if f.Layer == registry.LayerBuildings {
				h, ok := reg.House(registry.HouseAt(f.Index))
				require.True(t, ok)
				if _, ok := h.Street(); ok {
					numbered++
					assert.Equal(t, h.Number.String(), row[5], f.Record)
					assert.Equal(t, address.Format(reg.Address(h), address.Official), row[6], f.Record)
				}
			}
			if row[7] == "" {
				continue
			}
			// x, y are metres with two decimals, and take back to lon, lat
			// within a centimetre.
			x, err := strconv.ParseFloat(row[7], 64)
			require.NoError(t, err)
			y, err := strconv.ParseFloat(row[8], 64)
			require.NoError(t, err)
			assert.Regexp(t, `^\d+\.\d\d$`, row[7])
			lat, lon, err := back.Transform(x, y)
			require.NoError(t, err)
			assert.InDelta(t, f.Point[0], lon, 1.5e-7, f.Record)
			assert.InDelta(t, f.Point[1], lat, 1.5e-7, f.Record)
		}
		assert.Positive(t, numbered, "building findings carry the house's number and address")
	}
}

func TestFindingsJSON(t *testing.T) {
	reg := sample(t)
	var buf bytes.Buffer
	require.NoError(t, reg.WriteFindingsJSON(&buf, finding.English))
	var out struct {
		Count      int            `json:"count"`
		BySeverity map[string]int `json:"by_severity"`
		Findings   []struct {
			Reason      string      `json:"reason"`
			Severity    string      `json:"severity"`
			Description string      `json:"description"`
			Number      *string     `json:"number"`
			XY          *[2]float64 `json:"xy"`
			Point       *[2]float64 `json:"point"`
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	require.Equal(t, len(reg.Findings()), out.Count)
	total := 0
	for _, n := range out.BySeverity {
		total += n
	}
	assert.Equal(t, out.Count, total)
	for i, f := range reg.Findings() {
		j := out.Findings[i]
		assert.Equal(t, f.Reason.Describe(finding.English), j.Description)
		if j.Point != nil {
			assert.InDelta(t, f.Point[0], j.Point[0], 1e-7)
			require.NotNil(t, j.XY)
			assert.Greater(t, j.XY[0], 100000.0, "x in metres")
		}
	}
}
