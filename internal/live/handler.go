package live

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Handler streams one topic as text/event-stream. topicFromRequest maps the
// request to its topic (for example "thread:42"); an error answers 404.
//
// Each event carries its id, its Message.Type as the event name and its
// JSON data; data "{}" means the payload did not travel with the event and
// the page should refetch. Two events come from the broker itself, without
// an id: "reset" (events may have been missed, because history cannot fill
// the gap of a resume or because the bus connection dropped or returned
// (see Broker.Reset); reload) and "reconnect" (this node is shutting down;
// the stream then closes and the browser reconnects).
//
// A browser resuming with a Last-Event-ID header (or ?last_event_id=, for
// clients that cannot set headers) first receives the events it missed; if
// this node no longer remembers them it receives a "reset" event and should
// reload. Streams are refused with 429 beyond MaxPerIP and 503 beyond
// MaxClients or after Shutdown.
func (b *Broker) Handler(topicFromRequest func(r *http.Request) (string, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.serve(w, r, topicFromRequest)
	})
}

func (b *Broker) serve(w http.ResponseWriter, r *http.Request, topicOf func(*http.Request) (string, error)) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	topic, err := topicOf(r)
	if err != nil {
		http.Error(w, "unknown event stream", http.StatusNotFound)
		return
	}
	lastID := r.Header.Get("Last-Event-ID")
	if lastID == "" {
		lastID = r.URL.Query().Get("last_event_id")
	}
	c, replay, reset, status := b.register(topic, b.opts.ClientIP(r), lastID)
	if c == nil {
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "5")
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	defer b.unregister(c)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	s := newStream(w, b.opts.WriteTimeout)
	defer s.release()

	buf := appendRetry(s.buf[:0], b.opts.Retry)
	if reset {
		buf = appendControl(buf, "reset")
	}
	for _, m := range replay {
		buf = appendEvent(buf, m)
	}
	if s.send(buf) != nil {
		return
	}
	b.pump(r, s, c)
}

// pump relays queued events to the stream until the browser leaves, the
// broker ends the stream, or its lifetime is up.
func (b *Broker) pump(r *http.Request, s *stream, c *client) {
	beat := time.NewTicker(b.opts.Heartbeat)
	defer beat.Stop()
	life := b.opts.MaxLifetime
	life -= rand.N(life/10 + 1)
	expire := time.NewTimer(life)
	defer expire.Stop()

	for {
		var buf []byte
		select {
		case <-r.Context().Done():
			return
		case <-expire.C:
			return
		case <-c.done:
			if c.reason == endShutdown {
				_ = s.send(appendControl(s.buf[:0], "reconnect"))
			}
			return
		case <-beat.C:
			buf = append(s.buf[:0], heartbeat...)
		case m := <-c.ch:
			buf = appendQueued(s.buf[:0], m)
			// Whatever else is already queued goes out in the same write.
			for more := true; more; {
				select {
				case m := <-c.ch:
					buf = appendQueued(buf, m)
				default:
					more = false
				}
			}
		}
		if s.send(buf) != nil {
			return
		}
	}
}

// maxKeptBuffer bounds the write buffer a stream keeps between events.
const maxKeptBuffer = 64 << 10

// stream writes to one client under a fresh deadline per write. The
// server's WriteTimeout is sized for ordinary responses and would cut every
// stream short; a per-write deadline still frees a handler whose client
// stopped reading. Writers that cannot take deadlines (recorders, some
// middleware) still stream, only without that protection, so those errors
// are ignored.
type stream struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	buf     []byte
}

func newStream(w http.ResponseWriter, timeout time.Duration) *stream {
	return &stream{w: w, rc: http.NewResponseController(w), timeout: timeout, buf: make([]byte, 0, 1024)}
}

// send writes p and flushes it. p usually aliases s.buf; keeping the grown
// slice lets the next event reuse it, unless a large replay inflated it.
func (s *stream) send(p []byte) error {
	if cap(p) <= maxKeptBuffer {
		s.buf = p[:0]
	} else {
		s.buf = make([]byte, 0, 1024)
	}
	_ = s.rc.SetWriteDeadline(time.Now().Add(s.timeout))
	if _, err := s.w.Write(p); err != nil {
		return err
	}
	return s.rc.Flush()
}

// release clears the write deadline so it cannot outlive the stream on a
// kept-alive connection whose server sets none of its own.
func (s *stream) release() {
	_ = s.rc.SetWriteDeadline(time.Time{})
}
