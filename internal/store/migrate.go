package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrate applies every embedded migration newer than the database's
// version, each in its own transaction, and returns how many it applied.
// Migrations are forward-only and named NNNN_description.sql, with one
// sequence of numbers for both engines: a step with nothing to do on one
// engine is a file of comments there, recorded without being run.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	if _, err := s.eng.Write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("migrate: create version table: %w", s.classify(err))
	}
	done, err := s.appliedVersions(ctx)
	if err != nil {
		return 0, err
	}
	steps, err := migrationSteps(s.eng.Migrations)
	if err != nil {
		return 0, err
	}
	applied := 0
	rebuild := false
	for _, st := range steps {
		// Every step not yet applied runs, not only those above the
		// newest: steps written on parallel branches may arrive with a
		// lower number than one a database already has.
		if done[st.version] {
			continue
		}
		err := s.tx(ctx, "migrate "+st.name, func(tx *sql.Tx) error {
			if !st.empty() {
				if _, err := tx.ExecContext(ctx, st.sql); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`),
				st.version, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return applied, err
		}
		applied++
		rebuild = rebuild || st.rebuildsSearch()
	}
	if rebuild {
		// The index text changed: every row is written again, in chunks
		// that keep the writer free between them.
		if _, err := s.RebuildSearchIndex(ctx, nil); err != nil {
			return applied, fmt.Errorf("migrate: rebuild search index: %w", err)
		}
	}
	return applied, nil
}

// rebuildDirective, on a comment line of its own in a migration, asks for
// the search index to be rebuilt once the steps are applied: the step
// changed what search.IndexText writes, which SQL cannot compute.
const rebuildDirective = "-- parley:rebuild-search-index"

// rebuildsSearch reports whether the step carries rebuildDirective.
func (st migrationStep) rebuildsSearch() bool {
	for line := range strings.Lines(st.sql) {
		if strings.TrimSpace(line) == rebuildDirective {
			return true
		}
	}
	return false
}

// appliedVersions reads which migrations the database has.
func (s *Store) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := s.eng.Write.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("migrate: read versions: %w", s.classify(err))
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("migrate: read versions: %w", err)
		}
		done[v] = true
	}
	return done, rows.Err()
}

// SchemaVersion reports the newest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.eng.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, s.classify(err)
}

type migrationStep struct {
	version int
	name    string
	sql     string
}

// empty reports a step of comments and blank lines only.
func (st migrationStep) empty() bool {
	for line := range strings.Lines(st.sql) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "--") {
			return false
		}
	}
	return true
}

func migrationSteps(fsys fs.FS) ([]migrationStep, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("migrate: list: %w", err)
	}
	var steps []migrationStep
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migrate: %s: name must start with a number and an underscore", name)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("migrate: read %s: %w", name, err)
		}
		steps = append(steps, migrationStep{version: v, name: name, sql: string(body)})
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].version < steps[j].version })
	for i := 1; i < len(steps); i++ {
		if steps[i].version == steps[i-1].version {
			return nil, fmt.Errorf("migrate: two migrations numbered %d", steps[i].version)
		}
	}
	return steps, nil
}
