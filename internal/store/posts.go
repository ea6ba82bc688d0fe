package store

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

const postColumns = `p.id, p.thread_id, p.number, u.id, u.username, u.display_name, u.role, u.title,
	p.body_source, p.body_html, p.created_at, p.edited_at, p.revision_count, p.boost_count,
	p.recommended, p.deleted, th.accepted_post_id, p.deleted_by, p.deleted_at, p.withdrawn_at`

const postJoins = ` FROM posts p JOIN users u ON u.id = p.author_id JOIN threads th ON th.id = p.thread_id`

func scanPost(r scanner) (forum.Post, error) {
	var p forum.Post
	var created, edited, accepted, deletedAt, withdrawn int64
	var recommended, deleted int
	err := r.Scan(&p.ID, &p.ThreadID, &p.Number, &p.Author.ID, &p.Author.Username, &p.Author.DisplayName,
		&p.Author.Role, &p.Author.Title, &p.BodySource, &p.BodyHTML, &created, &edited, &p.RevisionCount,
		&p.BoostCount, &recommended, &deleted, &accepted, &p.DeletedByID, &deletedAt, &withdrawn)
	p.CreatedAt, p.EditedAt = msTime(created), msTime(edited)
	p.DeletedAt, p.Withdrawn = deletedTime(deletedAt), withdrawn != 0
	p.Recommended, p.Deleted, p.Accepted = recommended == 1, deleted == 1, accepted == p.ID
	return p, err
}

// Posts returns a thread's posts numbered from..to, in order.
func (s *Store) Posts(ctx context.Context, threadID int64, from, to int) ([]forum.Post, error) {
	return s.queryPosts(ctx, fmt.Sprintf("load posts of thread %d", threadID),
		"SELECT "+postColumns+postJoins+" WHERE p.thread_id = ? AND p.number BETWEEN ? AND ? ORDER BY p.number",
		threadID, from, to)
}

// PostsByID returns the named posts in id order; missing ids are skipped.
func (s *Store) PostsByID(ctx context.Context, ids []int64) ([]forum.Post, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return s.queryPosts(ctx, "load posts by id",
		"SELECT "+postColumns+postJoins+" WHERE p.id IN ("+placeholders(len(ids))+") ORDER BY p.id", args...)
}

// Post loads one post, live or deleted.
func (s *Store) Post(ctx context.Context, id int64) (*forum.Post, error) {
	posts, err := s.queryPosts(ctx, fmt.Sprintf("load post %d", id), "SELECT "+postColumns+postJoins+" WHERE p.id = ? AND th.deleted = 0", id)
	if err != nil {
		return nil, err
	}
	if len(posts) == 0 {
		return nil, fmt.Errorf("load post %d: %w", id, forum.ErrNotFound)
	}
	return &posts[0], nil
}

// UserReplies returns a user's newest live replies with their threads.
func (s *Store) UserReplies(ctx context.Context, userID int64, limit int) ([]forum.UserReply, error) {
	rows, err := s.query(ctx, ("SELECT " + postColumns + ", th.title, th.slug" + postJoins +
		" WHERE p.author_id = ? AND p.deleted = 0 AND p.number > 1 AND th.deleted = 0 ORDER BY p.id DESC LIMIT ?"),
		userID, forum.ClampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("load replies of user %d: %w", userID, s.classify(err))
	}
	defer rows.Close()
	var out []forum.UserReply
	for rows.Next() {
		var r forum.UserReply
		var created, edited, accepted, deletedAt, withdrawn int64
		var recommended, deleted int
		p := &r.Post
		if err := rows.Scan(&p.ID, &p.ThreadID, &p.Number, &p.Author.ID, &p.Author.Username, &p.Author.DisplayName,
			&p.Author.Role, &p.Author.Title, &p.BodySource, &p.BodyHTML, &created, &edited, &p.RevisionCount,
			&p.BoostCount, &recommended, &deleted, &accepted, &p.DeletedByID, &deletedAt, &withdrawn, &r.ThreadTitle, &r.ThreadSlug); err != nil {
			return nil, fmt.Errorf("scan user reply: %w", err)
		}
		p.CreatedAt, p.EditedAt = msTime(created), msTime(edited)
		p.Recommended, p.Accepted = recommended == 1, accepted == p.ID
		r.ThreadID = p.ThreadID
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

// Revisions returns every kept version of a post, oldest first.
func (s *Store) Revisions(ctx context.Context, postID int64) ([]forum.Revision, error) {
	return s.queryRevisions(ctx, postID, `WHERE r.post_id = ?`, postID)
}

// RevisionRange returns the kept versions of a post whose numbers lie in
// [from, to], oldest first: one page of a history without the rest.
func (s *Store) RevisionRange(ctx context.Context, postID int64, from, to int) ([]forum.Revision, error) {
	return s.queryRevisions(ctx, postID, `WHERE r.post_id = ? AND r.number BETWEEN ? AND ?`, postID, from, to)
}

func (s *Store) queryRevisions(ctx context.Context, postID int64, where string, args ...any) ([]forum.Revision, error) {
	rows, err := s.query(ctx, `SELECT r.post_id, r.number, r.title, r.body_source, r.created_at, r.hidden,
		u.id, u.username, u.display_name, u.role, u.title
		FROM revisions r JOIN users u ON u.id = r.editor_id `+where+` ORDER BY r.number`, args...)
	if err != nil {
		return nil, fmt.Errorf("load revisions of post %d: %w", postID, s.classify(err))
	}
	defer rows.Close()
	var out []forum.Revision
	for rows.Next() {
		var r forum.Revision
		var created int64
		var hidden int
		if err := rows.Scan(&r.PostID, &r.Number, &r.Title, &r.BodySource, &created, &hidden,
			&r.Editor.ID, &r.Editor.Username, &r.Editor.DisplayName, &r.Editor.Role, &r.Editor.Title); err != nil {
			return nil, fmt.Errorf("scan revision: %w", err)
		}
		r.CreatedAt, r.Hidden = msTime(created), hidden == 1
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

func (s *Store) queryPosts(ctx context.Context, what, query string, args ...any) ([]forum.Post, error) {
	rows, err := s.query(ctx, (query), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, s.classify(err))
	}
	defer rows.Close()
	var posts []forum.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: scan: %w", what, err)
		}
		posts = append(posts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, s.classify(err))
	}
	return posts, nil
}

// AnswerPosts returns the thread's accepted and staff-recommended live
// replies, in thread order.
func (s *Store) AnswerPosts(ctx context.Context, threadID int64) ([]forum.Post, error) {
	return s.queryPosts(ctx, fmt.Sprintf("load answers of thread %d", threadID),
		"SELECT "+postColumns+postJoins+` WHERE p.thread_id = ? AND p.deleted = 0 AND p.number > 1
		AND (p.recommended = 1 OR p.id = th.accepted_post_id) ORDER BY p.number`, threadID)
}

// deletedTime is a deletion time column: 0 (never deleted, or deleted
// before the time was kept) is the zero time.
func deletedTime(at int64) time.Time {
	if at == 0 {
		return time.Time{}
	}
	return msTime(at)
}
