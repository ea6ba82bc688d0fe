package forum

import (
	"context"
	"time"
)

// PeopleAdmin is what administering accounts needs: listing and finding
// them, changing roles and states, deleting them and gathering what the
// forum holds about one. Every change takes the audit entry it writes in
// its own transaction.
type PeopleAdmin interface {
	// ListUsers returns one page of accounts matching q and how many match
	// in all.
	ListUsers(ctx context.Context, q UserQuery) ([]User, int, error)
	// SetRole changes role and title when the account still has want's
	// role and title (else a *StaleError with the current ones). It
	// refuses to take the last admin's role away (ErrLastAdmin), checked
	// inside the transaction.
	SetRole(ctx context.Context, userID int64, want RoleChange, e *AuditEntry) error
	// SetUserState moves an account between states: approving a pending
	// one, suspending (which deletes every session and token in the same
	// transaction) and unsuspending. from is the state the account must be
	// in (ErrConflict otherwise, with the state in a *StaleError).
	SetUserState(ctx context.Context, userID int64, ch StateChange, e *AuditEntry) error
	// RejectUser deletes an account that is waiting for approval (it has
	// written nothing); ErrConflict when it is not pending.
	RejectUser(ctx context.Context, userID int64, e *AuditEntry) error
	// AnonymizeUser erases an account's personal data (email, password,
	// display name, title, sessions, tokens, idempotency keys) and renames
	// it to placeholder; its posts stay. withContent also deletes its
	// threads and replies (see the store for threads others replied to).
	AnonymizeUser(ctx context.Context, userID int64, placeholder string, withContent bool, at time.Time, e *AuditEntry) error
	// SetDisplayName renames an account's display name.
	SetDisplayName(ctx context.Context, userID int64, name string) error
	// UserData gathers everything the forum holds about one account, for
	// its owner to download.
	UserData(ctx context.Context, userID int64) (*UserData, error)
}

// UserFilter narrows the account list.
type UserFilter string

// Account list filters.
const (
	UsersAll        UserFilter = ""
	FilterNew       UserFilter = "new"       // joined within the last week
	FilterStaff     UserFilter = "staff"     // staff, moderators and admins
	FilterSuspended UserFilter = "suspended" // suspended now
	FilterPending   UserFilter = "pending"   // waiting for approval
)

// UserQuery is a search of accounts. Search matches the start of the
// username, display name or email, case-insensitively.
type UserQuery struct {
	Search string
	Filter UserFilter
	Now    time.Time // for "new" and "suspended now"
	Offset int
	Limit  int // 0 means 50
}

// RoleChange is a role and title change, with the values the actor saw.
type RoleChange struct {
	FromRole  Role
	FromTitle string
	Role      Role
	Title     string
}

// StateChange moves an account from one state to another.
type StateChange struct {
	From  UserState
	To    UserState
	Until time.Time // suspension end; zero for ever
	// Reason is shown to a suspended user when they try to sign in.
	Reason string
	At     time.Time
}

// UserData is the download of a user's own data.
type UserData struct {
	User     User
	Threads  []UserThread
	Posts    []UserPost
	Sessions []Session
	Tokens   []Token
	Boosts   []int64 // ids of the posts they boosted
	Audit    []AuditEntry
}

// UserThread is a thread a user started, as downloaded.
type UserThread struct {
	ID        int64
	Title     string
	Subtopic  string
	CreatedAt time.Time
	Deleted   bool
}

// UserPost is a post a user wrote, as downloaded: its source and every
// kept version.
type UserPost struct {
	ID        int64
	ThreadID  int64
	Number    int
	Source    string
	CreatedAt time.Time
	Deleted   bool
	Versions  []Revision
}
