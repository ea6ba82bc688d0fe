package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/rivermigrate"
)

// Migrate creates or upgrades River's tables in db, using River's own
// migrations (their versions are kept in river_migration, apart from
// parley's schema_migrations). It returns how many steps it applied.
// Call it after parley's migrations, on the writer connection.
func Migrate(ctx context.Context, e Engine, db *sql.DB) (int, error) {
	driver, err := newDriver(e, db)
	if err != nil {
		return 0, err
	}
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: migrate: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: migrate: %w", err)
	}
	return len(res.Versions), nil
}
