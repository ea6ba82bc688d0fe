package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/parley-forum/parley/internal/archive"
)

// importBatch is how many records one import transaction writes: large
// enough to amortize commits, small enough to keep SQLite's writer free
// for short stretches and PostgreSQL's transactions modest.
const importBatch = 2000

// ErrNotEmpty refuses an import into a database that already has a forum.
var ErrNotEmpty = errors.New("the database already holds a forum; import only into a new, empty database")

// Import loads an archive into this empty database, keeping every id. It
// writes in batches of one transaction each, then moves PostgreSQL's id
// sequences past the imported ids and checks that every counter equals
// its rows. It returns the number of records of each kind.
func (s *Store) Import(ctx context.Context, in *archive.Reader) (map[string]int64, error) {
	return s.ImportWith(ctx, in, ImportOptions{})
}

// ImportWith is Import with options (see ImportOptions).
func (s *Store) ImportWith(ctx context.Context, in *archive.Reader, opt ImportOptions) (map[string]int64, error) {
	if err := s.requireEmpty(ctx); err != nil {
		return nil, err
	}
	batch := importBatch
	if opt.OneTransaction {
		batch = math.MaxInt
	}
	done := false
	for !done {
		err := s.tx(ctx, "import", func(tx *sql.Tx) error {
			b := importer{s: s, tx: tx, stmts: map[string]*sql.Stmt{}, render: opt.Render}
			defer b.close()
			for n := 0; n < batch; n++ {
				rec, err := in.Next()
				if err == io.EOF {
					done = true
					break
				}
				if err != nil {
					return err
				}
				if err := b.add(ctx, rec); err != nil {
					return fmt.Errorf("archive line %d or the rows before it: %w", in.Line(), err)
				}
			}
			if err := b.flush(ctx); err != nil {
				return fmt.Errorf("archive line %d or the rows before it: %w", in.Line(), err)
			}
			if opt.OneTransaction {
				return s.finishImportTx(ctx, tx)
			}
			return nil
		})
		if err != nil && opt.OneTransaction {
			return nil, fmt.Errorf("%w (nothing was imported)", err)
		}
		if err != nil {
			return nil, fmt.Errorf("%w (earlier batches were committed: import into a new, empty database again after fixing this)", err)
		}
	}
	if opt.OneTransaction {
		return in.Counts(), nil
	}
	if err := s.resetSequences(ctx); err != nil {
		return nil, err
	}
	problems, err := s.CheckCounters(ctx)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("import: the archive's counters disagree with its rows: %s", strings.Join(problems, "; "))
	}
	return in.Counts(), nil
}

// requireEmpty refuses a database with any account, topic or thread.
// Settings do not count: a database that was started once has a key.
func (s *Store) requireEmpty(ctx context.Context) error {
	for _, table := range []string{"users", "topics", "threads"} {
		var n int
		q := `SELECT COUNT(*) FROM (SELECT 1 FROM ` + table + ` LIMIT 1) x`
		if err := s.eng.Read.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("import: check that the database is empty: %w", s.classify(err))
		}
		if n > 0 {
			return fmt.Errorf("import: %w (it has %s)", ErrNotEmpty, table)
		}
	}
	return nil
}

// resetSequences moves each id sequence (PostgreSQL's identities) past
// the largest imported id, so the next row the forum inserts gets a fresh
// one.
func (s *Store) resetSequences(ctx context.Context) error {
	exec := func(query string, args ...any) error {
		_, err := s.eng.Write.ExecContext(ctx, s.q(query), args...)
		return err
	}
	for _, table := range []string{"users", "topics", "subtopics", "tags", "threads", "posts", "revisions", "api_tokens", "audit_log", "invites"} {
		if err := s.d.SyncIDs(exec, table); err != nil {
			return fmt.Errorf("import: reset the %s id sequence: %w", table, s.classify(err))
		}
	}
	return nil
}

// importer writes the records of one batch. Consecutive records of one
// kind (an archive groups them) go out as multi-row INSERTs of up to
// importRows rows, which saves a round trip per row on PostgreSQL and a
// statement step per row on SQLite.
type importer struct {
	s     *Store
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	kind  string // kind of the pending rows
	rows  []any  // their arguments, row after row
	n     int    // how many rows are pending
	// render, when set, renders each post's HTML and text again from its
	// source (see ImportOptions).
	render func(source string) (html, text string, err error)
}

// importRows bounds one INSERT: far below both engines' limits on
// parameters (the widest row, a thread, has 19).
const importRows = 100

// insertSpec is the SQL of one kind: head, one row's placeholders
// (repeated, comma-separated, for a multi-row insert) and a tail.
type insertSpec struct{ head, row, tail string }

// Tables are written in the archive's order, so every row a record refers
// to exists already; on PostgreSQL nothing else writes to an empty
// database, so the lock order of live writes (locks.go) does not come
// into play.
var insertSpecs = map[string]insertSpec{
	archive.KindSetting: {`INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES `, `(?, ?, ?, ?, ?)`,
		` ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version,
		updated_at = excluded.updated_at, updated_by = excluded.updated_by`},
	archive.KindUser: {`INSERT INTO users (id, username, display_name, email, password_hash, role, title,
		created_at, thread_count, reply_count, state, suspended_until, suspend_reason, approved_at, last_seen_at, email_verified_at) VALUES `,
		`(?, ?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindTopic: {`INSERT INTO topics (id, title, slug, description, position, archived, version) VALUES `, `(?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindSubtopic: {`INSERT INTO subtopics (id, topic_id, title, slug, description, docs_title, docs_url, position, thread_count,
		archived, staff_only, require_tag, version) VALUES `, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindTag:         {`INSERT INTO tags (id, name, description, thread_count, version) VALUES `, `(?, ?, ?, ?, ?)`, ``},
	archive.KindSubtopicTag: {`INSERT INTO subtopic_tags (subtopic_id, tag_id) VALUES `, `(?, ?)`, ``},
	archive.KindTagSynonym:  {`INSERT INTO tag_synonyms (name, tag_id) VALUES `, `(?, ?)`, ``},
	archive.KindSlugHistory: {`INSERT INTO slug_history (kind, slug, target_id) VALUES `, `(?, ?, ?)`, ``},
	archive.KindThreadNotice: {`INSERT INTO thread_notices (id, thread_id, kind, actor_id, actor_name, text, after_post, created_at) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindThread: {`INSERT INTO threads (id, subtopic_id, author_id, title, slug, excerpt, first_post_id,
		pinned, locked, deleted, created_at, last_activity_at, post_seq, reply_count, boost_count, view_count,
		accepted_post_id, recommended, solved, unlisted) VALUES `, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindThreadTag: {`INSERT INTO thread_tags (thread_id, tag_id) VALUES `, `(?, ?)`, ``},
	archive.KindPost: {`INSERT INTO posts (id, thread_id, number, author_id, body_source, body_html, body_text,
		created_at, edited_at, revision_count, boost_count, recommended, recommended_by, deleted,
		deleted_by, deleted_at, withdrawn_at, purged_at) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindRevision: {`INSERT INTO revisions (id, post_id, number, title, body_source, editor_id, created_at, hidden) VALUES `, `(?, ?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindBoost:    {`INSERT INTO boosts (post_id, user_id, created_at) VALUES `, `(?, ?, ?)`, ``},
	archive.KindSession:  {`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent, ip) VALUES `, `(?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindToken:    {`INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at) VALUES `, `(?, ?, ?, ?, ?, ?)`, ``},
	archive.KindAudit: {`INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_kind, target_id, target_label,
		reason, detail, ip) VALUES `, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``},
	archive.KindFeedToken: {`INSERT INTO feed_tokens (user_id, token_hash, created_at) VALUES `, `(?, ?, ?)`, ``},
	archive.KindInvite: {`INSERT INTO invites (id, code_hash, email, created_by, created_at, expires_at, max_uses, uses, revoked, note) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``},
}

func (b *importer) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

// add queues one record, writing the queue first when the kind changes or
// the queue is full.
func (b *importer) add(ctx context.Context, rec archive.Record) error {
	rec, err := b.rerender(rec)
	if err != nil {
		return err
	}
	args, err := recordArgs(rec)
	if err != nil {
		return err
	}
	if b.kind != rec.Kind {
		if err := b.flush(ctx); err != nil {
			return err
		}
		b.kind = rec.Kind
	}
	b.rows = append(b.rows, args...)
	b.n++
	if b.n == importRows {
		return b.flush(ctx)
	}
	return nil
}

// flush writes the queued rows in one statement. Full-size statements are
// prepared once per batch; the shorter last one of a kind runs unprepared.
func (b *importer) flush(ctx context.Context) error {
	if b.n == 0 {
		return nil
	}
	spec := insertSpecs[b.kind]
	query := spec.head + strings.TrimSuffix(strings.Repeat(spec.row+", ", b.n), ", ") + spec.tail
	var err error
	if b.n == importRows {
		st, ok := b.stmts[query]
		if !ok {
			if st, err = b.tx.PrepareContext(ctx, b.s.q(query)); err != nil {
				return fmt.Errorf("insert %s: %w", b.kind, err)
			}
			b.stmts[query] = st
		}
		_, err = st.ExecContext(ctx, b.rows...)
	} else {
		_, err = b.tx.ExecContext(ctx, b.s.q(query), b.rows...)
	}
	if err != nil {
		return fmt.Errorf("insert %d %s rows: %w", b.n, b.kind, err)
	}
	b.rows, b.n = b.rows[:0], 0
	return nil
}

// recordArgs decodes one record into its row's arguments, in the column
// order of its insertSpec.
func recordArgs(rec archive.Record) ([]any, error) {
	switch rec.Kind {
	case archive.KindSetting:
		var v archive.Setting
		return decodeArgs(rec, &v, func() []any { return []any{v.Key, v.Value, v.Version, v.UpdatedAt, v.UpdatedBy} })
	case archive.KindUser:
		var v archive.User
		return decodeArgs(rec, &v, func() []any {
			state := v.State
			if state == "" {
				state = "active"
			}
			return []any{v.ID, v.Username, v.DisplayName, v.Email, v.PasswordHash, v.Role, v.Title, v.CreatedAt, v.ThreadCount, v.ReplyCount,
				state, v.SuspendedUntil, v.SuspendReason, v.ApprovedAt, v.LastSeenAt, v.EmailVerifiedAt}
		})
	case archive.KindTopic:
		var v archive.Topic
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.Title, v.Slug, v.Description, v.Position, b2i(v.Archived), version(v.Version)}
		})
	case archive.KindSubtopic:
		var v archive.Subtopic
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.TopicID, v.Title, v.Slug, v.Description, v.DocsTitle, v.DocsURL, v.Position, v.ThreadCount,
				b2i(v.Archived), b2i(v.StaffOnly), b2i(v.RequireTag), version(v.Version)}
		})
	case archive.KindTag:
		var v archive.Tag
		return decodeArgs(rec, &v, func() []any { return []any{v.ID, v.Name, v.Description, v.ThreadCount, version(v.Version)} })
	case archive.KindSubtopicTag:
		var v archive.SubtopicTag
		return decodeArgs(rec, &v, func() []any { return []any{v.SubtopicID, v.TagID} })
	case archive.KindTagSynonym:
		var v archive.TagSynonym
		return decodeArgs(rec, &v, func() []any { return []any{v.Name, v.TagID} })
	case archive.KindSlugHistory:
		var v archive.SlugHistory
		return decodeArgs(rec, &v, func() []any { return []any{v.Kind, v.Slug, v.TargetID} })
	case archive.KindThreadNotice:
		var v archive.ThreadNotice
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.ThreadID, v.Kind, v.ActorID, v.ActorName, v.Text, v.AfterPost, v.CreatedAt}
		})
	case archive.KindThread:
		var v archive.Thread
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.SubtopicID, v.AuthorID, v.Title, v.Slug, v.Excerpt, v.FirstPostID,
				pinArg(v.Pinned, v.PinnedGlobal), b2i(v.Locked), b2i(v.Deleted), v.CreatedAt, v.LastActivityAt, v.PostSeq, v.ReplyCount,
				v.BoostCount, v.ViewCount, v.AcceptedPostID, v.Recommended, b2i(v.Solved), b2i(v.Unlisted)}
		})
	case archive.KindThreadTag:
		var v archive.ThreadTag
		return decodeArgs(rec, &v, func() []any { return []any{v.ThreadID, v.TagID} })
	case archive.KindPost:
		var v archive.Post
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.ThreadID, v.Number, v.AuthorID, v.BodySource, v.BodyHTML, v.BodyText, v.CreatedAt, v.EditedAt,
				v.RevisionCount, v.BoostCount, b2i(v.Recommended), v.RecommendedBy, b2i(v.Deleted),
				v.DeletedBy, v.DeletedAt, v.WithdrawnAt, v.PurgedAt}
		})
	case archive.KindRevision:
		var v archive.Revision
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.PostID, v.Number, v.Title, v.BodySource, v.EditorID, v.CreatedAt, b2i(v.Hidden)}
		})
	case archive.KindBoost:
		var v archive.Boost
		return decodeArgs(rec, &v, func() []any { return []any{v.PostID, v.UserID, v.CreatedAt} })
	case archive.KindSession:
		var v archive.Session
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.UserID, v.CreatedAt, v.LastSeenAt, v.ExpiresAt, v.UserAgent, v.IP}
		})
	case archive.KindInvite:
		var v archive.Invite
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.CodeHash, v.Email, v.CreatedBy, v.CreatedAt, v.ExpiresAt, v.MaxUses, v.Uses, b2i(v.Revoked), v.Note}
		})
	case archive.KindToken:
		var v archive.Token
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.UserID, v.Name, v.TokenHash, v.CreatedAt, v.LastUsedAt}
		})
	case archive.KindAudit:
		var v archive.Audit
		return decodeArgs(rec, &v, func() []any {
			return []any{v.ID, v.At, v.ActorID, v.ActorName, v.Action, v.TargetKind, v.TargetID, v.TargetLabel, v.Reason, v.Detail, v.IP}
		})
	case archive.KindFeedToken:
		var v archive.FeedToken
		return decodeArgs(rec, &v, func() []any { return []any{v.UserID, v.TokenHash, v.CreatedAt} })
	}
	return nil, fmt.Errorf("unknown record kind %q", rec.Kind)
}

// version is a row version from an archive; older archives have none.
func version(v int64) int64 {
	if v < 1 {
		return 1
	}
	return v
}

// pinArg is threads.pinned: 0, 1 in its subtopic, 2 everywhere.
func pinArg(pinned, global bool) int {
	switch {
	case global:
		return 2
	case pinned:
		return 1
	}
	return 0
}

func decodeArgs(rec archive.Record, v any, args func() []any) ([]any, error) {
	if err := rec.Decode(v); err != nil {
		return nil, err
	}
	return args(), nil
}
