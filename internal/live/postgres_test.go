package live

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-forum/parley/internal/testenv"
)

// postgresURL returns the server for integration tests; without one the
// test skips, or fails under CI.
func postgresURL(t *testing.T) string {
	t.Helper()
	return testenv.PostgresServer(t)
}

// testChannel has upper case in it, so LISTEN (an identifier) and
// pg_notify (a string) only meet if the identifier is quoted.
func testChannel(t *testing.T) string { return "parley_Test_" + randomSuffix(t) }

func newPostgresBus(t *testing.T, url, channel string) *PostgresBus {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	bus, err := NewPostgresBus(ctx, url, channel, BusOptions{})
	if err != nil {
		t.Fatalf("NewPostgresBus: %v", err)
	}
	t.Cleanup(func() { bus.Close() })
	return bus
}

func TestPostgresBusTwoNodes(t *testing.T) {
	url := postgresURL(t)
	channel := testChannel(t)
	a, b := newPostgresBus(t, url, channel), newPostgresBus(t, url, channel)
	for i, bus := range []*PostgresBus{a, b} {
		if err := bus.Ready(); err != nil {
			t.Fatalf("node %d not ready: %v", i, err)
		}
	}
	exerciseTwoNodes(t, a, b)
}

func TestPostgresBusStop(t *testing.T) {
	exerciseStop(t, newPostgresBus(t, postgresURL(t), testChannel(t)))
}

func TestPostgresBusOversizedPayloadTravelsWithoutData(t *testing.T) {
	bus := newPostgresBus(t, postgresURL(t), testChannel(t))
	got, _ := collect(t, bus)
	ctx := context.Background()
	big := Message{Topic: "thread:1", Type: "edit", Data: []byte(`"` + strings.Repeat("x", 9000) + `"`)}
	if err := bus.Publish(ctx, big); err != nil {
		t.Fatalf("publish oversized: %v", err)
	}
	if m := receive(t, got, waitLimit, "subscriber"); m.Topic != big.Topic || m.Type != big.Type || m.ID == "" || len(m.Data) != 0 {
		t.Fatalf("oversized message arrived as %+v, want topic and type without data", m)
	}
	// Just under the limit keeps its data.
	fit := Message{Topic: "thread:1", Type: "edit", ID: formatID(1, 1)}
	fit.Data = bytes.Repeat([]byte("y"), maxNotifyPayload-len(encodeEnvelope(fit)))
	if err := bus.Publish(ctx, fit); err != nil {
		t.Fatalf("publish at the limit: %v", err)
	}
	if m := receive(t, got, waitLimit, "subscriber"); !bytes.Equal(m.Data, fit.Data) {
		t.Fatalf("message at the limit lost its data (%d bytes arrived)", len(m.Data))
	}
}

func TestPostgresBusRejectsNonTextData(t *testing.T) {
	bus := newPostgresBus(t, postgresURL(t), testChannel(t))
	for _, data := range [][]byte{{'a', 0, 'b'}, {0xff, 0xfe}} {
		if err := bus.Publish(context.Background(), Message{Topic: "t", Type: "x", Data: data}); err == nil {
			t.Errorf("published %q", data)
		}
	}
}

func TestPostgresBusRelistensAfterConnectionLoss(t *testing.T) {
	url := postgresURL(t)
	bus := newPostgresBus(t, url, testChannel(t))
	got, _ := collect(t, bus)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()

	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	pid := bus.listenerPID.Load()
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend($1)", int32(pid)); err != nil {
		t.Fatalf("terminate listener: %v", err)
	}
	waitUntil(t, "a new listener connection", func() bool {
		return bus.listenerPID.Load() != pid && bus.Ready() == nil
	})
	// LISTEN was reissued before the pid changed, so this must arrive.
	if err := bus.Publish(ctx, msg("thread:1", "reply", 1)); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got, waitLimit, "re-listened subscriber"); string(m.Data) != `{"n":1}` {
		t.Fatalf("got %+v", m)
	}
}

func TestPostgresBusCloses(t *testing.T) {
	bus := newPostgresBus(t, postgresURL(t), testChannel(t))
	if err := bus.Close(); err != nil {
		t.Fatal(err)
	}
	if err := bus.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := bus.Publish(context.Background(), msg("thread:1", "reply", 1)); !errors.Is(err, ErrClosed) {
		t.Errorf("Publish after Close = %v, want ErrClosed", err)
	}
	if err := bus.Ready(); !errors.Is(err, ErrClosed) {
		t.Errorf("Ready after Close = %v, want ErrClosed", err)
	}
}

func TestPostgresBusFailsFastOnBadConfig(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for name, tc := range map[string]struct{ url, channel string }{
		"unreachable":   {"postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2", "parley_events"},
		"unparsable":    {"postgres://%zz", "parley_events"},
		"empty channel": {"postgres://postgres@127.0.0.1:1/postgres", ""},
		"long channel":  {"postgres://postgres@127.0.0.1:1/postgres", strings.Repeat("c", 64)},
	} {
		if bus, err := NewPostgresBus(ctx, tc.url, tc.channel, BusOptions{}); err == nil {
			bus.Close()
			t.Errorf("%s: NewPostgresBus succeeded", name)
		}
	}
}
