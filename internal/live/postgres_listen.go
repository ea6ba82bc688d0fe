package live

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// connectTimeout bounds one attempt to open the listening connection, so a
// black-holed server costs a retry rather than a hung listener.
const connectTimeout = 10 * time.Second

// connect opens a dedicated connection and issues LISTEN on it.
func (b *PostgresBus) connect(ctx context.Context) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, b.listenCfg)
	if err != nil {
		return nil, fmt.Errorf("postgres bus: connect: %w", err)
	}
	if _, err := conn.Exec(ctx, b.listenSQL); err != nil {
		_ = conn.Close(context.Background())
		return nil, fmt.Errorf("postgres bus: listen %s: %w", b.channel, err)
	}
	b.listenerPID.Store(conn.PgConn().PID())
	return conn, nil
}

// run owns the listening connection for the bus's lifetime: it relays
// notifications until the connection fails, tells the watchers, reconnects
// with backoff and tells them again once LISTEN is reissued (not before:
// a notification between the watchers' reset and LISTEN would be lost
// without a word).
func (b *PostgresBus) run(ctx context.Context, conn *pgx.Conn) {
	defer close(b.done)
	for {
		b.setNotReady(nil)
		err := b.relay(ctx, conn)
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = conn.Close(closeCtx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		b.setNotReady(fmt.Errorf("postgres bus: listener disconnected: %w", err))
		b.log.Warn("postgres listener lost", "err", err)
		b.watchers.dispatch(false)
		if conn = b.reconnect(ctx); conn == nil {
			return
		}
		b.watchers.dispatch(true)
	}
}

// reconnect retries the listening connection until it is back (nil when
// ctx ends first). The first attempt comes within 100 ms; the waits grow
// to backoffMax. While the database stays away, only the first failure
// and every 30th are logged as warnings, the others at debug level.
func (b *PostgresBus) reconnect(ctx context.Context) *pgx.Conn {
	for attempt := 0; ; attempt++ {
		if !sleepCtx(ctx, backoff(attempt)) {
			return nil
		}
		c, err := b.connect(ctx)
		if err == nil {
			b.log.Info("postgres listener reconnected", "attempts", attempt+1)
			return c
		}
		if ctx.Err() != nil {
			return nil
		}
		level := slog.LevelDebug
		if attempt%30 == 0 {
			level = slog.LevelWarn
		}
		b.log.Log(ctx, level, "postgres listener reconnect failed", "err", err, "attempt", attempt+1)
	}
}

// relay hands each notification to the subscribers until the connection
// fails or ctx ends.
func (b *PostgresBus) relay(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for notification: %w", err)
		}
		m, err := decodeEnvelope([]byte(n.Payload))
		if err != nil {
			// Another release or a manual NOTIFY; skip it, keep the rest.
			b.log.Debug("ignored a notification that is not a live event", "err", err)
			continue
		}
		b.handlers.dispatch(m)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
