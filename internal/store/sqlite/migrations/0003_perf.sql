-- Search index merging. FTS5 writes each transaction's new terms as a
-- small segment and, by default, merges segments as soon as four share a
-- level, inside the committing transaction. With one reply per transaction
-- that merge work was two thirds of the cost of posting a reply on the
-- 1M-post benchmark (80 replies/s against 250 with merging at sixteen).
-- Sixteen segments per level keeps lookups cheap (a few more segments to
-- probe per term) and is the most FTS5 lets accumulate anyway
-- (crisismerge).
INSERT INTO post_search (post_search, rank) VALUES ('automerge', 16);
