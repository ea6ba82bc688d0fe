// Package jobs is parley's durable background queue: work that must happen
// because of a committed change (mail, webhooks, digests, reindexing) and
// must survive a crash, a restart or a full event queue.
//
// Jobs live in the forum's own database, in River's tables (river_job,
// river_leader, river_queue, river_client, river_migration), on SQLite
// through riversqlite and on PostgreSQL through riverdatabasesql, so both
// engines share parley's database/sql connections and one *sql.Tx type.
// That is what makes EnqueueTx possible: a store method inserts the job in
// the same transaction as the row that causes it, and a rollback takes the
// job with it.
//
// A running job is leased, not locked: River marks the row running with the
// node that took it and the time, and only a leader's rescuer hands it to
// another node once the lease (RescueAfter) has passed. JobTimeout, which
// cancels a job's context, is always shorter than the lease, so a live
// worker has given up before anyone else may start the same job.
//
// Failures retry with exponential backoff and jitter (Backoff) up to
// MaxAttempts; then the job is discarded and stays in river_job with every
// attempt's error until DiscardedRetention has passed.
//
// internal/app owns the Queue: it migrates River's tables after parley's
// own, starts the workers with the HTTP server and stops them on SIGTERM
// (in-flight jobs get the shutdown grace to finish, then their contexts are
// cancelled and they return to the queue, the attempt not counted).
//
// jobs imports nothing of parley's.
package jobs
