package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// newUserAge is how recent "new" accounts in the account list are.
const newUserAge = 7 * 24 * time.Hour

// ListUsers returns one page of accounts, newest first, and the number
// matching.
func (s *Store) ListUsers(ctx context.Context, q forum.UserQuery) ([]forum.User, int, error) {
	var where []string
	var args []any
	if q.Search != "" {
		// A prefix match compared by SUBSTR, so "_" and "%" mean themselves.
		n := len(q.Search)
		where = append(where, fmt.Sprintf(`(SUBSTR(u.username, 1, %d) = ? OR SUBSTR(LOWER(u.display_name), 1, %d) = ? OR SUBSTR(COALESCE(u.email, ''), 1, %d) = ?)`, n, n, n))
		args = append(args, q.Search, q.Search, q.Search)
	}
	now := ms(q.Now)
	switch q.Filter {
	case forum.FilterNew:
		where = append(where, `u.created_at >= ? AND u.state <> 'deleted'`)
		args = append(args, now-newUserAge.Milliseconds())
	case forum.FilterStaff:
		where = append(where, `u.role IN ('staff', 'moderator', 'admin') AND u.state <> 'deleted'`)
	case forum.FilterSuspended:
		where = append(where, `u.state = 'suspended' AND (u.suspended_until = 0 OR u.suspended_until > ?)`)
		args = append(args, now)
	case forum.FilterPending:
		where = append(where, `u.state = 'pending'`)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM users u`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", s.classify(err))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u`+cond+
		fmt.Sprintf(` ORDER BY u.id DESC LIMIT %d OFFSET %d`, limit, max(q.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan user: %w", err)
		}
		out = append(out, *u)
	}
	return out, total, s.classify(rows.Err())
}

// lockAdmins locks every administrator's row, so two transactions that
// each take the role from one of two admins take turns and the second
// sees the first's change (PostgreSQL, READ COMMITTED; SQLite has one
// writer), then reports how many admins remain that are not deleted.
func (s *Store) lockAdmins(ctx context.Context, tx *sql.Tx) (int, error) {
	if err := s.exec(ctx, tx, `UPDATE users SET role = role WHERE role = 'admin'`); err != nil {
		return 0, err
	}
	var n int
	err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND state <> 'deleted'`).Scan(&n)
	return n, err
}

// SetRole changes an account's role and title after checking that nobody
// changed them meanwhile and that the forum keeps an admin.
func (s *Store) SetRole(ctx context.Context, userID int64, ch forum.RoleChange, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("set role of user %d", userID), func(tx *sql.Tx) error {
		admins, err := s.lockAdmins(ctx, tx)
		if err != nil {
			return err
		}
		var role, title string
		if err := s.txQueryRow(ctx, tx, `SELECT role, title FROM users WHERE id = ?`, userID).Scan(&role, &title); err != nil {
			return err
		}
		switch {
		case role != string(ch.FromRole):
			return &forum.StaleError{Field: "role", Current: role}
		case title != ch.FromTitle:
			return &forum.StaleError{Field: "title", Current: title}
		case role == string(forum.RoleAdmin) && ch.Role != forum.RoleAdmin && admins <= 1:
			return forum.ErrLastAdmin
		}
		if err := s.execOne(ctx, tx, `UPDATE users SET role = ?, title = ? WHERE id = ?`, string(ch.Role), ch.Title, userID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// SetUserState approves, suspends or unsuspends an account. Suspending
// deletes every session and API token of the account in the same
// transaction, so no node can serve it again once this commits.
func (s *Store) SetUserState(ctx context.Context, userID int64, ch forum.StateChange, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("set state of user %d", userID), func(tx *sql.Tx) error {
		var state string
		if err := s.txQueryRow(ctx, tx, `SELECT state FROM users WHERE id = ?`, userID).Scan(&state); err != nil {
			return err
		}
		if ch.From != "" && state != string(ch.From) {
			return &forum.StaleError{Field: "state", Current: state}
		}
		var until int64
		if !ch.Until.IsZero() {
			until = ms(ch.Until)
		}
		switch ch.To {
		case forum.StateSuspended:
			if state == string(forum.StatePending) || state == string(forum.StateDeleted) {
				return &forum.StaleError{Field: "state", Current: state}
			}
			if err := s.execOne(ctx, tx, `UPDATE users SET state = 'suspended', suspended_until = ?, suspend_reason = ? WHERE id = ?`,
				until, ch.Reason, userID); err != nil {
				return err
			}
			if err := s.exec(ctx, tx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
				return err
			}
			if err := s.exec(ctx, tx, `DELETE FROM api_tokens WHERE user_id = ?`, userID); err != nil {
				return err
			}
		case forum.StateActive:
			if state == string(forum.StateDeleted) {
				return &forum.StaleError{Field: "state", Current: state}
			}
			approved := ""
			if state == string(forum.StatePending) {
				approved = ", approved_at = ?"
			}
			args := []any{}
			if approved != "" {
				args = append(args, ms(ch.At))
			}
			args = append(args, userID)
			if err := s.execOne(ctx, tx, `UPDATE users SET state = 'active', suspended_until = 0, suspend_reason = ''`+approved+` WHERE id = ?`, args...); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown target state %q", ch.To)
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// RejectUser deletes a pending account. It has no posts; sessions and
// tokens it cannot have had are deleted all the same.
func (s *Store) RejectUser(ctx context.Context, userID int64, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("reject user %d", userID), func(tx *sql.Tx) error {
		var state string
		if err := s.txQueryRow(ctx, tx, `SELECT state FROM users WHERE id = ?`, userID).Scan(&state); err != nil {
			return err
		}
		if state != string(forum.StatePending) {
			return &forum.StaleError{Field: "state", Current: state}
		}
		for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`,
			`DELETE FROM idempotency_keys WHERE user_id = ?`} {
			if err := s.exec(ctx, tx, q, userID); err != nil {
				return err
			}
		}
		if err := s.execOne(ctx, tx, `DELETE FROM users WHERE id = ? AND thread_count = 0 AND reply_count = 0`, userID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// withdrawnHTML replaces the opening post of a deleted account's thread
// that others replied to.
const withdrawnHTML = `<p><em>This post was withdrawn by its author.</em></p>`

// AnonymizeUser erases an account's personal data and, withContent, its
// threads and replies, in one transaction:
//
//   - every live thread it started goes (like deleting its opening post)
//     when nobody else has a live reply in it; otherwise the opening post
//     is withdrawn: its text and every kept version of it are erased and
//     the thread stays for the replies;
//   - every live reply it wrote elsewhere is deleted as a reply is, with
//     the counters it was part of;
//   - the text of all its posts and revisions is erased.
//
// The threads are locked first, in id order, then the users' rows change
// (the lock order of locks.go).
func (s *Store) AnonymizeUser(ctx context.Context, userID int64, placeholder string, withContent bool, at time.Time, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("anonymize user %d", userID), func(tx *sql.Tx) error {
		var role, state string
		if err := s.txQueryRow(ctx, tx, `SELECT role, state FROM users WHERE id = ?`, userID).Scan(&role, &state); err != nil {
			return err
		}
		if state == string(forum.StateDeleted) {
			return &forum.StaleError{Field: "state", Current: state}
		}
		if withContent {
			if err := s.deleteContentOf(ctx, tx, userID); err != nil {
				return err
			}
		}
		if role == string(forum.RoleAdmin) {
			admins, err := s.lockAdmins(ctx, tx)
			if err != nil {
				return err
			}
			if admins <= 1 {
				return forum.ErrLastAdmin
			}
		}
		for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`,
			`DELETE FROM idempotency_keys WHERE user_id = ?`} {
			if err := s.exec(ctx, tx, q, userID); err != nil {
				return err
			}
		}
		if err := s.execOne(ctx, tx, `UPDATE users SET username = ?, display_name = ?, email = NULL, password_hash = '',
			role = 'member', title = '', state = 'deleted', suspended_until = 0, suspend_reason = '', last_seen_at = 0 WHERE id = ?`,
			placeholder, forum.DeletedDisplayName, userID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// deleteContentOf deletes or withdraws everything userID wrote (see
// AnonymizeUser).
func (s *Store) deleteContentOf(ctx context.Context, tx *sql.Tx, userID int64) error {
	threads, err := s.txPairs(ctx, tx, `SELECT DISTINCT t.id, 0 FROM threads t JOIN posts p ON p.thread_id = t.id
		WHERE t.deleted = 0 AND (t.author_id = ? OR (p.author_id = ? AND p.deleted = 0)) ORDER BY t.id`, userID, userID)
	if err != nil {
		return fmt.Errorf("find threads: %w", err)
	}
	for _, th := range threads {
		if err := s.lockThread(ctx, tx, th[0]); err != nil {
			return fmt.Errorf("lock thread %d: %w", th[0], err)
		}
	}
	for _, th := range threads {
		id := th[0]
		var author, firstPost int64
		var title string
		if err := s.txQueryRow(ctx, tx, `SELECT author_id, first_post_id, title FROM threads WHERE id = ?`, id).Scan(&author, &firstPost, &title); err != nil {
			return err
		}
		if author == userID {
			var others int
			if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM posts WHERE thread_id = ? AND number > 1 AND deleted = 0 AND author_id <> ?`,
				id, userID).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				if err := s.unindexThread(ctx, tx, id); err != nil {
					return err
				}
				if err := s.deleteThread(ctx, tx, id, firstPost, author); err != nil {
					return err
				}
				continue
			}
			// Others replied: the opening post is withdrawn, the thread stays.
			if err := s.execOne(ctx, tx, `UPDATE posts SET body_source = '', body_html = ?, body_text = '' WHERE id = ?`, withdrawnHTML, firstPost); err != nil {
				return err
			}
			if err := s.exec(ctx, tx, `UPDATE threads SET excerpt = '' WHERE id = ?`, id); err != nil {
				return err
			}
			if err := s.reindexPost(ctx, tx, firstPost, title, ""); err != nil {
				return err
			}
		}
		if err := s.deleteRepliesIn(ctx, tx, id, userID); err != nil {
			return err
		}
	}
	// Erase the text of everything left: deleted posts keep their rows
	// (numbers, counters) but not what they said.
	if err := s.exec(ctx, tx, `UPDATE posts SET body_source = '', body_text = '',
		body_html = CASE WHEN deleted = 1 THEN '' ELSE body_html END WHERE author_id = ?`, userID); err != nil {
		return err
	}
	return s.exec(ctx, tx, `UPDATE revisions SET body_source = '' WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?)`, userID)
}

// deleteRepliesIn deletes userID's live replies in one locked thread and
// lowers the counters that included them.
func (s *Store) deleteRepliesIn(ctx context.Context, tx *sql.Tx, threadID, userID int64) error {
	posts, err := s.txPairs(ctx, tx, `SELECT id, recommended FROM posts WHERE thread_id = ? AND author_id = ? AND number > 1 AND deleted = 0 ORDER BY id`,
		threadID, userID)
	if err != nil {
		return err
	}
	if len(posts) == 0 {
		return nil
	}
	var recommended int64
	for _, p := range posts {
		if err := s.execOne(ctx, tx, `UPDATE posts SET deleted = 1, recommended = 0 WHERE id = ?`, p[0]); err != nil {
			return err
		}
		if err := s.unindexPost(ctx, tx, p[0]); err != nil {
			return err
		}
		if err := s.exec(ctx, tx, `UPDATE threads SET accepted_post_id = 0 WHERE id = ? AND accepted_post_id = ?`, threadID, p[0]); err != nil {
			return err
		}
		recommended += p[1]
	}
	if err := s.execOne(ctx, tx, `UPDATE threads SET reply_count = reply_count - ?, recommended = recommended - ? WHERE id = ?`,
		len(posts), recommended, threadID); err != nil {
		return err
	}
	if err := s.execOne(ctx, tx, `UPDATE users SET reply_count = reply_count - ? WHERE id = ?`, len(posts), userID); err != nil {
		return err
	}
	return s.touchThread(ctx, tx, threadID, 0)
}

// SetDisplayName renames an account's display name.
func (s *Store) SetDisplayName(ctx context.Context, userID int64, name string) error {
	return s.tx(ctx, fmt.Sprintf("rename user %d", userID), func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE users SET display_name = ? WHERE id = ? AND state <> 'deleted'`, name, userID)
	})
}

// UserData gathers what the forum holds about one account.
func (s *Store) UserData(ctx context.Context, userID int64) (*forum.UserData, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	d := &forum.UserData{User: *u}
	rows, err := s.query(ctx, `SELECT t.id, t.title, s.slug, t.created_at, t.deleted FROM threads t JOIN subtopics s ON s.id = t.subtopic_id
		WHERE t.author_id = ? ORDER BY t.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list threads: %w", s.classify(err))
	}
	for rows.Next() {
		var t forum.UserThread
		var created int64
		var deleted int
		if err := rows.Scan(&t.ID, &t.Title, &t.Subtopic, &created, &deleted); err != nil {
			rows.Close()
			return nil, err
		}
		t.CreatedAt, t.Deleted = msTime(created), deleted == 1
		d.Threads = append(d.Threads, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	byID := map[int64]int{}
	rows, err = s.query(ctx, `SELECT id, thread_id, number, body_source, created_at, deleted FROM posts WHERE author_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list posts: %w", s.classify(err))
	}
	for rows.Next() {
		var p forum.UserPost
		var created int64
		var deleted int
		if err := rows.Scan(&p.ID, &p.ThreadID, &p.Number, &p.Source, &created, &deleted); err != nil {
			rows.Close()
			return nil, err
		}
		p.CreatedAt, p.Deleted = msTime(created), deleted == 1
		byID[p.ID] = len(d.Posts)
		d.Posts = append(d.Posts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	rows, err = s.query(ctx, `SELECT r.post_id, r.number, r.title, r.body_source, r.created_at FROM revisions r
		JOIN posts p ON p.id = r.post_id WHERE p.author_id = ? ORDER BY r.post_id, r.number`, userID)
	if err != nil {
		return nil, fmt.Errorf("list revisions: %w", s.classify(err))
	}
	for rows.Next() {
		var r forum.Revision
		var created int64
		if err := rows.Scan(&r.PostID, &r.Number, &r.Title, &r.BodySource, &created); err != nil {
			rows.Close()
			return nil, err
		}
		r.CreatedAt = msTime(created)
		if i, ok := byID[r.PostID]; ok {
			d.Posts[i].Versions = append(d.Posts[i].Versions, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.classify(err)
	}
	boosts, err := s.pairs(ctx, `SELECT post_id, 0 FROM boosts WHERE user_id = ? ORDER BY post_id`, userID)
	if err != nil {
		return nil, err
	}
	for _, b := range boosts {
		d.Boosts = append(d.Boosts, b[0])
	}
	if d.Sessions, err = s.Sessions(ctx, userID); err != nil {
		return nil, err
	}
	if d.Tokens, err = s.Tokens(ctx, userID); err != nil {
		return nil, err
	}
	// What was done to the account and what the account did.
	seen := map[int64]forum.AuditEntry{}
	for _, f := range []forum.AuditFilter{{TargetKind: "user", TargetID: userID, Limit: 1000}, {ActorID: userID, Limit: 1000}} {
		es, err := s.AuditLog(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			seen[e.ID] = e
		}
	}
	for _, id := range slices.Sorted(maps.Keys(seen)) {
		d.Audit = append(d.Audit, seen[id])
	}
	return d, nil
}

// pairs reads rows of two integers outside a transaction.
func (s *Store) pairs(ctx context.Context, query string, args ...any) ([][2]int64, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out [][2]int64
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}
