package registry

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Mapping says how an input names the registry's layers and attributes,
// when not as Schema does: a Shapefile cuts field names to 10 characters
// (cross_sect for cross_section), an office's GeoPackage calls its parcel
// layer thua_dat. Entries, in a --map list (comma-separated) or one a
// line in a mapping file ('#' starts a comment):
//
//	cross_sect=cross_section         an attribute of every layer
//	buildings.parcel_she=parcel_sheet an attribute of one layer
//	layer:parcels=thua_dat           a layer read from an input layer
//	layer:buildings=nha+nha_du_kien  … or from several, in order
//
// An attribute mapped to a name the schema does not read is kept under
// that name, and counts as understood: land_use=land_use says that
// land_use is known and is kept as it is.
type Mapping struct {
	layers map[string][]string          // registry layer → input layers
	attrs  map[string]map[string]string // registry layer ("" every layer) → input name → registry name
	order  []mapEntry                   // attribute entries as given, to report those that matched nothing
}

type mapEntry struct{ layer, from, to string }

// ParseMapping reads a comma-separated list of entries (the --map flag).
func ParseMapping(s string) (*Mapping, error) {
	m := &Mapping{}
	for _, e := range strings.Split(s, ",") {
		if strings.TrimSpace(e) == "" {
			continue
		}
		if err := m.Add(e); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// ReadMapping reads a mapping file: one entry a line, blank lines and
// text after '#' ignored.
func ReadMapping(r io.Reader) (*Mapping, error) {
	m := &Mapping{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := m.Add(line); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: mapping: %w", ErrSource, err)
	}
	return m, nil
}

// Add adds one entry. An attribute or layer mapped twice is an error.
func (m *Mapping) Add(entry string) error {
	from, to, ok := strings.Cut(entry, "=")
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if !ok || from == "" || to == "" {
		return fmt.Errorf("%w: mapping entry %q is not name=name", ErrSource, strings.TrimSpace(entry))
	}
	if l, ok := strings.CutPrefix(from, "layer:"); ok {
		if _, err := (&Source{}).Layer(l); err != nil || l == LayerHouses {
			return fmt.Errorf("%w: mapping entry %q: %q is not a layer (streets, parcels, buildings, entrances, communes, postal_zones)", ErrSource, entry, l)
		}
		if _, dup := m.layers[l]; dup {
			return fmt.Errorf("%w: mapping: layer %s given twice", ErrSource, l)
		}
		var names []string
		for _, n := range strings.Split(to, "+") {
			if n = strings.TrimSpace(n); n == "" {
				return fmt.Errorf("%w: mapping entry %q names an empty layer", ErrSource, entry)
			}
			names = append(names, n)
		}
		if m.layers == nil {
			m.layers = map[string][]string{}
		}
		m.layers[l] = names
		return nil
	}
	layer := ""
	if l, a, ok := strings.Cut(from, "."); ok && slices.Contains(sourceLayerNames, l) {
		layer, from = l, a
	}
	if m.attrs == nil {
		m.attrs = map[string]map[string]string{}
	}
	if m.attrs[layer] == nil {
		m.attrs[layer] = map[string]string{}
	}
	if _, dup := m.attrs[layer][from]; dup {
		return fmt.Errorf("%w: mapping: attribute %q given twice", ErrSource, entry)
	}
	m.attrs[layer][from] = to
	m.order = append(m.order, mapEntry{layer, from, to})
	return nil
}

// Merge adds the entries of o (a --map list after a mapping file).
func (m *Mapping) Merge(o *Mapping) error {
	if o == nil {
		return nil
	}
	for l, names := range o.layers {
		if err := m.Add("layer:" + l + "=" + strings.Join(names, "+")); err != nil {
			return err
		}
	}
	for _, e := range o.order {
		from := e.from
		if e.layer != "" {
			from = e.layer + "." + from
		}
		if err := m.Add(from + "=" + e.to); err != nil {
			return err
		}
	}
	return nil
}

// inputs returns the names of the input layers a registry layer is read
// from, and whether the mapping gave them.
func (m *Mapping) inputs(layer string) ([]string, bool) {
	if m != nil {
		if ns, ok := m.layers[layer]; ok {
			return ns, true
		}
	}
	return []string{layer}, false
}

// rename returns the registry name of an input attribute of layer, and
// whether the mapping gave it.
func (m *Mapping) rename(layer, name string) (string, bool) {
	if m == nil {
		return name, false
	}
	if to, ok := m.attrs[layer][name]; ok {
		return to, true
	}
	if to, ok := m.attrs[""][name]; ok {
		return to, true
	}
	return name, false
}

// sourceLayerNames are the layers read, in the order of Schema.
var sourceLayerNames = []string{LayerStreets, LayerParcels, LayerBuildings, LayerEntrances, LayerCommunes, LayerPostalZones}
