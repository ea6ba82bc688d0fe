package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

// The JSON twins of the HTML pages. internal/web calls them after taking a
// ".json" suffix off the path (or on Accept: application/json). They never
// count a thread view: views are people reading pages.

// Home serves the home page's topics and subtopics.
func (a *API) Home(w http.ResponseWriter, r *http.Request) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		topics, err := a.svc.Topics(r.Context())
		if err != nil {
			return err
		}
		out := HomeDTO{Topics: make([]TopicDTO, 0, len(topics))}
		for i := range topics {
			out.Topics = append(out.Topics, a.topic(&topics[i]))
		}
		return a.ok(w, r, http.StatusOK, out)
	})
}

// Latest serves the list of every thread.
func (a *API) Latest(w http.ResponseWriter, r *http.Request) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		// ?tag=name narrows the list to one tag's threads.
		scope, path := forum.Scope{}, "/latest.json"
		if name := r.URL.Query().Get("tag"); name != "" {
			tag, err := a.svc.TagByName(r.Context(), strings.ToLower(name))
			if err != nil {
				return err
			}
			scope.TagID, path = tag.ID, path+"?tag="+url.QueryEscape(tag.Name)
		}
		list, _, err := a.list(r, scope, path)
		if err != nil {
			return err
		}
		return a.ok(w, r, http.StatusOK, list)
	})
}

// Subtopic serves a subtopic's list; pinned threads come on its first page.
func (a *API) Subtopic(w http.ResponseWriter, r *http.Request, slug string) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		sub, err := a.svc.SubtopicBySlug(r.Context(), slug)
		if errors.Is(err, forum.ErrNotFound) {
			if cur, rerr := a.svc.SlugRedirect(r.Context(), "subtopic", slug); rerr == nil {
				http.Redirect(w, r, "/c/"+url.PathEscape(cur)+jsonSuffix(r), http.StatusMovedPermanently)
				return nil
			}
		}
		if err != nil {
			return err
		}
		list, lp, err := a.list(r, forum.Scope{SubtopicID: sub.ID}, "/c/"+url.PathEscape(sub.Slug)+".json")
		if err != nil {
			return err
		}
		return a.ok(w, r, http.StatusOK, SubtopicListDTO{Subtopic: a.subtopic(sub), Pinned: a.threads(lp.Pinned), ListDTO: list})
	})
}

// Tag serves the list of threads carrying a tag.
func (a *API) Tag(w http.ResponseWriter, r *http.Request, name string) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		tag, err := a.svc.TagByName(r.Context(), name)
		if errors.Is(err, forum.ErrNotFound) {
			if cur, rerr := a.svc.SlugRedirect(r.Context(), "tag", name); rerr == nil {
				http.Redirect(w, r, "/tags/"+url.PathEscape(cur)+jsonSuffix(r), http.StatusMovedPermanently)
				return nil
			}
		}
		if err != nil {
			return err
		}
		list, _, err := a.list(r, forum.Scope{TagID: tag.ID}, "/tags/"+url.PathEscape(tag.Name)+".json")
		if err != nil {
			return err
		}
		return a.ok(w, r, http.StatusOK, TagListDTO{Tag: a.tag(tag), ListDTO: list})
	})
}

// User serves a profile: the user, threads they started, recent replies.
func (a *API) User(w http.ResponseWriter, r *http.Request, username string) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		q, err := forum.ParseListParams(r.URL.Query().Get)
		if err != nil {
			return err
		}
		up, err := a.svc.UserPage(r.Context(), username, q)
		if err != nil {
			return err
		}
		out := UserPageDTO{User: a.user(up.User), Replies: make([]UserReplyDTO, 0, len(up.Replies)),
			ListDTO: a.listDTO(up.Threads, q, "/u/"+url.PathEscape(up.User.Username)+".json")}
		for i := range up.Replies {
			rep := &up.Replies[i]
			out.Replies = append(out.Replies, UserReplyDTO{Post: a.post(&rep.Post, rep.ThreadSlug),
				Thread: ThreadRefDTO{ID: rep.ThreadID, Title: rep.ThreadTitle, Slug: rep.ThreadSlug, URL: a.threadURL(rep.ThreadSlug, rep.ThreadID)}})
		}
		return a.ok(w, r, http.StatusOK, out)
	})
}

// Thread serves a thread with one page of posts (?page=, from 1) and its
// accepted and recommended answers.
func (a *API) Thread(w http.ResponseWriter, r *http.Request, id int64) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		page := 1
		if s := r.URL.Query().Get("page"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return forum.Invalid("page", "must be a whole number")
			}
			page = n
		}
		tp, err := a.svc.ThreadPage(r.Context(), id, page)
		if err != nil {
			return err
		}
		t := tp.Thread
		out := ThreadPageDTO{Thread: a.thread(t), Posts: a.posts(tp.Posts, t.Slug), Answers: a.posts(tp.Answers, t.Slug),
			Page: tp.Page, Pages: tp.Pages}
		pageURL := func(n int) *string {
			u := a.threadURL(t.Slug, t.ID) + ".json?page=" + strconv.Itoa(n)
			return &u
		}
		if tp.Page > 1 {
			out.PrevURL = pageURL(tp.Page - 1)
		}
		if tp.Page < tp.Pages {
			out.NextURL = pageURL(tp.Page + 1)
		}
		return a.ok(w, r, http.StatusOK, out)
	})
}

// Revisions serves a post's kept versions, oldest first.
func (a *API) Revisions(w http.ResponseWriter, r *http.Request, postID int64) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		return a.revisions(w, r, postID)
	})
}

// twin serves a read whose URL also answers with HTML, so caches must
// keep the two apart.
func (a *API) twin(w http.ResponseWriter, r *http.Request, h handler) {
	w.Header().Add("Vary", "Accept")
	a.read(h)(w, r)
}

// jsonSuffix is ".json" when the request named the twin by its suffix
// (rather than by Accept), so a redirect keeps asking for JSON.
func jsonSuffix(r *http.Request) string {
	if strings.HasSuffix(r.URL.Path, ".json") {
		return ".json"
	}
	return ""
}
