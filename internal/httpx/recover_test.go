package httpx

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRecoverServes500WithoutStack(t *testing.T) {
	var sink logSink
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Set-Cookie", "half=done")
		panic("secret detail: db password is hunter2")
	}), RequestID, SecurityHeaders(""), Recover(sink.logger(), nil))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d; want 500", rec.Code)
	}
	body := rec.Body.String()
	if strings.TrimSpace(body) != "Internal Server Error" {
		t.Errorf("body %q; want the plain status text only", body)
	}
	for _, leak := range []string{"hunter2", "goroutine", ".go:", "panic"} {
		if strings.Contains(body, leak) {
			t.Errorf("body leaks %q", leak)
		}
	}
	h2 := rec.Header()
	if ct := h2.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q: handler's header survived", ct)
	}
	if h2.Get("ETag") != "" || h2.Get("Set-Cookie") != "" {
		t.Errorf("failed handler's headers leaked: %v", h2)
	}
	if h2.Get("Content-Security-Policy") != DefaultCSP || h2.Get(RequestIDHeader) == "" {
		t.Errorf("outer middleware headers lost: %v", h2)
	}
	if h2.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q; want no-store", h2.Get("Cache-Control"))
	}

	lines := sink.lines(t)
	if len(lines) != 1 {
		t.Fatalf("%d log lines; want 1", len(lines))
	}
	l := lines[0]
	if l["level"] != "ERROR" || !strings.Contains(l["panic"].(string), "hunter2") ||
		!strings.Contains(l["stack"].(string), "recover_test.go") || l["path"] != "/boom" || l["request_id"] == "" {
		t.Errorf("log line %v", l)
	}
}

func TestRecoverCustomHandlerAlways500(t *testing.T) {
	cases := map[string]http.HandlerFunc{
		"writes 200":     func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200); io.WriteString(w, "oops page") },
		"implicit 200":   func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "oops page") },
		"writes nothing": func(w http.ResponseWriter, r *http.Request) {},
	}
	for name, onPanic := range cases {
		var sink logSink
		h := Recover(sink.logger(), onPanic)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(errors.New("x")) }))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 500 {
			t.Errorf("%s: status %d; want 500", name, rec.Code)
		}
	}
}

func TestRecoverPassesAbortHandler(t *testing.T) {
	var sink logSink
	h := Recover(sink.logger(), nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Fatalf("recovered %v; want http.ErrAbortHandler re-panicked", p)
		}
		if len(sink.lines(t)) != 0 {
			t.Fatal("ErrAbortHandler was logged as a panic")
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

func TestRecoverAfterResponseStartedAborts(t *testing.T) {
	var sink logSink
	h := Recover(sink.logger(), nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html>half a page")
		panic("late")
	}))
	rec := httptest.NewRecorder()
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
				t.Fatalf("recovered %v; want http.ErrAbortHandler", p)
			}
		}()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	}()
	if strings.Contains(rec.Body.String(), "Internal Server Error") {
		t.Error("500 text appended to a started response")
	}
	if l := sink.lines(t); len(l) != 1 || l[0]["response_started"] != true {
		t.Errorf("log %v; want one line with response_started=true", l)
	}
}

// Through a real server: the client must see a broken response, not a
// complete-looking one, and the server must keep serving.
func TestRecoverAfterResponseStartedRealServer(t *testing.T) {
	var sink logSink
	srv := httptest.NewServer(Recover(sink.logger(), nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			io.WriteString(w, "fine")
			return
		}
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "partial")
		http.NewResponseController(w).Flush()
		panic("late")
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/late")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("client read a complete response from a handler that panicked mid-body")
	}
	resp, err = http.Get(srv.URL + "/ok")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "fine" {
		t.Fatalf("server unhealthy after abort: %q", b)
	}
}
