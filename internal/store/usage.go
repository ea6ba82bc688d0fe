package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"github.com/parley-forum/parley/internal/forum"
)

// TokenLookup loads the account behind a token hash and the token, and
// writes nothing: its use is recorded in batches (RecordUse).
func (s *Store) TokenLookup(ctx context.Context, hash string) (*forum.User, *forum.Token, error) {
	var t forum.Token
	var created, used int64
	u, err := scanUser(withExtra{s.queryRow(ctx, `SELECT `+userColumns+`, t.id, t.name, t.created_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND `+signInStates, hash), []any{&t.ID, &t.Name, &created, &used}})
	if err != nil {
		return nil, nil, fmt.Errorf("load token: %w", s.classify(err))
	}
	t.UserID, t.CreatedAt, t.LastUsed = u.ID, msTime(created), msTime(used)
	return u, &t, nil
}

// RecordUse writes last-use times of tokens and sessions in one
// transaction, in key order (so flushes from several nodes never deadlock)
// and only forward.
func (s *Store) RecordUse(ctx context.Context, u forum.Usage) error {
	return s.tx(ctx, "record use", func(tx *sql.Tx) error {
		for _, id := range slices.Sorted(maps.Keys(u.Tokens)) {
			at := ms(u.Tokens[id])
			if err := s.exec(ctx, tx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?`, at, id, at); err != nil {
				return fmt.Errorf("token %d: %w", id, err)
			}
		}
		for _, id := range slices.Sorted(maps.Keys(u.Sessions)) {
			at := ms(u.Sessions[id])
			if err := s.exec(ctx, tx, `UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?`, at, id, at); err != nil {
				return fmt.Errorf("session: %w", err)
			}
		}
		return nil
	})
}
