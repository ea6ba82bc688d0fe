-- Soft delete: who deleted a post (or, for an opening post, its thread)
-- and when, Unix ms; 0 for a live post. withdrawn_at is when an author
-- withdrew the opening post of a thread others answered (its text replaced
-- by a notice, its revisions kept), 0 otherwise. purged_at is when a
-- deleted post's text and revisions were erased for good (by staff or the
-- retention job); the row stays as a tombstone so numbers and counters
-- stay true.
ALTER TABLE posts ADD COLUMN deleted_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN deleted_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN withdrawn_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN purged_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX posts_deleted_at ON posts (deleted_at);
