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
	if err := s.charge(ctx, s.rates.BoostPerUser, fmt.Sprint(actor.ID)); err != nil {
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
	t, err := s.store.Thread(ctx, threadID)
	if err != nil {
		return err
	}
	if actor == nil {
		return ErrUnauthorized
	}
	if !Can(actor, ActAccept, 0, t.Author.ID, t.Locked) {
		return Forbidden("only the person who asked may accept an answer")
	}
	if postID != 0 {
		p, err := s.store.Post(ctx, postID)
		if err != nil || p.ThreadID != threadID || p.Deleted {
			return Invalid("post_id", "is not a reply in this thread")
		}
		if p.Number == 1 {
			return Invalid("post_id", "the question itself cannot be its answer")
		}
		if p.Author.ID == t.Author.ID {
			return Invalid("post_id", "the asker's own reply cannot be the accepted answer")
		}
	}
	if err := s.charge(ctx, s.rates.AcceptPerUser, fmt.Sprint(actor.ID)); err != nil {
		return err
	}
	if err := s.store.SetAccepted(ctx, threadID, postID, s.now()); err != nil {
		return err
	}
	s.emit(threadEvent(EventAccepted, t, postID))
	return nil
}

// Recommend marks (on) or unmarks a reply as recommended by staff.
func (s *Service) Recommend(ctx context.Context, actor *User, postID int64, on bool) error {
	p, t, err := s.postAndThread(ctx, postID)
	if err != nil {
		return err
	}
	if actor == nil {
		return ErrUnauthorized
	}
	if !Can(actor, ActRecommend, p.Author.ID, t.Author.ID, t.Locked) {
		return Forbidden("only staff may recommend answers")
	}
	if p.Number == 1 {
		return Invalid("post_id", "the question itself cannot be recommended")
	}
	if err := s.charge(ctx, s.rates.RecommendPerUser, fmt.Sprint(actor.ID)); err != nil {
		return err
	}
	if err := s.store.SetRecommended(ctx, postID, actor.ID, on, s.now()); err != nil {
		return err
	}
	s.emit(threadEvent(EventRecommended, t, postID))
	return nil
}
