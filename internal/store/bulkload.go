package store

import "context"

// bulkTables are the tables whose secondary indexes a bulk load drops and
// builds again afterwards, each in one sorted pass. thread_tags keeps its
// thread index: the search index reads each new post's tags through it as
// the load goes.
var bulkTables = []string{"threads", "posts"}

// BeginBulkLoad prepares the database for loading many rows through
// BulkThreads on an empty database with no other writer; the returned
// finish must run even when the load fails. On SQLite it switches the
// writer to loading settings and drops the big tables' secondary indexes
// (see sqlite.Dialect.BeginBulkLoad); on PostgreSQL nothing changes and
// finish does nothing.
func (s *Store) BeginBulkLoad(ctx context.Context) (finish func(context.Context) error, err error) {
	return s.d.BeginBulkLoad(ctx, s.eng.Write, bulkTables)
}
