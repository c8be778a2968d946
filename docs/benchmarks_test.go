package docs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notMeasured are figures of the README that no benchmark measures (the
// size of a test input), with why.
var notMeasured = map[string]string{
	"155MB": "the size of the large GeoJSON input the exhaustive tests read",
}

// measured is a figure with a unit of time, memory, rate or ratio: a
// number or a range, then its unit ("672–723 ns", "3.60–4.11×",
// "59,950–75,700 rows a second"). A × written after a space is a power of
// ten (5.0 × 10⁻¹¹), not a ratio.
var measured = regexp.MustCompile(`(\d[\d,.]*(?:\s*[-–—]\s*\d[\d,.]*)?)(?:\s?(µs|ns|ms|s|KB|MB|GB|rows a second)|(×))(?:[^\pL\pN]|$)`)

// figureTokens gives every measured figure of a text in one spelling:
// no spaces, one kind of dash.
func figureTokens(text string) []string {
	var out []string
	for _, m := range measured.FindAllStringSubmatch(text, -1) {
		unit := m[2] + m[3]
		num := strings.NewReplacer(" ", "", "–", "-", "—", "-").Replace(m[1])
		out = append(out, num+strings.ReplaceAll(unit, " ", ""))
	}
	return out
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every speed, memory or ratio figure the README quotes is one that
// BENCHMARKS.md records, written the same way, outside the sections of
// earlier measurements (those whose heading carries a date): the README
// never keeps a figure of an older run, nor one rounded differently.
func TestReadmeFiguresFromBenchmarks(t *testing.T) {
	recorded := map[string]bool{}
	for _, f := range figureTokens(currentRecords(readRepoFile(t, "BENCHMARKS.md"))) {
		recorded[f] = true
	}
	readme := figureTokens(readRepoFile(t, "README.md"))
	if len(readme) < 10 {
		t.Fatalf("only %d figures found in README.md (%v): the pattern no longer reads them", len(readme), readme)
	}
	for _, f := range readme {
		if _, ok := notMeasured[f]; ok {
			continue
		}
		if !recorded[f] {
			t.Errorf("README.md quotes %q, which BENCHMARKS.md does not record", f)
		}
	}
}

// dated is a heading of a section of earlier measurements.
var dated = regexp.MustCompile(`^#+ .*\d{4}-\d{2}-\d{2}`)

// currentRecords is BENCHMARKS.md without its sections of earlier
// measurements.
func currentRecords(text string) string {
	var b strings.Builder
	skip := false
	for line := range strings.Lines(text) {
		if strings.HasPrefix(line, "#") {
			skip = dated.MatchString(line)
		}
		if !skip {
			b.WriteString(line)
		}
	}
	return b.String()
}

// BENCHMARKS.md opens with the machine, the Go version and the date of
// the run, and gives the command that produced each table above it.
func TestBenchmarksRecordTheirRun(t *testing.T) {
	text := readRepoFile(t, "BENCHMARKS.md")
	head, _, ok := strings.Cut(text, "\n## ")
	if !ok {
		t.Fatal("BENCHMARKS.md has no sections")
	}
	for _, want := range []struct{ what, pattern string }{
		{"the cores", `\d+ cores`},
		{"the processor", `AMD|Intel|ARM|Apple`},
		{"the memory", `\d+ GiB`},
		{"the Go version", `Go \d+\.\d+\.\d+`},
		{"the date of the run", `\d{4}-\d{2}-\d{2}`},
	} {
		if !regexp.MustCompile(want.pattern).MatchString(head) {
			t.Errorf("the opening of BENCHMARKS.md does not give %s (%s)", want.what, want.pattern)
		}
	}

	command := regexp.MustCompile(`^    (go |bash |env |[A-Z_]+=\S* |for |/usr/bin/time |sh )`)
	haveCommand, inTable := false, false
	for i, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			haveCommand = false
		case command.MatchString(line):
			haveCommand = true
		case strings.HasPrefix(line, "|") && !inTable && !haveCommand:
			t.Errorf("BENCHMARKS.md:%d: a table with no command above it in its section", i+1)
		}
		inTable = strings.HasPrefix(line, "|")
	}
}

// Every goal a table of BENCHMARKS.md states says whether the recorded
// figures meet it.
func TestBenchmarkGoalsSayMet(t *testing.T) {
	met := regexp.MustCompile(`\bmet\b`)
	goalCol := -1
	for i, line := range strings.Split(readRepoFile(t, "BENCHMARKS.md"), "\n") {
		if !strings.HasPrefix(line, "|") {
			goalCol = -1
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if goalCol < 0 {
			goalCol = len(cells) // a table without a goal column
			for j, c := range cells {
				if strings.TrimSpace(c) == "goal" {
					goalCol = j
				}
			}
			continue
		}
		if goalCol >= len(cells) || strings.Trim(cells[goalCol], " -") == "" {
			continue
		}
		if rest := strings.Join(cells[goalCol:], "|"); !met.MatchString(rest) {
			t.Errorf("BENCHMARKS.md:%d: the goal %q does not say met or not met", i+1, strings.TrimSpace(cells[goalCol]))
		}
	}
}
