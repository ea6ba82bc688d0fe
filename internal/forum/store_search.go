package forum

import (
	"context"

	"github.com/parley-forum/parley/internal/search"
)

// Searcher queries the search index, which the Writer keeps in step with
// the posts; the query types are described in search.go.
type Searcher interface {
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	SimilarThreads(ctx context.Context, q SimilarQuery) ([]Thread, error)
}

// SimilarQuery asks for the threads most like a question being written:
// titles sharing its words, the rarer a shared word the stronger the
// match; its subtopic and tags, when chosen, rank a match higher.
type SimilarQuery struct {
	Terms    []search.Term
	Subtopic string   // slug; "" when none is chosen
	Tags     []string // names
	Limit    int
}
