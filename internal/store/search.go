package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store/seam"
)

// A search ranks a bounded set of candidates, so that its cost does not
// grow with the number of posts a common word matches: the newest
// recentCandidates matching posts (the engine walks its index newest first
// and stops there), and for relevance also the newest titleCandidates
// threads whose title holds every word, so that a thread named for the
// words is found however old it is. Only title matches get a text score
// (bm25 over titles, a small index, so it stays cheap); every match then
// gets the ranking lifts, and grouping and paging happen in Go.
const (
	recentCandidates = 600
	titleCandidates  = 200
)

// Search returns q.Limit threads, starting at q.Offset, of the ranked and
// grouped results of q.Query. Each hit is a live thread with its best
// matching live post. The user: filter keeps posts written by that user
// (not threads they started); boosts: counts the matching post's boosts;
// before: and after: compare the post's time; tag:, subtopic: and is:
// describe the thread.
func (s *Store) Search(ctx context.Context, sq forum.SearchQuery) ([]forum.SearchHit, error) {
	cands, err := s.searchCandidates(ctx, sq.Query)
	if err != nil {
		return nil, fmt.Errorf("search: %w", s.classify(err))
	}
	best := rankCandidates(cands, sq.Query.Sort)
	if sq.Offset >= len(best) || sq.Limit <= 0 {
		return nil, nil
	}
	best = best[sq.Offset:min(len(best), sq.Offset+sq.Limit)]
	return s.loadHits(ctx, best)
}

// searchCandidates gathers the candidates of q: both sets for relevance,
// the newest matches only for the other sorts, for queries with excluded
// words and for filters alone.
func (s *Store) searchCandidates(ctx context.Context, q search.Query) ([]candidate, error) {
	// With excluded words the title set is left out: checking each title
	// candidate's body against them costs a full-text query per candidate.
	if len(q.Included()) == 0 || len(q.Excluded()) > 0 || (q.Sort != "" && q.Sort != search.SortRelevance) {
		return s.candidateSet(ctx, q, false, recentCandidates)
	}
	// The two sets are independent reads; run them side by side.
	type result struct {
		cands []candidate
		err   error
	}
	titleDone := make(chan result, 1)
	go func() {
		c, err := s.candidateSet(ctx, q, true, titleCandidates)
		titleDone <- result{c, err}
	}()
	out, err := s.candidateSet(ctx, q, false, recentCandidates)
	tr := <-titleDone
	if err != nil {
		return nil, err
	}
	if tr.err != nil {
		return nil, tr.err
	}
	titled := tr.cands
	at := make(map[int64]int, len(out))
	for i, c := range out {
		at[c.postID] = i
	}
	for _, c := range titled {
		c.titleMatch = true
		c.exactTitle = q.MatchesExactly(c.title)
		if i, ok := at[c.postID]; ok {
			out[i] = c
		} else {
			out = append(out, c)
		}
	}
	return out, nil
}

// candidateSet runs one engine query: the newest limit live posts that
// match q's words (in the thread title only, when titleOnly) and pass its
// filters, each with its text relevance (0 without words). The full-text
// indexes hold live posts only, so matches need no deleted check.
func (s *Store) candidateSet(ctx context.Context, q search.Query, titleOnly bool, limit int) ([]candidate, error) {
	var b seam.Builder
	var score, order string
	taxonomyMatched := false // subtopic and tags already part of the match
	switch {
	case len(q.Included()) == 0:
		score, order = "0", s.filterScan(&b, q)
	case s.d.IndexesTaxonomy():
		tax, ok, err := s.taxonomy(ctx, q)
		if err != nil || !ok {
			return nil, err // an unknown subtopic or tag matches nothing
		}
		score, order = s.d.Match(&b, q, titleOnly, tax)
		taxonomyMatched = true
	default:
		score, order = s.d.Match(&b, q, titleOnly, seam.Taxonomy{})
	}
	b.Where(`t.deleted = 0`)
	b.Where(`t.unlisted = 0`) // reachable by link only
	searchFilters(&b, q, taxonomyMatched)
	// A post's own columns come after its text in the row, so reading them
	// means reading the whole post: candidates read only those their sort
	// needs. Recency otherwise comes from the id, which grows with time.
	created, boosts := "0", "0"
	if q.Sort == search.SortLatest {
		created = "p.created_at"
	}
	if q.Sort == search.SortBoosts {
		boosts = "p.boost_count"
	}
	// Title matches bring their title, to tell exact from stemmed ones.
	title := "''"
	if titleOnly {
		title = "t.title"
	}
	query := `SELECT p.id, p.thread_id, ` + created + `, ` + boosts + `, t.accepted_post_id, t.solved, t.boost_count, ` +
		title + `, ` + score + ` AS score` + b.SQL() + ` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d`, limit)
	// Queries vary with the filters used; run them unprepared rather than
	// fill the statement cache with shapes.
	rows, err := s.eng.Read.QueryContext(ctx, s.q(query), b.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var solved int
		var accepted int64
		if err := rows.Scan(&c.postID, &c.threadID, &c.created, &c.postBoosts, &accepted, &solved,
			&c.threadBoosts, &c.title, &c.relevance); err != nil {
			return nil, err
		}
		c.answer = accepted == c.postID
		c.solved = solved == 1
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

// filterScan serves a query of filters (and maybe excluded words) alone:
// the newest posts that pass. When every filter is about the thread, the
// opening posts stand for their threads and the scan walks the small
// threads table instead of every post.
func (s *Store) filterScan(b *seam.Builder, q search.Query) string {
	order := "p.id DESC"
	if q.User == "" && !q.HasMinBoosts && q.After.IsZero() && q.Before.IsZero() {
		// A live thread's opening post is live.
		b.From(` FROM threads t JOIN posts p ON p.id = t.first_post_id`)
		order = "t.id DESC"
	} else {
		// Without words no index vouches that a post is live.
		b.From(` FROM posts p JOIN threads t ON t.id = p.thread_id`)
		b.Where(`p.deleted = 0`)
	}
	s.d.ExcludeWords(b, q)
	return order
}

// taxonomy resolves q's subtopic and tags to ids for a dialect whose
// index carries them; ok is false when one of them does not exist, so
// nothing can match.
func (s *Store) taxonomy(ctx context.Context, q search.Query) (tax seam.Taxonomy, ok bool, err error) {
	if q.Subtopic != "" {
		switch err := s.queryRow(ctx, `SELECT id FROM subtopics WHERE slug = ?`, q.Subtopic).Scan(&tax.SubtopicID); {
		case errors.Is(err, sql.ErrNoRows):
			return tax, false, nil
		case err != nil:
			return tax, false, err
		}
	}
	for _, tag := range q.Tags {
		var id int64
		switch err := s.queryRow(ctx, `SELECT id FROM tags WHERE name = ?`, tag).Scan(&id); {
		case errors.Is(err, sql.ErrNoRows):
			return tax, false, nil
		case err != nil:
			return tax, false, err
		}
		tax.TagIDs = append(tax.TagIDs, id)
	}
	return tax, true, nil
}

// searchFilters adds the query's filters as plain conditions, leaving out
// subtopic and tags when the full-text match already holds them.
func searchFilters(b *seam.Builder, q search.Query, taxonomyMatched bool) {
	tags := q.Tags
	if taxonomyMatched {
		tags = nil
	}
	for _, tag := range tags {
		if len(q.Included()) > 0 {
			// Checked per match as the full-text index is walked.
			b.Where(`EXISTS (SELECT 1 FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id
				WHERE tt.thread_id = t.id AND g.name = ?)`, tag)
		} else {
			// Filters alone: the tag's threads are listed once.
			b.Where(`t.id IN (SELECT tt.thread_id FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.name = ?)`, tag)
		}
	}
	if q.Subtopic != "" && !taxonomyMatched {
		b.Where(`t.subtopic_id IN (SELECT id FROM subtopics WHERE slug = ?)`, q.Subtopic)
	}
	if q.User != "" {
		b.Where(`p.author_id IN (SELECT id FROM users WHERE username = ?)`, q.User)
	}
	if q.Solved {
		b.Where(`t.solved = 1`)
	}
	if q.Unanswered {
		b.Where(`t.reply_count = 0`)
	}
	if q.Recommended {
		b.Where(`t.recommended > 0`)
	}
	if q.HasMinBoosts {
		b.Where(`p.boost_count >= ?`, q.MinBoosts)
	}
	if !q.After.IsZero() {
		b.Where(`p.created_at >= ?`, ms(q.After))
	}
	if !q.Before.IsZero() {
		b.Where(`p.created_at < ?`, ms(q.Before))
	}
}
