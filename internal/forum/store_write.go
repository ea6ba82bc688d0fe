package forum

import (
	"context"
	"time"
)

// Writer changes forum content on behalf of users. Every method is one
// transaction that keeps the counters stored with the rows exact.
type Writer interface {
	CreateThread(ctx context.Context, in NewThreadRow) (threadID, postID int64, err error)
	CreateReply(ctx context.Context, in NewPostRow) (postID int64, err error)
	EditPost(ctx context.Context, in EditPostRow) error
	DeletePost(ctx context.Context, postID int64, at time.Time) error
	SetBoost(ctx context.Context, postID, userID int64, on bool, at time.Time) (count int, err error)
	SetAccepted(ctx context.Context, threadID, postID int64, at time.Time) error
	SetRecommended(ctx context.Context, postID, byUserID int64, on bool, at time.Time) error
	// RedactRevision rewrites one kept version's body with redact and
	// reports whether it changed; SetRevisionHidden hides or shows one.
	// Both are ErrNotFound for a missing post or revision.
	RedactRevision(ctx context.Context, postID int64, number int, redact func(string) string) (bool, error)
	SetRevisionHidden(ctx context.Context, postID int64, number int, hidden bool) error
}

// NewThreadRow is a validated, rendered thread ready to insert.
type NewThreadRow struct {
	SubtopicID int64
	AuthorID   int64
	Title      string
	Slug       string
	Excerpt    string
	TagIDs     []int64
	Pinned     bool
	Locked     bool
	Body       RenderedBody
	CreatedAt  time.Time
	Once       *OnceKey  // stored with the thread when set
	Draft      *DraftRef // deleted with the write when set
}

// NewPostRow is a validated, rendered reply ready to insert.
type NewPostRow struct {
	ThreadID  int64
	AuthorID  int64
	Body      RenderedBody
	CreatedAt time.Time
	Once      *OnceKey  // stored with the reply when set
	Draft     *DraftRef // deleted with the write when set
}

// RenderedBody keeps a post's source next to its rendered forms so pages
// never render Markdown on read.
type RenderedBody struct {
	Source string
	HTML   string
	Text   string // plain text, for excerpts and search
}

// EditPostRow replaces a post's body (and, for opening posts, the thread's
// title). When the post's newest revision was written by the same editor at
// or after FoldAfter, the edit folds into it instead of adding a revision.
type EditPostRow struct {
	PostID    int64
	EditorID  int64
	Title     string // empty keeps the title; only for opening posts
	Slug      string
	Excerpt   string
	Body      RenderedBody
	At        time.Time
	FoldAfter time.Time
	// RedactEarlier, when set, rewrites the body of every earlier kept
	// version in the same transaction (redaction is forum's rule; the store
	// only applies it).
	RedactEarlier func(source string) string
	Draft         *DraftRef // deleted with the write when set
}
