package forum

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/search"
)

// Search result paging. Results are ranked, so pages are offsets into one
// ranking; the ranking covers a bounded set of best matches, so page depth
// is capped too.
const (
	SearchPerPage = 20
	MaxSearchPage = 20
	MaxSimilar    = 5
)

// SearchQuery asks the store for one slice of a grouped, ranked result:
// Offset and Limit count threads, not posts.
type SearchQuery struct {
	Query  search.Query
	Offset int
	Limit  int
}

// SearchHit is one thread of a search result with the post in it that
// matched best. Snippet is filled by the Service: HTML-escaped text of the
// post around the matched words, which are wrapped in <mark>.
type SearchHit struct {
	Thread  Thread
	Post    SearchPost
	Snippet string
}

// SearchPost is the part of the best-matching post a result shows.
type SearchPost struct {
	ID          int64
	Number      int
	Author      Author
	CreatedAt   time.Time
	BoostCount  int
	Accepted    bool
	Recommended bool
	Text        string // plain text, for the snippet
}

// SearchResult is one page of search results.
type SearchResult struct {
	Query   search.Query
	Hits    []SearchHit
	Page    int
	PerPage int
	HasNext bool
}

// Search parses raw and returns page (1-based, clamped to
// 1..MaxSearchPage) of its results, one hit per thread. A query that
// cannot be parsed is a ValidationError on field "q" whose message says
// what to change. The search-ip limit is charged after parsing and before
// the query runs: ranking is the costliest read parley serves.
func (s *Service) Search(ctx context.Context, cl Client, raw string, page int) (*SearchResult, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, Invalid("q", "type something to search for")
	}
	q, err := search.Parse(raw)
	if err != nil {
		var se *search.SyntaxError
		if errors.As(err, &se) {
			return nil, Invalid("q", se.Message)
		}
		return nil, err
	}
	if err := s.charge(ctx, s.rules().SearchPerIP, cl.key()); err != nil {
		return nil, err
	}
	page = min(max(page, 1), MaxSearchPage)
	hits, err := s.store.Search(ctx, SearchQuery{Query: q, Offset: (page - 1) * SearchPerPage, Limit: SearchPerPage + 1})
	if err != nil {
		return nil, err
	}
	res := &SearchResult{Query: q, Page: page, PerPage: SearchPerPage}
	if len(hits) > SearchPerPage {
		hits, res.HasNext = hits[:SearchPerPage], page < MaxSearchPage
	}
	for i := range hits {
		hits[i].Snippet = Snippet(hits[i].Post.Text, q)
	}
	res.Hits = hits
	return res, nil
}

// SimilarDraft is what the composer knows of a question being written.
type SimilarDraft struct {
	Title    string
	Subtopic string   // slug, "" when none is chosen yet
	Tags     []string // names
}

// Similar returns up to limit (at most MaxSimilar) live threads whose
// titles share words with the draft's title, best first: likely
// duplicates of a question being written. Unlike Search, any one word may
// match, but a thread sharing only common words, or much less than the
// best match, is left out rather than filling the list; words too common
// in titles to tell threads apart are ignored, and the draft's subtopic
// and tags lift the threads that share them.
func (s *Service) Similar(ctx context.Context, cl Client, d SimilarDraft, limit int) ([]Thread, error) {
	title := d.Title
	if msg := badText(title, false); msg != "" {
		return nil, Invalid("title", msg)
	}
	if len(d.Tags) > search.MaxTags {
		d.Tags = d.Tags[:search.MaxTags]
	}
	limit = min(max(limit, 1), MaxSimilar)
	terms := similarTerms(title)
	if len(terms) == 0 {
		return nil, nil
	}
	if err := s.charge(ctx, s.rules().SimilarPerIP, cl.key()); err != nil {
		return nil, err
	}
	return s.store.SimilarThreads(ctx, SimilarQuery{Terms: terms, Subtopic: d.Subtopic, Tags: d.Tags, Limit: limit})
}

// similarTerms turns a draft title into distinct search words, leaving out
// common English words and single characters.
func similarTerms(title string) []search.Term {
	var out []search.Term
	seen := map[string]bool{}
	for _, w := range strings.Fields(title) {
		w = strings.Trim(w, `"“”'‘’()[]{},.;:!?`)
		toks := search.Terms(w)
		if len(toks) == 0 || len(out) == search.MaxTerms {
			continue
		}
		key := strings.Join(toks, " ")
		if seen[key] || len(toks) == 1 && (len(toks[0]) < 2 || commonWords[toks[0]]) {
			continue
		}
		seen[key] = true
		out = append(out, search.Term{Text: w, Tokens: toks})
	}
	return out
}

// commonWords are words that appear in most questions' titles.
var commonWords = wordSet(`a an and are as at be but by can cannot could do does doing
		for from get getting got has have how i if in into is it its me my no not of on or so
		that the their them then there these this to too use used using was we what when where
		which while who why will with without would you your after before about any all also
		error errors issue issues problem question help work works working`)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}
