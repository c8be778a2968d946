package crs

import (
	"fmt"
	"strconv"
)

// LegacyProvince is a province of the 63-province system in force before
// 1 July 2025, with the TM-3 central meridian its cadastral maps use
// (Circular 973/2001/TT-TCĐC).
type LegacyProvince struct {
	Code            string  // two-digit code, e.g. "01"
	Name            string  // short name, e.g. "Hà Nội"
	CentralMeridian float64 // degrees, e.g. 105 for 105°00′
}

// TM3 returns the province's VN-2000 TM-3 projected CRS.
func (p LegacyProvince) TM3() CRS {
	c, _ := TM3(p.CentralMeridian) // every meridian below is in the table (tested)
	return c
}

// legacyProvinces is ordered by code. Names are as of early 2025 (Thừa
// Thiên Huế became the city of Huế on 1 January 2025). The merged provinces of 2025 did not get
// new meridians: cadastral sheets keep the meridian of the old province (or
// the one written on the sheet itself).
var legacyProvinces = []LegacyProvince{
	{"01", "Hà Nội", 105}, {"02", "Hà Giang", 105.5}, {"04", "Cao Bằng", 105.75},
	{"06", "Bắc Kạn", 106.5}, {"08", "Tuyên Quang", 106}, {"10", "Lào Cai", 104.75},
	{"11", "Điện Biên", 103}, {"12", "Lai Châu", 103}, {"14", "Sơn La", 104},
	{"15", "Yên Bái", 104.75}, {"17", "Hòa Bình", 106}, {"19", "Thái Nguyên", 106.5},
	{"20", "Lạng Sơn", 107.25}, {"22", "Quảng Ninh", 107.75}, {"24", "Bắc Giang", 107},
	{"25", "Phú Thọ", 104.75}, {"26", "Vĩnh Phúc", 105}, {"27", "Bắc Ninh", 105.5},
	{"30", "Hải Dương", 105.5}, {"31", "Hải Phòng", 105.75}, {"33", "Hưng Yên", 105.5},
	{"34", "Thái Bình", 105.5}, {"35", "Hà Nam", 105}, {"36", "Nam Định", 105.5},
	{"37", "Ninh Bình", 105}, {"38", "Thanh Hóa", 105}, {"40", "Nghệ An", 104.75},
	{"42", "Hà Tĩnh", 105.5}, {"44", "Quảng Bình", 106}, {"45", "Quảng Trị", 106.25},
	{"46", "Huế", 107}, {"48", "Đà Nẵng", 107.75}, {"49", "Quảng Nam", 107.75},
	{"51", "Quảng Ngãi", 108}, {"52", "Bình Định", 108.25}, {"54", "Phú Yên", 108.5},
	{"56", "Khánh Hòa", 108.25}, {"58", "Ninh Thuận", 108.25}, {"60", "Bình Thuận", 108.5},
	{"62", "Kon Tum", 107.5}, {"64", "Gia Lai", 108.5}, {"66", "Đắk Lắk", 108.5},
	{"67", "Đắk Nông", 108.5}, {"68", "Lâm Đồng", 107.75}, {"70", "Bình Phước", 106.25},
	{"72", "Tây Ninh", 105.5}, {"74", "Bình Dương", 105.75}, {"75", "Đồng Nai", 107.75},
	{"77", "Bà Rịa - Vũng Tàu", 107.75}, {"79", "Hồ Chí Minh", 105.75}, {"80", "Long An", 105.75},
	{"82", "Tiền Giang", 105.75}, {"83", "Bến Tre", 105.75}, {"84", "Trà Vinh", 105.5},
	{"86", "Vĩnh Long", 105.5}, {"87", "Đồng Tháp", 105}, {"89", "An Giang", 104.75},
	{"91", "Kiên Giang", 104.5}, {"92", "Cần Thơ", 105}, {"93", "Hậu Giang", 105},
	{"94", "Sóc Trăng", 105.5}, {"95", "Bạc Liêu", 105}, {"96", "Cà Mau", 104.5},
}

// LegacyProvinces returns the 63 provinces of the legacy system with their
// TM-3 meridians, ordered by code.
func LegacyProvinces() []LegacyProvince {
	return append([]LegacyProvince(nil), legacyProvinces...)
}

// LegacyProvinceByCode returns the legacy province with the given two-digit
// code ("01" to "96"; "1" is read as "01").
func LegacyProvinceByCode(code string) (LegacyProvince, error) {
	n, err := strconv.Atoi(code)
	if err == nil && n > 0 && n < 100 {
		key := fmt.Sprintf("%02d", n)
		for _, p := range legacyProvinces {
			if p.Code == key {
				return p, nil
			}
		}
	}
	return LegacyProvince{}, fmt.Errorf("%w: no legacy province with code %q", ErrUnknownCRS, code)
}
