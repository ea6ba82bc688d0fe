package forum

import (
	"context"
	"time"

	"github.com/parley-forum/parley/internal/search"
)

// Store is everything the Service needs from a database engine. Each engine
// in internal/store implements it and passes the same contract suite
// (internal/store/storetest). Methods return ErrNotFound for missing rows and
// wrap every other error with what they were doing.
type Store interface {
	Reader
	Writer
	AccountStore
	CommitStore
	Ping(ctx context.Context) error
	Close() error
}

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
	// BoostedBy reports which of postIDs userID has boosted.
	BoostedBy(ctx context.Context, userID int64, postIDs []int64) (map[int64]bool, error)
	// Counts recomputes every denormalized counter from the rows and reports
	// the ones that disagree; used by tests and `parley check`.
	CheckCounters(ctx context.Context) ([]string, error)
	// Search and SimilarThreads are described in search.go.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	SimilarThreads(ctx context.Context, terms []search.Term, limit int) ([]Thread, error)
}

// UserReply is a reply shown on a user's page, with its thread.
type UserReply struct {
	Post        Post
	ThreadID    int64
	ThreadTitle string
	ThreadSlug  string
}

// Writer changes forum content. Every method is one transaction.
type Writer interface {
	CreateTopic(ctx context.Context, t *Topic) error
	CreateSubtopic(ctx context.Context, s *Subtopic) error
	CreateTag(ctx context.Context, t *Tag) error
	CreateThread(ctx context.Context, in NewThreadRow) (threadID, postID int64, err error)
	CreateReply(ctx context.Context, in NewPostRow) (postID int64, err error)
	EditPost(ctx context.Context, in EditPostRow) error
	DeletePost(ctx context.Context, postID int64, at time.Time) error
	SetBoost(ctx context.Context, postID, userID int64, on bool, at time.Time) (count int, err error)
	SetAccepted(ctx context.Context, threadID, postID int64, at time.Time) error
	SetRecommended(ctx context.Context, postID, byUserID int64, on bool, at time.Time) error
	SetThreadFlags(ctx context.Context, threadID int64, pinned, locked bool) error
	AddViews(ctx context.Context, counts map[int64]int64) error
	IsEmpty(ctx context.Context) (bool, error)
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
	Once       *OnceKey // stored with the thread when set
}

// NewPostRow is a validated, rendered reply ready to insert.
type NewPostRow struct {
	ThreadID  int64
	AuthorID  int64
	Body      RenderedBody
	CreatedAt time.Time
	Once      *OnceKey // stored with the reply when set
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
}

// AccountStore keeps users, sessions, API tokens and instance settings.
type AccountStore interface {
	CreateUser(ctx context.Context, u *User) error
	UserByLogin(ctx context.Context, login string) (*User, error) // username or email
	SetPassword(ctx context.Context, userID int64, hash string) error
	CreateSession(ctx context.Context, s *Session) error
	SessionUser(ctx context.Context, id string, now time.Time) (*User, *Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	Sessions(ctx context.Context, userID int64) ([]Session, error)
	DeleteSession(ctx context.Context, userID int64, id string) error
	DeleteSessionsExcept(ctx context.Context, userID int64, keepID string) error
	CreateToken(ctx context.Context, t *Token, hash string) error
	TokenUser(ctx context.Context, hash string, at time.Time) (*User, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	DeleteToken(ctx context.Context, userID, tokenID int64) error
	Setting(ctx context.Context, key string) (string, error)
	// SetSettingIfAbsent stores value unless key exists and returns the
	// stored value, so several nodes agree on generated secrets.
	SetSettingIfAbsent(ctx context.Context, key, value string) (string, error)
}
