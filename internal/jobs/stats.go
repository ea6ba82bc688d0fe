package jobs

import (
	"context"
	"fmt"
	"time"
)

// Stats is the queue as /metrics reports it.
type Stats struct {
	Queued  int64 // waiting: available, scheduled for later, or retryable
	Running int64
	Failed  int64 // discarded after their last attempt, until retention ends
	// OldestAge is how long the oldest job that could run now has waited
	// since it became due; zero when none waits. A growing value means the
	// workers do not keep up (or none run).
	OldestAge time.Duration
}

// The age query is the one place the engines differ: SQLite stores River's
// times as text, PostgreSQL as timestamptz.
var oldestQuery = map[Engine]string{
	SQLite: `SELECT COALESCE(MAX(0, (julianday('now') - julianday(MIN(scheduled_at))) * 86400.0), 0)
		FROM river_job WHERE state = 'available'`,
	Postgres: `SELECT COALESCE(GREATEST(0, EXTRACT(EPOCH FROM now() - MIN(scheduled_at)))::float8, 0)
		FROM river_job WHERE state = 'available'`,
}

// Stats counts jobs by state. It reads through the reader pool, so a scrape
// never waits for SQLite's writer.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	rows, err := q.read.QueryContext(ctx, `SELECT state, COUNT(*) FROM river_job
		WHERE state IN ('available', 'scheduled', 'retryable', 'pending', 'running', 'discarded') GROUP BY state`)
	if err != nil {
		return st, fmt.Errorf("jobs: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			return st, fmt.Errorf("jobs: stats: %w", err)
		}
		switch state {
		case "running":
			st.Running += n
		case "discarded":
			st.Failed += n
		default:
			st.Queued += n
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("jobs: stats: %w", err)
	}
	var secs float64
	if err := q.read.QueryRowContext(ctx, oldestQuery[q.engine]).Scan(&secs); err != nil {
		return st, fmt.Errorf("jobs: stats: %w", err)
	}
	st.OldestAge = time.Duration(secs * float64(time.Second))
	return st, nil
}
