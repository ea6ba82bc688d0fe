package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

// splitFormat separates a ".json", ".rss" or ".atom" suffix from a path
// segment. Accept: application/json also selects JSON.
func splitFormat(r *http.Request, seg string) (string, string) {
	for _, f := range []string{"json", "rss", "atom"} {
		if strings.HasSuffix(seg, "."+f) {
			return strings.TrimSuffix(seg, "."+f), f
		}
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		return seg, "json"
	}
	return seg, ""
}

// AskPath is the composer with this list's subtopic or tag chosen, or ""
// for lists that have neither.
func (d *listData) AskPath() string {
	switch {
	case d.Subtopic != nil:
		return "/new?subtopic=" + url.QueryEscape(d.Subtopic.Slug)
	case d.Tag != nil:
		return "/new?tag=" + url.QueryEscape(d.Tag.Name)
	}
	return ""
}

type listData struct {
	Heading     string
	Kind        string // "subtopic", "tag", "latest", "user"
	Subtopic    *forum.Subtopic
	Tag         *forum.Tag
	Page        *forum.ListPage
	Query       forum.ListQuery
	Path        string
	Params      string // query parameters every link of the list keeps ("tag=x" on /latest)
	TagFilter   string // the tag /latest is filtered by, "" for all
	TagChoices  []forum.Tag
	NextURL     string
	FeedURL     string
	SortOptions []sortOption
	Filters     []sortOption
}

type sortOption struct {
	Label, URL string
	Active     bool
}

// homeData is the home page: the threads pinned everywhere, then the
// topics with their subtopics.
func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	if _, f := splitFormat(r, ""); f == "json" {
		w.API.Home(rw, r)
		return
	}
	site := w.Service.Site()
	if site.HomeLayout == "latest" {
		w.serveList(rw, r, "", &listData{Heading: "Latest", Kind: "latest", Path: "/latest"}, forum.Scope{})
		return
	}
	topics, err := w.Service.Topics(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	desc := "Questions and answers about building on the platform."
	if site.Description != "" {
		desc = w.Service.Renderer().PlainText(site.Description)
	}
	heading := site.Tagline
	if heading == "" {
		heading = site.Name
	}
	pins, err := w.Service.GlobalPins(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, "home", &page{Title: heading, Canonical: w.BaseURL + "/",
		Description: desc,
		Alternates:  []alternate{{"rss", "Latest threads", "/latest.rss"}},
		Data:        &homeData{Topics: topics, Heading: heading, DescriptionHTML: site.DescriptionHTML, Pins: pins}})
}

type homeData struct {
	Topics          []forum.Topic
	Pins            []forum.Thread // pinned on the home page and /latest
	Heading         string
	DescriptionHTML string
}

func (w *Web) latest(rw http.ResponseWriter, r *http.Request) {
	_, format := splitFormat(r, r.URL.Path)
	if format == "json" {
		w.API.Latest(rw, r)
		return
	}
	d := &listData{Heading: "Latest", Kind: "latest", Path: "/latest"}
	var scope forum.Scope
	// Latest: a tag filter (?tag=name) narrows it to one tag's threads.
	if name := r.URL.Query().Get("tag"); name != "" {
		tag, err := w.Service.TagByName(r.Context(), strings.ToLower(name))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		scope.TagID = tag.ID
		d.Heading, d.TagFilter, d.Params = "Latest tagged "+tag.Name, tag.Name, "tag="+url.QueryEscape(tag.Name)
	}
	if format == "" {
		tags, err := w.Service.Tags(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.TagChoices = tags
	}
	w.serveList(rw, r, format, d, scope)
}

// joinParams joins two encoded query strings.
func joinParams(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "&" + b
}

func (w *Web) subtopic(rw http.ResponseWriter, r *http.Request) {
	slug, format := splitFormat(r, r.PathValue("subtopic"))
	if format == "json" {
		w.API.Subtopic(rw, r, slug)
		return
	}
	sub, err := w.Service.SubtopicBySlug(r.Context(), slug)
	if errors.Is(err, forum.ErrNotFound) && w.redirectRenamed(rw, r, "subtopic", slug, format) {
		return
	}
	if errors.Is(err, forum.ErrNotFound) && strings.ToLower(slug) != slug {
		if sub, err = w.Service.SubtopicBySlug(r.Context(), strings.ToLower(slug)); err == nil {
			canonicalRedirect(rw, r, "/c/"+sub.Slug, format)
			return
		}
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := &listData{Heading: sub.Title, Kind: "subtopic", Subtopic: sub, Path: "/c/" + sub.Slug}
	w.serveList(rw, r, format, d, forum.Scope{SubtopicID: sub.ID})
}

func (w *Web) tag(rw http.ResponseWriter, r *http.Request) {
	name, format := splitFormat(r, r.PathValue("tag"))
	if format == "json" {
		w.API.Tag(rw, r, name)
		return
	}
	tag, err := w.Service.TagByName(r.Context(), name)
	if errors.Is(err, forum.ErrNotFound) && w.redirectRenamed(rw, r, "tag", name, format) {
		return
	}
	if errors.Is(err, forum.ErrNotFound) && strings.ToLower(name) != name {
		if tag, err = w.Service.TagByName(r.Context(), strings.ToLower(name)); err == nil {
			canonicalRedirect(rw, r, "/tags/"+url.PathEscape(tag.Name), format)
			return
		}
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := &listData{Heading: tag.Name, Kind: "tag", Tag: tag, Path: "/tags/" + url.PathEscape(tag.Name)}
	w.serveList(rw, r, format, d, forum.Scope{TagID: tag.ID})
}

// serveList loads one page of a list and renders it as HTML or a feed.
func (w *Web) serveList(rw http.ResponseWriter, r *http.Request, format string, d *listData, scope forum.Scope) {
	q, err := listQuery(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	q.Scope = scope
	if format == "rss" || format == "atom" {
		// Feeds always show the newest threads, whatever the page's sort.
		q = forum.ListQuery{Scope: scope, Sort: forum.SortNewest, Desc: true, Limit: 30}
	}
	lp, err := w.Service.ListThreads(r.Context(), q)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Page, d.Query, d.FeedURL = lp, q, withQuery(d.Path+".rss", d.Params)
	if format != "" {
		w.listFeed(rw, r, format, d)
		return
	}
	if lp.Next != nil {
		d.NextURL = withQuery(d.Path, joinParams(d.Params, listParams(q, lp.Next.Encode())))
	}
	if scope == (forum.Scope{}) && len(lp.Pinned) > 0 {
		// Globally pinned threads head /latest; show each once.
		pinned := map[int64]bool{}
		for _, t := range lp.Pinned {
			pinned[t.ID] = true
		}
		shown := *lp
		shown.Threads = nil
		for _, t := range lp.Threads {
			if !pinned[t.ID] {
				shown.Threads = append(shown.Threads, t)
			}
		}
		d.Page = &shown
	}
	d.SortOptions, d.Filters = sortOptions(d.Path, d.Params, q), filterOptions(d.Path, d.Params, q)
	p := &page{Title: d.Heading, Canonical: w.BaseURL + withQuery(d.Path, d.Params), Data: d, Ask: d.AskPath(),
		Alternates: []alternate{{"rss", d.Heading + " (RSS)", d.FeedURL},
			{"atom", d.Heading + " (Atom)", withQuery(d.Path+".atom", d.Params)}}}
	if d.Subtopic != nil {
		p.Description = w.Service.Renderer().PlainText(d.Subtopic.Description)
	} else if d.Tag != nil {
		p.Description = d.Tag.Description
	}
	if q.After != nil || q.Filter != "" || r.URL.RawQuery != "" {
		p.NoIndex = true
	}
	w.render(rw, r, "list", p)
}

// listParams keeps the list's sort, order and filter in page links.
func listParams(q forum.ListQuery, after string) string {
	v := url.Values{}
	if q.Sort != forum.SortActivity {
		v.Set("sort", string(q.Sort))
	}
	if !q.Desc {
		v.Set("order", "asc")
	}
	if q.Filter != "" {
		v.Set("filter", string(q.Filter))
	}
	if q.Limit != forum.DefaultPageSize {
		v.Set("limit", itoa(q.Limit))
	}
	if after != "" {
		v.Set("after", after)
	}
	return v.Encode()
}

func sortOptions(path, params string, q forum.ListQuery) []sortOption {
	labels := []struct {
		s     forum.Sort
		label string
	}{{forum.SortActivity, "Activity"}, {forum.SortNewest, "Newest"}, {forum.SortBoosts, "Boosts"}, {forum.SortViews, "Views"}, {forum.SortReplies, "Replies"}}
	var out []sortOption
	for _, l := range labels {
		nq := forum.ListQuery{Sort: l.s, Desc: true, Filter: q.Filter, Limit: q.Limit}
		if l.s == q.Sort {
			nq.Desc = !q.Desc // clicking the active sort flips its direction
		}
		out = append(out, sortOption{Label: l.label, URL: withQuery(path, joinParams(params, listParams(nq, ""))), Active: l.s == q.Sort})
	}
	return out
}

func filterOptions(path, params string, q forum.ListQuery) []sortOption {
	var out []sortOption
	for _, f := range []struct {
		f     forum.Filter
		label string
	}{{forum.FilterAll, "All"}, {forum.FilterUnanswered, "Unanswered"}, {forum.FilterSolved, "Solved"}} {
		nq := forum.ListQuery{Sort: q.Sort, Desc: q.Desc, Filter: f.f, Limit: q.Limit}
		out = append(out, sortOption{Label: f.label, URL: withQuery(path, joinParams(params, listParams(nq, ""))), Active: f.f == q.Filter})
	}
	return out
}

func withQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// listQuery parses a list's query string; a malformed query string (bad
// percent-escapes) is a 400 rather than silently ignored.
func listQuery(r *http.Request) (forum.ListQuery, error) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return forum.ListQuery{}, forum.Invalid("query", "is not a well-formed query string")
	}
	return forum.ParseListParams(values.Get)
}
