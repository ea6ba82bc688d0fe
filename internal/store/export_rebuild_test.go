package store

import (
	"context"
	"database/sql"
)

// ForgetSearchIndex makes s look like a database from before the
// migrations that rebuild the search index: the index is empty and those
// steps are not recorded, so the next Migrate applies them again.
func ForgetSearchIndex(ctx context.Context, s *Store) error {
	steps, err := migrationSteps(s.eng.Migrations)
	if err != nil {
		return err
	}
	return s.tx(ctx, "forget search index", func(tx *sql.Tx) error {
		if err := s.d.ClearIndex(s.execUnprepared(ctx, tx)); err != nil {
			return err
		}
		for _, st := range steps {
			if st.rebuildsSearch() {
				if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM schema_migrations WHERE version = ?`), st.version); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
