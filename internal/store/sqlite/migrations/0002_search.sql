-- Full-text search. One row per live post, rowid = posts.id; title holds
-- search.IndexText of the thread title on opening posts only, body holds
-- search.IndexText of the post's plain text. The table is contentless:
-- results are shown from posts.body_text, so the text is not stored twice,
-- and contentless_delete lets edits and deletions remove rows.
-- unicode61 with remove_diacritics 0 is the tokenizer internal/search
-- mirrors; do not change one without the other.
-- meta holds the thread's subtopic and tags as tokens ("s12 t3 t40"), so
-- subtopic: and tag: filters are part of the match and FTS5 intersects
-- them with the words instead of testing every matching post's thread.
-- Words are matched in {title body} only, never in meta.
CREATE VIRTUAL TABLE post_search USING fts5(
    title, body, meta,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Existing posts are indexed as plain text so search works at once; the
-- code-aware extra tokens come with `parley search rebuild`.
INSERT INTO post_search (rowid, title, body, meta)
SELECT p.id, CASE WHEN p.number = 1 THEN t.title ELSE '' END, p.body_text,
       's' || t.subtopic_id || COALESCE((SELECT ' ' || group_concat('t' || tt.tag_id, ' ')
                                         FROM thread_tags tt WHERE tt.thread_id = t.id), '')
FROM posts p JOIN threads t ON t.id = p.thread_id
WHERE p.deleted = 0 AND t.deleted = 0;

-- The thread titles again, one row per live thread keyed by its opening
-- post's id: a small index in which title matches are found and ranked
-- (bm25) cheaply however common the words are in post bodies.
CREATE VIRTUAL TABLE post_search_title USING fts5(
    title, meta,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO post_search_title (rowid, title, meta)
SELECT p.id, t.title,
       's' || t.subtopic_id || COALESCE((SELECT ' ' || group_concat('t' || tt.tag_id, ' ')
                                         FROM thread_tags tt WHERE tt.thread_id = t.id), '')
FROM posts p JOIN threads t ON t.id = p.thread_id
WHERE p.number = 1 AND p.deleted = 0 AND t.deleted = 0;
