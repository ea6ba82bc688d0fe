package forum

import (
	"context"
	"errors"
	"time"
)

// Committed is what a write's transaction decided, returned with its
// commit. Answers are built from it and from what the Service already
// knew before writing, never from a read after the commit: a read that
// fails there would tell the client that a saved write failed, and a
// client that retries would post it twice.
type Committed struct {
	ThreadID  int64
	PostID    int64
	Number    int       // the post's number in its thread
	Revisions int       // the post's kept versions after the write
	EditedAt  time.Time // zero while the post has one version
}

// OnceKey is an idempotency key as a store keeps it: per account and
// route, only the key's hash, written in the same transaction as the row
// it created.
type OnceKey struct {
	UserID  int64
	Route   string
	KeyHash string
	At      time.Time
	// Since is the oldest use that still counts: a row older than it is
	// expired and may be replaced.
	Since time.Time
	// Nonce derives a token's secret from the key (see CreateTokenOnce).
	Nonce string
}

// OnceResult is what an earlier use of an idempotency key created.
type OnceResult struct {
	CreatedID int64 // the thread, post or token
	ThreadID  int64 // for posts
	Nonce     string
	At        time.Time
}

// ErrKeyUsed is returned by a write whose idempotency key was stored by
// another transaction first; nothing was written, and the Service answers
// with what the first use created.
var ErrKeyUsed = errors.New("idempotency key already used")

// CommitStore is the part of a Store whose writes report what their
// transaction decided, keep idempotency keys, and take the read path's
// bookkeeping in batches.
type CommitStore interface {
	CreateReplyCommitted(ctx context.Context, in NewPostRow) (Committed, error)
	EditPostCommitted(ctx context.Context, in EditPostRow) (Committed, error)
	CreateTokenOnce(ctx context.Context, t *Token, hash string, key *OnceKey) error
	// OnceResult reports what userID's use of key on route at or after
	// since created; ErrNotFound when there is none.
	OnceResult(ctx context.Context, userID int64, route, keyHash string, since time.Time) (*OnceResult, error)
	// SweepOnce deletes idempotency keys used before before.
	SweepOnce(ctx context.Context, before time.Time) (int64, error)
	// TokenLookup resolves a token hash without writing anything.
	TokenLookup(ctx context.Context, hash string) (*User, *Token, error)
	// RecordUse writes batched last-use times of tokens and sessions, each
	// only forward, in one transaction.
	RecordUse(ctx context.Context, u Usage) error
}

// Usage is the read path's bookkeeping, buffered between flushes.
type Usage struct {
	Tokens   map[int64]time.Time  // token id -> last use
	Sessions map[string]time.Time // session id -> last seen
}

// msTime rounds t to what the stores keep (milliseconds, UTC), so an
// answer built before a read equals the row a later read returns.
func msTime(t time.Time) time.Time { return time.UnixMilli(t.UnixMilli()).UTC() }

func authorOf(u *User) Author {
	return Author{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Title: u.Title}
}
