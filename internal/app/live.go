package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/jobs"
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
// The probe does not gate /readyz: a node without its bus still serves
// every page and write, only live updates from other nodes stop (and the
// node resets its streams and page cache when the bus returns), so taking
// it out of rotation would turn a bus outage into a site outage.
// /readyz?bus=1 and parley_live_bus_up report it instead.
type busConn struct {
	bus   live.Bus
	kind  string // "nats", "postgres" or "memory"
	ready func() error
}

// busOpener chooses and connects the bus; tests pass their own.
type busOpener func(ctx context.Context, cfg *config.Config, logger *slog.Logger) (busConn, error)

// buildOptions are the parts of Build that tests replace.
type buildOptions struct {
	open   busOpener
	broker live.BrokerOptions            // zero fields take the broker's defaults
	jobs   func(*jobs.Workers)           // nil: registerJobs, the workers of this build
	wrap   func(forum.Store) forum.Store // fault injection in tests; nil in serve
}

// openBus picks the fan-out: NATS when configured, else LISTEN/NOTIFY on
// PostgreSQL, else in-process, which is right for a single SQLite node.
func openBus(ctx context.Context, cfg *config.Config, logger *slog.Logger) (busConn, error) {
	opts := live.BusOptions{Logger: logger}
	switch {
	case cfg.NATSURL != "":
		b, err := live.NewNATSBus(cfg.NATSURL, cfg.NATSSubject, opts)
		if err != nil {
			return busConn{}, err
		}
		limit := max(natsStartTimeout, cfg.WaitForDB)
		if err := waitReady(ctx, b.Ready, limit); err != nil {
			b.Close()
			return busConn{}, fmt.Errorf("nats at --nats / PARLEY_NATS_URL is not reachable after %s (%v); start it or leave --nats empty", limit, err)
		}
		return busConn{bus: b, kind: "nats", ready: b.Ready}, nil
	case cfg.IsPostgres():
		b, err := live.NewPostgresBus(ctx, cfg.DatabaseURL, pgChannel, opts)
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

// busNotReady marks a readiness failure of the bus, so /readyz?bus=1 can
// say which dependency is missing.
type busNotReady struct{ err error }

func (e busNotReady) Error() string       { return "event bus: " + e.err.Error() }
func (e busNotReady) Unwrap() error       { return e.err }
func (e busNotReady) ReadyReason() string { return "event bus not connected" }

// liveUpdates is one node's share of live updates: the bus, the broker
// streaming to this node's browsers, and the publisher turning this node's
// domain events into bus messages.
type liveUpdates struct {
	busConn
	broker    *live.Broker
	pub       *publisher
	cache     pageCache
	log       *slog.Logger
	stopSub   func()
	stopWatch func()
	onSite    atomic.Pointer[func()] // another node changed the site settings
	returns   atomic.Uint64          // times the bus connection came back
	badData   atomic.Uint64          // bus messages whose payload did not decode
}

// pageCache is what live updates need of the page cache.
type pageCache interface {
	// Invalidate drops the pages an event another node caused changes.
	Invalidate(forum.Event)
	// InvalidateAll drops every page, for when events were missed.
	InvalidateAll()
	// ForgetAccount drops the sessions of a user whose account changed on
	// another node (EventAccountChanged).
	ForgetAccount(userID int64)
}

// startLive subscribes the broker (and, for events other nodes caused,
// the page cache) to the bus, watches the bus connection and starts the
// publisher.
func startLive(bc busConn, opts live.BrokerOptions, clientIP func(*http.Request) string, cache pageCache, logger *slog.Logger) (*liveUpdates, error) {
	opts.ClientIP = clientIP
	l := &liveUpdates{busConn: bc, broker: live.NewBroker(opts), cache: cache, log: logger, stopWatch: func() {}}
	node := rand.Text()
	stop, err := bc.bus.Subscribe(func(m live.Message) {
		if from, kind, ok := siteEventOf(m); ok {
			// Not for browsers. Names, counts and navigation of every
			// page may have changed; settings are read again.
			if from != node {
				if cache != nil {
					cache.InvalidateAll()
				}
				if fn := l.onSite.Load(); fn != nil && kind == forum.EventSettingsChanged {
					(*fn)()
				}
			}
			return
		}
		if id, pages, ok := accountOf(m); ok {
			// A revoked session must stop working here at once; nothing
			// else listens to account messages. A change that shows on
			// pages (a name, a role) drops the cached pages as well.
			if cache != nil {
				cache.ForgetAccount(id)
				if pages {
					cache.InvalidateAll()
				}
			}
			return
		}
		// Every node hears every event, its own included. Cached pages of
		// the thread and its lists are dropped before browsers are told,
		// so the page they fetch next is fresh on this node too. The node
		// that caused the event invalidated its cache when the write
		// committed; doing it again would only discard renders made since.
		if cache != nil {
			e, from, ok, err := eventOf(m)
			if err != nil {
				l.badData.Add(1)
				logger.Debug("live update payload did not decode; its lists are left to expire", "topic", m.Topic, "err", err)
			}
			if ok && from != node {
				cache.Invalidate(e)
			}
		}
		l.broker.Deliver(m)
	})
	if err != nil {
		return nil, fmt.Errorf("subscribe to the event bus: %w", err)
	}
	l.stopSub = stop
	if w, ok := bc.bus.(live.Watcher); ok {
		l.stopWatch = w.Watch(l.busChanged)
	}
	l.pub = newNodePublisher(node, bc.bus, 4096, logger)
	return l, nil
}

// busChanged handles a loss or return of the bus connection. Events
// other nodes published meanwhile never reach this node, and nothing
// names them, so on return every cached page is dropped (none can be
// proven fresh) before every open stream is told to reset: a browser
// reloading on the reset gets a page rendered after the return. A loss
// resets the streams too, so browsers know at once that the page may go
// stale; cached pages stay until the return, so a node whose database
// (and with it the LISTEN connection) is down keeps serving them.
func (l *liveUpdates) busChanged(up bool) {
	if !up {
		l.broker.Reset()
		l.log.Warn("event bus connection lost: streams told to reload; other nodes' updates are missed until it returns", "bus", l.kind)
		return
	}
	if l.cache != nil {
		l.cache.InvalidateAll()
	}
	l.broker.Reset()
	l.returns.Add(1)
	l.log.Info("event bus connection back: cached pages dropped, streams told to reload", "bus", l.kind)
}

// busReady is /readyz?bus=1's probe.
func (l *liveUpdates) busReady() error {
	if l.ready == nil {
		return nil
	}
	if err := l.ready(); err != nil {
		return busNotReady{err}
	}
	return nil
}

// close stops publishing (sending what is queued, within ctx) and
// disconnects from the bus. The broker is shut down earlier, by Serve.
func (l *liveUpdates) close(ctx context.Context) error {
	l.pub.close(ctx)
	l.stopWatch()
	l.stopSub()
	return l.bus.Close()
}
