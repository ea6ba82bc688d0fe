package live

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Broker is one node's Server-Sent Events hub: it receives every event from
// the bus through Deliver, remembers recent ones for resuming, and streams
// them to the browsers connected to this node (see Handler).
type Broker struct {
	opts    BrokerOptions
	ids     *idGen
	dropped atomic.Uint64
	streams sync.WaitGroup // streams served on taken-over connections

	mu      sync.Mutex
	history *history
	subs    map[string]map[*client]struct{} // topic → streams still fed
	perIP   map[string]int
	clients int
	closed  bool
}

// endReason says why the broker ended a stream.
type endReason int

const (
	endSlow endReason = iota + 1
	endShutdown
)

// client is one open stream. done is closed, once, when the broker ends
// the stream; reason is written before that and read only after it. The
// queue holds pointers: one delivered message is shared by every stream of
// its topic, and a queue of 64 pointers is an eighth of one of 64 values.
type client struct {
	topic  string
	ip     string
	ch     chan *Message
	done   chan struct{}
	reason endReason
}

// NewBroker returns a broker; subscribe its Deliver to the node's bus.
func NewBroker(opts BrokerOptions) *Broker {
	opts = opts.withDefaults()
	return &Broker{
		opts:    opts,
		ids:     newIDGen(),
		history: newHistory(opts.TopicHistory, opts.MaxTopics, opts.MaxHistoryBytes, uint64(time.Now().UnixMilli())),
		subs:    make(map[string]map[*client]struct{}),
		perIP:   make(map[string]int),
	}
}

// Deliver records m and queues it for every stream on its topic. It never
// blocks on a client: a stream whose queue is full is ended instead (the
// browser reconnects and resumes from history). A message without an ID is
// given one; an invalid message is ignored.
func (b *Broker) Deliver(m Message) {
	if m.ID == "" {
		m.ID = b.ids.next(time.Now())
	}
	if m.validate() != nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.history.add(m)
	shared := &m
	for c := range b.subs[m.Topic] {
		select {
		case c.ch <- shared:
		default:
			b.endLocked(c, endSlow)
		}
	}
}

// resetEvent is queued to every stream by Reset. It has no id, which no
// delivered message lacks, so the stream writes it as a control event.
var resetEvent = &Message{Type: "reset"}

// Reset tells every open stream that it may have missed events (a "reset"
// event: the page should reload) and forgets the history, so a browser
// that resumes later from an event before now is told the same. Call it
// when the bus connection drops or returns: messages other nodes
// published meanwhile never reach this broker, and nothing else would
// tell the browsers. A stream whose queue is full is ended instead; it
// resumes into the forgotten history and gets its reset then.
func (b *Broker) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.history.forget(uint64(time.Now().UnixMilli()))
	for _, set := range b.subs {
		for c := range set {
			select {
			case c.ch <- resetEvent:
			default:
				b.endLocked(c, endSlow)
			}
		}
	}
}

// Shutdown tells every connected browser to reconnect (to another node, in
// a rolling deploy) and refuses new streams with 503. Call it before the
// HTTP server's own Shutdown, which would otherwise wait for the streams.
// It returns once the streams on connections the broker took over from
// the HTTP server (which no longer tracks them) have sent their
// "reconnect" and closed, each within WriteTimeout.
func (b *Broker) Shutdown() {
	b.mu.Lock()
	b.closed = true
	for _, set := range b.subs {
		for c := range set {
			b.endLocked(c, endShutdown)
		}
	}
	b.mu.Unlock()
	b.streams.Wait()
}

// Clients reports the streams currently open on this node.
func (b *Broker) Clients() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.clients
}

// Dropped reports how many streams were ended for falling behind.
func (b *Broker) Dropped() uint64 { return b.dropped.Load() }

// register admits a stream, or returns the HTTP status refusing it. The
// replay is computed under the same lock that subscribes the client, so no
// event falls between history and the live queue, or lands in both.
func (b *Broker) register(topic, ip, lastID string) (c *client, replay []Message, reset bool, status int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed, b.clients >= b.opts.MaxClients:
		return nil, nil, false, http.StatusServiceUnavailable
	case b.perIP[ip] >= b.opts.MaxPerIP:
		return nil, nil, false, http.StatusTooManyRequests
	}
	replay, reset = b.history.resume(topic, lastID)
	c = &client{topic: topic, ip: ip, ch: make(chan *Message, b.opts.ClientBuffer), done: make(chan struct{})}
	set := b.subs[topic]
	if set == nil {
		set = make(map[*client]struct{})
		b.subs[topic] = set
	}
	set[c] = struct{}{}
	b.clients++
	b.perIP[ip]++
	return c, replay, reset, 0
}

// unregister releases a stream's slots when its handler returns.
func (b *Broker) unregister(c *client) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.unsubscribeLocked(c)
	b.clients--
	if b.perIP[c.ip]--; b.perIP[c.ip] <= 0 {
		delete(b.perIP, c.ip)
	}
}

// endLocked stops feeding c and wakes its handler to close the stream.
func (b *Broker) endLocked(c *client, why endReason) {
	b.unsubscribeLocked(c)
	c.reason = why
	close(c.done)
	if why == endSlow {
		b.dropped.Add(1)
	}
}

func (b *Broker) unsubscribeLocked(c *client) {
	set := b.subs[c.topic]
	delete(set, c)
	if len(set) == 0 {
		delete(b.subs, c.topic)
	}
}
