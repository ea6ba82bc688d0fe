package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

const userColumns = `u.id, u.username, u.display_name, COALESCE(u.email, ''), u.password_hash, u.role, u.title,
	u.created_at, u.thread_count, u.reply_count, u.state, u.suspended_until, u.suspend_reason, u.last_seen_at, u.email_verified_at`

func scanUser(r scanner) (*forum.User, error) {
	var u forum.User
	var created, until, seen, verified int64
	if err := r.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.PasswordHash, &u.Role, &u.Title,
		&created, &u.ThreadCount, &u.ReplyCount, &u.State, &until, &u.SuspendReason, &seen, &verified); err != nil {
		return nil, err
	}
	if verified != 0 {
		u.EmailVerified = msTime(verified)
	}
	u.CreatedAt = msTime(created)
	if until != 0 {
		u.SuspendedUntil = msTime(until)
	}
	if seen != 0 {
		u.LastSeen = msTime(seen)
	}
	return &u, nil
}

// signInStates are the account states whose sessions and tokens count:
// a suspension may have ended by itself, which the Service decides.
const signInStates = `u.state IN ('active', 'suspended')`

// CreateUser inserts an account and sets its ID. A taken username or email
// is ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *forum.User) error {
	var email any
	if u.Email != "" {
		email = strings.ToLower(u.Email)
	}
	return s.tx(ctx, "create user "+u.Username, func(tx *sql.Tx) error {
		return s.insertUser(ctx, tx, u, email)
	})
}

func (s *Store) insertUser(ctx context.Context, tx *sql.Tx, u *forum.User, email any) error {
	if u.State == "" {
		u.State = forum.StateActive
	}
	state := u.State
	var verified int64
	if !u.EmailVerified.IsZero() {
		verified = ms(u.EmailVerified)
	}
	return s.txQueryRow(ctx, tx, (`INSERT INTO users (username, display_name, email, password_hash, role, title, created_at, state, email_verified_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		u.Username, u.DisplayName, email, u.PasswordHash, string(u.Role), u.Title, ms(u.CreatedAt), string(state), verified).Scan(&u.ID)
}

// UserByUsername loads an account by its (lower-case) username.
func (s *Store) UserByUsername(ctx context.Context, username string) (*forum.User, error) {
	u, err := scanUser(s.queryRow(ctx, (`SELECT ` + userColumns + ` FROM users u WHERE u.username = ?`), username))
	if err != nil {
		return nil, fmt.Errorf("load user %q: %w", username, s.classify(err))
	}
	return u, nil
}

// UserByID loads an account by id.
func (s *Store) UserByID(ctx context.Context, id int64) (*forum.User, error) {
	u, err := scanUser(s.queryRow(ctx, (`SELECT ` + userColumns + ` FROM users u WHERE u.id = ?`), id))
	if err != nil {
		return nil, fmt.Errorf("load user %d: %w", id, s.classify(err))
	}
	return u, nil
}

// UserByLogin loads an account by username or email.
func (s *Store) UserByLogin(ctx context.Context, login string) (*forum.User, error) {
	login = strings.ToLower(login)
	u, err := scanUser(s.queryRow(ctx, (`SELECT ` + userColumns + ` FROM users u WHERE u.username = ? OR u.email = ?`), login, login))
	if err != nil {
		return nil, fmt.Errorf("load user by login: %w", s.classify(err))
	}
	return u, nil
}

// SetPassword replaces an account's password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	return s.tx(ctx, fmt.Sprintf("set password of user %d", userID), func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
	})
}

// Setting reads an instance setting; ErrNotFound when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	if err := s.queryRow(ctx, (`SELECT value FROM settings WHERE key = ?`), key).Scan(&v); err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, s.classify(err))
	}
	return v, nil
}

// SetSettingIfAbsent stores value unless the key exists, then returns what
// is stored.
func (s *Store) SetSettingIfAbsent(ctx context.Context, key, value string) (string, error) {
	var out string
	err := s.tx(ctx, "set setting "+key, func(tx *sql.Tx) error {
		if err := s.exec(ctx, tx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING`, key, value); err != nil {
			return err
		}
		return s.txQueryRow(ctx, tx, (`SELECT value FROM settings WHERE key = ?`), key).Scan(&out)
	})
	return out, err
}
