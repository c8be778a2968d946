package registry

import (
	"fmt"
	"strings"

	"github.com/diachi-vn/diachi/internal/gpkg"
)

// The default styles Save gives the layers a clerk looks at in QGIS, as
// QGIS layer style documents (QML) in the table layer_styles: houses as
// points labelled with their number, those with findings in red and
// larger; buildings as light footprints; parcels as outlines; streets as
// lines labelled with their names along them. A style the office saves in
// QGIS over it is kept by QGIS and never read by diachi.

// Colours (red, green, blue, alpha).
const (
	colourFinding  = "215,25,28,255"
	colourHouse    = "40,40,40,255"
	colourBuilding = "230,220,200,255"
	colourOutline  = "120,110,100,255"
	colourParcel   = "90,130,90,255"
	colourStreet   = "150,150,150,255"
	colourLabel    = "20,20,20,255"
	colourHalo     = "255,255,255,255"
)

// layerStyles are the default styles of the saved layers, by name.
func layerStyles() map[string]gpkg.Style {
	return map[string]gpkg.Style{
		LayerHouses: {Name: "diachi houses", Description: "houses labelled with their number; those with findings in red",
			QML: qml(ruleRenderer(
				rule{"findings", `"findings" IS NOT NULL`, "with findings", markerSymbol("0", colourFinding, 3.2)},
				rule{"numbered", "ELSE", "houses", markerSymbol("1", colourHouse, 1.6)},
			), labels("number", 8, placementAroundPoint))},
		LayerBuildings: {Name: "diachi buildings", Description: "building footprints",
			QML: qml(singleSymbol(fillSymbol("0", colourBuilding, colourOutline, 0.2)), "")},
		LayerParcels: {Name: "diachi parcels", Description: "parcel outlines",
			QML: qml(singleSymbol(fillSymbol("0", "", colourParcel, 0.3)), "")},
		LayerStreets: {Name: "diachi streets", Description: "streets labelled with their names",
			QML: qml(singleSymbol(lineSymbol("0", colourStreet, 0.8)), labels("name", 9, placementCurved))},
	}
}

// QGIS's label placements (QgsPalLayerSettings::Placement).
const (
	placementAroundPoint = 0
	placementCurved      = 3
)

func qml(renderer, labeling string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")
	enabled := "0"
	if labeling != "" {
		enabled = "1"
	}
	fmt.Fprintf(&b, "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"%s\">\n", enabled)
	b.WriteString(renderer)
	b.WriteString(labeling)
	b.WriteString("</qgis>\n")
	return b.String()
}

// rule is a rule of a rule-based renderer.
type rule struct {
	key, filter, label string
	symbol             symbol
}

type symbol struct {
	name, xml string
}

func ruleRenderer(rules ...rule) string {
	var b strings.Builder
	b.WriteString(" <renderer-v2 type=\"RuleRenderer\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n  <rules key=\"{diachi-root}\">\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "   <rule key=\"{diachi-%s}\" filter=\"%s\" label=\"%s\" symbol=\"%s\"/>\n", r.key, attr(r.filter), attr(r.label), r.symbol.name)
	}
	b.WriteString("  </rules>\n  <symbols>\n")
	for _, r := range rules {
		b.WriteString(r.symbol.xml)
	}
	b.WriteString("  </symbols>\n </renderer-v2>\n")
	return b.String()
}

func singleSymbol(s symbol) string {
	return " <renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n  <symbols>\n" +
		s.xml + "  </symbols>\n </renderer-v2>\n"
}

// options are a symbol layer's properties.
func options(kv ...string) string {
	var b strings.Builder
	b.WriteString("     <Option type=\"Map\">\n")
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, "      <Option type=\"QString\" name=\"%s\" value=\"%s\"/>\n", attr(kv[i]), attr(kv[i+1]))
	}
	b.WriteString("     </Option>\n")
	return b.String()
}

func symbolXML(kind, name, class, opts string) symbol {
	return symbol{name, fmt.Sprintf("   <symbol type=\"%s\" name=\"%s\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"+
		"    <layer class=\"%s\" enabled=\"1\" locked=\"0\" pass=\"0\">\n%s    </layer>\n   </symbol>\n", kind, name, class, opts)}
}

func markerSymbol(name, colour string, size float64) symbol {
	return symbolXML("marker", name, "SimpleMarker", options("name", "circle", "color", colour, "size", fmt.Sprint(size), "size_unit", "MM",
		"outline_color", colourHalo, "outline_width", "0.2", "outline_width_unit", "MM", "outline_style", "solid"))
}

// fillSymbol is a polygon fill (none when fill is "").
func fillSymbol(name, fill, outline string, width float64) symbol {
	style, colour := "solid", fill
	if fill == "" {
		style, colour = "no", "0,0,0,0"
	}
	return symbolXML("fill", name, "SimpleFill", options("style", style, "color", colour, "outline_style", "solid",
		"outline_color", outline, "outline_width", fmt.Sprint(width), "outline_width_unit", "MM"))
}

func lineSymbol(name, colour string, width float64) symbol {
	return symbolXML("line", name, "SimpleLine", options("line_style", "solid", "line_color", colour,
		"line_width", fmt.Sprint(width), "line_width_unit", "MM", "capstyle", "round", "joinstyle", "round"))
}

// labels labels each feature with a field.
func labels(field string, size, placement int) string {
	return fmt.Sprintf(" <labeling type=\"simple\">\n  <settings calloutType=\"simple\">\n"+
		"   <text-style fieldName=\"%s\" isExpression=\"0\" fontSize=\"%d\" fontSizeUnit=\"Point\" textColor=\"%s\" textOpacity=\"1\" fontWeight=\"50\" fontItalic=\"0\" namedStyle=\"Regular\" multilineHeight=\"1\">\n"+
		"    <text-buffer bufferDraw=\"1\" bufferSize=\"0.7\" bufferSizeUnits=\"MM\" bufferColor=\"%s\" bufferOpacity=\"1\" bufferNoFill=\"1\" bufferJoinStyle=\"128\"/>\n"+
		"   </text-style>\n"+
		"   <placement placement=\"%d\" dist=\"0.8\" distUnits=\"MM\" placementFlags=\"10\" repeatDistance=\"0\" overrunDistance=\"0\"/>\n"+
		"   <rendering obstacle=\"1\" displayAll=\"0\" labelPerPart=\"0\" mergeLines=\"1\" upsidedownLabels=\"0\" scaleVisibility=\"0\"/>\n"+
		"  </settings>\n </labeling>\n", attr(field), size, colourLabel, colourHalo, placement)
}

// attr escapes text for an XML attribute.
func attr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}
