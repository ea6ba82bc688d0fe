package forum

import (
	"context"
	"time"
)

// DraftStore keeps composers' unsent text per account: one row per user
// and draft key (DraftKey), so a draft follows its author to another
// device. Saves are last-write-wins by the time the text was typed.
type DraftStore interface {
	// SaveDraft stores d unless the stored draft of the same user and key
	// was typed later than d.UpdatedAt (an equal time is replaced). It
	// returns the draft kept and whether it is d. After a save the user
	// keeps at most maxPerUser drafts: the least recently typed go.
	SaveDraft(ctx context.Context, d *Draft, maxPerUser int) (kept *Draft, saved bool, err error)
	// Draft loads one draft; ErrNotFound when there is none.
	Draft(ctx context.Context, userID int64, key string) (*Draft, error)
	// Drafts lists a user's drafts, most recently typed first.
	Drafts(ctx context.Context, userID int64) ([]Draft, error)
	// DeleteDraft removes one draft and reports whether there was one.
	DeleteDraft(ctx context.Context, userID int64, key string) (bool, error)
}

// Draft is a composer's unsent text.
type Draft struct {
	UserID    int64
	Key       string // see DraftKey
	Title     string // new threads only
	Body      string
	UpdatedAt time.Time // when the text was typed, as its tab reported it (never later than the save)
}

// DraftRef names the draft a write uses up: the store deletes it in the
// write's transaction, so a posted text leaves no draft behind and a
// failed post keeps it.
type DraftRef struct {
	UserID int64
	Key    string
}
