package api

// The shapes the API sends. They are separate from the domain types so the
// wire format changes only on purpose: snake_case names, RFC 3339 UTC times
// as strings, null (never a zero time or 0 id) for "none", absolute URLs.
// openapi.json describes each one; the tests hold the two together.

// AuthorDTO is the public face of a user next to a post or thread.
type AuthorDTO struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Staff       bool   `json:"staff"`
	Title       string `json:"title"` // staff title, "" for most people
	URL         string `json:"url"`
}

// UserDTO is a profile.
type UserDTO struct {
	AuthorDTO
	CreatedAt   string `json:"created_at"`
	ThreadCount int    `json:"thread_count"`
	ReplyCount  int    `json:"reply_count"`
}

// MeDTO is the signed-in user; the only DTO that carries an e-mail address.
type MeDTO struct {
	UserDTO
	Email string `json:"email"`
}

// TopicDTO groups subtopics on the home page.
type TopicDTO struct {
	ID             int64         `json:"id"`
	Title          string        `json:"title"`
	Slug           string        `json:"slug"`
	Description    string        `json:"description"`
	ThreadCount    int           `json:"thread_count"`
	LastActivityAt *string       `json:"last_activity_at"`
	Subtopics      []SubtopicDTO `json:"subtopics"`
}

// SubtopicDTO is a forum section.
type SubtopicDTO struct {
	ID             int64        `json:"id"`
	TopicID        int64        `json:"topic_id"`
	TopicTitle     string       `json:"topic_title"`
	Title          string       `json:"title"`
	Slug           string       `json:"slug"`
	Description    string       `json:"description"`
	Docs           *DocsLinkDTO `json:"docs"`
	URL            string       `json:"url"`
	ThreadCount    int          `json:"thread_count"`
	LastActivityAt *string      `json:"last_activity_at"`
}

// DocsLinkDTO points from a subtopic to its documentation.
type DocsLinkDTO struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// SubtopicRefDTO is the part of a subtopic a thread carries.
type SubtopicRefDTO struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// TagDTO labels threads across subtopics.
type TagDTO struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ThreadCount int    `json:"thread_count"`
	URL         string `json:"url"`
}

// ThreadDTO is a thread as lists and pages show it.
type ThreadDTO struct {
	ID               int64          `json:"id"`
	Title            string         `json:"title"`
	Slug             string         `json:"slug"`
	URL              string         `json:"url"`
	Excerpt          string         `json:"excerpt"`
	Subtopic         SubtopicRefDTO `json:"subtopic"`
	Author           AuthorDTO      `json:"author"`
	Tags             []string       `json:"tags"`
	FirstPostID      int64          `json:"first_post_id"`
	Pinned           bool           `json:"pinned"`
	Locked           bool           `json:"locked"`
	Solved           bool           `json:"solved"`
	CreatedAt        string         `json:"created_at"`
	LastActivityAt   string         `json:"last_activity_at"`
	ReplyCount       int            `json:"reply_count"`
	Boosts           int            `json:"boosts"`
	Views            int64          `json:"views"`
	AcceptedPostID   *int64         `json:"accepted_post_id"`
	RecommendedCount int            `json:"recommended_count"`
}

// ThreadRefDTO names the thread a reply on a profile belongs to.
type ThreadRefDTO struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Slug  string `json:"slug"`
	URL   string `json:"url"`
}

// PostDTO is an opening post or a reply. A deleted post keeps its place
// and number but not its text.
type PostDTO struct {
	ID            int64     `json:"id"`
	ThreadID      int64     `json:"thread_id"`
	Number        int       `json:"number"`
	URL           string    `json:"url"`       // where it is read: its page, its anchor
	Permalink     string    `json:"permalink"` // its permanent address, redirecting to URL
	Author        AuthorDTO `json:"author"`
	Body          string    `json:"body"` // Markdown source
	HTML          string    `json:"html"` // sanitized rendering
	CreatedAt     string    `json:"created_at"`
	EditedAt      *string   `json:"edited_at"`
	RevisionCount int       `json:"revision_count"`
	Boosts        int       `json:"boosts"`
	Recommended   bool      `json:"recommended"`
	Accepted      bool      `json:"accepted"`
	Deleted       bool      `json:"deleted"`
}

// RevisionDTO is one kept version of a post.
type RevisionDTO struct {
	PostID    int64     `json:"post_id"`
	Number    int       `json:"number"`
	Title     *string   `json:"title"` // the thread's title then; null for replies
	Body      string    `json:"body"`
	Editor    AuthorDTO `json:"editor"`
	CreatedAt string    `json:"created_at"`
	Hidden    bool      `json:"hidden"` // hidden by staff: title and body are empty
}

// UserReplyDTO is a reply listed on a profile.
type UserReplyDTO struct {
	Post   PostDTO      `json:"post"`
	Thread ThreadRefDTO `json:"thread"`
}

// TokenDTO describes a personal API token; its secret is never listed.
type TokenDTO struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"`
}

// NewTokenDTO is a token just created, with its secret, shown this once.
type NewTokenDTO struct {
	TokenDTO
	Token string `json:"token"`
}

// RedactionsDTO counts what redaction replaced, with every kind present.
type RedactionsDTO struct {
	Email  int `json:"email"`
	IPv4   int `json:"ipv4"`
	IPv6   int `json:"ipv6"`
	MAC    int `json:"mac"`
	Bearer int `json:"bearer"`
	APIKey int `json:"api_key"`
}

type errorBody struct {
	Error errorDTO `json:"error"`
}

type errorDTO struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}
