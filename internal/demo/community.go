package demo

// Community is the whole demo forum as plain data. The application's loader
// turns it into rows through the same store methods that real writes use, so
// every counter the demo shows equals what its rows say.
type Community struct {
	Topics  []Topic
	Tags    []Tag
	Users   []User
	Threads []Thread
}

// Topic groups subtopics on the home page, e.g. "App & System Services".
type Topic struct {
	Title       string
	Slug        string
	Description string
	Subtopics   []Subtopic
}

// Subtopic is a forum section: /c/{Slug}.
type Subtopic struct {
	Title       string
	Slug        string
	Description string
	DocsTitle   string // label of the documentation link, e.g. "Networking documentation"
	DocsURL     string // absolute https URL of the documentation
}

// Tag is a label threads carry: /tags/{Name}.
type Tag struct {
	Name        string // lower-case slug, e.g. "network-extension"
	Description string
}

// User is a demo account. Demo accounts have no password and cannot sign in.
type User struct {
	Username    string
	DisplayName string
	Role        string // "member", "staff", "moderator" or "admin"
	Title       string // staff title shown as a badge, e.g. "Support Engineer"; empty for members
	JoinedDays  int    // how many days before now the account was created
}

// Thread is a question with its replies. Times are relative to load time so
// the demo always looks alive.
type Thread struct {
	Subtopic   string // Subtopic.Slug
	Title      string
	Author     string // User.Username
	Tags       []string
	Body       string // Markdown
	Pinned     bool
	Locked     bool
	AgeMinutes int // the thread was created this many minutes before now
	Views      int
	BoostedBy  []string // usernames that boosted the opening post
	Replies    []Reply
}

// Reply is an answer or comment on a thread.
type Reply struct {
	Author       string
	Body         string // Markdown
	AfterMinutes int    // minutes after the thread was created; replies are in increasing order and never in the future
	BoostedBy    []string
	Accepted     bool // the asker accepted this reply as the answer (at most one per thread)
	Recommended  bool // staff recommended this reply
}
