package live

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitLimit bounds every wait in these tests. It is a hang guard, never a
// performance threshold: a passing run finishes far sooner.
const waitLimit = 10 * time.Second

// sseEvent is one parsed block of an event stream.
type sseEvent struct {
	ID, Type, Data, Retry string
	HasData, Comment      bool
}

// sseReader parses text/event-stream the way a browser does: lines end at
// CR, LF or CRLF, data lines are joined with LF, and a blank line ends a
// block.
type sseReader struct{ br *bufio.Reader }

func newSSEReader(r *bufio.Reader) *sseReader { return &sseReader{br: r} }

func (r *sseReader) line() (string, error) {
	var sb strings.Builder
	for {
		c, err := r.br.ReadByte()
		if err != nil {
			return sb.String(), err
		}
		switch c {
		case '\n':
			return sb.String(), nil
		case '\r':
			if next, err := r.br.Peek(1); err == nil && next[0] == '\n' {
				_, _ = r.br.ReadByte()
			}
			return sb.String(), nil
		}
		sb.WriteByte(c)
	}
}

func (r *sseReader) next() (sseEvent, error) {
	var ev sseEvent
	var data []string
	seen := false
	for {
		l, err := r.line()
		if err != nil {
			return ev, err
		}
		if l == "" {
			if !seen {
				continue
			}
			ev.Data = strings.Join(data, "\n")
			return ev, nil
		}
		seen = true
		if strings.HasPrefix(l, ":") {
			ev.Comment = true
			continue
		}
		field, value, _ := strings.Cut(l, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			ev.ID = value
		case "event":
			ev.Type = value
		case "data":
			ev.HasData = true
			data = append(data, value)
		case "retry":
			ev.Retry = value
		}
	}
}

// nextEvent skips heartbeats and the retry block.
func (r *sseReader) nextEvent(t *testing.T) sseEvent {
	t.Helper()
	for {
		ev, err := r.next()
		if err != nil {
			t.Fatalf("read event: %v", err)
		}
		if ev.HasData {
			return ev
		}
	}
}

func topicFromPath(r *http.Request) (string, error) {
	topic := strings.TrimPrefix(r.URL.Path, "/t/")
	if topic == "" || topic == r.URL.Path {
		return "", errors.New("no topic in path")
	}
	return topic, nil
}

// newTestBroker serves a broker over real HTTP and shuts both down at the
// end of the test.
func newTestBroker(t *testing.T, opts BrokerOptions) (*Broker, *httptest.Server) {
	t.Helper()
	b := NewBroker(opts)
	srv := httptest.NewUnstartedServer(b.Handler(topicFromPath))
	return b, startServer(t, b, srv)
}

func startServer(t *testing.T, b *Broker, srv *httptest.Server) *httptest.Server {
	t.Helper()
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(b.Shutdown)
	return srv
}

// get opens a stream; the caller checks the status.
func get(t *testing.T, srv *httptest.Server, path string, header http.Header) *http.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// openStream opens a stream and reads its first block (the retry field),
// which the broker writes only after registering the client, so events
// delivered afterwards are certain to reach it.
func openStream(t *testing.T, srv *httptest.Server, path string, header http.Header) (*http.Response, *sseReader) {
	t.Helper()
	resp := get(t, srv, path, header)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	r := newSSEReader(bufio.NewReader(resp.Body))
	ev, err := r.next()
	if err != nil {
		t.Fatalf("read retry: %v", err)
	}
	if ev.Retry != "3000" {
		t.Fatalf("first block = %+v, want retry: 3000", ev)
	}
	return resp, r
}

// waitUntil polls cond; the limit only guards against hanging.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func msg(topic, typ string, n int) Message {
	return Message{Topic: topic, Type: typ, Data: []byte(`{"n":` + strconv.Itoa(n) + `}`)}
}
