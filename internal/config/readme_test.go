package config

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEDocumentsEveryOption keeps the README's configuration table in
// step with the options table: each flag and its variable must be listed.
func TestREADMEDocumentsEveryOption(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatalf("read README: %v", err)
	}
	readme := string(b)
	for _, o := range Options() {
		row := "| `--" + o.Flag + "` | `" + o.Env + "` |"
		if !strings.Contains(readme, row) {
			t.Errorf("README.md has no configuration row starting %s", row)
		}
	}
}
