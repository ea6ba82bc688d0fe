package store

import (
	"context"
	"fmt"
	"strings"
)

// tagWalkMin is the number of threads from which a tag's list walks the
// threads in sort order and keeps those carrying the tag, instead of
// collecting all the tag's threads and sorting them. Collecting costs one
// row per tagged thread (30,000 rows for a popular tag of the 1M-post
// benchmark, 50 ms and more per page); walking costs about
// limit × threads / tagged probes, a few hundred for a popular tag but the
// whole table for a rare one. The two meet near sqrt(limit × threads).
const tagWalkMin = 1000

// tagThreadsWalk is threadJoins with the thread_tags probe joined after the
// threads by the dialect's OrderedJoin, which makes SQLite keep threads as
// the outer loop, so the list's sort index is walked and the LIMIT stops
// it early; PostgreSQL plans it as an ordinary join.
func (s *Store) tagThreadsWalk() string {
	return strings.Replace(threadJoins, " FROM threads t", " FROM threads t "+s.d.OrderedJoin()+" thread_tags tt", 1)
}

// tagListFrom picks the FROM clause of a tag's list by the tag's size.
func (s *Store) tagListFrom(ctx context.Context, tagID int64) (string, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT thread_count FROM tags WHERE id = ?`, tagID).Scan(&n); err != nil {
		return "", fmt.Errorf("list threads: tag %d: %w", tagID, s.classify(err))
	}
	if n >= tagWalkMin {
		return s.tagThreadsWalk(), nil
	}
	return threadJoins, nil
}
