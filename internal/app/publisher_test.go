package app

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/live"
)

// stuckBus is a bus whose publications wait until released, as a
// connection to an overloaded or unreachable server would.
type stuckBus struct {
	release chan struct{}
	mu      sync.Mutex
	got     []live.Message
}

func (b *stuckBus) Publish(ctx context.Context, m live.Message) error {
	select {
	case <-b.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	b.mu.Lock()
	b.got = append(b.got, m)
	b.mu.Unlock()
	return nil
}
func (b *stuckBus) Subscribe(func(live.Message)) (func(), error) { return func() {}, nil }
func (b *stuckBus) Close() error                                 { return nil }

// TestPublisherNeverBlocksWriters: with the bus stuck, writers keep
// enqueueing at once; what does not fit in the queue is dropped and
// counted, and what fits is published, in order, once the bus recovers.
func TestPublisherNeverBlocksWriters(t *testing.T) {
	bus := &stuckBus{release: make(chan struct{})}
	p := newPublisher(bus, 2, slog.New(slog.NewTextHandler(io.Discard, nil)))
	const events = 10
	for i := int64(1); i <= events; i++ {
		// Would hang here if enqueue waited for the bus.
		p.enqueue(forum.Event{Kind: forum.EventPostEdited, ThreadID: i})
	}
	// One event is in the stuck Publish call, two wait in the queue.
	close(bus.release)
	p.close(context.Background())
	bus.mu.Lock()
	defer bus.mu.Unlock()
	if dropped := p.dropped.Load(); int(dropped)+len(bus.got) != events || dropped == 0 {
		t.Fatalf("published %d and dropped %d of %d events", len(bus.got), dropped, events)
	}
	var last int64
	for _, m := range bus.got {
		e, _, _, _ := eventOf(m)
		if e.ThreadID <= last {
			t.Fatalf("published out of order: %v", bus.got)
		}
		last = e.ThreadID
	}
}

// TestThreadMessagesNameTheirNode: a node recognises its own events when
// they come back over the bus (and so does not invalidate its cache again).
func TestThreadMessagesNameTheirNode(t *testing.T) {
	ms, err := messagesFrom(forum.Event{Kind: forum.EventReplyCreated, ThreadID: 7, PostID: 9, Subtopic: "networking"}, "node-a")
	if err != nil {
		t.Fatal(err)
	}
	e, from, ok, err := eventOf(ms[0])
	if !ok || err != nil || from != "node-a" || e.ThreadID != 7 || e.PostID != 9 {
		t.Fatalf("eventOf(%s) = %+v, %q, %v", ms[0].Topic, e, from, ok)
	}
	for _, m := range ms[1:] {
		if _, _, ok, _ := eventOf(m); ok {
			t.Errorf("list message %s read as a thread event", m.Topic)
		}
	}
}

// TestEventOfReportsBadPayloads: a thread message whose payload does not
// decode still names its thread (its page is dropped), and the failure is
// reported instead of passing in silence; a payload that did not travel at
// all is not a failure.
func TestEventOfReportsBadPayloads(t *testing.T) {
	e, _, ok, err := eventOf(live.Message{Topic: "thread:7", Type: "reply", Data: []byte("not json")})
	if !ok || e.ThreadID != 7 || err == nil {
		t.Fatalf("eventOf(bad payload) = %+v, %v, %v; want thread 7 and an error", e, ok, err)
	}
	if e, _, ok, err := eventOf(live.Message{Topic: "thread:7", Type: "reply"}); !ok || e.ThreadID != 7 || err != nil {
		t.Fatalf("eventOf(no payload) = %+v, %v, %v", e, ok, err)
	}
	if _, _, ok, err := eventOf(live.Message{Topic: "thread:x", Type: "reply"}); ok || err == nil {
		t.Fatalf("eventOf(bad topic) = %v, %v", ok, err)
	}
}
