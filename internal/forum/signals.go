package forum

import (
	"context"
	"fmt"
)

// Boost adds or removes the actor's boost of a post and returns the new
// count. Boosting twice is the same as boosting once.
func (s *Service) Boost(ctx context.Context, actor *User, postID int64, on bool) (int, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return 0, err
	}
	if actor == nil {
		return 0, ErrUnauthorized
	}
	if !Can(actor, ActBoost, p.Author.ID, t.Author.ID, t.Locked) {
		return 0, Forbidden("you cannot boost your own post")
	}
	if err := s.charge(ctx, s.rules().BoostPerUser, fmt.Sprint(actor.ID)); err != nil {
		return 0, err
	}
	n, err := s.store.SetBoost(ctx, postID, actor.ID, on, s.now())
	if err != nil {
		return 0, err
	}
	e := threadEvent(EventBoost, t, postID)
	e.Count = n
	s.emit(e)
	return n, nil
}

// Accept marks a reply as the answer to its thread; postID 0 clears the
// accepted answer. Only the asker (or a moderator) may, and the asker cannot
// accept a reply of their own.
func (s *Service) Accept(ctx context.Context, actor *User, threadID, postID int64) error {
	_, err := s.AcceptAnswer(ctx, actor, threadID, postID)
	return err
}

// AcceptAnswer is Accept that returns the thread as the write left it,
// built without reading it again.
func (s *Service) AcceptAnswer(ctx context.Context, actor *User, threadID, postID int64) (*Thread, error) {
	t, err := s.store.Thread(ctx, threadID)
	if err != nil {
		return nil, err
	}
	if actor == nil {
		return nil, ErrUnauthorized
	}
	if !Can(actor, ActAccept, 0, t.Author.ID, t.Locked) {
		return nil, Forbidden("only the person who asked may accept an answer")
	}
	if postID != 0 {
		p, err := s.store.Post(ctx, postID)
		if err != nil || p.ThreadID != threadID || p.Deleted {
			return nil, Invalid("post_id", "is not a reply in this thread")
		}
		if p.Number == 1 {
			return nil, Invalid("post_id", "the question itself cannot be its answer")
		}
		if p.Author.ID == t.Author.ID {
			return nil, Invalid("post_id", "the asker's own reply cannot be the accepted answer")
		}
	}
	if err := s.charge(ctx, s.rules().AcceptPerUser, fmt.Sprint(actor.ID)); err != nil {
		return nil, err
	}
	now := s.now()
	if err := s.store.SetAccepted(ctx, threadID, postID, now); err != nil {
		return nil, err
	}
	s.emit(threadEvent(EventAccepted, t, postID))
	after := *t
	after.AcceptedPostID = postID
	if at := msTime(now); at.After(after.LastActivityAt) {
		after.LastActivityAt = at
	}
	return &after, nil
}

// Recommend marks (on) or unmarks a reply as recommended by staff.
func (s *Service) Recommend(ctx context.Context, actor *User, postID int64, on bool) error {
	_, _, err := s.RecommendPost(ctx, actor, postID, on)
	return err
}

// RecommendPost is Recommend that returns the post and its thread as the
// write left them, built without reading them again.
func (s *Service) RecommendPost(ctx context.Context, actor *User, postID int64, on bool) (*Post, *Thread, error) {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	if actor == nil {
		return nil, nil, ErrUnauthorized
	}
	if !Can(actor, ActRecommend, p.Author.ID, t.Author.ID, t.Locked) {
		return nil, nil, Forbidden("only staff may recommend answers")
	}
	if p.Number == 1 {
		return nil, nil, Invalid("post_id", "the question itself cannot be recommended")
	}
	if err := s.charge(ctx, s.rules().RecommendPerUser, fmt.Sprint(actor.ID)); err != nil {
		return nil, nil, err
	}
	if err := s.store.SetRecommended(ctx, postID, actor.ID, on, s.now()); err != nil {
		return nil, nil, err
	}
	s.emit(threadEvent(EventRecommended, t, postID))
	after := *p
	after.Recommended = on
	return &after, t, nil
}
