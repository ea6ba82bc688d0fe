package web

import (
	"encoding/xml"
	"net/http"
	"net/url"

	"github.com/parley-forum/parley/internal/forum"
)

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemapThreads caps how many recent threads the sitemap lists; crawlers
// reach older ones through the paginated lists.
const sitemapThreads = 1000

func (w *Web) sitemap(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	set.URLs = append(set.URLs, sitemapURL{Loc: w.BaseURL + "/"}, sitemapURL{Loc: w.BaseURL + "/latest"})
	topics, err := w.Service.Topics(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	for _, t := range topics {
		for _, s := range t.Subtopics {
			u := sitemapURL{Loc: w.BaseURL + "/c/" + s.Slug}
			if !s.LastActivityAt.IsZero() {
				u.LastMod = s.LastActivityAt.Format("2006-01-02")
			}
			set.URLs = append(set.URLs, u)
		}
	}
	tags, err := w.Service.Tags(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	for _, t := range tags {
		set.URLs = append(set.URLs, sitemapURL{Loc: w.BaseURL + "/tags/" + url.PathEscape(t.Name)})
	}
	q := forum.ListQuery{Sort: forum.SortActivity, Desc: true, Limit: forum.MaxPageSize}
	for n := 0; n < sitemapThreads; n += forum.MaxPageSize {
		page, err := w.Service.ListThreads(ctx, q)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		for i := range page.Threads {
			t := &page.Threads[i]
			set.URLs = append(set.URLs, sitemapURL{Loc: w.BaseURL + threadPath(t), LastMod: t.LastActivityAt.Format("2006-01-02")})
		}
		if page.Next == nil {
			break
		}
		q.After = page.Next
	}
	rw.Header().Set("Content-Type", "application/xml; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=600")
	_, _ = rw.Write([]byte(xml.Header))
	enc := xml.NewEncoder(rw)
	if err := enc.Encode(set); err != nil {
		w.Logger.Warn("write sitemap", "err", err)
	}
}
