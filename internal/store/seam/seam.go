package seam

import "strings"

// Class is what an engine error means to the store.
type Class int

const (
	// Other is any error the store passes on as it is (a bug, bad data).
	Other Class = iota
	// Conflict is a unique-constraint violation.
	Conflict
	// Unavailable means the database cannot serve right now but may in a
	// moment: the connection is gone, the server is shutting down or too
	// busy, a lock was held too long.
	Unavailable
	// StorageFault means the database cannot store writes: the disk is
	// full, the storage reports I/O errors, or the server accepts reads
	// only (a standby during failover). Writes keep failing until an
	// operator or the platform fixes it; the node reports not ready.
	StorageFault
)

func (c Class) String() string {
	switch c {
	case Conflict:
		return "conflict"
	case Unavailable:
		return "unavailable"
	case StorageFault:
		return "storage fault"
	}
	return "other"
}

// Exec runs one statement (portable text, ? placeholders) in the caller's
// transaction, through the store's statement cache.
type Exec func(query string, args ...any) error

// Doc is one post to index. Title is the thread title for an opening post
// and "" for a reply; Meta is what the engine's IndexMeta selected.
type Doc struct {
	ID                int64
	Title, Text, Meta string
}

// Taxonomy is a search's subtopic and tags, resolved to ids, for an engine
// whose index carries them (see the store's dialect.IndexesTaxonomy).
type Taxonomy struct {
	SubtopicID int64 // 0: no subtopic filter
	TagIDs     []int64
}

// Builder collects a FROM clause and WHERE conditions with their
// arguments in placeholder order.
type Builder struct {
	fromSQL string
	conds   []string
	args    []any
}

// From sets the FROM clause (with its leading space) and appends its
// arguments.
func (b *Builder) From(sql string, args ...any) {
	b.fromSQL = sql
	b.args = append(b.args, args...)
}

// Where adds a condition joined with AND.
func (b *Builder) Where(cond string, args ...any) {
	b.conds = append(b.conds, cond)
	b.args = append(b.args, args...)
}

// SQL is the FROM clause and the WHERE conditions.
func (b *Builder) SQL() string {
	if len(b.conds) == 0 {
		return b.fromSQL
	}
	return b.fromSQL + " WHERE " + strings.Join(b.conds, " AND ")
}

// Args are the arguments of SQL, in order.
func (b *Builder) Args() []any { return b.args }

// Placeholders is "?,?,…" with n marks.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
