package registry

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is the type of an attribute's value, as the registry reads or
// writes it.
type Kind uint8

const (
	KindText        Kind = iota + 1 // any text
	KindNumber                      // a number in decimal notation (JSON number or text)
	KindInteger                     // a whole number in decimal notation
	KindFlag                        // true, 1, "true", "yes", "có"
	KindHouseNumber                 // a house or alley number: 12A, 130/20/2, A10
	KindStreetID                    // the id of a street of the streets layer
	KindBuildingID                  // the id of a building of the buildings layer
	KindCommuneCode                 // five digits of the 2025 list, or an admin.Code's text ("legacy:commune:26734")
	KindCommuneText                 // a commune code, or a name as written in an address
	KindPostcode                    // a five-digit postcode
	KindAddressID                   // an address ID (diachi-v1)
	KindParcelID                    // a parcel GeoHash ID
	KindExternalID                  // an identifier of another scheme (address.ParseExternalID)
	KindRegime                      // circular08, legacy or as-drawn
	KindJSON                        // a JSON object
)

var kindNames = [...]string{KindText: "text", KindNumber: "number", KindInteger: "integer", KindFlag: "flag", KindHouseNumber: "house number",
	KindStreetID: "street id", KindBuildingID: "building id", KindCommuneCode: "commune code", KindCommuneText: "commune code or name",
	KindPostcode: "postcode", KindAddressID: "address ID", KindParcelID: "parcel ID", KindExternalID: "external ID", KindRegime: "regime", KindJSON: "JSON"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Attribute is one entry of the registry's attribute schema: an attribute
// of a source layer that Build reads, or (Saved) a column that Save
// writes to a layer of the GeoPackage. The schema is declared once, here;
// it is what the decoder reads by, what Save writes, and what the design
// note lists (a test keeps the note in step).
type Attribute struct {
	Layer   string // LayerStreets… for attributes read; LayerParcels, LayerStreets, LayerHouses for saved columns
	Name    string // as in files; "ext_<scheme>" stands for every attribute named ext_ and a scheme
	Kind    Kind
	Meaning string
	// Required: a record without it cannot be used at all (Build fails
	// with a *SourceError).
	Required bool
	// Saved: a column Save writes (with the source attributes, as JSON,
	// in the column "properties"), not an attribute read.
	Saved bool
}

// Schema returns the attribute schema: the attributes read, layer by
// layer, then the columns saved, in the order of the files.
func Schema() []Attribute {
	var out []Attribute
	for _, l := range sourceLayers {
		for _, a := range l.attrs {
			a.Layer = l.name
			out = append(out, a)
		}
	}
	for _, c := range savedColumns {
		out = append(out, c.Attribute)
	}
	return out
}

// sourceLayer is a layer of the schema: its name, the geometry it takes
// and the attributes read, in the order of their slots.
type sourceLayer struct {
	name, geometry string
	attrs          []Attribute
}

// Slots of the attributes read, by layer: a feature's attributes are
// gathered into these positions in one pass (fields), and the decoder
// reads them from there, never by name.
const (
	stID = iota
	stName
	stCrossSection
	stRegime
	stCentreX
	stCentreY
	stAbbrev
	stParent
	stOther
	stNumber
	nStreetAttrs
)

const (
	paCommune = iota
	paSheet
	paNumber
	paParcelID
	nParcelAttrs
)

const (
	buID = iota
	buStreet
	buNumber
	buGroup
	buPlanned
	buSplitOf
	buParcelSheet
	buParcelNumber
	buCommune
	buPostcode
	buAddressID
	buExt // ext_<scheme>: gathered apart, in order (fields)
	nBuildingAttrs
)

const (
	enBuilding = iota
	enStreet
	enMain
	nEntranceAttrs
)

const (
	coCode = iota
	nCommuneAttrs
)

const (
	zoPostcode = iota
	nZoneAttrs
)

// extPrefix starts the name of an external ID attribute.
const extPrefix = "ext_"

var sourceLayers = []sourceLayer{
	{LayerStreets, "LineString or MultiLineString", []Attribute{
		stID:           {Name: "id", Kind: KindText, Required: true, Meaning: "the street's id, unique in the layer: buildings, entrances and alleys name it"},
		stName:         {Name: "name", Kind: KindText, Meaning: `as written ("Đường Nguyễn Thị Thập"); empty for an unnamed alley`},
		stCrossSection: {Name: "cross_section", Kind: KindNumber, Meaning: "width in metres: a corner house is numbered on the wider street"},
		stRegime:       {Name: "regime", Kind: KindRegime, Meaning: "the direction rule: circular08 (the default), legacy or as-drawn"},
		stCentreX:      {Name: "centre_x", Kind: KindNumber, Meaning: "a radial street's centre, in the layer's CRS (with centre_y; both or neither)"},
		stCentreY:      {Name: "centre_y", Kind: KindNumber, Meaning: "see centre_x"},
		stAbbrev:       {Name: "abbrev", Kind: KindText, Meaning: "housing-group prefix: BL gives BL.A-10"},
		stParent:       {Name: "parent", Kind: KindStreetID, Meaning: "an alley's street, which it opens on and is named after"},
		stOther:        {Name: "other", Kind: KindStreetID, Meaning: "a linking alley's street at its other end"},
		stNumber:       {Name: "number", Kind: KindHouseNumber, Meaning: "an alley's existing number (201, 130/20), kept and audited"},
	}},
	{LayerParcels, "Polygon or MultiPolygon", []Attribute{
		paCommune:  {Name: "commune", Kind: KindCommuneCode, Meaning: "the commune of the cadastral key"},
		paSheet:    {Name: "sheet", Kind: KindInteger, Meaning: "the map sheet (tờ bản đồ) of the key"},
		paNumber:   {Name: "number", Kind: KindInteger, Meaning: "the parcel number (thửa) on the sheet"},
		paParcelID: {Name: "parcel_id", Kind: KindParcelID, Meaning: "the parcel's stored GeoHash ID, kept; computed when absent"},
	}},
	{LayerBuildings, "Polygon, MultiPolygon, or Point for a planned lot", []Attribute{
		buID:           {Name: "id", Kind: KindText, Required: true, Meaning: "the building's id, unique in the layer: entrances name it"},
		buStreet:       {Name: "street", Kind: KindStreetID, Meaning: "the street it opens on, when it has no entrance (else the nearest)"},
		buNumber:       {Name: "number", Kind: KindHouseNumber, Meaning: "its existing number, kept and audited"},
		buGroup:        {Name: "group", Kind: KindText, Meaning: "the key of its housing group, numbered A10, A11…"},
		buPlanned:      {Name: "planned", Kind: KindFlag, Meaning: "a lot of the approved plan: numbered before a house stands"},
		buSplitOf:      {Name: "split_of", Kind: KindHouseNumber, Meaning: "the number of the house it was split from"},
		buParcelSheet:  {Name: "parcel_sheet", Kind: KindInteger, Meaning: "the sheet of the parcel its papers name (with parcel_number; both or neither)"},
		buParcelNumber: {Name: "parcel_number", Kind: KindInteger, Meaning: "see parcel_sheet"},
		buCommune:      {Name: "commune", Kind: KindCommuneText, Meaning: "the commune written in its address, checked against where it lies"},
		buPostcode:     {Name: "postcode", Kind: KindPostcode, Meaning: "the postcode written in its address, checked against its commune's"},
		buAddressID:    {Name: "address_id", Kind: KindAddressID, Meaning: "its existing address ID, kept"},
		buExt:          {Name: extPrefix + "<scheme>", Kind: KindExternalID, Meaning: "an ID of another scheme, e.g. ext_vnpost-2021, indexed for ByExternal"},
	}},
	{LayerEntrances, "Point", []Attribute{
		enBuilding: {Name: "building", Kind: KindBuildingID, Meaning: "the building it is an entrance of"},
		enStreet:   {Name: "street", Kind: KindStreetID, Meaning: "the street it opens on"},
		enMain:     {Name: "main", Kind: KindFlag, Meaning: "the main entrance, which numbers a corner house"},
	}},
	{LayerCommunes, "Polygon or MultiPolygon", []Attribute{
		coCode: {Name: "code", Kind: KindCommuneCode, Meaning: "the 2025 commune, or a legacy ward (legacy:commune:NNNNN)"},
	}},
	{LayerPostalZones, "Polygon or MultiPolygon", []Attribute{
		zoPostcode: {Name: "postcode", Kind: KindPostcode, Meaning: "the zone's postcode"},
	}},
}

// sourceLayer returns the schema of a layer read.
func layerSchema(name string) *sourceLayer {
	i := slices.IndexFunc(sourceLayers, func(l sourceLayer) bool { return l.name == name })
	return &sourceLayers[i]
}

// fields gathers a feature's attributes into the slots of its layer's
// schema (nil when absent), in one pass; attributes named ext_<scheme>
// are appended to ext in their order when the layer has that slot. Any
// other attribute is not read (it is kept with the feature and saved).
func fields(l *sourceLayer, ps Props, slots []any, ext []Prop) []Prop {
	clear(slots)
	for _, p := range ps {
		for k := range l.attrs {
			if l.attrs[k].Name == p.Key {
				slots[k] = p.Value
				break
			}
		}
		if l.name == LayerBuildings && strings.HasPrefix(p.Key, extPrefix) {
			ext = append(ext, p)
		}
	}
	return ext
}
