package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/live"
)

// publisher moves domain events from the writers that caused them to the
// bus on its own goroutine. Writers only enqueue: a slow or unreachable bus
// never delays a reply. When the queue is full the event is dropped and
// counted; browsers miss that live update but the pages stay correct.
type publisher struct {
	node    string // this node's id, carried in thread messages
	bus     live.Bus
	log     *slog.Logger
	queue   chan forum.Event
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	dropped atomic.Uint64
	failed  atomic.Uint64
}

// publishTimeout bounds one publication, so a hung bus connection cannot
// stall the queue forever.
const publishTimeout = 5 * time.Second

func newPublisher(bus live.Bus, size int, logger *slog.Logger) *publisher {
	return newNodePublisher("", bus, size, logger)
}

// newNodePublisher is newPublisher for the node named node.
func newNodePublisher(node string, bus live.Bus, size int, logger *slog.Logger) *publisher {
	p := &publisher{node: node, bus: bus, log: logger, queue: make(chan forum.Event, size), stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return p
}

// enqueue is the forum.Service listener; it never blocks.
func (p *publisher) enqueue(e forum.Event) {
	select {
	case p.queue <- e:
	default:
		p.dropped.Add(1)
	}
}

func (p *publisher) run() {
	defer close(p.done)
	for {
		select {
		case e := <-p.queue:
			p.publish(e)
		case <-p.stop:
			// Send what writers already committed, so other nodes hear
			// about this node's last changes.
			for {
				select {
				case e := <-p.queue:
					p.publish(e)
				default:
					return
				}
			}
		}
	}
}

func (p *publisher) publish(e forum.Event) {
	msgs, err := messagesFrom(e, p.node)
	if err != nil {
		p.failed.Add(1)
		p.log.Error("live update not published", "err", err)
		return
	}
	for _, m := range msgs {
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		err := p.bus.Publish(ctx, m)
		cancel()
		if err != nil {
			p.failed.Add(1)
			if !errors.Is(err, live.ErrClosed) {
				p.log.Warn("publish live update", "topic", m.Topic, "err", err)
			}
		}
	}
}

// close stops the publisher after the queue drains, or when ctx ends.
func (p *publisher) close(ctx context.Context) {
	p.once.Do(func() { close(p.stop) })
	select {
	case <-p.done:
	case <-ctx.Done():
		p.log.Warn("live updates still queued at shutdown were not sent", "queued", len(p.queue))
	}
}
