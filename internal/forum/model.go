package forum

import "time"

// Role is what an account may do beyond writing its own posts.
type Role string

// Roles, from least to most trusted.
const (
	RoleMember    Role = "member"
	RoleStaff     Role = "staff"
	RoleModerator Role = "moderator"
	RoleAdmin     Role = "admin"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleMember, RoleStaff, RoleModerator, RoleAdmin:
		return true
	}
	return false
}

// IsStaff reports whether the role may recommend answers and shows a badge.
func (r Role) IsStaff() bool { return r == RoleStaff || r == RoleModerator || r == RoleAdmin }

// CanModerate reports whether the role may edit or delete other people's posts.
func (r Role) CanModerate() bool { return r == RoleModerator || r == RoleAdmin }

// User is an account. PasswordHash is empty for accounts that cannot sign in.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Email        string
	PasswordHash string
	Role         Role
	Title        string // staff title, e.g. "Support Engineer"
	CreatedAt    time.Time
	ThreadCount  int
	ReplyCount   int
	// State is active, pending (waiting for approval), suspended or
	// deleted; see people.go.
	State          UserState
	SuspendedUntil time.Time // zero with StateSuspended: for ever
	SuspendReason  string
	LastSeen       time.Time // last sign-in; zero when never
	// EmailVerified is when the current address was confirmed; zero
	// while it is not (see mail.go).
	EmailVerified time.Time
}

// Author is the public face of a user shown next to posts.
type Author struct {
	ID          int64
	Username    string
	DisplayName string
	Role        Role
	Title       string
}

// Topic groups subtopics on the home page.
type Topic struct {
	ID          int64
	Title       string
	Slug        string
	Description string
	Position    int
	Archived    bool // its subtopics take no new threads
	Version     int  // incremented by every edit; see TopicUpdate
	Subtopics   []Subtopic
}

// Subtopic is a forum section with its own list, feed and documentation link.
type Subtopic struct {
	ID             int64
	TopicID        int64
	TopicTitle     string
	Title          string
	Slug           string
	Description    string
	DocsTitle      string
	DocsURL        string
	Position       int
	Archived       bool     // threads stay readable; no new ones
	TopicArchived  bool     // its topic is archived, which archives it too
	StaffOnly      bool     // only staff may start threads (announcements)
	RequireTag     bool     // a new thread needs at least one tag
	AllowedTags    []string // when not empty, the only tags its threads may carry
	Version        int      // incremented by every edit; see SubtopicUpdate
	ThreadCount    int
	LastActivityAt time.Time // zero when the subtopic has no threads
}

// Tag labels threads across subtopics.
type Tag struct {
	ID          int64
	Name        string
	Description string
	Synonyms    []string // other names that store this tag when typed
	Version     int
	ThreadCount int
}

// Thread is a question and its replies, as shown in lists.
type Thread struct {
	ID             int64
	Title          string
	Slug           string
	Excerpt        string
	Subtopic       SubtopicRef
	Author         Author
	Tags           []string
	FirstPostID    int64
	Pinned         bool // in its subtopic (and, with PinnedGlobal, on the home page and /latest)
	PinnedGlobal   bool
	Locked         bool
	Unlisted       bool // reachable by link only: not in lists, feeds, search or the sitemap
	CreatedAt      time.Time
	LastActivityAt time.Time
	ReplyCount     int
	PostSeq        int // highest post number; deleted replies keep theirs
	BoostCount     int // boosts of the opening post
	ViewCount      int64
	AcceptedPostID int64 // 0 when no answer is accepted
	Recommended    int   // replies recommended by staff
}

// Solved reports whether the thread has an accepted or recommended answer.
func (t *Thread) Solved() bool { return t.AcceptedPostID != 0 || t.Recommended > 0 }

// SubtopicRef is the part of a subtopic a thread row needs.
type SubtopicRef struct {
	ID    int64
	Slug  string
	Title string
}

// Post is the opening post of a thread or a reply.
type Post struct {
	ID            int64
	ThreadID      int64
	Number        int // 1 for the opening post, then replies in order
	Author        Author
	BodySource    string
	BodyHTML      string
	CreatedAt     time.Time
	EditedAt      time.Time // zero when never edited
	RevisionCount int       // versions kept, 1 for a post never edited
	BoostCount    int
	Recommended   bool
	Accepted      bool
	Deleted       bool
	// DeletedByID and DeletedAt say who deleted the post (or its thread)
	// and when; 0 and the zero time when live or not recorded. Shown to
	// staff only.
	DeletedByID int64
	DeletedAt   time.Time
	// Withdrawn says the author withdrew this opening post: its text is a
	// notice, its kept revisions hold what it said.
	Withdrawn bool
}

// Revision is one kept version of a post.
type Revision struct {
	PostID     int64
	Number     int
	Title      string // thread title at that version, for opening posts
	BodySource string
	Editor     Author
	CreatedAt  time.Time
	Hidden     bool // hidden by staff: Service.Revisions leaves out its title and text
}

// Session is a signed-in browser.
type Session struct {
	ID        string // hash of the cookie value
	UserID    int64
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
	UserAgent string
	IP        string
}

// Token is a personal API token. Only its hash is stored.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	LastUsed  time.Time
}
