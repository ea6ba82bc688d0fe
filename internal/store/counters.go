package store

import (
	"context"
	"database/sql"
	"fmt"
)

// counterChecks each select the ids whose stored counter differs from what
// the rows say. They are the definition of every denormalized counter.
var counterChecks = []struct{ name, query string }{
	{"subtopics.thread_count", `SELECT s.id FROM subtopics s WHERE s.thread_count <>
		(SELECT COUNT(*) FROM threads t WHERE t.subtopic_id = s.id AND t.deleted = 0)`},
	{"tags.thread_count", `SELECT g.id FROM tags g WHERE g.thread_count <>
		(SELECT COUNT(*) FROM thread_tags tt JOIN threads t ON t.id = tt.thread_id WHERE tt.tag_id = g.id AND t.deleted = 0)`},
	{"threads.reply_count", `SELECT t.id FROM threads t WHERE t.reply_count <>
		(SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id AND p.number > 1 AND p.deleted = 0)`},
	{"threads.post_seq", `SELECT t.id FROM threads t WHERE t.post_seq <> (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id)`},
	{"threads.boost_count", `SELECT t.id FROM threads t WHERE t.boost_count <>
		(SELECT COUNT(*) FROM boosts b WHERE b.post_id = t.first_post_id)`},
	{"threads.recommended", `SELECT t.id FROM threads t WHERE t.recommended <>
		(SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id AND p.recommended = 1 AND p.deleted = 0)`},
	{"threads.solved", `SELECT t.id FROM threads t WHERE t.solved <>
		(CASE WHEN t.accepted_post_id <> 0 OR t.recommended > 0 THEN 1 ELSE 0 END)`},
	{"threads.accepted_post_id", `SELECT t.id FROM threads t WHERE t.accepted_post_id <> 0 AND NOT EXISTS
		(SELECT 1 FROM posts p WHERE p.id = t.accepted_post_id AND p.thread_id = t.id AND p.deleted = 0 AND p.number > 1)`},
	{"posts.boost_count", `SELECT p.id FROM posts p WHERE p.boost_count <> (SELECT COUNT(*) FROM boosts b WHERE b.post_id = p.id)`},
	{"posts.revision_count", `SELECT p.id FROM posts p WHERE p.revision_count <> (SELECT COUNT(*) FROM revisions r WHERE r.post_id = p.id)`},
	{"users.thread_count", `SELECT u.id FROM users u WHERE u.thread_count <>
		(SELECT COUNT(*) FROM threads t WHERE t.author_id = u.id AND t.deleted = 0)`},
	{"users.reply_count", `SELECT u.id FROM users u WHERE u.reply_count <>
		(SELECT COUNT(*) FROM posts p JOIN threads t ON t.id = p.thread_id
		 WHERE p.author_id = u.id AND p.number > 1 AND p.deleted = 0 AND t.deleted = 0)`},
}

// CheckCounters recomputes every denormalized counter from its rows and
// describes each mismatch; an empty result means all counters are true.
func (s *Store) CheckCounters(ctx context.Context) ([]string, error) {
	return s.checkCounters(ctx, s.eng.Read)
}

// checkCounters runs the checks on db, a pool or a transaction (whose own
// uncommitted rows it then sees).
func (s *Store) checkCounters(ctx context.Context, db interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) ([]string, error) {
	var problems []string
	for _, c := range counterChecks {
		rows, err := db.QueryContext(ctx, c.query+" LIMIT 20")
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", c.name, s.classify(err))
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("check %s: %w", c.name, err)
			}
			problems = append(problems, fmt.Sprintf("%s wrong for id %d", c.name, id))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("check %s: %w", c.name, err)
		}
	}
	return problems, nil
}
