package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/live"
)

// pgChannel is the LISTEN/NOTIFY channel. Channels are per database, so
// deployments sharing a server never hear each other.
const pgChannel = "parley_events"

// natsStartTimeout bounds how long start-up waits for a first connection
// to NATS, or --wait-for-db when that is longer (deployments that start
// nodes before their services say so there). A node that cannot reach
// NATS would serve pages whose live updates never arrive from other nodes,
// so it refuses to start instead; once running, it reconnects by itself.
const natsStartTimeout = 5 * time.Second

// busConn is the bus a node shares with the others, how it was chosen,
// and its connection probe (nil for an in-process bus, which is always up).
//
// gatesReady makes /readyz fail while the probe does. It is set for NATS,
// a separate service without which the node is cut off from the others.
// The LISTEN connection is left out: it is the database, which /readyz
// checks anyway, and it reconnects on its own schedule after the database
// returns, which must not keep a node that serves pages out of rotation.
type busConn struct {
	bus        live.Bus
	kind       string // "nats", "postgres" or "memory"
	ready      func() error
	gatesReady bool
}

// busOpener chooses and connects the bus; tests pass their own.
type busOpener func(ctx context.Context, cfg *config.Config) (busConn, error)

// buildOptions are the parts of Build that tests replace.
type buildOptions struct {
	open   busOpener
	broker live.BrokerOptions            // zero fields take the broker's defaults
	wrap   func(forum.Store) forum.Store // fault injection in tests; nil in serve
}

// openBus picks the fan-out: NATS when configured, else LISTEN/NOTIFY on
// PostgreSQL, else in-process, which is right for a single SQLite node.
func openBus(ctx context.Context, cfg *config.Config) (busConn, error) {
	switch {
	case cfg.NATSURL != "":
		b, err := live.NewNATSBus(cfg.NATSURL, cfg.NATSSubject)
		if err != nil {
			return busConn{}, err
		}
		limit := max(natsStartTimeout, cfg.WaitForDB)
		if err := waitReady(ctx, b.Ready, limit); err != nil {
			b.Close()
			return busConn{}, fmt.Errorf("nats at --nats / PARLEY_NATS_URL is not reachable after %s (%v); start it or leave --nats empty", limit, err)
		}
		return busConn{bus: b, kind: "nats", ready: b.Ready, gatesReady: true}, nil
	case cfg.IsPostgres():
		b, err := live.NewPostgresBus(ctx, cfg.DatabaseURL, pgChannel)
		if err != nil {
			return busConn{}, err
		}
		return busConn{bus: b, kind: "postgres", ready: b.Ready}, nil
	}
	return busConn{bus: live.NewMemoryBus(), kind: "memory"}, nil
}

// waitReady polls ready until it succeeds or limit passes.
func waitReady(ctx context.Context, ready func() error, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		err := ready()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// busNotReady marks a readiness failure of the bus, so /readyz can say
// which dependency is missing.
type busNotReady struct{ err error }

func (e busNotReady) Error() string       { return "event bus: " + e.err.Error() }
func (e busNotReady) Unwrap() error       { return e.err }
func (e busNotReady) ReadyReason() string { return "event bus not connected" }

// liveUpdates is one node's share of live updates: the bus, the broker
// streaming to this node's browsers, and the publisher turning this node's
// domain events into bus messages.
type liveUpdates struct {
	busConn
	broker  *live.Broker
	pub     *publisher
	stopSub func()
}

// startLive subscribes the broker (and, for events other nodes caused,
// the page cache) to the bus and starts the publisher.
func startLive(bc busConn, opts live.BrokerOptions, clientIP func(*http.Request) string, invalidate func(forum.Event), logger *slog.Logger) (*liveUpdates, error) {
	opts.ClientIP = clientIP
	l := &liveUpdates{busConn: bc, broker: live.NewBroker(opts)}
	node := rand.Text()
	stop, err := bc.bus.Subscribe(func(m live.Message) {
		// Every node hears every event, its own included. Cached pages of
		// the thread and its lists are dropped before browsers are told,
		// so the page they fetch next is fresh on this node too. The node
		// that caused the event invalidated its cache when the write
		// committed; doing it again would only discard renders made since.
		if invalidate != nil {
			if e, from, ok := eventOf(m); ok && from != node {
				invalidate(e)
			}
		}
		l.broker.Deliver(m)
	})
	if err != nil {
		return nil, fmt.Errorf("subscribe to the event bus: %w", err)
	}
	l.stopSub = stop
	l.pub = newNodePublisher(node, bc.bus, 4096, logger)
	return l, nil
}

// close stops publishing (sending what is queued, within ctx) and
// disconnects from the bus. The broker is shut down earlier, by Serve.
func (l *liveUpdates) close(ctx context.Context) error {
	l.pub.close(ctx)
	l.stopSub()
	return l.bus.Close()
}
