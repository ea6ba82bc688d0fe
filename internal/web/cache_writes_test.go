package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// TestWritesShowWhereRequired pins what "at once" means for the page
// cache: a reply (new content, a bump) is on the next signed-out request;
// a boost is on the next request of its author, signed in or sending the
// token the boost was made with, while signed-out copies may lag by the
// stale window.
func TestWritesShowWhereRequired(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	ctx := context.Background()
	author := f.CreateUser("author", forum.RoleMember, "")
	booster := f.CreateUser("booster", forum.RoleMember, "")
	w, err := f.Service().CreateThread(ctx, author, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "Cached thread under writes", Subtopic: "general", Body: "The opening post of the thread."})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := f.Service().CreateToken(ctx, booster, "script")
	if err != nil {
		t.Fatal(err)
	}
	anon := f.NewClient()
	latest := func(c *forumtest.Client, token string) (replies, boosts int, xcache string) {
		t.Helper()
		req, _ := http.NewRequest("GET", f.URL+"/latest.json", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res := c.Do(req)
		var out struct {
			Threads []struct {
				ID      int64 `json:"id"`
				Replies int   `json:"reply_count"`
				Boosts  int   `json:"boosts"`
			}
		}
		if err := json.Unmarshal([]byte(res.Body), &out); err != nil {
			t.Fatalf("latest.json: %v", err)
		}
		for _, th := range out.Threads {
			if th.ID == w.ThreadID {
				return th.Replies, th.Boosts, res.Header.Get("X-Cache")
			}
		}
		t.Fatal("thread not on /latest.json")
		return
	}
	latest(anon, "") // cached now
	if _, _, x := latest(anon, ""); x != "hit" {
		t.Fatalf("second signed-out read: X-Cache %q, want hit", x)
	}

	// A boost made with a token: the token's next read is fresh.
	req, _ := http.NewRequest("PUT", f.URL+"/api/posts/"+strconv.FormatInt(w.PostID, 10)+"/boost", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if res := anon.Do(req); res.StatusCode != http.StatusOK {
		t.Fatalf("boost: %d %s", res.StatusCode, res.Body)
	}
	if _, boosts, x := latest(anon, token); boosts != 1 || x != "" {
		t.Errorf("the booster's own read: %d boosts (X-Cache %q), want 1 from a fresh render", boosts, x)
	}

	// A reply: the next signed-out read shows it.
	if _, err := f.Service().Reply(ctx, author, forum.Client{IP: "192.0.2.1"}, w.ThreadID, forum.ReplyInput{Body: "A reply that bumps the thread."}); err != nil {
		t.Fatal(err)
	}
	if replies, boosts, x := latest(anon, ""); replies != 1 || boosts != 1 || x != "miss" {
		t.Errorf("signed-out read after a reply: %d replies, %d boosts, X-Cache %q; want 1, 1, miss", replies, boosts, x)
	}
	// The thread page too, for a signed-in member: its shared rendering
	// was dropped by the reply like the signed-out one.
	member := f.NewClient()
	member.SignUp("member")
	if res := member.Get("/t/cached-thread-under-writes/" + strconv.FormatInt(w.ThreadID, 10)); res.Header.Get("X-Cache") == "hit" || !strings.Contains(res.Body, "A reply that bumps the thread.") {
		t.Errorf("signed-in thread page after a reply: X-Cache %q", res.Header.Get("X-Cache"))
	}
}
