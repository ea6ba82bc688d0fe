package live

import (
	"context"
	"errors"
	"testing"

	"github.com/parley-forum/parley/internal/testenv"
)

// natsURL returns the server for integration tests; without one the test
// skips, or fails under CI.
func natsURL(t *testing.T) string {
	t.Helper()
	return testenv.NATSServer(t)
}

func newNATSBus(t *testing.T, url, subject string) *NATSBus {
	t.Helper()
	bus, err := NewNATSBus(url, subject, BusOptions{})
	if err != nil {
		t.Fatalf("NewNATSBus: %v", err)
	}
	t.Cleanup(func() { bus.Close() })
	return bus
}

func TestNATSBusTwoNodes(t *testing.T) {
	url := natsURL(t)
	subject := "parley.test." + randomSuffix(t)
	a, b := newNATSBus(t, url, subject), newNATSBus(t, url, subject)
	for i, bus := range []*NATSBus{a, b} {
		if err := bus.Ready(); err != nil {
			t.Fatalf("node %d not ready: %v", i, err)
		}
	}
	exerciseTwoNodes(t, a, b)
}

func TestNATSBusStop(t *testing.T) {
	exerciseStop(t, newNATSBus(t, natsURL(t), "parley.test."+randomSuffix(t)))
}

func TestNATSBusIgnoresForeignMessages(t *testing.T) {
	url := natsURL(t)
	subject := "parley.test." + randomSuffix(t)
	bus := newNATSBus(t, url, subject)
	got, _ := collect(t, bus)
	// A stranger on the subject, then a real event: only the latter
	// arrives, and the subscription survives the former.
	if err := bus.nc.Publish(subject, []byte("not an envelope")); err != nil {
		t.Fatal(err)
	}
	if err := bus.Publish(context.Background(), msg("thread:1", "reply", 1)); err != nil {
		t.Fatal(err)
	}
	if m := receive(t, got, waitLimit, "subscriber"); string(m.Data) != `{"n":1}` {
		t.Fatalf("got %+v", m)
	}
}

func TestNATSBusStartsWithoutServer(t *testing.T) {
	// Nothing listens on port 1: the bus must come up anyway, report not
	// ready, and keep retrying in the background.
	bus, err := NewNATSBus("nats://127.0.0.1:1", "parley.test", BusOptions{})
	if err != nil {
		t.Fatalf("NewNATSBus with server down: %v", err)
	}
	if err := bus.Ready(); err == nil {
		t.Error("Ready() = nil with no server")
	}
	bus.Close()
	if err := bus.Ready(); !errors.Is(err, ErrClosed) {
		t.Errorf("Ready() after Close = %v, want ErrClosed", err)
	}
	if err := bus.Publish(context.Background(), msg("thread:1", "reply", 1)); !errors.Is(err, ErrClosed) {
		t.Errorf("Publish after Close = %v, want ErrClosed", err)
	}
}

func TestNATSBusRejectsEmptySubject(t *testing.T) {
	if _, err := NewNATSBus("nats://127.0.0.1:1", "", BusOptions{}); err == nil {
		t.Error("accepted an empty subject")
	}
}
