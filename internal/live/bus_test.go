package live

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"
	"time"
)

// collect subscribes to bus and returns a channel of what it receives.
func collect(t *testing.T, bus Bus) (<-chan Message, func()) {
	t.Helper()
	ch := make(chan Message, 100)
	stop, err := bus.Subscribe(func(m Message) { ch <- m })
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	t.Cleanup(stop)
	return ch, stop
}

// receive waits up to limit for the next message on ch.
func receive(t *testing.T, ch <-chan Message, limit time.Duration, who string) Message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(limit):
		t.Fatalf("%s received nothing within %v", who, limit)
		return Message{}
	}
}

func randomSuffix(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// exerciseTwoNodes publishes on node a and checks that node b receives it
// within a second, and that a hears its own publication with the same id.
func exerciseTwoNodes(t *testing.T, a, b Bus) {
	t.Helper()
	fromA, _ := collect(t, a)
	fromB, _ := collect(t, b)
	sent := Message{Topic: "thread:" + randomSuffix(t), Type: "reply", Data: []byte(`{"body":"hello"}`)}
	if err := a.Publish(context.Background(), sent); err != nil {
		t.Fatalf("publish: %v", err)
	}
	gotB := receive(t, fromB, time.Second, "the other node")
	if gotB.Topic != sent.Topic || gotB.Type != sent.Type || !bytes.Equal(gotB.Data, sent.Data) {
		t.Fatalf("other node got %+v, want %+v", gotB, sent)
	}
	if _, ok := idMillis(gotB.ID); !ok {
		t.Errorf("publisher assigned id %q, want a time-ordered id", gotB.ID)
	}
	if gotA := receive(t, fromA, time.Second, "the publishing node"); gotA.ID != gotB.ID {
		t.Errorf("publisher saw id %q, other node %q: ids must agree", gotA.ID, gotB.ID)
	}
}

// exerciseStop checks that a stopped handler gets nothing more while the
// others on the same bus still do.
func exerciseStop(t *testing.T, bus Bus) {
	t.Helper()
	kept, _ := collect(t, bus)
	stopped, stop := collect(t, bus)
	stop()
	stop() // idempotent
	if err := bus.Publish(context.Background(), msg("thread:1", "reply", 1)); err != nil {
		t.Fatal(err)
	}
	receive(t, kept, waitLimit, "the remaining handler")
	select {
	case m := <-stopped:
		t.Fatalf("stopped handler received %+v", m)
	default:
	}
}

func TestMemoryBusRoundTrip(t *testing.T) {
	bus := NewMemoryBus()
	exerciseTwoNodes(t, bus, bus)
}

func TestMemoryBusStop(t *testing.T) {
	exerciseStop(t, NewMemoryBus())
}

func TestMemoryBusPublishRules(t *testing.T) {
	bus := NewMemoryBus()
	ch, _ := collect(t, bus)
	ctx := context.Background()
	m := msg("thread:1", "reply", 1)
	m.ID = formatID(5, 5)
	if err := bus.Publish(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got := <-ch; got.ID != m.ID {
		t.Errorf("publisher's own id replaced: %q", got.ID)
	}
	if err := bus.Publish(ctx, Message{Topic: "thread:1", Type: "a\nb"}); err == nil {
		t.Error("published a type with a line break")
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := bus.Publish(canceled, m); !errors.Is(err, context.Canceled) {
		t.Errorf("publish with canceled context: %v", err)
	}
	bus.Close()
	if err := bus.Publish(ctx, m); !errors.Is(err, ErrClosed) {
		t.Errorf("publish after Close: %v, want ErrClosed", err)
	}
}

func TestMemoryBusCopiesData(t *testing.T) {
	bus := NewMemoryBus()
	ch, _ := collect(t, bus)
	data := []byte(`{"a":1}`)
	if err := bus.Publish(context.Background(), Message{Topic: "t", Type: "x", Data: data}); err != nil {
		t.Fatal(err)
	}
	data[1] = 'Z'
	if got := <-ch; string(got.Data) != `{"a":1}` {
		t.Errorf("subscriber's data changed with the publisher's buffer: %q", got.Data)
	}
}

// TestBusFeedsBrokerEndToEnd wires a node the way parley does and checks
// that a publication reaches a browser with the bus-assigned id.
func TestBusFeedsBrokerEndToEnd(t *testing.T) {
	bus := NewMemoryBus()
	b, srv := newTestBroker(t, BrokerOptions{})
	stop, err := bus.Subscribe(b.Deliver)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	got, _ := collect(t, bus)
	_, r := openStream(t, srv, "/t/thread:9", nil)
	if err := bus.Publish(context.Background(), msg("thread:9", "boost", 3)); err != nil {
		t.Fatal(err)
	}
	ev := r.nextEvent(t)
	if want := <-got; ev.ID != want.ID || ev.Type != "boost" || ev.Data != `{"n":3}` {
		t.Errorf("browser got %+v, bus carried %+v", ev, want)
	}
}

func TestBackoffStaysWithinBounds(t *testing.T) {
	for attempt := range 40 {
		for range 50 {
			d := backoff(attempt)
			if d < backoffMin/2 || d > backoffMax {
				t.Fatalf("backoff(%d) = %v, outside [%v, %v]", attempt, d, backoffMin/2, backoffMax)
			}
		}
	}
}

// TestBackoffRetriesPromptly: however long the outage, a node retries at
// least once a second, so it is back within a second of its bus; and the
// waits are jittered, so a fleet does not return in lockstep.
func TestBackoffRetriesPromptly(t *testing.T) {
	seen := map[time.Duration]bool{}
	for attempt := range 40 {
		for range 50 {
			d := backoff(attempt)
			if d > time.Second {
				t.Fatalf("backoff(%d) = %v: a node would wait more than a second between retries", attempt, d)
			}
			seen[d] = true
		}
	}
	if len(seen) < 100 {
		t.Fatalf("only %d distinct waits in 2000: not jittered", len(seen))
	}
}
