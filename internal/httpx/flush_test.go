package httpx

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// fullChain is the production order of the shared middleware.
func fullChain(h http.Handler, logger *slog.Logger) http.Handler {
	return Chain(h, RequestID, AccessLog(logger), Recover(logger, nil), SecurityHeaders(""), Compress, MaxBody(1<<20))
}

// TestFlushThroughChain streams two parts with a flush between them; the
// handler does not write the second part until the client has decoded the
// first, so the test can only finish if the flush reached the wire. The
// deadline only guards against hanging when flushing is broken.
func TestFlushThroughChain(t *testing.T) {
	flushers := map[string]func(http.ResponseWriter) error{
		"type assertion": func(w http.ResponseWriter) error {
			f, ok := w.(http.Flusher)
			if !ok {
				return errNotFlusher
			}
			f.Flush()
			return nil
		},
		"response controller": func(w http.ResponseWriter) error { return http.NewResponseController(w).Flush() },
	}
	types := []string{"text/html; charset=utf-8", "text/event-stream"}
	for name, flush := range flushers {
		for _, ct := range types {
			for _, accept := range []string{"br", "gzip", ""} {
				t.Run(name+"/"+ct+"/"+accept, func(t *testing.T) {
					testFlush(t, flush, ct, accept)
				})
			}
		}
	}
}

var errNotFlusher = errors.New("writer is not an http.Flusher")

func testFlush(t *testing.T, flush func(http.ResponseWriter) error, ct, accept string) {
	var sink logSink
	firstRead := make(chan struct{})
	handlerErr := make(chan error, 1)
	srv := httptest.NewServer(fullChain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		io.WriteString(w, "part one\n")
		if err := flush(w); err != nil {
			handlerErr <- err
			return
		}
		select {
		case <-firstRead:
		case <-r.Context().Done():
			handlerErr <- r.Context().Err()
			return
		}
		io.WriteString(w, "part two\n")
		handlerErr <- nil
	}), sink.logger()))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	if accept != "" {
		req.Header.Set("Accept-Encoding", accept)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	enc := resp.Header.Get("Content-Encoding")
	wantEnc := accept
	if strings.HasPrefix(ct, "text/event-stream") {
		wantEnc = ""
	}
	if enc != wantEnc {
		t.Fatalf("Content-Encoding %q; want %q", enc, wantEnc)
	}
	var body io.Reader = resp.Body
	switch enc {
	case "gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		body = zr
	case "br":
		body = brotli.NewReader(resp.Body)
	}
	br := bufio.NewReader(body)
	line, err := br.ReadString('\n')
	if err != nil || line != "part one\n" {
		t.Fatalf("first part %q, %v", line, err)
	}
	close(firstRead)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "part two\n" {
		t.Fatalf("second part %q, %v", rest, err)
	}
	if err := <-handlerErr; err != nil {
		t.Fatalf("handler: %v", err)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get(RequestIDHeader) == "" {
		t.Errorf("chain headers missing: %v", resp.Header)
	}
}

// ResponseController must reach the server's writer through every wrapper,
// for features none of them implement themselves.
func TestResponseControllerUnwrapsChain(t *testing.T) {
	var sink logSink
	errc := make(chan error, 1)
	srv := httptest.NewServer(fullChain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		errc <- http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Minute))
	}), sink.logger()))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-errc; err != nil {
		t.Fatalf("SetWriteDeadline through chain: %v", err)
	}
}

func TestFlushRecorder(t *testing.T) {
	// With nothing written, a flush must still send the headers.
	rec := httptest.NewRecorder()
	Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.(http.Flusher).Flush()
	})).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !rec.Flushed || rec.Code != 200 {
		t.Fatalf("flushed=%v code=%d", rec.Flushed, rec.Code)
	}
}
