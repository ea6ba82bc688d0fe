package forum

import (
	"context"
	"time"
)

// ThreadControls are staff actions on a whole thread: pin, lock, unlist,
// move, retag. Each method is one transaction that changes the thread,
// keeps the subtopic and tag counters exact, writes the staff notice shown
// in the thread (nil writes none) and the audit entry (nil records none).
// A missing or deleted thread is ErrNotFound.
type ThreadControls interface {
	SetPin(ctx context.Context, threadID int64, pin PinScope, n *ThreadNotice, e *AuditEntry) error
	SetLocked(ctx context.Context, threadID int64, locked bool, n *ThreadNotice, e *AuditEntry) error
	SetUnlisted(ctx context.Context, threadID int64, unlisted bool, n *ThreadNotice, e *AuditEntry) error
	MoveThread(ctx context.Context, threadID, toSubtopicID int64, n *ThreadNotice, e *AuditEntry) error
	SetThreadTags(ctx context.Context, threadID int64, tagIDs []int64, n *ThreadNotice, e *AuditEntry) error
	// ThreadNotices returns a thread's notices, oldest first.
	ThreadNotices(ctx context.Context, threadID int64) ([]ThreadNotice, error)
	// GlobalPins returns the listed threads pinned everywhere, newest
	// activity first.
	GlobalPins(ctx context.Context) ([]Thread, error)
}

// PinScope says where a thread is pinned.
type PinScope int

// Pin scopes, stored as threads.pinned.
const (
	PinNone     PinScope = 0
	PinSubtopic PinScope = 1 // above its subtopic's list
	PinGlobal   PinScope = 2 // also on the home page and /latest
)

// ThreadNotice is a small staff notice in a thread ("Locked by oskar").
// Staff thread controls write one; moderation actions can add kinds of
// their own. Text is kept as written, so it reads the same after renames.
type ThreadNotice struct {
	ID        int64
	ThreadID  int64
	Kind      string // "pin", "unpin", "lock", "unlock", "unlist", "relist", "move", "tags"
	ActorID   int64
	ActorName string
	Text      string // "Moved from Networking"; shown followed by "by ActorName"
	AfterPost int    // the thread's highest post number when it was written: shown after that post
	CreatedAt time.Time
}
