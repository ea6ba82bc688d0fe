-- Site settings live in the settings table under "site.<key>" (the
-- instance's secrets, such as the CSRF key, stay under their own keys).
-- version counts saves of a setting, so a form edited from a stale copy is
-- refused (409) instead of silently undoing another administrator's
-- change; updated_at and updated_by say who saved it last. Rows written
-- before this step (secrets) keep version 0.
ALTER TABLE settings ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settings ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settings ADD COLUMN updated_by BIGINT NOT NULL DEFAULT 0;

-- One feed token per member: the SHA-256 of a secret that lets a feed
-- reader fetch the feeds of a private (login-required) forum.
CREATE TABLE feed_tokens (
    user_id    BIGINT NOT NULL PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
