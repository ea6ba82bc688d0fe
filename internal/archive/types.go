package archive

import "strings"

// Format and Version identify the archive; a reader refuses other formats
// and newer versions.
const (
	Format  = "parley-export"
	Version = 1
)

// Record kinds, in the order they appear in an archive.
const (
	KindSetting      = "setting"
	KindUser         = "user"
	KindTopic        = "topic"
	KindSubtopic     = "subtopic"
	KindTag          = "tag"
	KindSubtopicTag  = "subtopic_tag"
	KindTagSynonym   = "tag_synonym"
	KindSlugHistory  = "slug_history"
	KindThread       = "thread"
	KindThreadTag    = "thread_tag"
	KindThreadNotice = "thread_notice"
	KindPost         = "post"
	KindRevision     = "revision"
	KindBoost        = "boost"
	KindSession      = "session"
	KindToken        = "api_token"
	KindAudit        = "audit"
	KindFeedToken    = "feed_token"
	KindInvite       = "invite"
	KindEnd          = "end"
)

// Header is the first line of an archive.
type Header struct {
	Format      string `json:"format"`
	Version     int    `json:"version"`
	Engine      string `json:"engine"`        // the engine it was exported from
	Schema      int    `json:"schema"`        // the source's schema version
	ExportedAt  int64  `json:"exported_at"`   // Unix milliseconds
	WithSecrets bool   `json:"with_secrets"`  // password hashes, tokens, sessions, secret settings
	Application string `json:"app,omitempty"` // e.g. "parley dev"
}

// End closes an archive with the number of records of each kind.
type End struct {
	Counts map[string]int64 `json:"counts"`
}

// SecretSetting reports whether a setting holds key material, which an
// export without secrets leaves out (a new key is made on first start).
func SecretSetting(key string) bool {
	for _, s := range []string{"_key", "_secret", "_token", "password"} {
		if strings.HasSuffix(key, s) {
			return true
		}
	}
	return false
}

// Setting is one instance setting. Site settings ("site.*") carry their
// version and who saved them when; archives of older releases have none
// (version 0).
type Setting struct {
	Key       string `json:"key"`
	Value     string `json:"value"`
	Version   int64  `json:"version,omitempty"`
	UpdatedAt int64  `json:"updated_at,omitempty"`
	UpdatedBy int64  `json:"updated_by,omitempty"`
}

// User is an account. PasswordHash is empty unless exported with secrets;
// such accounts must reset their password after an import.
type User struct {
	ID           int64  `json:"id"`
	Username     string `json:"username"`
	DisplayName  string `json:"display_name"`
	Email        string `json:"email,omitempty"`
	PasswordHash string `json:"password_hash,omitempty"`
	Role         string `json:"role"`
	Title        string `json:"title,omitempty"`
	CreatedAt    int64  `json:"created_at"`
	ThreadCount  int64  `json:"thread_count"`
	ReplyCount   int64  `json:"reply_count"`
	// Account state (schema 7): absent in older archives, read as active.
	State          string `json:"state,omitempty"`
	SuspendedUntil int64  `json:"suspended_until,omitempty"`
	SuspendReason  string `json:"suspend_reason,omitempty"`
	ApprovedAt     int64  `json:"approved_at,omitempty"`
	LastSeenAt     int64  `json:"last_seen_at,omitempty"`
	// EmailVerifiedAt is when the address was confirmed (Unix ms), 0 when not.
	EmailVerifiedAt int64 `json:"email_verified_at,omitempty"`
}

// Topic groups subtopics.
type Topic struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	Position    int64  `json:"position"`
	Archived    bool   `json:"archived,omitempty"`
	Version     int64  `json:"version,omitempty"` // absent in older archives: 1
}

// Subtopic is a forum section.
type Subtopic struct {
	ID          int64  `json:"id"`
	TopicID     int64  `json:"topic_id"`
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	DocsTitle   string `json:"docs_title"`
	DocsURL     string `json:"docs_url"`
	Position    int64  `json:"position"`
	ThreadCount int64  `json:"thread_count"`
	Archived    bool   `json:"archived,omitempty"`
	StaffOnly   bool   `json:"staff_only,omitempty"`
	RequireTag  bool   `json:"require_tag,omitempty"`
	Version     int64  `json:"version,omitempty"`
}

// Tag labels threads.
type Tag struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	ThreadCount int64  `json:"thread_count"`
	Version     int64  `json:"version,omitempty"`
}

// SubtopicTag allows a tag in a subtopic that restricts its tags.
type SubtopicTag struct {
	SubtopicID int64 `json:"subtopic_id"`
	TagID      int64 `json:"tag_id"`
}

// TagSynonym is another name that stores a tag.
type TagSynonym struct {
	Name  string `json:"name"`
	TagID int64  `json:"tag_id"`
}

// SlugHistory is a former slug (or tag name) that redirects.
type SlugHistory struct {
	Kind     string `json:"kind"`
	Slug     string `json:"slug"`
	TargetID int64  `json:"target_id"`
}

// ThreadNotice is a staff notice shown in a thread.
type ThreadNotice struct {
	ID        int64  `json:"id"`
	ThreadID  int64  `json:"thread_id"`
	Kind      string `json:"kind"`
	ActorID   int64  `json:"actor_id"`
	ActorName string `json:"actor_name"`
	Text      string `json:"text"`
	AfterPost int64  `json:"after_post"`
	CreatedAt int64  `json:"created_at"`
}

// Thread is a thread's row with its counters, view count and accepted
// answer.
type Thread struct {
	ID             int64  `json:"id"`
	SubtopicID     int64  `json:"subtopic_id"`
	AuthorID       int64  `json:"author_id"`
	Title          string `json:"title"`
	Slug           string `json:"slug"`
	Excerpt        string `json:"excerpt"`
	FirstPostID    int64  `json:"first_post_id"`
	Pinned         bool   `json:"pinned"`
	PinnedGlobal   bool   `json:"pinned_global,omitempty"`
	Unlisted       bool   `json:"unlisted,omitempty"`
	Locked         bool   `json:"locked"`
	Deleted        bool   `json:"deleted"`
	CreatedAt      int64  `json:"created_at"`
	LastActivityAt int64  `json:"last_activity_at"`
	PostSeq        int64  `json:"post_seq"`
	ReplyCount     int64  `json:"reply_count"`
	BoostCount     int64  `json:"boost_count"`
	ViewCount      int64  `json:"view_count"`
	AcceptedPostID int64  `json:"accepted_post_id"`
	Recommended    int64  `json:"recommended"`
	Solved         bool   `json:"solved"`
}

// ThreadTag puts a tag on a thread.
type ThreadTag struct {
	ThreadID int64 `json:"thread_id"`
	TagID    int64 `json:"tag_id"`
}

// Post is an opening post or a reply: its source and both renderings, so
// an import needs no renderer and shows exactly what was shown before.
type Post struct {
	ID            int64  `json:"id"`
	ThreadID      int64  `json:"thread_id"`
	Number        int64  `json:"number"`
	AuthorID      int64  `json:"author_id"`
	BodySource    string `json:"body_source"`
	BodyHTML      string `json:"body_html"`
	BodyText      string `json:"body_text"`
	CreatedAt     int64  `json:"created_at"`
	EditedAt      int64  `json:"edited_at"`
	RevisionCount int64  `json:"revision_count"`
	BoostCount    int64  `json:"boost_count"`
	Recommended   bool   `json:"recommended"`
	RecommendedBy int64  `json:"recommended_by"`
	Deleted       bool   `json:"deleted"`
	// Who deleted the post and when, when the author withdrew it (an
	// opening post) and when its text was purged; Unix ms, 0 for none.
	DeletedBy   int64 `json:"deleted_by,omitempty"`
	DeletedAt   int64 `json:"deleted_at,omitempty"`
	WithdrawnAt int64 `json:"withdrawn_at,omitempty"`
	PurgedAt    int64 `json:"purged_at,omitempty"`
}

// Revision is one kept version of a post.
type Revision struct {
	ID         int64  `json:"id"`
	PostID     int64  `json:"post_id"`
	Number     int64  `json:"number"`
	Title      string `json:"title"`
	BodySource string `json:"body_source"`
	EditorID   int64  `json:"editor_id"`
	CreatedAt  int64  `json:"created_at"`
	Hidden     bool   `json:"hidden,omitempty"` // hidden by staff; absent in older archives
}

// Boost is one user's boost of one post.
type Boost struct {
	PostID    int64 `json:"post_id"`
	UserID    int64 `json:"user_id"`
	CreatedAt int64 `json:"created_at"`
}

// Session is a signed-in browser (exported only with secrets).
type Session struct {
	ID         string `json:"id"`
	UserID     int64  `json:"user_id"`
	CreatedAt  int64  `json:"created_at"`
	LastSeenAt int64  `json:"last_seen_at"`
	ExpiresAt  int64  `json:"expires_at"`
	UserAgent  string `json:"user_agent"`
	IP         string `json:"ip"`
}

// Token is a personal API token's hash (exported only with secrets).
type Token struct {
	ID         int64  `json:"id"`
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	TokenHash  string `json:"token_hash"`
	CreatedAt  int64  `json:"created_at"`
	LastUsedAt int64  `json:"last_used_at"`
}

// Audit is one row of the audit log, carried as it is: the log is part of
// the forum's history.
type Audit struct {
	ID          int64  `json:"id"`
	At          int64  `json:"at"`
	ActorID     int64  `json:"actor_id,omitempty"`
	ActorName   string `json:"actor_name,omitempty"`
	Action      string `json:"action"`
	TargetKind  string `json:"target_kind,omitempty"`
	TargetID    int64  `json:"target_id,omitempty"`
	TargetLabel string `json:"target_label,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Detail      string `json:"detail,omitempty"`
	IP          string `json:"ip,omitempty"`
}

// FeedToken is the hash of a member's feed token (with secrets only).
type FeedToken struct {
	UserID    int64  `json:"user_id"`
	TokenHash string `json:"token_hash"`
	CreatedAt int64  `json:"created_at"`
}

// Invite is an invitation; its code's hash is a secret, so invitations
// are exported only with secrets.
type Invite struct {
	ID        int64  `json:"id"`
	CodeHash  string `json:"code_hash"`
	Email     string `json:"email,omitempty"`
	CreatedBy int64  `json:"created_by"`
	CreatedAt int64  `json:"created_at"`
	ExpiresAt int64  `json:"expires_at"`
	MaxUses   int64  `json:"max_uses"`
	Uses      int64  `json:"uses"`
	Revoked   bool   `json:"revoked,omitempty"`
	Note      string `json:"note,omitempty"`
}
