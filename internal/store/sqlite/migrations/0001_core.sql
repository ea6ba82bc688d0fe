-- Core forum schema. Times are Unix milliseconds (INTEGER) so that the same
-- queries run on every engine; flags are 0/1 integers.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    email         TEXT UNIQUE,
    password_hash TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT 'member',
    title         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    thread_count  INTEGER NOT NULL DEFAULT 0,
    reply_count   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE topics (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE subtopics (
    id           INTEGER PRIMARY KEY,
    topic_id     INTEGER NOT NULL REFERENCES topics(id),
    title        TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    docs_title   TEXT NOT NULL DEFAULT '',
    docs_url     TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL DEFAULT 0,
    thread_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    thread_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE threads (
    id               INTEGER PRIMARY KEY,
    subtopic_id      INTEGER NOT NULL REFERENCES subtopics(id),
    author_id        INTEGER NOT NULL REFERENCES users(id),
    title            TEXT NOT NULL,
    slug             TEXT NOT NULL,
    excerpt          TEXT NOT NULL DEFAULT '',
    first_post_id    INTEGER NOT NULL DEFAULT 0,
    pinned           INTEGER NOT NULL DEFAULT 0,
    locked           INTEGER NOT NULL DEFAULT 0,
    deleted          INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    post_seq         INTEGER NOT NULL DEFAULT 0,
    reply_count      INTEGER NOT NULL DEFAULT 0,
    boost_count      INTEGER NOT NULL DEFAULT 0,
    view_count       INTEGER NOT NULL DEFAULT 0,
    accepted_post_id INTEGER NOT NULL DEFAULT 0,
    recommended      INTEGER NOT NULL DEFAULT 0,
    solved           INTEGER NOT NULL DEFAULT 0
);

-- One index per list sort; each ends in id so keyset pagination never sorts.
CREATE INDEX threads_sub_activity ON threads(subtopic_id, deleted, pinned, last_activity_at, id);
CREATE INDEX threads_sub_created  ON threads(subtopic_id, deleted, pinned, created_at, id);
CREATE INDEX threads_sub_boosts   ON threads(subtopic_id, deleted, pinned, boost_count, id);
CREATE INDEX threads_sub_views    ON threads(subtopic_id, deleted, pinned, view_count, id);
CREATE INDEX threads_sub_replies  ON threads(subtopic_id, deleted, pinned, reply_count, id);
CREATE INDEX threads_activity     ON threads(deleted, last_activity_at, id);
CREATE INDEX threads_created      ON threads(deleted, created_at, id);
CREATE INDEX threads_boosts       ON threads(deleted, boost_count, id);
CREATE INDEX threads_views        ON threads(deleted, view_count, id);
CREATE INDEX threads_replies      ON threads(deleted, reply_count, id);
CREATE INDEX threads_author       ON threads(author_id, deleted, last_activity_at, id);

CREATE TABLE thread_tags (
    thread_id INTEGER NOT NULL REFERENCES threads(id),
    tag_id    INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (tag_id, thread_id)
);
CREATE INDEX thread_tags_thread ON thread_tags(thread_id);

CREATE TABLE posts (
    id             INTEGER PRIMARY KEY,
    thread_id      INTEGER NOT NULL REFERENCES threads(id),
    number         INTEGER NOT NULL,
    author_id      INTEGER NOT NULL REFERENCES users(id),
    body_source    TEXT NOT NULL,
    body_html      TEXT NOT NULL,
    body_text      TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    edited_at      INTEGER NOT NULL DEFAULT 0,
    revision_count INTEGER NOT NULL DEFAULT 1,
    boost_count    INTEGER NOT NULL DEFAULT 0,
    recommended    INTEGER NOT NULL DEFAULT 0,
    recommended_by INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (thread_id, number)
);
CREATE INDEX posts_author ON posts(author_id, deleted, id);

CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts(id),
    number      INTEGER NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    body_source TEXT NOT NULL,
    editor_id   INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    UNIQUE (post_id, number)
);

CREATE TABLE boosts (
    post_id    INTEGER NOT NULL REFERENCES posts(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
