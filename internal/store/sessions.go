package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// CreateSession stores a signed-in browser; s.ID is the hash of the cookie.
func (s *Store) CreateSession(ctx context.Context, se *forum.Session) error {
	return s.tx(ctx, "create session", func(tx *sql.Tx) error {
		if err := s.exec(ctx, tx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, se.ID, se.UserID, ms(se.CreatedAt), ms(se.LastSeen), ms(se.ExpiresAt), se.UserAgent, se.IP); err != nil {
			return err
		}
		// The account list's "last seen" is the last sign-in.
		return s.exec(ctx, tx, `UPDATE users SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?`, ms(se.CreatedAt), se.UserID, ms(se.CreatedAt))
	})
}

// SessionUser loads the account behind an unexpired session.
func (s *Store) SessionUser(ctx context.Context, id string, now time.Time) (*forum.User, *forum.Session, error) {
	var se forum.Session
	var created, seen, expires int64
	// Accounts waiting for approval or deleted have no session that
	// counts, whatever rows remain.
	row := s.queryRow(ctx, (`SELECT ` + userColumns + `, s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.ip
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ? AND ` + signInStates), id, ms(now))
	u, err := scanUser(withExtra{row, []any{&se.ID, &se.UserID, &created, &seen, &expires, &se.UserAgent, &se.IP}})
	if err != nil {
		return nil, nil, fmt.Errorf("load session: %w", s.classify(err))
	}
	se.CreatedAt, se.LastSeen, se.ExpiresAt = msTime(created), msTime(seen), msTime(expires)
	return u, &se, nil
}

// TouchSession records that a session was used.
func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	return s.tx(ctx, "touch session", func(tx *sql.Tx) error {
		return s.exec(ctx, tx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, ms(at), id)
	})
}

// Sessions lists a user's sessions, most recently used first.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]forum.Session, error) {
	rows, err := s.query(ctx, (`SELECT id, user_id, created_at, last_seen_at, expires_at, user_agent, ip
		FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC`), userID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.Session
	for rows.Next() {
		var se forum.Session
		var created, seen, expires int64
		if err := rows.Scan(&se.ID, &se.UserID, &created, &seen, &expires, &se.UserAgent, &se.IP); err != nil {
			return nil, fmt.Errorf("scan session: %w", err)
		}
		se.CreatedAt, se.LastSeen, se.ExpiresAt = msTime(created), msTime(seen), msTime(expires)
		out = append(out, se)
	}
	return out, s.classify(rows.Err())
}

// DeleteSession revokes one of a user's sessions.
func (s *Store) DeleteSession(ctx context.Context, userID int64, id string) error {
	return s.tx(ctx, "delete session", func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, userID)
	})
}

// DeleteSessionsExcept revokes every session of a user but keepID.
func (s *Store) DeleteSessionsExcept(ctx context.Context, userID int64, keepID string) error {
	return s.tx(ctx, "delete sessions", func(tx *sql.Tx) error {
		return s.exec(ctx, tx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keepID)
	})
}

// CreateToken stores a personal API token by its hash and sets its ID.
func (s *Store) CreateToken(ctx context.Context, t *forum.Token, hash string) error {
	return s.CreateTokenOnce(ctx, t, hash, nil)
}

// CreateTokenOnce is CreateToken that also stores an idempotency key (when
// not nil) in the same transaction.
func (s *Store) CreateTokenOnce(ctx context.Context, t *forum.Token, hash string, key *forum.OnceKey) error {
	return s.tx(ctx, "create token", func(tx *sql.Tx) error {
		if err := s.txQueryRow(ctx, tx, (`INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			t.UserID, t.Name, hash, ms(t.CreatedAt)).Scan(&t.ID); err != nil {
			return err
		}
		return s.storeOnce(ctx, tx, key, t.ID, 0)
	})
}

// tokenUseStep is how stale a token's recorded last use may get: a token
// used again within it costs no write, so API reads stay reads.
const tokenUseStep = time.Minute

// TokenUser loads the account behind a token hash and records the use.
func (s *Store) TokenUser(ctx context.Context, hash string, at time.Time) (*forum.User, error) {
	var tokenID, lastUsed int64
	u, err := scanUser(withExtra{s.queryRow(ctx, `SELECT `+userColumns+`, t.id, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND `+signInStates, hash), []any{&tokenID, &lastUsed}})
	if err != nil {
		return nil, fmt.Errorf("load token: %w", s.classify(err))
	}
	if now := ms(at); now-lastUsed >= tokenUseStep.Milliseconds() {
		err := s.tx(ctx, "record token use", func(tx *sql.Tx) error {
			return s.exec(ctx, tx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?`, now, tokenID, now)
		})
		if err != nil {
			return nil, err
		}
	}
	return u, nil
}

// withExtra scans a row that has more columns than a shared scan function
// reads, into the extra destinations.
type withExtra struct {
	r     scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.r.Scan(append(dest, w.extra...)...) }

// Tokens lists a user's tokens.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]forum.Token, error) {
	rows, err := s.query(ctx, (`SELECT id, user_id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id`), userID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.Token
	for rows.Next() {
		var t forum.Token
		var created, used int64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &used); err != nil {
			return nil, fmt.Errorf("scan token: %w", err)
		}
		t.CreatedAt, t.LastUsed = msTime(created), msTime(used)
		out = append(out, t)
	}
	return out, s.classify(rows.Err())
}

// DeleteToken revokes one of a user's tokens.
func (s *Store) DeleteToken(ctx context.Context, userID, tokenID int64) error {
	return s.tx(ctx, "delete token", func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, tokenID, userID)
	})
}

// DeleteTokens revokes every token of a user and reports how many there
// were; a password change offers it.
func (s *Store) DeleteTokens(ctx context.Context, userID int64) (int, error) {
	var n int64
	err := s.tx(ctx, "delete tokens", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM api_tokens WHERE user_id = ?`), userID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
