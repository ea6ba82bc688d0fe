package forum

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// EventTaxonomy says that topics, subtopics or tags changed: every cached
// page may show the navigation, counts or names it changed, so each node
// drops its page cache when it sees one (rare, an administrator's action).
const EventTaxonomy EventKind = "taxonomy"

// TopicInput creates (ID 0) or edits a topic. Version is the version the
// editor loaded; 0 skips the check (a script that means to overwrite).
// Position nil keeps it (or, creating, puts the topic last).
type TopicInput struct {
	ID          int64
	Title       string
	Slug        string
	Description string
	Position    *int
	Archived    bool
	Version     int
}

// SubtopicInput creates (ID 0) or edits a subtopic; Topic is the slug of
// its topic. AllowedTags empty means any tag.
type SubtopicInput struct {
	ID          int64
	Topic       string
	Title       string
	Slug        string
	Description string
	DocsTitle   string
	DocsURL     string
	Position    *int
	Archived    bool
	StaffOnly   bool
	RequireTag  bool
	AllowedTags []string
	Version     int
}

// TagInput creates (ID 0) or edits a tag.
type TagInput struct {
	ID          int64
	Name        string
	Description string
	Synonyms    []string
	Version     int
}

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	tagPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9.+#_-]*$`)
)

// Limits of taxonomy fields, in characters.
const (
	maxTaxTitle       = 80
	maxTaxSlug        = 60
	maxTaxDescription = 4000
	maxTagName        = 40
	maxSynonyms       = 20
)

func (s *Service) taxonomyActor(actor *User, act Action) error {
	if actor == nil {
		return ErrUnauthorized
	}
	if !CanDo(actor, act) {
		if act == ActManageTopics {
			return Forbidden("only administrators may change topics and subtopics")
		}
		return Forbidden("only moderators and administrators may change tags")
	}
	return nil
}

func cleanSlug(v *ValidationError, raw, title string) string {
	slug := strings.TrimSpace(raw)
	if slug == "" && title != "" {
		slug = Slugify(title)
	}
	switch {
	case slug == "":
		v.add("slug", "is required")
	case utf8.RuneCountInString(slug) > maxTaxSlug:
		v.add("slug", fmt.Sprintf("must be at most %d characters", maxTaxSlug))
	case !slugPattern.MatchString(slug):
		v.add("slug", "may contain only lower-case letters, digits and single hyphens between them")
	}
	return slug
}

func cleanDescription(v *ValidationError, raw string) string {
	if msg := badText(raw, true); msg != "" {
		v.add("description", msg)
		return raw
	}
	d := strings.TrimSpace(strings.ReplaceAll(raw, "\r\n", "\n"))
	if n := utf8.RuneCountInString(d); n > maxTaxDescription {
		v.add("description", fmt.Sprintf("must be at most %d characters (it has %d)", maxTaxDescription, n))
	}
	return d
}

func cleanPosition(v *ValidationError, p *int) {
	if p != nil && *p < 0 {
		v.add("position", "must be ≥ 0")
	}
}

// CleanTagName normalizes a typed tag name: trimmed, lower-case.
func CleanTagName(raw string) string { return strings.ToLower(strings.TrimSpace(raw)) }

func checkTagName(v *ValidationError, field, name string) {
	switch {
	case name == "":
		v.add(field, "is required")
	case badText(name, false) != "":
		v.add(field, badText(name, false))
	case utf8.RuneCountInString(name) > maxTagName:
		v.add(field, fmt.Sprintf("must be at most %d characters", maxTagName))
	case !tagPattern.MatchString(name):
		v.add(field, fmt.Sprintf("%q may contain only lower-case letters, digits and . + # _ -, starting with a letter or digit", name))
	}
}

func auditDetail(old, new any) string {
	b, err := json.Marshal(map[string]any{"old": old, "new": new})
	if err != nil {
		return ""
	}
	return string(b)
}

func (s *Service) audit(actor *User, cl Client, action, kind string, id int64, label string, detail string) *AuditEntry {
	e := AuditActor(actor, cl.IP)
	e.At, e.Action, e.TargetKind, e.TargetID, e.TargetLabel, e.Detail = s.now(), action, kind, id, label, detail
	return &e
}

func (s *Service) taxonomyChanged() { s.emit(Event{Kind: EventTaxonomy}) }

// TopicByID loads one topic (without its subtopics).
func (s *Service) TopicByID(ctx context.Context, id int64) (*Topic, error) {
	return s.store.TopicByID(ctx, id)
}

// SubtopicByID loads one subtopic.
func (s *Service) SubtopicByID(ctx context.Context, id int64) (*Subtopic, error) {
	return s.store.SubtopicByID(ctx, id)
}

// SlugRedirect names the current slug of something once called old.
func (s *Service) SlugRedirect(ctx context.Context, kind, old string) (string, error) {
	return s.store.SlugRedirect(ctx, kind, old)
}

// ResolveTag finds a tag by name or synonym.
func (s *Service) ResolveTag(ctx context.Context, name string) (*Tag, error) {
	return s.store.ResolveTag(ctx, CleanTagName(name))
}

// SaveTopic creates or edits a topic.
func (s *Service) SaveTopic(ctx context.Context, actor *User, cl Client, in TopicInput) (*Topic, error) {
	if err := s.taxonomyActor(actor, ActManageTopics); err != nil {
		return nil, err
	}
	v := &ValidationError{}
	t := &Topic{ID: in.ID, Archived: in.Archived, Version: in.Version}
	t.Title = cleanTitle(v, "title", in.Title, 1, maxTaxTitle)
	t.Slug = cleanSlug(v, in.Slug, t.Title)
	t.Description = cleanDescription(v, in.Description)
	cleanPosition(v, in.Position)
	var old *Topic
	if in.ID != 0 {
		cur, err := s.store.TopicByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		old = cur
		t.Position = cur.Position
	} else {
		t.Position = -1
	}
	if in.Position != nil {
		t.Position = *in.Position
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	var err error
	if old == nil {
		e := s.audit(actor, cl, "topic.create", "topic", 0, t.Title, auditDetail(nil, topicAudit(t)))
		err = s.store.AddTopic(ctx, t, e)
	} else {
		e := s.audit(actor, cl, topicAction(old, t), "topic", t.ID, t.Title, auditDetail(topicAudit(old), topicAudit(t)))
		err = s.store.UpdateTopic(ctx, t, e)
		fillStale(err, func() (any, error) { return s.store.TopicByID(ctx, t.ID) })
	}
	if err != nil {
		return nil, err
	}
	s.taxonomyChanged()
	return t, nil
}

// fillStale puts the row as it is now into a StaleRowError that has none,
// so the refusal can show the editor what changed.
func fillStale(err error, load func() (any, error)) {
	var se *StaleRowError
	if errors.As(err, &se) && se.Current == nil {
		if cur, lerr := load(); lerr == nil {
			se.Current = cur
		}
	}
}

func topicAudit(t *Topic) map[string]any {
	return map[string]any{"title": t.Title, "slug": t.Slug, "description": t.Description, "position": t.Position, "archived": t.Archived}
}

func topicAction(old, t *Topic) string {
	switch {
	case old.Archived != t.Archived && t.Archived:
		return "topic.archive"
	case old.Archived != t.Archived:
		return "topic.unarchive"
	case old.Slug != t.Slug:
		return "topic.rename"
	}
	return "topic.edit"
}

// SaveSubtopic creates or edits a subtopic.
func (s *Service) SaveSubtopic(ctx context.Context, actor *User, cl Client, in SubtopicInput) (*Subtopic, error) {
	if err := s.taxonomyActor(actor, ActManageTopics); err != nil {
		return nil, err
	}
	v := &ValidationError{}
	sub := &Subtopic{ID: in.ID, Archived: in.Archived, StaffOnly: in.StaffOnly, RequireTag: in.RequireTag, Version: in.Version}
	sub.Title = cleanTitle(v, "title", in.Title, 1, maxTaxTitle)
	sub.Slug = cleanSlug(v, in.Slug, sub.Title)
	sub.Description = cleanDescription(v, in.Description)
	sub.DocsTitle = cleanTitle(&ValidationError{}, "docs_title", in.DocsTitle, 0, maxTaxTitle)
	if msg := badText(in.DocsTitle, false); msg != "" {
		v.add("docs_title", msg)
	} else if utf8.RuneCountInString(sub.DocsTitle) > maxTaxTitle {
		v.add("docs_title", fmt.Sprintf("must be at most %d characters", maxTaxTitle))
	}
	sub.DocsURL = strings.TrimSpace(in.DocsURL)
	if sub.DocsURL != "" {
		u, err := url.Parse(sub.DocsURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(sub.DocsURL) > 500 {
			v.add("docs_url", "must be an http or https address")
		}
	}
	cleanPosition(v, in.Position)
	if strings.TrimSpace(in.Topic) == "" {
		v.add("topic", "is required")
	} else if tp, err := s.topicBySlug(ctx, in.Topic); errors.Is(err, ErrNotFound) {
		v.add("topic", "does not exist")
	} else if err != nil {
		return nil, err
	} else {
		sub.TopicID, sub.TopicTitle = tp.ID, tp.Title
	}
	for _, raw := range in.AllowedTags {
		name := CleanTagName(raw)
		if name == "" {
			continue
		}
		tag, err := s.store.ResolveTag(ctx, name)
		if errors.Is(err, ErrNotFound) {
			v.add("allowed_tags", fmt.Sprintf("unknown tag %q", name))
			continue
		}
		if err != nil {
			return nil, err
		}
		if !contains(sub.AllowedTags, tag.Name) {
			sub.AllowedTags = append(sub.AllowedTags, tag.Name)
		}
	}
	var old *Subtopic
	if in.ID != 0 {
		cur, err := s.store.SubtopicByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		old = cur
		sub.Position = cur.Position
	} else {
		sub.Position = -1
	}
	if in.Position != nil {
		sub.Position = *in.Position
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	var err error
	if old == nil {
		e := s.audit(actor, cl, "subtopic.create", "subtopic", 0, sub.Title, auditDetail(nil, subtopicAudit(sub)))
		err = s.store.AddSubtopic(ctx, sub, e)
	} else {
		e := s.audit(actor, cl, subtopicAction(old, sub), "subtopic", sub.ID, sub.Title, auditDetail(subtopicAudit(old), subtopicAudit(sub)))
		err = s.store.UpdateSubtopic(ctx, sub, e)
		fillStale(err, func() (any, error) { return s.store.SubtopicByID(ctx, sub.ID) })
	}
	if err != nil {
		return nil, err
	}
	s.taxonomyChanged()
	return sub, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func subtopicAudit(s *Subtopic) map[string]any {
	return map[string]any{"topic_id": s.TopicID, "title": s.Title, "slug": s.Slug, "description": s.Description,
		"docs_title": s.DocsTitle, "docs_url": s.DocsURL, "position": s.Position, "archived": s.Archived,
		"staff_only": s.StaffOnly, "require_tag": s.RequireTag, "allowed_tags": s.AllowedTags}
}

func subtopicAction(old, s *Subtopic) string {
	switch {
	case old.Archived != s.Archived && s.Archived:
		return "subtopic.archive"
	case old.Archived != s.Archived:
		return "subtopic.unarchive"
	case old.Slug != s.Slug:
		return "subtopic.rename"
	}
	return "subtopic.edit"
}

func (s *Service) topicBySlug(ctx context.Context, slug string) (*Topic, error) {
	topics, err := s.store.Topics(ctx)
	if err != nil {
		return nil, err
	}
	for i := range topics {
		if topics[i].Slug == strings.TrimSpace(slug) {
			return &topics[i], nil
		}
	}
	return nil, fmt.Errorf("topic %q: %w", slug, ErrNotFound)
}

// DeleteSubtopic deletes a subtopic, moving its threads to moveTo (a
// subtopic slug) in the same transaction; with threads and no moveTo it
// is refused with a field error.
func (s *Service) DeleteSubtopic(ctx context.Context, actor *User, cl Client, slug, moveTo string) error {
	if err := s.taxonomyActor(actor, ActManageTopics); err != nil {
		return err
	}
	sub, err := s.store.SubtopicBySlug(ctx, slug)
	if err != nil {
		return err
	}
	var to *Subtopic
	if moveTo = strings.TrimSpace(moveTo); moveTo != "" {
		to, err = s.store.SubtopicBySlug(ctx, moveTo)
		if errors.Is(err, ErrNotFound) {
			return Invalid("move_to", "does not exist")
		}
		if err != nil {
			return err
		}
		if to.ID == sub.ID {
			return Invalid("move_to", "must be another subtopic")
		}
	}
	var toID int64
	detail := auditDetail(subtopicAudit(sub), nil)
	if to != nil {
		toID = to.ID
		detail = auditDetail(subtopicAudit(sub), map[string]any{"threads_moved_to": to.Slug})
	}
	if err := s.store.DeleteSubtopic(ctx, sub.ID, toID, s.audit(actor, cl, "subtopic.delete", "subtopic", sub.ID, sub.Title, detail)); err != nil {
		return err
	}
	s.taxonomyChanged()
	return nil
}

// SaveTag creates or edits a tag (a new name renames it; the old name
// redirects).
func (s *Service) SaveTag(ctx context.Context, actor *User, cl Client, in TagInput) (*Tag, error) {
	if err := s.taxonomyActor(actor, ActManageTags); err != nil {
		return nil, err
	}
	v := &ValidationError{}
	t := &Tag{ID: in.ID, Name: CleanTagName(in.Name), Version: in.Version}
	checkTagName(v, "name", t.Name)
	t.Description = cleanDescription(v, in.Description)
	for _, raw := range in.Synonyms {
		for _, part := range SplitTags(raw) {
			if contains(t.Synonyms, part) || part == t.Name {
				continue
			}
			checkTagName(v, "synonyms", part)
			t.Synonyms = append(t.Synonyms, part)
		}
	}
	if len(t.Synonyms) > maxSynonyms {
		v.add("synonyms", fmt.Sprintf("at most %d synonyms", maxSynonyms))
	}
	var old *Tag
	if in.ID != 0 {
		tags, err := s.store.Tags(ctx)
		if err != nil {
			return nil, err
		}
		for i := range tags {
			if tags[i].ID == in.ID {
				old = &tags[i]
			}
		}
		if old == nil {
			return nil, fmt.Errorf("tag %d: %w", in.ID, ErrNotFound)
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	var err error
	if old == nil {
		err = s.store.AddTag(ctx, t, s.audit(actor, cl, "tag.create", "tag", 0, t.Name, auditDetail(nil, tagAudit(t))))
	} else {
		action := "tag.edit"
		if old.Name != t.Name {
			action = "tag.rename"
		}
		err = s.store.UpdateTag(ctx, t, s.audit(actor, cl, action, "tag", t.ID, t.Name, auditDetail(tagAudit(old), tagAudit(t))))
		fillStale(err, func() (any, error) { return s.store.TagByName(ctx, old.Name) })
	}
	if err != nil {
		return nil, err
	}
	s.taxonomyChanged()
	return t, nil
}

func tagAudit(t *Tag) map[string]any {
	return map[string]any{"name": t.Name, "description": t.Description, "synonyms": t.Synonyms}
}

// MergeTags moves every thread of the tag from to the tag into and
// deletes from; its name becomes a synonym of into.
func (s *Service) MergeTags(ctx context.Context, actor *User, cl Client, from, into string) error {
	if err := s.taxonomyActor(actor, ActManageTags); err != nil {
		return err
	}
	src, err := s.store.TagByName(ctx, CleanTagName(from))
	if err != nil {
		return err
	}
	dst, err := s.store.ResolveTag(ctx, CleanTagName(into))
	if errors.Is(err, ErrNotFound) {
		return Invalid("into", "does not exist")
	}
	if err != nil {
		return err
	}
	if dst.ID == src.ID {
		return Invalid("into", "must be another tag")
	}
	e := s.audit(actor, cl, "tag.merge", "tag", src.ID, src.Name, auditDetail(src.Name, dst.Name))
	if err := s.store.MergeTags(ctx, src.ID, dst.ID, e); err != nil {
		return err
	}
	s.taxonomyChanged()
	return nil
}

// DeleteTag removes a tag from every thread and deletes it.
func (s *Service) DeleteTag(ctx context.Context, actor *User, cl Client, name string) error {
	if err := s.taxonomyActor(actor, ActManageTags); err != nil {
		return err
	}
	t, err := s.store.TagByName(ctx, CleanTagName(name))
	if err != nil {
		return err
	}
	if err := s.store.DeleteTag(ctx, t.ID, s.audit(actor, cl, "tag.delete", "tag", t.ID, t.Name, auditDetail(tagAudit(t), nil))); err != nil {
		return err
	}
	s.taxonomyChanged()
	return nil
}

// SplitTags splits what a person typed in a tag field (commas or spaces
// between names) into cleaned names.
func SplitTags(raw string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
		if name := CleanTagName(f); name != "" {
			out = append(out, name)
		}
	}
	return out
}
