package gpkg_test

import (
	"os/exec"
	"strings"
	"testing"
)

// validateGPKG runs GDAL's GeoPackage validator (validate_gpkg.py, from
// the Python bindings: Debian's python3-gdal) on path and fails the test
// on any error it reports; it skips where the validator is not installed.
func validateGPKG(t *testing.T, path string) {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		bin, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(bin, "-c", "import osgeo_utils.samples.validate_gpkg").Run() != nil {
			continue
		}
		out, err := exec.Command(bin, "-m", "osgeo_utils.samples.validate_gpkg", path).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "" {
			t.Fatalf("GDAL's validate_gpkg.py on %s: %v\n%s", path, err, out)
		}
		return
	}
	t.Skip("GDAL's validate_gpkg.py (Debian python3-gdal) not installed; skipping the validator")
}
