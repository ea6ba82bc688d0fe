package forum

import "time"

// EventKind names what changed.
type EventKind string

// Event kinds published after each committed write.
const (
	EventThreadCreated EventKind = "thread"
	EventReplyCreated  EventKind = "reply"
	EventPostEdited    EventKind = "edit"
	EventPostDeleted   EventKind = "delete"
	// EventPostRestored says a deleted post, or a deleted thread, came
	// back; EventPostPurged that a deleted one was erased for good. Pages
	// showing the thread and its lists must go, as after a delete.
	EventPostRestored EventKind = "restore"
	EventPostPurged   EventKind = "purge"
	EventBoost        EventKind = "boost"
	EventAccepted     EventKind = "accepted"
	EventRecommended  EventKind = "recommended"
	// EventAccountChanged says that what a user may do changed: their
	// sessions or tokens were revoked (sign-out, password change), their
	// role or name changed, or they were suspended or deleted. UserID
	// names the account. Every node drops what it remembers about that
	// user (the session cache) when it sees one; pages are not affected
	// unless the handler of a particular change says so.
	EventAccountChanged EventKind = "account"
	// EventSettingsChanged says that site settings were saved (or the
	// first administrator was created). Every node reads the settings
	// again and drops every cached page.
	EventSettingsChanged EventKind = "settings"
)

// Event describes one committed change, enough for caches to invalidate
// and live streams to tell clients what to fetch.
type Event struct {
	Kind       EventKind `json:"kind"`
	ThreadID   int64     `json:"thread_id,omitempty"`
	PostID     int64     `json:"post_id,omitempty"`
	SubtopicID int64     `json:"subtopic_id,omitempty"`
	Subtopic   string    `json:"subtopic,omitempty"` // slug
	Tags       []string  `json:"tags,omitempty"`
	AuthorID   int64     `json:"author_id,omitempty"`
	UserID     int64     `json:"user_id,omitempty"` // EventAccountChanged
	// Pages, on EventAccountChanged, says the change shows on pages
	// (a role badge, a display name, an anonymized or deleted account's
	// posts), so cached pages must go.
	Pages bool      `json:"pages,omitempty"`
	Count int       `json:"count,omitempty"`
	At    time.Time `json:"at"`
}

func threadEvent(kind EventKind, t *Thread, postID int64) Event {
	return Event{Kind: kind, ThreadID: t.ID, PostID: postID, SubtopicID: t.Subtopic.ID, Subtopic: t.Subtopic.Slug, Tags: t.Tags, AuthorID: t.Author.ID}
}
