package live

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// Bus fans messages out to every node, the publishing node included.
//
// Publish assigns m.ID when it is empty. Subscribe registers a handler that
// is called once per message, in the order the bus delivers them, from a
// goroutine owned by the bus; handlers must return quickly (Broker.Deliver
// never blocks). stop unregisters the handler; a call already in flight may
// still complete after stop returns.
type Bus interface {
	Publish(ctx context.Context, m Message) error
	Subscribe(handler func(Message)) (stop func(), err error)
	Close() error
}

// handlerSet is the subscriber list every bus keeps. Each bus owns a single
// upstream subscription and fans out here, so all local handlers see one
// order.
type handlerSet struct {
	mu       sync.Mutex
	next     uint64
	handlers map[uint64]func(Message)
	snapshot []func(Message) // rebuilt on change so dispatch does not allocate
}

func (s *handlerSet) add(h func(Message)) (stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handlers == nil {
		s.handlers = make(map[uint64]func(Message))
	}
	s.next++
	id := s.next
	s.handlers[id] = h
	s.rebuild()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			delete(s.handlers, id)
			s.rebuild()
		})
	}
}

func (s *handlerSet) rebuild() {
	hs := make([]func(Message), 0, len(s.handlers))
	for _, h := range s.handlers {
		hs = append(hs, h)
	}
	s.snapshot = hs
}

// dispatch calls every handler outside the lock, so a handler may stop
// itself or subscribe another without deadlocking.
func (s *handlerSet) dispatch(m Message) {
	s.mu.Lock()
	hs := s.snapshot
	s.mu.Unlock()
	for _, h := range hs {
		h(m)
	}
}

// Reconnection backoff: exponential from backoffMin, capped at backoffMax,
// with full jitter so a fleet of nodes losing the same server does not
// return to it in lockstep.
const (
	backoffMin = 100 * time.Millisecond
	backoffMax = 10 * time.Second
)

func backoff(attempt int) time.Duration {
	d := backoffMax
	if attempt < 20 {
		d = min(backoffMin<<attempt, backoffMax)
	}
	return d/2 + rand.N(d/2+1)
}
