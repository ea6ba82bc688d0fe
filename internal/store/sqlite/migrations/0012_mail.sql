-- Email: the outbox of outbound email and the single-use tokens emails
-- carry.
--
-- An email_outbox row is written in the transaction of what causes it,
-- together with its delivery job. cause_key is its idempotency key: one
-- cause, one email. data is the JSON of its template fields, erased ('{}')
-- once sent. status is 'queued', 'sent' or 'failed'; last_error is the
-- SMTP server's answer to the last failed attempt. Times are Unix ms.
CREATE TABLE email_outbox (
    id          INTEGER PRIMARY KEY,
    cause_key   TEXT   NOT NULL UNIQUE,
    kind        TEXT   NOT NULL,
    user_id     BIGINT NOT NULL DEFAULT 0,
    to_addr     TEXT   NOT NULL,
    data        TEXT   NOT NULL DEFAULT '{}',
    status      TEXT   NOT NULL DEFAULT 'queued',
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX email_outbox_status ON email_outbox (status, id);

-- A token sent by email (password reset, address verification, address
-- change). token_hash is the SHA-256 of the secret; the secret is only in
-- the email. A used token is deleted.
CREATE TABLE mail_tokens (
    token_hash  TEXT   NOT NULL PRIMARY KEY,
    purpose     TEXT   NOT NULL,
    user_id     BIGINT NOT NULL,
    email       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX mail_tokens_user ON mail_tokens (user_id, purpose);

-- When the account's current address was confirmed (Unix ms), 0 while it
-- is not. Accounts older than address verification count as confirmed.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET email_verified_at = created_at;
