package api

import (
	"errors"
	"net/http"

	"github.com/parley-forum/parley/internal/forum"
)

// The taxonomy administration and staff thread-control routes
// (openapi/taxonomy.json). Permissions are the Service's (forum.CanDo):
// a signed-in user without the role gets 403 and nothing changes. An edit
// sent with an old version gets 409 with the current row in "current".

// AdminTopicDTO is a topic with what its administration needs.
type AdminTopicDTO struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	Position    int    `json:"position"`
	Archived    bool   `json:"archived"`
	Version     int    `json:"version"`
}

// AdminSubtopicDTO is a subtopic with its rules.
type AdminSubtopicDTO struct {
	ID          int64    `json:"id"`
	TopicID     int64    `json:"topic_id"`
	Title       string   `json:"title"`
	Slug        string   `json:"slug"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	DocsTitle   string   `json:"docs_title"`
	DocsURL     string   `json:"docs_url"`
	Position    int      `json:"position"`
	Archived    bool     `json:"archived"`
	StaffOnly   bool     `json:"staff_only"`
	RequireTag  bool     `json:"require_tag"`
	AllowedTags []string `json:"allowed_tags"`
	ThreadCount int      `json:"thread_count"`
	Version     int      `json:"version"`
}

// AdminTagDTO is a tag with its synonyms.
type AdminTagDTO struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Synonyms    []string `json:"synonyms"`
	ThreadCount int      `json:"thread_count"`
	Version     int      `json:"version"`
}

// TagIndexDTO is /tags.json.
type TagIndexDTO struct {
	Tags []AdminTagDTO `json:"tags"`
}

type staleBody struct {
	Error   errorDTO `json:"error"`
	Current any      `json:"current"`
}

func adminTopic(t *forum.Topic) AdminTopicDTO {
	return AdminTopicDTO{ID: t.ID, Title: t.Title, Slug: t.Slug, Description: t.Description, Position: t.Position,
		Archived: t.Archived, Version: t.Version}
}

func (a *API) adminSubtopic(s *forum.Subtopic) AdminSubtopicDTO {
	allowed := append([]string{}, s.AllowedTags...)
	return AdminSubtopicDTO{ID: s.ID, TopicID: s.TopicID, Title: s.Title, Slug: s.Slug, URL: a.subtopicURL(s.Slug),
		Description: s.Description, DocsTitle: s.DocsTitle, DocsURL: s.DocsURL, Position: s.Position, Archived: s.Archived,
		StaffOnly: s.StaffOnly, RequireTag: s.RequireTag, AllowedTags: allowed, ThreadCount: s.ThreadCount, Version: s.Version}
}

func (a *API) adminTag(t *forum.Tag) AdminTagDTO {
	syn := append([]string{}, t.Synonyms...)
	return AdminTagDTO{ID: t.ID, Name: t.Name, URL: a.tagURL(t.Name), Description: t.Description, Synonyms: syn,
		ThreadCount: t.ThreadCount, Version: t.Version}
}

// staleOr answers a StaleRowError with 409 and the current row; other errors
// are returned for the usual mapping.
func (a *API) staleOr(w http.ResponseWriter, r *http.Request, err error) error {
	var se *forum.StaleRowError
	if !errors.As(err, &se) {
		return err
	}
	var cur any
	switch c := se.Current.(type) {
	case *forum.Topic:
		cur = adminTopic(c)
	case *forum.Subtopic:
		cur = a.adminSubtopic(c)
	case *forum.Tag:
		cur = a.adminTag(c)
	}
	w.Header().Set("Cache-Control", "no-store")
	return a.ok(w, r, http.StatusConflict, staleBody{
		Error: errorDTO{Code: CodeConflict, Message: "changed by someone else since version you sent; current is the row as it is now",
			Fields: map[string]string{"version": "is out of date"}},
		Current: cur})
}

// TagIndex serves /tags.json: every tag with its description, synonyms
// and thread count.
func (a *API) TagIndex(w http.ResponseWriter, r *http.Request) {
	a.twin(w, r, func(w http.ResponseWriter, r *http.Request) error {
		tags, err := a.svc.Tags(r.Context())
		if err != nil {
			return err
		}
		out := TagIndexDTO{Tags: make([]AdminTagDTO, 0, len(tags))}
		for i := range tags {
			out.Tags = append(out.Tags, a.adminTag(&tags[i]))
		}
		return a.ok(w, r, http.StatusOK, out)
	})
}

type topicRequest struct {
	Title       *string `json:"title"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
	Position    *int    `json:"position"`
	Archived    *bool   `json:"archived"`
	Version     *int    `json:"version"`
}

func str(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

func boolean(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func integer(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func (a *API) client(r *http.Request) forum.Client { return forum.Client{IP: a.clientIP(r)} }

func (a *API) createTopic(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req topicRequest
	if err := a.allowed(u, forum.ActManageTopics); err != nil {
		return err
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	t, err := a.svc.SaveTopic(r.Context(), u, a.client(r), forum.TopicInput{Title: str(req.Title, ""), Slug: str(req.Slug, ""),
		Description: str(req.Description, ""), Position: req.Position, Archived: boolean(req.Archived, false)})
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusCreated, adminTopic(t))
}

// allowed refuses early (before the body is read) a user whose role may
// never do act.
func (a *API) allowed(u *forum.User, act forum.Action) error {
	if !forum.CanDo(u, act) {
		return forum.Forbidden("your role may not do this")
	}
	return nil
}

func (a *API) editTopic(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTopics); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req topicRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	cur, err := a.svc.TopicByID(r.Context(), id)
	if err != nil {
		return err
	}
	// Fields not sent keep their values; without a version the one just
	// read is used, so a concurrent edit is refused rather than undone.
	in := forum.TopicInput{ID: id, Title: str(req.Title, cur.Title), Slug: str(req.Slug, cur.Slug),
		Description: str(req.Description, cur.Description), Position: req.Position,
		Archived: boolean(req.Archived, cur.Archived), Version: integer(req.Version, cur.Version)}
	t, err := a.svc.SaveTopic(r.Context(), u, a.client(r), in)
	if err != nil {
		return a.staleOr(w, r, err)
	}
	return a.ok(w, r, http.StatusOK, adminTopic(t))
}

type subtopicRequest struct {
	Topic       *string   `json:"topic"`
	Title       *string   `json:"title"`
	Slug        *string   `json:"slug"`
	Description *string   `json:"description"`
	DocsTitle   *string   `json:"docs_title"`
	DocsURL     *string   `json:"docs_url"`
	Position    *int      `json:"position"`
	Archived    *bool     `json:"archived"`
	StaffOnly   *bool     `json:"staff_only"`
	RequireTag  *bool     `json:"require_tag"`
	AllowedTags *[]string `json:"allowed_tags"`
	Version     *int      `json:"version"`
}

func (a *API) createSubtopic(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTopics); err != nil {
		return err
	}
	var req subtopicRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	in := forum.SubtopicInput{Topic: str(req.Topic, ""), Title: str(req.Title, ""), Slug: str(req.Slug, ""),
		Description: str(req.Description, ""), DocsTitle: str(req.DocsTitle, ""), DocsURL: str(req.DocsURL, ""),
		Position: req.Position, Archived: boolean(req.Archived, false), StaffOnly: boolean(req.StaffOnly, false),
		RequireTag: boolean(req.RequireTag, false)}
	if req.AllowedTags != nil {
		in.AllowedTags = *req.AllowedTags
	}
	s, err := a.svc.SaveSubtopic(r.Context(), u, a.client(r), in)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusCreated, a.adminSubtopic(s))
}

func (a *API) editSubtopic(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTopics); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req subtopicRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	cur, err := a.svc.SubtopicByID(r.Context(), id)
	if err != nil {
		return err
	}
	topicSlug := ""
	if t, err := a.svc.TopicByID(r.Context(), cur.TopicID); err == nil {
		topicSlug = t.Slug
	} else {
		return err
	}
	in := forum.SubtopicInput{ID: id, Topic: str(req.Topic, topicSlug), Title: str(req.Title, cur.Title), Slug: str(req.Slug, cur.Slug),
		Description: str(req.Description, cur.Description), DocsTitle: str(req.DocsTitle, cur.DocsTitle),
		DocsURL: str(req.DocsURL, cur.DocsURL), Position: req.Position, Archived: boolean(req.Archived, cur.Archived),
		StaffOnly: boolean(req.StaffOnly, cur.StaffOnly), RequireTag: boolean(req.RequireTag, cur.RequireTag),
		AllowedTags: cur.AllowedTags, Version: integer(req.Version, cur.Version)}
	if req.AllowedTags != nil {
		in.AllowedTags = *req.AllowedTags
	}
	s, err := a.svc.SaveSubtopic(r.Context(), u, a.client(r), in)
	if err != nil {
		return a.staleOr(w, r, err)
	}
	return a.ok(w, r, http.StatusOK, a.adminSubtopic(s))
}

func (a *API) deleteSubtopic(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTopics); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := a.svc.SubtopicByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := a.svc.DeleteSubtopic(r.Context(), u, a.client(r), cur.Slug, r.URL.Query().Get("move_to")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type tagRequest struct {
	Name        *string   `json:"name"`
	Description *string   `json:"description"`
	Synonyms    *[]string `json:"synonyms"`
	Version     *int      `json:"version"`
}

func (a *API) createTag(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTags); err != nil {
		return err
	}
	var req tagRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	in := forum.TagInput{Name: str(req.Name, ""), Description: str(req.Description, "")}
	if req.Synonyms != nil {
		in.Synonyms = *req.Synonyms
	}
	t, err := a.svc.SaveTag(r.Context(), u, a.client(r), in)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusCreated, a.adminTag(t))
}

func (a *API) editTag(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTags); err != nil {
		return err
	}
	var req tagRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	cur, err := a.svc.TagByName(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	in := forum.TagInput{ID: cur.ID, Name: str(req.Name, cur.Name), Description: str(req.Description, cur.Description),
		Synonyms: cur.Synonyms, Version: integer(req.Version, cur.Version)}
	if req.Synonyms != nil {
		in.Synonyms = *req.Synonyms
	}
	t, err := a.svc.SaveTag(r.Context(), u, a.client(r), in)
	if err != nil {
		return a.staleOr(w, r, err)
	}
	return a.ok(w, r, http.StatusOK, a.adminTag(t))
}

func (a *API) mergeTag(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTags); err != nil {
		return err
	}
	var req struct {
		Into string `json:"into"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := a.svc.MergeTags(r.Context(), u, a.client(r), r.PathValue("name"), req.Into); err != nil {
		return err
	}
	t, err := a.svc.ResolveTag(r.Context(), req.Into)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, a.adminTag(t))
}

func (a *API) deleteTag(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.allowed(u, forum.ActManageTags); err != nil {
		return err
	}
	if err := a.svc.DeleteTag(r.Context(), u, a.client(r), r.PathValue("name")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// ThreadControlDTO answers a thread control: the thread as it now is.
type ThreadControlDTO struct {
	Thread   ThreadDTO `json:"thread"`
	Pinned   string    `json:"pinned"` // "", "subtopic" or "global"
	Unlisted bool      `json:"unlisted"`
}

func (a *API) controlThread(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Action   string   `json:"action"`
		Subtopic string   `json:"subtopic"`
		Tags     []string `json:"tags"`
		Reason   string   `json:"reason"`
	}
	if err := decode(r, &req); err != nil {
		return err
	}
	t, err := a.svc.ControlThread(r.Context(), u, a.client(r), id,
		forum.ThreadControl{Action: req.Action, Subtopic: req.Subtopic, Tags: req.Tags, Reason: req.Reason})
	if err != nil {
		return err
	}
	out := ThreadControlDTO{Thread: a.thread(t), Unlisted: t.Unlisted}
	switch {
	case t.PinnedGlobal:
		out.Pinned = "global"
	case t.Pinned:
		out.Pinned = "subtopic"
	}
	return a.ok(w, r, http.StatusOK, out)
}
