package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/store/storetest"
)

// derivedTables are rebuilt from other rows, so archives leave them out.
func derivedTable(name string) bool {
	return name == "schema_migrations" || strings.HasPrefix(name, "post_search") || strings.HasPrefix(name, "sqlite_") ||
		transientTable(name)
}

// transientTable names tables an archive leaves out on purpose:
// idempotency keys live a day and answer retries to the database that
// wrote them, not to another one; drafts are unsent working copies; the
// email outbox is delivery state (its jobs stay behind too) and mail
// tokens are secrets that expire within hours.
func transientTable(name string) bool {
	return name == "idempotency_keys" || name == "drafts" || name == "email_outbox" || name == "mail_tokens"
}

// TestEveryTableIsArchived fails when a migration adds a table that
// export and import do not carry, so a new kind of data cannot be lost
// silently on a move between engines.
func TestEveryTableIsArchived(t *testing.T) {
	t.Parallel() // its own databases
	engines := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "tables.db") },
		"postgres": func(t *testing.T) string { return storetest.PostgresURL(t) },
	}
	for name, url := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st, err := Open(ctx, url(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			query := `SELECT name FROM sqlite_master WHERE type = 'table'`
			if st.eng.Kind == Postgres {
				query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
			}
			rows, err := st.eng.Read.QueryContext(ctx, query)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			archived := map[string]string{} // table -> its INSERT's column list
			for _, spec := range insertSpecs {
				table, cols, _ := strings.Cut(strings.TrimPrefix(spec.head, "INSERT INTO "), " ")
				archived[table] = cols
			}
			var tables []string
			for rows.Next() {
				var table string
				if err := rows.Scan(&table); err != nil {
					t.Fatal(err)
				}
				tables = append(tables, table)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			for _, table := range tables {
				if derivedTable(table) {
					continue
				}
				cols, ok := archived[table]
				if !ok {
					t.Errorf("table %s is neither exported nor derived: add it to export.go, import.go and internal/archive", table)
					continue
				}
				listed := map[string]bool{}
				inner, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(cols), "("), ")")
				for _, c := range strings.Split(inner, ",") {
					listed[strings.TrimSpace(c)] = true
				}
				for _, col := range columns(t, st, table) {
					if !listed[col] {
						t.Errorf("column %s.%s is not exported: add it to export.go, import.go and internal/archive", table, col)
					}
				}
			}
		})
	}
}

func columns(t *testing.T, st *Store, table string) []string {
	t.Helper()
	query := `SELECT name FROM pragma_table_info(?)`
	if st.eng.Kind == Postgres {
		query = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := st.eng.Read.QueryContext(context.Background(), query, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no columns found for %s", table)
	}
	return out
}
