package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

// appendAudit writes e inside tx, so the log row commits with the action
// it describes or not at all. Store methods that perform an audited
// action take an *forum.AuditEntry and call this; a nil entry records
// nothing (imports, seeding and tests that do not audit).
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, e *forum.AuditEntry) error {
	if e == nil {
		return nil
	}
	if e.Action == "" {
		return errors.New("audit entry without an action")
	}
	if e.At.IsZero() {
		return fmt.Errorf("audit entry %s without a time", e.Action)
	}
	return s.txQueryRow(ctx, tx, `INSERT INTO audit_log
		(at, actor_id, actor_name, action, target_kind, target_id, target_label, reason, detail, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ms(e.At), e.ActorID, e.ActorName, e.Action, e.TargetKind, e.TargetID, e.TargetLabel,
		e.Reason, e.Detail, e.IP).Scan(&e.ID)
}

// AppendAudit records an action that changes no other row.
func (s *Store) AppendAudit(ctx context.Context, e *forum.AuditEntry) error {
	return s.tx(ctx, "append audit "+e.Action, func(tx *sql.Tx) error {
		return s.appendAudit(ctx, tx, e)
	})
}

// AuditLog reads the log newest first.
func (s *Store) AuditLog(ctx context.Context, f forum.AuditFilter) ([]forum.AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.ActorID != 0 {
		add("actor_id = ?", f.ActorID)
	}
	switch {
	case strings.HasSuffix(f.Action, "."):
		// A prefix: compare the leading characters rather than LIKE, so
		// "_" and "%" in action names mean themselves on both engines.
		add("SUBSTR(action, 1, "+fmt.Sprint(len(f.Action))+") = ?", f.Action)
	case f.Action != "":
		add("action = ?", f.Action)
	}
	if f.TargetKind != "" {
		add("target_kind = ?", f.TargetKind)
	}
	if f.TargetID != 0 {
		add("target_id = ?", f.TargetID)
	}
	if !f.From.IsZero() {
		add("at >= ?", ms(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", ms(f.To))
	}
	if f.Before != 0 {
		add("id < ?", f.Before)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT id, at, actor_id, actor_name, action, target_kind, target_id, target_label, reason, detail, ip
		FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit)
	rows, err := s.eng.Read.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.AuditEntry
	for rows.Next() {
		var e forum.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.TargetKind, &e.TargetID,
			&e.TargetLabel, &e.Reason, &e.Detail, &e.IP); err != nil {
			return nil, fmt.Errorf("scan audit row: %w", err)
		}
		e.At = msTime(at)
		out = append(out, e)
	}
	return out, s.classify(rows.Err())
}
