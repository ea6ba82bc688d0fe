-- Taxonomy administration and staff thread controls.
--
-- topics and subtopics gain an archived flag (threads stay readable, no
-- new ones) and a version that every edit increments, so two staff
-- editing the same row cannot silently undo each other's change (the
-- later write is refused with the current row). A subtopic may take
-- posts from staff only, require a tag, or restrict tags to the list in
-- subtopic_tags. slug_history keeps every former slug of a subtopic,
-- topic or tag so old URLs redirect; tag_synonyms maps names typed in the
-- composer to the main tag. threads.unlisted keeps a thread out of lists,
-- feeds, search and the sitemap (threads.pinned is now 0, 1 for its
-- subtopic or 2 for everywhere). thread_notices holds the small staff
-- notices shown in a thread ("Moved from Networking by oskar"); text is
-- kept as written at the time, after_post is the post number it follows.
ALTER TABLE topics ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE topics ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE subtopics ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subtopics ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subtopics ADD COLUMN require_tag INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subtopics ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tags ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE threads ADD COLUMN unlisted INTEGER NOT NULL DEFAULT 0;

CREATE TABLE subtopic_tags (
    subtopic_id INTEGER NOT NULL REFERENCES subtopics(id),
    tag_id      INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (subtopic_id, tag_id)
);
CREATE INDEX subtopic_tags_tag ON subtopic_tags(tag_id);

CREATE TABLE tag_synonyms (
    name   TEXT PRIMARY KEY,
    tag_id INTEGER NOT NULL REFERENCES tags(id)
);
CREATE INDEX tag_synonyms_tag ON tag_synonyms(tag_id);

CREATE TABLE slug_history (
    kind      TEXT NOT NULL,
    slug      TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    PRIMARY KEY (kind, slug)
);

CREATE TABLE thread_notices (
    id         INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL REFERENCES threads(id),
    kind       TEXT NOT NULL,
    actor_id   INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL,
    after_post INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX thread_notices_thread ON thread_notices(thread_id, id);
