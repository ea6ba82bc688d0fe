package live

import (
	"math/rand/v2"
	"net"
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
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if conn := takeOver(w, r); conn != nil {
		b.serveConn(conn, r.Method == http.MethodHead, h, c, replay, reset)
		return
	}
	defer b.unregister(c)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	s := newStream(w, b.opts.WriteTimeout)
	defer s.release()
	if s.send(b.opening(s.buf[:0], replay, reset)) != nil {
		return
	}
	b.pump(r.Context().Done(), s, c)
}

// opening is what a stream starts with: the reconnection delay, a reset
// when history cannot fill the gap, and the events the browser missed.
func (b *Broker) opening(buf []byte, replay []Message, reset bool) []byte {
	buf = appendRetry(buf, b.opts.Retry)
	if reset {
		buf = appendControl(buf, "reset")
	}
	for _, m := range replay {
		buf = appendEvent(buf, m)
	}
	return buf
}

// takeOver takes an HTTP/1.1 connection over from the server for a
// stream, or returns nil where that is not possible (HTTP/2, recorders),
// and the stream is then served through the ResponseWriter.
//
// A stream held through net/http keeps, for as long as it is open, the
// connection's 4 KiB read and write buffers, a 2 KiB chunking buffer, the
// handler's goroutine with the stack of every middleware it ran through
// and a second goroutine watching for the client to leave: 64 KiB of
// resident memory each, measured with 10,000 streams. On a taken-over connection the handler returns, those are freed,
// and the stream is one shallow goroutine writing to the socket, one
// blocked reading it and a small buffer (see BENCHMARKS.md, "SSE fan-out").
func takeOver(w http.ResponseWriter, r *http.Request) net.Conn {
	if r.ProtoMajor != 1 || r.ProtoMinor < 1 {
		return nil
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil
	}
	// The server's read and write deadlines were for the request; a
	// stream sets its own per write.
	if conn.SetDeadline(time.Time{}) != nil {
		conn.Close()
		return nil
	}
	return conn
}

// serveConn writes the response head itself (with the headers the
// middleware set), then streams on a goroutine of its own. The body is
// delimited by the connection's close, which every HTTP/1.1 client and
// proxy understands, so it needs no chunked encoding.
func (b *Broker) serveConn(conn net.Conn, head bool, h http.Header, c *client, replay []Message, reset bool) {
	s := &connStream{conn: conn, timeout: b.opts.WriteTimeout, buf: make([]byte, 0, 512)}
	buf := append(s.buf[:0], "HTTP/1.1 200 OK\r\n"...)
	hw := appendWriter{buf}
	_ = h.Write(&hw)
	buf = append(hw.b, "Connection: close\r\n\r\n"...)
	if !head {
		buf = b.opening(buf, replay, reset)
	}
	// Counted under the lock Shutdown sets closed with, so its Wait
	// never races a late Add; a stream admitted just before Shutdown has
	// already been told to end and only needs its connection closed.
	b.mu.Lock()
	closed := b.closed
	if !closed {
		b.streams.Add(1)
	}
	b.mu.Unlock()
	if closed {
		conn.Close()
		b.unregister(c)
		return
	}
	go func() {
		defer b.streams.Done()
		defer b.unregister(c)
		defer conn.Close()
		if s.send(buf) != nil || head {
			return
		}
		gone := make(chan struct{})
		go watchClose(conn, gone)
		b.pump(gone, s, c)
	}()
}

// watchClose closes gone when the client closes its end (or sends
// anything, which a stream's client never does) or the stream closes it.
func watchClose(conn net.Conn, gone chan<- struct{}) {
	var one [1]byte
	_, _ = conn.Read(one[:])
	close(gone)
}

// appendWriter lets http.Header.Write append to a slice.
type appendWriter struct{ b []byte }

func (a *appendWriter) Write(p []byte) (int, error) {
	a.b = append(a.b, p...)
	return len(p), nil
}

// sink is where a stream's bytes go: through the ResponseWriter or
// straight to a taken-over connection.
type sink interface {
	send(p []byte) error
	buffer() []byte
}

// pump relays queued events to the stream until the browser leaves (gone),
// the broker ends the stream, or its lifetime is up.
func (b *Broker) pump(gone <-chan struct{}, s sink, c *client) {
	beat := time.NewTicker(b.opts.Heartbeat)
	defer beat.Stop()
	life := b.opts.MaxLifetime
	life -= rand.N(life/10 + 1)
	expire := time.NewTimer(life)
	defer expire.Stop()

	for {
		var buf []byte
		select {
		case <-gone:
			return
		case <-expire.C:
			return
		case <-c.done:
			if c.reason == endShutdown {
				_ = s.send(appendControl(s.buffer(), "reconnect"))
			}
			return
		case <-beat.C:
			buf = append(s.buffer(), heartbeat...)
		case m := <-c.ch:
			buf = appendQueued(s.buffer(), m)
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

// keep returns the buffer a stream keeps after sending p: p's own unless
// a large replay inflated it.
func keep(p []byte) []byte {
	if cap(p) <= maxKeptBuffer {
		return p[:0]
	}
	return make([]byte, 0, 512)
}

// connStream writes to a taken-over connection under a fresh deadline per
// write, so a client that stopped reading frees its stream.
type connStream struct {
	conn    net.Conn
	timeout time.Duration
	buf     []byte
}

func (s *connStream) buffer() []byte { return s.buf[:0] }

func (s *connStream) send(p []byte) error {
	s.buf = keep(p)
	if err := s.conn.SetWriteDeadline(time.Now().Add(s.timeout)); err != nil {
		return err
	}
	_, err := s.conn.Write(p)
	return err
}

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

func (s *stream) buffer() []byte { return s.buf[:0] }

// send writes p and flushes it. p usually aliases s.buf; keeping the grown
// slice lets the next event reuse it, unless a large replay inflated it.
func (s *stream) send(p []byte) error {
	s.buf = keep(p)
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
