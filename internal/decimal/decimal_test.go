package decimal_test

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/diachi-vn/diachi/internal/decimal"
)

func TestFloat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"0", 0}, {"10", 10}, {"-12.5", -12.5}, {"+1.5", 1.5}, {".5", 0.5}, {"5.", 5},
		{"1e3", 1000}, {"2.5E-4", 2.5e-4}, {"1e+2", 100}, {"010", 10}, {"106.698", 106.698},
		{"1e308", 1e308}, {"1e-400", 0}, {"-0", math.Copysign(0, -1)},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decimal.Float(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestFloatRefused(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{"1_0", decimal.ErrSyntax}, {"0x1p-2", decimal.ErrSyntax}, {"0x10", decimal.ErrSyntax},
		{"NaN", decimal.ErrSyntax}, {"nan", decimal.ErrSyntax}, {"Inf", decimal.ErrSyntax}, {"-inf", decimal.ErrSyntax},
		{"infinity", decimal.ErrSyntax}, {"", decimal.ErrSyntax}, {".", decimal.ErrSyntax}, {"-", decimal.ErrSyntax},
		{"1e", decimal.ErrSyntax}, {"e5", decimal.ErrSyntax}, {"1e+", decimal.ErrSyntax}, {"1.2.3", decimal.ErrSyntax},
		{" 1", decimal.ErrSyntax}, {"1 ", decimal.ErrSyntax}, {"1,5", decimal.ErrSyntax}, {"--1", decimal.ErrSyntax},
		{"０", decimal.ErrSyntax}, {"0b1", decimal.ErrSyntax}, {"0o7", decimal.ErrSyntax}, {"1__0", decimal.ErrSyntax},
		{"1e309", decimal.ErrRange}, {"-1e309", decimal.ErrRange}, {"1e99999999999999999999", decimal.ErrRange},
	} {
		t.Run(tc.in, func(t *testing.T) {
			_, err := decimal.Float(tc.in)
			require.ErrorIs(t, err, tc.want)
			var de *decimal.Error
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tc.in, de.Input)
			assert.Contains(t, err.Error(), strconv.Quote(tc.in))
		})
	}
	_, err := decimal.Float("1e309")
	assert.EqualError(t, err, `"1e309" is out of range: beyond ±1.7976931348623157e+308`)
	_, err = decimal.Float("1_0")
	assert.EqualError(t, err, `"1_0" is not a decimal number: want digits with an optional sign, point and exponent, such as -12.5 or 1e3`)
}

func TestInt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		bits int
		want int64
		err  error
	}{
		{"10", 64, 10, nil}, {"-12", 64, -12, nil}, {"+7", 0, 7, nil}, {"010", 64, 10, nil},
		{"127", 8, 127, nil}, {"-128", 8, -128, nil}, {"128", 8, 0, decimal.ErrRange},
		{"9223372036854775808", 64, 0, decimal.ErrRange},
		{"1_0", 64, 0, decimal.ErrSyntax}, {"0x10", 64, 0, decimal.ErrSyntax}, {"1.0", 64, 0, decimal.ErrSyntax},
		{"1e3", 64, 0, decimal.ErrSyntax}, {"", 64, 0, decimal.ErrSyntax}, {"+", 64, 0, decimal.ErrSyntax},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decimal.Int(tc.in, tc.bits)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := decimal.Int("128", 8)
	assert.EqualError(t, err, `"128" is out of range: not within -128 to 127`)
}

func TestUint(t *testing.T) {
	v, err := decimal.Uint("+18446744073709551615", 64)
	require.NoError(t, err)
	assert.Equal(t, uint64(math.MaxUint64), v)
	_, err = decimal.Uint("18446744073709551616", 64)
	assert.EqualError(t, err, `"18446744073709551616" is out of range: more than 18446744073709551615`)
	for _, s := range []string{"-1", "-0", "0x1", "1_0", ""} {
		_, err := decimal.Uint(s, 64)
		assert.ErrorIs(t, err, decimal.ErrSyntax, s)
	}
}

// decimalRE is the notation, written independently of the hand-written
// scanner it checks.
var decimalRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// FuzzFloat: what is accepted is decimal notation and reads as
// strconv.ParseFloat reads it, finite; what is refused is either not
// decimal notation or beyond the float64 range.
func FuzzFloat(f *testing.F) {
	for _, s := range []string{"0", "-12.5", ".5", "5.", "1e3", "1_0", "0x1p-2", "NaN", "Inf", "1e309", "1e-400", "+", "1e", "0０"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := decimal.Float(s)
		ok := decimalRE.MatchString(s)
		if err == nil {
			if !ok {
				t.Fatalf("%q accepted but not decimal notation", s)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%q read as %v", s, v)
			}
			want, perr := strconv.ParseFloat(s, 64)
			if perr != nil || math.Float64bits(want) != math.Float64bits(v) {
				t.Fatalf("%q read as %v, strconv reads %v (%v)", s, v, want, perr)
			}
			return
		}
		var de *decimal.Error
		if !errors.As(err, &de) || de.Input != s {
			t.Fatalf("%q: untyped error %v", s, err)
		}
		switch {
		case errors.Is(err, decimal.ErrSyntax):
			if ok {
				t.Fatalf("%q is decimal notation but refused: %v", s, err)
			}
		case errors.Is(err, decimal.ErrRange):
			if !ok {
				t.Fatalf("%q is not decimal notation but called out of range", s)
			}
			if w, _ := strconv.ParseFloat(s, 64); !math.IsInf(w, 0) {
				t.Fatalf("%q called out of range, strconv reads %v", s, w)
			}
		default:
			t.Fatalf("%q: error of no category: %v", s, err)
		}
	})
}

// FuzzInt: the same for whole numbers.
func FuzzInt(f *testing.F) {
	for _, s := range []string{"0", "-12", "+7", "010", "0x10", "1_0", "9223372036854775808", "-"} {
		f.Add(s)
	}
	intRE := regexp.MustCompile(`^[+-]?[0-9]+$`)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := decimal.Int(s, 64)
		ok := intRE.MatchString(s)
		if err == nil {
			want, perr := strconv.ParseInt(s, 10, 64)
			if !ok || perr != nil || want != v {
				t.Fatalf("%q read as %d (strconv %d, %v)", s, v, want, perr)
			}
			return
		}
		if errors.Is(err, decimal.ErrSyntax) == ok {
			t.Fatalf("%q: %v", s, err)
		}
		if errors.Is(err, decimal.ErrRange) && !ok {
			t.Fatalf("%q: %v", s, err)
		}
	})
}
