package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// Site settings are rows of the settings table whose key starts with
// sitePrefix; setup codes are rows under setupPrefix (their names end in
// "_secret", so an export without secrets leaves them out).
const (
	sitePrefix  = "site."
	setupPrefix = "setup."
)

// SiteSettings lists the saved site settings.
func (s *Store) SiteSettings(ctx context.Context) ([]forum.StoredSetting, error) {
	rows, err := s.eng.Read.QueryContext(ctx, s.q(`SELECT key, value, version, updated_at, updated_by FROM settings
		WHERE SUBSTR(key, 1, 5) = ? ORDER BY key`), sitePrefix)
	if err != nil {
		return nil, fmt.Errorf("read site settings: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.StoredSetting
	for rows.Next() {
		var st forum.StoredSetting
		var at int64
		if err := rows.Scan(&st.Key, &st.Value, &st.Version, &at, &st.UpdatedBy); err != nil {
			return nil, fmt.Errorf("scan site setting: %w", err)
		}
		st.Key = strings.TrimPrefix(st.Key, sitePrefix)
		st.UpdatedAt = msTime(at)
		out = append(out, st)
	}
	return out, s.classify(rows.Err())
}

// SaveSiteSettings saves changes with their audit rows, each change only
// if its setting is still at the version it was made from.
func (s *Store) SaveSiteSettings(ctx context.Context, changes []forum.SettingChange, audit []forum.AuditEntry) ([]forum.StoredSetting, error) {
	var saved []forum.StoredSetting
	err := s.tx(ctx, "save site settings", func(tx *sql.Tx) error {
		saved = saved[:0]
		if err := s.saveSettingsTx(ctx, tx, changes, &saved); err != nil {
			return err
		}
		for i := range audit {
			if err := s.appendAudit(ctx, tx, &audit[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

func (s *Store) saveSettingsTx(ctx context.Context, tx *sql.Tx, changes []forum.SettingChange, saved *[]forum.StoredSetting) error {
	stale := map[string]forum.StoredSetting{}
	for _, c := range changes {
		key := sitePrefix + c.Key
		var res sql.Result
		var err error
		if c.Version == 0 {
			res, err = s.txExec(ctx, tx, `INSERT INTO settings (key, value, version, updated_at, updated_by)
				VALUES (?, ?, 1, ?, ?) ON CONFLICT (key) DO NOTHING`, key, c.Value, ms(c.At), c.By)
		} else {
			res, err = s.txExec(ctx, tx, `UPDATE settings SET value = ?, version = version + 1, updated_at = ?, updated_by = ?
				WHERE key = ? AND version = ?`, c.Value, ms(c.At), c.By, key, c.Version)
		}
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 1 {
			*saved = append(*saved, forum.StoredSetting{Key: c.Key, Value: c.Value, Version: c.Version + 1, UpdatedAt: c.At, UpdatedBy: c.By})
			continue
		}
		cur := forum.StoredSetting{Key: c.Key}
		var at int64
		err = s.txQueryRow(ctx, tx, `SELECT value, version, updated_at, updated_by FROM settings WHERE key = ?`, key).
			Scan(&cur.Value, &cur.Version, &at, &cur.UpdatedBy)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		cur.UpdatedAt = msTime(at)
		stale[c.Key] = cur
	}
	if len(stale) > 0 {
		return &forum.SettingsConflictError{Current: stale}
	}
	return nil
}

// AdminExists reports whether an account has the admin role.
func (s *Store) AdminExists(ctx context.Context) (bool, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&n); err != nil {
		return false, fmt.Errorf("count admins: %w", s.classify(err))
	}
	return n > 0, nil
}

func setupKey(hash string) string { return setupPrefix + hash + "_secret" }

// AddSetupCode stores a setup code's hash.
func (s *Store) AddSetupCode(ctx context.Context, hash string, at time.Time) error {
	return s.tx(ctx, "add setup code", func(tx *sql.Tx) error {
		return s.exec(ctx, tx, `INSERT INTO settings (key, value, updated_at) VALUES (?, '', ?) ON CONFLICT (key) DO NOTHING`,
			setupKey(hash), ms(at))
	})
}

// CompleteSetup spends the code, creates the administrator and saves the
// settings, all or nothing. Deleting the code's row is what decides a
// race between two setups: only one delete finds it.
func (s *Store) CompleteSetup(ctx context.Context, codeHash string, admin *forum.User, changes []forum.SettingChange, audit []forum.AuditEntry) error {
	return s.tx(ctx, "complete setup", func(tx *sql.Tx) error {
		var admins int
		if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&admins); err != nil {
			return err
		}
		if admins > 0 {
			return forum.ErrSetupRefused
		}
		res, err := s.txExec(ctx, tx, `DELETE FROM settings WHERE key = ?`, setupKey(codeHash))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return forum.ErrSetupRefused
		}
		if err := s.exec(ctx, tx, `DELETE FROM settings WHERE SUBSTR(key, 1, 6) = ?`, setupPrefix); err != nil {
			return err
		}
		var email any
		if admin.Email != "" {
			email = strings.ToLower(admin.Email)
		}
		if err := s.txQueryRow(ctx, tx, `INSERT INTO users (username, display_name, email, password_hash, role, title, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			admin.Username, admin.DisplayName, email, admin.PasswordHash, string(admin.Role), admin.Title, ms(admin.CreatedAt)).Scan(&admin.ID); err != nil {
			return err
		}
		for i := range changes {
			changes[i].By = admin.ID
		}
		var saved []forum.StoredSetting
		if err := s.saveSettingsTx(ctx, tx, changes, &saved); err != nil {
			return err
		}
		for i := range audit {
			audit[i].ActorID = admin.ID
			if err := s.appendAudit(ctx, tx, &audit[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetFeedToken replaces a user's feed token.
func (s *Store) SetFeedToken(ctx context.Context, userID int64, hash string, at time.Time) error {
	return s.tx(ctx, fmt.Sprintf("set feed token of user %d", userID), func(tx *sql.Tx) error {
		if err := s.exec(ctx, tx, `DELETE FROM feed_tokens WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return s.exec(ctx, tx, `INSERT INTO feed_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)`, userID, hash, ms(at))
	})
}

// FeedTokenUser finds a feed token's owner.
func (s *Store) FeedTokenUser(ctx context.Context, hash string) (*forum.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM feed_tokens f JOIN users u ON u.id = f.user_id WHERE f.token_hash = ?`, hash))
	if err != nil {
		return nil, fmt.Errorf("load feed token: %w", s.classify(err))
	}
	return u, nil
}

// FeedTokenCreated says when a user's feed token was made.
func (s *Store) FeedTokenCreated(ctx context.Context, userID int64) (time.Time, error) {
	var at int64
	if err := s.queryRow(ctx, `SELECT created_at FROM feed_tokens WHERE user_id = ?`, userID).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("read feed token of user %d: %w", userID, s.classify(err))
	}
	return msTime(at), nil
}
