package forum

import "context"

// Reader serves the read path: pages, feeds and the JSON twins.
type Reader interface {
	Topics(ctx context.Context) ([]Topic, error)
	SubtopicBySlug(ctx context.Context, slug string) (*Subtopic, error)
	Tags(ctx context.Context) ([]Tag, error)
	TagByName(ctx context.Context, name string) (*Tag, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	ListThreads(ctx context.Context, q ListQuery) ([]Thread, error)
	PinnedThreads(ctx context.Context, subtopicID int64) ([]Thread, error)
	Thread(ctx context.Context, id int64) (*Thread, error)
	// Posts returns the live and deleted posts of a thread whose numbers lie
	// in [from, to], in order.
	Posts(ctx context.Context, threadID int64, from, to int) ([]Post, error)
	PostsByID(ctx context.Context, ids []int64) ([]Post, error)
	// AnswerPosts returns a thread's accepted and recommended live replies.
	AnswerPosts(ctx context.Context, threadID int64) ([]Post, error)
	Post(ctx context.Context, id int64) (*Post, error)
	UserReplies(ctx context.Context, userID int64, limit int) ([]UserReply, error)
	Revisions(ctx context.Context, postID int64) ([]Revision, error)
	// RevisionRange returns the kept versions of a post whose numbers lie
	// in [from, to], oldest first.
	RevisionRange(ctx context.Context, postID int64, from, to int) ([]Revision, error)
	// BoostedBy reports which of postIDs userID has boosted.
	BoostedBy(ctx context.Context, userID int64, postIDs []int64) (map[int64]bool, error)
}

// UserReply is a reply shown on a user's page, with its thread.
type UserReply struct {
	Post        Post
	ThreadID    int64
	ThreadTitle string
	ThreadSlug  string
}
