package registry

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateSchemaDoc = flag.Bool("update-schema-doc", false, "rewrite the attribute tables of docs/design.md from the schema")

const (
	schemaBegin = "<!-- The tables below are made from registry.Schema; TestSchemaDocumented checks them. -->\n"
	schemaEnd   = "<!-- End of the tables made from registry.Schema. -->\n"
)

// schemaMarkdown is the design note's account of the schema: a table of
// the attributes read per source layer, and one of the columns saved.
func schemaMarkdown() string {
	var b strings.Builder
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, l := range sourceLayers {
		fmt.Fprintf(&b, "\n#### %s (%s)\n\n| attribute | type | meaning |\n|---|---|---|\n", l.name, l.geometry)
		for _, a := range l.attrs {
			kind := a.Kind.String()
			if a.Required {
				kind += ", required"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", a.Name, kind, cell(a.Meaning))
		}
	}
	b.WriteString("\n#### Saved by Save\n\n| layer | column | type | meaning |\n|---|---|---|---|\n")
	for _, c := range savedColumns {
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", c.Layer, c.Name, c.Kind, cell(c.Meaning))
	}
	b.WriteString("\n")
	return b.String()
}

// The design note lists the attributes as the schema declares them (run
// with -update-schema-doc to rewrite its tables after a change of the
// schema).
func TestSchemaDocumented(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "design.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, schemaBegin), strings.Index(doc, schemaEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no tables made from the schema (the lines %q and %q around them)", path, schemaBegin, schemaEnd)
	}
	want := schemaMarkdown()
	got := doc[i+len(schemaBegin) : j]
	if got == want {
		return
	}
	if *updateSchemaDoc {
		if err := os.WriteFile(path, []byte(doc[:i+len(schemaBegin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the attribute tables of %s are not the schema's; run go test ./address/registry -run TestSchemaDocumented -update-schema-doc\nwant:\n%s", path, want)
}

// The schema is what is decoded and saved: every slot of a layer has an
// entry with a name and a meaning, names are unique per layer, and Save
// writes exactly the saved columns.
func TestSchemaComplete(t *testing.T) {
	counts := map[string]int{LayerStreets: nStreetAttrs, LayerParcels: nParcelAttrs, LayerBuildings: nBuildingAttrs,
		LayerEntrances: nEntranceAttrs, LayerCommunes: nCommuneAttrs, LayerPostalZones: nZoneAttrs}
	for _, l := range sourceLayers {
		if len(l.attrs) != counts[l.name] {
			t.Errorf("%s: %d attributes, %d slots", l.name, len(l.attrs), counts[l.name])
		}
		seen := map[string]bool{}
		for k, a := range l.attrs {
			if a.Name == "" || a.Meaning == "" || a.Kind == 0 {
				t.Errorf("%s slot %d: %+v", l.name, k, a)
			}
			if seen[a.Name] {
				t.Errorf("%s: %s twice", l.name, a.Name)
			}
			seen[a.Name] = true
		}
	}
	reg := &Registry{sourceCRS: 4326}
	_, layers, _, err := reg.saveParts()
	if err != nil {
		t.Fatal(err)
	}
	var saved []string
	for _, l := range layers {
		for _, f := range l.Fields {
			saved = append(saved, l.Name+"."+f.Name)
		}
	}
	var declared []string
	for _, a := range Schema() {
		if a.Saved {
			declared = append(declared, a.Layer+"."+a.Name)
		}
	}
	// The schema lists properties after every saved layer's own columns.
	if len(saved) != len(declared) {
		t.Fatalf("Save writes %v, the schema declares %v", saved, declared)
	}
	for _, s := range saved {
		found := false
		for _, d := range declared {
			found = found || s == d
		}
		if !found {
			t.Errorf("Save writes %s, which the schema does not declare", s)
		}
	}
}
