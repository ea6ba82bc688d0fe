package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/faults"
)

func keyed(key string) http.Header { return http.Header{IdempotencyHeader: {key}} }

// TestIdempotencyKeyReplays sends each creating request twice with one
// key: the repeat answers the original status and id and writes nothing.
func TestIdempotencyKeyReplays(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	w := h.thread("alice", "Keychain items vanish after update")

	reply := func(threadID int64, key string) (*response, CreatedReplyDTO) {
		var out CreatedReplyDTO
		res := h.must(http.StatusCreated, req{method: "POST", path: "/api/threads/" + itoa(threadID) + "/replies", as: "bob",
			body: map[string]any{"body": "Same reply, sent again after a timeout."}, header: keyed(key)})
		res.decode(t, &out)
		return res, out
	}
	first, a := reply(w.ThreadID, "6f1c2b9e-reply")
	again, b := reply(w.ThreadID, "6f1c2b9e-reply")
	if a.ID != b.ID || a.Number != b.Number || b.Post.Body != a.Post.Body {
		t.Errorf("repeat answered post %d #%d, first was %d #%d", b.ID, b.Number, a.ID, a.Number)
	}
	if first.header.Get(ReplayedHeader) != "" || again.header.Get(ReplayedHeader) != "true" {
		t.Errorf("%s: first %q, repeat %q", ReplayedHeader, first.header.Get(ReplayedHeader), again.header.Get(ReplayedHeader))
	}
	if th, _ := h.st.Thread(ctx, w.ThreadID); th.ReplyCount != 1 {
		t.Errorf("thread has %d replies after a repeated key, want 1", th.ReplyCount)
	}
	// The same key elsewhere is another write: keys count per route.
	other := h.thread("carol", "Widgets do not refresh on schedule")
	if _, c := reply(other.ThreadID, "6f1c2b9e-reply"); c.ID == a.ID {
		t.Error("the key of a reply in one thread replayed in another thread")
	}
	// Another account's use of the key is its own.
	var byMaria CreatedReplyDTO
	h.must(http.StatusCreated, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "maria",
		body: map[string]any{"body": "Mine, with the same key."}, header: keyed("6f1c2b9e-reply")}).decode(t, &byMaria)
	if byMaria.ID == a.ID {
		t.Error("another account's key replayed bob's reply")
	}

	var t1, t2 CreatedThreadDTO
	thread := map[string]any{"title": "Push tokens change on every launch", "subtopic": "notifications", "body": "Is that expected behaviour?"}
	h.must(http.StatusCreated, req{method: "POST", path: "/api/threads", as: "bob", body: thread, header: keyed("k-thread-1")}).decode(t, &t1)
	res := h.must(http.StatusCreated, req{method: "POST", path: "/api/threads", as: "bob", body: thread, header: keyed("k-thread-1")})
	res.decode(t, &t2)
	if t1.ID != t2.ID || t1.PostID != t2.PostID || res.header.Get("Location") != t1.URL {
		t.Errorf("repeated thread: %d/%d at %q, first %d/%d at %q", t2.ID, t2.PostID, res.header.Get("Location"), t1.ID, t1.PostID, t1.URL)
	}
	if u, _ := h.st.UserByID(ctx, h.users["bob"].user.ID); u.ThreadCount != 1 {
		t.Errorf("bob has %d threads after a repeated key, want 1", u.ThreadCount)
	}

	var k1, k2 NewTokenDTO
	h.must(http.StatusCreated, req{method: "POST", path: "/api/tokens", as: "alice", body: map[string]any{"name": "ci", "current_password": testPassword}, header: keyed("0b7e5a2c-token")}).decode(t, &k1)
	h.must(http.StatusCreated, req{method: "POST", path: "/api/tokens", as: "alice", body: map[string]any{"name": "ci", "current_password": testPassword}, header: keyed("0b7e5a2c-token")}).decode(t, &k2)
	if k1.ID != k2.ID || k1.Token != k2.Token || k1.Token == "" {
		t.Errorf("repeated token: %d %q, first %d %q", k2.ID, k2.Token, k1.ID, k1.Token)
	}
	var me MeDTO
	h.must(http.StatusOK, req{method: "GET", path: "/api/me", token: k2.Token}).decode(t, &me)
	if toks, _ := h.st.Tokens(ctx, h.users["alice"].user.ID); len(toks) != 2 { // "tests" and "ci"
		t.Errorf("alice has %d tokens after a repeated key, want 2", len(toks))
	}

	bad := h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "bob",
		body: map[string]any{"body": "A key with a space."}, header: keyed("has space")})
	if code, fields := bad.errorCode(t); code != CodeInvalid || fields["idempotency_key"] == "" {
		t.Errorf("bad key: code %q fields %v", code, fields)
	}
	if n, err := h.svc.SweepKeys(ctx); err != nil || n != 0 {
		t.Errorf("sweep of fresh keys deleted %d (%v), want 0", n, err)
	}
}

// TestReadSurvivesFailingWrites: with every write failing (a full disk),
// a request authenticated by a token that was never used still reads,
// because the token's last use is recorded later, in a batch.
func TestReadSurvivesFailingWrites(t *testing.T) {
	var f *faults.Store
	h := newHarness(t, withFaults(&f))
	ctx := context.Background()
	f.FailWrites()
	var me MeDTO
	h.must(http.StatusOK, req{method: "GET", path: "/api/me", as: "bob"}).decode(t, &me)
	if me.Username != "bob" {
		t.Fatalf("read as %q", me.Username)
	}
	cookie, _ := h.session("alice")
	h.must(http.StatusOK, req{method: "GET", path: "/api/me", cookie: cookie})
	if err := h.svc.Usage().Flush(ctx); err == nil {
		t.Fatal("flush with writes failing reported success")
	}
	f.Heal()
	if err := h.svc.Usage().Flush(ctx); err != nil {
		t.Fatalf("flush after the fault: %v", err)
	}
	toks, err := h.st.Tokens(ctx, h.users["bob"].user.ID)
	if err != nil || len(toks) != 1 || time.Since(toks[0].LastUsed) > time.Hour {
		t.Errorf("bob's token after the flush: %+v (%v), want its use recorded", toks, err)
	}
}
