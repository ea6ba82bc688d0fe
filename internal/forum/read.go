package forum

import (
	"context"
	"fmt"
)

// ListPage is one page of a thread list with the cursor of the next page.
type ListPage struct {
	Threads []Thread
	Pinned  []Thread // only on the first page of a subtopic or /latest, default filters
	Next    *Cursor
}

// ListThreads serves one page of any thread list. It asks the store for
// one extra row to learn whether a next page exists.
func (s *Service) ListThreads(ctx context.Context, q ListQuery) (*ListPage, error) {
	q.Limit = ClampLimit(q.Limit)
	want := q.Limit
	q.Limit = want + 1
	threads, err := s.store.ListThreads(ctx, q)
	if err != nil {
		return nil, err
	}
	page := &ListPage{Threads: threads}
	if len(threads) > want {
		page.Threads = threads[:want]
		last := &page.Threads[want-1]
		page.Next = &Cursor{Sort: q.Sort, Desc: q.Desc, Key: SortKey(q.Sort, last), ID: last.ID}
	}
	if q.Scope.SubtopicID != 0 && q.After == nil && q.Filter == FilterAll {
		if page.Pinned, err = s.store.PinnedThreads(ctx, q.Scope.SubtopicID); err != nil {
			return nil, err
		}
	}
	if q.Scope == (Scope{}) && q.After == nil && q.Filter == FilterAll {
		// Threads pinned everywhere head the first page of /latest; they
		// stay in Threads too (pages show them once, see web).
		if page.Pinned, err = s.store.GlobalPins(ctx); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// ThreadPage is a thread with one page of its posts and its answers.
type ThreadPage struct {
	Thread  *Thread
	Posts   []Post
	Answers []Post // accepted first, then recommended
	Notices []ThreadNotice
	Page    int
	Pages   int
}

// ThreadPage loads page (1-based) of a thread's posts. The number of
// queries is fixed whatever the thread's size.
func (s *Service) ThreadPage(ctx context.Context, id int64, page int) (*ThreadPage, error) {
	t, err := s.store.Thread(ctx, id)
	if err != nil {
		return nil, err
	}
	per := s.lim().PostsPerPage
	pages := (t.PostSeq + per - 1) / per
	if pages < 1 {
		pages = 1
	}
	if page < 1 || page > pages {
		return nil, fmt.Errorf("thread %d page %d: %w", id, page, ErrNotFound)
	}
	posts, err := s.store.Posts(ctx, id, (page-1)*per+1, page*per)
	if err != nil {
		return nil, err
	}
	answers, err := s.store.AnswerPosts(ctx, id)
	if err != nil {
		return nil, err
	}
	sortAnswers(answers, t.AcceptedPostID)
	notices, err := s.store.ThreadNotices(ctx, id)
	if err != nil {
		return nil, err
	}
	return &ThreadPage{Thread: t, Posts: posts, Answers: answers, Notices: notices, Page: page, Pages: pages}, nil
}

func sortAnswers(posts []Post, accepted int64) {
	for i := range posts {
		if posts[i].ID == accepted && i > 0 {
			p := posts[i]
			copy(posts[1:i+1], posts[:i])
			posts[0] = p
			return
		}
	}
}

// Post loads one live post.
func (s *Service) Post(ctx context.Context, id int64) (*Post, error) {
	p, _, err := s.postAndThread(ctx, id)
	return p, err
}

// UserPage is a user's profile: threads they started and recent replies.
type UserPage struct {
	User    *User
	Threads *ListPage
	Replies []UserReply
}

// UserPage loads a profile.
func (s *Service) UserPage(ctx context.Context, username string, q ListQuery) (*UserPage, error) {
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	q.Scope = Scope{AuthorID: u.ID}
	threads, err := s.ListThreads(ctx, q)
	if err != nil {
		return nil, err
	}
	replies, err := s.store.UserReplies(ctx, u.ID, 30)
	if err != nil {
		return nil, err
	}
	return &UserPage{User: u, Threads: threads, Replies: replies}, nil
}

// BoostedBy reports which posts the user has boosted (empty when signed out).
func (s *Service) BoostedBy(ctx context.Context, u *User, postIDs []int64) (map[int64]bool, error) {
	if u == nil {
		return map[int64]bool{}, nil
	}
	return s.store.BoostedBy(ctx, u.ID, postIDs)
}

// PageOf reports the page of a thread on which post number n appears.
func (s *Service) PageOf(n int) int { return PageOfNumber(n, s.lim().PostsPerPage) }
