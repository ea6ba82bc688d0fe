package live

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/parley-forum/parley/internal/natstest"
)

// logRecorder is a slog.Handler keeping the messages it is given, to show
// that a bus logs through the logger it was handed rather than the
// process's default one.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (h *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecorder) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.msgs = append(h.msgs, r.Message)
	return nil
}
func (h *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logRecorder) WithGroup(string) slog.Handler      { return h }

func (h *logRecorder) has(msg string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Contains(h.msgs, msg)
}

// watch records a bus's connection reports.
func watch(t *testing.T, w Watcher) <-chan bool {
	t.Helper()
	ch := make(chan bool, 16)
	t.Cleanup(w.Watch(func(up bool) { ch <- up }))
	return ch
}

// expectState waits for the next connection report; the limit only
// guards against hanging.
func expectState(t *testing.T, ch <-chan bool, want bool) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("bus reported up=%v, want up=%v", got, want)
		}
	case <-time.After(waitLimit):
		t.Fatalf("bus did not report up=%v", want)
	}
}

// TestPostgresBusReportsLossAndReturn kills the listening backend: the
// watchers hear of the loss and, once LISTEN is reissued, of the return,
// so a notification sent after the return report is received; both are
// logged through the logger the bus was given.
func TestPostgresBusReportsLossAndReturn(t *testing.T) {
	url := postgresURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	logs := &logRecorder{}
	bus, err := NewPostgresBus(ctx, url, testChannel(t), BusOptions{Logger: slog.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bus.Close() })
	states := watch(t, bus)
	got, _ := collect(t, bus)

	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	pid := bus.listenerPID.Load()
	var killed bool
	// The listener names itself, so operators (and this test) find it.
	if err := admin.QueryRow(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND application_name = $2",
		int32(pid), listenerName).Scan(&killed); err != nil || !killed {
		t.Fatalf("terminate the listener %q (pid %d): %v %v", listenerName, pid, killed, err)
	}
	expectState(t, states, false)
	expectState(t, states, true)
	if err := bus.Publish(ctx, msg("thread:1", "reply", 1)); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got, waitLimit, "re-listened subscriber"); string(m.Data) != `{"n":1}` {
		t.Fatalf("got %+v", m)
	}
	for _, want := range []string{"postgres listener lost", "postgres listener reconnected"} {
		if !logs.has(want) {
			t.Errorf("%q was not logged through the given logger (got %q)", want, logs.msgs)
		}
	}
}

// TestNATSBusReportsLossAndReturn kills a NATS server of the test's own
// and starts it again: the bus reports the loss and the return, reconnects
// without help, is subscribed again by the time it reports the return, and
// logs through the logger it was given.
func TestNATSBusReportsLossAndReturn(t *testing.T) {
	srv := natstest.Start(t)
	subject := "parley.test." + randomSuffix(t)
	logs := &logRecorder{}
	bus, err := NewNATSBus(srv.URL(), subject, BusOptions{Logger: slog.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bus.Close() })
	states := watch(t, bus)
	got, _ := collect(t, bus)

	srv.Stop()
	expectState(t, states, false)
	if bus.Ready() == nil {
		t.Fatal("Ready() = nil with the server gone")
	}
	srv.Restart()
	back := time.Now()
	expectState(t, states, true)
	t.Logf("reconnected %v after the server came back", time.Since(back).Round(time.Millisecond))
	if err := bus.Ready(); err != nil {
		t.Fatalf("Ready() after the return report: %v", err)
	}

	// Another node, connected now, publishes: the reconnected bus hears it.
	other := newNATSBus(t, srv.URL(), subject)
	if err := other.Publish(context.Background(), msg("thread:1", "reply", 1)); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got, waitLimit, "reconnected subscriber"); string(m.Data) != `{"n":1}` {
		t.Fatalf("got %+v", m)
	}
	for _, want := range []string{"nats disconnected", "nats reconnected"} {
		if !logs.has(want) {
			t.Errorf("%q was not logged through the given logger (got %q)", want, logs.msgs)
		}
	}
}
