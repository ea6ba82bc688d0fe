package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

// SearchPageDTO is one page of search results: one result per thread.
type SearchPageDTO struct {
	Query   string         `json:"query"` // the query in canonical form
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
	Results []SearchHitDTO `json:"results"`
	NextURL *string        `json:"next_url"`
}

// SearchHitDTO is a thread that matched, with its best-matching post.
type SearchHitDTO struct {
	Thread ThreadDTO     `json:"thread"`
	Post   SearchPostDTO `json:"post"`
}

// SearchPostDTO is the matching post of a result. SnippetHTML is
// HTML-escaped text around the matched words, which are wrapped in <mark>.
type SearchPostDTO struct {
	ID          int64     `json:"id"`
	Number      int       `json:"number"`
	URL         string    `json:"url"`
	Author      AuthorDTO `json:"author"`
	CreatedAt   string    `json:"created_at"`
	Boosts      int       `json:"boosts"`
	Accepted    bool      `json:"accepted"`
	Recommended bool      `json:"recommended"`
	SnippetHTML string    `json:"snippet_html"`
}

// SimilarDTO lists threads that may already answer a question being asked.
type SimilarDTO struct {
	Threads []ThreadDTO `json:"threads"`
}

// Search serves the JSON twin of /search: ?q= (required) and ?page= (from
// 1). A query that cannot be parsed is 422 with the reason in fields.q.
func (a *API) Search(w http.ResponseWriter, r *http.Request) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		page := 1
		if s := q.Get("page"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return forum.Invalid("page", "must be a whole number from 1")
			}
			page = n
		}
		res, err := a.svc.Search(r.Context(), forum.Client{IP: a.clientIP(r)}, q.Get("q"), page)
		if err != nil {
			return err
		}
		out := SearchPageDTO{Query: res.Query.String(), Page: res.Page, PerPage: res.PerPage,
			Results: make([]SearchHitDTO, 0, len(res.Hits))}
		for i := range res.Hits {
			out.Results = append(out.Results, a.searchHit(&res.Hits[i]))
		}
		if res.HasNext {
			next := a.baseURL + "/search.json?" + url.Values{"q": {q.Get("q")}, "page": {strconv.Itoa(res.Page + 1)}}.Encode()
			out.NextURL = &next
		}
		w.Header().Set("Cache-Control", "public, max-age=30")
		return a.ok(w, r, http.StatusOK, out)
	})
}

func (a *API) searchHit(h *forum.SearchHit) SearchHitDTO {
	p := &h.Post
	return SearchHitDTO{Thread: a.thread(&h.Thread), Post: SearchPostDTO{ID: p.ID, Number: p.Number,
		URL: a.baseURL + SearchHitPath(h, a.svc.Limits().PostsPerPage), Author: a.author(p.Author), CreatedAt: stamp(p.CreatedAt),
		Boosts: p.BoostCount, Accepted: p.Accepted, Recommended: p.Recommended, SnippetHTML: h.Snippet}}
}

// SearchHitPath is the path of a result's post: its thread page (the page
// of replies it is on) and the post's anchor. The HTML results link to the
// same place.
func SearchHitPath(h *forum.SearchHit, perPage int) string {
	return forum.PostPath(h.Thread.Slug, h.Thread.ID, h.Post.ID, h.Post.Number, perPage)
}

// similar serves GET /api/similar?title=&subtopic=&tag=: up to five live
// threads whose titles share words with a question being written, best
// first, those in its subtopic and with its tags lifted. A blank or
// short title simply has no suggestions.
func (a *API) similar(w http.ResponseWriter, r *http.Request) error {
	qs := r.URL.Query()
	d := forum.SimilarDraft{Title: qs.Get("title"), Subtopic: strings.ToLower(qs.Get("subtopic")), Tags: qs["tag"]}
	threads, err := a.svc.Similar(r.Context(), forum.Client{IP: a.clientIP(r)}, d, forum.MaxSimilar)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=30")
	return a.ok(w, r, http.StatusOK, SimilarDTO{Threads: a.threads(threads)})
}
