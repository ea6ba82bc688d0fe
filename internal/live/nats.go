package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

// NATSBus shares messages between nodes through one NATS subject. The
// connection retries forever with jittered exponential backoff, including
// when the server is unreachable at start-up, so a node can boot before
// NATS does; Ready reports whether it is connected right now.
//
// While disconnected, publications are buffered by the client (up to its
// reconnect buffer) and sent on reconnect; messages other nodes published
// meanwhile are not replayed to this node, because core NATS keeps no
// history. Watchers (see Watcher) hear of the loss and of the return, so
// the node can tell its browsers to reload instead.
type NATSBus struct {
	nc       *nats.Conn
	subject  string
	ids      *idGen
	log      *slog.Logger
	handlers handlerSet[Message]
	watchers handlerSet[bool]
	down     atomic.Bool // a loss was reported and no return yet
}

// NewNATSBus connects to url and subscribes to subject (for example
// "parley.events"). Every node of one deployment must use the same subject.
func NewNATSBus(url, subject string, opts BusOptions) (*NATSBus, error) {
	if subject == "" {
		return nil, errors.New("nats bus: empty subject")
	}
	log := opts.logger("nats")
	b := &NATSBus{subject: subject, ids: newIDGen(), log: log}
	// Down until connected: a node that starts before its server must
	// report the server's arrival.
	b.down.Store(true)
	nc, err := nats.Connect(url,
		nats.Name("parley"),
		nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true),
		nats.CustomReconnectDelay(backoff),
		// A server that vanished without closing the connection (a
		// partition, a dead host) is noticed within half a minute rather
		// than the client's default of several minutes.
		nats.PingInterval(10*time.Second),
		nats.MaxPingsOutstanding(2),
		nats.DisconnectErrHandler(b.disconnected),
		nats.ReconnectHandler(func(c *nats.Conn) { b.connected(c, "nats reconnected") }),
		nats.ConnectHandler(func(c *nats.Conn) { b.connected(c, "nats connected") }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			log.Warn("nats error", "err", err)
		}),
	)
	if err != nil {
		// The URL is left out: it may carry credentials.
		return nil, fmt.Errorf("nats bus: connect: %w", err)
	}
	// One upstream subscription fanned out locally keeps every local
	// handler on the same order; the client resubscribes after reconnects.
	if _, err := nc.Subscribe(subject, b.receive); err != nil {
		nc.Close()
		return nil, fmt.Errorf("nats bus: subscribe %s: %w", subject, err)
	}
	if nc.IsConnected() {
		// SUB is sent asynchronously; a round trip makes sure the server
		// has it, so events published once this returns are not missed.
		if err := nc.FlushTimeout(5 * time.Second); err != nil {
			log.Warn("nats subscription not confirmed", "err", err)
		}
	}
	if nc.IsConnected() {
		// Connected at once: nothing to report. (When the client's
		// connect callback came first, it reported a return that needed
		// none, which costs watchers nothing.)
		b.down.CompareAndSwap(true, false)
	}
	b.nc = nc
	return b, nil
}

// disconnected reports a lost connection to the watchers; a deliberate
// Close is not a loss.
func (b *NATSBus) disconnected(c *nats.Conn, err error) {
	if c.IsClosed() {
		return
	}
	b.log.Warn("nats disconnected", "err", err)
	if !b.down.Swap(true) {
		b.watchers.dispatch(false)
	}
}

// connected reports a (re)established connection once the server has the
// subscription: the client resends SUB before this callback, and a round
// trip makes sure the server processed it, so a watcher that resets its
// browsers now cannot be followed by a message this node never receives.
func (b *NATSBus) connected(c *nats.Conn, what string) {
	if err := c.FlushTimeout(5 * time.Second); err != nil {
		b.log.Warn("nats subscription not confirmed after reconnecting", "err", err)
	}
	b.log.Info(what, "url", c.ConnectedUrlRedacted())
	if b.down.Swap(false) {
		b.watchers.dispatch(true)
	}
}

// Watch registers fn for connection losses and returns; see Watcher.
func (b *NATSBus) Watch(fn func(up bool)) (stop func()) { return b.watchers.add(fn) }

func (b *NATSBus) receive(msg *nats.Msg) {
	m, err := decodeEnvelope(msg.Data)
	if err != nil {
		// A peer on another release, or a stranger on the subject; one
		// bad message must not stop the rest.
		b.log.Debug("ignored a message that is not a live event", "err", err)
		return
	}
	b.handlers.dispatch(m)
}

// Publish sends m to every node, this one included.
func (b *NATSBus) Publish(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish %s: %w", m.Topic, err)
	}
	if m.ID == "" {
		m.ID = b.ids.next(time.Now())
	}
	if err := m.validate(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := b.nc.Publish(b.subject, encodeEnvelope(m)); err != nil {
		if errors.Is(err, nats.ErrConnectionClosed) {
			return ErrClosed
		}
		return fmt.Errorf("publish %s: %w", m.Topic, err)
	}
	return nil
}

// Subscribe registers handler for every message on the subject.
func (b *NATSBus) Subscribe(handler func(Message)) (func(), error) {
	return b.handlers.add(handler), nil
}

// Ready returns nil while the connection to NATS is up, for /readyz?bus=1.
func (b *NATSBus) Ready() error {
	switch st := b.nc.Status(); st {
	case nats.CONNECTED:
		return nil
	case nats.CLOSED:
		return ErrClosed
	default:
		return fmt.Errorf("nats bus: %s", st)
	}
}

// Close flushes pending publications briefly, then disconnects.
func (b *NATSBus) Close() error {
	if b.nc.IsClosed() {
		return nil
	}
	if b.nc.IsConnected() {
		// Best effort: a node shutting down should not lose its last
		// events, but must not hang on a dead server either.
		_ = b.nc.FlushTimeout(2 * time.Second)
	}
	b.nc.Close()
	return nil
}
