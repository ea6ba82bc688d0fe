package forum

import "context"

// TaxonomyAdmin is how staff shape the forum: topics, subtopics and tags
// created, edited, reordered, archived, renamed, merged and deleted. Every
// method is one transaction that also writes its audit entry (nil records
// nothing) and keeps the thread counters exact. Renaming a slug keeps the
// old one in a history so its URL redirects (SlugRedirect).
//
// Updates carry the Version the editor started from: a row changed since
// is not written and the method returns a *StaleRowError holding the row as
// it is now (errors.Is(err, ErrConflict)). A slug or name another row
// already uses is a *ValidationError naming that row.
type TaxonomyAdmin interface {
	AddTopic(ctx context.Context, t *Topic, e *AuditEntry) error
	UpdateTopic(ctx context.Context, t *Topic, e *AuditEntry) error
	TopicByID(ctx context.Context, id int64) (*Topic, error)
	AddSubtopic(ctx context.Context, s *Subtopic, e *AuditEntry) error
	UpdateSubtopic(ctx context.Context, s *Subtopic, e *AuditEntry) error
	SubtopicByID(ctx context.Context, id int64) (*Subtopic, error)
	// DeleteSubtopic removes a subtopic. One that still has threads (live
	// or deleted) is refused with a *ValidationError unless moveTo names
	// another subtopic, which then receives them in the same transaction.
	DeleteSubtopic(ctx context.Context, id, moveTo int64, e *AuditEntry) error
	AddTag(ctx context.Context, t *Tag, e *AuditEntry) error
	// UpdateTag renames and describes a tag and replaces its synonyms.
	UpdateTag(ctx context.Context, t *Tag, e *AuditEntry) error
	// MergeTags moves every thread of from to into, deletes from and keeps
	// its name as a synonym and a redirect of into.
	MergeTags(ctx context.Context, from, into int64, e *AuditEntry) error
	DeleteTag(ctx context.Context, id int64, e *AuditEntry) error
	// ResolveTag finds a tag by its name or one of its synonyms.
	ResolveTag(ctx context.Context, name string) (*Tag, error)
	// SlugRedirect returns the current slug (or tag name) of what was once
	// called old; kind is "subtopic", "topic" or "tag". ErrNotFound when
	// nothing was.
	SlugRedirect(ctx context.Context, kind, old string) (string, error)
}

// StaleRowError refuses an update made from an old version of a row (a
// topic, subtopic or tag; StaleError is its counterpart for accounts). Current
// is the row as it is now (a *Topic, *Subtopic or *Tag).
type StaleRowError struct {
	Current any
}

func (e *StaleRowError) Error() string {
	return "conflict: changed by someone else since it was loaded"
}

// Is makes a StaleRowError match ErrConflict.
func (e *StaleRowError) Is(target error) bool { return target == ErrConflict }
