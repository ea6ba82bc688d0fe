package api

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/parley-forum/parley/internal/faults"
	"github.com/parley-forum/parley/internal/forum"
)

// withFaults puts a fault-injecting wrapper between the Service and the
// store; the harness keeps seeding through the real store.
func withFaults(f **faults.Store) harnessOption {
	return func(c *forum.Config) {
		*f = faults.Wrap(c.Store.(forum.Store)) // the harness passes the whole store
		c.Store = *f
	}
}

// TestCommittedWriteAnswersSuccess makes every read fail from the moment
// each write commits, as a dropped connection or a killed backend does.
// A write that committed must still answer success with the right body
// (what a read afterwards returns), or a retrying client writes it twice.
func TestCommittedWriteAnswersSuccess(t *testing.T) {
	var f *faults.Store
	h := newHarness(t, withFaults(&f))
	ctx := context.Background()
	w := h.thread("alice", "Sockets closing after resume", "bob")
	replyID := h.postID(w.ThreadID, 2)

	// sameJSON checks that the write's answer equals a later read.
	sameJSON := func(t *testing.T, name string, got, want any) {
		t.Helper()
		g, _ := json.Marshal(got)
		x, _ := json.Marshal(want)
		if string(g) != string(x) {
			t.Errorf("%s: the answer differs from the stored row\nanswer %s\nstored %s", name, g, x)
		}
	}
	readPost := func(t *testing.T, id int64) PostDTO {
		t.Helper()
		var p PostDTO
		h.must(http.StatusOK, req{method: "GET", path: "/api/posts/" + itoa(id)}).decode(t, &p)
		return p
	}
	readThread := func(t *testing.T, id int64) ThreadDTO {
		t.Helper()
		th, err := h.st.Thread(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return h.api.thread(th)
	}
	// write arms the fault, runs the request, heals and returns the answer.
	write := func(t *testing.T, want int, rq req) *response {
		t.Helper()
		before := f.Writes()
		f.FailReadsAfterNextWrite()
		res := h.do(rq)
		f.Heal()
		if f.Writes() != before+1 {
			t.Fatalf("%s %s: %d writes committed, want 1", rq.method, rq.path, f.Writes()-before)
		}
		if res.status != want {
			t.Fatalf("%s %s after its commit: status %d, want %d; body %s", rq.method, rq.path, res.status, want, res.body)
		}
		return res
	}

	t.Run("thread", func(t *testing.T) {
		var out CreatedThreadDTO
		write(t, http.StatusCreated, req{method: "POST", path: "/api/threads", as: "bob", body: map[string]any{
			"title": "Background upload never finishes", "subtopic": "networking", "tags": []string{"swift", "urlsession"},
			"body": "The upload task stays **running** forever."}}).decode(t, &out)
		sameJSON(t, "thread", out.Thread, readThread(t, out.ID))
		if out.PostID != out.Thread.FirstPostID || out.PostID == 0 {
			t.Errorf("post_id %d, first_post_id %d", out.PostID, out.Thread.FirstPostID)
		}
	})
	t.Run("reply", func(t *testing.T) {
		var out CreatedReplyDTO
		write(t, http.StatusCreated, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "maria",
			body: map[string]any{"body": "Check the `timeoutIntervalForResource`."}}).decode(t, &out)
		if out.Number != 3 || out.ThreadID != w.ThreadID {
			t.Errorf("number %d thread %d, want 3 in %d", out.Number, out.ThreadID, w.ThreadID)
		}
		sameJSON(t, "reply", out.Post, readPost(t, out.ID))
	})
	t.Run("edit", func(t *testing.T) {
		var out PostDTO
		write(t, http.StatusOK, req{method: "PATCH", path: "/api/posts/" + itoa(w.PostID), as: "alice",
			body: map[string]any{"title": "Sockets closing after resume on iOS", "body": "It happens on *every* resume."}}).decode(t, &out)
		sameJSON(t, "edit", out, readPost(t, w.PostID))
	})
	t.Run("boost", func(t *testing.T) {
		var out BoostDTO
		write(t, http.StatusOK, req{method: "PUT", path: "/api/posts/" + itoa(replyID) + "/boost", as: "alice"}).decode(t, &out)
		if out.Boosts != 1 || !out.Boosted {
			t.Errorf("boost answer %+v", out)
		}
	})
	t.Run("accept", func(t *testing.T) {
		var out ThreadDTO
		write(t, http.StatusOK, req{method: "PUT", path: "/api/threads/" + itoa(w.ThreadID) + "/accepted", as: "alice",
			body: map[string]any{"post_id": replyID}}).decode(t, &out)
		sameJSON(t, "accept", out, readThread(t, w.ThreadID))
	})
	t.Run("recommend", func(t *testing.T) {
		var out PostDTO
		write(t, http.StatusOK, req{method: "PUT", path: "/api/posts/" + itoa(replyID) + "/recommended", as: "carol"}).decode(t, &out)
		sameJSON(t, "recommend", out, readPost(t, replyID))
	})
	t.Run("token", func(t *testing.T) {
		var out NewTokenDTO
		write(t, http.StatusCreated, req{method: "POST", path: "/api/tokens", as: "alice", body: map[string]any{"name": "deploy", "current_password": testPassword}}).decode(t, &out)
		var me MeDTO
		h.must(http.StatusOK, req{method: "GET", path: "/api/me", token: out.Token}).decode(t, &me)
		if me.Username != "alice" || out.Name != "deploy" || out.ID == 0 {
			t.Errorf("token %+v used as %q", out.TokenDTO, me.Username)
		}
	})
}
