package forum

import (
	"context"
	"sync"
	"time"
)

// Steps below which a repeated use is not recorded again: a token or
// session used again within them costs nothing.
const (
	tokenUseStep   = time.Minute
	sessionUseStep = 5 * time.Minute
)

// UsageRecorder buffers the read path's bookkeeping (a token's last use,
// a session's last sight) and writes it in one transaction per flush, so
// an authenticated read never writes and never fails because a write
// would. A failed flush keeps the times for the next one; a crash loses
// at most one interval of them, which only makes "last used" older.
type UsageRecorder struct {
	store   usageStore
	mu      sync.Mutex
	pending Usage
	lastErr error
}

// usageStore is the one method the recorder writes through.
type usageStore interface {
	RecordUse(ctx context.Context, u Usage) error
}

func newUsageRecorder(st usageStore) *UsageRecorder {
	return &UsageRecorder{store: st, pending: emptyUsage()}
}

func emptyUsage() Usage {
	return Usage{Tokens: map[int64]time.Time{}, Sessions: map[string]time.Time{}}
}

func (u *UsageRecorder) token(id int64, at time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if at.After(u.pending.Tokens[id]) {
		u.pending.Tokens[id] = at
	}
}

func (u *UsageRecorder) session(id string, at time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if at.After(u.pending.Sessions[id]) {
		u.pending.Sessions[id] = at
	}
}

// Flush writes what is pending. On failure it is kept, merged with what
// arrives meanwhile.
func (u *UsageRecorder) Flush(ctx context.Context) error {
	u.mu.Lock()
	batch := u.pending
	u.pending = emptyUsage()
	u.mu.Unlock()
	if len(batch.Tokens) == 0 && len(batch.Sessions) == 0 {
		return nil
	}
	err := u.store.RecordUse(ctx, batch)
	u.mu.Lock()
	defer u.mu.Unlock()
	u.lastErr = err
	if err != nil {
		for id, at := range batch.Tokens {
			if at.After(u.pending.Tokens[id]) {
				u.pending.Tokens[id] = at
			}
		}
		for id, at := range batch.Sessions {
			if at.After(u.pending.Sessions[id]) {
				u.pending.Sessions[id] = at
			}
		}
	}
	return err
}

// Run flushes every interval until ctx ends, then once more.
func (u *UsageRecorder) Run(ctx context.Context, interval time.Duration, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := u.Flush(final); err != nil && onErr != nil {
				onErr(err)
			}
			cancel()
			return
		case <-t.C:
			if err := u.Flush(ctx); err != nil && onErr != nil {
				onErr(err)
			}
		}
	}
}

// Usage is the Service's recorder of token and session use; the
// composition root runs it.
func (s *Service) Usage() *UsageRecorder { return s.usage }
