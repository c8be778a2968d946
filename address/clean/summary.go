package clean

// Summary counts the rows of a cleaning run.
type Summary struct {
	Rows       int            `json:"rows"`
	ByStatus   map[string]int `json:"by_status"`
	ByProvince map[string]int `json:"by_province"` // 2025 province code -> rows
	Errors     int            `json:"errors"`
	Duplicates int            `json:"duplicates"`
	// Encoding is the input's encoding; Conversions counts the rows
	// decoded from a legacy one.
	Encoding    string  `json:"encoding"`
	Conversions int     `json:"conversions"`
	Seconds     float64 `json:"seconds"`
}

// Add counts a row, with its duplicate_of cell if set.
func (s *Summary) Add(r Row) {
	if s.ByStatus == nil {
		s.ByStatus = map[string]int{}
	}
	if s.ByProvince == nil {
		s.ByProvince = map[string]int{}
	}
	s.Rows++
	s.ByStatus[r.Status]++
	if r.Province != "" {
		s.ByProvince[r.Province]++
	}
	if r.Status == StatusError {
		s.Errors++
	}
	if len(r.Out) >= numAdded && r.DuplicateOf() != "" {
		s.Duplicates++
	}
	if r.Converted {
		s.Conversions++
	}
}
