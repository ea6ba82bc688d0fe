package forum

import "context"

// AuditStore reads the audit log. Rows are written only by the store
// methods that perform an action, inside the action's transaction (each
// takes an *AuditEntry), and never updated or deleted.
type AuditStore interface {
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
	// AppendAudit records an action that changes nothing else in the
	// database (a CLI action on an outside system, a refused attempt worth
	// keeping); actions that do change rows pass their entry to the store
	// method instead, so both commit or neither does.
	AppendAudit(ctx context.Context, e *AuditEntry) error
}
