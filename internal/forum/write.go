package forum

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/markup"
)

// Client identifies where a write comes from, for per-IP rate limits.
type Client struct {
	IP string
}

// ThreadInput is what a user submits to start a thread.
type ThreadInput struct {
	Title    string
	Subtopic string // slug
	Tags     []string
	Body     string
	Redact   bool
	Key      string // idempotency key; empty for none
	// DraftKey names the composer's draft, deleted with the thread; empty
	// means the subtopic's (NewThreadDraftKey).
	DraftKey string
}

// Written reports the result of a thread or reply write, built from what
// its transaction returned (see Committed).
type Written struct {
	ThreadID   int64
	PostID     int64
	Thread     *Thread
	Post       *Post
	Redactions markup.Redactions
	Replayed   bool // an earlier use of the idempotency key wrote it
}

// CreateThread validates, renders and stores a new thread.
func (s *Service) CreateThread(ctx context.Context, actor *User, cl Client, in ThreadInput) (*Written, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if prior, err := s.priorUse(ctx, actor, routeThread, in.Key); err != nil || prior != nil {
		if err != nil {
			return nil, err
		}
		return s.replayPost(ctx, prior, 0)
	}
	v := &ValidationError{}
	title := cleanTitle(v, "title", in.Title, s.lim().TitleMin, s.lim().TitleMax)
	body := cleanBody(v, "body", in.Body, s.lim().BodyMin, s.lim().BodyMax)
	var sub *Subtopic
	if strings.TrimSpace(in.Subtopic) == "" {
		v.add("subtopic", "is required")
	} else if found, err := s.store.SubtopicBySlug(ctx, in.Subtopic); errors.Is(err, ErrNotFound) {
		v.add("subtopic", "does not exist")
	} else if err != nil {
		return nil, err
	} else {
		sub = found
	}
	tagIDs, names, err := s.resolveTagNames(ctx, v, in.Tags)
	if err != nil {
		return nil, err
	}
	if sub != nil {
		if err := checkSubtopicRules(v, actor, sub, names); err != nil {
			return nil, err
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	// The limit is charged before rendering: a refused request must not
	// cost the server a render.
	if err := s.chargePost(ctx, actor, cl, s.rules().ThreadPerUser, s.rules().ThreadPerNewUser); err != nil {
		return nil, err
	}
	var red markup.Redactions
	if in.Redact {
		body, red = markup.Redact(body)
	}
	rb, err := s.renderBody(ctx, body)
	if err != nil {
		return nil, err
	}
	row := NewThreadRow{
		SubtopicID: sub.ID, AuthorID: actor.ID, Title: title, Slug: Slugify(title),
		Excerpt: markup.Excerpt(rb.Text, 300), TagIDs: tagIDs, Body: rb, CreatedAt: s.now(),
		Once: s.onceKey(actor, routeThread, in.Key), Draft: usedDraft(actor, threadDraftKey(in)),
	}
	threadID, postID, err := s.store.CreateThread(ctx, row)
	if errors.Is(err, ErrKeyUsed) {
		prior, err := s.replayAfterRace(ctx, actor, routeThread, in.Key)
		if err != nil {
			return nil, err
		}
		return s.replayPost(ctx, prior, 0)
	}
	if err != nil {
		return nil, err
	}
	t, p := createdThread(row, sub, actor, names, threadID, postID)
	s.emit(threadEvent(EventThreadCreated, t, postID))
	return &Written{ThreadID: threadID, PostID: postID, Thread: t, Post: p, Redactions: red}, nil
}

func (s *Service) renderBody(ctx context.Context, src string) (RenderedBody, error) {
	html, err := s.bodies.RenderContext(ctx, src)
	if err != nil {
		return RenderedBody{}, fmt.Errorf("render post: %w", err)
	}
	return RenderedBody{Source: src, HTML: html, Text: s.bodies.PlainText(src)}, nil
}

// chargePost applies the per-user posting rule (stricter for new accounts)
// and the per-IP rule.
func (s *Service) chargePost(ctx context.Context, actor *User, cl Client, normal, newUser Rule) error {
	if s.MustVerify(actor) {
		return errUnverified()
	}
	rule := normal
	if s.now().Sub(actor.CreatedAt) < s.rules().NewUserAge && !actor.Role.IsStaff() {
		rule = newUser
	}
	if err := s.charge(ctx, rule, fmt.Sprint(actor.ID)); err != nil {
		return err
	}
	if key := cl.key(); key != "" {
		return s.charge(ctx, s.rules().PostPerIP, key)
	}
	return nil
}

// ReplyInput is what a user submits to reply.
type ReplyInput struct {
	Body   string
	Redact bool
	Key    string // idempotency key; empty for none
}

// Reply validates, renders and appends a reply to a thread.
func (s *Service) Reply(ctx context.Context, actor *User, cl Client, threadID int64, in ReplyInput) (*Written, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	t, err := s.store.Thread(ctx, threadID)
	if err != nil {
		return nil, err
	}
	if !Can(actor, ActReply, 0, t.Author.ID, t.Locked) {
		return nil, Forbidden("the thread is locked")
	}
	if prior, err := s.priorUse(ctx, actor, routeReply(threadID), in.Key); err != nil || prior != nil {
		if err != nil {
			return nil, err
		}
		return s.replayPost(ctx, prior, threadID)
	}
	v := &ValidationError{}
	body := cleanBody(v, "body", in.Body, 2, s.lim().BodyMax)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := s.chargePost(ctx, actor, cl, s.rules().ReplyPerUser, s.rules().ReplyPerNewUser); err != nil {
		return nil, err
	}
	var red markup.Redactions
	if in.Redact {
		body, red = markup.Redact(body)
	}
	rb, err := s.renderBody(ctx, body)
	if err != nil {
		return nil, err
	}
	row := NewPostRow{ThreadID: threadID, AuthorID: actor.ID, Body: rb, CreatedAt: s.now(),
		Once: s.onceKey(actor, routeReply(threadID), in.Key), Draft: usedDraft(actor, ReplyDraftKey(threadID))}
	c, err := s.store.CreateReplyCommitted(ctx, row)
	if errors.Is(err, ErrKeyUsed) {
		prior, err := s.replayAfterRace(ctx, actor, routeReply(threadID), in.Key)
		if err != nil {
			return nil, err
		}
		return s.replayPost(ctx, prior, threadID)
	}
	if err != nil {
		return nil, err
	}
	s.emit(threadEvent(EventReplyCreated, t, c.PostID))
	t, p := createdReply(t, row, actor, c)
	return &Written{ThreadID: threadID, PostID: c.PostID, Thread: t, Post: p, Redactions: red}, nil
}

// EditInput changes a post; Title applies to opening posts only.
type EditInput struct {
	Title  string
	Body   string
	Redact bool
}

// EditPost replaces a post's body (and title, for an opening post).
func (s *Service) EditPost(ctx context.Context, actor *User, postID int64, in EditInput) (*Post, error) {
	p, _, err := s.Edit(ctx, actor, postID, in)
	return p, err
}

// Edit is EditPost that also returns the thread as the edit left it (a new
// title means a new slug).
func (s *Service) Edit(ctx context.Context, actor *User, postID int64, in EditInput) (*Post, *Thread, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	if actor == nil {
		return nil, nil, ErrUnauthorized
	}
	if !Can(actor, ActEdit, p.Author.ID, t.Author.ID, t.Locked) {
		return nil, nil, Forbidden("only the author or a moderator may edit this post")
	}
	v := &ValidationError{}
	minBody := 2
	if p.Number == 1 {
		minBody = s.lim().BodyMin
	}
	body := cleanBody(v, "body", in.Body, minBody, s.lim().BodyMax)
	title := ""
	if p.Number == 1 && in.Title != "" {
		title = cleanTitle(v, "title", in.Title, s.lim().TitleMin, s.lim().TitleMax)
	}
	if err := v.err(); err != nil {
		return nil, nil, err
	}
	if err := s.charge(ctx, s.rules().EditPerUser, fmt.Sprint(actor.ID)); err != nil {
		return nil, nil, err
	}
	if in.Redact {
		body, _ = markup.Redact(body)
	}
	rb, err := s.renderBody(ctx, body)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	row := EditPostRow{PostID: postID, EditorID: actor.ID, Body: rb, At: now, FoldAfter: now.Add(-s.lim().EditFold),
		Draft: usedDraft(actor, EditDraftKey(postID))}
	if in.Redact {
		row.RedactEarlier = redactSource
	}
	if p.Number == 1 {
		if title == "" {
			title = t.Title
		}
		row.Title, row.Slug, row.Excerpt = title, Slugify(title), markup.Excerpt(rb.Text, 300)
	}
	c, err := s.store.EditPostCommitted(ctx, row)
	if err != nil {
		return nil, nil, err
	}
	s.emit(threadEvent(EventPostEdited, t, postID))
	p, t = editedPost(p, t, row, c)
	return p, t, nil
}

// DeletePost soft-deletes a post as DeleteRequest with nothing confirmed
// does (see Service.Delete).
func (s *Service) DeletePost(ctx context.Context, actor *User, postID int64) error {
	_, err := s.Delete(ctx, actor, DeleteRequest{PostID: postID})
	return err
}

// postAndThread loads a live post and its live thread.
func (s *Service) postAndThread(ctx context.Context, postID int64) (*Post, *Thread, error) {
	p, err := s.store.Post(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	if p.Deleted {
		return nil, nil, fmt.Errorf("post %d: %w", postID, ErrNotFound)
	}
	t, err := s.store.Thread(ctx, p.ThreadID)
	if err != nil {
		return nil, nil, err
	}
	return p, t, nil
}

// Preview renders a body exactly as posting it would. Input longer than a
// post may be is refused before anything is rendered, and the preview-user
// limit is charged before the render, as for posting.
func (s *Service) Preview(ctx context.Context, actor *User, body string, redact bool) (string, markup.Redactions, error) {
	if actor == nil {
		return "", nil, ErrUnauthorized
	}
	v := &ValidationError{}
	if msg := badText(body, true); msg != "" {
		v.add("body", msg)
		return "", nil, v
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if n := utf8.RuneCountInString(body); n > s.lim().BodyMax {
		v.add("body", fmt.Sprintf("must be at most %d characters (it has %d)", s.lim().BodyMax, n))
		return "", nil, v
	}
	if err := s.charge(ctx, s.rules().PreviewPerUser, fmt.Sprint(actor.ID)); err != nil {
		return "", nil, err
	}
	var red markup.Redactions
	if redact {
		body, red = markup.Redact(body)
	}
	html, err := s.bodies.RenderContext(ctx, body)
	return html, red, err
}

// threadDraftKey is the draft a new thread uses up: the one its composer
// named, else its subtopic's.
func threadDraftKey(in ThreadInput) string {
	if strings.HasPrefix(in.DraftKey, "new") && ValidDraftKey(in.DraftKey) {
		return in.DraftKey
	}
	return NewThreadDraftKey(in.Subtopic)
}
