package forum

import "context"

// CatalogWriter shapes the forum rather than its conversations: topics,
// subtopics and tags, and the pinned and locked flags of threads. No user
// action reaches it yet; the demo loader, the archive import, the bench
// seeder and tests use it.
type CatalogWriter interface {
	CreateTopic(ctx context.Context, t *Topic) error
	CreateSubtopic(ctx context.Context, s *Subtopic) error
	CreateTag(ctx context.Context, t *Tag) error
	SetThreadFlags(ctx context.Context, threadID int64, pinned, locked bool) error
}
