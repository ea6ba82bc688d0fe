package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/testenv"
)

// testNode is a parley server running Build and Serve on a loopback port,
// as `parley serve` would.
type testNode struct {
	srv *Server
	url string
}

// startNode serves a node configured by env (PARLEY_* variables; a fresh
// SQLite file, no demo and no rate limits unless env says otherwise) until
// the test ends.
func startNode(t *testing.T, env map[string]string, opts buildOptions) *testNode {
	t.Helper()
	n, stop := startNodeManual(t, env, opts)
	t.Cleanup(stop)
	return n
}

// startNodeManual is startNode with the shutdown left to the caller; stop
// ends Serve, waits for it and releases the node, and is safe to call twice.
func startNodeManual(t *testing.T, env map[string]string, opts buildOptions) (*testNode, func()) {
	t.Helper()
	dir := t.TempDir()
	vars := map[string]string{
		"PARLEY_DATA_DIR":    dir,
		"PARLEY_NO_DEMO":     "true",
		"PARLEY_RATE_LIMITS": "off",
		"PARLEY_VIEW_FLUSH":  "1h",
		"PARLEY_ADDR":        "127.0.0.1:0",
	}
	for k, v := range env {
		vars[k] = v
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg, _, err := config.Load(fs, nil, func(k string) string { return vars[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	testenv.RanOnDatabase(t, cfg.DatabaseURL)
	if opts.open == nil {
		opts.open = openBus
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := buildWith(context.Background(), cfg, logger, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, time.Now()) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	}
	return &testNode{srv: srv, url: "http://" + ln.Addr().String()}, stop
}

// sqliteFile is a database URL for a node of its own.
func sqliteFile(t *testing.T) string { return filepath.Join(t.TempDir(), "parley.db") }

// fixture is a subtopic, a tag, an asker with a thread and a replier with
// an API token.
type fixture struct {
	threadID int64
	token    string
}

func seed(t *testing.T, srv *Server) fixture {
	t.Helper()
	ctx := context.Background()
	st := srv.Store
	topic := &forum.Topic{Title: "Testing", Slug: "testing"}
	if err := st.CreateTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSubtopic(ctx, &forum.Subtopic{TopicID: topic.ID, Title: "General", Slug: "general", Description: "Anything."}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateTag(ctx, &forum.Tag{Name: "alpha"}); err != nil {
		t.Fatal(err)
	}
	user := func(name string) *forum.User {
		u, err := srv.Service.CreateUser(ctx, forum.SignUpInput{Username: name, Email: name + "@example.com", Password: "correct horse battery"}, forum.RoleMember, "")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	asker, replier := user("asker"), user("replier")
	w, err := srv.Service.CreateThread(ctx, asker, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{
		Title: "Why does the watchdog reset the board", Subtopic: "general", Tags: []string{"alpha"},
		Body: "The board resets every few minutes while the radio is idle. What should I check first?"})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := srv.Service.CreateToken(ctx, replier, "test")
	if err != nil {
		t.Fatal(err)
	}
	return fixture{threadID: w.ThreadID, token: secret}
}

// apiCall sends a JSON request with the token and decodes the answer.
func apiCall(t *testing.T, method, url, token string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
	return res.StatusCode
}

// postReply replies through the API as the fixture's replier and returns
// the new post's id.
func postReply(t *testing.T, baseURL string, fx fixture, body string) int64 {
	t.Helper()
	var created struct {
		ID int64 `json:"id"`
	}
	url := fmt.Sprintf("%s/api/threads/%d/replies", baseURL, fx.threadID)
	if code := apiCall(t, "POST", url, fx.token, map[string]any{"body": body}, &created); code != http.StatusCreated {
		t.Fatalf("reply: status %d", code)
	}
	return created.ID
}

// sseEvent is one parsed Server-Sent Event.
type sseEvent struct {
	id, name, data string
}

// sseStream reads events from an open /api/live response.
type sseStream struct {
	res *http.Response
	rd  *bufio.Reader
}

// openStream subscribes to path on baseURL; the subscription is in place
// once it returns, because the server answers only after registering it.
// ctx bounds every later read.
func openStream(t *testing.T, ctx context.Context, baseURL, path string, header http.Header) *sseStream {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", baseURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		t.Fatalf("GET %s: status %d: %s", path, res.StatusCode, b)
	}
	t.Cleanup(func() { res.Body.Close() })
	return &sseStream{res: res, rd: bufio.NewReader(res.Body)}
}

// next returns the next event, skipping comments and the retry field; an
// error means the stream ended or its context expired.
func (s *sseStream) next() (sseEvent, error) {
	var ev sseEvent
	var data []string
	for {
		line, err := s.rd.ReadString('\n')
		if err != nil {
			return ev, err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			if ev.name != "" || len(data) > 0 {
				ev.data = strings.Join(data, "\n")
				return ev, nil
			}
		case strings.HasPrefix(line, ":"), strings.HasPrefix(line, "retry:"):
		case strings.HasPrefix(line, "id: "):
			ev.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		}
	}
}

// waitFor reads until an event named name arrives.
func (s *sseStream) waitFor(t *testing.T, name string) sseEvent {
	t.Helper()
	for {
		ev, err := s.next()
		if err != nil {
			t.Fatalf("waiting for a %q event: %v", name, err)
		}
		if ev.name == name {
			return ev
		}
	}
}

// payload decodes an event's JSON data.
func (e sseEvent) payload(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(e.data), &m); err != nil {
		t.Fatalf("event %s data %q: %v", e.name, e.data, err)
	}
	return m
}
