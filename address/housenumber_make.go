package address

import (
	"fmt"
	"strings"
)

// NewHouseNumber returns the plain house number n (1 to 99999).
func NewHouseNumber(n int) (HouseNumber, error) {
	if n < 1 || n > maxHouseNumber {
		return HouseNumber{}, &HouseNumberError{Input: fmt.Sprint(n), Pos: -1, Msg: fmt.Sprintf("a house number is 1 to %d", maxHouseNumber)}
	}
	return HouseNumber{num: uint32(n) + 1}, nil
}

// WithSuffix returns h with the infill suffix s: letters ("A", "B", "AA",
// at most three, any case) or "bis"/"ter"; "" removes the suffix. A range
// takes no suffix.
func (h HouseNumber) WithSuffix(s string) (HouseNumber, error) {
	if !h.IsValid() {
		return HouseNumber{}, &HouseNumberError{Input: s, Pos: -1, Msg: "suffix on an invalid house number"}
	}
	low := strings.ToLower(s)
	switch {
	case s == "":
	case low == "bis" || low == "ter":
		s = low
	default:
		if len(s) > maxSuffix {
			return HouseNumber{}, &HouseNumberError{Input: s, Pos: -1, Msg: "a suffix is one to three letters"}
		}
		for i := 0; i < len(s); i++ {
			if !isLetter(s[i]) {
				return HouseNumber{}, &HouseNumberError{Input: s, Pos: i, Msg: "a suffix is letters only"}
			}
		}
		s = strings.ToUpper(s)
	}
	if h.to != 0 && s != "" {
		return HouseNumber{}, &HouseNumberError{Input: h.String() + s, Pos: -1, Msg: "a range takes no suffix"}
	}
	h.setText(h.alleys(), h.prefix(), h.group(), s)
	return h, nil
}

// WithSub returns h with the infill sub-number k (20-1, 20-2); 0 removes
// it. The sub-number must be smaller than the number (see [HouseNumber]:
// 2-3 is a range), so house 1 has none and house 2 only 2-1.
func (h HouseNumber) WithSub(k int) (HouseNumber, error) {
	if !h.IsValid() || h.to != 0 {
		return HouseNumber{}, &HouseNumberError{Input: fmt.Sprint(k), Pos: -1, Msg: "sub-number on an invalid house number or a range"}
	}
	if k < 0 || k >= h.Number() {
		return HouseNumber{}, &HouseNumberError{Input: fmt.Sprintf("%s-%d", h, k), Pos: -1, Msg: fmt.Sprintf("a sub-number of %d is 1 to %d", h.Number(), h.Number()-1)}
	}
	h.sub = uint32(k)
	return h, nil
}

// InAlley returns h as a house of the alley numbered alley: 2 in alley
// 130/20 is 130/20/2. The alley's own chain comes first; groups, ranges
// and sub-numbers cannot name an alley.
func (h HouseNumber) InAlley(alley HouseNumber) (HouseNumber, error) {
	if !h.IsValid() || !alley.IsValid() {
		return HouseNumber{}, &HouseNumberError{Input: alley.String() + "/" + h.String(), Pos: -1, Msg: "invalid house or alley number"}
	}
	if alley.ng != 0 || alley.to != 0 || alley.sub != 0 || h.ng != 0 {
		return HouseNumber{}, &HouseNumberError{Input: alley.String() + "/" + h.String(), Pos: -1, Msg: "an alley is named by a number with an optional letter suffix"}
	}
	chain := alley.String()
	if h.na != 0 {
		chain += "/" + h.alleys()
	}
	if strings.Count(chain, "/")+1 > maxAlleys {
		return HouseNumber{}, &HouseNumberError{Input: chain + "/" + h.String(), Pos: -1, Msg: fmt.Sprintf("more than %d alley levels", maxAlleys)}
	}
	h.setText(chain, "", "", h.suffix())
	return h, nil
}

// InGroup returns h as house h of housing group group ("A"), written with
// the street abbreviation prefix when given (BL.A-10).
func (h HouseNumber) InGroup(prefix, group string) (HouseNumber, error) {
	bad := func(msg string) (HouseNumber, error) {
		return HouseNumber{}, &HouseNumberError{Input: prefix + "." + group + "-" + h.String(), Pos: -1, Msg: msg}
	}
	if !h.IsValid() || h.na != 0 || h.to != 0 {
		return bad("a group house is a plain number")
	}
	if group == "" || len(group) > maxSuffix || len(prefix) > maxPrefix {
		return bad("a group is one to three letters, a prefix at most 16")
	}
	for _, s := range []string{group, prefix} {
		for i := 0; i < len(s); i++ {
			if !isLetter(s[i]) {
				return bad("group and prefix are letters only")
			}
		}
	}
	h.setText("", strings.ToUpper(prefix), strings.ToUpper(group), h.suffix())
	return h, nil
}

// Local returns h without its alley chain: 2 for 130/20/2. The chain is in
// [HouseNumber.Alleys].
func (h HouseNumber) Local() HouseNumber {
	h.setText("", h.prefix(), h.group(), h.suffix())
	return h
}

// Base returns the plain number of h with its chain and group but without
// suffix, sub-number or range: 20 for 20A-1, 130/20/2 for 130/20/2B.
func (h HouseNumber) Base() HouseNumber {
	h.setText(h.alleys(), h.prefix(), h.group(), "")
	h.sub, h.to = 0, 0
	return h
}

// AlleyChain returns the alley h stands in as a house number of its own
// parent: 130/20 for 130/20/2, 130 for 130/20; zero when h is on a street.
func (h HouseNumber) AlleyChain() HouseNumber {
	if h.na == 0 {
		return HouseNumber{}
	}
	c, err := ParseHouseNumber(h.alleys())
	if err != nil {
		return HouseNumber{} // chains are stored canonical; never reached
	}
	return c
}
