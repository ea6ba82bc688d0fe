package api

import (
	"net/url"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/markup"
)

// timeLayout is RFC 3339 in UTC with milliseconds, the store's precision.
const timeLayout = "2006-01-02T15:04:05.000Z"

func stamp(t time.Time) string { return t.UTC().Format(timeLayout) }

// maybeStamp is stamp, or nil for the zero time ("never").
func maybeStamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := stamp(t)
	return &s
}

func maybeID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (a *API) threadURL(slug string, id int64) string { return a.baseURL + forum.ThreadPath(slug, id) }

// postURL is where the post is read: the page of its thread that holds it,
// with the anchor the page gives it (its id), as everywhere else.
func (a *API) postURL(slug string, threadID, postID int64, number int) string {
	return a.baseURL + a.svc.PostPath(slug, threadID, postID, number)
}

func (a *API) subtopicURL(slug string) string { return a.baseURL + "/c/" + url.PathEscape(slug) }
func (a *API) tagURL(name string) string      { return a.baseURL + "/tags/" + url.PathEscape(name) }
func (a *API) userURL(name string) string     { return a.baseURL + "/u/" + url.PathEscape(name) }

func (a *API) author(u forum.Author) AuthorDTO {
	return AuthorDTO{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role),
		Staff: u.Role.IsStaff(), Title: u.Title, URL: a.userURL(u.Username)}
}

func (a *API) user(u *forum.User) UserDTO {
	pub := forum.Author{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, Title: u.Title}
	return UserDTO{AuthorDTO: a.author(pub), CreatedAt: stamp(u.CreatedAt), ThreadCount: u.ThreadCount, ReplyCount: u.ReplyCount}
}

func (a *API) subtopic(s *forum.Subtopic) SubtopicDTO {
	d := SubtopicDTO{ID: s.ID, TopicID: s.TopicID, TopicTitle: s.TopicTitle, Title: s.Title, Slug: s.Slug,
		Description: s.Description, URL: a.subtopicURL(s.Slug), ThreadCount: s.ThreadCount,
		LastActivityAt: maybeStamp(s.LastActivityAt)}
	if s.DocsURL != "" {
		d.Docs = &DocsLinkDTO{Title: s.DocsTitle, URL: s.DocsURL}
	}
	return d
}

func (a *API) topic(t *forum.Topic) TopicDTO {
	d := TopicDTO{ID: t.ID, Title: t.Title, Slug: t.Slug, Description: t.Description, Subtopics: []SubtopicDTO{}}
	var last time.Time
	for i := range t.Subtopics {
		s := &t.Subtopics[i]
		d.Subtopics = append(d.Subtopics, a.subtopic(s))
		d.ThreadCount += s.ThreadCount
		if s.LastActivityAt.After(last) {
			last = s.LastActivityAt
		}
	}
	d.LastActivityAt = maybeStamp(last)
	return d
}

func (a *API) tag(t *forum.Tag) TagDTO {
	return TagDTO{ID: t.ID, Name: t.Name, Description: t.Description, ThreadCount: t.ThreadCount, URL: a.tagURL(t.Name)}
}

// thread converts a thread; its view count includes views counted but not
// yet flushed, as pages show them.
func (a *API) thread(t *forum.Thread) ThreadDTO {
	views := t.ViewCount
	if a.views != nil {
		views += a.views.Pending(t.ID)
	}
	tags := append([]string{}, t.Tags...)
	return ThreadDTO{ID: t.ID, Title: t.Title, Slug: t.Slug, URL: a.threadURL(t.Slug, t.ID), Excerpt: t.Excerpt,
		Subtopic: SubtopicRefDTO{ID: t.Subtopic.ID, Slug: t.Subtopic.Slug, Title: t.Subtopic.Title, URL: a.subtopicURL(t.Subtopic.Slug)},
		Author:   a.author(t.Author), Tags: tags, FirstPostID: t.FirstPostID, Pinned: t.Pinned, Locked: t.Locked,
		Solved: t.Solved(), CreatedAt: stamp(t.CreatedAt), LastActivityAt: stamp(t.LastActivityAt),
		ReplyCount: t.ReplyCount, Boosts: t.BoostCount, Views: views,
		AcceptedPostID: maybeID(t.AcceptedPostID), RecommendedCount: t.Recommended}
}

func (a *API) threads(ts []forum.Thread) []ThreadDTO {
	out := make([]ThreadDTO, 0, len(ts))
	for i := range ts {
		out = append(out, a.thread(&ts[i]))
	}
	return out
}

// post converts a post of the thread whose slug is given (for its URL).
func (a *API) post(p *forum.Post, slug string) PostDTO {
	d := PostDTO{ID: p.ID, ThreadID: p.ThreadID, Number: p.Number, URL: a.postURL(slug, p.ThreadID, p.ID, p.Number),
		Permalink: a.baseURL + forum.PermalinkPath(p.ID),
		Author:    a.author(p.Author), Body: p.BodySource, HTML: p.BodyHTML, CreatedAt: stamp(p.CreatedAt),
		EditedAt: maybeStamp(p.EditedAt), RevisionCount: p.RevisionCount, Boosts: p.BoostCount,
		Recommended: p.Recommended, Accepted: p.Accepted, Deleted: p.Deleted}
	if p.Deleted {
		d.Body, d.HTML = "", ""
	}
	return d
}

func (a *API) posts(ps []forum.Post, slug string) []PostDTO {
	out := make([]PostDTO, 0, len(ps))
	for i := range ps {
		out = append(out, a.post(&ps[i], slug))
	}
	return out
}

func (a *API) revision(r *forum.Revision, opening bool) RevisionDTO {
	d := RevisionDTO{PostID: r.PostID, Number: r.Number, Body: r.BodySource, Editor: a.author(r.Editor), CreatedAt: stamp(r.CreatedAt), Hidden: r.Hidden}
	if opening {
		title := r.Title
		d.Title = &title
	}
	return d
}

func token(t *forum.Token) TokenDTO {
	return TokenDTO{ID: t.ID, Name: t.Name, CreatedAt: stamp(t.CreatedAt), LastUsedAt: maybeStamp(t.LastUsed)}
}

// redactions lists every kind, zeros included, so clients read fixed fields.
func redactions(r markup.Redactions) RedactionsDTO {
	return RedactionsDTO{Email: r[markup.KindEmail], IPv4: r[markup.KindIPv4], IPv6: r[markup.KindIPv6],
		MAC: r[markup.KindMAC], Bearer: r[markup.KindBearer], APIKey: r[markup.KindAPIKey]}
}
