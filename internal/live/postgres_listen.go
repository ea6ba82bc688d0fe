package live

import (
	"context"
	"fmt"
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
	conn, err := pgx.Connect(ctx, b.connString)
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
// notifications until the connection fails, then reconnects with backoff.
func (b *PostgresBus) run(ctx context.Context, conn *pgx.Conn) {
	defer close(b.done)
	attempt := 0
	for {
		if conn == nil {
			c, err := b.connect(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				b.log.Warn("postgres listener reconnect failed", "err", err, "attempt", attempt)
				if !sleepCtx(ctx, backoff(attempt)) {
					return
				}
				attempt++
				continue
			}
			if attempt > 0 {
				b.log.Info("postgres listener reconnected", "attempts", attempt)
			}
			conn, attempt = c, 0
		}
		b.setNotReady(nil)
		err := b.relay(ctx, conn)
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = conn.Close(closeCtx)
		cancel()
		conn = nil
		if ctx.Err() != nil {
			return
		}
		b.setNotReady(fmt.Errorf("postgres bus: listener disconnected: %w", err))
		b.log.Warn("postgres listener lost", "err", err)
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
