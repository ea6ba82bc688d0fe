package live

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"
)

// MemoryBus is the Bus for a single node: Publish hands the message straight
// to every subscriber.
type MemoryBus struct {
	ids      *idGen
	handlers handlerSet[Message]

	// publishMu serialises delivery so every subscriber sees concurrent
	// publications in the same order, as a shared bus would.
	publishMu sync.Mutex
	closed    bool
}

// NewMemoryBus returns an in-process bus.
func NewMemoryBus() *MemoryBus {
	return &MemoryBus{ids: newIDGen()}
}

// Publish delivers m to every subscriber before returning. Handlers run
// under the publication lock, so they must not publish on the same bus.
func (b *MemoryBus) Publish(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish %s: %w", m.Topic, err)
	}
	if m.ID == "" {
		m.ID = b.ids.next(time.Now())
	}
	if err := m.validate(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// Subscribers keep the message (the broker's ring does); a copy stops
	// the publisher's later reuse of its buffer from rewriting history.
	m.Data = bytes.Clone(m.Data)
	b.publishMu.Lock()
	defer b.publishMu.Unlock()
	if b.closed {
		return ErrClosed
	}
	b.handlers.dispatch(m)
	return nil
}

// Subscribe registers handler for every later publication.
func (b *MemoryBus) Subscribe(handler func(Message)) (func(), error) {
	return b.handlers.add(handler), nil
}

// Close makes later publications fail with ErrClosed.
func (b *MemoryBus) Close() error {
	b.publishMu.Lock()
	b.closed = true
	b.publishMu.Unlock()
	return nil
}
