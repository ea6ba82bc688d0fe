package live

import (
	"net/http"
	"testing"
	"time"
)

// TestBrokerResetTellsEveryStream: after Reset every open stream reads a
// "reset" event (without an id, so the browser's Last-Event-ID stays), then
// later events as before; and a browser resuming from an event before the
// reset is told to reset too, because the broker can no longer tell what
// it missed.
func TestBrokerResetTellsEveryStream(t *testing.T) {
	b, srv := newTestBroker(t, BrokerOptions{})
	_, thread := openStream(t, srv, "/t/thread:1", nil)
	_, list := openStream(t, srv, "/t/list:latest", nil)
	before := msg("thread:1", "reply", 1)
	before.ID = newIDGen().next(time.Now())
	b.Deliver(before)
	if ev := thread.nextEvent(t); ev.ID != before.ID {
		t.Fatalf("got %+v, want the event before the reset", ev)
	}

	b.Reset()
	b.Deliver(msg("thread:1", "reply", 2))
	for name, r := range map[string]*sseReader{"thread": thread, "list": list} {
		if ev := r.nextEvent(t); ev.Type != "reset" || ev.ID != "" || ev.Data != emptyData {
			t.Fatalf("%s stream got %+v after Reset, want a reset event without id", name, ev)
		}
	}
	if ev := thread.nextEvent(t); ev.Type != "reply" || ev.Data != `{"n":2}` {
		t.Fatalf("event after the reset = %+v", ev)
	}

	// The event before the reset was forgotten with the history.
	_, r := openStream(t, srv, "/t/thread:1", http.Header{"Last-Event-Id": {before.ID}})
	if ev := r.nextEvent(t); ev.Type != "reset" {
		t.Fatalf("resuming from before the reset began with %+v, want reset", ev)
	}
}

// TestHistoryForgetMovesTheHorizon: after forget, a resume from an event
// up to the horizon resets even when the topic has a new ring whose ids
// sort below it (another publisher in the same millisecond), while an
// event after the horizon that this node has not heard yet does not.
func TestHistoryForgetMovesTheHorizon(t *testing.T) {
	const ms = 1_000_000
	h := newHistory(8, 8, 1<<20, 1)
	h.add(Message{Topic: "thread:1", Type: "reply", ID: formatID(ms-5, 1)})
	h.forget(ms)
	h.add(Message{Topic: "thread:1", Type: "reply", ID: formatID(ms, 1)})
	if _, reset := h.resume("thread:1", formatID(ms, 9)); !reset {
		t.Error("a resume from an event at the horizon was not reset")
	}
	if _, reset := h.resume("thread:1", formatID(ms-5, 1)); !reset {
		t.Error("a resume from a forgotten event was not reset")
	}
	if _, reset := h.resume("thread:2", formatID(ms-1, 1)); !reset {
		t.Error("a resume on a topic without a ring from before the horizon was not reset")
	}
	if _, reset := h.resume("thread:1", formatID(ms+1, 1)); reset {
		t.Error("a resume from an event after the horizon, on its way here, was reset")
	}
}
