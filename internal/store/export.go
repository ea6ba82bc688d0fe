package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/archive"
)

// Export writes the whole forum to w, every table read in one transaction
// so the archive is a consistent snapshot even while the forum serves.
// Without withSecrets it leaves out password hashes, sessions, API tokens
// and secret settings.
func (s *Store) Export(ctx context.Context, out *archive.Writer, withSecrets bool) error {
	// One snapshot for every query (see the dialects' SnapshotTx).
	tx, err := s.eng.Read.BeginTx(ctx, s.d.SnapshotTx())
	if err != nil {
		return fmt.Errorf("export: begin: %w", s.classify(err))
	}
	defer tx.Rollback() //nolint:errcheck // read-only; nothing to undo
	e := exporter{s: s, tx: tx, out: out}
	steps := []func(context.Context) error{
		func(ctx context.Context) error { return e.settings(ctx, withSecrets) },
		func(ctx context.Context) error { return e.users(ctx, withSecrets) },
		e.topics, e.subtopics, e.tags, e.subtopicTags, e.tagSynonyms, e.slugHistory, e.threads, e.threadTags, e.threadNotices, e.posts, e.revisions, e.boosts, e.audit,
	}
	if withSecrets {
		steps = append(steps, e.sessions, e.tokens, e.feedTokens, e.invites)
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return fmt.Errorf("export: %w", s.classify(err))
		}
	}
	return nil
}

// ExportHeader describes this database for an archive's first line.
func (s *Store) ExportHeader(ctx context.Context, withSecrets bool, now time.Time) (archive.Header, error) {
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return archive.Header{}, fmt.Errorf("export: %w", err)
	}
	return archive.Header{Engine: string(s.eng.Kind), Schema: v, ExportedAt: now.UnixMilli(), WithSecrets: withSecrets}, nil
}

type exporter struct {
	s   *Store
	tx  *sql.Tx
	out *archive.Writer
}

// byteOrder sorts a text column by its bytes on every engine, so archives
// of the same rows are identical whatever the database's collation.
func (e *exporter) byteOrder(col string) string { return e.s.d.ByteOrder(col) }

// each runs query in the export transaction and writes one record of kind
// per row, built by scan.
func each[T any](ctx context.Context, e *exporter, kind, query string, scan func(*sql.Rows, *T) error, keep func(*T) bool) error {
	rows, err := e.tx.QueryContext(ctx, e.s.q(query))
	if err != nil {
		return fmt.Errorf("read %s rows: %w", kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return fmt.Errorf("scan %s: %w", kind, err)
		}
		if keep != nil && !keep(&v) {
			continue
		}
		if err := e.out.Write(kind, &v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s rows: %w", kind, err)
	}
	return nil
}

func (e *exporter) settings(ctx context.Context, withSecrets bool) error {
	return each(ctx, e, archive.KindSetting, `SELECT key, value, version, updated_at, updated_by FROM settings ORDER BY `+e.byteOrder("key"),
		func(r *sql.Rows, v *archive.Setting) error {
			return r.Scan(&v.Key, &v.Value, &v.Version, &v.UpdatedAt, &v.UpdatedBy)
		},
		func(v *archive.Setting) bool { return withSecrets || !archive.SecretSetting(v.Key) })
}

func (e *exporter) users(ctx context.Context, withSecrets bool) error {
	return each(ctx, e, archive.KindUser, `SELECT id, username, display_name, COALESCE(email, ''), password_hash, role, title,
		created_at, thread_count, reply_count, state, suspended_until, suspend_reason, approved_at, last_seen_at, email_verified_at FROM users ORDER BY id`,
		func(r *sql.Rows, v *archive.User) error {
			err := r.Scan(&v.ID, &v.Username, &v.DisplayName, &v.Email, &v.PasswordHash, &v.Role, &v.Title,
				&v.CreatedAt, &v.ThreadCount, &v.ReplyCount, &v.State, &v.SuspendedUntil, &v.SuspendReason, &v.ApprovedAt, &v.LastSeenAt, &v.EmailVerifiedAt)
			if !withSecrets {
				v.PasswordHash = ""
			}
			return err
		}, nil)
}

func (e *exporter) topics(ctx context.Context) error {
	return each(ctx, e, archive.KindTopic, `SELECT id, title, slug, description, position, archived, version FROM topics ORDER BY id`,
		func(r *sql.Rows, v *archive.Topic) error {
			var archived int
			err := r.Scan(&v.ID, &v.Title, &v.Slug, &v.Description, &v.Position, &archived, &v.Version)
			v.Archived = archived == 1
			return err
		}, nil)
}

func (e *exporter) subtopics(ctx context.Context) error {
	return each(ctx, e, archive.KindSubtopic, `SELECT id, topic_id, title, slug, description, docs_title, docs_url, position, thread_count,
		archived, staff_only, require_tag, version FROM subtopics ORDER BY id`,
		func(r *sql.Rows, v *archive.Subtopic) error {
			var archived, staff, req int
			err := r.Scan(&v.ID, &v.TopicID, &v.Title, &v.Slug, &v.Description, &v.DocsTitle, &v.DocsURL, &v.Position, &v.ThreadCount,
				&archived, &staff, &req, &v.Version)
			v.Archived, v.StaffOnly, v.RequireTag = archived == 1, staff == 1, req == 1
			return err
		}, nil)
}

func (e *exporter) tags(ctx context.Context) error {
	return each(ctx, e, archive.KindTag, `SELECT id, name, description, thread_count, version FROM tags ORDER BY id`,
		func(r *sql.Rows, v *archive.Tag) error {
			return r.Scan(&v.ID, &v.Name, &v.Description, &v.ThreadCount, &v.Version)
		}, nil)
}

func (e *exporter) subtopicTags(ctx context.Context) error {
	return each(ctx, e, archive.KindSubtopicTag, `SELECT subtopic_id, tag_id FROM subtopic_tags ORDER BY subtopic_id, tag_id`,
		func(r *sql.Rows, v *archive.SubtopicTag) error { return r.Scan(&v.SubtopicID, &v.TagID) }, nil)
}

func (e *exporter) tagSynonyms(ctx context.Context) error {
	return each(ctx, e, archive.KindTagSynonym, `SELECT name, tag_id FROM tag_synonyms ORDER BY `+e.byteOrder("name"),
		func(r *sql.Rows, v *archive.TagSynonym) error { return r.Scan(&v.Name, &v.TagID) }, nil)
}

func (e *exporter) slugHistory(ctx context.Context) error {
	return each(ctx, e, archive.KindSlugHistory, `SELECT kind, slug, target_id FROM slug_history ORDER BY `+e.byteOrder("kind")+`, `+e.byteOrder("slug"),
		func(r *sql.Rows, v *archive.SlugHistory) error { return r.Scan(&v.Kind, &v.Slug, &v.TargetID) }, nil)
}

func (e *exporter) threadNotices(ctx context.Context) error {
	return each(ctx, e, archive.KindThreadNotice, `SELECT id, thread_id, kind, actor_id, actor_name, text, after_post, created_at
		FROM thread_notices ORDER BY id`,
		func(r *sql.Rows, v *archive.ThreadNotice) error {
			return r.Scan(&v.ID, &v.ThreadID, &v.Kind, &v.ActorID, &v.ActorName, &v.Text, &v.AfterPost, &v.CreatedAt)
		}, nil)
}

func (e *exporter) threads(ctx context.Context) error {
	return each(ctx, e, archive.KindThread, `SELECT id, subtopic_id, author_id, title, slug, excerpt, first_post_id,
		pinned, locked, deleted, created_at, last_activity_at, post_seq, reply_count, boost_count, view_count,
		accepted_post_id, recommended, solved, unlisted FROM threads ORDER BY id`,
		func(r *sql.Rows, v *archive.Thread) error {
			var pinned, locked, deleted, solved, unlisted int
			err := r.Scan(&v.ID, &v.SubtopicID, &v.AuthorID, &v.Title, &v.Slug, &v.Excerpt, &v.FirstPostID,
				&pinned, &locked, &deleted, &v.CreatedAt, &v.LastActivityAt, &v.PostSeq, &v.ReplyCount, &v.BoostCount,
				&v.ViewCount, &v.AcceptedPostID, &v.Recommended, &solved, &unlisted)
			v.Pinned, v.PinnedGlobal, v.Locked, v.Deleted, v.Solved = pinned != 0, pinned == 2, locked == 1, deleted == 1, solved == 1
			v.Unlisted = unlisted == 1
			return err
		}, nil)
}

func (e *exporter) threadTags(ctx context.Context) error {
	return each(ctx, e, archive.KindThreadTag, `SELECT thread_id, tag_id FROM thread_tags ORDER BY thread_id, tag_id`,
		func(r *sql.Rows, v *archive.ThreadTag) error { return r.Scan(&v.ThreadID, &v.TagID) }, nil)
}

func (e *exporter) posts(ctx context.Context) error {
	return each(ctx, e, archive.KindPost, `SELECT id, thread_id, number, author_id, body_source, body_html, body_text,
		created_at, edited_at, revision_count, boost_count, recommended, recommended_by, deleted,
		deleted_by, deleted_at, withdrawn_at, purged_at FROM posts ORDER BY id`,
		func(r *sql.Rows, v *archive.Post) error {
			var recommended, deleted int
			err := r.Scan(&v.ID, &v.ThreadID, &v.Number, &v.AuthorID, &v.BodySource, &v.BodyHTML, &v.BodyText,
				&v.CreatedAt, &v.EditedAt, &v.RevisionCount, &v.BoostCount, &recommended, &v.RecommendedBy, &deleted,
				&v.DeletedBy, &v.DeletedAt, &v.WithdrawnAt, &v.PurgedAt)
			v.Recommended, v.Deleted = recommended == 1, deleted == 1
			return err
		}, nil)
}

func (e *exporter) revisions(ctx context.Context) error {
	return each(ctx, e, archive.KindRevision, `SELECT id, post_id, number, title, body_source, editor_id, created_at, hidden
		FROM revisions ORDER BY id`,
		func(r *sql.Rows, v *archive.Revision) error {
			var hidden int
			err := r.Scan(&v.ID, &v.PostID, &v.Number, &v.Title, &v.BodySource, &v.EditorID, &v.CreatedAt, &hidden)
			v.Hidden = hidden == 1
			return err
		}, nil)
}

func (e *exporter) boosts(ctx context.Context) error {
	return each(ctx, e, archive.KindBoost, `SELECT post_id, user_id, created_at FROM boosts ORDER BY post_id, user_id`,
		func(r *sql.Rows, v *archive.Boost) error { return r.Scan(&v.PostID, &v.UserID, &v.CreatedAt) }, nil)
}

func (e *exporter) sessions(ctx context.Context) error {
	return each(ctx, e, archive.KindSession, `SELECT id, user_id, created_at, last_seen_at, expires_at, user_agent, ip
		FROM sessions ORDER BY `+e.byteOrder("id"),
		func(r *sql.Rows, v *archive.Session) error {
			return r.Scan(&v.ID, &v.UserID, &v.CreatedAt, &v.LastSeenAt, &v.ExpiresAt, &v.UserAgent, &v.IP)
		}, nil)
}

func (e *exporter) tokens(ctx context.Context) error {
	return each(ctx, e, archive.KindToken, `SELECT id, user_id, name, token_hash, created_at, last_used_at
		FROM api_tokens ORDER BY id`,
		func(r *sql.Rows, v *archive.Token) error {
			return r.Scan(&v.ID, &v.UserID, &v.Name, &v.TokenHash, &v.CreatedAt, &v.LastUsedAt)
		}, nil)
}

func (e *exporter) audit(ctx context.Context) error {
	return each(ctx, e, archive.KindAudit, `SELECT id, at, actor_id, actor_name, action, target_kind, target_id,
		target_label, reason, detail, ip FROM audit_log ORDER BY id`,
		func(r *sql.Rows, v *archive.Audit) error {
			return r.Scan(&v.ID, &v.At, &v.ActorID, &v.ActorName, &v.Action, &v.TargetKind, &v.TargetID,
				&v.TargetLabel, &v.Reason, &v.Detail, &v.IP)
		}, nil)
}

func (e *exporter) feedTokens(ctx context.Context) error {
	return each(ctx, e, archive.KindFeedToken, `SELECT user_id, token_hash, created_at FROM feed_tokens ORDER BY user_id`,
		func(r *sql.Rows, v *archive.FeedToken) error { return r.Scan(&v.UserID, &v.TokenHash, &v.CreatedAt) }, nil)
}

func (e *exporter) invites(ctx context.Context) error {
	return each(ctx, e, archive.KindInvite, `SELECT id, code_hash, email, created_by, created_at, expires_at, max_uses, uses, revoked, note
		FROM invites ORDER BY id`,
		func(r *sql.Rows, v *archive.Invite) error {
			var revoked int
			err := r.Scan(&v.ID, &v.CodeHash, &v.Email, &v.CreatedBy, &v.CreatedAt, &v.ExpiresAt, &v.MaxUses, &v.Uses, &revoked, &v.Note)
			v.Revoked = revoked == 1
			return err
		}, nil)
}
