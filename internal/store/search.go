package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
)

// A search ranks a bounded set of candidates, so its cost does not grow
// with the number of posts a common word matches: the newest
// recentCandidates matching posts (the engine walks its index newest
// first and stops there), and for relevance also the newest
// titleCandidates posts whose thread title matches, so that a thread
// named for the words is found however old it is. Text relevance is
// computed for these only; ranking lifts, sorting, grouping by thread and
// paging happen in Go.
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
// the newest matches only for the other sorts and for filters alone.
func (s *Store) searchCandidates(ctx context.Context, q search.Query) ([]candidate, error) {
	out, err := s.candidateSet(ctx, q, false, recentCandidates)
	if err != nil || len(q.Included()) == 0 || (q.Sort != "" && q.Sort != search.SortRelevance) {
		return out, err
	}
	titled, err := s.candidateSet(ctx, q, true, titleCandidates)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(out))
	for _, c := range out {
		seen[c.postID] = true
	}
	for _, c := range titled {
		if !seen[c.postID] {
			out = append(out, c)
		}
	}
	return out, nil
}

// candidateSet runs one engine query: the newest limit live posts that
// match q's words (in the thread title only, when titleOnly) and pass its
// filters, each with its text relevance (0 without words).
func (s *Store) candidateSet(ctx context.Context, q search.Query, titleOnly bool, limit int) ([]candidate, error) {
	var b sqlBuilder
	var score string
	if s.eng.Dollar {
		score = s.tsqueryMatch(&b, q, titleOnly)
	} else {
		score = s.fts5Match(&b, q, titleOnly)
	}
	b.where(`p.deleted = 0`)
	b.where(`t.deleted = 0`)
	searchFilters(&b, q)
	// Newest first by id: the FTS5 table yields rowids in that order and
	// stops at the limit; on the other paths it is the primary key.
	order := "p.id DESC"
	if !s.eng.Dollar && len(q.Included()) > 0 {
		order = "post_search.rowid DESC"
	}
	query := `SELECT p.id, p.thread_id, p.created_at, p.boost_count, p.recommended, t.accepted_post_id, t.solved, t.boost_count, ` +
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
		var recommended, solved int
		var accepted int64
		if err := rows.Scan(&c.postID, &c.threadID, &c.created, &c.postBoosts, &recommended, &accepted, &solved,
			&c.threadBoosts, &c.relevance); err != nil {
			return nil, err
		}
		c.answer = recommended == 1 || accepted == c.postID
		c.solved = solved == 1
		out = append(out, c)
	}
	return out, rows.Err()
}

// fts5Match adds SQLite's FROM and match conditions and returns the
// relevance expression: bm25 with the title weighted four times the body,
// negated so that higher is better. Excluded words join the match as NOT,
// which FTS5 evaluates while it walks the index; only a query without
// included words needs a NOT IN over the excluded words' matches.
func (s *Store) fts5Match(b *sqlBuilder, q search.Query, titleOnly bool) string {
	include, exclude := q.MatchFTS5()
	if include == "" {
		b.from(` FROM posts p JOIN threads t ON t.id = p.thread_id`)
		if exclude != "" {
			b.where(`p.id NOT IN (SELECT rowid FROM post_search WHERE post_search MATCH ?)`, exclude)
		}
		return "0"
	}
	match := "(" + include + ")"
	if titleOnly {
		match = "{title} : " + match
	}
	if exclude != "" {
		match += " NOT (" + exclude + ")"
	}
	b.from(` FROM post_search JOIN posts p ON p.id = post_search.rowid JOIN threads t ON t.id = p.thread_id`)
	b.where(`post_search MATCH ?`, match)
	return `-bm25(post_search, 4.0, 1.0)`
}

// tsqueryMatch is fts5Match for PostgreSQL. ts_rank weighs D, C, B, A
// lexemes 0.05, 0.1, 0.25 and 1.0, so the title (A) counts four times the
// body (B); normalization 1 divides by 1 + log(length), as bm25 discounts
// long documents.
func (s *Store) tsqueryMatch(b *sqlBuilder, q search.Query, titleOnly bool) string {
	include, exclude := q.MatchTSQuery()
	if include == "" {
		b.from(` FROM posts p JOIN threads t ON t.id = p.thread_id`)
		if exclude != "" {
			b.where(`p.id NOT IN (SELECT post_id FROM post_search WHERE document @@ to_tsquery('simple', ?))`, exclude)
		}
		return "0"
	}
	if titleOnly {
		parts := make([]string, 0, len(q.Included()))
		for _, t := range q.Included() {
			if len(t.Alternatives()) > 0 {
				parts = append(parts, titleTSQuery(t))
			}
		}
		include = strings.Join(parts, " & ")
	}
	b.from(` FROM post_search f CROSS JOIN to_tsquery('simple', ?) qq
		JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id`, include)
	b.where(`f.document @@ qq`)
	if exclude != "" {
		b.where(`NOT f.document @@ to_tsquery('simple', ?)`, exclude)
	}
	return `ts_rank('{0.05, 0.1, 0.25, 1.0}', f.document, qq, 1)`
}

// searchFilters adds the query's filters as plain conditions.
func searchFilters(b *sqlBuilder, q search.Query) {
	for _, tag := range q.Tags {
		b.where(`EXISTS (SELECT 1 FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id
			WHERE tt.thread_id = t.id AND g.name = ?)`, tag)
	}
	if q.Subtopic != "" {
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
