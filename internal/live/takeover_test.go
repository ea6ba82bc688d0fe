package live

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// plainWriter hides the connection behind a ResponseWriter, as HTTP/2 and
// response-wrapping middleware without Unwrap do.
type plainWriter struct{ http.ResponseWriter }

func (p plainWriter) Flush() { http.NewResponseController(p.ResponseWriter).Flush() }

// TestStreamsOnTakenOverConnection: on HTTP/1.1 the broker takes the
// connection over. The response still carries the headers middleware set,
// ends by closing the connection, delivers events and frees its slot
// when the browser leaves.
func TestStreamsOnTakenOverConnection(t *testing.T) {
	b := NewBroker(BrokerOptions{})
	h := b.Handler(topicFromPath)
	srv := startServer(t, b, httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})))
	resp, r := openStream(t, srv, "/t/thread:1", nil)
	if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options = %q, want the middleware's DENY", got)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if !resp.Close || len(resp.TransferEncoding) != 0 {
		t.Errorf("close %v, transfer encoding %v: want a body delimited by the connection's close", resp.Close, resp.TransferEncoding)
	}
	b.Deliver(msg("thread:1", "reply", 1))
	if ev := r.nextEvent(t); ev.Type != "reply" || ev.Data != `{"n":1}` {
		t.Fatalf("event %+v", ev)
	}
	resp.Body.Close()
	waitUntil(t, "the closed stream to release its slot", func() bool { return b.Clients() == 0 })

	req, err := http.NewRequest(http.MethodHead, srv.URL+"/t/thread:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	hr, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	hr.Body.Close()
	if hr.StatusCode != http.StatusOK || hr.Header.Get("Content-Type") == "" {
		t.Errorf("HEAD: status %d, headers %v", hr.StatusCode, hr.Header)
	}
}

// TestStreamsThroughResponseWriter: where the connection cannot be taken
// over, the stream is served through the ResponseWriter, chunked.
func TestStreamsThroughResponseWriter(t *testing.T) {
	b := NewBroker(BrokerOptions{})
	h := b.Handler(topicFromPath)
	srv := startServer(t, b, httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(plainWriter{w}, r)
	})))
	resp, r := openStream(t, srv, "/t/thread:1", nil)
	if len(resp.TransferEncoding) == 0 || resp.TransferEncoding[0] != "chunked" {
		t.Errorf("transfer encoding %v, want chunked from net/http", resp.TransferEncoding)
	}
	b.Deliver(msg("thread:1", "reply", 2))
	if ev := r.nextEvent(t); ev.Type != "reply" || ev.Data != `{"n":2}` {
		t.Fatalf("event %+v", ev)
	}
	resp.Body.Close()
	waitUntil(t, "the closed stream to release its slot", func() bool { return b.Clients() == 0 })
}

// TestShutdownWaitsForTakenOverStreams: the HTTP server no longer tracks
// a taken-over connection, so Shutdown itself returns only after each has
// sent its "reconnect".
func TestShutdownWaitsForTakenOverStreams(t *testing.T) {
	b, srv := newTestBroker(t, BrokerOptions{})
	var readers []*sseReader
	for range 3 {
		_, r := openStream(t, srv, "/t/thread:1", nil)
		readers = append(readers, r)
	}
	b.Shutdown()
	if n := b.Clients(); n != 0 {
		t.Fatalf("Clients() = %d after Shutdown returned, want 0", n)
	}
	for _, r := range readers {
		ev, err := r.next()
		if err != nil || ev.Type != "reconnect" {
			t.Fatalf("after Shutdown: %+v, %v; want a reconnect event", ev, err)
		}
	}
}
