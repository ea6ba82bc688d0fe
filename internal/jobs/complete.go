package jobs

import (
	"context"
	"database/sql"
	"errors"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// CompleteTx marks job completed inside tx. A worker whose effect is a
// database write makes it exactly once this way: the write and the
// completion commit together, so a crash before the commit leaves neither
// and the retry starts from nothing. Call it only from Work, then commit
// and return nil.
//
// Effects outside the database (a mail, a webhook) cannot join a
// transaction: give them the job's ID or its unique key as an idempotency
// key (Message-ID, an Idempotency-Key header), so a retry after a crash
// between sending and completing is recognised by the receiver.
func CompleteTx[T JobArgs](ctx context.Context, tx *sql.Tx, job *Job[T]) error {
	client, err := river.ClientFromContextSafely[*sql.Tx](ctx)
	if err != nil {
		return err
	}
	switch client.Driver().(type) {
	case *riversqlite.Driver:
		_, err = river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
	case *riverdatabasesql.Driver:
		_, err = river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
	default:
		err = errors.New("jobs: unknown driver")
	}
	return err
}
