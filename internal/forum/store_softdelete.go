package forum

import (
	"context"
	"fmt"
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
	// DeletePostBy deletes like DeletePost and records row.ByID and row.At
	// as who deleted it and when. For an opening post of a thread in which
	// others have live replies, row.Others decides (in the transaction, so a
	// reply arriving meanwhile counts). row.Audit, when not nil, is appended
	// to the audit log in the same transaction. A deleted or missing post
	// is ErrNotFound.
	DeletePostBy(ctx context.Context, row DeleteRow) (DeleteOutcome, error)
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

// DeleteRow is one delete (see SoftDeleteStore.DeletePostBy).
type DeleteRow struct {
	PostID int64
	ByID   int64
	At     time.Time
	Others OthersReplies
	Audit  *AuditEntry
}

// OthersReplies says what deleting an opening post does when other people
// have live replies in its thread.
type OthersReplies int

const (
	// OthersWithdraw withdraws the opening post instead: its text is
	// replaced by a notice (the kept revisions stay for staff), and the
	// thread and the replies stay. What an author deleting their own
	// opening post gets.
	OthersWithdraw OthersReplies = iota
	// OthersRefuse refuses with a *ConfirmError naming how many replies
	// would go: staff asked to confirm.
	OthersRefuse
	// OthersDelete deletes the whole thread: staff who confirmed.
	OthersDelete
)

// DeleteOutcome is what a delete did.
type DeleteOutcome string

const (
	DeletedReply   DeleteOutcome = "reply-deleted"
	DeletedThread  DeleteOutcome = "thread-deleted"
	WithdrewOpener DeleteOutcome = "withdrawn"
)

// ConfirmError refuses to delete a whole thread with others' replies in
// it until staff confirm. It matches ErrConflict.
type ConfirmError struct {
	Replies int // live replies by people other than the thread's author
}

func (e *ConfirmError) Error() string {
	return fmt.Sprintf("the thread has %d replies by others: confirm to delete them all", e.Replies)
}

// Is makes a ConfirmError match ErrConflict.
func (e *ConfirmError) Is(target error) bool { return target == ErrConflict }
