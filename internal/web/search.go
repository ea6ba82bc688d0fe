package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/api"
	"github.com/parley-forum/parley/internal/feed"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
)

// searchData is what search.html shows: the form, then either an error
// about the query, or one page of results.
type searchData struct {
	Query   string // as typed, kept in the box
	Error   string // why the query could not be run
	Results []searchRow
	Ran     bool // a query ran (so "no results" can be said)
	Page    int
	PrevURL string
	NextURL string
	FeedURL string
}

type searchRow struct {
	Hit     *forum.SearchHit
	URL     string
	Snippet template.HTML // escaped by forum.Snippet, with <mark> around matches
}

// search serves /search, /search.json and /search.rss. Results are never
// put in the page cache: every query would be its own entry, and any
// write could change them.
func (w *Web) search(rw http.ResponseWriter, r *http.Request) {
	_, format := splitFormat(r, r.URL.Path)
	if format == "json" {
		w.API.Search(rw, r)
		return
	}
	raw := r.URL.Query().Get("q")
	pageNum := 1
	if s := r.URL.Query().Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			w.fail(rw, r, forum.Invalid("page", "must be a whole number from 1"))
			return
		}
		pageNum = n
	}
	if format == "rss" || format == "atom" {
		w.searchFeed(rw, r, format, raw)
		return
	}
	d := &searchData{Query: raw, Page: pageNum}
	p := &page{Title: "Search", NoIndex: true, Data: d, Canonical: w.BaseURL + "/search"}
	if strings.TrimSpace(raw) == "" {
		w.render(rw, r, "search", p)
		return
	}
	res, err := w.Service.Search(r.Context(), forum.Client{IP: w.ClientIP(r)}, raw, pageNum)
	var ve *forum.ValidationError
	if errors.As(err, &ve) && ve.Fields["q"] != "" {
		d.Error, p.Status = ve.Fields["q"], http.StatusBadRequest
		w.render(rw, r, "search", p)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Ran, d.Page = true, res.Page
	p.Title = raw + " · Search"
	perPage := w.Service.Limits().PostsPerPage
	for i := range res.Hits {
		h := &res.Hits[i]
		d.Results = append(d.Results, searchRow{Hit: h, URL: api.SearchHitPath(h, perPage), Snippet: template.HTML(h.Snippet)})
	}
	if res.Page > 1 {
		d.PrevURL = searchURL("/search", raw, res.Page-1)
	}
	if res.HasNext {
		d.NextURL = searchURL("/search", raw, res.Page+1)
	}
	d.FeedURL = searchURL("/search.rss", raw, 1)
	p.Alternates = []alternate{{"rss", "Search: " + raw, d.FeedURL}}
	w.render(rw, r, "search", p)
}

func searchURL(path, q string, page int) string {
	v := url.Values{"q": {q}}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return path + "?" + v.Encode()
}

// searchFeed serves a query's results as RSS or Atom so people can follow
// it. Unless the query says otherwise the newest matches come first, which
// is what a feed reader wants.
func (w *Web) searchFeed(rw http.ResponseWriter, r *http.Request, format, raw string) {
	// Parse fills in relevance when no sort is given; only a query that
	// names none gets sort:latest.
	if q, err := search.Parse(raw); err == nil && q.Sort != search.SortLatest && q.Sort != search.SortBoosts &&
		!strings.Contains(strings.ToLower(raw), "sort:") {
		raw += " sort:latest"
	}
	res, err := w.Service.Search(r.Context(), forum.Client{IP: w.ClientIP(r)}, raw, 1)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	title := res.Query.String()
	f := feed.Feed{Title: "Search: " + title + " · Developer Forums", Link: w.BaseURL + searchURL("/search", raw, 1),
		SelfLink: w.BaseURL + searchURL("/search."+format, raw, 1), Description: "Posts matching " + title}
	perPage := w.Service.Limits().PostsPerPage
	for i := range res.Hits {
		h := &res.Hits[i]
		f.Items = append(f.Items, feed.Item{ID: w.BaseURL + forum.PermalinkPath(h.Post.ID), Title: h.Thread.Title,
			Link: w.BaseURL + api.SearchHitPath(h, perPage), Author: h.Post.Author.DisplayName,
			Published: h.Post.CreatedAt, Updated: h.Post.CreatedAt, ContentHTML: "<p>" + h.Snippet + "</p>",
			Summary: h.Thread.Excerpt, Categories: append([]string{h.Thread.Subtopic.Title}, h.Thread.Tags...)})
		if h.Post.CreatedAt.After(f.Updated) {
			f.Updated = h.Post.CreatedAt
		}
	}
	if f.Updated.IsZero() {
		f.Updated = w.started
	}
	w.writeFeed(rw, r, format, f)
}

// searchHelp shows the query syntax from search.HelpMarkdown, rendered
// once: like posts, pages do not render Markdown on every read.
func (w *Web) searchHelp(rw http.ResponseWriter, r *http.Request) {
	w.help.once.Do(func() { w.help.html, w.help.err = w.Service.Renderer().Render(search.HelpMarkdown) })
	html, err := w.help.html, w.help.err
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, "search_help", &page{Title: "Search help", Canonical: w.BaseURL + "/search/help",
		Description: "How to search the forums: words, phrases, exclusions and filters.", Data: template.HTML(html)})
}
