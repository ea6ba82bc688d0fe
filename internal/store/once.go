package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// storeOnce writes an idempotency key with what its write created, inside
// that write's transaction, so the key exists exactly when the row does.
// A live row for the same key means another request with the key got
// there first: the write is rolled back with forum.ErrKeyUsed. An expired
// row is replaced. On PostgreSQL a concurrent insert of the same key waits
// here for the other transaction to end, so two requests never both win.
func (s *Store) storeOnce(ctx context.Context, tx *sql.Tx, k *forum.OnceKey, createdID, threadID int64) error {
	if k == nil {
		return nil
	}
	res, err := s.txExec(ctx, tx, `INSERT INTO idempotency_keys
		(user_id, route, key_hash, created_id, thread_id, nonce, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, route, key_hash) DO UPDATE SET created_id = excluded.created_id,
			thread_id = excluded.thread_id, nonce = excluded.nonce, created_at = excluded.created_at
		WHERE idempotency_keys.created_at < ?`,
		k.UserID, k.Route, k.KeyHash, createdID, threadID, k.Nonce, ms(k.At), ms(k.Since))
	if err != nil {
		return fmt.Errorf("store idempotency key: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return forum.ErrKeyUsed
	}
	return nil
}

// OnceResult reports what a use of an idempotency key at or after since
// created.
func (s *Store) OnceResult(ctx context.Context, userID int64, route, keyHash string, since time.Time) (*forum.OnceResult, error) {
	var r forum.OnceResult
	var at int64
	err := s.queryRow(ctx, `SELECT created_id, thread_id, nonce, created_at FROM idempotency_keys
		WHERE user_id = ? AND route = ? AND key_hash = ? AND created_at >= ?`, userID, route, keyHash, ms(since)).
		Scan(&r.CreatedID, &r.ThreadID, &r.Nonce, &at)
	if err != nil {
		return nil, fmt.Errorf("load idempotency key: %w", s.classify(err))
	}
	r.At = msTime(at)
	return &r, nil
}

// SweepOnce deletes idempotency keys used before before.
func (s *Store) SweepOnce(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.tx(ctx, "sweep idempotency keys", func(tx *sql.Tx) error {
		res, err := s.txExec(ctx, tx, `DELETE FROM idempotency_keys WHERE created_at < ?`, ms(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
