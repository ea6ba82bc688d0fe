package forum

import "time"

// AuditEntry is one row of the audit log: who did what to what, when, why
// and from where. Every administrative and moderation action writes one,
// in the same transaction as the action itself, by passing it to the store
// method that performs the action.
type AuditEntry struct {
	ID          int64
	At          time.Time
	ActorID     int64  // 0 for the system (jobs, automatic defences)
	ActorName   string // the actor's username at the time
	Action      string // a dotted name, e.g. "subtopic.rename", "user.suspend"
	TargetKind  string // "user", "thread", "post", "subtopic", "topic", "tag", "setting", ...
	TargetID    int64
	TargetLabel string // what the target was called at the time
	Reason      string // optional, given by the actor
	// Detail is a JSON object with the action's particulars, typically
	// {"old": ..., "new": ...}; empty when there are none.
	Detail string
	IP     string
}

// AuditFilter narrows a read of the audit log. Zero fields match all.
// Rows come newest first; Before pages backwards by ID.
type AuditFilter struct {
	ActorID    int64
	Action     string // exact, or a prefix ending in "." ("user." matches "user.suspend")
	TargetKind string
	TargetID   int64
	From, To   time.Time // At within [From, To)
	Before     int64     // only rows with ID < Before
	Limit      int       // at most this many; 0 means 50
}

// AuditActor fills the actor fields of an entry from a signed-in user and
// the client's address.
func AuditActor(u *User, ip string) AuditEntry {
	e := AuditEntry{IP: ip}
	if u != nil {
		e.ActorID, e.ActorName = u.ID, u.Username
	}
	return e
}
