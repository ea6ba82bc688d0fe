package forum

import (
	"context"
	"fmt"
	"time"
)

// DeleteRequest is one delete asked for on either surface.
type DeleteRequest struct {
	PostID int64
	IP     string
	// Confirmed says staff confirmed deleting a whole thread with others'
	// replies in it; without it that delete is a *ConfirmError.
	Confirmed bool
}

// DeleteResult is what a delete did and where the reader goes next.
type DeleteResult struct {
	Outcome DeleteOutcome
	Thread  *Thread // the thread as it was before the delete
	PostID  int64
	// CanUndo says the actor may restore what was deleted (a withdrawal
	// has no undo: the author can edit the post again).
	CanUndo bool
}

// Delete soft-deletes a post. Every delete only hides: the post stays for
// staff and can be restored (RestorePost) until it is purged.
//
//   - A reply is deleted, by its author or a moderator.
//   - An opening post deleted by its author, when others have live replies
//     in the thread, is withdrawn instead: the text becomes a notice, the
//     revisions stay for staff and the thread keeps the others' answers.
//   - A moderator deleting a whole thread with others' replies must
//     confirm; unconfirmed it is a *ConfirmError (a conflict) naming how
//     many replies would go.
//
// A moderator deleting someone else's post writes the audit log.
func (s *Service) Delete(ctx context.Context, actor *User, req DeleteRequest) (*DeleteResult, error) {
	p, t, err := s.postAndThread(ctx, req.PostID)
	if err != nil {
		return nil, err
	}
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if !Can(actor, ActDelete, p.Author.ID, t.Author.ID, t.Locked) {
		return nil, Forbidden("only the author or a moderator may delete this post")
	}
	row := DeleteRow{PostID: p.ID, ByID: actor.ID, At: s.now(), Others: OthersWithdraw}
	if actor.Role.CanModerate() {
		row.Others = OthersRefuse
		if req.Confirmed {
			row.Others = OthersDelete
		}
	}
	if actor.ID != p.Author.ID {
		action := "post.delete"
		if p.Number == 1 {
			action = "thread.delete"
		}
		row.Audit = s.postAudit(actor, req.IP, p, t, action)
	}
	out, err := s.store.DeletePostBy(ctx, row)
	if err != nil {
		return nil, err
	}
	s.emit(threadEvent(EventPostDeleted, t, p.ID))
	return &DeleteResult{Outcome: out, Thread: t, PostID: p.ID, CanUndo: out != WithdrewOpener && Can(actor, ActRestore, 0, 0, false)}, nil
}

// postAudit builds the audit row of a moderation action on a post.
func (s *Service) postAudit(actor *User, ip string, p *Post, t *Thread, action string) *AuditEntry {
	e := AuditActor(actor, ip)
	e.At, e.Action, e.TargetKind, e.TargetID = s.now(), action, "post", p.ID
	e.TargetLabel = fmt.Sprintf("%s #%d", t.Title, p.Number)
	if p.Number == 1 {
		e.TargetKind, e.TargetID, e.TargetLabel = "thread", t.ID, t.Title
	}
	return &e
}

// RestorePost brings back a deleted post, or for an opening post its whole
// thread with the replies that were live when it went. Moderators only;
// the audit log records it.
func (s *Service) RestorePost(ctx context.Context, actor *User, ip string, postID int64) (*Thread, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if !Can(actor, ActRestore, 0, 0, false) {
		return nil, Forbidden("only moderators may restore deleted posts")
	}
	e := AuditActor(actor, ip)
	e.At, e.Action, e.TargetKind, e.TargetID = s.now(), "post.restore", "post", postID
	if err := s.store.RestorePost(ctx, postID, &e); err != nil {
		return nil, err
	}
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, err
	}
	s.emit(threadEvent(EventPostRestored, t, p.ID))
	return t, nil
}

// PurgePost erases a deleted post (an opening post: its whole thread) for
// good. Moderators only; refused while something holds it (purgeHeld).
func (s *Service) PurgePost(ctx context.Context, actor *User, ip string, postID int64) error {
	if actor == nil {
		return ErrUnauthorized
	}
	if !Can(actor, ActPurge, 0, 0, false) {
		return Forbidden("only moderators may purge deleted posts")
	}
	held, err := s.purgeHeld(ctx, postID)
	if err != nil {
		return err
	}
	if held {
		return &StaleError{Field: "state", Current: "held by an open flag or appeal"}
	}
	e := AuditActor(actor, ip)
	e.At, e.Action, e.TargetKind, e.TargetID = s.now(), "post.purge", "post", postID
	if err := s.store.PurgePost(ctx, postID, s.now(), &e); err != nil {
		return err
	}
	s.emit(Event{Kind: EventPostPurged, PostID: postID, At: s.now()})
	return nil
}

// purgeHeld reports whether something open about a post forbids purging
// it. Nothing does yet: when flags and appeals exist, an open flag or
// appeal on the post (or, for an opening post, on any post of its thread)
// holds it here, for staff purges and the retention job alike.
func (s *Service) purgeHeld(ctx context.Context, postID int64) (bool, error) {
	return false, nil
}

// DeletedPosts lists what is deleted and not yet purged, for moderators.
func (s *Service) DeletedPosts(ctx context.Context, actor *User, limit int) ([]DeletedPost, error) {
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if !Can(actor, ActRestore, 0, 0, false) {
		return nil, Forbidden("only moderators may see deleted posts")
	}
	return s.store.DeletedPosts(ctx, time.Time{}, limit)
}

// PurgeExpired purges every post deleted more than retention ago, except
// those held (purgeHeld), as the system, and reports how many went. The
// retention job runs it; a retention of 0 purges nothing.
func (s *Service) PurgeExpired(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 {
		return 0, nil
	}
	due, err := s.store.DeletedPosts(ctx, s.now().Add(-retention), MaxPageSize)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		held, err := s.purgeHeld(ctx, d.PostID)
		if err != nil {
			return n, err
		}
		if held {
			continue
		}
		e := AuditEntry{At: s.now(), ActorName: "system", Action: "post.purge", TargetKind: "post", TargetID: d.PostID,
			TargetLabel: d.ThreadTitle, Reason: fmt.Sprintf("deleted more than %s ago", retention)}
		if err := s.store.PurgePost(ctx, d.PostID, s.now(), &e); err != nil {
			return n, err
		}
		s.emit(Event{Kind: EventPostPurged, ThreadID: d.ThreadID, PostID: d.PostID, At: s.now()})
		n++
	}
	return n, nil
}

// DeletedBy names who deleted p, for moderators (the notice on a deleted
// post they see); "" for others, for live posts and when not recorded.
func (s *Service) DeletedBy(ctx context.Context, actor *User, p *Post) string {
	if !p.Deleted || p.DeletedByID == 0 || !Can(actor, ActRestore, 0, 0, false) {
		return ""
	}
	u, err := s.store.UserByID(ctx, p.DeletedByID)
	if err != nil {
		return ""
	}
	return u.Username
}
