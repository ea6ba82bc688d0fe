package app

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/live"
)

// TestLiveReplyReachesThreadStream is the single-node path on SQLite with
// the in-process bus: a reply posted through the API arrives on the
// thread's stream, its list streams hear about the bumped thread, and the
// stream is neither compressed nor cached on the way.
func TestLiveReplyReachesThreadStream(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	fx := seed(t, n.srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// A browser asking for compression must still get a plain stream:
	// compressing it would hold events back in the compressor.
	thread := openStream(t, ctx, n.url, fmt.Sprintf("/api/live?thread=%d", fx.threadID), http.Header{"Accept-Encoding": {"br, gzip"}})
	if ce := thread.res.Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("event stream sent with Content-Encoding %q", ce)
	}
	if ct := thread.res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := thread.res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	latest := openStream(t, ctx, n.url, "/api/live?list=latest", nil)
	sub := openStream(t, ctx, n.url, "/api/live?list=c/general", nil)
	tag := openStream(t, ctx, n.url, "/api/live?list=tags/alpha", nil)

	postID := postReply(t, n.url, fx, "Check the brown-out detector threshold first.")

	ev := thread.waitFor(t, "reply")
	p := ev.payload(t)
	if p["kind"] != "reply" || p["post_id"] != float64(postID) || p["thread_id"] != float64(fx.threadID) {
		t.Errorf("reply event data %s, want post %d of thread %d", ev.data, postID, fx.threadID)
	}
	if ev.id == "" {
		t.Error("reply event has no id, so browsers could not resume after it")
	}
	for name, s := range map[string]*sseStream{"latest": latest, "subtopic": sub, "tag": tag} {
		ev := s.waitFor(t, "thread")
		if p := ev.payload(t); p["kind"] != "reply" || p["thread_id"] != float64(fx.threadID) {
			t.Errorf("%s list event data %s", name, ev.data)
		}
	}

	// A boost reaches the thread with the new count.
	var boosted struct {
		Boosts int `json:"boosts"`
	}
	asker := tokenFor(t, n.srv, "asker")
	if code := apiCall(t, "PUT", fmt.Sprintf("%s/api/posts/%d/boost", n.url, postID), asker, nil, &boosted); code != http.StatusOK {
		t.Fatalf("boost: status %d", code)
	}
	ev = thread.waitFor(t, "boost")
	if p := ev.payload(t); p["post_id"] != float64(postID) || p["count"] != float64(1) {
		t.Errorf("boost event data %s, want count 1 for post %d", ev.data, postID)
	}
}

func tokenFor(t *testing.T, srv *Server, username string) string {
	t.Helper()
	u, err := srv.Store.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := srv.Service.CreateToken(context.Background(), u, "extra")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// TestLiveResumeFromLastEventID reconnects after missing a reply and gets
// it replayed from the broker's history.
func TestLiveResumeFromLastEventID(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	fx := seed(t, n.srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path := fmt.Sprintf("/api/live?thread=%d", fx.threadID)

	first, firstCancel := context.WithCancel(ctx)
	s := openStream(t, first, n.url, path, nil)
	postReply(t, n.url, fx, "First answer: measure the supply rail.")
	seen := s.waitFor(t, "reply")
	firstCancel() // the browser goes away

	missed := postReply(t, n.url, fx, "Second answer: the watchdog window is too short.")
	s = openStream(t, ctx, n.url, path, http.Header{"Last-Event-ID": {seen.id}})
	ev := s.waitFor(t, "reply")
	if p := ev.payload(t); p["post_id"] != float64(missed) {
		t.Fatalf("replayed %s, want the missed post %d", ev.data, missed)
	}
	if ev.id <= seen.id {
		t.Fatalf("replayed id %q is not after %q", ev.id, seen.id)
	}
}

// TestLiveHeartbeat sees the keep-alive comment on an idle stream. The
// interval is shortened so the test does not wait the default 20 s.
func TestLiveHeartbeat(t *testing.T) {
	n := startNode(t, nil, buildOptions{broker: live.BrokerOptions{Heartbeat: 50 * time.Millisecond}})
	fx := seed(t, n.srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s := openStream(t, ctx, n.url, fmt.Sprintf("/api/live?thread=%d", fx.threadID), nil)
	for {
		line, err := s.rd.ReadString('\n')
		if err != nil {
			t.Fatalf("no heartbeat: %v", err)
		}
		if strings.HasPrefix(line, ": ") {
			return
		}
	}
}

// TestLivePerIPCap refuses the stream past the per-address limit with 429
// and admits one again when a stream closes.
func TestLivePerIPCap(t *testing.T) {
	n := startNode(t, nil, buildOptions{broker: live.BrokerOptions{MaxPerIP: 3}})
	fx := seed(t, n.srv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path := fmt.Sprintf("%s/api/live?thread=%d", n.url, fx.threadID)
	first, closeFirst := context.WithCancel(ctx)
	openStream(t, first, n.url, strings.TrimPrefix(path, n.url), nil)
	for i := 0; i < 2; i++ {
		openStream(t, ctx, n.url, strings.TrimPrefix(path, n.url), nil)
	}
	if code := status(t, ctx, path); code != http.StatusTooManyRequests {
		t.Fatalf("stream past the cap: status %d, want 429", code)
	}
	closeFirst()
	// The server notices the closed stream asynchronously; wait for the
	// slot, not for a fixed time.
	for n.srv.live.broker.Clients() > 2 {
		select {
		case <-ctx.Done():
			t.Fatal("closed stream was never released")
		case <-time.After(10 * time.Millisecond):
		}
	}
	openStream(t, ctx, n.url, strings.TrimPrefix(path, n.url), nil)
}

func status(t *testing.T, ctx context.Context, url string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestLiveParameters checks the answers to malformed and unknown streams:
// JSON errors with stable codes, never a stream.
func TestLiveParameters(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	fx := seed(t, n.srv)
	cases := []struct {
		query string
		code  int
		field string
	}{
		{"", http.StatusBadRequest, ""},
		{fmt.Sprintf("thread=%d&list=latest", fx.threadID), http.StatusBadRequest, ""},
		{"thread=abc", http.StatusBadRequest, "thread"},
		{"thread=-1", http.StatusBadRequest, "thread"},
		{"thread=", http.StatusBadRequest, "thread"},
		{"thread=99999999", http.StatusNotFound, ""},
		{"list=", http.StatusBadRequest, "list"},
		{"list=oldest", http.StatusBadRequest, "list"},
		{"list=c/", http.StatusBadRequest, "list"},
		{"list=c/no-such-subtopic", http.StatusNotFound, ""},
		{"list=tags/no-such-tag", http.StatusNotFound, ""},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			res, err := http.Get(n.url + "/api/live?" + c.query)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.code {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.code, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q, want JSON", ct)
			}
			if c.field != "" && !strings.Contains(string(body), `"`+c.field+`":`) {
				t.Fatalf("error does not name field %q: %s", c.field, body)
			}
		})
	}
	res, err := http.Post(n.url+"/api/live?list=latest", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST /api/live: status %d, want 405", res.StatusCode)
	}
}

// TestShutdownTellsStreamsToReconnect ends a node with a stream open: the
// browser is told to reconnect and Serve returns without waiting out the
// shutdown timeout for the stream.
func TestShutdownTellsStreamsToReconnect(t *testing.T) {
	n, stop := startNodeManual(t, map[string]string{"PARLEY_SHUTDOWN_TIMEOUT": "10m"}, buildOptions{})
	defer stop()
	fx := seed(t, n.srv)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := openStream(t, ctx, n.url, fmt.Sprintf("/api/live?thread=%d", fx.threadID), nil)
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	s.waitFor(t, "reconnect")
	select {
	case <-stopped:
	case <-ctx.Done():
		t.Fatal("Serve kept waiting for the event stream")
	}
}

// TestMessagesFor pins which streams each domain event reaches.
func TestMessagesFor(t *testing.T) {
	base := forum.Event{ThreadID: 7, PostID: 9, Subtopic: "general", Tags: []string{"alpha", "beta"}}
	with := func(k forum.EventKind, count int) forum.Event { e := base; e.Kind, e.Count = k, count; return e }
	lists := []string{"list:latest", "list:c/general", "list:tags/alpha", "list:tags/beta"}
	cases := []struct {
		event  forum.Event
		topics []string
		data   string // a fragment of the thread message's data
	}{
		{with(forum.EventThreadCreated, 0), append([]string{"thread:7"}, lists...), `"kind":"thread"`},
		{with(forum.EventReplyCreated, 0), append([]string{"thread:7"}, lists...), `"post_id":9`},
		{with(forum.EventPostEdited, 0), []string{"thread:7"}, `"kind":"edit"`},
		{with(forum.EventPostDeleted, 0), []string{"thread:7"}, `"kind":"delete"`},
		{with(forum.EventBoost, 0), []string{"thread:7"}, `"count":0`}, // an unboost to zero still says so
		{with(forum.EventAccepted, 0), []string{"thread:7"}, `"kind":"accepted"`},
		{with(forum.EventRecommended, 0), []string{"thread:7"}, `"kind":"recommended"`},
		{forum.Event{Kind: forum.EventSettingsChanged}, []string{"site"}, `"kind":"settings"`},
		{forum.Event{Kind: forum.EventAccountChanged, UserID: 3}, []string{"account:3"}, ""},
		{with(forum.EventThreadControl, 0), []string{"thread:7"}, `"subtopic":"general"`},
		{forum.Event{Kind: forum.EventTaxonomy}, []string{"site"}, `"kind":"taxonomy"`},
	}
	for _, c := range cases {
		t.Run(string(c.event.Kind), func(t *testing.T) {
			ms, err := messagesFrom(c.event, "")
			if err != nil {
				t.Fatal(err)
			}
			var topics []string
			for _, m := range ms {
				topics = append(topics, m.Topic)
			}
			if strings.Join(topics, " ") != strings.Join(c.topics, " ") {
				t.Fatalf("topics %v, want %v", topics, c.topics)
			}
			if len(ms) > 0 && !strings.Contains(string(ms[0].Data), c.data) {
				t.Fatalf("thread data %s lacks %s", ms[0].Data, c.data)
			}
			if from, kind, ok := siteEventOf(ms[0]); ok {
				// Every node drops its whole page cache on a site message.
				if from != "" || kind != c.event.Kind {
					t.Fatalf("siteEventOf = %q, %q", from, kind)
				}
				return
			}
			if len(ms) > 0 && c.event.ThreadID != 0 {
				// Every node rebuilds the event for cache invalidation.
				e, _, ok, err := eventOf(ms[0])
				if !ok || err != nil || e.ThreadID != 7 || e.Subtopic != "general" || len(e.Tags) != 2 {
					t.Fatalf("eventOf = %+v, %v", e, ok)
				}
			}
		})
	}
}

// TestStreamOutlivesWriteTimeout: the server's WriteTimeout, sized for
// ordinary responses, must not cut streams short; the broker moves the
// write deadline forward through every wrapper of the middleware chain.
func TestStreamOutlivesWriteTimeout(t *testing.T) {
	n := startNode(t, nil, buildOptions{broker: live.BrokerOptions{Heartbeat: 20 * time.Millisecond}})
	fx := seed(t, n.srv)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const writeTimeout = 100 * time.Millisecond
	hs := &http.Server{Handler: n.srv.Handler, WriteTimeout: writeTimeout}
	go hs.Serve(ln)
	defer hs.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s := openStream(t, ctx, "http://"+ln.Addr().String(), fmt.Sprintf("/api/live?thread=%d", fx.threadID), nil)
	start := time.Now()
	for beats := 0; time.Since(start) < 4*writeTimeout; {
		line, err := s.rd.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended after %v and %d heartbeats: %v", time.Since(start), beats, err)
		}
		if strings.HasPrefix(line, ": ") {
			beats++
		}
	}
}
