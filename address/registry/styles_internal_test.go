package registry

import (
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every default style is a well-formed QML document naming the fields
// it labels and filters by, which the saved layers have.
func TestStylesWellFormed(t *testing.T) {
	reg := &Registry{sourceCRS: 4326}
	_, layers, _, err := reg.saveParts()
	require.NoError(t, err)
	styled := 0
	for _, l := range layers {
		if l.Style.QML == "" {
			continue
		}
		styled++
		d := xml.NewDecoder(strings.NewReader(l.Style.QML))
		d.Strict = true
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, l.Name)
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "text-style" {
				for _, a := range se.Attr {
					if a.Name.Local == "fieldName" {
						require.Contains(t, fieldNames(l.Fields), a.Value, "%s is labelled by a field it has", l.Name)
					}
				}
			}
		}
	}
	require.Equal(t, 4, styled)
}

// QGIS, where it is installed (Debian's python3-qgis), applies the
// default styles of a saved registry when it opens the layers.
func TestStylesInQGIS(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil || exec.Command(py, "-c", "import qgis.core").Run() != nil {
		t.Skip("QGIS's Python bindings (Debian python3-qgis) are not installed: the styles are not tried in QGIS")
	}
	ctx := context.Background()
	reg := sampleTown(t)
	path := filepath.Join(t.TempDir(), "town.gpkg")
	require.NoError(t, reg.Save(ctx, path))
	rgb := func(c string) string { return c[:strings.LastIndex(c, ",")] }
	cmd := exec.Command(py, filepath.Join("testdata", "qgis", "check_styles.py"), path, rgb(colourFinding), rgb(colourHouse))
	runtime := t.TempDir()
	require.NoError(t, os.Chmod(runtime, 0o700))
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+runtime)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	t.Logf("%s", out)
}
