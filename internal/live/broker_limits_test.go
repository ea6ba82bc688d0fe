package live

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// stuckWriter is a client that never reads: every Write blocks until
// release is closed.
type stuckWriter struct {
	header  http.Header
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func newStuckWriter() *stuckWriter {
	return &stuckWriter{header: http.Header{}, entered: make(chan struct{}), release: make(chan struct{})}
}

func (w *stuckWriter) Header() http.Header { return w.header }
func (w *stuckWriter) WriteHeader(int)     {}
func (w *stuckWriter) Flush()              {}
func (w *stuckWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.entered) })
	<-w.release
	return len(p), nil
}

func TestBrokerDropsSlowClientWithoutBlockingDeliver(t *testing.T) {
	b := NewBroker(BrokerOptions{ClientBuffer: 8})
	w := newStuckWriter()
	served := make(chan struct{})
	go func() {
		defer close(served)
		b.Handler(topicFromPath).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/t/thread:1", nil))
	}()
	select {
	case <-w.entered: // registered, and now stuck in its first write
	case <-time.After(waitLimit):
		t.Fatal("handler never wrote")
	}

	delivered := make(chan struct{})
	go func() {
		defer close(delivered)
		for i := range 5000 {
			b.Deliver(msg("thread:1", "reply", i))
		}
	}()
	select {
	case <-delivered:
	case <-time.After(waitLimit):
		t.Fatal("Deliver blocked on a client that does not read")
	}
	if got := b.Dropped(); got != 1 {
		t.Fatalf("Dropped() = %d, want 1", got)
	}

	close(w.release)
	select {
	case <-served: // the dropped stream was closed
	case <-time.After(waitLimit):
		t.Fatal("dropped client's stream stayed open")
	}
	if got := b.Clients(); got != 0 {
		t.Errorf("Clients() = %d after the stream ended, want 0", got)
	}
}

func TestBrokerCapsStreamsPerIP(t *testing.T) {
	b, srv := newTestBroker(t, BrokerOptions{MaxPerIP: 2})
	first, _ := openStream(t, srv, "/t/thread:1", nil)
	openStream(t, srv, "/t/thread:2", nil)
	if resp := get(t, srv, "/t/thread:3", nil); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third stream: status %d, want 429", resp.StatusCode)
	}
	first.Body.Close()
	waitUntil(t, "the closed stream to release its slot", func() bool { return b.Clients() == 1 })
	openStream(t, srv, "/t/thread:3", nil)
}

func TestBrokerCapsStreamsPerIPUsingClientIP(t *testing.T) {
	// Behind a proxy every stream shares RemoteAddr; ClientIP tells them
	// apart.
	_, srv := newTestBroker(t, BrokerOptions{MaxPerIP: 1, ClientIP: func(r *http.Request) string {
		return r.Header.Get("X-Test-Client")
	}})
	openStream(t, srv, "/t/thread:1", http.Header{"X-Test-Client": {"a"}})
	openStream(t, srv, "/t/thread:1", http.Header{"X-Test-Client": {"b"}})
	if resp := get(t, srv, "/t/thread:1", http.Header{"X-Test-Client": {"a"}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("second stream for a: status %d, want 429", resp.StatusCode)
	}
}

func TestBrokerCapsTotalStreams(t *testing.T) {
	_, srv := newTestBroker(t, BrokerOptions{MaxClients: 1})
	openStream(t, srv, "/t/thread:1", nil)
	resp := get(t, srv, "/t/thread:1", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("second stream: status %d Retry-After %q, want 503 with Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestBrokerShutdownSendsReconnect(t *testing.T) {
	b, srv := newTestBroker(t, BrokerOptions{})
	_, r := openStream(t, srv, "/t/thread:1", nil)
	b.Shutdown()
	if ev := r.nextEvent(t); ev.Type != "reconnect" {
		t.Fatalf("got %+v, want reconnect", ev)
	}
	if _, err := r.next(); err != io.EOF {
		t.Fatalf("after reconnect: %v, want the stream to end", err)
	}
	if resp := get(t, srv, "/t/thread:1", nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("stream after Shutdown: status %d, want 503", resp.StatusCode)
	}
}

func TestBrokerEndsStreamsAfterMaxLifetime(t *testing.T) {
	_, srv := newTestBroker(t, BrokerOptions{MaxLifetime: time.Millisecond})
	_, r := openStream(t, srv, "/t/thread:1", nil)
	for {
		_, err := r.next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("stream failed instead of ending: %v", err)
		}
	}
}

func TestBrokerStreamOutlivesServerTimeouts(t *testing.T) {
	b := NewBroker(BrokerOptions{})
	srv := httptest.NewUnstartedServer(b.Handler(topicFromPath))
	srv.Config.ReadTimeout = 20 * time.Millisecond
	srv.Config.WriteTimeout = 20 * time.Millisecond
	startServer(t, b, srv)
	_, r := openStream(t, srv, "/t/thread:1", nil)
	// Outlast both server timeouts several times over; had the stream
	// kept them, it would be closed by now.
	time.Sleep(200 * time.Millisecond)
	b.Deliver(msg("thread:1", "reply", 1))
	if ev := r.nextEvent(t); ev.Data != `{"n":1}` {
		t.Fatalf("got %+v", ev)
	}
}

func TestBrokerRejectsBadRequests(t *testing.T) {
	_, srv := newTestBroker(t, BrokerOptions{})
	if resp := get(t, srv, "/elsewhere", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown topic: status %d, want 404", resp.StatusCode)
	}
	resp, err := srv.Client().Post(srv.URL+"/t/thread:1", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

func TestBrokerIgnoresInvalidMessages(t *testing.T) {
	b, srv := newTestBroker(t, BrokerOptions{})
	_, r := openStream(t, srv, "/t/thread:1", nil)
	b.Deliver(Message{Topic: "thread:1", Type: "reply\ndata: injected"})
	b.Deliver(Message{Topic: "thread:1", Type: "reply", Data: []byte(`{"ok":true}`)})
	if ev := r.nextEvent(t); ev.Data != `{"ok":true}` {
		t.Fatalf("got %+v, want only the valid event", ev)
	}
}
