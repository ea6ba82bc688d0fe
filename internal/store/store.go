package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync/atomic"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/postgres"
	"github.com/parley-forum/parley/internal/store/seam"
	"github.com/parley-forum/parley/internal/store/sqlite"
)

// Engine is one open database: its connections and migrations.
type Engine struct {
	Kind Kind
	// Read serves queries; Write serves transactions. For SQLite Write is a
	// single connection so writers queue in Go instead of spinning on locks.
	Read, Write *sql.DB
	Migrations  fs.FS
}

// Store implements forum.Store on any Engine.
type Store struct {
	eng Engine
	d   dialect
	// Prepared statements for the reader pool and writer, where the
	// dialect wants them cached here; nil otherwise.
	readStmts, writeStmts *stmtCache
	queries               atomic.Int64  // see QueryCount
	replies               *replyBatcher // where the dialect batches replies
	ckpt                  *checkpointer // SQLite only
	faults                storageFaults // see StorageFault
	mailEnqueue           EmailEnqueuer // see SetEmailEnqueuer
}

var _ forum.Store = (*Store)(nil)

// Options tune Open.
type Options struct {
	MaxOpenConns int          // PostgreSQL pool size; SQLite reader pool size
	Logger       *slog.Logger // for storage faults; slog.Default() when nil
}

// Open connects to the database named by url: "postgres://…" or
// "postgresql://…" selects PostgreSQL, anything else is a SQLite file path
// (optionally prefixed with "sqlite:"). It does not migrate.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	var eng Engine
	var d dialect
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err := postgres.Open(ctx, url, opt.MaxOpenConns)
		if err != nil {
			return nil, err
		}
		eng, d = Engine{Kind: Postgres, Read: db, Write: db, Migrations: postgres.Migrations}, &postgres.Dialect{}
	default:
		db, err := sqlite.Open(ctx, strings.TrimPrefix(url, "sqlite:"), opt.MaxOpenConns)
		if err != nil {
			return nil, err
		}
		eng, d = Engine{Kind: SQLite, Read: db.Read, Write: db.Write, Migrations: sqlite.Migrations}, sqlite.Dialect{}
	}
	st := &Store{eng: eng, d: d}
	st.faults.log = opt.Logger
	if st.faults.log == nil {
		st.faults.log = slog.Default()
	}
	if d.CachesStatements() {
		st.readStmts, st.writeStmts = newStmtCache(eng.Read), newStmtCache(eng.Write)
	}
	if d.BatchesReplies() {
		st.replies = newReplyBatcher(st)
		st.startCheckpointer()
	}
	return st, nil
}

// Kind is the engine this store runs on.
func (s *Store) Kind() Kind { return s.eng.Kind }

// EngineName is "sqlite" or "postgres".
func (s *Store) EngineName() string { return string(s.eng.Kind) }

// Engine exposes the connections to engine-aware code in this module
// (backups, LISTEN/NOTIFY, tests).
func (s *Store) Engine() Engine { return s.eng }

// Close releases every connection.
func (s *Store) Close() error {
	if s.replies != nil {
		s.replies.close()
	}
	if s.ckpt != nil {
		s.ckpt.close()
	}
	if s.readStmts != nil {
		s.readStmts.close()
		s.writeStmts.close()
	}
	err := s.eng.Read.Close()
	if s.eng.Write != s.eng.Read {
		err = errors.Join(err, s.eng.Write.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.eng.Read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.eng.Kind, s.classify(err))
	}
	var one int
	if err := s.eng.Read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.eng.Kind, s.classify(err))
	}
	return nil
}

// q turns portable SQL with ? placeholders into the engine's form.
func (s *Store) q(query string) string { return s.d.Rebind(query) }

// classify maps driver errors to forum sentinels where one applies. A
// storage fault is also remembered, so readiness reports it (see
// StorageFault).
func (s *Store) classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return forum.ErrNotFound
	}
	switch s.d.Classify(err) {
	case seam.Conflict:
		return fmt.Errorf("%w: %v", forum.ErrConflict, err)
	case seam.Unavailable:
		return fmt.Errorf("%w: %v", forum.ErrUnavailable, err)
	case seam.StorageFault:
		s.faults.record(err)
		return fmt.Errorf("%w: %w: %v", forum.ErrUnavailable, ErrStorage, err)
	}
	return err
}

// tx runs fn in one write transaction, rolling back on any error.
func (s *Store) tx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if s.writeStmts != nil {
		// After the transaction the writer connection is free again.
		defer s.writeStmts.preparePending(ctx)
	}
	tx, err := s.eng.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", what, s.classify(err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("%s: %w", what, s.classify(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, s.classify(err))
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
