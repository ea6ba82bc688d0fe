package forum

import (
	"context"

	"github.com/parley-forum/parley/internal/search"
)

// Searcher queries the search index, which the Writer keeps in step with
// the posts; the query types are described in search.go.
type Searcher interface {
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	SimilarThreads(ctx context.Context, terms []search.Term, limit int) ([]Thread, error)
}
