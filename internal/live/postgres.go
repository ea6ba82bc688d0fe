package live

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// maxNotifyPayload is the largest NOTIFY payload PostgreSQL accepts (it
// must be shorter than 8000 bytes in the default build).
const maxNotifyPayload = 7999

// PostgresBus shares messages between nodes with LISTEN/NOTIFY, for
// deployments that have PostgreSQL but no NATS.
//
// One dedicated connection runs LISTEN; when it drops, it is re-established
// (and LISTEN reissued) with jittered exponential backoff. Notifications sent
// while it was down are lost, as NOTIFY keeps no history; watchers (see
// Watcher) hear of the loss and of the return. Publications go
// through a small separate pool, so a publisher never waits behind the
// listener.
//
// NOTIFY payloads are limited to 8000 bytes. A message whose encoding would
// exceed that is sent with its topic, type and id but empty Data; browsers
// receive the event with an empty payload and refetch what the topic names.
type PostgresBus struct {
	listenCfg *pgx.ConnConfig
	listenSQL string
	channel   string
	pool      *pgxpool.Pool
	ids       *idGen
	handlers  handlerSet[Message]
	watchers  handlerSet[bool]
	log       *slog.Logger

	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
	closed    atomic.Bool

	mu       sync.Mutex
	notReady error // nil while the listener is connected

	listenerPID atomic.Uint32 // backend pid of the listener, for tests
}

// listenerName is the listening connection's application_name, so an
// operator can tell it apart in pg_stat_activity.
const listenerName = "parley live listener"

// NewPostgresBus connects the listener and the publishing pool to
// connString and listens on channel (for example "parley_events"). The
// initial connection must succeed within ctx, so a misconfigured node fails
// at start-up; ctx does not bound the bus's lifetime.
func NewPostgresBus(ctx context.Context, connString, channel string, opts BusOptions) (*PostgresBus, error) {
	if channel == "" || len(channel) > 63 {
		return nil, fmt.Errorf("postgres bus: channel %q must be 1-63 bytes", channel)
	}
	poolCfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, fmt.Errorf("postgres bus: parse config: %w", err)
	}
	poolCfg.MaxConns = 2
	listenCfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, fmt.Errorf("postgres bus: parse config: %w", err)
	}
	if _, ok := listenCfg.RuntimeParams["application_name"]; !ok {
		listenCfg.RuntimeParams["application_name"] = listenerName
	}
	b := &PostgresBus{
		listenCfg: listenCfg,
		listenSQL: "LISTEN " + pgx.Identifier{channel}.Sanitize(),
		channel:   channel,
		ids:       newIDGen(),
		log:       opts.logger("postgres"),
		done:      make(chan struct{}),
	}
	conn, err := b.connect(ctx)
	if err != nil {
		return nil, err
	}
	b.pool, err = pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		_ = conn.Close(context.Background())
		return nil, fmt.Errorf("postgres bus: pool: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.run(runCtx, conn)
	return b, nil
}

// Publish sends m to every node, this one included.
func (b *PostgresBus) Publish(ctx context.Context, m Message) error {
	if b.closed.Load() {
		return ErrClosed
	}
	if m.ID == "" {
		m.ID = b.ids.next(time.Now())
	}
	if err := m.validate(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if !utf8.Valid(m.Data) || bytes.IndexByte(m.Data, 0) >= 0 {
		return fmt.Errorf("publish %s: data is not text NOTIFY can carry", m.Topic)
	}
	payload := encodeEnvelope(m)
	if len(payload) > maxNotifyPayload {
		m.Data = nil
		payload = encodeEnvelope(m)
	}
	if _, err := b.pool.Exec(ctx, "SELECT pg_notify($1, $2)", b.channel, string(payload)); err != nil {
		return fmt.Errorf("publish %s: notify: %w", m.Topic, err)
	}
	return nil
}

// Subscribe registers handler for every notification on the channel.
func (b *PostgresBus) Subscribe(handler func(Message)) (func(), error) {
	return b.handlers.add(handler), nil
}

// Watch registers fn for losses and returns of the listening connection;
// see Watcher.
func (b *PostgresBus) Watch(fn func(up bool)) (stop func()) { return b.watchers.add(fn) }

// Ready returns nil while the listening connection is up, for /readyz?bus=1.
func (b *PostgresBus) Ready() error {
	if b.closed.Load() {
		return ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.notReady
}

// Close stops the listener and closes the pool.
func (b *PostgresBus) Close() error {
	b.closeOnce.Do(func() {
		b.closed.Store(true)
		b.cancel()
		<-b.done
		b.pool.Close()
	})
	return nil
}

func (b *PostgresBus) setNotReady(err error) {
	b.mu.Lock()
	b.notReady = err
	b.mu.Unlock()
}
