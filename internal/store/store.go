package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/postgres"
	"github.com/parley-forum/parley/internal/store/sqlite"
)

// Engine is the seam between portable SQL and one database engine.
type Engine struct {
	Name string
	// Read serves queries; Write serves transactions. For SQLite Write is a
	// single connection so writers queue in Go instead of spinning on locks.
	Read, Write *sql.DB
	Migrations  fs.FS
	// Dollar is true when the engine numbers placeholders ($1, $2, ...).
	Dollar bool
	// IsUniqueViolation reports a unique-constraint failure.
	IsUniqueViolation func(error) bool
	// IsUnavailable reports that the database could not be reached.
	IsUnavailable func(error) bool
}

// Store implements forum.Store on any Engine.
type Store struct {
	eng   Engine
	cache sync.Map // query text -> engine-specific text
	// Prepared statements for SQLite's reader pool and writer; nil on
	// PostgreSQL, whose driver caches statements itself.
	readStmts, writeStmts *stmtCache
	queries               atomic.Int64  // see QueryCount
	replies               *replyBatcher // SQLite only
	ckpt                  *checkpointer // SQLite only
}

var _ forum.Store = (*Store)(nil)

// Options tune Open.
type Options struct {
	MaxOpenConns int // PostgreSQL pool size; SQLite reader pool size
}

// Open connects to the database named by url: "postgres://…" or
// "postgresql://…" selects PostgreSQL, anything else is a SQLite file path
// (optionally prefixed with "sqlite:"). It does not migrate.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	var eng Engine
	var err error
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		eng, err = openPostgres(ctx, url, opt)
	default:
		eng, err = openSQLite(ctx, strings.TrimPrefix(url, "sqlite:"), opt)
	}
	if err != nil {
		return nil, err
	}
	st := &Store{eng: eng}
	if !eng.Dollar {
		st.readStmts, st.writeStmts = newStmtCache(eng.Read), newStmtCache(eng.Write)
		st.replies = newReplyBatcher(st)
		st.startCheckpointer()
	}
	return st, nil
}

func openSQLite(ctx context.Context, path string, opt Options) (Engine, error) {
	db, err := sqlite.Open(ctx, path, opt.MaxOpenConns)
	if err != nil {
		return Engine{}, err
	}
	return Engine{
		Name: "sqlite", Read: db.Read, Write: db.Write, Migrations: sqlite.Migrations,
		IsUniqueViolation: sqlite.IsUniqueViolation, IsUnavailable: sqliteUnavailable,
	}, nil
}

func openPostgres(ctx context.Context, url string, opt Options) (Engine, error) {
	db, err := postgres.Open(ctx, url, opt.MaxOpenConns)
	if err != nil {
		return Engine{}, err
	}
	return Engine{
		Name: "postgres", Read: db, Write: db, Migrations: postgres.Migrations, Dollar: true,
		IsUniqueViolation: postgres.IsUniqueViolation, IsUnavailable: postgresUnavailable,
	}, nil
}

// EngineName is "sqlite" or "postgres".
func (s *Store) EngineName() string { return s.eng.Name }

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
		return fmt.Errorf("ping %s: %w", s.eng.Name, s.classify(err))
	}
	var one int
	if err := s.eng.Read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.eng.Name, s.classify(err))
	}
	return nil
}

// q turns portable SQL with ? placeholders into the engine's form, caching
// the result so the rewrite costs nothing on hot paths.
func (s *Store) q(query string) string {
	if !s.eng.Dollar {
		return query
	}
	if v, ok := s.cache.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	out := b.String()
	s.cache.Store(query, out)
	return out
}

// classify maps driver errors to forum sentinels where one applies.
func (s *Store) classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return forum.ErrNotFound
	case s.eng.IsUniqueViolation(err):
		return fmt.Errorf("%w: %v", forum.ErrConflict, err)
	case s.eng.IsUnavailable(err):
		return fmt.Errorf("%w: %v", forum.ErrUnavailable, err)
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
