package forum

import (
	"context"
	"time"
)

// SoftDeleteStore keeps deleted posts and threads for staff: a delete only
// hides (see Writer.DeletePost for what it counts out), and these methods
// record who deleted, withdraw an opening post, restore, list and purge.
//
// A deleted reply is a post row with deleted set; a deleted thread is a
// thread row with deleted set together with its opening post. Restoring
// undoes exactly what the delete counted out, so counters stay equal to
// rows after a delete, a restore and a delete again.
type SoftDeleteStore interface {
	// DeletePostBy deletes like DeletePost and records byID and at as who
	// deleted it and when. e, when not nil, is appended to the audit log in
	// the same transaction (staff deleting someone else's post).
	DeletePostBy(ctx context.Context, postID, byID int64, at time.Time, e *AuditEntry) error
	// WithdrawPost replaces the text of a live opening post with a notice
	// and empties the thread's excerpt; the thread, its replies and the
	// post's kept revisions stay. Replies and deleted posts are ErrNotFound.
	WithdrawPost(ctx context.Context, postID int64, at time.Time) error
	// RestorePost undoes a delete: a deleted reply of a live thread comes
	// back, and a deleted opening post brings its thread back with every
	// reply that was live when the thread went. A live, purged or missing
	// post is ErrNotFound; a reply of a deleted thread is ErrNotFound too
	// (restore the thread).
	RestorePost(ctx context.Context, postID int64, e *AuditEntry) error
	// PurgePost erases a deleted post for good: its text and every kept
	// revision of it, and for an opening post the text of every post of its
	// thread and the thread's title. The rows stay as tombstones so
	// post numbers and counters stay true. A live or missing post is
	// ErrNotFound.
	PurgePost(ctx context.Context, postID int64, at time.Time, e *AuditEntry) error
	// DeletedPosts lists deleted, not yet purged posts (replies deleted
	// alone and opening posts of deleted threads), most recently deleted
	// first; with before non-zero only those deleted before it. At most
	// limit rows.
	DeletedPosts(ctx context.Context, before time.Time, limit int) ([]DeletedPost, error)
}

// DeletedPost is one entry of the staff list of deleted content.
type DeletedPost struct {
	PostID      int64
	ThreadID    int64
	Number      int // 1: the whole thread was deleted
	ThreadTitle string
	AuthorID    int64
	AuthorName  string
	Excerpt     string
	DeletedByID int64 // 0 when not recorded (deleted before this was kept)
	DeletedBy   string
	DeletedAt   time.Time
}
