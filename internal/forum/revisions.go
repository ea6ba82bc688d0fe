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

// RevisionsPerPage is how many versions one page of a post's history
// shows, which bounds the versions one request loads and compares.
const RevisionsPerPage = 10

// RevisionPage is one page of a post's versions. Page 1 holds the newest
// versions; Revisions are oldest first within the page. Before is the
// version just older than the page's first, which that one's diff needs;
// nil when the page starts at version 1.
type RevisionPage struct {
	Post      *Post
	Thread    *Thread
	Total     int // versions kept
	Page      int
	Pages     int
	Revisions []Revision
	Before    *Revision
}

// Revisions lists a live post's versions, oldest first. A version hidden by
// staff keeps its place, author and time but loses its title and text.
// Pages use RevisionPage, which loads only the versions they show.
func (s *Service) Revisions(ctx context.Context, postID int64) (*Post, *Thread, []Revision, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, nil, nil, err
	}
	revs, err := s.store.Revisions(ctx, postID)
	return p, t, blankHidden(revs), err
}

// RevisionPage loads page n (from 1; 0 is 1) of a live post's versions
// with the one before them: at most RevisionsPerPage+1 versions, however
// long the history. A page past the end is ErrNotFound.
func (s *Service) RevisionPage(ctx context.Context, postID int64, n int) (*RevisionPage, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, err
	}
	total := max(p.RevisionCount, 1)
	rp := &RevisionPage{Post: p, Thread: t, Total: total, Page: max(n, 1),
		Pages: (total + RevisionsPerPage - 1) / RevisionsPerPage}
	if rp.Page > rp.Pages {
		return nil, fmt.Errorf("page %d of the versions of post %d: %w", rp.Page, postID, ErrNotFound)
	}
	hi := total - (rp.Page-1)*RevisionsPerPage
	lo := max(1, hi-RevisionsPerPage+1)
	revs, err := s.store.RevisionRange(ctx, postID, max(1, lo-1), hi)
	if err != nil {
		return nil, err
	}
	revs = blankHidden(revs)
	if len(revs) > 0 && revs[0].Number < lo {
		rp.Before, revs = &revs[0], revs[1:]
	}
	rp.Revisions = revs
	return rp, nil
}

// RevisionVersion loads one version of a live post; a number that is not
// kept is ErrNotFound.
func (s *Service) RevisionVersion(ctx context.Context, postID int64, number int) (*Post, *Thread, *Revision, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, nil, nil, err
	}
	revs, err := s.store.RevisionRange(ctx, postID, number, number)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(revs) == 0 {
		return nil, nil, nil, fmt.Errorf("version %d of post %d: %w", number, postID, ErrNotFound)
	}
	return p, t, &blankHidden(revs)[0], nil
}

// blankHidden drops the title and text of versions hidden by staff, so no
// caller can serve them.
func blankHidden(revs []Revision) []Revision {
	for i := range revs {
		if revs[i].Hidden {
			revs[i].Title, revs[i].BodySource = "", ""
		}
	}
	return revs
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
	if err := s.charge(ctx, s.rules().RevisionPerUser, fmt.Sprint(actor.ID)); err != nil {
		return nil, err
	}
	return t, nil
}
