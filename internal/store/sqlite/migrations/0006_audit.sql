-- The audit log: one row per administrative or moderation action, written
-- in the same transaction as the action (store.appendAudit). Rows are
-- never updated or deleted by parley. actor_name and target_label keep
-- what the actor and target were called at the time, so the log still
-- reads well after a rename or an account deletion. detail holds the
-- action's old and new values as a JSON object.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor_id     BIGINT NOT NULL DEFAULT 0,
    actor_name   TEXT   NOT NULL DEFAULT '',
    action       TEXT   NOT NULL,
    target_kind  TEXT   NOT NULL DEFAULT '',
    target_id    BIGINT NOT NULL DEFAULT 0,
    target_label TEXT   NOT NULL DEFAULT '',
    reason       TEXT   NOT NULL DEFAULT '',
    detail       TEXT   NOT NULL DEFAULT '',
    ip           TEXT   NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id, id);
CREATE INDEX audit_log_at ON audit_log (at, id);
