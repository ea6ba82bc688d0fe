-- People: account states (awaiting approval, suspended, deleted),
-- suspension until a date or for ever with a reason, when the account was
-- approved and last signed in, and invitations.
--
-- state is 'active', 'pending' (waiting for staff approval), 'suspended'
-- or 'deleted' (anonymized: the row stays so posts keep an author).
-- suspended_until is Unix ms, 0 for a suspension without end; a
-- suspension whose end has passed counts as active.
ALTER TABLE users ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
ALTER TABLE users ADD COLUMN suspended_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN suspend_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN approved_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX users_state ON users (state, id);

-- An invitation: a link (code_hash is the SHA-256 of the code; the code
-- itself is shown once) for max_uses sign-ups until expires_at, optionally
-- bound to one email address. revoked invitations stay for the record.
CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    code_hash   TEXT   NOT NULL UNIQUE,
    email       TEXT   NOT NULL DEFAULT '',
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    max_uses    BIGINT NOT NULL DEFAULT 1,
    uses        BIGINT NOT NULL DEFAULT 0,
    revoked     BIGINT NOT NULL DEFAULT 0,
    note        TEXT   NOT NULL DEFAULT ''
);
