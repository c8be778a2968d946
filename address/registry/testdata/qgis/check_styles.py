# Opens a saved registry in QGIS (headless) and checks that QGIS applies
# the default styles of its layer_styles table: houses labelled with their
# number, those with findings drawn in the findings colour and the others
# not, streets labelled with their names, footprints and parcels styled.
# Usage: python3 check_styles.py FILE.gpkg FINDINGS_RGB HOUSE_RGB
import os
import sys

from qgis.core import QgsApplication, QgsRenderContext, QgsVectorLayer

path, finding_colour, house_colour = sys.argv[1:4]
app = QgsApplication([], False)
app.initQgis()
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def layer(name):
    lyr = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    if not lyr.isValid():
        sys.exit(f"QGIS cannot open layer {name} of {path}")
    return lyr


def rgb(colour):
    return f"{colour.red()},{colour.green()},{colour.blue()}"


houses = layer("houses")
check(houses.renderer().type() == "RuleRenderer", f"houses: renderer {houses.renderer().type()}")
check(houses.labelsEnabled(), "houses: labels off")
check(houses.labeling() is not None and houses.labeling().settings().fieldName == "number", "houses: not labelled by number")
ctx = QgsRenderContext()
renderer = houses.renderer()
renderer.startRender(ctx, houses.fields())
with_findings = drawn_red = others = drawn_plain = 0
for f in houses.getFeatures():
    symbols = renderer.symbolsForFeature(f, ctx)
    colour = rgb(symbols[0].color()) if symbols else None
    if f["findings"]:
        with_findings += 1
        drawn_red += colour == finding_colour
    else:
        others += 1
        drawn_plain += colour == house_colour
renderer.stopRender(ctx)
check(with_findings > 0 and drawn_red == with_findings, f"houses: {drawn_red} of {with_findings} with findings drawn in {finding_colour}")
check(drawn_plain == others, f"houses: {drawn_plain} of {others} without findings drawn in {house_colour}")

streets = layer("streets")
check(streets.labelsEnabled(), "streets: labels off")
check(streets.labeling() is not None and streets.labeling().settings().fieldName == "name", "streets: not labelled by name")
for name in ("buildings", "parcels"):
    lyr = layer(name)
    check(lyr.renderer().type() == "singleSymbol", f"{name}: renderer {lyr.renderer().type()}")

if failures:
    print("; ".join(failures), file=sys.stderr)
else:
    print(f"QGIS applied the default styles: {with_findings} houses with findings in red, {others} others")
sys.stdout.flush()
sys.stderr.flush()
# Leave without QGIS's teardown, which can crash a headless run.
os._exit(1 if failures else 0)
