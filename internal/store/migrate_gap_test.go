package store

import (
	"context"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestMigrateFillsGaps: a step numbered below the newest applied one (a
// migration from a parallel branch, merged later) is still applied, once.
func TestMigrateFillsGaps(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "gap.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.eng.Migrations = fstest.MapFS{
		"0001_a.sql": {Data: []byte(`CREATE TABLE a (x INTEGER)`)},
		"0003_c.sql": {Data: []byte(`CREATE TABLE c (x INTEGER)`)},
	}
	if n, err := st.Migrate(ctx); err != nil || n != 2 {
		t.Fatalf("first migrate: %d %v", n, err)
	}
	st.eng.Migrations = fstest.MapFS{
		"0001_a.sql": {Data: []byte(`CREATE TABLE a (x INTEGER)`)},
		"0002_b.sql": {Data: []byte(`CREATE TABLE b (x INTEGER)`)},
		"0003_c.sql": {Data: []byte(`CREATE TABLE c (x INTEGER)`)},
	}
	if n, err := st.Migrate(ctx); err != nil || n != 1 {
		t.Fatalf("migrate with a step filling the gap: applied %d, %v; want 1", n, err)
	}
	if _, err := st.eng.Write.ExecContext(ctx, `INSERT INTO b (x) VALUES (1)`); err != nil {
		t.Errorf("the gap's table is missing: %v", err)
	}
	if n, err := st.Migrate(ctx); err != nil || n != 0 {
		t.Errorf("migrate again: applied %d, %v; want 0", n, err)
	}
}
