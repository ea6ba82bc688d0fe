package store

import (
	"testing"

	"github.com/parley-forum/parley/internal/store/postgres"
	"github.com/parley-forum/parley/internal/store/sqlite"
)

// TestMigrationNumbersMatch keeps one sequence of migrations for both
// engines: the same numbers, 1 to N without gaps, with the same names, so
// "schema version N" means the same thing everywhere. A step with nothing
// to do on one engine is a file of comments there.
func TestMigrationNumbersMatch(t *testing.T) {
	lite, err := migrationSteps(sqlite.Migrations)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := migrationSteps(postgres.Migrations)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 {
		t.Fatal("no SQLite migrations found")
	}
	for i := range max(len(lite), len(pg)) {
		switch {
		case i >= len(pg):
			t.Errorf("%s has no PostgreSQL twin (add an empty step: a file of comments saying why)", lite[i].name)
		case i >= len(lite):
			t.Errorf("%s has no SQLite twin (add an empty step: a file of comments saying why)", pg[i].name)
		case lite[i].name != pg[i].name:
			t.Errorf("step %d is %s on SQLite but %s on PostgreSQL", i+1, lite[i].name, pg[i].name)
		}
		for _, steps := range [][]migrationStep{lite, pg} {
			if i < len(steps) && steps[i].version != i+1 {
				t.Errorf("%s: migrations must be numbered 1, 2, 3, … without gaps; want %04d here", steps[i].name, i+1)
			}
		}
	}
}

// TestEmptyMigrationStep: a step of comments only is recognised as empty
// (and so recorded without running, whatever the engine makes of a query
// with no statement), while any statement makes it a real step.
func TestEmptyMigrationStep(t *testing.T) {
	for sql, want := range map[string]bool{
		"":                                    true,
		"-- nothing to do here\n\n  -- why\n": true,
		"-- tune\nINSERT INTO x VALUES (1);":  false,
		"CREATE TABLE y (id INT)":             false,
	} {
		if got := (migrationStep{sql: sql}).empty(); got != want {
			t.Errorf("empty(%q) = %v, want %v", sql, got, want)
		}
	}
}
