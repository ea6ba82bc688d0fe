package forum

import (
	"context"
	"fmt"

	"github.com/parley-forum/parley/internal/markup"
)

// redactSource is the redaction applied to kept versions: the one posting
// applies, without the report of what it replaced.
func redactSource(src string) string {
	out, _ := markup.Redact(src)
	return out
}

// Revisions lists a live post's versions, oldest first. A version hidden by
// staff keeps its place, author and time but loses its title and text.
func (s *Service) Revisions(ctx context.Context, postID int64) (*Post, *Thread, []Revision, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, nil, nil, err
	}
	revs, err := s.store.Revisions(ctx, postID)
	for i := range revs {
		if revs[i].Hidden {
			revs[i].Title, revs[i].BodySource = "", ""
		}
	}
	return p, t, revs, err
}

// RedactRevision applies the private-data redaction to one earlier version
// of a post and reports whether it changed anything. The current version is
// refused: its text is also the post's, which an edit with "redact private
// data" changes (and that edit redacts every earlier version too).
func (s *Service) RedactRevision(ctx context.Context, actor *User, postID int64, number int) (bool, error) {
	t, err := s.checkRevision(ctx, actor, postID, number, "redact")
	if err != nil {
		return false, err
	}
	changed, err := s.store.RedactRevision(ctx, postID, number, redactSource)
	if err != nil {
		return false, err
	}
	if changed {
		s.emit(threadEvent(EventPostEdited, t, postID))
	}
	return changed, nil
}

// HideRevision hides (or shows again) one earlier version of a post.
func (s *Service) HideRevision(ctx context.Context, actor *User, postID int64, number int, hidden bool) error {
	t, err := s.checkRevision(ctx, actor, postID, number, "hide")
	if err != nil {
		return err
	}
	if err := s.store.SetRevisionHidden(ctx, postID, number, hidden); err != nil {
		return err
	}
	s.emit(threadEvent(EventPostEdited, t, postID))
	return nil
}

// checkRevision applies the rules shared by redacting and hiding one
// version: staff only, an earlier version of a live post, within the
// revision-user limit.
func (s *Service) checkRevision(ctx context.Context, actor *User, postID int64, number int, verb string) (*Thread, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, err
	}
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if !Can(actor, ActRevision, p.Author.ID, t.Author.ID, t.Locked) {
		return nil, Forbidden(fmt.Sprintf("only staff may %s a version of a post", verb))
	}
	switch {
	case number < 1 || number > p.RevisionCount:
		return nil, fmt.Errorf("revision %d of post %d: %w", number, postID, ErrNotFound)
	case number == p.RevisionCount:
		return nil, Invalid("number", "is the current version: edit the post (with “redact private data”) instead")
	}
	if err := s.charge(ctx, s.rates.RevisionPerUser, fmt.Sprint(actor.ID)); err != nil {
		return nil, err
	}
	return t, nil
}
