package forum

import "context"

// ViewStore receives the view counts the ViewCounter buffers, one
// transaction per flush.
type ViewStore interface {
	AddViews(ctx context.Context, counts map[int64]int64) error
}
