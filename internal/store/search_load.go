package store

import (
	"context"
	"fmt"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
)

// loadHits fetches the threads and posts of one page of ranked candidates,
// in two queries (three with tags) whatever the page size, keeping the
// candidates' order. A thread or post deleted since the ranking is left out.
func (s *Store) loadHits(ctx context.Context, best []candidate) ([]forum.SearchHit, error) {
	threadArgs := make([]any, len(best))
	postArgs := make([]any, len(best))
	for i, c := range best {
		threadArgs[i], postArgs[i] = c.threadID, c.postID
	}
	threads, err := s.queryThreads(ctx, "load search threads", "SELECT "+threadColumns+threadJoins+
		" WHERE t.deleted = 0 AND t.id IN ("+placeholders(len(best))+")", threadArgs...)
	if err != nil {
		return nil, err
	}
	byThread := make(map[int64]*forum.Thread, len(threads))
	for i := range threads {
		byThread[threads[i].ID] = &threads[i]
	}
	rows, err := s.eng.Read.QueryContext(ctx, s.q(`SELECT p.id, p.number, p.created_at, p.boost_count, p.recommended,
		p.body_text, u.id, u.username, u.display_name, u.role, u.title
		FROM posts p JOIN users u ON u.id = p.author_id
		WHERE p.deleted = 0 AND p.id IN (`+placeholders(len(best))+`)`), postArgs...)
	if err != nil {
		return nil, fmt.Errorf("load search posts: %w", s.classify(err))
	}
	defer rows.Close()
	byPost := make(map[int64]*forum.SearchPost, len(best))
	for rows.Next() {
		var p forum.SearchPost
		var created int64
		var recommended int
		if err := rows.Scan(&p.ID, &p.Number, &created, &p.BoostCount, &recommended, &p.Text,
			&p.Author.ID, &p.Author.Username, &p.Author.DisplayName, &p.Author.Role, &p.Author.Title); err != nil {
			return nil, fmt.Errorf("scan search post: %w", err)
		}
		p.CreatedAt, p.Recommended = msTime(created), recommended == 1
		byPost[p.ID] = &p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load search posts: %w", s.classify(err))
	}
	hits := make([]forum.SearchHit, 0, len(best))
	for _, c := range best {
		t, p := byThread[c.threadID], byPost[c.postID]
		if t == nil || p == nil {
			continue
		}
		p.Accepted = t.AcceptedPostID == p.ID
		hits = append(hits, forum.SearchHit{Thread: *t, Post: *p})
	}
	return hits, nil
}

// similarCandidates bounds the titles SimilarThreads ranks: the newest
// ones that share a word with the draft, so that common words stay cheap.
const similarCandidates = 500

// SimilarThreads returns up to limit live threads whose titles contain any
// of terms, best title match first (ties to the most recently active).
// Only titles are searched: they are what a duplicate question shares.
func (s *Store) SimilarThreads(ctx context.Context, terms []search.Term, limit int) ([]forum.Thread, error) {
	if len(terms) == 0 || limit <= 0 {
		return nil, nil
	}
	query, match := s.d.SimilarTitles(terms, similarCandidates)
	rows, err := s.eng.Read.QueryContext(ctx, s.q(query), match, limit)
	if err != nil {
		return nil, fmt.Errorf("similar threads: %w", s.classify(err))
	}
	var ids []any
	for rows.Next() {
		var id int64
		var score float64
		if err := rows.Scan(&id, &score); err != nil {
			rows.Close()
			return nil, fmt.Errorf("similar threads: scan: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, err
	}
	threads, err := s.queryThreads(ctx, "load similar threads", "SELECT "+threadColumns+threadJoins+
		" WHERE t.deleted = 0 AND t.id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, err
	}
	out := make([]forum.Thread, 0, len(threads))
	for _, id := range ids {
		for _, t := range threads {
			if t.ID == id {
				out = append(out, t)
			}
		}
	}
	return out, nil
}
