package forum

import "context"

// The lookups below are the reads the HTML and JSON surfaces need besides
// whole pages: the topic tree and tags for navigation, forms and the
// sitemap; a subtopic or tag named in a URL; a thread or posts by id for
// redirects, feeds and the answers of write requests. They go through the
// Service so the surfaces never hold the store, and a later rule about who
// may see what (hidden threads, private subtopics) has one place to live.

// Topics lists every topic with its subtopics, in display order.
func (s *Service) Topics(ctx context.Context) ([]Topic, error) { return s.store.Topics(ctx) }

// Tags lists every tag.
func (s *Service) Tags(ctx context.Context) ([]Tag, error) { return s.store.Tags(ctx) }

// SubtopicBySlug finds a subtopic by the slug in its URL.
func (s *Service) SubtopicBySlug(ctx context.Context, slug string) (*Subtopic, error) {
	return s.store.SubtopicBySlug(ctx, slug)
}

// TagByName finds a tag by its name.
func (s *Service) TagByName(ctx context.Context, name string) (*Tag, error) {
	return s.store.TagByName(ctx, name)
}

// Thread loads a thread without its posts.
func (s *Service) Thread(ctx context.Context, id int64) (*Thread, error) {
	return s.store.Thread(ctx, id)
}

// Posts returns the posts of a thread numbered from..to, deleted ones
// included (as placeholders), in order.
func (s *Service) Posts(ctx context.Context, threadID int64, from, to int) ([]Post, error) {
	return s.store.Posts(ctx, threadID, from, to)
}

// PostsByID loads posts by id in one query, ordered by id.
func (s *Service) PostsByID(ctx context.Context, ids []int64) ([]Post, error) {
	return s.store.PostsByID(ctx, ids)
}
