package forum

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Drafts are keyed by what they are a draft of: "new" (a question not
// yet placed), "new-<subtopic slug>", "reply-<thread id>" and
// "edit-<post id>". A key names no rights: a draft is only ever read by
// its author, and the post it becomes is checked when it is posted.
var draftKeyRe = regexp.MustCompile(`^(new(-[a-z0-9][a-z0-9-]{0,79})?|reply-[1-9][0-9]{0,18}|edit-[1-9][0-9]{0,18})$`)

// MaxDraftsPerUser bounds the drafts one account keeps; saving another
// drops the least recently typed.
const MaxDraftsPerUser = 50

// ValidDraftKey reports whether key names a draft.
func ValidDraftKey(key string) bool { return draftKeyRe.MatchString(key) }

// NewThreadDraftKey is the draft of a question asked in subtopic (a slug,
// or "" for none chosen yet).
func NewThreadDraftKey(subtopic string) string {
	if k := "new-" + strings.ToLower(strings.TrimSpace(subtopic)); subtopic != "" && ValidDraftKey(k) {
		return k
	}
	return "new"
}

// ReplyDraftKey is the draft of a reply to a thread.
func ReplyDraftKey(threadID int64) string { return "reply-" + strconv.FormatInt(threadID, 10) }

// EditDraftKey is the draft of an edit of a post.
func EditDraftKey(postID int64) string { return "edit-" + strconv.FormatInt(postID, 10) }

// DraftInput is what a composer sends as the user types.
type DraftInput struct {
	Title string
	Body  string
	// TypedAt is when the text was typed, as the browser tab saw it; the
	// save typed last wins. Zero, or a time later than the server's
	// clock, means now, so a tab with a fast clock cannot pin its text.
	TypedAt time.Time
}

// draftLimits: a draft may hold more than a post (a paste to be trimmed
// before posting is still kept), but not without bound.
func (s *Service) draftLimits() (title, body int) { return 4 * s.lim().TitleMax, 2 * s.lim().BodyMax }

// SaveDraft stores the actor's draft under key unless a draft typed later
// is stored; it returns the draft kept and whether it is this one.
func (s *Service) SaveDraft(ctx context.Context, actor *User, key string, in DraftInput) (*Draft, bool, error) {
	if actor == nil {
		return nil, false, ErrUnauthorized
	}
	v := &ValidationError{}
	if !ValidDraftKey(key) {
		v.add("key", "is not a draft key (new, new-<subtopic>, reply-<thread id> or edit-<post id>)")
	}
	maxTitle, maxBody := s.draftLimits()
	if msg := badText(in.Title, false); msg != "" {
		v.add("title", msg)
	} else if n := utf8.RuneCountInString(in.Title); n > maxTitle {
		v.add("title", fmt.Sprintf("must be at most %d characters in a draft (it has %d)", maxTitle, n))
	}
	if msg := badText(in.Body, true); msg != "" {
		v.add("body", msg)
	} else if n := utf8.RuneCountInString(in.Body); n > maxBody {
		v.add("body", fmt.Sprintf("must be at most %d characters in a draft (it has %d)", maxBody, n))
	}
	if strings.TrimSpace(in.Title) == "" && strings.TrimSpace(in.Body) == "" {
		v.add("body", "is empty: delete the draft instead")
	}
	if err := v.err(); err != nil {
		return nil, false, err
	}
	if err := s.charge(ctx, s.rates.DraftPerUser, strconv.FormatInt(actor.ID, 10)); err != nil {
		return nil, false, err
	}
	now := s.now()
	at := in.TypedAt
	if at.IsZero() || at.After(now) {
		at = now
	}
	d := &Draft{UserID: actor.ID, Key: key, Title: in.Title, Body: in.Body, UpdatedAt: at.Truncate(time.Millisecond)}
	return s.store.SaveDraft(ctx, d, MaxDraftsPerUser)
}

// Draft loads the actor's draft under key; ErrNotFound when there is none.
func (s *Service) Draft(ctx context.Context, actor *User, key string) (*Draft, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if !ValidDraftKey(key) {
		return nil, ErrNotFound
	}
	return s.store.Draft(ctx, actor.ID, key)
}

// Drafts lists the actor's drafts, most recently typed first.
func (s *Service) Drafts(ctx context.Context, actor *User) ([]Draft, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	return s.store.Drafts(ctx, actor.ID)
}

// DeleteDraft discards the actor's draft under key; ErrNotFound when
// there was none.
func (s *Service) DeleteDraft(ctx context.Context, actor *User, key string) error {
	if actor == nil {
		return ErrUnauthorized
	}
	if !ValidDraftKey(key) {
		return ErrNotFound
	}
	if err := s.charge(ctx, s.rates.DraftPerUser, strconv.FormatInt(actor.ID, 10)); err != nil {
		return err
	}
	found, err := s.store.DeleteDraft(ctx, actor.ID, key)
	if err != nil {
		return err
	}
	if !found {
		return ErrNotFound
	}
	return nil
}

// usedDraft is the draft a write by actor deletes in its transaction.
func usedDraft(actor *User, key string) *DraftRef {
	if actor == nil || !ValidDraftKey(key) {
		return nil
	}
	return &DraftRef{UserID: actor.ID, Key: key}
}
