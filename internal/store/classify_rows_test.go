package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRowErrorsAreClassified is the tripwire for an iteration error that
// leaves the store unclassified: a backend killed while rows stream in
// surfaces from rows.Err, and returned bare it becomes a 500 instead of a
// 503 the client may retry (seen under backend kills on PostgreSQL).
func TestRowErrorsAreClassified(t *testing.T) {
	bare := regexp.MustCompile(`^\s*return (.+, )?rows\.Err\(\)\s*$`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "migrate.go" { // migrations run before serving
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if bare.MatchString(line) {
				t.Errorf("%s:%d returns rows.Err() without s.classify", f, i+1)
			}
		}
	}
}
