package forum

import (
	"context"
	"time"
)

// FeedTokenStore keeps one feed token per member: a secret that lets a
// feed reader fetch the feeds of a private forum. Only its SHA-256 is
// stored.
type FeedTokenStore interface {
	// SetFeedToken replaces the user's feed token.
	SetFeedToken(ctx context.Context, userID int64, hash string, at time.Time) error
	// FeedTokenUser finds the owner of a token; ErrNotFound when none.
	FeedTokenUser(ctx context.Context, hash string) (*User, error)
	// FeedTokenCreated reports when the user's token was made; ErrNotFound
	// when they have none.
	FeedTokenCreated(ctx context.Context, userID int64) (time.Time, error)
}
