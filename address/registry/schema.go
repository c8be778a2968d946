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
	Text        Kind = iota + 1 // any text
	Number                      // a number in decimal notation (JSON number or text)
	Integer                     // a whole number in decimal notation
	Flag                        // true, 1, "true", "yes", "có"
	HouseNumber                 // a house or alley number: 12A, 130/20/2, A10
	StreetID                    // the id of a street of the streets layer
	BuildingID                  // the id of a building of the buildings layer
	CommuneCode                 // five digits of the 2025 list, or an admin.Code's text ("legacy:commune:26734")
	CommuneText                 // a commune code, or a name as written in an address
	Postcode                    // a five-digit postcode
	AddressID                   // an address ID (diachi-v1)
	ParcelID                    // a parcel GeoHash ID
	ExternalID                  // an identifier of another scheme (address.ParseExternalID)
	Regime                      // circular08, legacy or as-drawn
	JSON                        // a JSON object
)

var kindNames = [...]string{Text: "text", Number: "number", Integer: "integer", Flag: "flag", HouseNumber: "house number",
	StreetID: "street id", BuildingID: "building id", CommuneCode: "commune code", CommuneText: "commune code or name",
	Postcode: "postcode", AddressID: "address ID", ParcelID: "parcel ID", ExternalID: "external ID", Regime: "regime", JSON: "JSON"}

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
		stID:           {Name: "id", Kind: Text, Required: true, Meaning: "the street's id, unique in the layer: buildings, entrances and alleys name it"},
		stName:         {Name: "name", Kind: Text, Meaning: `as written ("Đường Nguyễn Thị Thập"); empty for an unnamed alley`},
		stCrossSection: {Name: "cross_section", Kind: Number, Meaning: "width in metres: a corner house is numbered on the wider street"},
		stRegime:       {Name: "regime", Kind: Regime, Meaning: "the direction rule: circular08 (the default), legacy or as-drawn"},
		stCentreX:      {Name: "centre_x", Kind: Number, Meaning: "a radial street's centre, in the layer's CRS (with centre_y; both or neither)"},
		stCentreY:      {Name: "centre_y", Kind: Number, Meaning: "see centre_x"},
		stAbbrev:       {Name: "abbrev", Kind: Text, Meaning: "housing-group prefix: BL gives BL.A-10"},
		stParent:       {Name: "parent", Kind: StreetID, Meaning: "an alley's street, which it opens on and is named after"},
		stOther:        {Name: "other", Kind: StreetID, Meaning: "a linking alley's street at its other end"},
		stNumber:       {Name: "number", Kind: HouseNumber, Meaning: "an alley's existing number (201, 130/20), kept and audited"},
	}},
	{LayerParcels, "Polygon or MultiPolygon", []Attribute{
		paCommune:  {Name: "commune", Kind: CommuneCode, Meaning: "the commune of the cadastral key"},
		paSheet:    {Name: "sheet", Kind: Integer, Meaning: "the map sheet (tờ bản đồ) of the key"},
		paNumber:   {Name: "number", Kind: Integer, Meaning: "the parcel number (thửa) on the sheet"},
		paParcelID: {Name: "parcel_id", Kind: ParcelID, Meaning: "the parcel's stored GeoHash ID, kept; computed when absent"},
	}},
	{LayerBuildings, "Polygon, MultiPolygon, or Point for a planned lot", []Attribute{
		buID:           {Name: "id", Kind: Text, Required: true, Meaning: "the building's id, unique in the layer: entrances name it"},
		buStreet:       {Name: "street", Kind: StreetID, Meaning: "the street it opens on, when it has no entrance (else the nearest)"},
		buNumber:       {Name: "number", Kind: HouseNumber, Meaning: "its existing number, kept and audited"},
		buGroup:        {Name: "group", Kind: Text, Meaning: "the key of its housing group, numbered A10, A11…"},
		buPlanned:      {Name: "planned", Kind: Flag, Meaning: "a lot of the approved plan: numbered before a house stands"},
		buSplitOf:      {Name: "split_of", Kind: HouseNumber, Meaning: "the number of the house it was split from"},
		buParcelSheet:  {Name: "parcel_sheet", Kind: Integer, Meaning: "the sheet of the parcel its papers name (with parcel_number; both or neither)"},
		buParcelNumber: {Name: "parcel_number", Kind: Integer, Meaning: "see parcel_sheet"},
		buCommune:      {Name: "commune", Kind: CommuneText, Meaning: "the commune written in its address, checked against where it lies"},
		buPostcode:     {Name: "postcode", Kind: Postcode, Meaning: "the postcode written in its address, checked against its commune's"},
		buAddressID:    {Name: "address_id", Kind: AddressID, Meaning: "its existing address ID, kept"},
		buExt:          {Name: extPrefix + "<scheme>", Kind: ExternalID, Meaning: "an ID of another scheme, e.g. ext_vnpost-2021, indexed for ByExternal"},
	}},
	{LayerEntrances, "Point", []Attribute{
		enBuilding: {Name: "building", Kind: BuildingID, Meaning: "the building it is an entrance of"},
		enStreet:   {Name: "street", Kind: StreetID, Meaning: "the street it opens on"},
		enMain:     {Name: "main", Kind: Flag, Meaning: "the main entrance, which numbers a corner house"},
	}},
	{LayerCommunes, "Polygon or MultiPolygon", []Attribute{
		coCode: {Name: "code", Kind: CommuneCode, Meaning: "the 2025 commune, or a legacy ward (legacy:commune:NNNNN)"},
	}},
	{LayerPostalZones, "Polygon or MultiPolygon", []Attribute{
		zoPostcode: {Name: "postcode", Kind: Postcode, Meaning: "the zone's postcode"},
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
