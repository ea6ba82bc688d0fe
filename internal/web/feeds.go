package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/feed"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/httpx"
)

// listFeed renders a thread list as RSS or Atom. Each item carries the
// opening post's stored HTML, fetched in one query for the whole list.
func (w *Web) listFeed(rw http.ResponseWriter, r *http.Request, format string, d *listData) {
	threads := d.Page.Threads
	ids := make([]int64, len(threads))
	for i, t := range threads {
		ids[i] = t.FirstPostID
	}
	posts, err := w.Service.PostsByID(r.Context(), ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	body := make(map[int64]string, len(posts))
	for _, p := range posts {
		body[p.ID] = p.BodyHTML
	}
	title := d.Heading + " · " + w.Service.Site().Name
	f := feed.Feed{Title: title, Link: w.BaseURL + withQuery(d.Path, d.Params), SelfLink: w.BaseURL + withQuery(d.Path+"."+format, d.Params),
		Description: "Newest threads in " + d.Heading}
	if d.Subtopic != nil && d.Subtopic.Description != "" {
		f.Description = w.Service.Renderer().PlainText(d.Subtopic.Description)
	}
	for i := range threads {
		t := &threads[i]
		link := w.BaseURL + threadPath(t)
		f.Items = append(f.Items, feed.Item{ID: w.BaseURL + "/t/" + strconv.FormatInt(t.ID, 10), Title: t.Title, Link: link,
			Author: t.Author.DisplayName, Published: t.CreatedAt, Updated: t.CreatedAt,
			ContentHTML: body[t.FirstPostID], Summary: t.Excerpt, Categories: append([]string{t.Subtopic.Title}, t.Tags...)})
		if t.CreatedAt.After(f.Updated) {
			f.Updated = t.CreatedAt
		}
	}
	w.writeFeed(rw, r, format, f)
}

// threadFeed renders a thread's posts, newest first, as RSS or Atom.
func (w *Web) threadFeed(rw http.ResponseWriter, r *http.Request, format string, tp *forum.ThreadPage) {
	t := tp.Thread
	from := max(1, t.PostSeq-49)
	posts, err := w.Service.Posts(r.Context(), t.ID, from, t.PostSeq)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	path := threadPath(t)
	f := feed.Feed{Title: t.Title, Link: w.BaseURL + path, SelfLink: w.BaseURL + path + "." + format,
		ID: w.BaseURL + "/t/" + strconv.FormatInt(t.ID, 10), Description: t.Excerpt}
	for i := len(posts) - 1; i >= 0; i-- {
		p := posts[i]
		if p.Deleted {
			continue
		}
		title := "Reply #" + strconv.Itoa(p.Number-1) + " by " + p.Author.DisplayName
		if p.Number == 1 {
			title = t.Title
		}
		updated := p.CreatedAt
		if !p.EditedAt.IsZero() {
			updated = p.EditedAt
		}
		f.Items = append(f.Items, feed.Item{ID: w.BaseURL + forum.PermalinkPath(p.ID), Title: title,
			Link: w.BaseURL + w.Service.PostPath(t.Slug, t.ID, p.ID, p.Number), Author: p.Author.DisplayName,
			Published: p.CreatedAt, Updated: updated, ContentHTML: p.BodyHTML})
		if updated.After(f.Updated) {
			f.Updated = updated
		}
	}
	w.writeFeed(rw, r, format, f)
}

// userFeed renders the threads a user started.
func (w *Web) userFeed(rw http.ResponseWriter, r *http.Request, format string, up *forum.UserPage) {
	d := &listData{Heading: up.User.DisplayName, Path: "/u/" + up.User.Username, Page: up.Threads}
	w.listFeed(rw, r, format, d)
}

func (w *Web) writeFeed(rw http.ResponseWriter, r *http.Request, format string, f feed.Feed) {
	var body []byte
	var err error
	ct := feed.RSSContentType
	if format == "atom" {
		ct = feed.AtomContentType
		body, err = feed.Atom(f)
	} else {
		body, err = feed.RSS(f)
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rw.Header().Set("Content-Type", ct)
	rw.Header().Set("Cache-Control", "public, max-age=60")
	// RSS and Atom of one list share content, so the format goes into the
	// tag to keep the two representations distinct.
	etag := strings.TrimSuffix(feed.ETag(f), `"`) + "-" + format + `"`
	if httpx.CheckNotModified(rw, r, etag, f.Updated.Truncate(time.Second)) {
		return
	}
	_, _ = rw.Write(body)
}
