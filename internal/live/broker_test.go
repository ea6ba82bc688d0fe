package live

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestBrokerDeliversInOrder(t *testing.T) {
	const n = 200
	b, srv := newTestBroker(t, BrokerOptions{ClientBuffer: n})
	resp, r := openStream(t, srv, "/t/thread:42", nil)
	for k, want := range map[string]string{
		"Content-Type":      "text/event-stream; charset=utf-8",
		"Cache-Control":     "no-store",
		"X-Accel-Buffering": "no",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}

	b.Deliver(msg("thread:7", "reply", -1)) // another topic: must not arrive
	for i := range n {
		b.Deliver(msg("thread:42", "reply", i))
	}
	prev := ""
	for i := range n {
		ev := r.nextEvent(t)
		if want := `{"n":` + strconv.Itoa(i) + `}`; ev.Data != want || ev.Type != "reply" {
			t.Fatalf("event %d = %+v, want reply %s", i, ev, want)
		}
		if ev.ID <= prev {
			t.Fatalf("event %d id %q not after %q", i, ev.ID, prev)
		}
		prev = ev.ID
	}
}

func TestBrokerFansOutToEveryStreamOfATopic(t *testing.T) {
	b, srv := newTestBroker(t, BrokerOptions{})
	_, r1 := openStream(t, srv, "/t/list:latest", nil)
	_, r2 := openStream(t, srv, "/t/list:latest", nil)
	b.Deliver(Message{Topic: "list:latest", Type: "thread", ID: formatID(1, 1), Data: []byte(`{"a":1}`)})
	for i, r := range []*sseReader{r1, r2} {
		if ev := r.nextEvent(t); ev.ID != formatID(1, 1) || ev.Type != "thread" || ev.Data != `{"a":1}` {
			t.Errorf("stream %d got %+v", i, ev)
		}
	}
	if got := b.Clients(); got != 2 {
		t.Errorf("Clients() = %d, want 2", got)
	}
}

func TestBrokerResumeReplaysExactlyTheMissedEvents(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header http.Header
		query  string
	}{
		{name: "header"},
		{name: "query"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, srv := newTestBroker(t, BrokerOptions{})
			var ids []string
			for i := range 5 {
				m := msg("thread:1", "reply", i)
				m.ID = formatID(1000, uint64(i))
				ids = append(ids, m.ID)
				b.Deliver(m)
			}
			path := "/t/thread:1"
			var h http.Header
			if tc.name == "header" {
				h = http.Header{"Last-Event-Id": {ids[1]}}
			} else {
				path += "?last_event_id=" + ids[1]
			}
			_, r := openStream(t, srv, path, h)
			for _, want := range ids[2:] {
				if ev := r.nextEvent(t); ev.ID != want {
					t.Fatalf("replayed %q, want %q", ev.ID, want)
				}
			}
			live := msg("thread:1", "edit", 99)
			live.ID = formatID(1001, 0)
			b.Deliver(live)
			if ev := r.nextEvent(t); ev.ID != live.ID || ev.Type != "edit" {
				t.Fatalf("after replay got %+v, want the live event %s", ev, live.ID)
			}
		})
	}
}

func TestBrokerResetWhenLastEventIDIsTooOld(t *testing.T) {
	b, srv := newTestBroker(t, BrokerOptions{TopicHistory: 4})
	var ids []string
	for i := range 10 {
		m := msg("thread:1", "reply", i)
		m.ID = formatID(1000, uint64(i))
		ids = append(ids, m.ID)
		b.Deliver(m)
	}
	// A four-event ring has forgotten ids[0..5]; the client missed 6 and
	// more, and this node cannot replay all of them.
	old := ids[3]
	_, r := openStream(t, srv, "/t/thread:1", http.Header{"Last-Event-Id": {old}})
	if ev := r.nextEvent(t); ev.Type != "reset" || ev.ID != "" {
		t.Fatalf("got %+v, want a reset event without id", ev)
	}
	b.Deliver(msg("thread:1", "reply", 10))
	if ev := r.nextEvent(t); ev.Type != "reply" || ev.Data != `{"n":10}` {
		t.Fatalf("after reset got %+v, want live reply", ev)
	}
}

func TestBrokerHeartbeats(t *testing.T) {
	_, srv := newTestBroker(t, BrokerOptions{Heartbeat: time.Millisecond})
	_, r := openStream(t, srv, "/t/thread:1", nil)
	for range 3 {
		ev, err := r.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ev.Comment || ev.HasData {
			t.Fatalf("got %+v, want a heartbeat comment", ev)
		}
	}
}
