-- Full-text search. One row per live post: to_tsvector('simple', ...) of
-- search.Fold(search.IndexText(text)), the thread title (opening posts
-- only) weighted A and the post's plain text weighted B. The 'simple'
-- configuration keeps every token: no stemming, no stop words, the same
-- matching as SQLite's FTS5 table.
CREATE TABLE post_search (
    post_id  BIGINT PRIMARY KEY REFERENCES posts(id),
    document TSVECTOR NOT NULL
);
CREATE INDEX post_search_document ON post_search USING GIN (document);

-- Existing posts are indexed with an approximation of search.Fold so search
-- works at once; `parley search rebuild` writes the exact code-aware form.
INSERT INTO post_search (post_id, document)
SELECT p.id,
    setweight(to_tsvector('simple', CASE WHEN p.number = 1
        THEN regexp_replace(lower(t.title), '[^[:alnum:]]+', ' ', 'g') ELSE '' END), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(lower(p.body_text), '[^[:alnum:]]+', ' ', 'g')), 'B')
FROM posts p JOIN threads t ON t.id = p.thread_id
WHERE p.deleted = 0 AND t.deleted = 0;
