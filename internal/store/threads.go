package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

// threadColumns is the row shape every thread query selects; scanThread
// reads it.
const threadColumns = `t.id, t.title, t.slug, t.excerpt, s.id, s.slug, s.title,
	u.id, u.username, u.display_name, u.role, u.title,
	t.first_post_id, t.pinned, t.locked, t.created_at, t.last_activity_at,
	t.reply_count, t.post_seq, t.boost_count, t.view_count, t.accepted_post_id, t.recommended, t.unlisted`

const threadJoins = ` FROM threads t
	JOIN subtopics s ON s.id = t.subtopic_id
	JOIN users u ON u.id = t.author_id`

type scanner interface{ Scan(dest ...any) error }

func scanThread(r scanner) (forum.Thread, error) {
	var t forum.Thread
	var pinned, locked, unlisted int
	var created, active int64
	err := r.Scan(&t.ID, &t.Title, &t.Slug, &t.Excerpt, &t.Subtopic.ID, &t.Subtopic.Slug, &t.Subtopic.Title,
		&t.Author.ID, &t.Author.Username, &t.Author.DisplayName, &t.Author.Role, &t.Author.Title,
		&t.FirstPostID, &pinned, &locked, &created, &active,
		&t.ReplyCount, &t.PostSeq, &t.BoostCount, &t.ViewCount, &t.AcceptedPostID, &t.Recommended, &unlisted)
	t.Pinned, t.PinnedGlobal, t.Locked, t.Unlisted = pinned != 0, pinned == 2, locked == 1, unlisted == 1
	t.CreatedAt, t.LastActivityAt = msTime(created), msTime(active)
	return t, err
}

var sortColumns = map[forum.Sort]string{
	forum.SortActivity: "t.last_activity_at",
	forum.SortNewest:   "t.created_at",
	forum.SortBoosts:   "t.boost_count",
	forum.SortViews:    "t.view_count",
	forum.SortReplies:  "t.reply_count",
}

// ListThreads returns one keyset page of threads. Subtopic lists leave out
// pinned threads, which PinnedThreads serves above them.
func (s *Store) ListThreads(ctx context.Context, lq forum.ListQuery) ([]forum.Thread, error) {
	col, ok := sortColumns[lq.Sort]
	if !ok {
		return nil, fmt.Errorf("list threads: unknown sort %q", lq.Sort)
	}
	var where []string
	var args []any
	from := threadJoins
	// Unlisted threads are reachable by link only.
	where = append(where, "t.deleted = 0", "t.unlisted = 0")
	switch {
	case lq.Scope.SubtopicID != 0:
		where = append(where, "t.subtopic_id = ?", "t.pinned = 0")
		args = append(args, lq.Scope.SubtopicID)
	case lq.Scope.TagID != 0:
		var err error
		if from, err = s.tagListFrom(ctx, lq.Scope.TagID); err != nil {
			return nil, err
		}
		if from == threadJoins {
			where = append(where, "t.id IN (SELECT thread_id FROM thread_tags WHERE tag_id = ?)")
		} else {
			where = append(where, "tt.thread_id = t.id", "tt.tag_id = ?")
		}
		args = append(args, lq.Scope.TagID)
	case lq.Scope.AuthorID != 0:
		where = append(where, "t.author_id = ?")
		args = append(args, lq.Scope.AuthorID)
	}
	switch lq.Filter {
	case forum.FilterUnanswered:
		where = append(where, "t.reply_count = 0")
	case forum.FilterSolved:
		where = append(where, "t.solved = 1")
	}
	cmp, dir := ">", "ASC"
	if lq.Desc {
		cmp, dir = "<", "DESC"
	}
	if c := lq.After; c != nil {
		where = append(where, fmt.Sprintf("(%s %s ? OR (%s = ? AND t.id %s ?))", col, cmp, col, cmp))
		args = append(args, c.Key, c.Key, c.ID)
	}
	args = append(args, forum.ClampLimit(lq.Limit))
	query := "SELECT " + threadColumns + from + " WHERE " + strings.Join(where, " AND ") +
		fmt.Sprintf(" ORDER BY %s %s, t.id %s LIMIT ?", col, dir, dir)
	return s.queryThreads(ctx, "list threads", query, args...)
}

// PinnedThreads returns a subtopic's pinned threads (pinned there or
// everywhere), newest activity first.
func (s *Store) PinnedThreads(ctx context.Context, subtopicID int64) ([]forum.Thread, error) {
	return s.queryThreads(ctx, "list pinned threads", "SELECT "+threadColumns+threadJoins+
		" WHERE t.subtopic_id = ? AND t.pinned <> 0 AND t.deleted = 0 AND t.unlisted = 0 ORDER BY t.last_activity_at DESC, t.id DESC", subtopicID)
}

// Thread loads one live thread with its tags.
func (s *Store) Thread(ctx context.Context, id int64) (*forum.Thread, error) {
	threads, err := s.queryThreads(ctx, fmt.Sprintf("load thread %d", id),
		"SELECT "+threadColumns+threadJoins+" WHERE t.id = ? AND t.deleted = 0", id)
	if err != nil {
		return nil, err
	}
	if len(threads) == 0 {
		return nil, fmt.Errorf("load thread %d: %w", id, forum.ErrNotFound)
	}
	return &threads[0], nil
}

// queryThreads runs a thread query and attaches tags with one more query,
// so a list costs two round trips whatever its length.
func (s *Store) queryThreads(ctx context.Context, what, query string, args ...any) ([]forum.Thread, error) {
	rows, err := s.query(ctx, (query), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, s.classify(err))
	}
	defer rows.Close()
	var threads []forum.Thread
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: scan: %w", what, s.classify(err))
		}
		threads = append(threads, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, s.classify(err))
	}
	if err := s.attachTags(ctx, threads); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return threads, nil
}

func (s *Store) attachTags(ctx context.Context, threads []forum.Thread) error {
	if len(threads) == 0 {
		return nil
	}
	index := make(map[int64]int, len(threads))
	args := make([]any, len(threads))
	for i := range threads {
		index[threads[i].ID] = i
		args[i] = threads[i].ID
	}
	rows, err := s.query(ctx, (`SELECT tt.thread_id, g.name FROM thread_tags tt
		JOIN tags g ON g.id = tt.tag_id WHERE tt.thread_id IN (` + placeholders(len(args)) + `) ORDER BY g.name`), args...)
	if err != nil {
		return fmt.Errorf("load tags: %w", s.classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("scan tag: %w", s.classify(err))
		}
		t := &threads[index[id]]
		t.Tags = append(t.Tags, name)
	}
	return s.classify(rows.Err())
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// IsEmpty reports whether the forum has no topics yet (a new database).
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	if err := s.eng.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM topics LIMIT 1) x`).Scan(&n); err != nil {
		return false, fmt.Errorf("check empty: %w", s.classify(err))
	}
	return n == 0, nil
}
