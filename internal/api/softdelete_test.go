package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// TestSoftDeleteAPIAuthorization tries restore, purge and the deleted
// list as every kind of actor.
func TestSoftDeleteAPIAuthorization(t *testing.T) {
	h := newHarness(t)
	h.addUser("ada", forum.RoleAdmin)
	w := h.thread("alice", "Thread with replies to delete", "bob", "bob", "bob", "bob")
	restorable := h.postID(w.ThreadID, 2)
	actors := []string{"", "alice", "bob", "carol", "maria", "ada"}
	want := map[string]int{"": 401, "alice": 403, "bob": 403, "carol": 403, "maria": 200, "ada": 200}
	for _, as := range actors {
		// bob deletes his reply again (404 once it is already deleted).
		h.do(req{method: "DELETE", path: "/api/posts/" + itoa(restorable), as: "bob"})
		if res := h.do(req{method: "POST", path: "/api/posts/" + itoa(restorable) + "/restore", as: as}); res.status != want[as] {
			t.Errorf("restore as %q: %d, want %d\n%s", as, res.status, want[as], res.body)
		}
	}
	purgeable := map[string]int64{"maria": h.postID(w.ThreadID, 3), "ada": h.postID(w.ThreadID, 4)}
	other := h.postID(w.ThreadID, 5)
	for _, id := range []int64{purgeable["maria"], purgeable["ada"], other} {
		h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/posts/" + itoa(id), as: "bob"})
	}
	want = map[string]int{"": 401, "alice": 403, "bob": 403, "carol": 403, "maria": 204, "ada": 204}
	for _, as := range actors {
		id := other
		if p, ok := purgeable[as]; ok {
			id = p
		}
		if res := h.do(req{method: "POST", path: "/api/posts/" + itoa(id) + "/purge", as: as}); res.status != want[as] {
			t.Errorf("purge as %q: %d, want %d\n%s", as, res.status, want[as], res.body)
		}
	}
	want = map[string]int{"": 401, "alice": 403, "bob": 403, "carol": 403, "maria": 200, "ada": 200}
	for _, as := range actors {
		if res := h.do(req{method: "GET", path: "/api/admin/deleted", as: as}); res.status != want[as] {
			t.Errorf("deleted list as %q: %d, want %d\n%s", as, res.status, want[as], res.body)
		}
	}
	checkCounters(t, h)
}

func checkCounters(t *testing.T, h *harness) {
	t.Helper()
	problems, err := h.st.CheckCounters(context.Background())
	if err != nil || len(problems) > 0 {
		t.Fatalf("counters: %v %v", problems, err)
	}
}

// TestSoftDeleteAPI walks a thread through withdrawal by its author, a
// moderator's unconfirmed and confirmed delete, the deleted list and a
// restore, checking what visitors see and the counters at each step.
func TestSoftDeleteAPI(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Thread others answered", "bob")
	op, reply := w.PostID, h.postID(w.ThreadID, 2)

	// The author withdraws the opening post: the thread and bob's reply stay.
	h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/posts/" + itoa(op), as: "alice"})
	var tp ThreadPageDTO
	h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)}).decode(t, &tp)
	if len(tp.Posts) != 2 || tp.Posts[0].Deleted || !strings.Contains(tp.Posts[0].HTML, "withdrew") || tp.Posts[1].Deleted {
		t.Fatalf("after withdrawal: %+v", tp.Posts)
	}
	checkCounters(t, h)

	// A moderator must confirm deleting the whole thread.
	res := h.must(http.StatusConflict, req{method: "DELETE", path: "/api/posts/" + itoa(op), as: "maria"})
	if code, fields := res.errorCode(t); code != CodeConflict || !strings.Contains(fields["confirm"], "1 replies") {
		t.Errorf("unconfirmed delete: %s %v", code, fields)
	}
	h.must(http.StatusBadRequest, req{method: "DELETE", path: "/api/posts/" + itoa(op) + "?confirm=maybe", as: "maria"})
	h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/posts/" + itoa(op) + "?confirm=true", as: "maria"})
	h.must(http.StatusNotFound, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)})
	h.must(http.StatusNotFound, req{method: "GET", path: "/api/posts/" + itoa(reply)})
	checkCounters(t, h)

	var list struct {
		Deleted []struct {
			PostID    int64  `json:"post_id"`
			Number    int    `json:"number"`
			DeletedBy string `json:"deleted_by"`
		} `json:"deleted"`
	}
	h.must(http.StatusOK, req{method: "GET", path: "/api/admin/deleted", as: "maria"}).decode(t, &list)
	if len(list.Deleted) != 1 || list.Deleted[0].PostID != op || list.Deleted[0].Number != 1 || list.Deleted[0].DeletedBy != "maria" {
		t.Fatalf("deleted list: %+v", list.Deleted)
	}
	h.must(http.StatusNotFound, req{method: "POST", path: "/api/posts/" + itoa(reply) + "/restore", as: "maria"})
	h.must(http.StatusOK, req{method: "POST", path: "/api/posts/" + itoa(op) + "/restore", as: "maria"})
	h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)}).decode(t, &tp)
	if len(tp.Posts) != 2 || tp.Posts[1].Deleted {
		t.Fatalf("after restore: %+v", tp.Posts)
	}
	h.must(http.StatusNotFound, req{method: "POST", path: "/api/posts/" + itoa(op) + "/restore", as: "maria"})
	h.must(http.StatusNotFound, req{method: "POST", path: "/api/posts/" + itoa(op) + "/purge", as: "maria"})
	checkCounters(t, h)

	log, err := h.svc.AuditLog(context.Background(), h.users["maria"].user, forum.AuditFilter{Action: "thread."})
	if err != nil || len(log) != 1 || log[0].Action != "thread.delete" {
		t.Fatalf("audit: %+v %v", log, err)
	}
	log, err = h.svc.AuditLog(context.Background(), h.users["maria"].user, forum.AuditFilter{Action: "post.restore"})
	if err != nil || len(log) != 1 {
		t.Fatalf("restore audit: %+v %v", log, err)
	}
}

// TestPurgeExpired runs the retention job's work: only deletes older than
// the retention go, as the system in the audit log, and a purged reply
// cannot be restored.
func TestPurgeExpired(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	h := newHarness(t, func(c *forum.Config) { c.Now = func() time.Time { return now } })
	w := h.thread("alice", "Thread with old and new deletes", "bob", "bob")
	old, recent := h.postID(w.ThreadID, 2), h.postID(w.ThreadID, 3)
	h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/posts/" + itoa(old), as: "bob"})
	now = now.Add(20 * 24 * time.Hour)
	h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/posts/" + itoa(recent), as: "bob"})
	now = now.Add(11 * 24 * time.Hour)
	ctx := context.Background()
	n, err := h.svc.PurgeExpired(ctx, 30*24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want 1", n, err)
	}
	if n, err := h.svc.PurgeExpired(ctx, 0); err != nil || n != 0 {
		t.Fatalf("retention 0 purged %d, %v", n, err)
	}
	h.must(http.StatusNotFound, req{method: "POST", path: "/api/posts/" + itoa(old) + "/restore", as: "maria"})
	h.must(http.StatusOK, req{method: "POST", path: "/api/posts/" + itoa(recent) + "/restore", as: "maria"})
	log, err := h.svc.AuditLog(ctx, h.users["maria"].user, forum.AuditFilter{Action: "post.purge"})
	if err != nil || len(log) != 1 || log[0].ActorID != 0 || log[0].TargetID != old {
		t.Fatalf("purge audit: %+v %v", log, err)
	}
	checkCounters(t, h)
}
