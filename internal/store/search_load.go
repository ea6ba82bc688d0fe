package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

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

// Similar threads are scored in Go from one title query per word of the
// draft: each returns the newest similarPerTerm live titles holding the
// word, and how many it returned (capped there) tells how common the word
// is. A title's score is the sum of ln(1 + threads/titles holding it) over
// the words it shares, so a rare shared word outweighs several common
// ones. A title is kept only when it scores at least similarKeepShare of
// all the draft's words that any title holds and similarKeepBest of the
// best title's score: a list of two strong matches beats a list filled
// with titles sharing one common word. The draft's subtopic and tags then
// lift the kept titles that share them.
const (
	similarPerTerm    = 200
	similarKeepShare  = 0.3
	similarKeepBest   = 0.5
	similarLiftTopic  = 0.25 // same subtopic as the draft
	similarLiftTag    = 0.15 // per tag shared with the draft, at most two
	similarLoadFactor = 3    // titles loaded per result asked, best first
)

// SimilarThreads returns up to q.Limit live threads whose titles share
// the rarer words of q.Terms, best first (ties to the most recently
// active), leaving out weak matches. Only titles are searched: they are
// what a duplicate question shares.
func (s *Store) SimilarThreads(ctx context.Context, q forum.SimilarQuery) ([]forum.Thread, error) {
	if len(q.Terms) == 0 || q.Limit <= 0 {
		return nil, nil
	}
	var threads float64
	if err := s.queryRow(ctx, `SELECT COALESCE(SUM(thread_count), 0) FROM subtopics`).Scan(&threads); err != nil {
		return nil, fmt.Errorf("similar threads: count: %w", s.classify(err))
	}
	score := map[int64]float64{}
	var total float64
	for _, t := range q.Terms {
		query, match := s.d.SimilarTitles([]search.Term{t}, similarPerTerm)
		rows, err := s.eng.Read.QueryContext(ctx, s.q(query), match, similarPerTerm)
		if err != nil {
			return nil, fmt.Errorf("similar threads: %w", s.classify(err))
		}
		var ids []int64
		for rows.Next() {
			var id int64
			var rank float64
			if err := rows.Scan(&id, &rank); err != nil {
				rows.Close()
				return nil, fmt.Errorf("similar threads: scan: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("similar threads: %w", s.classify(err))
		}
		if len(ids) == 0 {
			continue // a word no title has says nothing about the others
		}
		idf := math.Log1p(max(threads, float64(len(ids))) / float64(len(ids)))
		total += idf
		for _, id := range ids {
			score[id] += idf
		}
	}
	best := 0.0
	for _, v := range score {
		best = max(best, v)
	}
	floor := max(similarKeepShare*total, similarKeepBest*best)
	var kept []int64
	for id, v := range score {
		if v >= floor {
			kept = append(kept, id)
		}
	}
	slices.SortFunc(kept, func(a, b int64) int {
		if r := cmp.Compare(score[b], score[a]); r != 0 {
			return r
		}
		return cmp.Compare(b, a)
	})
	kept = kept[:min(len(kept), similarLoadFactor*q.Limit)]
	if len(kept) == 0 {
		return nil, nil
	}
	args := make([]any, len(kept))
	for i, id := range kept {
		args[i] = id
	}
	loaded, err := s.queryThreads(ctx, "load similar threads", "SELECT "+threadColumns+threadJoins+
		" WHERE t.deleted = 0 AND t.id IN ("+placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	final := make(map[int64]float64, len(loaded))
	for _, t := range loaded {
		lift := 1.0
		if q.Subtopic != "" && t.Subtopic.Slug == q.Subtopic {
			lift += similarLiftTopic
		}
		shared := 0
		for _, tag := range t.Tags {
			if slices.Contains(q.Tags, tag) {
				shared++
			}
		}
		lift += similarLiftTag * float64(min(shared, 2))
		final[t.ID] = score[t.ID] * lift
	}
	slices.SortFunc(loaded, func(a, b forum.Thread) int {
		if r := cmp.Compare(final[b.ID], final[a.ID]); r != 0 {
			return r
		}
		if r := b.LastActivityAt.Compare(a.LastActivityAt); r != 0 {
			return r
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return loaded[:min(len(loaded), q.Limit)], nil
}
