package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
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
	var b sqlBuilder
	var score, order string
	taxonomyMatched := false // subtopic and tags already part of the match
	switch {
	case len(q.Included()) == 0:
		score, order = "0", filterScan(&b, q, s.eng.Dollar)
	case s.eng.Dollar:
		score, order = s.tsqueryMatch(&b, q, titleOnly)
	default:
		filters, ok, err := s.filterTokens(ctx, q)
		if err != nil || !ok {
			return nil, err // an unknown subtopic or tag matches nothing
		}
		score, order = s.fts5Match(&b, q, titleOnly, filters)
		taxonomyMatched = true
	}
	b.where(`t.deleted = 0`)
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
	query := `SELECT p.id, p.thread_id, ` + created + `, ` + boosts + `, t.accepted_post_id, t.solved, t.boost_count, ` +
		score + ` AS score` + b.sql() + ` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d`, limit)
	// Queries vary with the filters used; run them unprepared rather than
	// fill the statement cache with shapes.
	rows, err := s.eng.Read.QueryContext(ctx, s.q(query), b.args...)
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
			&c.threadBoosts, &c.relevance); err != nil {
			return nil, err
		}
		c.answer = accepted == c.postID
		c.solved = solved == 1
		out = append(out, c)
	}
	return out, rows.Err()
}

// filterScan serves a query of filters (and maybe excluded words) alone:
// the newest posts that pass. When every filter is about the thread, the
// opening posts stand for their threads and the scan walks the small
// threads table instead of every post.
func filterScan(b *sqlBuilder, q search.Query, dollar bool) string {
	_, exclude := q.MatchFTS5()
	notIn := `p.id NOT IN (SELECT rowid FROM post_search WHERE post_search MATCH ?)`
	if dollar {
		_, exclude = q.MatchTSQuery()
		notIn = `p.id NOT IN (SELECT post_id FROM post_search WHERE document @@ to_tsquery('simple', ?))`
	}
	order := "p.id DESC"
	if q.User == "" && !q.HasMinBoosts && q.After.IsZero() && q.Before.IsZero() {
		// A live thread's opening post is live.
		b.from(` FROM threads t JOIN posts p ON p.id = t.first_post_id`)
		order = "t.id DESC"
	} else {
		// Without words no index vouches that a post is live.
		b.from(` FROM posts p JOIN threads t ON t.id = p.thread_id`)
		b.where(`p.deleted = 0`)
	}
	if exclude != "" {
		b.where(notIn, exclude)
	}
	return order
}

// fts5Match adds SQLite's FROM and match conditions and returns the text
// score and the order that walks the index newest first. All matches come
// from post_search, whose excluded words join the match as NOT, which
// FTS5 evaluates as it walks; title matches come from post_search_title,
// scored by bm25 (searchCandidates asks for them only without exclusions).
func (s *Store) fts5Match(b *sqlBuilder, q search.Query, titleOnly bool, filters []string) (score, order string) {
	include, exclude := q.MatchFTS5()
	// Words match the text columns only; subtopic and tag filters match
	// their tokens in meta, so FTS5 intersects them while walking.
	var meta string
	for _, f := range filters {
		meta += " AND (meta : " + f + ")"
	}
	if titleOnly {
		b.from(` FROM post_search_title JOIN posts p ON p.id = post_search_title.rowid JOIN threads t ON t.id = p.thread_id`)
		b.where(`post_search_title MATCH ?`, "({title} : ("+include+"))"+meta)
		// meta weighs nothing: every candidate carries the same filter tokens.
		return `-bm25(post_search_title, 1.0, 0.0)`, "post_search_title.rowid DESC"
	}
	match := "({title body} : (" + include + "))" + meta
	if exclude != "" {
		match += " NOT ({title body} : (" + exclude + "))"
	}
	b.from(` FROM post_search JOIN posts p ON p.id = post_search.rowid JOIN threads t ON t.id = p.thread_id`)
	b.where(`post_search MATCH ?`, match)
	return "0", "post_search.rowid DESC"
}

// tsqueryMatch is fts5Match for PostgreSQL: title matches are lexemes of
// weight A, scored by ts_rank on those alone.
func (s *Store) tsqueryMatch(b *sqlBuilder, q search.Query, titleOnly bool) (score, order string) {
	include, exclude := q.MatchTSQuery()
	score = "0"
	if titleOnly {
		parts := make([]string, 0, len(q.Included()))
		for _, t := range q.Included() {
			if len(t.Alternatives()) > 0 {
				parts = append(parts, titleTSQuery(t))
			}
		}
		include = strings.Join(parts, " & ")
		score = `ts_rank('{0, 0, 0, 1}', f.document, qq)`
	}
	b.from(` FROM post_search f CROSS JOIN to_tsquery('simple', ?) qq
		JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id`, include)
	b.where(`f.document @@ qq`)
	if exclude != "" {
		b.where(`NOT f.document @@ to_tsquery('simple', ?)`, exclude)
	}
	return score, "p.id DESC"
}

// filterTokens resolves q's subtopic and tags to SQLite's meta tokens; ok
// is false when one of them does not exist, so nothing can match.
func (s *Store) filterTokens(ctx context.Context, q search.Query) (tokens []string, ok bool, err error) {
	if q.Subtopic != "" {
		var id int64
		switch err := s.queryRow(ctx, `SELECT id FROM subtopics WHERE slug = ?`, q.Subtopic).Scan(&id); {
		case errors.Is(err, sql.ErrNoRows):
			return nil, false, nil
		case err != nil:
			return nil, false, err
		}
		tokens = append(tokens, filterToken('s', id))
	}
	for _, tag := range q.Tags {
		var id int64
		switch err := s.queryRow(ctx, `SELECT id FROM tags WHERE name = ?`, tag).Scan(&id); {
		case errors.Is(err, sql.ErrNoRows):
			return nil, false, nil
		case err != nil:
			return nil, false, err
		}
		tokens = append(tokens, filterToken('t', id))
	}
	return tokens, true, nil
}

// searchFilters adds the query's filters as plain conditions, leaving out
// subtopic and tags when the full-text match already holds them.
func searchFilters(b *sqlBuilder, q search.Query, taxonomyMatched bool) {
	tags := q.Tags
	if taxonomyMatched {
		tags = nil
	}
	for _, tag := range tags {
		if len(q.Included()) > 0 {
			// Checked per match as the full-text index is walked.
			b.where(`EXISTS (SELECT 1 FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id
				WHERE tt.thread_id = t.id AND g.name = ?)`, tag)
		} else {
			// Filters alone: the tag's threads are listed once.
			b.where(`t.id IN (SELECT tt.thread_id FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.name = ?)`, tag)
		}
	}
	if q.Subtopic != "" && !taxonomyMatched {
		b.where(`t.subtopic_id IN (SELECT id FROM subtopics WHERE slug = ?)`, q.Subtopic)
	}
	if q.User != "" {
		b.where(`p.author_id IN (SELECT id FROM users WHERE username = ?)`, q.User)
	}
	if q.Solved {
		b.where(`t.solved = 1`)
	}
	if q.Unanswered {
		b.where(`t.reply_count = 0`)
	}
	if q.Recommended {
		b.where(`t.recommended > 0`)
	}
	if q.HasMinBoosts {
		b.where(`p.boost_count >= ?`, q.MinBoosts)
	}
	if !q.After.IsZero() {
		b.where(`p.created_at >= ?`, ms(q.After))
	}
	if !q.Before.IsZero() {
		b.where(`p.created_at < ?`, ms(q.Before))
	}
}

// sqlBuilder collects a FROM clause and WHERE conditions with their
// arguments in placeholder order.
type sqlBuilder struct {
	fromSQL string
	conds   []string
	args    []any
}

func (b *sqlBuilder) from(sql string, args ...any) {
	b.fromSQL = sql
	b.args = append(b.args, args...)
}

func (b *sqlBuilder) where(cond string, args ...any) {
	b.conds = append(b.conds, cond)
	b.args = append(b.args, args...)
}

func (b *sqlBuilder) sql() string {
	if len(b.conds) == 0 {
		return b.fromSQL
	}
	return b.fromSQL + " WHERE " + strings.Join(b.conds, " AND ")
}
