package httpx

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAccessLog(t *testing.T) {
	cases := []struct {
		name    string
		h       http.HandlerFunc
		status  float64
		bytes   float64
		aborted bool
	}{
		{"implicit 200", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }, 200, 5, false},
		{"no write", func(w http.ResponseWriter, r *http.Request) {}, 200, 0, false},
		{"404", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, 404, 19, false},
		{"abort", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("partial"))
			panic(http.ErrAbortHandler)
		}, 200, 7, true},
		{"abort before writing", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }, 0, 0, true},
	}
	for _, c := range cases {
		var sink logSink
		h := Chain(c.h, RequestID, AccessLog(sink.logger()))
		req := httptest.NewRequest("POST", "/t/42?x=1", nil)
		req.Header.Set(RequestIDHeader, "rid-1")
		func() {
			defer func() { recover() }()
			h.ServeHTTP(httptest.NewRecorder(), req)
		}()
		lines := sink.lines(t)
		if len(lines) != 1 {
			t.Fatalf("%s: %d log lines; want 1", c.name, len(lines))
		}
		l := lines[0]
		if l["level"] != "INFO" || l["method"] != "POST" || l["path"] != "/t/42" || l["request_id"] != "rid-1" {
			t.Errorf("%s: line %v", c.name, l)
		}
		if l["status"] != c.status || l["bytes"] != c.bytes {
			t.Errorf("%s: status %v bytes %v; want %v %v", c.name, l["status"], l["bytes"], c.status, c.bytes)
		}
		if _, ok := l["duration"]; !ok {
			t.Errorf("%s: no duration", c.name)
		}
		if (l["aborted"] == true) != c.aborted {
			t.Errorf("%s: aborted=%v; want %v", c.name, l["aborted"], c.aborted)
		}
	}
}

// Informational responses need a real server: httptest.ResponseRecorder
// treats the first WriteHeader as final.
func TestAccessLogInformational(t *testing.T) {
	var sink logSink
	srv := httptest.NewServer(AccessLog(sink.logger())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</app.css>; rel=preload; as=style")
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte("ok"))
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("client saw %d", resp.StatusCode)
	}
	l := sink.lines(t)
	if len(l) != 1 || l[0]["status"] != 201.0 || l[0]["bytes"] != 2.0 {
		t.Fatalf("log %v; want status 201, bytes 2", l)
	}
}
