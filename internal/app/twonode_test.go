package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/store/storetest"
	"github.com/parley-forum/parley/internal/testenv"
)

// TestTwoNodesShareLiveUpdates runs two nodes on one PostgreSQL database,
// as behind a load balancer: a reply posted through node A reaches a
// browser watching the thread on node B within a second, in both fan-out
// modes, and node B's cached copy of the thread is refreshed with it.
func TestTwoNodesShareLiveUpdates(t *testing.T) {
	modes := []struct {
		name string
		env  func(t *testing.T) map[string]string
	}{
		{"postgres-listen-notify", func(t *testing.T) map[string]string { return nil }},
		{"nats", func(t *testing.T) map[string]string {
			url := testenv.NATSServer(t)
			var b [6]byte
			_, _ = rand.Read(b[:])
			// A subject of its own, so concurrent runs never hear each other.
			return map[string]string{"PARLEY_NATS_URL": url, "PARLEY_NATS_SUBJECT": "parley.test." + hex.EncodeToString(b[:])}
		}},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			env := mode.env(t)
			if env == nil {
				env = map[string]string{}
			}
			env["PARLEY_DATABASE_URL"] = storetest.PostgresURL(t)
			a := startNode(t, env, buildOptions{})
			b := startNode(t, env, buildOptions{})
			wantKind := "postgres"
			if env["PARLEY_NATS_URL"] != "" {
				wantKind = "nats"
			}
			if a.srv.live.kind != wantKind || b.srv.live.kind != wantKind {
				t.Fatalf("fan-out %s/%s, want %s", a.srv.live.kind, b.srv.live.kind, wantKind)
			}
			fx := seed(t, a.srv)
			twinURL := threadTwin(t, b.url, fx.threadID)
			before := get(t, twinURL) // node B now has the thread cached

			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			thread := openStream(t, ctx, b.url, fmt.Sprintf("/api/live?thread=%d", fx.threadID), nil)
			list := openStream(t, ctx, b.url, "/api/live?list=c/general", nil)

			// The bound: a second from the write on A to the event
			// on B. It covers a network round trip through the bus, far
			// from the limit on a loaded machine.
			start := time.Now()
			postID := postReply(t, a.url, fx, "Replied on node A, watched on node B.")
			deadline, stop := context.WithTimeout(ctx, time.Second)
			defer stop()
			go func() { <-deadline.Done(); thread.res.Body.Close() }()
			ev := thread.waitFor(t, "reply")
			if p := ev.payload(t); p["post_id"] != float64(postID) {
				t.Fatalf("node B got %s, want post %d", ev.data, postID)
			}
			if deadline.Err() != nil {
				t.Fatal("the event reached node B after more than a second")
			}
			t.Logf("reply posted on A and its event read on B in %v", time.Since(start).Round(time.Microsecond))
			if p := list.waitFor(t, "thread").payload(t); p["thread_id"] != float64(fx.threadID) {
				t.Fatalf("node B's subtopic stream got %v", p)
			}

			after := get(t, twinURL)
			if after == before || !strings.Contains(after, fmt.Sprintf(`"id":%d`, postID)) {
				t.Fatalf("node B still serves the thread without post %d", postID)
			}
		})
	}
}

// threadTwin follows a thread's short link on baseURL to its JSON twin.
func threadTwin(t *testing.T, baseURL string, id int64) string {
	t.Helper()
	res, err := http.Get(fmt.Sprintf("%s/t/%d", baseURL, id))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("thread %d: status %d", id, res.StatusCode)
	}
	return baseURL + res.Request.URL.Path + ".json"
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, res.StatusCode)
	}
	return string(b)
}
