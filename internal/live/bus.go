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

// Watcher is implemented by the buses whose connection can drop (NATS,
// LISTEN/NOTIFY). Watch registers fn, called with false when the
// connection is lost and with true once it is back and subscribed again:
// messages other nodes published in between may never arrive, so a node
// tells its browsers to reload (Broker.Reset) and drops cached pages.
// fn runs on a bus goroutine and must return quickly; stop unregisters it.
type Watcher interface {
	Watch(fn func(up bool)) (stop func())
}

// handlerSet is the subscriber list every bus keeps. Each bus owns a single
// upstream subscription and fans out here, so all local handlers see one
// order. Buses keep a second one, of bool, for their watchers.
type handlerSet[T any] struct {
	mu       sync.Mutex
	next     uint64
	handlers map[uint64]func(T)
	snapshot []func(T) // rebuilt on change so dispatch does not allocate
}

func (s *handlerSet[T]) add(h func(T)) (stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handlers == nil {
		s.handlers = make(map[uint64]func(T))
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

func (s *handlerSet[T]) rebuild() {
	hs := make([]func(T), 0, len(s.handlers))
	for _, h := range s.handlers {
		hs = append(hs, h)
	}
	s.snapshot = hs
}

// dispatch calls every handler outside the lock, so a handler may stop
// itself or subscribe another without deadlocking.
func (s *handlerSet[T]) dispatch(m T) {
	s.mu.Lock()
	hs := s.snapshot
	s.mu.Unlock()
	for _, h := range hs {
		h(m)
	}
}

// Reconnection backoff: exponential from backoffMin, capped at backoffMax,
// with jitter (each wait is between half and all of its step) so a fleet
// of nodes losing the same server does not return to it in lockstep. The
// cap is low because every second disconnected is a second of events this
// node's browsers miss; one connection attempt per node per second is
// nothing to a server.
const (
	backoffMin = 100 * time.Millisecond
	backoffMax = time.Second
)

func backoff(attempt int) time.Duration {
	d := backoffMax
	if attempt < 20 {
		d = min(backoffMin<<attempt, backoffMax)
	}
	return d/2 + rand.N(d/2+1)
}
