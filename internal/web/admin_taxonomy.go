package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// The taxonomy administration pages: /admin/topics (topics and
// subtopics) and /admin/tags. Every page and form is for the roles
// forum.CanDo allows (ActManageTopics, ActManageTags); others get 401 or
// 403 and nothing changes. A refused form comes back with what was typed
// and a message per field; an edit made from an old version comes back
// with 409 and the current values beside the typed ones.

type adminTopicsData struct {
	Topics   []forum.Topic
	Tags     []forum.Tag
	Topic    formState // the new-topic form
	Subtopic formState // the new-subtopic form
	Notice   string
}

type adminSubtopicData struct {
	Sub     *forum.Subtopic
	Topics  []forum.Topic
	Form    formState
	Delete  formState
	Current *forum.Subtopic // after a 409: the row as it is now
}

type adminTopicData struct {
	T       *forum.Topic
	Form    formState
	Current *forum.Topic
}

type adminTagsData struct {
	Tags []forum.Tag
	Form formState
}

type adminTagData struct {
	Tag     *forum.Tag
	Tags    []forum.Tag
	Form    formState
	Merge   formState
	Current *forum.Tag
}

// staffPage checks that the signed-in user may open an admin page.
func (w *Web) staffPage(rw http.ResponseWriter, r *http.Request, act forum.Action) (*forum.User, bool) {
	me := identity.From(r.Context()).User
	if me == nil {
		w.fail(rw, r, forum.ErrUnauthorized)
		return nil, false
	}
	if !forum.CanDo(me, act) {
		reason := "only administrators may change topics and subtopics"
		if act == forum.ActManageTags {
			reason = "only moderators and administrators may change tags"
		}
		w.fail(rw, r, forum.Forbidden(reason))
		return nil, false
	}
	return me, true
}

// staffForm is authorize plus the role check, so a forbidden form is 403
// before anything is read.
func (w *Web) staffForm(rw http.ResponseWriter, r *http.Request, act forum.Action) (*forum.User, bool) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return nil, false
	}
	if !forum.CanDo(me, act) {
		w.fail(rw, r, forum.Forbidden("you may not change this"))
		return nil, false
	}
	return me, true
}

func formValues(r *http.Request, names ...string) map[string]string {
	v := map[string]string{}
	for _, n := range names {
		v[n] = r.PostFormValue(n)
	}
	return v
}

func formPosition(r *http.Request, v *forum.ValidationError) *int {
	raw := strings.TrimSpace(r.PostFormValue("position"))
	if raw == "" {
		return nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		if v.Fields == nil {
			v.Fields = map[string]string{}
		}
		v.Fields["position"] = "must be a whole number ≥ 0"
		return nil
	}
	return &n
}

func formVersion(r *http.Request) int {
	n, _ := strconv.Atoi(r.PostFormValue("version"))
	return n
}

// refusal sorts a Service error into a form's answer: field errors (422)
// or a stale edit (409), else ok is false and the caller fails.
func refusal(err error, form *formState) (status int, current any, ok bool) {
	var ve *forum.ValidationError
	var se *forum.StaleRowError
	switch {
	case errors.As(err, &ve):
		form.Errors = ve.Fields
		return http.StatusUnprocessableEntity, nil, true
	case errors.As(err, &se):
		form.Notice = "Someone else changed this while you were editing. Their version is shown below; your changes are kept in the form. Save again to replace theirs."
		return http.StatusConflict, se.Current, true
	}
	return 0, nil, false
}

func (w *Web) adminTopics(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.staffPage(rw, r, forum.ActManageTopics); !ok {
		return
	}
	d := &adminTopicsData{Notice: r.URL.Query().Get("done")}
	w.renderAdminTopics(rw, r, d, http.StatusOK)
}

func (w *Web) renderAdminTopics(rw http.ResponseWriter, r *http.Request, d *adminTopicsData, status int) {
	var err error
	if d.Topics, err = w.Service.Topics(r.Context()); err != nil {
		w.fail(rw, r, err)
		return
	}
	if d.Tags, err = w.Service.Tags(r.Context()); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, "admin_topics", &page{Title: "Topics and subtopics", NoIndex: true, Status: status, Data: d})
}

var topicFields = []string{"title", "slug", "description", "position", "archived", "version"}
var subtopicFields = []string{"topic", "title", "slug", "description", "docs_title", "docs_url", "position",
	"archived", "staff_only", "require_tag", "allowed_tags", "version"}

func topicInput(r *http.Request, v *forum.ValidationError) forum.TopicInput {
	return forum.TopicInput{Title: r.PostFormValue("title"), Slug: r.PostFormValue("slug"),
		Description: r.PostFormValue("description"), Position: formPosition(r, v),
		Archived: r.PostFormValue("archived") != "", Version: formVersion(r)}
}

func subtopicInput(r *http.Request, v *forum.ValidationError) forum.SubtopicInput {
	return forum.SubtopicInput{Topic: r.PostFormValue("topic"), Title: r.PostFormValue("title"), Slug: r.PostFormValue("slug"),
		Description: r.PostFormValue("description"), DocsTitle: r.PostFormValue("docs_title"), DocsURL: r.PostFormValue("docs_url"),
		Position: formPosition(r, v), Archived: r.PostFormValue("archived") != "", StaffOnly: r.PostFormValue("staff_only") != "",
		RequireTag: r.PostFormValue("require_tag") != "", AllowedTags: forum.SplitTags(r.PostFormValue("allowed_tags")),
		Version: formVersion(r)}
}

// merged returns v's field errors joined with err's.
func merged(v *forum.ValidationError, err error) error {
	if len(v.Fields) == 0 {
		return err
	}
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		for k, m := range ve.Fields {
			if _, ok := v.Fields[k]; !ok {
				v.Fields[k] = m
			}
		}
	}
	return v
}

func (w *Web) adminTopicCreate(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTopics)
	if !ok {
		return
	}
	v := &forum.ValidationError{}
	in := topicInput(r, v)
	in.Version = 0
	var err error
	if len(v.Fields) == 0 {
		_, err = w.Service.SaveTopic(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	} else {
		err = v
	}
	if err != nil {
		d := &adminTopicsData{Topic: formState{Values: formValues(r, topicFields...)}}
		status, _, ok := refusal(err, &d.Topic)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderAdminTopics(rw, r, d, status)
		return
	}
	http.Redirect(rw, r, "/admin/topics?done="+url.QueryEscape("Topic “"+in.Title+"” created."), http.StatusSeeOther)
}

func (w *Web) adminSubtopicCreate(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTopics)
	if !ok {
		return
	}
	v := &forum.ValidationError{}
	in := subtopicInput(r, v)
	in.Version = 0
	var err error
	var sub *forum.Subtopic
	if len(v.Fields) == 0 {
		sub, err = w.Service.SaveSubtopic(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	} else {
		err = v
	}
	if err != nil {
		d := &adminTopicsData{Subtopic: formState{Values: formValues(r, subtopicFields...)}}
		status, _, ok := refusal(err, &d.Subtopic)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderAdminTopics(rw, r, d, status)
		return
	}
	http.Redirect(rw, r, "/admin/topics?done="+url.QueryEscape("Subtopic “"+sub.Title+"” created at /c/"+sub.Slug+"."), http.StatusSeeOther)
}

func (w *Web) adminTopicForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.staffPage(rw, r, forum.ActManageTopics); !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	t, err := w.Service.TopicByID(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, "admin_topic", &page{Title: "Edit " + t.Title, NoIndex: true, Data: &adminTopicData{T: t, Form: topicForm(t)}})
}

func topicForm(t *forum.Topic) formState {
	return formState{Values: map[string]string{"title": t.Title, "slug": t.Slug, "description": t.Description,
		"position": strconv.Itoa(t.Position), "archived": onOff(t.Archived), "version": strconv.Itoa(t.Version)}}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return ""
}

func (w *Web) adminTopicSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTopics)
	if !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	old, err := w.Service.TopicByID(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v := &forum.ValidationError{}
	in := topicInput(r, v)
	in.ID = id
	if len(v.Fields) == 0 {
		_, err = w.Service.SaveTopic(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	} else {
		err = v
	}
	if err != nil {
		d := &adminTopicData{T: old, Form: formState{Values: formValues(r, topicFields...)}}
		status, cur, ok := refusal(err, &d.Form)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		if c, ok := cur.(*forum.Topic); ok {
			d.Current, d.Form.Values["version"] = c, strconv.Itoa(c.Version)
		}
		w.render(rw, r, "admin_topic", &page{Title: "Edit " + old.Title, NoIndex: true, Status: status, Data: d})
		return
	}
	http.Redirect(rw, r, "/admin/topics?done="+url.QueryEscape("Topic “"+in.Title+"” saved."), http.StatusSeeOther)
}

func (w *Web) adminSubtopicForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.staffPage(rw, r, forum.ActManageTopics); !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	sub, err := w.Service.SubtopicByID(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAdminSubtopic(rw, r, &adminSubtopicData{Sub: sub, Form: w.subtopicForm(r, sub)}, http.StatusOK)
}

func (w *Web) subtopicForm(r *http.Request, s *forum.Subtopic) formState {
	topic := ""
	if topics, err := w.Service.Topics(r.Context()); err == nil {
		for _, t := range topics {
			if t.ID == s.TopicID {
				topic = t.Slug
			}
		}
	}
	return formState{Values: map[string]string{"topic": topic, "title": s.Title, "slug": s.Slug, "description": s.Description,
		"docs_title": s.DocsTitle, "docs_url": s.DocsURL, "position": strconv.Itoa(s.Position), "archived": onOff(s.Archived),
		"staff_only": onOff(s.StaffOnly), "require_tag": onOff(s.RequireTag), "allowed_tags": strings.Join(s.AllowedTags, ", "),
		"version": strconv.Itoa(s.Version)}}
}

func (w *Web) renderAdminSubtopic(rw http.ResponseWriter, r *http.Request, d *adminSubtopicData, status int) {
	topics, err := w.Service.Topics(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Topics = topics
	w.render(rw, r, "admin_subtopic", &page{Title: "Edit " + d.Sub.Title, NoIndex: true, Status: status, Data: d})
}

func (w *Web) adminSubtopicSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTopics)
	if !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	old, err := w.Service.SubtopicByID(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v := &forum.ValidationError{}
	in := subtopicInput(r, v)
	in.ID = id
	var sub *forum.Subtopic
	if len(v.Fields) == 0 {
		sub, err = w.Service.SaveSubtopic(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	} else {
		err = v
	}
	if err != nil {
		d := &adminSubtopicData{Sub: old, Form: formState{Values: formValues(r, subtopicFields...)}}
		status, cur, ok := refusal(err, &d.Form)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		if c, ok := cur.(*forum.Subtopic); ok {
			d.Current, d.Form.Values["version"] = c, strconv.Itoa(c.Version)
		}
		w.renderAdminSubtopic(rw, r, d, status)
		return
	}
	http.Redirect(rw, r, "/admin/topics?done="+url.QueryEscape("Subtopic “"+sub.Title+"” saved."), http.StatusSeeOther)
}

func (w *Web) adminSubtopicDelete(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTopics)
	if !ok {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	sub, err := w.Service.SubtopicByID(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	err = w.Service.DeleteSubtopic(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, sub.Slug, r.PostFormValue("move_to"))
	if err != nil {
		d := &adminSubtopicData{Sub: sub, Form: w.subtopicForm(r, sub), Delete: formState{Values: formValues(r, "move_to")}}
		status, _, ok := refusal(err, &d.Delete)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderAdminSubtopic(rw, r, d, status)
		return
	}
	http.Redirect(rw, r, "/admin/topics?done="+url.QueryEscape("Subtopic “"+sub.Title+"” deleted."), http.StatusSeeOther)
}

func (w *Web) adminTags(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.staffPage(rw, r, forum.ActManageTags); !ok {
		return
	}
	w.renderAdminTags(rw, r, &adminTagsData{Form: formState{Notice: r.URL.Query().Get("done")}}, http.StatusOK)
}

func (w *Web) renderAdminTags(rw http.ResponseWriter, r *http.Request, d *adminTagsData, status int) {
	tags, err := w.Service.Tags(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Tags = tags
	w.render(rw, r, "admin_tags", &page{Title: "Tags", NoIndex: true, Status: status, Data: d})
}

var tagFields = []string{"name", "description", "synonyms", "version"}

func tagInput(r *http.Request) forum.TagInput {
	return forum.TagInput{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"),
		Synonyms: []string{r.PostFormValue("synonyms")}, Version: formVersion(r)}
}

func (w *Web) adminTagCreate(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTags)
	if !ok {
		return
	}
	in := tagInput(r)
	in.Version = 0
	t, err := w.Service.SaveTag(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	if err != nil {
		d := &adminTagsData{Form: formState{Values: formValues(r, tagFields...)}}
		status, _, ok := refusal(err, &d.Form)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderAdminTags(rw, r, d, status)
		return
	}
	http.Redirect(rw, r, "/admin/tags?done="+url.QueryEscape("Tag “"+t.Name+"” created."), http.StatusSeeOther)
}

func tagForm(t *forum.Tag) formState {
	return formState{Values: map[string]string{"name": t.Name, "description": t.Description,
		"synonyms": strings.Join(t.Synonyms, ", "), "version": strconv.Itoa(t.Version)}}
}

func (w *Web) adminTagForm(rw http.ResponseWriter, r *http.Request) {
	if _, ok := w.staffPage(rw, r, forum.ActManageTags); !ok {
		return
	}
	t, err := w.Service.TagByName(r.Context(), r.PathValue("name"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAdminTag(rw, r, &adminTagData{Tag: t, Form: tagForm(t)}, http.StatusOK)
}

func (w *Web) renderAdminTag(rw http.ResponseWriter, r *http.Request, d *adminTagData, status int) {
	tags, err := w.Service.Tags(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Tags = tags
	w.render(rw, r, "admin_tag", &page{Title: "Edit tag " + d.Tag.Name, NoIndex: true, Status: status, Data: d})
}

func (w *Web) adminTagSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTags)
	if !ok {
		return
	}
	old, err := w.Service.TagByName(r.Context(), r.PathValue("name"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	in := tagInput(r)
	in.ID = old.ID
	t, err := w.Service.SaveTag(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	if err != nil {
		d := &adminTagData{Tag: old, Form: formState{Values: formValues(r, tagFields...)}}
		status, cur, ok := refusal(err, &d.Form)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		if c, ok := cur.(*forum.Tag); ok {
			d.Current, d.Form.Values["version"] = c, strconv.Itoa(c.Version)
		}
		w.renderAdminTag(rw, r, d, status)
		return
	}
	http.Redirect(rw, r, "/admin/tags?done="+url.QueryEscape("Tag “"+t.Name+"” saved."), http.StatusSeeOther)
}

func (w *Web) adminTagMerge(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTags)
	if !ok {
		return
	}
	old, err := w.Service.TagByName(r.Context(), r.PathValue("name"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	into := r.PostFormValue("into")
	if err := w.Service.MergeTags(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, old.Name, into); err != nil {
		d := &adminTagData{Tag: old, Form: tagForm(old), Merge: formState{Values: formValues(r, "into")}}
		status, _, ok := refusal(err, &d.Merge)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderAdminTag(rw, r, d, status)
		return
	}
	http.Redirect(rw, r, "/admin/tags?done="+url.QueryEscape("Tag “"+old.Name+"” merged into “"+forum.CleanTagName(into)+"”."), http.StatusSeeOther)
}

func (w *Web) adminTagDelete(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.staffForm(rw, r, forum.ActManageTags)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if err := w.Service.DeleteTag(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, name); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/admin/tags?done="+url.QueryEscape("Tag “"+forum.CleanTagName(name)+"” deleted."), http.StatusSeeOther)
}

// tagsIndex is /tags: every tag with its description and thread count;
// /tags.json is its twin.
func (w *Web) tagsIndex(rw http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, ".json") {
		w.API.TagIndex(rw, r)
		return
	}
	tags, err := w.Service.Tags(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, "tags", &page{Title: "Tags", Canonical: w.BaseURL + "/tags",
		Description: "Every tag of the forum with what it is for.", Data: tags})
}

// threadControlSubmit applies one staff action from the thread page's
// staff menu and returns to the thread.
func (w *Web) threadControlSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	c := forum.ThreadControl{Action: r.PostFormValue("action"), Subtopic: r.PostFormValue("subtopic"),
		Tags: r.PostForm["tags"], Reason: r.PostFormValue("reason")}
	t, err := w.Service.ControlThread(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, id, c)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, threadPath(t), http.StatusSeeOther)
}

// redirectRenamed answers a request for a subtopic or tag slug that no
// longer exists but once did with a permanent redirect to its new name,
// keeping the format suffix and query. It reports whether it answered.
func (w *Web) redirectRenamed(rw http.ResponseWriter, r *http.Request, kind, old, format string) bool {
	cur, err := w.Service.SlugRedirect(r.Context(), kind, old)
	if err != nil && kind == "tag" {
		// A synonym's URL shows its main tag.
		if t, terr := w.Service.ResolveTag(r.Context(), old); terr == nil && t.Name != old {
			cur, err = t.Name, nil
		}
	}
	if err != nil {
		return false
	}
	prefix := "/c/"
	if kind == "tag" {
		prefix = "/tags/"
	}
	target := prefix + url.PathEscape(cur)
	if format != "" {
		target += "." + format
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(rw, r, target, http.StatusMovedPermanently)
	return true
}
