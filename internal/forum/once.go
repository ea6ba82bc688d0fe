package forum

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// OnceTTL is how long an idempotency key is remembered. A client that
// could not learn whether a write committed retries with the same key
// within it and gets the original result instead of a second row.
const OnceTTL = 24 * time.Hour

// Idempotency routes: a key counts per account and per route, and a
// reply's route names its thread, so one key sent to two threads makes two
// replies.
const (
	routeThread = "thread"
	routeToken  = "token"
)

func routeReply(threadID int64) string { return "reply:" + strconv.FormatInt(threadID, 10) }

// MaxKeyLength bounds an idempotency key.
const MaxKeyLength = 255

// CheckKey reports whether key may be used as an idempotency key: empty
// (none), or up to MaxKeyLength printable ASCII characters.
func CheckKey(key string) error {
	if len(key) > MaxKeyLength {
		return Invalid("idempotency_key", fmt.Sprintf("at most %d characters", MaxKeyLength))
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return Invalid("idempotency_key", "printable ASCII characters only, no spaces")
		}
	}
	return nil
}

func hashKey(key string) string {
	sum := sha256.Sum256([]byte("parley idempotency\x00" + key))
	return hex.EncodeToString(sum[:])
}

// onceKey is the row a write stores with what it creates; nil without a key.
func (s *Service) onceKey(actor *User, route, key string) *OnceKey {
	if key == "" {
		return nil
	}
	now := s.now()
	return &OnceKey{UserID: actor.ID, Route: route, KeyHash: hashKey(key), At: now, Since: now.Add(-OnceTTL)}
}

// priorUse reports what an earlier use of key by actor on route created,
// or nil when the key is new (or empty). A bad key is a ValidationError.
func (s *Service) priorUse(ctx context.Context, actor *User, route, key string) (*OnceResult, error) {
	if key == "" {
		return nil, nil
	}
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	r, err := s.store.OnceResult(ctx, actor.ID, route, hashKey(key), s.now().Add(-OnceTTL))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return r, err
}

// replayAfterRace answers a write that lost the race for its key to a
// concurrent request with the same key: that request's result.
func (s *Service) replayAfterRace(ctx context.Context, actor *User, route, key string) (*OnceResult, error) {
	prior, err := s.priorUse(ctx, actor, route, key)
	if err == nil && prior == nil {
		// The winner's row expired between its write and this read.
		err = fmt.Errorf("idempotency key: %w", ErrConflict)
	}
	return prior, err
}

// replayPost answers a repeated thread or reply with what the first use
// created. It reads, unlike a first answer: nothing was written by this
// request, so a failed read tells the truth, and the client retries.
func (s *Service) replayPost(ctx context.Context, prior *OnceResult, threadID int64) (*Written, error) {
	postID := prior.CreatedID
	if threadID == 0 { // a thread: CreatedID is the thread, its post is the first
		threadID = prior.CreatedID
		postID = 0
	}
	t, err := s.store.Thread(ctx, threadID)
	if err != nil {
		return nil, err
	}
	if postID == 0 {
		postID = t.FirstPostID
	}
	p, err := s.store.Post(ctx, postID)
	if err != nil {
		return nil, err
	}
	return &Written{ThreadID: threadID, PostID: postID, Thread: t, Post: p, Replayed: true}, nil
}

// SweepKeys deletes idempotency keys older than OnceTTL.
func (s *Service) SweepKeys(ctx context.Context) (int64, error) {
	return s.store.SweepOnce(ctx, s.now().Add(-OnceTTL))
}
