-- Drafts: a composer's unsent text, one row per account and draft key
-- ("new", "new-<subtopic>", "reply-<thread id>", "edit-<post id>").
-- updated_at is when the text was typed (Unix ms); a save older than the
-- stored row is refused, so two tabs resolve to the one typed last.
-- Posting deletes the draft in the post's transaction.
CREATE TABLE drafts (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    draft_key  TEXT   NOT NULL,
    title      TEXT   NOT NULL DEFAULT '',
    body       TEXT   NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, draft_key)
);

CREATE INDEX drafts_user_updated ON drafts (user_id, updated_at);
