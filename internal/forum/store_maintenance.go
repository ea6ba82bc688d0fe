package forum

import "context"

// Maintenance is what the composition root and operators' commands need
// from a database beyond its content.
type Maintenance interface {
	// IsEmpty reports whether the forum has no topics yet, so start-up
	// loads the demo community only into a new database.
	IsEmpty(ctx context.Context) (bool, error)
	// CheckCounters recomputes every denormalized counter from the rows and
	// reports the ones that disagree; used by tests and `parley check`.
	CheckCounters(ctx context.Context) ([]string, error)
	Ping(ctx context.Context) error
	Close() error
}
